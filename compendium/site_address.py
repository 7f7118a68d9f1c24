"""The site's own address, for links made outside a request: e-mails, the
PDF, the download files, cache purges and the demo's instructions. SITE_URL
sets it (the WAGTAILADMIN_BASE_URL setting, which Wagtail's own e-mails use)."""

from django.conf import settings


def site_url(path=""):
    """`path`, from the site's root (such as "/compendium/"), as an absolute
    address; the site's root without a trailing slash when no path is given."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
