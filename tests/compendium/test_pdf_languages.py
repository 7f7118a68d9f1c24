"""The PDF of an edition in each language one of its entries can be read in:
the interface, the terms and the entries' translations in that language, Arabic
right to left, with the system's Noto fonts embedded for Arabic and Chinese."""

import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from compendium import pdf, tasks
from compendium.models import EditionPdf, EntryTranslation
from tests.compendium.factories import publish_entry, release_edition

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("pdftotext") or not shutil.which("pdffonts"),
        reason="needs poppler-utils",
    ),
]

ARABIC_TITLE = "لجنة وطنية للإنذار المبكر"
ARABIC_SUMMARY = "لجنة مشتركة بين الوزارات ترصد عوامل الخطر."
CHINESE_TITLE = "国家预警委员会"
CHINESE_SUMMARY = "一个监测风险因素的部际委员会。"


def translated(entry, **texts):
    draft = entry.get_latest_revision_as_object()
    draft.translations = [
        EntryTranslation(language=code, title=title, summary=summary)
        for code, (title, summary) in texts.items()
    ]
    draft.save_revision().publish()
    return entry


@pytest.fixture
def edition(publisher):
    translated(
        publish_entry(reference="CP-0001", countries=("KEN",)),
        ar=(ARABIC_TITLE, ARABIC_SUMMARY),
        **{"zh-hans": (CHINESE_TITLE, CHINESE_SUMMARY)},
    )
    publish_entry(
        title="Regional mediation support unit", reference="CP-0002", priorities=("5",)
    )
    return release_edition(publisher, "1.0")


def words(code, message):
    with translation.override(code):
        return translation.gettext(message)


def stored(edition, language):
    made = EditionPdf.objects.get(edition=edition, language=language)
    with made.file.open("rb") as handle:
        return handle.read()


# The marks pdftotext puts around text it read right to left.
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def text_of(data):
    return BIDI_MARKS.sub(
        "",
        subprocess.run(
            ["pdftotext", "-", "-"],  # noqa: S607 - poppler-utils
            input=data,
            capture_output=True,
            check=True,
        ).stdout.decode(),
    )


def fonts_of(data, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - our own file
        ["pdffonts", str(path)],  # noqa: S607 - poppler-utils
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def words_at(data, page, tmp_path):
    """[(word, x min, x max)] of one page, in points."""
    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    html = subprocess.run(  # noqa: S603 - our own file
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (word, float(x_min), float(x_max))
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
            r"([^<]*)</word>",
            html,
        )
    ]


def test_the_pdf_is_offered_in_english_and_each_language_an_entry_is_read_in(
    edition,
):
    assert pdf.languages_of(edition) == ["en", "ar", "zh-hans"]
    assert pdf.read_in(edition) == ["en", "ar", "zh-hans"]


def test_the_arabic_pdf_is_in_arabic_right_to_left_with_an_arabic_font(
    client, edition, tmp_path
):
    assert tasks.render_edition_pdf.enqueue(edition.pk, "ar").return_value == 5
    data = stored(edition, "ar")
    (tmp_path / "arabic.pdf").write_bytes(data)
    text = text_of(data)
    assert ARABIC_TITLE in text
    # (pdftotext puts a sentence's final stop where it is seen, on the left.)
    assert ARABIC_SUMMARY.rstrip(".") in text
    assert words("ar", "Contents") in text
    assert words("ar", "Index by country") in text
    # The untranslated entry, in English with a note saying so.
    assert "Regional mediation support unit" in text
    assert "National early warning committee" not in text
    assert "Noto" in fonts_of(data, tmp_path)
    assert "Noto-Naskh-Arabic" in fonts_of(data, tmp_path)

    # Right to left: the translated entry's title, its reference first, ends at
    # the right margin (A4 is 595 points wide, the margins 20 mm, 57 points);
    # in the English PDF it starts at the left one.
    page = next(
        number
        for number, page_text in enumerate(text.split("\f"), 1)
        if ARABIC_TITLE in page_text and number > 2
    )
    (reference,) = [w for w in words_at(data, page, tmp_path) if w[0] == "CP-0001"]
    assert reference[2] > 530 and reference[1] > 300

    folder = tmp_path / "ar"
    folder.mkdir()
    pdf.write_documents(edition, folder, "ar")
    front = (folder / "front.html").read_text()
    assert '<html lang="ar" dir="rtl">' in front
    body = (folder / "body-00001.html").read_text()
    # The English original keeps its own direction inside the Arabic document.
    assert '<span lang="en" dir="ltr">Regional mediation support unit</span>' in body

    response = client.get("/ar/compendium/editions/1.0/download.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="r2p-compendium-1.0-ar.pdf"'
    )
    assert b"".join(response.streaming_content) == data


def test_the_chinese_pdf_embeds_a_cjk_font(edition, tmp_path):
    pdf.make_pdf(edition, "zh-hans")
    data = stored(edition, "zh-hans")
    text = text_of(data)
    assert CHINESE_TITLE in text
    assert words("zh-hans", "Contents") in text
    assert "Noto-Sans-CJK-SC" in fonts_of(data, tmp_path)


