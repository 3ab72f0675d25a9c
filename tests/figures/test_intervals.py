"""Interval semantics: qualifier bounds, rounding tolerance, compatibility, precision, and
property tests (round trips, symmetry, reflexivity)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from checker.figures.extract import Figure, extract
from checker.figures.intervals import (
    compatible,
    describe,
    more_precise,
    parse_interval,
    rounding_unit,
    significant_digits,
)
from checker.figures.pairing import same_thing
from checker.figures.vocabulary import DEFAULT, QUALIFIERS, VAGUE


def one(text: str) -> Figure:
    [f] = extract(text)
    return f


def test_qualifier_intervals() -> None:
    assert (one("more than 50,000").low, one("more than 50,000").high) == (50_000, math.inf)
    assert (one("about 900").low, one("about 900").high) == (850, 950)
    assert (one("nearly 160").low, one("nearly 160").high) == (152, 160)
    assert (one("up to 300").low, one("up to 300").high) == (0, 300)
    assert (one("fewer than 10").low, one("fewer than 10").high) == (0, 10)
    assert (one("only 45").low, one("only 45").high) == (45, 45)
    assert (one("about 20,000").low, one("about 20,000").high) == (18_000, 22_000)


def test_the_contract_examples() -> None:
    more = one("more than 50,000")
    assert compatible(more, one("tens of thousands"))
    assert compatible(more, one("60,000"))
    assert not compatible(more, one("about 20,000"))
    assert not compatible(one("540 testimonies"), one("450 testimonies"))


def test_rounding_and_precision() -> None:
    assert rounding_unit(900) == 100 and rounding_unit(6700) == 100 and rounding_unit(79.7) == 0.1
    assert significant_digits("62,315") == 5 and significant_digits("50,000") == 1
    assert significant_digits("79.7") == 3 and significant_digits("seven") == 1
    exact, source = one("62,315"), one("more than 50,000")
    assert more_precise(exact, exact.digits, source, source.digits, DEFAULT)
    same = one("50,000")
    assert not more_precise(same, same.digits, source, source.digits, DEFAULT)


numbers = st.integers(min_value=1, max_value=10_000_000)


@given(numbers, numbers, st.sampled_from(["exact", "at least", "up to", "range"]))
def test_describe_round_trips_through_parse_and_extract(a: int, b: int, form: str) -> None:
    low, high = {"exact": (a, a), "at least": (a, math.inf), "up to": (0, a), "range": (min(a, b), max(a, b) + 1)}[form]
    text = describe(low, high)
    assert parse_interval(text) == (low, high)
    [f] = extract(text)
    assert (f.low, f.high) == (low, high)


phrases = st.one_of(
    st.builds(lambda q, n: f"{q} {n:,}", st.sampled_from(sorted(QUALIFIERS)), numbers),
    st.builds(str, st.sampled_from(sorted(VAGUE))),
    st.builds(lambda n: f"{n:,}", numbers),
)


@given(phrases, phrases)
def test_compatibility_is_symmetric(x: str, y: str) -> None:
    a, b = one(f"{x} people were detained"), one(f"{y} people were detained")
    assert compatible(a, b) == compatible(b, a)
    assert same_thing(a, b) == same_thing(b, a)


@given(phrases)
def test_a_figure_is_compatible_with_itself(x: str) -> None:
    f = one(f"{x} protesters were arrested")
    assert compatible(f, f) and same_thing(f, f)
    assert f.low <= f.high
