"""Property-based tests (hypothesis) over the parts that take hostile input: claim files,
normalisation and matching. Only the project's own errors may come out; offsets stay valid."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.claims import load_claims
from checker.errors import ClaimsError
from checker.matching import match_quote
from checker.matching.quote import GAP, parse_quote
from checker.normalize import fold, token_texts
from checker.results import Verdict
from checker.sources.document import SourceDoc

# A modest count keeps the suite fast; CHECKER_EXAMPLES=5000 hunts harder.
FAST = settings(
    max_examples=int(os.environ.get("CHECKER_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- claim files -------------------------------------------------------------------------------

YAML_PIECES = [
    "- ",
    ": ",
    "\n",
    "  ",
    "\t",
    "id",
    "statement",
    "citations",
    "quote",
    "file",
    "url",
    "claims",
    "&a ",
    "*a",
    "<<",
    "!!str ",
    "!!binary ",
    "!!python/name:x ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "|",
    ">-",
    "#",
    "%YAML 1.1\n",
    "---\n",
    "...",
    "? ",
    "\\x1b",
    "\\0",
    "2020-13-45",
    "1e999",
    "0x1F",
    "~",
    "yes",
    "é",
    "\u2028",
    "\ufeff",
    "\x85",
    "\x07",
    "a",
    "b",
    "0",
]
YAML_TEXT = st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join)

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.dates())
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "statement",
                    "citations",
                    "quote",
                    "file",
                    "url",
                    "figures",
                    "key",
                    "value",
                    "claims",
                    "accepted",
                    "kind",
                    "reason",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


def load_text(data: bytes) -> None:
    """load_claims on one file holding `data`: returns, or raises ClaimsError; nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        (root / "claims").mkdir()
        (root / "claims" / "c.yaml").write_bytes(data)
        try:
            load_claims([root / "claims"])
        except ClaimsError as exc:
            assert exc.problems
            for p in exc.problems:
                assert p.file.endswith("c.yaml") and p.message
                assert p.line is None or p.line >= 1


@FAST
@given(YAML_TEXT)
def test_yaml_ish_text_gives_claims_or_claims_error(text: str) -> None:
    load_text(text.encode("utf-8"))


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_claims_or_claims_error(data: bytes) -> None:
    load_text(data)


@FAST
@given(STRUCTURES)
def test_random_structures_give_claims_or_claims_error(value: object) -> None:
    load_text(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@FAST
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": st.text(min_size=1, max_size=10),
                "statement": st.text(max_size=40),
                "citations": st.lists(
                    st.fixed_dictionaries(
                        {"quote": st.text(max_size=40)},
                        optional={"file": st.text(max_size=20), "url": st.text(max_size=20)},
                    ),
                    max_size=3,
                ),
            }
        ),
        max_size=4,
    )
)
def test_claim_shaped_structures_give_claims_or_claims_error(value: object) -> None:
    load_text(yaml.safe_dump({"claims": value}, allow_unicode=True).encode("utf-8"))


# --- normalisation -----------------------------------------------------------------------------

HOSTILE_PIECES = [
    "<sup>1</sup>",
    "<b>",
    "</p>",
    "<!-- x -->",
    "[^1]",
    "[12]",
    "**",
    "__",
    "\\*",
    "# ",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\u2026",
    "\u2014",
    "\u201c",
    "ﬁ",
    "ß",
    "İ",
    "ǅ",
    "\u0345",
    "e\u0301",
    "\u00a0",
    "\r\n",
    "\t",
    "  ",
    "day.3 ",
    "x4 ",
]
ANY_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=3)), max_size=30).map("".join),
)


# Known: the footnote rules read the original characters before a glued digit (lower-case
# letters; straight or curly quotes), which folding changes, so a second fold drops more.
_GLUED_DIGIT = re.compile(r"[^\s\d]\d")


