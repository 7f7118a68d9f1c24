"""Production: secrets and hosts come from the environment, or the process refuses
to start; HTTPS everywhere behind the proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable.")

DEBUG = False
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# The load balancer and the service manager ask over plain HTTP on the host.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Only `make prod-local`, served over plain HTTP on this machine, turns these off.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = os.environ.get(  # noqa: F405
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
# JSON log lines unless LOG_FORMAT says otherwise (LOG_FORMAT=plain).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = (  # noqa: F405
    "json" if LOG_FORMAT == "json" else "plain"
)
# The database backend of django-tasks, keeping each task's request id.
TASKS["default"]["BACKEND"] = os.environ.get(  # noqa: F405
    "TASKS_BACKEND", "compendium.task_backends.DatabaseBackend"
)

if SENTRY_DSN:  # noqa: F405
    from compendium.error_reports import start_error_reports

    start_error_reports(SENTRY_DSN)  # noqa: F405
