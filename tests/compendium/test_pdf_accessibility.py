"""The edition's PDF is tagged to PDF/UA-1, read here as assistive technology
and validators read it, with pikepdf: a structure tree in reading order, the
document's language and title, bookmarks for pillars, priorities and entries,
alternative text for figures and decoration left out as artifacts."""

import re
from pathlib import Path

import pikepdf
import pydyf
import pytest
from django.conf import settings
from django.utils import translation

from compendium import pdf, pdf_render
from compendium.models import EditionPdf, EntryTranslation
from tests.compendium.factories import publish_entry, release_edition
from tests.compendium.test_pdf import page_texts

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "لجنة وطنية للإنذار المبكر"
ARABIC_SUMMARY = "لجنة مشتركة بين الوزارات ترصد عوامل الخطر."
DESCRIPTION = (
    "<p>The committee meets monthly.</p><h2>Background</h2>"
    "<p>Set up after the 2008 crisis.</p><h3>Members</h3>"
    "<ul><li>Ministry of the Interior</li><li>Civil society</li></ul>"
)


@pytest.fixture
def edition(publisher):
    """Three entries in two pillars and three priorities: in document order
    CP-0001 (pillar I, priority 2), CP-0003 (I, 4), CP-0002 (II, 5)."""
    first = publish_entry(
        title="National early warning committee",
        description=DESCRIPTION,
        pillars=("I",),
        priorities=("2",),
        countries=("KEN",),
        reference="CP-0001",
    )
    draft = first.get_latest_revision_as_object()
    draft.translations = [
        EntryTranslation(language="ar", title=ARABIC_TITLE, summary=ARABIC_SUMMARY)
    ]
    draft.save_revision().publish()
    publish_entry(
        title="Regional mediation support unit",
        pillars=("II",),
        priorities=("5",),
        reference="CP-0002",
    )
    publish_entry(
        title="Truth commission outreach",
        pillars=("I",),
        priorities=("4",),
        reference="CP-0003",
    )
    return release_edition(publisher, "1.0", title="First official version")


def made(edition, language="en"):
    """The edition's PDF in `language`, made as the background task makes it
    (in the renderer's own process) and opened from storage."""
    pdf.make_pdf(edition, language)
    stored = EditionPdf.objects.get(edition=edition, language=language)
    return pikepdf.open(stored.file.path)


def elements(node):
    """The structure elements under `node`, depth first: the reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def tags(document):
    return [str(element.S)[1:] for element in elements(document.Root.StructTreeRoot)]


def headings(document):
    return [tag for tag in tags(document) if re.fullmatch(r"H\d", tag)]


def bookmarks(items):
    """[(title, page number, [children…])] of an outline."""
    return [(item.title, item.destination, bookmarks(item.children)) for item in items]


def page_number(document, destination):
    return [page.obj.objgen for page in document.pages].index(destination[0].objgen) + 1


# Structure ------------------------------------------------------------------------


def test_the_pdf_is_tagged_with_a_structure_tree(edition):
    with made(edition) as document:
        assert document.Root.MarkInfo.Marked is True
        tree = document.Root.StructTreeRoot
        assert tree.Type == "/StructTreeRoot"
        # Each marked piece of content finds its element through the parent tree.
        assert len(tree.ParentTree.Nums) >= 2 * len(document.pages)
        found = tags(document)
        assert found[0] == "Document"
        for tag in ("H1", "H2", "H3", "H4", "H5", "H6", "P", "Art", "Link"):
            assert tag in found, tag
        # The entry's list, as a list.
        assert found.count("LI") == 2
        assert "LBody" in found
        # Every page's content is reachable from the tree.
        for page in document.pages:
            assert page.Tabs == "/S"
            assert "/StructParents" in page


def test_headings_are_in_reading_order_and_never_skip_a_level(edition):
    with made(edition) as document:
        found = headings(document)
    assert found == [
        # Cover, contents: pillar I (priorities 2 and 4), pillar II (5), index.
        "H1",
        "H1",
        *("H2", "H3", "H3", "H2", "H3", "H2"),
        # CP-0001: its pillar, priority and title, then Summary, Description
        # with the entry's own headings below it, Sources.
        *("H1", "H2", "H3", "H4", "H4", "H5", "H6", "H4"),
        # CP-0003, same pillar: a new priority.
        *("H2", "H3", "H4", "H4", "H4"),
        # CP-0002: pillar II.
        *("H1", "H2", "H3", "H4", "H4", "H4"),
        # The index by country.
        "H1",
    ]
    levels = [int(tag[1]) for tag in found]
    assert all(
        level <= previous + 1
        for previous, level in zip(levels, levels[1:], strict=False)
    )


def test_an_entrys_own_headings_come_below_its_description():
    html = "<h2>Background</h2><p>Text</p><h3>Members</h3><h4>Note</h4>"
    assert pdf.under_description(pdf.sanitised(html)) == (
        "<h5>Background</h5><p>Text</p><h6>Members</h6><h6>Note</h6>"
    )
    # Attributes, whatever the input, are gone before: nothing else matches.
    hostile = '<h2 class="x" onclick="y">Title</h2><h22>'
    assert pdf.under_description(pdf.sanitised(hostile)) == "<h5>Title</h5>"


def test_the_contents_read_as_titles_and_page_numbers_without_dots(edition, tmp_path):
    """The leaders' dots are drawn (an underline of spaces), not text that a
    screen reader would read out dot by dot."""
    pdf.write_documents(edition, tmp_path)
    contents = page_texts(pdf_render.lay_out(tmp_path).document)[1]
    assert re.search(r"CP-0001 National early warning committee 1\b", contents)
    assert "." not in contents.replace("p.", "")


def test_a_viewer_shows_the_printed_page_numbers(edition):
    """The PDF's page labels number the cover and the contents i, ii and the
    entries from 1, as printed at the foot of their pages, so "p. 3" in the
    index is the page a viewer's "go to page 3" opens."""
    with made(edition) as document:
        labels = document.Root.PageLabels.Nums
        assert len(document.pages) == 6
        assert list(labels) == [0, {"/S": pikepdf.Name.r}, 2, {"/S": pikepdf.Name.D}]


