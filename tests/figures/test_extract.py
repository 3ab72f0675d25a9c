"""Figure extraction against a labelled set of phrases from the seed documents, and each of the
watch-outs the issue lists (pronouns, ages, rates, ratios, ranges, page breaks, footnotes)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.figures.extract import extract, parse_number
from tests.support.paths import DATA

PHRASES = yaml.safe_load((DATA / "figure_phrases.yaml").read_text())


def _high(v: float | None) -> float:
    return math.inf if v is None else float(v)


def test_the_labelled_set_is_big_enough() -> None:
    figures = sum(len(p["figures"]) for p in PHRASES)
    qualified = sum(1 for p in PHRASES for f in p["figures"] if f["low"] != f["high"] or f["high"] is None)
    assert len(PHRASES) >= 60 and figures >= 80 and qualified >= 30


@pytest.mark.parametrize("case", PHRASES, ids=[p["text"][:40] for p in PHRASES])
def test_labelled_phrase(case: dict[str, Any]) -> None:
    got = extract(case["text"])
    assert [(f.text, f.low, f.high) for f in got] == [
        (e["text"], float(e["low"]), _high(e["high"])) for e in case["figures"]
    ]
    for f, e in zip(got, case["figures"], strict=True):
        assert f.kind == e.get("kind", "count"), f.text
        if "thing" in e:
            assert f.thing == e["thing"], f.text
        if "unit" in e:
            assert f.unit == e["unit"], f.text


def _read(text: str) -> list[tuple[str, float, float]]:
    return [(f.text, f.low, f.high) for f in extract(text)]


def test_a_pronoun_one_is_not_a_count() -> None:
    assert _read("was one of at least three journalists shot") == [("at least three", 3, math.inf)]


def test_two_ages_are_two_figures_of_kind_age() -> None:
    assert [(f.text, f.kind) for f in extract("brothers aged 19 and 21")] == [("19", "age"), ("21", "age")]


def test_a_rate_is_not_a_figure() -> None:
    assert _read("Under-5 mortality (m/f): 14/9 per 1,000") == []


def test_half_a_million_and_a_dozen() -> None:
    assert _read("half a million people marched; a dozen were detained") == [
        ("half a million", 500_000, 500_000),
        ("a dozen", 12, 12),
    ]


def test_a_ratio_is_not_a_count() -> None:
    assert _read("one in five detainees reported torture") == []
    assert _read("1 in 5 detainees reported torture") == []


def test_a_range_is_one_interval() -> None:
    assert _read("2,000-3,000 people were detained") == [("2,000-3,000", 2000, 3000)]
    assert _read("between 2,000 and 3,000 people were detained") == [("between 2,000 and 3,000", 2000, 3000)]
    assert _read("about 2,000 to 3,000 protesters") == [("about 2,000 to 3,000", 1800, 3300)]


def test_a_figure_split_from_its_noun_by_a_page_break() -> None:
    text = "At least seven\n\fPage 2 of 9\n\npeople have died in detention."
    [f] = extract(text)
    assert (f.text, f.thing) == ("At least seven", "people killed")


def test_a_figure_split_from_its_noun_by_a_footnote_block() -> None:
    text = (
        "At least seven\n\n<sup>1</sup> Amnesty, Index: EUR 49/3567/2021, 27 January 2021\n\n"
        "people have died in detention since 2020."
    )
    figs = extract(text)
    assert (figs[0].text, figs[0].thing) == ("At least seven", "people killed")
    assert figs[0].period is not None and figs[0].period.years == {2020}


def test_footnote_markers_are_not_figures() -> None:
    assert _read("detained in a single day.3 Local groups") == []
    assert _read("killed by government forces4 and") == []
    assert _read("ill-treatment.<sup>10</sup> The") == []
    assert _read("as reported[^12] by monitors") == []


def test_dates_and_day_numbers_are_not_figures() -> None:
    assert _read("between 9 and 12 August") == []
    assert _read("on 9–12 Aug and on August 9") == []
    assert [f.kind for f in extract("on 20 December 2010")] == ["year"]


def test_article_index_and_url_numbers_are_not_figures() -> None:
    assert _read("under Article 342 of the Criminal Code") == []
    assert _read("(Index: EUR 49/3567/2021)") == []
    assert _read("see https://www.amnesty.org/en/documents/eur49/3567/2021/en and 212-633-4247") == []


def test_years_are_their_own_kind_and_year_ranges_two_years() -> None:
    assert [(f.text, f.kind) for f in extract("in 2021-2023 the list grew")] == [("2021", "year"), ("2023", "year")]


def test_ordinals_are_not_figures() -> None:
    assert _read("re-elected for the fourth time; the third conviction") == []


def test_percent_spellings() -> None:
    for text in ("79.7%", "79.7 per cent", "79.7 percent"):
        [f] = extract(f"re-elected by {text} of the votes")
        assert (f.kind, f.unit, f.low, f.high) == ("percent", "percent", 79.7, 79.7)


def test_trailing_qualifiers() -> None:
    assert _read("50,000 or more people") == [("50,000 or more", 50_000, math.inf)]
    assert _read("900 or so complaints") == [("900 or so", 850, 950)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("6,700", 6700),
        ("9.6 million", 9_600_000),
        ("two hundred", 200),
        ("forty-five", 45),
        ("one hundred and twenty", 120),
        ("three thousand five hundred", 3500),
        ("a dozen", 12),
        ("half a million", 500_000),
        ("50\u00a0000", 50_000),
        ("Sixteen", 16),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_thing_of_a_figure_with_a_verb_before_it() -> None:
    [f] = extract("the government confirmed the detention of 6,700 protesters")
    assert (f.event, f.subject) == ("detained", "people")


TOKENS = [
    "more than",
    "about",
    "nearly",
    "up to",
    "some",
    "one",
    "two",
    "hundred",
    "thousand",
    "a",
    "and",
    "of",
    "in",
    "2020",
    "9",
    "12",
    "August",
    "6,700",
    "50,000",
    "0.5",
    "%",
    "per cent",
    "-",
    "–",
    "to",
    "between",
    "people",
    "detained",
    "protesters",
    "days",
    "aged",
    "since",
    "by",
    "mid-November",
    ".",
    ",",
    "\n\n",
    "<sup>1</sup>",
    "tens",
    "thousands",
    "dozens",
    "Article",
    "COVID-19",
    "in",
    "five",
    "1" * 30,
    "day.3",
    "or more",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_reading_any_text_never_fails_and_spans_hold(text: str) -> None:
    for f in extract(text):
        assert 0 <= f.low <= f.high
        assert text[f.start : f.end] == f.text and f.text.strip()


@given(st.text(max_size=300))
def test_reading_arbitrary_unicode_never_fails(text: str) -> None:
    for f in extract(text):
        assert f.low <= f.high


# Pieces of what masks and period phrases look for, so that random texts hit them often.
_PIECES = [
    "Jan",
    "January",
    "Aug.",
    "May",
    "Sept",
    "9",
    "12th",
    "2020",
    "1999",
    "555",
    "/",
    ":",
    "per ",
    "in ",
    " out of ",
    "one ",
    "every ",
    "http://x.org/a",
    "www.",
    "@",
    "](",
    "[",
    "^",
    "]",
    "<sup>",
    "</sup>",
    ".",
    ",",
    ";",
    "!",
    "?",
    ")",
    "(",
    "+",
    "”",
    "’",
    "-",
    "–",
    "×",
    "x",
    "COVID",
    "Art. ",
    "Article ",
    "No. ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "weekend",
    "a single day",
    "day",
    "24 hours",
    "between ",
    "and ",
    "from ",
    "to ",
    "since ",
    "by ",
    "as of ",
    "during ",
    "mid-",
    "the end of the year",
    "Monday",
    "ſince",
    "İn",
    "WEEKEND",
    "Since",
    "On ",
    "one in five",
    "forces4",
    "EUR 49/8966/2025",
    "since 2020",
    "on 9 August",
    "On Aug 9, 2020",
    "between 9 and 12 August",
    "from May to July 2021",
    "2019-2020",
    "in a single day",
    "over the weekend",
    "by mid-November",
    "during 2020",
    "as of March 2021",
    "ſince 2020",
    "In 24 hours",
    "9th to 12th",
    "5 - 7",
    "by the end of the year",
    "up to the time of writing",
    "in early 1999",
    "by Aug.",
    "\nPage 3\n",
    "\np. 12",
    "---",
    "***\n",
    "Index: ",
    "INDEX number:",
    "\n<sup>1</sup> ",
    "[^2]: ",
    "\f",
    "2 İn 3",
    "4 ın 5",
    "1 OuT of 6",
    "\n12. ",
    "3)\t",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@example("<sup></sup>")  # a marker without digits, once left unmasked in text without digits
def test_hints_never_change_what_is_masked_or_which_periods_are_read(text: str) -> None:
    """The literal and regex hints only skip patterns that cannot match."""
    from unittest import mock

    from checker.figures import masks, periods

    blocked = masks.mask_blocks(text)
    with mock.patch.object(masks, "_BLOCKS", [(rx, None) for rx, _ in masks._BLOCKS]):
        assert masks.mask_blocks(text) == blocked
    unhinted = blocked
    for rx, _ in masks._NOT_FIGURES:
        unhinted = rx.sub(masks._blank, unhinted)
    assert masks.mask(blocked) == unhinted
    hinted = periods.find_periods(blocked)
    with mock.patch.dict(periods._HINTS, dict.fromkeys(periods._HINTS)):
        assert hinted == periods.find_periods(blocked)


def test_lower_case_matching_finds_what_re_i_finds_in_any_text() -> None:
    """The premise of masks.Caseless: outside the four case-odd characters every character
    lower-cases to one character of the same class, to an ASCII letter exactly when re.I takes
    it for one, and never to another character without cases."""
    import string
    import sys

    from checker.figures import masks

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    text = masks._CASE_ODD.sub("", every)
    lower = masks.lowered(text)
    assert lower is not None and len(lower) == len(text) == len(every) - 4
    for source in (r"\w", r"\d", r"\s", "[a-z]"):
        assert [m.start() for m in re.finditer(source, text, re.I)] == [m.start() for m in re.finditer(source, lower)]
    assert set(re.findall("[a-z]", text, re.I)) == set(string.ascii_letters)
    assert all(c == low or low.lower() != low.upper() for c, low in zip(text, lower, strict=True))


def test_each_figure_pattern_has_its_lower_case_twin() -> None:
    from checker.figures import masks, periods
    from checker.figures.patterns import _table_regex, figure_regex
    from checker.figures.vocabulary import DEFAULT

    patterns = [figure_regex(DEFAULT), *(_table_regex(DEFAULT, t)[0] for t in ("events", "subjects"))]
    patterns += [p for _, p in periods._PATTERNS if isinstance(p, masks.Caseless)]
    assert len(patterns) == 9 and all(p.lower is not None for p in patterns)
    assert masks.caseless("caf\u00e9").lower is None  # a letter with cases outside ASCII
    assert masks.caseless(r"\x41|\N{LATIN SMALL LETTER A}").lower is None
    twin = masks.caseless(r"(?P<Big>\S+)\u00a0[A-Z]").lower
    assert twin is not None and twin.pattern == r"(?P<Big>\S+)\u00a0[a-z]"


# Figure phrases in any case, and words with the characters re.I takes for ASCII letters.
_CASES: list[Callable[[str], str]] = [str, str.upper, str.title]
_ANY_CASE = st.tuples(
    st.sampled_from([*TOKENS, "ſome", "at moſt", "İn", "ſince", "\u212a", "ı"]),
    st.sampled_from(_CASES),
).map(lambda t: t[1](t[0]))


@settings(max_examples=300)
@given(st.lists(_ANY_CASE, max_size=30).map(" ".join))
def test_reading_in_lower_case_never_changes_what_is_read(text: str) -> None:
    """Patterns run case-sensitively on the lower-cased text where it allows (masks.Caseless),
    else with re.I on the text as written: both read the same figures."""
    from unittest import mock

    fast = extract(text)
    with (
        mock.patch("checker.figures.extract.lowered", lambda _: None),
        mock.patch("checker.figures.periods.lowered", lambda _: None),
    ):
        assert extract(text) == fast


@given(st.text(st.sampled_from(".;:!?()[],-–—xX5 \t\n\u00a0\u2028\u3000"), max_size=40))
def test_clause_and_sentence_ends_are_their_plain_patterns(text: str) -> None:
    from checker.figures import extract as ex
    from checker.figures.findings import _SENTENCE_BREAK

    def spans(rx: re.Pattern[str], *bounds: int) -> list[tuple[int, int]]:
        return [m.span() for m in rx.finditer(text, *bounds)]

    for fast, plain in (
        (ex._CLAUSE_END, re.compile(r"[.;:!?()\[\]]|,|\n\s*\n|\s[–—-]\s")),
        (ex._SENTENCE_END, re.compile(r"[.!?](?=\s)|\n\s*\n")),
        (_SENTENCE_BREAK, re.compile(r"[.!?]\s|\n\s*\n")),
    ):
        assert spans(fast) == spans(plain)
        for a in range(len(text)):  # searched from a position, or up to one
            assert spans(fast, a) == spans(plain, a) and spans(fast, 0, a) == spans(plain, 0, a)


@functools.cache
def _plain_periods() -> dict[str, re.Pattern[str]]:
    """The period patterns as first written, with a leading \\b (checker.figures.periods
    writes them to begin with a letter; they must find the same phrases)."""
    from checker.figures.masks import DAY, MONTHS
    from checker.figures.periods import _SEASON, _WEEKDAY, _YEAR

    return {
        "weekend": re.compile(
            r"\b(?:over|during|at|on|in)\s+(?:the\s+|a\s+|one\s+)?"
            r"(?:past\s+|last\s+|previous\s+)?weekend\b|\bone\s+weekend\b",
            re.I,
        ),
        "day": re.compile(
            rf"\b(?:in|on|within)\s+(?:a\s+single|one|a)\s+day\b|"
            rf"\b(?:on\s+(?:a\s+)?|one\s+){_WEEKDAY}\b|\bin\s+24\s+hours\b|"
            rf"\bon\s+(?:{DAY}\s+(?:{MONTHS})|(?:{MONTHS})\s+{DAY})(?:,?\s+{_YEAR})?",
            re.I,
        ),
        "days": re.compile(
            rf"\b(?:[Bb]etween\s+)?{DAY}\s*(?:and|to|[-–—])\s*{DAY}\s+(?:{MONTHS})"
            rf"(?:\s+{_YEAR})?"
        ),
        "since": re.compile(rf"\bsince\s+{_SEASON}(?:{DAY}\s+)?(?:(?:{MONTHS})\s*)?{_YEAR}?", re.I),
        "by": re.compile(
            rf"\b(?:by|as\s+of|until|up\s+to)\s+{_SEASON}(?:(?:{MONTHS})(?:\s+{_YEAR})?|"
            rf"{_YEAR}|the\s+end\s+of\s+the\s+year|the\s+time\s+of\s+writing)",
            re.I,
        ),
        "in": re.compile(
            rf"\b(?:in|during|throughout)\s+{_SEASON}(?:(?:{MONTHS})(?:\s+{_YEAR})?|"
            rf"{_YEAR})\b",
            re.I,
        ),
    }


_PERIOD_PIECES = [
    *_PIECES,
    "within a day",
    "on a Monday",
    "one Sunday",
    "on 9 August 2020",
    "on August 9, 2020",
    "as of ",
    "up to ",
    "until ",
    "Between 9 and 12 ",
    "9th-12th ",
    "during the weekend",
    "over the past weekend",
    "at a weekend",
    "x",
    "5",
    "_",
    "in 2020",
    "throughout 2019",
    "ON ",
    "BY ",
    "ıN ",
    "Oct. ",
    "o",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PERIOD_PIECES), max_size=30).map("".join))
def test_period_patterns_find_what_their_plain_forms_find(text: str) -> None:
    from checker.figures import masks, periods

    lower = masks.lowered(text)
    for marker, pattern in periods._PATTERNS:
        plain = _plain_periods().get(marker)
        if plain is None:
            continue
        if isinstance(pattern, masks.Caseless):
            rx, subject = pattern.on(text, lower)
            assert [m.span() for m in pattern.any_case.finditer(text)] == [m.span() for m in plain.finditer(text)], (
                marker
            )
        else:
            rx, subject = pattern, text
        assert [m.span() for m in rx.finditer(subject)] == [m.span() for m in plain.finditer(text)]


def test_the_hints_digit_class_holds_every_digit() -> None:
    import sys

    from checker.figures import masks

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    assert set(re.findall(r"\d", every)) <= set(re.findall(masks._ANY_DIGIT, every))


@given(st.text(st.sampled_from("ab'- 5.\n"), max_size=40), st.integers(1, 9))
def test_the_first_words_are_those_the_word_pattern_finds(text: str, limit: int) -> None:
    from checker.figures import extract as ex

    words = list(ex._WORD.finditer(text))
    assert ex._words_after(text, limit) == (text[: words[limit - 1].end()] if len(words) >= limit else text)


def test_vocabulary_words_written_with_a_long_s_are_read_not_a_crash() -> None:
    # re.I matches "ſ" (long s) for "s", so the patterns find "ſeveral", "ſentenced" and
    # "almoſt"; the table lookups must find them too (they raised KeyError or fell back to an
    # exact figure, which a hostile text could trigger).
    def read(text: str) -> list[tuple[float, float, str | None, str | None]]:
        return [(f.low, f.high, f.subject, f.event) for f in extract(text)]

    for odd in ("ſeveral people were detained", "about 300 people were ſentenced", "almoſt 300 people were detained"):
        assert read(odd) == read(odd.replace("ſ", "s")), odd


def test_a_vocabulary_sent_to_a_worker_is_one_object_per_content() -> None:
    # Each source job pickles the vocabulary; the patterns built from it are cached by
    # identity, so every job's copy must unpickle to the same object (3 ms a job otherwise).
    import pickle

    from checker.figures.vocabulary import DEFAULT, Vocabulary

    assert pickle.loads(pickle.dumps(DEFAULT)) is DEFAULT
    mine = Vocabulary(places=("Narnia",))
    first, second = (pickle.loads(pickle.dumps(mine)) for _ in range(2))
    assert first is second and first.places == ("Narnia",)
    assert first is not DEFAULT and extract("300 people were detained in Narnia", first)[0].place
