"""Tests: fast hashing, local e-mail outbox, a fixed key; the database comes from
DATABASE_URL like everywhere else so the same suite runs on PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-secret-key-with-enough-length-to-be-plausible-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the apps' folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private-media"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "compendium.sqlite":  # noqa: F405
    # In memory, as Django's own SQLite backend tests; said outright so that
    # pytest-xdist's workers (which rename any other test database per
    # worker) each keep a database in their own memory.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
