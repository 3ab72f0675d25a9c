"""Every difference class and every verdict of the matcher, on real text."""

from __future__ import annotations

import pytest

from checker.matching import MatchResult, match_quote
from checker.results import DiffClass, Verdict
from checker.sources.document import SourceDoc, extract
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def report_2020() -> SourceDoc:
    path = ROOT / "sources" / "amnesty-report-2020-belarus.txt"
    return extract(path.read_bytes(), origin=str(path), name=path.name)


@pytest.fixture(scope="module")
def statement_2025() -> SourceDoc:
    path = ROOT / "sources" / "amnesty-2025-no-end-in-sight.md"
    return extract(path.read_bytes(), origin=str(path), name=path.name)


EXACT = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."


def kinds(result: MatchResult) -> list[tuple[str, str]]:
    return [(d.cls.value, d.kind) for d in result.differences if d.cls is not DiffClass.COSMETIC]


@pytest.mark.parametrize(
    "quote",
    [
        EXACT,
        "between 9 and 12 august alone, the government confirmed the detention of 6,700 protesters",
        "Between 9 and 12 August alone,\n   the government confirmed the\tdetention of 6,700 protesters.",
        "Between 9 and 12 August alone, the government ... detention of 6,700 protesters.",
        "Between 9 and 12 August alone, the government […] detention of 6,700 protesters.",
        "Between 9 and 12 August alone, [the authorities] confirmed the detention of 6,700 protesters.",
        "“Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters.”",
        "Repeatedly, over 1,000 people were detained in a single day. Local human rights organizations",
    ],
)
def test_cosmetic_variants_are_verified(report_2020: SourceDoc, quote: str) -> None:
    result = match_quote(quote, report_2020)
    assert result.verdict is Verdict.VERIFIED, result.differences
    assert result.passage is not None
    assert result.passage.text.startswith(("Between", "Repeatedly"))


def test_passage_is_in_the_sources_own_words_with_offsets(report_2020: SourceDoc) -> None:
    result = match_quote(EXACT.upper(), report_2020)
    assert result.passage is not None
    assert result.passage.text == EXACT
    assert report_2020.text[result.passage.start : result.passage.end] == EXACT
    assert report_2020.text[: result.passage.start].endswith(result.passage.before)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (EXACT.replace("6,700", "7,600"), ("substantive", "number")),
        (EXACT.replace("6,700", "6,800"), ("substantive", "number")),
        (EXACT.replace("confirmed", "did not confirm"), ("substantive", "negation")),
        (EXACT.replace("confirmed", "denied"), ("substantive", "negation")),
        (EXACT.replace("protesters", "journalists"), ("substantive", "changed-word")),
        (EXACT.replace("the government confirmed", "the government quickly confirmed"), ("substantive", "added-word")),
        (EXACT.replace(" alone", ""), ("substantive", "dropped-word")),
        (
            "Maryia Kalesnikava, a journalist working for the independent newspaper Nasha Niva, was one "
            "of at least three journalists",
            ("substantive", "name"),
        ),
        (
            "At least four men were on death row at the end of the year, and at most three death "
            "sentences were handed down",
            ("substantive", "changed-word"),
        ),
    ],
)
def test_substantive_changes_are_misquotes(report_2020: SourceDoc, quote: str, expected: tuple[str, str]) -> None:
    result = match_quote(quote, report_2020)
    assert result.verdict is Verdict.MISQUOTED
    assert expected in kinds(result)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("President Aleksandr Lukashenko dismissed COVID-19 as a “psychosis”", ("minor", "transliteration")),
        ("She required surgery and was hospitalised for 38 days.", ("minor", "spelling")),
        ("The Belarusian authorites admitted receiving some 900 complaints", ("minor", "typo")),
        (
            "At least four men were on death row at the end of the year and at least three death "
            "sentences were handed down",
            ("minor", "punctuation"),
        ),
    ],
)
def test_minor_differences(report_2020: SourceDoc, quote: str, expected: tuple[str, str]) -> None:
    result = match_quote(quote, report_2020)
    assert result.verdict is Verdict.MINOR, result.differences
    assert expected in kinds(result)


def test_an_absent_quote_is_not_found(report_2020: SourceDoc) -> None:
    result = match_quote("The moon is made of green cheese and everyone knows that it is true.", report_2020)
    assert result.verdict is Verdict.NOT_FOUND
    assert result.passage is None


def test_a_number_inside_a_word_boundary_is_not_a_match(report_2020: SourceDoc) -> None:
    # "6,70" must not be found inside "6,700".
    result = match_quote("the government confirmed the detention of 6,70 protesters", report_2020)
    assert result.verdict is Verdict.MISQUOTED


def test_editorial_bracket_may_not_change_a_number(report_2020: SourceDoc) -> None:
    quote = "By mid-November, official and independent figures estimated that over [35,000] people"
    assert match_quote(quote, report_2020).verdict is Verdict.MISQUOTED
    assert match_quote(quote.replace("35,000", "25,000"), report_2020).verdict is Verdict.VERIFIED


def test_footnote_markers_in_markdown_are_cosmetic(statement_2025: SourceDoc) -> None:
    quote = (
        "detaining tens of thousands of demonstrators and subjecting many of them to torture "
        "and other ill-treatment. The human rights situation has since been further "
        "deteriorating"
    )
    assert match_quote(quote, statement_2025).verdict is Verdict.VERIFIED


def test_elided_parts_must_be_in_order(report_2020: SourceDoc) -> None:
    quote = "detention of 6,700 protesters ... Between 9 and 12 August alone"
    assert match_quote(quote, report_2020).verdict in (Verdict.MISQUOTED, Verdict.NOT_FOUND)


def test_misquote_never_passes_on_single_digit_change(report_2020: SourceDoc) -> None:
    for old, new in [("6,700", "6,701"), ("25,000", "26,000"), ("38 days", "39 days"), ("900", "990")]:
        text = report_2020.text
        i = text.index(old)
        quote = text[max(0, i - 60) : i] + new + text[i + len(old) : i + len(old) + 30]
        result = match_quote(quote, report_2020)
        assert result.verdict is Verdict.MISQUOTED, (quote, result)


def test_known_words_are_pyspellcheckers_english_words() -> None:
    """The word list is read from the file pyspellchecker ships, not through its loader: the
    same words, and a word is known whatever its case, as the library has it."""
    from spellchecker import SpellChecker

    from checker.matching.variants import _dictionary, known_word

    library = SpellChecker(distance=1)
    assert set(_dictionary()) == set(library.word_frequency.dictionary)
    for word in ("protest", "Protesters", "authorities", "authorites", "lukashenka"):
        assert known_word(word) == (word in library)
