"""How text in each of the six languages becomes the terms search compares.

One place for the index and the query, on SQLite and on PostgreSQL alike: words
are folded (case, accents and other marks ignored), then reduced to their stem by
the Snowball stemmer of their language (English, French, Spanish, Russian,
Arabic), so "protecting" finds "protection" and "protégeant" finds "protéger".
Chinese has no spaces between words: each run of ideographs is indexed as its
overlapping pairs of characters ("人权保护" is 人权, 权保, 保护), a run of one
character as that character, whatever the language of the text around it.

Neither database's own stemming or segmentation comes into it: both are given
the terms made here, so they find the same entries.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Longer "words" (a run of letters without a space, such as a pasted string of
# characters) are neither indexed nor searched: PostgreSQL leaves words of 2 kB
# or more out of its index, and this keeps both databases alike.
MAX_WORD_LENGTH = 300
WORD = re.compile(r"[^\W_]+")

SOURCE_LANGUAGE = "en"
# The Snowball algorithm of each language that has one; Chinese has none.
STEMMERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")

# Ideographs (CJK unified, extension A, compatibility, extensions B–F). Japanese
# kana and Korean hangul are not segmented.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK_RUN = re.compile(f"[{CJK}]+")
HAS_CJK = re.compile(f"[{CJK}]")

# For str.translate: every combining mark (accents, cedillas, Arabic vowel
# signs…) removed, every other character kept; all marks lie below U+20000. A
# list is read faster than a dict there, and characters past its end are kept.
_WITHOUT_MARKS = [
    None if unicodedata.combining(chr(code)) else code for code in range(0x20000)
]


def fold(text):
    """Text as search compares it: compatibility forms decomposed (the "ﬁ"
    ligature is "fi", full-width letters are letters), accents and other
    combining marks removed, and case folded ("Straße" is "strasse", "İ" is
    "i"). The same function folds what a release indexes and what a visitor
    types, on both databases.

    It folds each character on its own, so folding a text or its pieces one by
    one gives the same (passages rely on it), and folding twice changes
    nothing."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = text.translate(_WITHOUT_MARKS)
    return text.casefold()


def words_in(text):
    """The words of a text, folded, in order."""
    return [
        word for word in WORD.findall(fold(text or "")) if len(word) <= MAX_WORD_LENGTH
    ]


def language_of(code):
    """One of LANGUAGES for a language code as content or the request gives it
    ("fr", "fr-ca", "zh_Hans", "zh"); English for none or one not served."""
    code = (code or "").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-hans"
    code = code.split("-")[0]
    return code if code in STEMMERS else SOURCE_LANGUAGE


@lru_cache(maxsize=len(STEMMERS))
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=200_000)
def stem(word, language):
    """A folded word's term in a language: its Snowball stem, folded again (a
    stemmer may give back a mark it took off), or the word itself where the
    language has no stemmer. Remembered: a text repeats its words."""
    if language not in STEMMERS:
        return word
    return fold(_stemmer(language).stemWord(word)) or word


def cjk_terms(run):
    """The terms of a run of ideographs: its overlapping pairs, or the one
    character of a run of one."""
    if len(run) == 1:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


def pieces(word):
    """[(is a run of ideographs, piece)] of a folded word, in order: "un人权"
    is ("un", 人权)."""
    if not HAS_CJK.search(word):
        return [(False, word)]
    found, position = [], 0
    for run in CJK_RUN.finditer(word):
        if run.start() > position:
            found.append((False, word[position : run.start()]))
        found.append((True, run.group()))
        position = run.end()
    if position < len(word):
        found.append((False, word[position:]))
    return found


def word_terms(word, language):
    """The index terms of one folded word written in `language`."""
    if not HAS_CJK.search(word):
        return [stem(word, language)]
    terms = []
    for is_cjk, piece in pieces(word):
        terms += cjk_terms(piece) if is_cjk else [stem(piece, language)]
    return terms


def terms(text, language):
    """The index terms of a text written in `language`, in order."""
    language = language_of(language)
    found = []
    for word in words_in(text):
        found += word_terms(word, language)
    return found


def clauses(words, languages):
    """What a search for folded `words` asks of the index: a tuple of clauses,
    each a tuple of alternative terms, every clause to be matched by one of its
    terms. A word is read in each of `languages` (its alternatives are its
    stems in each of them): a search is made in the reader's language and in
    those of the entries, so a French reader typing "protection" finds the
    French entries by their French stem and the English ones by the English
    stem. A run of ideographs is read the same in every language: each of its
    pairs is a clause of its own, all of them required."""
    found = []
    for word in words:
        for is_cjk, piece in pieces(word):
            if is_cjk:
                found += [(term,) for term in cjk_terms(piece)]
            else:
                found.append(
                    tuple(sorted({stem(piece, language) for language in languages}))
                )
    return tuple(dict.fromkeys(found))