def test_the_english_pdf_is_as_before(client, edition, tmp_path):
    pdf.make_pdf(edition)
    made = EditionPdf.objects.get(edition=edition, language="en")
    assert re.fullmatch(
        r"editions/r2p-compendium-1\.0-[0-9a-f]{16}\.pdf", made.file.name
    )
    text = text_of(stored(edition, "en"))
    assert "National early warning committee" in text
    assert ARABIC_TITLE not in text and CHINESE_TITLE not in text
    folder = tmp_path / "en"
    folder.mkdir()
    pdf.write_documents(edition, folder)
    assert '<html lang="en" dir="ltr">' in (folder / "front.html").read_text()

    response = client.get("/compendium/editions/1.0/download.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="r2p-compendium-1.0.pdf"'
    )


def test_a_language_not_offered_or_unknown_is_not_found(client, edition):
    # French: no entry reads in it; German and made-up codes are no language of
    # the site.
    for address in (
        "/fr/compendium/editions/1.0/download.pdf",
        "/de/compendium/editions/1.0/download.pdf",
        "/xx/compendium/editions/1.0/download.pdf",
        "/zh-Hans/compendium/editions/1.0/download.pdf",
        "/ar/compendium/editions/9.9/download.pdf",
    ):
        assert client.get(address).status_code == 404, address
    assert tasks.render_edition_pdf.enqueue(edition.pk, "fr").return_value == 0
    assert not EditionPdf.objects.filter(language="fr").exists()


def test_a_language_not_made_yet_is_announced(client, edition):
    response = client.get("/zh-hans/compendium/editions/1.0/download.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert (
        words(
            "zh-hans",
            "The PDF of this edition is being prepared. Please try again in a "
            "few minutes.",
        )
        in response.content.decode()
    )


def test_a_pre_publication_editions_pdf_in_a_language_is_for_its_participants(
    client, publisher
):
    from compendium import editions
    from compendium.choices import EditionKind
    from compendium.models import Edition

    translated(publish_entry(reference="CP-0001"), ar=(ARABIC_TITLE, ARABIC_SUMMARY))
    edition = Edition.objects.create(
        label="2015-pre", title="Preliminary", kind=EditionKind.PRE_PUBLICATION
    )
    editions.share(actor=publisher, edition=edition)
    assert pdf.languages_of(edition) == ["en", "ar"]
    editions.release(actor=publisher, edition=edition)
    address = "/ar/compendium/editions/2015-pre/download.pdf"
    assert client.get(address).status_code == 404
    client.force_login(publisher)
    assert client.get(address).status_code == 503


def test_the_list_of_editions_links_the_pdf_in_the_readers_language(client, edition):
    page = client.get("/ar/compendium/editions/").content.decode()
    assert 'href="/ar/compendium/editions/1.0/download.pdf" hreflang="ar"' in page
    # The other languages' PDFs, each named in itself.
    assert (
        'href="/compendium/editions/1.0/download.pdf" lang="en" hreflang="en"' in page
    )
    assert (
        'href="/zh-hans/compendium/editions/1.0/download.pdf" lang="zh-hans" '
        'hreflang="zh-hans"' in page
    )
    assert "/fr/compendium/editions/1.0/download.pdf" not in page

    # In French, which no entry is read in: the English PDF, said to be English.
    page = client.get("/fr/compendium/editions/").content.decode()
    assert 'href="/compendium/editions/1.0/download.pdf" hreflang="en"' in page
    assert "/fr/compendium/editions/1.0/download.pdf" not in page
    assert 'href="/ar/compendium/editions/1.0/download.pdf" lang="ar"' in page


def test_render_missing_makes_every_language_then_nothing(edition, settings):
    out = StringIO()
    call_command("render_edition_pdf", "--missing", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Edition 1.0",
        "Edition 1.0 (ar)",
        "Edition 1.0 (zh-hans)",
    ]
    assert all(made.file for made in EditionPdf.objects.all())
    out = StringIO()
    call_command("render_edition_pdf", "--missing", stdout=out)
    assert out.getvalue().strip() == "Every released edition has its PDF."

    out = StringIO()
    call_command("render_edition_pdf", "1.0", "--language", "ar", stdout=out)
    assert out.getvalue().startswith("Edition 1.0 (ar): ")


def test_the_release_task_makes_each_languages_pdf(
    client, publisher, django_capture_on_commit_callbacks
):
    from compendium.choices import EditionKind
    from compendium.models import Edition

    translated(publish_entry(reference="CP-0001"), ar=(ARABIC_TITLE, ARABIC_SUMMARY))
    edition = Edition.objects.create(
        label="1.0", title="First", kind=EditionKind.OFFICIAL
    )
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/edition/{edition.pk}/release/do/")
    made = dict(
        EditionPdf.objects.filter(edition=edition).values_list("language", "file")
    )
    assert set(made) == {"en", "ar"}
    assert all(made.values())