@FAST
@given(ANY_TEXT)
def test_fold_is_idempotent_on_any_text(text: str) -> None:
    assume(not _GLUED_DIGIT.search(text))  # see the xfail tests below
    once = fold(text).text
    assert fold(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="normalize's footnote rules test the original "
    "characters before a glued digit: fnword wants lower-case letters (FORCES4 "
    "keeps its 4 until folded to forces4) and fnglued a closing quote from a "
    "short list (` and \u00b4 fold to ' only after the test). Not a trivial fix: "
    "the rules would have to run on folded characters.",
)
@pytest.mark.parametrize("text", ["See FORCES4 here", "the word`3 here"])
def test_fold_is_idempotent_on_footnote_digits_after_folded_characters(text: str) -> None:
    once = fold(text).text
    assert fold(once).text == once


@FAST
@given(ANY_TEXT)
def test_every_folded_character_maps_into_the_original(text: str) -> None:
    f = fold(text)
    previous = 0
    for i in range(len(f.text)):
        at = f.orig(i)
        assert 0 <= at < len(text)
        assert at >= previous  # the map never runs backwards
        previous = at
    assert f.orig(len(f.text)) == len(text)


@FAST
@given(ANY_TEXT, st.integers(0, 100), st.integers(0, 100))
def test_span_stays_within_the_original(text: str, a: int, b: int) -> None:
    f = fold(text)
    a, b = sorted((min(a, len(f.text)), min(b, len(f.text))))
    start, end = f.span(a, b)
    assert 0 <= start <= end <= len(text)


SPACED_TEXT = st.text(st.sampled_from([*"abcXYZéßЖ", *" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000"]), max_size=60)


@FAST
@given(SPACED_TEXT)
def test_folding_white_space_keeps_every_other_character_in_place(text: str) -> None:
    # Text whose only cosmetic difference is white space takes normalize's fast path.
    f = fold(text)
    assert f.text == " ".join(text.lower().split())
    for i, c in enumerate(f.text):
        at = f.orig(i)
        if c == " ":  # a run of white space, mapped to its first character
            assert text[at].isspace() and (at == 0 or not text[at - 1].isspace())
        else:
            assert text[at].lower() == c


@FAST
@given(ANY_TEXT)
def test_folded_text_is_its_tokens_with_spaces_between(text: str) -> None:
    # The index and a quote's token offsets find tokens by counting non-space characters,
    # not with the tokenising regex: folding must leave nothing else.
    folded = fold(text).text
    assert "".join(token_texts(folded)) == folded.replace(" ", "")
    for quote in (text, f"[x] {text} [...] {text}"):
        for part in parse_quote(quote):
            # Each stretch holds its segment's tokens from k on, or one editorial gap.
            bounds = [first for first, _, _ in part.stretches[1:]] + [len(part.folded)]
            places = [
                (where, 0) if isinstance(where, str) else (where, k + i - first)
                for (first, where, k), end in zip(part.stretches, bounds, strict=True)
                for i in range(first, end if not isinstance(where, str) else first + 1)
            ]
            assert [part._place(i) for i in range(len(part.folded))] == places
            for i, (where, k) in enumerate(places):
                if isinstance(where, str):
                    assert part.folded[i] == GAP and part.originals(i, i + 1) == [where]
                    continue
                a, b = where.span(k)
                assert where.folded.text[a:b] == part.folded[i]
                lo, hi = where.folded.span(a, b)
                assert part.originals(i, i + 1) == [where.folded.original[lo:hi]]
                # a probe's text: the whole segment's, taken without offsets, included
                last = len(token_texts(where.folded.text)) - 1
                assert where.text_of(k, last) == where.folded.text[a : where.span(last)[1]]


# --- matching ----------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "the",
        "government",
        "confirmed",
        "detention",
        "of",
        "6,700",
        "people",
        "Lukashenka",
        "не",
        "было",
        "79.7",
        "per",
        "cent",
        "August",
        "protest",
        "it's",
        "2020",
        "a",
        "A",
        "Minsk",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "; ", " - "])


