"""The six languages: which one a request is read in, and switching between them.

Public pages carry their language in the URL: English without a prefix
(/compendium/…), the five others under theirs (/fr/compendium/…, /zh-hans/…). So
a link, a bookmark, a shared cache and a search engine each see one language per
address, and nothing on a public page varies with the browser.

The portal, the sign-in pages and the admin are not public: they follow the
person. Signed in, the language chosen on their profile (Wagtail's user profile,
which the admin reads too, copied into the session at sign-in so no request pays
a query for it); before that, the one chosen on this browser (Django's language
cookie) or the one the browser asks for (Accept-Language); else English.
"""

from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, get_resolver, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.views.decorators.http import require_POST

from .localized import languages

SESSION_KEY = "language"


def in_english(function):
    """Run `function` in English whatever the request's language: for what is
    made once for every reader (released content, download files). A fresh
    override each call, as one shared instance is not safe across threads."""

    @wraps(function)
    def wrapped(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapped


def is_known(code):
    """Whether `code` is exactly one of the six codes (a stored choice, a form's)."""
    return bool(code) and code in languages()


def name_in_itself(code):
    """A language's name as its readers write it: "Français", "العربية", "中文"."""
    return capfirst(get_language_info(code)["name_local"])


@lru_cache(maxsize=8)
def _personal_patterns(urlconf):
    """The URL conf's top-level patterns outside `i18n_patterns`: the portal,
    accounts, the admin, the API and the site's plumbing (robots, sitemaps)."""
    return [
        pattern
        for pattern in get_resolver(urlconf).url_patterns
        if not isinstance(pattern.pattern, LocalePrefixPattern)
    ]


def is_public_path(path, urlconf=None):
    """Whether `path` is a public page, whose language is the URL's."""
    path = path.lstrip("/")
    return not any(
        pattern.pattern.match(path)
        for pattern in _personal_patterns(urlconf or settings.ROOT_URLCONF)
    )


def language_of_path(path):
    """The language a public page at `path` is in: its prefix's, else English."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def language_of(user):
    """The language to write to this person in (e-mails, digests): the one on
    their profile, else English."""
    return languages_of([user])[user.pk]


def languages_of(users):
    """{user pk: language} for many people in one query."""
    from wagtail.users.models import UserProfile

    chosen = dict(
        UserProfile.objects.filter(user__in=users).values_list(
            "user_id", "preferred_language"
        )
    )
    return {
        user.pk: chosen.get(user.pk)
        if is_known(chosen.get(user.pk) or "")
        else settings.LANGUAGE_CODE
        for user in users
    }


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, choosing the language as this module says."""

    def process_request(self, request):
        if is_public_path(request.path_info, getattr(request, "urlconf", None)):
            language = language_of_path(request.path_info)
        else:
            chosen = request.session.get(SESSION_KEY)
            language = (
                chosen
                if chosen and is_known(chosen)
                else translation.get_language_from_request(request)
            )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # A public page's language is its URL's: it varies with nothing the
        # browser sends, so shared caches keep one copy per address.
        if not is_public_path(request.path_info, getattr(request, "urlconf", None)):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


@receiver(user_logged_in)
def _remember_profile_language(sender, request, user, **kwargs):
    """Copy the profile's language into the session at sign-in."""
    from wagtail.users.models import UserProfile

    if request is None or not hasattr(request, "session"):
        return
    chosen = (
        UserProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    if chosen and is_known(chosen):
        request.session[SESSION_KEY] = chosen


def switcher(request, page=None):
    """The languages to offer on this page, each named in itself: the same page
    in that language for public pages (a link), else a choice the person makes
    (a button that remembers it)."""
    current = translation.get_language()
    public = is_public_path(request.path_info, getattr(request, "urlconf", None))
    choices = []
    for code in languages():
        choices.append(
            {
                "code": code,
                "name": name_in_itself(code),
                "bidi": get_language_info(code)["bidi"],
                "current": code == current,
                "url": public_url(request, code, page) if public else None,
            }
        )
    return {"public": public, "languages": choices, "next": request.get_full_path()}


def public_url(request, code, page=None):
    """This public page in language `code`: the page's translation for an
    editorial page (its home page's if it has none yet), else the same path
    under the language's prefix, with the same query."""
    if page is not None:
        from wagtail.models import Locale

        locale = Locale.objects.filter(language_code=code).first()
        translated = page.get_translation_or_none(locale) if locale else None
        if translated is None or not translated.live:
            return translate_url("/", code)
        return translated.get_url(request)
    return translate_url(request.get_full_path(), code)


@require_POST
def choose_language(request):
    """Remember the language a person chose: on their profile when signed in,
    on this browser in any case; then back where they were, in that language."""
    code = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if not is_known(code):
        return HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(request.user)
        profile.preferred_language = code
        profile.save(update_fields=["preferred_language"])
        request.session[SESSION_KEY] = code
    path = next_url.split("?")[0]
    if is_public_path(path):
        # Resolved in the language it is written in, made again in the chosen one.
        with translation.override(language_of_path(path)):
            next_url = translate_url(next_url, code)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
