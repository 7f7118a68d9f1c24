"""Reference data that entries or their versions name is retired, never
deleted: it leaves new choices, what has it keeps it, and restoring any version
works or says what it had to leave out."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.models import Organisation
from compendium import retiring
from compendium.models import (
    AtrocityCrime,
    CompendiumEntry,
    Country,
    Pillar,
    PracticeArea,
    Priority,
    Region,
    SecretaryGeneralReport,
)
from contributions import services
from contributions.choices import ImportKind
from contributions.forms import NewEntryForm, PracticeEntryForm
from contributions.imports import runner
from contributions.models import PracticeEntry
from tests.compendium.factories import publish_entry, revise_entry
from tests.contributions.factories import create_entry, edit_entry

pytestmark = pytest.mark.django_db

REFUSED = (302, "/admin/")

# (admin URL segment, model, how an entry's form names one)
REFERENCE_DATA = [
    ("pillars", Pillar, "pillars"),
    ("priorities", Priority, "priorities"),
    ("atrocity_crimes", AtrocityCrime, "crimes"),
    ("practice_areas", PracticeArea, "practice_areas"),
    ("regions", Region, "regions"),
    ("countries", Country, "countries"),
    ("sg_reports", SecretaryGeneralReport, "sg_reports"),
]


def refused(response):
    return (response.status_code, response.get("Location")) == REFUSED


@pytest.fixture
def early_warning():
    return PracticeArea.objects.get(code="early-warning")


@pytest.fixture
def arms_trade():
    return PracticeArea.objects.create(code="arms-trade", name="Arms trade controls")


def fully_classified_entry(contributor, ghana):
    """An entry that names one item of every kind of reference data."""
    return create_entry(
        contributor,
        ghana,
        crimes=[AtrocityCrime.objects.order_by("pk").first().pk],
        practice_areas=[PracticeArea.objects.order_by("pk").first().pk],
        countries=[Country.objects.get(iso3="GHA").pk],
        regions=[Region.objects.get(name="Africa").pk],
        sg_reports=[SecretaryGeneralReport.objects.order_by("pk").first().pk],
    )


def named_by(entry, field):
    return getattr(entry, field).order_by("pk").first()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def offered(form, field):
    return set(form.fields[field].queryset.values_list("pk", flat=True))


# Deleting ---------------------------------------------------------------------


@pytest.mark.parametrize(("segment", "model", "field"), REFERENCE_DATA)
def test_deleting_reference_data_an_entry_names_is_refused_in_the_admin(
    client, superuser, contributor, ghana, segment, model, field
):
    entry = fully_classified_entry(contributor, ghana)
    item = named_by(entry, field)
    client.force_login(superuser)

    page = client.get(f"/admin/{segment}/delete/{item.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "cannot be deleted" in text
    assert "Practice entries: 1" in text
    assert f"/admin/{segment}/retire/{item.pk}/" in text
    assert "Yes, delete" not in text

    response = client.post(f"/admin/{segment}/delete/{item.pk}/")
    assert response.status_code == 302
    assert any("cannot be deleted" in message for message in messages_of(response))
    assert model.objects.filter(pk=item.pk).exists()
    assert named_by(entry, field) == item


def test_a_term_only_an_earlier_version_names_cannot_be_deleted(
    client, administrator, contributor, ghana, arms_trade
):
    entry = create_entry(contributor, ghana, practice_areas=[arms_trade.pk])
    edit_entry(contributor, entry, practice_areas=[])
    assert not entry.practice_areas.exists()
    client.force_login(administrator)

    page = client.get(f"/admin/practice_areas/delete/{arms_trade.pk}/")
    assert "Versions of practice entries: 1" in page.content.decode()
    client.post(f"/admin/practice_areas/delete/{arms_trade.pk}/")
    assert PracticeArea.objects.filter(pk=arms_trade.pk).exists()


def test_a_term_only_a_compendium_revision_names_cannot_be_deleted(
    administrator, publisher, arms_trade
):
    entry = publish_entry(user=publisher)
    revise_entry(entry, user=publisher, practice_areas=[arms_trade])
    revise_entry(entry, user=publisher, practice_areas=[])
    assert not entry.practice_areas.exists()

    uses = retiring.uses_of(arms_trade)

    assert [use.label for use in uses] == ["Revisions of compendium entries"]
    assert uses[0].count == 1


def test_deleting_a_term_in_use_from_code_is_refused_and_keeps_its_links(
    contributor, ghana, early_warning
):
    entry = create_entry(contributor, ghana, practice_areas=[early_warning.pk])

    with pytest.raises(retiring.TermInUse), transaction.atomic():
        early_warning.delete()
    with pytest.raises(retiring.TermInUse), transaction.atomic():
        PracticeArea.objects.filter(pk=early_warning.pk).delete()

    assert list(entry.practice_areas.all()) == [early_warning]


def test_a_term_nothing_ever_named_may_be_deleted_by_an_administrator(
    client, administrator, arms_trade
):
    client.force_login(administrator)

    page = client.get(f"/admin/practice_areas/delete/{arms_trade.pk}/")
    assert "Yes, delete" in page.content.decode()
    response = client.post(f"/admin/practice_areas/delete/{arms_trade.pk}/")

    assert response.status_code == 302
    assert not PracticeArea.objects.filter(pk=arms_trade.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", label="Arms trade controls"
    ).exists()


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_other_staff_cannot_delete_reference_data(client, request, role, arms_trade):
    client.force_login(request.getfixturevalue(role))

    assert refused(client.post(f"/admin/practice_areas/delete/{arms_trade.pk}/"))
    assert PracticeArea.objects.filter(pk=arms_trade.pk).exists()


# Retiring and bringing back ---------------------------------------------------


@pytest.mark.parametrize(("segment", "model", "field"), REFERENCE_DATA)
def test_administrator_retires_and_brings_back_each_kind_with_the_history_kept(
    client, administrator, segment, model, field
):
    item = model.objects.order_by("pk").first()
    client.force_login(administrator)

    page = client.get(f"/admin/{segment}/retire/{item.pk}/")
    assert page.status_code == 200
    assert "Yes, retire" in page.content.decode()
    assert client.post(f"/admin/{segment}/retire/{item.pk}/").status_code == 302
    item.refresh_from_db()
    assert item.is_retired
    assert model.objects.current().filter(pk=item.pk).exists() is False
    listing = client.get(f"/admin/{segment}/").content.decode()
    assert f"/admin/{segment}/bring-back/{item.pk}/" in listing

    page = client.get(f"/admin/{segment}/bring-back/{item.pk}/")
    assert "Yes, bring back" in page.content.decode()
    assert client.post(f"/admin/{segment}/bring-back/{item.pk}/").status_code == 302
    item.refresh_from_db()
    assert not item.is_retired

    logged = list(
        ModelLogEntry.objects.for_instance(item)
        .order_by("timestamp", "pk")
        .values_list("action", "user_id")
    )
    assert logged == [
        (retiring.RETIRE, administrator.pk),
        (retiring.BRING_BACK, administrator.pk),
    ]


def test_the_edit_page_offers_retire_to_administrators(
    client, administrator, early_warning
):
    client.force_login(administrator)

    page = client.get(f"/admin/practice_areas/edit/{early_warning.pk}/")

    assert f"/admin/practice_areas/retire/{early_warning.pk}/" in page.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "publisher", "focal_point"])
def test_only_administrators_retire_or_bring_back(client, request, role, early_warning):
    client.force_login(request.getfixturevalue(role))

    for action in ("retire", "bring-back"):
        response = client.post(f"/admin/practice_areas/{action}/{early_warning.pk}/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/" or "login" in response["Location"]
    early_warning.refresh_from_db()
    assert not early_warning.is_retired
    assert not ModelLogEntry.objects.for_instance(early_warning).exists()


def test_the_retire_service_refuses_those_who_may_not_change_the_taxonomy(
    reviewer, early_warning
):
    with pytest.raises(retiring.PermissionDenied):
        retiring.retire(actor=reviewer, term=early_warning)
    early_warning.refresh_from_db()
    assert not early_warning.is_retired


# New choices ------------------------------------------------------------------


def test_a_retired_term_is_not_offered_for_a_new_entry(
    client, administrator, contributor, ghana, early_warning
):
    retiring.retire(actor=administrator, term=early_warning)
    form = NewEntryForm(organisations=Organisation.objects.filter(pk=ghana.pk))
    assert early_warning.pk not in offered(form, "practice_areas")
    assert PracticeArea.objects.current().count() == len(
        offered(form, "practice_areas")
    )

    client.force_login(contributor)
    page = client.get(reverse("contributions:entry_create"))
    assert page.status_code == 200
    assert _practice_area_inputs(page)
    assert f'value="{early_warning.pk}"' not in _practice_area_inputs(page)

    # A forged POST cannot give it either.
    from tests.contributions.factories import entry_form_data

    forged = NewEntryForm(
        entry_form_data(organisation=ghana.pk, practice_areas=[early_warning.pk]),
        organisations=Organisation.objects.filter(pk=ghana.pk),
    )
    assert not forged.is_valid()
    assert "practice_areas" in forged.errors


def _practice_area_inputs(page):
    return " ".join(
        line
        for line in page.content.decode().splitlines()
        if 'name="practice_areas"' in line
    )


def test_an_entry_keeps_a_retired_term_when_saved(
    administrator, contributor, ghana, early_warning, arms_trade
):
    entry = create_entry(contributor, ghana, practice_areas=[early_warning.pk])
    retiring.retire(actor=administrator, term=early_warning)

    form = PracticeEntryForm(instance=entry)
    assert early_warning.pk in offered(form, "practice_areas")

    edit_entry(
        contributor,
        entry,
        title="Renamed",
        practice_areas=[early_warning.pk, arms_trade.pk],
    )
    entry.refresh_from_db()
    assert entry.title == "Renamed"
    assert set(entry.practice_areas.all()) == {early_warning, arms_trade}

    # Once taken off, it is not offered again.
    edit_entry(contributor, entry, practice_areas=[arms_trade.pk])
    entry.refresh_from_db()
    assert early_warning.pk not in offered(
        PracticeEntryForm(instance=entry), "practice_areas"
    )


def test_the_compendium_entry_form_offers_retired_terms_only_to_entries_that_have_them(
    client, administrator, publisher, early_warning, arms_trade
):
    entry = publish_entry(user=publisher)
    revise_entry(entry, user=publisher, practice_areas=[early_warning])
    retiring.retire(actor=administrator, term=early_warning)
    client.force_login(publisher)

    new = client.get("/admin/snippets/compendium/compendiumentry/add/")
    assert early_warning.pk not in offered(new.context["form"], "practice_areas")
    assert arms_trade.pk in offered(new.context["form"], "practice_areas")

    edit = client.get(f"/admin/snippets/compendium/compendiumentry/edit/{entry.pk}/")
    assert early_warning.pk in offered(edit.context["form"], "practice_areas")


# Restoring --------------------------------------------------------------------


def test_restoring_a_version_that_names_a_retired_term_brings_it_back(
    administrator, contributor, ghana, early_warning
):
    entry = create_entry(contributor, ghana, practice_areas=[early_warning.pk])
    edit_entry(contributor, entry, practice_areas=[])
    retiring.retire(actor=administrator, term=early_warning)

    restored = services.restore_version(actor=contributor, entry=entry, number=1)

    assert list(restored.practice_areas.all()) == [early_warning]
    assert restored.left_out == []
    assert restored.version_number == 3


@pytest.fixture
def version_naming_a_deleted_term(administrator, contributor, ghana, arms_trade):
    """Version 1 of an entry names Arms trade controls and early warning;
    version 2 names neither; Arms trade controls was then deleted, as
    reference data could be before it was retired instead."""
    early_warning = PracticeArea.objects.get(code="early-warning")
    entry = create_entry(
        contributor, ghana, practice_areas=[arms_trade.pk, early_warning.pk]
    )
    edit_entry(contributor, entry, practice_areas=[])
    log(arms_trade, "wagtail.delete", user=administrator)
    PracticeArea.objects.filter(pk=arms_trade.pk)._raw_delete(connection.alias)
    return entry, early_warning


def test_restoring_a_version_that_names_a_deleted_term_restores_the_rest(
    contributor, version_naming_a_deleted_term
):
    entry, early_warning = version_naming_a_deleted_term

    restored = services.restore_version(actor=contributor, entry=entry, number=1)

    assert list(restored.practice_areas.all()) == [early_warning]
    assert restored.left_out == [
        "Practice area “Arms trade controls” no longer exists and was left out."
    ]
    connection.check_constraints()
    # The new version names only what exists, so it restores cleanly too.
    assert sorted(
        Version.objects.get_for_object(restored).first().field_dict["practice_areas"]
    ) == [early_warning.pk]


def test_the_portal_says_before_and_after_a_restore_what_was_left_out(
    client, contributor, version_naming_a_deleted_term
):
    entry, early_warning = version_naming_a_deleted_term
    client.force_login(contributor)
    url = reverse(
        "contributions:entry_restore",
        kwargs={"reference": entry.reference, "number": 1},
    )

    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Practice area “Arms trade controls” no longer exists and will be left out."
        in page.content.decode()
    )

    response = client.post(url)
    assert response.status_code == 302
    assert (
        "Practice area “Arms trade controls” no longer exists and was left out."
        in messages_of(response)
    )
    entry.refresh_from_db()
    assert entry.version_number == 3
    assert list(entry.practice_areas.all()) == [early_warning]


def test_a_version_naming_an_id_with_no_history_is_named_by_its_kind(
    contributor, ghana, early_warning
):
    entry = create_entry(contributor, ghana, practice_areas=[early_warning.pk])
    version = Version.objects.get_for_object(entry).get()
    version.serialized_data = version.serialized_data.replace(
        f'"practice_areas": [{early_warning.pk}]', '"practice_areas": [987654]'
    )
    version.save()
    edit_entry(contributor, entry, practice_areas=[])

    restored = services.restore_version(actor=contributor, entry=entry, number=1)

    assert not restored.practice_areas.exists()
    assert restored.left_out == [
        "Practice area “practice area no. 987654” no longer exists and was left out."
    ]
    connection.check_constraints()


def test_reverting_a_compendium_entry_to_a_revision_naming_a_deleted_term_works(
    client, administrator, publisher, early_warning, arms_trade
):
    entry = publish_entry(user=publisher)
    revise_entry(entry, user=publisher, practice_areas=[early_warning, arms_trade])
    old = entry.latest_revision
    revise_entry(entry, user=publisher, practice_areas=[])
    retiring.retire(actor=administrator, term=early_warning)
    PracticeArea.objects.filter(pk=arms_trade.pk)._raw_delete(connection.alias)
    client.force_login(publisher)

    page = client.get(
        reverse(
            "wagtailsnippets_compendium_compendiumentry:revisions_revert",
            args=[entry.pk, old.pk],
        )
    )

    assert page.status_code == 200
    form = page.context["form"]
    assert [area.pk for area in form.initial["practice_areas"]] == [early_warning.pk]
    assert early_warning.pk in offered(form, "practice_areas")
    assert CompendiumEntry.objects.filter(pk=entry.pk).exists()


# Import -----------------------------------------------------------------------

HEADINGS = (
    "Reference,Organisation *,Title *,Summary *,Description,Pillars *,Priorities *,"
    "Atrocity crimes,Practice areas,Countries concerned,Regions,"
    "Secretary-General reports,Start year *,End year,Ongoing,Language,"
    "Internal contact,Sources"
)


def write_rows(path, *rows):
    lines = [HEADINGS]
    for reference, title, summary, practice_areas in rows:
        lines.append(
            f'{reference},Ghana,{title},"{summary}",,I,2,,{practice_areas},'
            ",,,2012,,no,en,,"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_import_refuses_a_retired_term_for_a_new_entry(
    tmp_path, administrator, early_warning
):
    retiring.retire(actor=administrator, term=early_warning)
    path = write_rows(
        tmp_path / "entries.csv",
        ("", "Peace committees", "Committees meet monthly.", "early-warning"),
    )

    outcome = runner.run(path, "entries.csv", user=administrator, dry_run=False)

    assert [(error["column"], error["message"]) for error in outcome.errors] == [
        (
            "practice_areas",
            f"“{early_warning.name}” is retired: an entry that has it keeps it, "
            "but no other entry may be given it.",
        )
    ]
    assert not PracticeEntry.objects.filter(title="Peace committees").exists()


def test_the_import_keeps_a_retired_term_on_an_entry_that_has_it(
    tmp_path, administrator, contributor, ghana, early_warning, arms_trade
):
    having = create_entry(
        contributor, ghana, title="Having", practice_areas=[early_warning.pk]
    )
    other = create_entry(contributor, ghana, title="Other", practice_areas=[])
    retiring.retire(actor=administrator, term=early_warning)
    path = write_rows(
        tmp_path / "entries.csv",
        (having.reference, "Having", "Changed summary.", "early-warning"),
        (other.reference, "Other", "Changed summary.", "early-warning"),
    )

    outcome = runner.run(path, "entries.csv", user=administrator, dry_run=True)
    assert [(error["row"], error["column"]) for error in outcome.errors] == [
        (3, "practice_areas")
    ]

    path = write_rows(
        tmp_path / "entries.csv",
        (having.reference, "Having", "Changed summary.", "early-warning; arms-trade"),
    )
    outcome = runner.run(path, "entries.csv", user=administrator, dry_run=False)
    assert outcome.errors == []
    having.refresh_from_db()
    assert having.summary == "Changed summary."
    assert set(having.practice_areas.all()) == {early_warning, arms_trade}


def test_the_organisation_import_refuses_a_retired_region_for_a_new_organisation(
    tmp_path, administrator
):
    region = Region.objects.get(name="Western Africa")
    retiring.retire(actor=administrator, term=region)
    path = tmp_path / "organisations.csv"
    path.write_text(
        "name,kind,regions\nWest Africa Early Warning Forum,civil society,"
        "Western Africa\n",
        encoding="utf-8",
    )

    outcome = runner.run(
        path,
        "organisations.csv",
        kind=ImportKind.ORGANISATIONS,
        user=administrator,
        dry_run=False,
    )

    assert [(error["column"], error["message"]) for error in outcome.errors] == [
        (
            "regions",
            "Retired, so no organisation may be given it now: Western Africa.",
        )
    ]
    assert not Organisation.objects.filter(
        name="West Africa Early Warning Forum"
    ).exists()


def test_the_organisation_form_never_offers_a_retired_country(client, administrator):
    from compendium.models import Country

    retired = Country.objects.get(iso3="GHA")
    Country.objects.filter(pk=retired.pk).update(retired_at=timezone.now())
    client.force_login(administrator)
    page = client.get("/admin/organisations/new/").content.decode()
    assert f'value="{retired.pk}"' not in page
    assert f'value="{Country.objects.get(iso3="DNK").pk}"' in page
