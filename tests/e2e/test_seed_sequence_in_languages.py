"""The compendium's own sequence, once in French and once in Arabic: the Office
opens a feedback round on a pre-publication edition, a Member State's focal
point reads it and sends feedback in their language, completes its review, the
Office releases the official edition, and the public reads it, changes and
entry, under the language's own addresses. Every page is checked by axe and
kept as a screenshot (right to left for Arabic)."""

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from compendium import editions
from compendium.choices import EditionKind
from compendium.models import Edition
from compendium.templatetags.site_links import isolate
from demo.pages import seed_page_translations
from review.models import Feedback
from tests.compendium.factories import publish_entry
from tests.contributions.factories import PASSWORD, MembershipFactory
from tests.e2e.conftest import check_page, sign_in
from tests.review.factories import feedback_round

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def speaking(code):
    """The catalogue's words in language `code`, as the pages show them."""

    def words(message, **values):
        with translation.override(code):
            text = translation.gettext(message)
            # Codes keep their own direction in right-to-left sentences.
            values = {name: isolate(value) for name, value in values.items()}
        return text % values if values else text

    return words


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_the_seed_sequence_in_a_language(new_page, ghana, publisher, code):
    t = speaking(code)
    direction = "rtl" if code == "ar" else "ltr"
    entry = publish_entry(
        title="National early warning committee",
        summary="A committee that monitors risk factors.",
        reference="CP-0001",
        countries=["GHA"],
    )
    pre = Edition.objects.create(
        label="2015-pre", title="Preliminary version", kind=EditionKind.PRE_PUBLICATION
    )
    round_ = feedback_round(
        pre,
        [ghana],
        opens=-datetime.timedelta(minutes=5),
        closes=datetime.timedelta(days=7),
        instructions="",
    )
    seed_page_translations()
    focal = MembershipFactory(organisation=ghana, focal_point=True).user
    language_name = "Français" if code == "fr" else "العربيّة"

    # The Office opens the round, in the language its profile names (which
    # Wagtail's account settings set).
    office = new_page()
    sign_in(office, publisher.email, PASSWORD)
    UserProfile.objects.update_or_create(
        user=publisher, defaults={"preferred_language": code}
    )
    office.goto(f"/admin/feedback_round/inspect/{round_.pk}/")
    expect(office.locator("html")).to_have_attribute("lang", code)
    check_page(office, f"{code}-admin-round")
    opening = t("Open the round and tell the participants")
    office.get_by_role("button", name=opening).click()
    opened = t("The round is open; the participants' focal points are told.")
    expect(office.get_by_text(opened)).to_be_visible()

    # Ghana's focal point reads the edition and sends feedback.
    # Ghana's focal point signs in and chooses the language with the switcher.
    ghana_page = new_page()
    sign_in(ghana_page, focal.email, PASSWORD)
    ghana_page.goto(f"/contribute/rounds/{round_.pk}/")
    ghana_page.get_by_role("navigation", name="Language").get_by_role(
        "button", name=language_name
    ).click()
    expect(ghana_page.locator("html")).to_have_attribute("lang", code)
    assert UserProfile.objects.get(user=focal).preferred_language == code
    expect(ghana_page.locator("html")).to_have_attribute("dir", direction)
    expect(ghana_page.get_by_text(t("Open for feedback."))).to_be_visible()
    check_page(ghana_page, f"{code}-portal-round")
    ghana_page.get_by_role("combobox", name=t("Entry")).select_option(entry.reference)
    ghana_page.get_by_role("textbox", name=t("Your feedback")).fill(
        "Ajouter que le comité rend compte au parlement."
        if code == "fr"
        else "يرجى ذكر أن اللجنة تقدم تقاريرها إلى البرلمان."
    )
    ghana_page.get_by_role("button", name=t("Send feedback"), exact=True).click()
    expect(
        ghana_page.get_by_text(t("Thank you: your feedback has reached the Office."))
    ).to_be_visible()
    ghana_page.get_by_role("button", name=t("Mark our review complete")).click()
    expect(
        ghana_page.get_by_text(t("Your organisation's review is marked complete."))
    ).to_be_visible()
    check_page(ghana_page, f"{code}-portal-round-completed")
    assert Feedback.objects.filter(organisation=ghana).count() == 1

    # The Office releases the official edition; the public reads it in the
    # language of the address.
    editions.release(actor=publisher, edition=pre)
    official = Edition.objects.create(
        label="1.0", title="First official version", kind=EditionKind.OFFICIAL
    )
    editions.release(actor=publisher, edition=official)
    visitor = new_page()
    visitor.goto(f"/{code}/")
    expect(visitor.locator("html")).to_have_attribute("dir", direction)
    check_page(visitor, f"{code}-home")
    visitor.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t("Compendium")
    ).click()
    assert visitor.url.endswith(f"/{code}/compendium/")
    check_page(visitor, f"{code}-browse")
    visitor.goto(f"/{code}/compendium/editions/1.0/changes/")
    expect(
        visitor.get_by_text(
            t(
                "Edition %(label)s is the first public edition: every entry is new.",
                label="1.0",
            )
        )
    ).to_be_visible()
    check_page(visitor, f"{code}-changes")
    visitor.goto(f"/{code}/compendium/entries/CP-0001/")
    check_page(visitor, f"{code}-entry")
    # The switcher leads to the same entry in English, named in English.
    visitor.get_by_role("navigation", name=t("Language")).get_by_role(
        "link", name="English"
    ).click()
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    assert visitor.url.endswith("/compendium/entries/CP-0001/")
    # A phone-width look at the translated home page.
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"/{code}/compendium/")
    check_page(phone, f"{code}-browse-phone")