# Language and title -----------------------------------------------------------------


def test_the_pdf_says_its_language_and_its_title_is_shown(edition):
    title = "R2P Compendium of Practice 1.0: First official version"
    with made(edition) as document:
        assert str(document.Root.Lang) == "en"
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(document.docinfo.Title) == title
        metadata = document.open_metadata()
        assert metadata["dc:title"] == title
        # PDF/UA-1 identification.
        assert metadata["pdfuaid:part"] == "1"


def test_the_arabic_pdf_says_arabic_with_its_arabic_title(edition):
    with translation.override("ar"):
        series = translation.gettext("R2P Compendium of Practice")
    assert series != "R2P Compendium of Practice"
    with made(edition, "ar") as document:
        assert str(document.Root.Lang) == "ar"
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        title = str(document.docinfo.Title)
        assert title.startswith(series)
        assert document.open_metadata()["dc:title"] == title
        assert document.open_metadata()["pdfuaid:part"] == "1"
        entries = [
            entry
            for _pillar, _page, priorities in bookmarks(document.open_outline().root)
            for _priority, _page, entries in priorities
            for entry, _page, _none in entries
        ]
    assert f"CP-0001 {ARABIC_TITLE}" in entries


# Bookmarks --------------------------------------------------------------------------


def test_bookmarks_list_pillars_priorities_and_entries_in_order(edition):
    with made(edition) as document:
        outline = bookmarks(document.open_outline().root)
        titles = [
            (
                title,
                [
                    (child, [entry for entry, *_ in entries])
                    for child, _, entries in children
                ],
            )
            for title, _, children in outline
        ]
        assert [title for title, _ in titles] == [
            "Contents",
            "Pillar I: The protection responsibilities of the State",
            "Pillar II: International assistance and capacity-building",
            "Index by country",
        ]
        assert titles[1][1] == [
            (
                "Priority 2: Elevating prevention",
                ["CP-0001 National early warning committee"],
            ),
            (
                "Priority 4: Addressing the risk of recurrence",
                ["CP-0003 Truth commission outreach"],
            ),
        ]
        assert titles[2][1] == [
            (
                "Priority 5: Enhancing regional action",
                ["CP-0002 Regional mediation support unit"],
            )
        ]
        # Each entry's bookmark opens the page it starts on: the cover and
        # the contents come first, one page per entry.
        entry_pages = [
            page_number(document, page)
            for _title, _page, priorities in outline[1:3]
            for _priority, _page, entries in priorities
            for _entry, page, _none in entries
        ]
        assert entry_pages == [3, 4, 5]
        assert page_number(document, outline[-1][1]) == 6


# Figures, tables and decoration -----------------------------------------------------

