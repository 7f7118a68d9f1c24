"""Practice entries: references, versions, restore, diffs and the rules of the text."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from contributions import services, versions
from contributions.choices import EntryStatus
from contributions.forms import PracticeEntryForm, SourceFormSet
from contributions.models import PracticeEntry
from tests.contributions.factories import (
    PracticeEntryFactory,
    create_entry,
    edit_entry,
    entry_form_data,
)

pytestmark = pytest.mark.django_db


def test_references_are_given_on_first_save_and_never_reused(contributor, ghana):
    first = create_entry(contributor, ghana)
    second = create_entry(contributor, ghana)
    assert (first.reference, second.reference) == ("CP-0001", "CP-0002")
    second.delete()
    assert create_entry(contributor, ghana).reference == "CP-0003"


def test_every_save_is_a_numbered_version_with_author_and_message(
    draft, contributor, focal_point
):
    edit_entry(focal_point, draft, message="Tightened the summary", summary="Shorter.")
    history = versions.history(draft)
    assert [info.number for info in history] == [2, 1]
    assert history[0].revision.user == focal_point
    assert history[0].revision.comment == "Tightened the summary"
    assert history[1].revision.user == contributor
    assert history[1].revision.comment == "First draft"


def test_a_version_restores_the_whole_entry_as_a_new_version(draft, focal_point):
    from compendium.models import Pillar

    edit_entry(
        focal_point,
        draft,
        title="Renamed",
        pillars=[Pillar.objects.get(code="II").pk],
        **{"sources-0-DELETE": "on"},
    )
    draft.refresh_from_db()
    assert draft.sources.count() == 0

    restored = services.restore_version(actor=focal_point, entry=draft, number=1)

    assert restored.version_number == 3
    assert restored.title == "National committee for the prevention of genocide"
    assert list(restored.pillars.values_list("code", flat=True)) == ["I"]
    assert [source.title for source in restored.sources.all()] == [
        "Decree establishing the committee"
    ]
    assert restored.reference == "CP-0001"
    assert restored.status == EntryStatus.DRAFT
    assert [info.number for info in versions.history(draft)] == [3, 2, 1]
    assert versions.history(draft)[0].revision.comment == "Restored version 1"


def test_restoring_keeps_the_current_status(draft, focal_point):
    edit_entry(focal_point, draft, title="Second")
    services.submit(actor=focal_point, entry=draft)
    draft.refresh_from_db()
    # Submitted entries cannot be edited, so restoring is refused too.
    with pytest.raises(PermissionDenied):
        services.restore_version(actor=focal_point, entry=draft, number=1)
    draft.refresh_from_db()
    assert draft.status == EntryStatus.SUBMITTED
    assert draft.title == "Second"


def test_diff_is_field_by_field_with_words_and_items(draft, focal_point):
    from compendium.models import Priority

    edit_entry(
        focal_point,
        draft,
        summary="An inter-ministerial committee that monitors risk factors weekly.",
        priorities=[
            Priority.objects.get(code="2").pk,
            Priority.objects.get(code="5").pk,
        ],
        **{
            "sources-1-title": "Annual report 2014",
            "sources-1-url": "https://example.gov/report-2014",
        },
    )
    snapshots = versions.snapshots(draft, [1, 2])
    changes = {
        change.name: change for change in versions.compare(snapshots[1], snapshots[2])
    }

    assert not changes["title"].changed
    assert changes["summary"].changed
    assert ("insert", " weekly") in changes["summary"].segments
    assert changes["priorities"].added == ["5. Enhancing regional action"]
    assert changes["priorities"].removed == []
    assert changes["sources"].added == [
        "Annual report 2014 — https://example.gov/report-2014"
    ]


def test_summary_longer_than_1000_characters_is_refused(draft):
    form = PracticeEntryForm(
        entry_form_data(summary="x" * 1001, expected_version=1), instance=draft
    )
    assert not form.is_valid()
    assert "at most 1000 characters" in form.errors["summary"][0]


def test_pillar_and_priority_are_required(draft):
    form = PracticeEntryForm(
        entry_form_data(pillars=[], priorities=[], expected_version=1), instance=draft
    )
    assert not form.is_valid()
    assert form.errors["pillars"] == ["Choose at least one pillar."]
    assert form.errors["priorities"] == ["Choose at least one priority."]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"start_year": "2015", "end_year": "2010"}, "end_year", "before the start"),
        (
            {"start_year": "2015", "end_year": "2016", "ongoing": "on"},
            "end_year",
            "ongoing",
        ),
        ({"start_year": "1900"}, "start_year", "greater than or equal to 1945"),
    ],
)
def test_the_period_must_make_sense(draft, overrides, field, message):
    form = PracticeEntryForm(
        entry_form_data(expected_version=1, **overrides), instance=draft
    )
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/file",
    ],
)
def test_source_urls_must_be_http_or_https(draft, url):
    data = entry_form_data(**{"sources-0-url": url})
    sources = SourceFormSet(data, instance=PracticeEntry(), prefix="sources")
    assert not sources.is_valid()
    assert sources.errors[0]["url"]


def test_formatted_text_is_sanitised_on_the_server(draft):
    hostile = (
        '<p onclick="steal()">Kept <strong>bold</strong> and '
        '<a href="javascript:alert(1)">bad link</a> and '
        '<a href="https://www.un.org/">good link</a></p>'
        "<script>alert(1)</script><iframe src='https://evil.example'></iframe>"
        "<h2>Heading</h2><ul><li>Item</li></ul><img src=x onerror=alert(1)>"
    )
    form = PracticeEntryForm(
        entry_form_data(description=hostile, expected_version=1), instance=draft
    )
    assert form.is_valid(), form.errors
    clean = form.cleaned_data["description"]
    for gone in [
        "onclick",
        "javascript:",
        "<script",
        "alert(1)",
        "<iframe",
        "<img",
        "onerror",
    ]:
        assert gone not in clean
    for kept in [
        "<strong>bold</strong>",
        'href="https://www.un.org/"',
        "<h2>Heading</h2>",
        "<li>Item</li>",
    ]:
        assert kept in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_plain_text_description_becomes_paragraphs(draft):
    form = PracticeEntryForm(
        entry_form_data(
            description="First & one\n\nSecond, <em>kept</em>", expected_version=1
        ),
        instance=draft,
    )
    assert form.is_valid()
    assert form.cleaned_data["description"] == (
        "<p>First &amp; one</p><p>Second, <em>kept</em></p>"
    )


def test_a_stale_save_is_refused_and_changes_nothing(draft, contributor, focal_point):
    data = entry_form_data(title="Editor A's title", expected_version=1)
    edit_entry(focal_point, draft, title="Editor B's title")

    draft.refresh_from_db()
    form = PracticeEntryForm(data, instance=draft)
    sources = SourceFormSet(data, instance=draft, prefix="sources")
    assert form.is_valid() and sources.is_valid()
    with pytest.raises(services.StaleEntry) as stale:
        services.save_entry(
            actor=contributor, form=form, sources_formset=sources, expected_version=1
        )
    assert stale.value.entry.version_number == 2
    draft.refresh_from_db()
    assert draft.title == "Editor B's title"
    assert draft.version_number == 2


def test_contributor_marks_ready_and_the_focal_point_is_told(
    draft, contributor, focal_point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_ready(actor=contributor, entry=draft, message="Please check")
    draft.refresh_from_db()
    assert draft.status == EntryStatus.READY
    assert [message.to for message in mail.outbox] == [[focal_point.email]]
    assert "CP-0001" in mail.outbox[0].subject
    assert "Please check" in mail.outbox[0].body
    transition = draft.transitions.get()
    assert (transition.actor, transition.from_status, transition.to_status) == (
        contributor,
        "draft",
        "ready",
    )


def test_focal_point_submits_and_reviewers_are_told(
    draft, focal_point, reviewer, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=focal_point, entry=draft)
    draft.refresh_from_db()
    assert draft.status == EntryStatus.SUBMITTED
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "Submitted for review: CP-0001 from Ghana" == mail.outbox[0].subject


def test_contributors_cannot_submit(draft, contributor):
    with pytest.raises(PermissionDenied):
        services.submit(actor=contributor, entry=draft)
    draft.refresh_from_db()
    assert draft.status == EntryStatus.DRAFT


def test_an_invalid_transition_is_refused_with_a_message(draft, focal_point):
    services.submit(actor=focal_point, entry=draft)
    with pytest.raises(services.EntryProblem) as problem:
        services.submit(actor=focal_point, entry=draft)
    assert "already been submitted" in problem.value.message


def test_focal_point_withdraws_before_acceptance_only(draft, focal_point):
    services.withdraw(actor=focal_point, entry=draft, message="Duplicate")
    draft.refresh_from_db()
    assert draft.status == EntryStatus.WITHDRAWN
    with pytest.raises(services.EntryProblem):
        services.withdraw(actor=focal_point, entry=draft)

    accepted = PracticeEntryFactory(
        organisation=draft.organisation,
        author=focal_point,
        focal_point=focal_point,
        accepted=True,
    )
    with pytest.raises(services.EntryProblem):
        services.withdraw(actor=focal_point, entry=accepted)


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("<p>First &amp; one</p><p>Second<br>line</p>", "First & one\n\nSecond\nline"),
        ("<h2>Heading</h2><p>Text</p>", "<h2>Heading</h2><p>Text</p>"),
        ("<p>With <em>emphasis</em></p>", "<p>With <em>emphasis</em></p>"),
    ],
)
def test_the_editor_shows_simple_paragraphs_as_plain_text(draft, stored, shown):
    PracticeEntry.objects.filter(pk=draft.pk).update(description=stored)
    draft.refresh_from_db()
    form = PracticeEntryForm(instance=draft)
    assert form.initial["description"] == shown
    # Saving what is shown gives back what was stored.
    resaved = PracticeEntryForm(
        entry_form_data(description=shown, expected_version=1), instance=draft
    )
    assert resaved.is_valid()
    assert resaved.cleaned_data["description"] == stored
