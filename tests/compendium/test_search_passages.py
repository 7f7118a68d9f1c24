"""The passage shown with each search result: the searched words marked where the
index matched them, in the summary or else the description, escaped."""

from compendium.search import PASSAGE_WORDS, passage

SUMMARY = (
    "A national committee monitors early Warning signs; its warnings reach the "
    "council within days."
)


def test_marks_each_searched_word_as_a_whole_word_whatever_its_case():
    assert passage(SUMMARY, ["warning"]) == (
        "A national committee monitors early <mark>Warning</mark> signs; its "
        "<mark>warnings</mark> reach the council within days."
    )
    assert passage(SUMMARY, ["arning"]) is None  # a part of a word is no word
    assert passage(SUMMARY, ["council", "early"]) == (
        "A national committee monitors <mark>early</mark> Warning signs; its "
        "warnings reach the <mark>council</mark> within days."
    )


def test_gives_nothing_when_no_word_is_there():
    assert passage(SUMMARY, ["mediation"]) is None
    assert passage("", ["warning"]) is None


def test_a_long_text_is_cut_around_the_first_match_with_ellipses():
    text = " ".join(f"w{number}" for number in range(100)) + " target end."
    marked = passage(text, ["target"])
    assert marked.startswith("…") and marked.endswith("end.")
    assert "<mark>target</mark>" in marked
    text = "target " + " ".join(f"w{number}" for number in range(100))
    marked = passage(text, ["target"])
    assert marked.startswith("<mark>target</mark> w0") and marked.endswith("…")
    assert len(marked.removesuffix("…").split()) == PASSAGE_WORDS


def test_text_is_escaped_and_only_the_marks_are_html():
    marked = passage('Laws on <script>alert("x")</script> & hate speech', ["hate"])
    assert marked == (
        "Laws on &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "<mark>hate</mark> speech"
    )
