"""Diffs of text in each language: words compared as words, Chinese compared
character by character (it writes no space between words), and the changed
text rendered so that Arabic reads right to left whatever the page's
language."""

from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from compendium.diff import LIST, TEXT, compare, word_diff


def test_a_changed_chinese_character_is_marked_alone():
    assert word_diff("委员会负责人权保护工作。", "委员会负责人权维护工作。") == [
        ("equal", "委员会负责人权"),
        ("delete", "保"),
        ("insert", "维"),
        ("equal", "护工作。"),
    ]


def test_an_added_chinese_phrase_is_marked_without_the_sentence_around_it():
    assert word_diff("委员会每月开会。", "委员会每月在日内瓦开会。") == [
        ("equal", "委员会每月"),
        ("insert", "在日内瓦"),
        ("equal", "开会。"),
    ]


def test_latin_words_in_chinese_text_stay_whole_words():
    assert word_diff("联合国UN会议", "联合国ONU会议") == [
        ("equal", "联合国"),
        ("delete", "UN"),
        ("insert", "ONU"),
        ("equal", "会议"),
    ]


def test_other_languages_are_still_compared_by_words():
    assert word_diff("إصلاح المحكمة العليا", "إصلاح المحكمة الدستورية") == [
        ("equal", "إصلاح المحكمة "),
        ("delete", "العليا"),
        ("insert", "الدستورية"),
    ]
    assert word_diff("Помощь беженцам", "Помощь беженцам и мигрантам") == [
        ("equal", "Помощь беженцам"),
        ("insert", " и мигрантам"),
    ]


def rendered(old, new):
    fields = [("summary", "Summary", TEXT), ("countries", "Countries", LIST)]
    changes = compare(old, new, fields)
    return BeautifulSoup(
        render_to_string("includes/_changes.html", {"changes": changes}),
        "html.parser",
    )


def test_changed_arabic_text_keeps_its_own_direction_on_an_english_page():
    with translation.override("en"):
        page = rendered(
            {"summary": "إصلاح المحكمة العليا", "countries": ["مصر"]},
            {"summary": "إصلاح المحكمة الدستورية", "countries": ["مصر", "الأردن"]},
        )
    text = page.select_one(".change__text")
    assert text["dir"] == "auto"
    assert text.select_one("del").text.endswith("العليا")
    assert text.select_one("ins").text.endswith("الدستورية")
    # The screen-reader words ("added:", in English here) carry their own
    # direction, so they do not make an Arabic text read left to right.
    assert all(
        hidden["dir"] == "auto" for hidden in page.select("span.visually-hidden")
    )
    items = page.select(".change__items li")
    assert [item.get("dir") for item in items] == ["auto", "auto"]
    assert "الأردن" in items[0].text
