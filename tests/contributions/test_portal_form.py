"""The portal's entry form: the description editor, the searchable lists of
countries and regions, and the source rows."""

import json

import pytest
from bs4 import BeautifulSoup

from compendium.formatted_text import ALLOWED_TAGS
from compendium.models import Country, Region
from contributions.models import PracticeEntry
from contributions.richtext import sanitise, to_editable
from tests.contributions.factories import entry_form_data

pytestmark = pytest.mark.django_db

NEW = "/contribute/entries/new/"

# What the editor writes for each thing its toolbar and keys can make
# (contributions/static/contributions/js/portal-form.js): Tiptap's HTML, with
# links written as the sanitiser writes them. The browser test checks the
# editor's real output against the sanitiser too.
EDITOR_OUTPUT = [
    "<p>A plain paragraph.</p>",
    "<p>Some <strong>bold</strong>, <em>italic</em> and "
    "<strong><em>both</em></strong>.</p>",
    "<h2>Heading</h2><h3>Subheading</h3><h4>Kept from earlier text</h4>",
    "<ul><li><p>one</p></li><li><p>two</p><ul><li><p>nested</p></li></ul></li></ul>",
    "<ol><li><p>first</p></li><li><p>second</p></li></ol>",
    "<blockquote><p>Quoted passage</p></blockquote>",
    "<p>A line<br>and the next</p>",
    '<p><a href="https://example.org/a?b=1&amp;c=2" '
    'rel="noopener noreferrer nofollow">a link</a></p>',
    '<p><a href="mailto:desk@example.org" '
    'rel="noopener noreferrer nofollow">write to us</a></p>',
    '<p>x &lt; y &amp; z&nbsp;w "quoted" it\'s</p>',
]


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def signed_in(client, contributor):
    client.force_login(contributor)
    return client


# The description editor ----------------------------------------------------------


def test_the_description_is_a_textarea_the_editor_script_takes_over(signed_in):
    html = page(signed_in.get(NEW))
    textarea = html.find("textarea", attrs={"name": "description"})
    labels = json.loads(textarea["data-richtext-editor"])
    for name in ("bold", "italic", "heading", "bulletList", "orderedList", "link"):
        assert labels[name], name
    assert labels["toolbar"] == "Formatting"
    scripts = [script["src"] for script in html.find_all("script", src=True)]
    assert any(src.endswith("contributions/js/portal-form.js") for src in scripts)
    assert any(src.endswith("vendor/richtext-kit.min.js") for src in scripts)
    assert all(script.has_attr("defer") for script in html.find_all("script"))
    # No inline script or style: a content security policy will forbid them.
    assert not [script for script in html.find_all("script") if script.string]
    assert not html.find_all(style=True)
    assert html.find("label", attrs={"for": "id_description"})


def test_without_the_editor_a_plain_textarea_post_is_saved_as_paragraphs(
    signed_in, ghana
):
    response = signed_in.post(
        NEW,
        entry_form_data(
            organisation=ghana.pk,
            description="Set up in 2012 & still working.\n\nIt reports if x < y.",
        ),
    )
    assert response.status_code == 302
    assert PracticeEntry.objects.get().description == (
        "<p>Set up in 2012 &amp; still working.</p><p>It reports if x &lt; y.</p>"
    )


@pytest.mark.parametrize("html", EDITOR_OUTPUT)
def test_what_the_editor_writes_is_kept_exactly_by_the_sanitiser(html):
    assert sanitise(html) == html
    # and comes back the same after a save through the textarea
    assert sanitise(to_editable(sanitise(html))) == html


def test_the_editor_writes_only_tags_the_sanitiser_keeps():
    written = {
        tag.name
        for html in EDITOR_OUTPUT
        for tag in BeautifulSoup(html, "html.parser").find_all(True)
    }
    assert written <= ALLOWED_TAGS


def test_the_server_sanitises_whatever_arrives_in_place_of_the_editor(signed_in, ghana):
    signed_in.post(
        NEW,
        entry_form_data(
            organisation=ghana.pk,
            description=(
                '<p onclick="steal()">Kept <strong>bold</strong>'
                '<span style="color:red">, span dropped</span>'
                "<script>alert(1)</script></p>"
                '<p><a href="javascript:alert(1)">bad link</a></p>'
            ),
        ),
    )
    assert PracticeEntry.objects.get().description == (
        "<p>Kept <strong>bold</strong>, span dropped</p><p><a "
        'rel="noopener noreferrer nofollow">bad link</a></p>'
    )


