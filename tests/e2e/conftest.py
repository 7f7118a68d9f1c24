"""Browser tests: Playwright drives Debian's Chromium against the live server, and
axe-core checks every page a test visits.

Without Chromium or axe-core the tests are skipped with the reason, except under
CI (CI=true), where they must run.
"""

import json
import os
import shutil
from base64 import b32decode
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason):
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} Browser tests must run under CI.")
    pytest.skip(reason)


def chromium_path():
    for candidate in [
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]:
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        _unavailable(
            "Chromium is not installed (Debian: apt-get install chromium), so the "
            "browser tests are skipped."
        )
    if not AXE_SCRIPT.exists():
        _unavailable(
            "axe-core is not installed (npm install), so the browser tests are skipped."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(
            "Playwright is not installed (pip install -r requirements-dev.txt)."
        )

    from django.db import connections

    # Django keeps database connections in context-local storage, and starting
    # Playwright's sync API gives this thread a new context. Hand the test
    # database's connections over, or the tests would open fresh ones that have
    # lost the state pytest-django keeps on them (the serialized rollback data).
    handed_over = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in handed_over.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


# Every page the site serves is held to its content security policy: a report
# of a blocked script, style, image or frame fails the test that caused it.
POLICY_WORDS = ("Content Security Policy", "Refused to")
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(
        `Content Security Policy violation: ${event.violatedDirective} blocked ` +
        `${event.blockedURI || "inline"} at ${event.sourceFile || event.documentURI}` +
        `:${event.lineNumber}:${event.columnNumber}` +
        (event.target.outerHTML ? ` on ${event.target.outerHTML.slice(0, 160)}` : "")
    );
});
"""


def watch_the_policy(context):
    """Collect every report of the content security policy in this browser."""
    reports = []

    def heard(text, where):
        if any(words in text for words in POLICY_WORDS):
            reports.append(f"{where}: {text}")

    def watch(page):
        page.on("console", lambda message: heard(message.text, page.url))
        page.on("pageerror", lambda error: heard(str(error), page.url))

    context.add_init_script(REPORT_VIOLATIONS)
    context.on("page", watch)
    return reports


def no_policy_violations(reports):
    if reports:
        pytest.fail(
            "The content security policy blocked something:\n" + "\n".join(reports)
        )


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    reports = watch_the_policy(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    no_policy_violations(reports)


@pytest.fixture
def new_page(browser, live_server):
    """Open another browser, as a second person at another desk would."""
    contexts = []
    reports = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        contexts.append((context, watch_the_policy(context)))
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context, heard in contexts:
        context.close()
        reports.extend(heard)
    no_policy_violations(reports)


class AccessibilityViolations(AssertionError):
    pass


def check_page(page, name):
    """Screenshot the page and fail on any axe-core violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Judge the page as it settles, not halfway through a fade-in.
    page.evaluate(
        """() => Promise.race([
            Promise.all(
                document.getAnimations()
                    .filter(a => a.effect?.getTiming().iterations !== Infinity)
                    .map(a => a.finished.catch(() => null))
            ),
            new Promise(resolve => setTimeout(resolve, 2000)),
        ])"""
    )
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    # Evaluated by the browser's tools rather than added as a <script> to the
    # page, whose content security policy refuses inline scripts.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    violations = [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
    if violations:
        raise AccessibilityViolations(
            f"axe found violations on {page.url}:\n{json.dumps(violations, indent=2)}"
        )


def sign_in(page, email, password):
    """Sign in at /accounts/login/; staff (and members who turned it on) then
    give their second factor on the page that asks for it, as people do."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if urlparse(page.url).path == "/accounts/two-factor/":
        give_second_factor(page, email)


def give_second_factor(page, email):
    """Type the code the person's authenticator app shows. Someone with no app
    yet sets one up from the key the page shows, as they would on a phone, and
    says they have kept their recovery codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.second_factor import code_for_key, current_code

    key = page.locator("#two-factor-secret")
    if key.count():
        secret = b32decode(key.inner_text().replace(" ", ""))
        page.get_by_label("Code from the app").fill(code_for_key(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Turn on two-factor sign-in").click()
        with page.expect_navigation():
            page.get_by_role("button", name="I have kept my recovery codes").click()
        return
    device = TOTPDevice.objects.get(user__email__iexact=email.strip(), confirmed=True)
    page.locator("#id_code").fill(current_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
