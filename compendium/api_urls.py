from .api import urlpatterns as api_urlpatterns

app_name = "api_v1"

urlpatterns = api_urlpatterns()