def test_formatting_without_any_text_saves_no_description(signed_in, ghana):
    signed_in.post(
        NEW, entry_form_data(organisation=ghana.pk, description="<p></p><p><br></p>")
    )
    assert PracticeEntry.objects.get().description == ""


# Countries and regions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "model"), [("countries", Country), ("regions", Region)]
)
def test_countries_and_regions_stay_a_plain_select_with_every_option(
    signed_in, name, model
):
    html = page(signed_in.get(NEW))
    select = html.find("select", attrs={"name": name})
    assert select.has_attr("multiple")
    assert html.find("label", attrs={"for": select["id"]})
    offered = {option["value"] for option in select.find_all("option")}
    assert offered == {str(pk) for pk in model.objects.values_list("pk", flat=True)}
    labels = json.loads(select["data-multiselect"])
    assert labels["added"] == "%(name)s chosen."
    assert labels["removed"] == "%(name)s removed."
    assert labels["help"]


def test_countries_chosen_in_the_plain_select_are_saved(signed_in, ghana):
    ghana_country = Country.objects.get(iso3="GHA")
    kenya = Country.objects.get(iso3="KEN")
    signed_in.post(
        NEW,
        entry_form_data(organisation=ghana.pk, countries=[ghana_country.pk, kenya.pk]),
    )
    assert set(PracticeEntry.objects.get().countries.all()) == {ghana_country, kenya}


# Source rows ---------------------------------------------------------------------


def source_rows(html):
    return html.select("[data-source-row]")


def required_marks_shown(row):
    return [
        mark
        for mark in row.select("[data-required-mark]")
        if "hidden" not in mark.attrs
    ]


def test_empty_source_rows_are_neither_required_nor_marked_required(signed_in):
    rows = source_rows(page(signed_in.get(NEW)))
    assert len(rows) == 2
    for row in rows:
        assert not required_marks_shown(row)
        assert len(row.select("[data-required-mark]")) == 2  # shown once in use
        for field in row.select("input[data-source-field]"):
            assert not field.has_attr("required")
            assert not field.has_attr("aria-required")


def test_an_empty_extra_source_row_is_left_out_when_saving(signed_in, ghana):
    response = signed_in.post(NEW, entry_form_data(organisation=ghana.pk))
    assert response.status_code == 302
    assert [source.title for source in PracticeEntry.objects.get().sources.all()] == [
        "Decree establishing the committee"
    ]


@pytest.mark.parametrize(
    ("filled", "message"),
    [
        (
            {"sources-1-title": "Annual report"},
            "Give this source&#x27;s web address as well, or empty the row to "
            "leave it out.",
        ),
        (
            {"sources-1-url": "https://example.gov/report"},
            "Give this source a title as well, or empty the row to leave it out.",
        ),
    ],
)
def test_a_half_filled_source_row_is_refused_with_a_clear_message(
    signed_in, ghana, filled, message
):
    response = signed_in.post(NEW, entry_form_data(organisation=ghana.pk, **filled))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PracticeEntry.objects.exists()
    rows = source_rows(page(response))
    # The row in use now says which fields it needs; the filled row too.
    assert len(required_marks_shown(rows[1])) == 2
    assert all(
        field["aria-required"] == "true"
        for field in rows[1].select("input[data-source-field]")
    )


def test_a_saved_source_emptied_without_removing_it_is_refused(
    signed_in, draft, contributor
):
    data = entry_form_data(
        expected_version=draft.version_number,
        **{
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "1",
            "sources-0-id": str(draft.sources.get().pk),
            "sources-0-title": "",
            "sources-0-url": "",
        },
    )
    data.pop("sources-1-title")
    data.pop("sources-1-url")
    response = signed_in.post(f"/contribute/entries/{draft.reference}/edit/", data)
    assert response.status_code == 400
    assert "tick “Remove this source”" in response.content.decode()
    assert draft.sources.count() == 1


def test_a_saved_source_is_marked_required_from_the_start(signed_in, draft):
    rows = source_rows(
        page(signed_in.get(f"/contribute/entries/{draft.reference}/edit/"))
    )
    assert len(required_marks_shown(rows[0])) == 2
    assert not required_marks_shown(rows[1])
