"""Settings shared by every environment.

Everything that differs between machines comes from environment variables; the
defaults here are safe for development and never contain a secret.
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # Project apps first so their templates override Wagtail's and Django's.
    "compendium",
    "accounts",
    "contributions",
    "review",
    "dialogues",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    # The Office translates the editorial pages (home, About) into each language.
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI, served from the site itself for /api/v1/docs/.
    "drf_spectacular_sidecar",
    "reversion",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # The visitor's own address in REMOTE_ADDR behind the proxies named in
    # TRUSTED_PROXIES, before anything counts or logs it (compendium/proxies.py).
    "compendium.proxies.ForwardedClientMiddleware",
    # An id for each request, in its answer and in every log line written for
    # it (compendium/request_ids.py); first, so that pages kept by the page
    # cache never keep one request's id.
    "compendium.request_ids.RequestIdMiddleware",
    # Cache-Control, ETag and 304s for visitors' public pages, those the page
    # cache answers included (compendium/http_caching.py).
    "compendium.http_caching.PublicCachingMiddleware",
    # Visitors' pages of released editions, answered first; a page is kept with
    # every header the rest of this list gave it, security headers included.
    "compendium.page_cache.CachedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The content security policy (compendium/security.py), inside the page
    # cache so that a kept page keeps its header.
    "compendium.security.ContentSecurityPolicyMiddleware",
    # Before anything reads the session cookie or the database.
    "contributions.middleware.NulCharacterMiddleware",
    # What is typed into an admin search box, cut to a length every search takes.
    "compendium.search_boxes.AdminSearchLengthMiddleware",
    # Cache-Control: private, no-store for signed-in people, the portal, the
    # sign-in pages and the admin; outside the session, so it sees every answer.
    "compendium.security.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Which language a request is read in: the URL's for public pages, the
    # person's for the portal, the sign-in pages and the admin.
    "compendium.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a session verified by a second factor; then staff (and members who
    # turned it on) reach nothing but the two-factor page until they give it.
    "django_otp.middleware.OTPMiddleware",
    "contributions.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compendium.urls"
WSGI_APPLICATION = "compendium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, using the SQLite library's own limit on query variables.
    DATABASES["default"]["ENGINE"] = "compendium.sqlite"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several sites (or `make prod-local` beside its test) may share
            # one Redis.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "compendium"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts: people sign in with their e-mail address.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out sign-in never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "contributions:dashboard"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_VALIDITY = timedelta(
    days=int(os.environ.get("INVITATION_VALIDITY_DAYS", "7"))
)

# Login throttling: five failures lock that e-mail address from that client for
# fifteen minutes. Locking by the pair spares colleagues behind a mission's
# shared address while still stopping guessing at one account.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Sign-in forms post the e-mail address in the "username" field (Django and Wagtail).
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False
# Failures count against the address as accounts know it (no surrounding spaces,
# lower case), so a lockout holds whichever way the address is typed.
AXES_USERNAME_CALLABLE = "accounts.identity.axes_username"
# Wrong second-factor codes count as failures too, and a correct password clears
# the count only once the second factor is given (accounts/two_factor.py).
AXES_HANDLER = "accounts.two_factor.SecondFactorAxesHandler"

# Two-factor sign-in (django-otp): an authenticator app (TOTP) and recovery codes.
# The name people see for the account in their app:
OTP_TOTP_ISSUER = "R2P Compendium of Practice"


def env_rate(name, default):
    """A rate limit from the environment: "N/s", "N/m", "N/h" or "N/d"."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\d+/[smhd]", value):
        raise ImproperlyConfigured(f'{name} must read like "10/h", not "{value}".')
    return value


