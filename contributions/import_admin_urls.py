from django.urls import path

from .views import imports

app_name = "imports"

urlpatterns = [
    path("", imports.ImportIndexView.as_view(), name="index"),
    path(
        "template/<str:kind>.<str:extension>",
        imports.import_template,
        name="template",
    ),
    path("<int:pk>/", imports.ImportJobView.as_view(), name="job"),
    path("<int:pk>/confirm/", imports.confirm_import, name="confirm"),
    path("<int:pk>/cancel/", imports.cancel_import, name="cancel"),
]