MAP = (
    '<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="200" '
    'height="100" viewBox="0 0 200 100"><title>Map of entries per country: '
    'Kenya 2, Ghana 1</title><rect x="10" y="10" width="80" height="40" '
    'fill="#1f4e79"/></svg><figcaption>Entries per country</figcaption></figure>'
)
TABLE = (
    "<table><caption>Entries per country</caption><thead><tr><th>Country</th>"
    "<th>Entries</th></tr></thead><tbody><tr><td>Kenya</td><td>2</td></tr>"
    "<tr><td>Ghana</td><td>1</td></tr></tbody></table>"
)


def rendered_with(edition, folder, html):
    """The edition's PDF with `html` added at the end of its cover, laid out and
    written by the renderer."""
    pdf.write_documents(edition, folder)
    front = folder / "front.html"
    front.write_text(
        front.read_text(encoding="utf-8").replace("</section>", f"{html}</section>", 1),
        encoding="utf-8",
    )
    target = folder / "edition.pdf"
    pdf_render.render(folder, target)
    return pikepdf.open(target)


def test_a_figure_carries_its_alternative_text(edition, tmp_path):
    with rendered_with(edition, tmp_path, MAP) as document:
        figures = [
            element
            for element in elements(document.Root.StructTreeRoot)
            if element.S == "/Figure"
        ]
        # The edition's own world map is a figure too; the added one is found
        # by its text alternative.
        alternatives = [str(figure.get("/Alt", "")) for figure in figures]
        assert "Map of entries per country: Kenya 2, Ghana 1" in alternatives
        assert "Caption" in tags(document)


def test_every_figure_of_the_edition_has_alternative_text(edition):
    with made(edition) as document:
        for element in elements(document.Root.StructTreeRoot):
            if element.S == "/Figure":
                assert str(element.get("/Alt", "")).strip(), element


def test_a_table_is_tagged_with_rows_and_header_cells(edition, tmp_path):
    with rendered_with(edition, tmp_path, TABLE) as document:
        found = tags(document)
        for tag in ("Table", "THead", "TBody", "TR", "TH", "TD", "Caption"):
            assert tag in found, tag
        assert found.count("TH") == 2
        assert found.count("TD") == 4
        cells = [
            element
            for element in elements(document.Root.StructTreeRoot)
            if element.S == "/TD"
        ]
        header_ids = {
            str(element.ID)
            for element in elements(document.Root.StructTreeRoot)
            if element.S == "/TH"
        }
        # Each cell names its column's header.
        for cell in cells:
            assert {str(header) for header in cell.A.Headers} <= header_ids
            assert len(cell.A.Headers) == 1


def test_decoration_is_an_artifact(edition):
    """Rules and borders are left out of what is read: marked as artifacts in
    the page's content, outside any tagged element."""
    with made(edition) as document:
        entry_page = document.pages[2]
        marks = [
            operands[0]
            for operands, operator in pikepdf.parse_content_stream(entry_page)
            if str(operator) in ("BMC", "BDC")
        ]
    assert "/Artifact" in [str(mark) for mark in marks]
    assert any(str(mark) != "/Artifact" for mark in marks)


TEMPLATES = Path(settings.BASE_DIR) / "templates" / "compendium" / "pdf"


@pytest.mark.parametrize(
    "template", sorted(path.name for path in TEMPLATES.glob("*.html"))
)
def test_every_image_in_the_pdf_templates_has_alternative_text(template):
    """An <img> needs its alt, an inline SVG its <title>: they become the
    figure's /Alt. Decoration belongs in the stylesheet (borders,
    backgrounds), which the PDF marks as artifacts."""
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    for image in re.findall(r"<img\b[^>]*>", source, re.IGNORECASE):
        assert re.search(r'\balt="[^"]+"', image), image
    for svg in re.findall(r"<svg\b.*?</svg>", source, re.IGNORECASE | re.DOTALL):
        assert re.search(r"<title>\s*\S", svg), svg[:200]


# The renderer's speed -----------------------------------------------------------------


def test_page_references_follow_the_pages_added():
    """The renderer keeps pydyf's page references until a page is added, as
    tagging reads them once per element of the structure tree."""
    document = pydyf.PDF()
    first = pydyf.Dictionary({"Type": "/Page"})
    document.add_page(first)
    assert document.page_references == (f"{first.number} 0 R".encode(),)
    assert document.page_references is document.page_references
    second = pydyf.Dictionary({"Type": "/Page"})
    document.add_page(second)
    assert document.page_references == (
        f"{first.number} 0 R".encode(),
        f"{second.number} 0 R".encode(),
    )
    assert pdf_render.PDF_VARIANT == "pdf/ua-1"