@st.composite
def source_and_words(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A source of words, and each word's span in it."""
    words = draw(st.lists(WORDS, min_size=1, max_size=120))
    text, spans = "", []
    for w in words:
        if text:
            text += draw(SEPARATORS)
        spans.append((len(text), len(text) + len(w)))
        text += w
    return text, spans


def doc_of(text: str) -> SourceDoc:
    return SourceDoc(text=text, kind="text", origin="s.txt", sha256=hashlib.sha256(text.encode()).hexdigest())


def check_passage(text: str, result: object) -> None:
    passage = getattr(result, "passage", None)
    if passage is not None:
        assert 0 <= passage.start <= passage.end <= len(text)
        assert passage.text == text[passage.start : passage.end]
        assert passage.before == text[max(0, passage.start - len(passage.before)) : passage.start]
        assert passage.after == text[passage.end : passage.end + len(passage.after)]


@FAST
@given(ANY_TEXT, ANY_TEXT)
def test_matching_any_quote_in_any_source_never_raises(quote: str, source: str) -> None:
    result = match_quote(quote, doc_of(source))
    assert isinstance(result.verdict, Verdict)
    assert 0.0 <= result.score <= 1.0
    check_passage(source, result)


@FAST
@given(source_and_words(), st.data())
def test_a_verbatim_run_of_whole_words_is_verified(got: tuple[str, list[tuple[int, int]]], data: st.DataObject) -> None:
    text, spans = got
    first = data.draw(st.integers(0, len(spans) - 1))
    last = data.draw(st.integers(first, min(len(spans) - 1, first + 25)))
    quote = text[spans[first][0] : spans[last][1]]
    assume(any(c.isalnum() for c in quote))
    result = match_quote(quote, doc_of(text))
    assert result.verdict is Verdict.VERIFIED, (quote, result)
    check_passage(text, result)
    assert result.passage is not None
    assert fold(result.passage.text).text == fold(quote).text


# --- figures -----------------------------------------------------------------------------------

NUMBERISH = [
    "6,700",
    "more than",
    "at least",
    "about",
    "tens of thousands",
    "79.7",
    "per cent",
    "%",
    "two hundred",
    "forty-five",
    "million",
    "9.6 million",
    "1e999",
    "9" * 40,
    "between 9 and 12 August",
    "2020",
    "aged 19",
    "people",
    "detained",
    "killed",
    "-",
    "…",
    ",",
    ".",
    " ",
    "\n",
    "nearly",
    "over",
    "up to",
    "0",
    "0,0,0",
    "1.2.3",
]
FIGURE_TEXT = st.one_of(
    ANY_TEXT, st.lists(st.one_of(st.sampled_from(NUMBERISH), st.text(max_size=4)), max_size=30).map(" ".join)
)


@FAST
@given(FIGURE_TEXT)
def test_figure_extraction_never_raises_and_its_offsets_are_valid(text: str) -> None:
    import math

    from checker.figures.extract import extract

    for f in extract(text):
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert not math.isnan(f.low) and not math.isnan(f.high)
        assert f.low <= f.high


@FAST
@given(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(NUMBERISH), max_size=6).map(" ".join)))
def test_parse_number_gives_a_number_or_none(text: str) -> None:
    from checker.figures.extract import parse_number

    value = parse_number(text)
    assert value is None or (isinstance(value, int | float) and not isinstance(value, bool))


@FAST
@given(st.integers(0, 10**12), st.sampled_from(["", "more than ", "about ", "at least ", "nearly ", "over "]))
def test_a_written_number_lies_in_its_interval(n: int, qualifier: str) -> None:
    from checker.figures.extract import extract

    text = f"Police said {qualifier}{n:,} people were detained in Minsk."
    figures = [f for f in extract(text) if f.kind == "count"]
    assert figures, text
    f = figures[0]
    # "about" widens by a rounding tolerance and "nearly" may stop short of n: the interval
    # holds n or comes within 10% of it, never somewhere else
    assert f.low - 0.1 * n <= n <= f.high + 0.1 * n, (text, f.low, f.high)


@FAST
@given(st.integers(0, 10**12), st.integers(0, 10**12), st.booleans())
def test_describe_and_parse_interval_round_trip(a: int, b: int, unbounded: bool) -> None:
    from checker.figures.intervals import describe, parse_interval

    low, high = sorted((float(a), float(b)))
    if unbounded:
        high = float("inf")
    assert parse_interval(describe(low, high)) == (low, high)