# The shared cache's addresses (Varnish, a CDN's, a load balancer's), comma
# separated, single addresses or networks: behind them the client's address is
# read from X-Forwarded-For (compendium/proxies.py). Empty: the header is ignored.
TRUSTED_PROXIES = [
    entry.strip()
    for entry in os.environ.get("TRUSTED_PROXIES", "").split(",")
    if entry.strip()
]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f'TRUSTED_PROXIES names addresses or networks ("127.0.0.1", '
            f'"10.0.0.0/8"), not "{_proxy}".'
        ) from None

# Limits, counted in the shared cache by client address (REMOTE_ADDR, as for the
# sign-in lockout; behind TRUSTED_PROXIES the visitor's own), by e-mail address
# or by inviting person. A password reset past its limit sends nothing but
# answers as usual; see "Limits" in the README.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_rate("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3/h")
PASSWORD_RESET_LIMIT_PER_CLIENT = env_rate("PASSWORD_RESET_LIMIT_PER_CLIENT", "10/h")
INVITATION_LIMIT_PER_INVITER = env_rate("INVITATION_LIMIT_PER_INVITER", "20/h")
INVITATION_LIMIT_PER_ADDRESS = env_rate("INVITATION_LIMIT_PER_ADDRESS", "5/d")
API_LIMIT_PER_CLIENT = env_rate("API_LIMIT_PER_CLIENT", "120/m")
# Wagtail's own password-reset page (/admin/password_reset/) counts in the same limits.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.password_reset.AdminPasswordResetForm"  # noqa: S105 a class

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content security policy (django-csp) of the public site and the portal: the
# site's own scripts, styles, images and fonts, nothing inline, nothing from
# another site, framed by nobody. The admin's looser policy is in
# compendium/security.py; "Security headers" in the README.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates read one way per language: compendium/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["compendium.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


def s3_storages(bucket, endpoint_url=None, region=None, addressing_style=None):
    """The two file storages in an S3-compatible bucket (django-storages):
    "default" (edition PDFs and downloads, Wagtail's documents and images) under
    media/, "private" (attachments, import files) under private/. Every object
    is private: files are streamed by the views that check who is asking, and a
    signed address, where one is made, lasts S3_SIGNED_URL_SECONDS."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "addressing_style": addressing_style or None,
        "default_acl": "private",
        "querystring_auth": True,
        "signature_version": "s3v4",
        "querystring_expire": int(os.environ.get("S3_SIGNED_URL_SECONDS", "300")),
        "file_overwrite": False,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {**common, "location": "media"}},
        "private": {"BACKEND": backend, "OPTIONS": {**common, "location": "private"}},
    }


# Files on an S3-compatible bucket when S3_BUCKET is set; the keys come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role), read by
# boto3 itself. Unset, files stay on the local disk (MEDIA_ROOT and
# PRIVATE_MEDIA_ROOT). "Files on object storage" in the README.
if os.environ.get("S3_BUCKET"):
    STORAGES.update(
        s3_storages(
            os.environ["S3_BUCKET"],
            endpoint_url=os.environ.get("S3_ENDPOINT_URL"),
            region=os.environ.get("S3_REGION"),
            addressing_style=os.environ.get("S3_ADDRESSING_STYLE"),
        )
    )

# E-mail: console in development; set EMAIL_HOST (and friends) for real delivery.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "R2P Compendium <compendium@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The open-data API (compendium/api.py): read-only JSON with an OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
    # Each client's requests are counted by REMOTE_ADDR, which already holds
    # the visitor's own address behind TRUSTED_PROXIES (compendium/proxies.py).
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {"open_data": API_LIMIT_PER_CLIENT},
}
# The licence the compendium's released content and open data are published
# under: stated by the API's page, the pages' structured data (JSON-LD) and the
# citation sections. The Office may name another one here.
COMPENDIUM_LICENCE_NAME = os.environ.get(
    "COMPENDIUM_LICENCE_NAME", "Creative Commons Attribution 3.0 IGO (CC BY 3.0 IGO)"
)
COMPENDIUM_LICENCE_URL = os.environ.get(
    "COMPENDIUM_LICENCE_URL", "https://creativecommons.org/licenses/by/3.0/igo/"
)
SPECTACULAR_SETTINGS = {
    "TITLE": "R2P Compendium of Practice — open data",
    "DESCRIPTION": "Released editions of the compendium, their entries, the taxonomy "
    "and the contributing organisations. Public fields only, read-only, no key "
    "needed.\n\n"
    f"**Licence:** [{COMPENDIUM_LICENCE_NAME}]({COMPENDIUM_LICENCE_URL}). Cite "
    "the edition you used; each entry's `url` is its stable address in it.\n\n"
    f"**Limits:** {API_LIMIT_PER_CLIENT} requests per client (requests/period: "
    "s, m, h, d), counted for every process together; past it, 429 with "
    "Retry-After and `retry_after` in seconds. Answers carry an ETag: "
    "If-None-Match gets 304 when nothing changed.",
    "LICENSE": {"name": COMPENDIUM_LICENCE_NAME, "url": COMPENDIUM_LICENCE_URL},
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["compendium.api.only_open_data"],
}

# Background work (digests now; imports and the PDF edition later) goes through
# django-tasks. Development runs tasks at once in the request; production keeps them
# in the database for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# How old the database worker's heartbeat may be before /health/ready fails.
WORKER_HEARTBEAT_STALE_AFTER = int(os.environ.get("WORKER_HEARTBEAT_STALE_AFTER", "60"))
# How often the worker records its heartbeat (seconds), and how many times a task
# that is safe to run again is started before a worker dying under it makes it
# fail (compendium/workers.py).
WORKER_HEARTBEAT_INTERVAL = float(os.environ.get("WORKER_HEARTBEAT_INTERVAL", "10"))
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "3"))

# Visitors' public pages: seconds browsers (max-age) and shared caches such as
# Varnish or a CDN (s-maxage) may keep them. Shared caches are told when a
# release or a page edit changes a page (FRONTEND_CACHE_PURGE_URL), so they may
# keep pages longer. Browsers, which nobody tells, ask again each time by
# default (a 304 when nothing changed), so a reader sees a release at once.
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "0"))
PUBLIC_S_MAXAGE = int(os.environ.get("PUBLIC_S_MAXAGE", "3600"))

# Where to send PURGE requests for the pages that change (Varnish's address,
# e.g. http://127.0.0.1:6081): Wagtail's frontend cache invalidation. A CDN is
# configured in WAGTAILFRONTENDCACHE by the deployment's own settings.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
WAGTAILFRONTENDCACHE = (
    {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = _("R2P Compendium of Practice")
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Wagtail's search of its own listings (documents, images, pages): PostgreSQL's
# full text there; on SQLite a plain comparison of each field, as Wagtail's
# FTS5 backend fails on quotes, colons or brackets and on searches limited to
# some fields. The compendium's own search is compendium/search.py.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database.fallback"
        if DATABASES["default"]["ENGINE"] == "compendium.sqlite"
        else "wagtail.search.backends.database"
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx"]
# Editorial pages in the six languages: one page tree per locale, served under
# the URL's language prefix (compendium/languages.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILUSERS_PASSWORD_ENABLED = True
# No avatar is fetched from another site: people without one get Wagtail's own.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Log lines carry the id of the request (or of the request that queued the
# task) they were written for: plain text by default, JSON objects one a line
# with LOG_FORMAT=json (the default of the production settings).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "pdf_not_ready": {"()": "compendium.log_filters.PdfNotReadyIsNotAnError"},
        "request_id": {"()": "compendium.request_ids.RequestIdFilter"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "compendium.log_format.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "loggers": {"django.request": {"filters": ["pdf_not_ready"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Error reports to Sentry (or a service speaking its protocol) when SENTRY_DSN
# is set and sentry-sdk is installed (pip install sentry-sdk; it is not in the
# requirements): compendium/error_reports.py.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")

# Attachments are kept outside MEDIA_ROOT and served only through a view that checks
# who may see the entry.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")
)
