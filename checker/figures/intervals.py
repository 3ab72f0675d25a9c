"""Figures as intervals: the bounds a qualifier gives a number, whether two figures can both be
true (their intervals overlap), and whether one is much more precise than another."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from checker.figures.vocabulary import Vocabulary

INF = math.inf


class Interval(Protocol):
    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...


def rounding_unit(value: float) -> float:
    """The place of a number's last significant digit: 900 -> 100, 6,700 -> 100, 79.7 -> 0.1."""
    if value <= 0:
        return 1.0
    if value != int(value):
        decimals = len(repr(value).split(".")[1].rstrip("0")) if "." in repr(value) else 0
        return 10.0**-decimals
    n, unit = int(value), 1
    while n % 10 == 0 and n:
        n //= 10
        unit *= 10
    return float(unit)


def tolerance(value: float, voc: Vocabulary) -> float:
    """How far "about N" reaches: half N's rounding unit, kept between two shares of N."""
    return min(max(rounding_unit(value) / 2, voc.approx_min * value), voc.approx_max * value)


def bounds(value: float, qualifier: str, voc: Vocabulary) -> tuple[float, float]:
    """[low, high] for a number under a qualifier kind (see vocabulary.QUALIFIERS)."""
    if qualifier in ("gt", "ge"):
        return value, INF
    if qualifier in ("lt", "le"):
        return 0.0, value
    if qualifier == "near":
        return value - tolerance(value, voc), value
    if qualifier == "approx":
        return value - tolerance(value, voc), value + tolerance(value, voc)
    return value, value


def significant_digits(raw: str) -> int:
    """Digits that carry information as written: "62,315" -> 5, "50,000" -> 1, "79.7" -> 3."""
    digits = re.sub(r"\D", "", raw).lstrip("0")
    if "." not in raw:
        digits = digits.rstrip("0")
    return len(digits) or 1  # a number word ("seven", "two hundred") counts as one


def compatible(a: Interval, b: Interval) -> bool:
    """Both can be true: the intervals overlap (a hair of slack for float rounding)."""
    eps = 1e-9 * max(1.0, abs(a.low), abs(b.low))
    return a.low <= b.high + eps and b.low <= a.high + eps


def width(x: Interval) -> float:
    return x.high - x.low


def more_precise(claim: Interval, claim_digits: int, source: Interval, source_digits: int, voc: Vocabulary) -> bool:
    """The claim states a figure much narrower than the source supports: more significant
    digits than the source's and a narrower interval ("62,315" from "more than 50,000")."""
    return claim_digits - source_digits >= voc.precision_digits and width(claim) < width(source)


def _num(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,}"


def describe(low: float, high: float) -> str:
    """An interval in words that `parse_interval` reads back: "6,700", "at least 50,000",
    "up to 160", "850 to 950"."""
    if math.isinf(high):
        return f"at least {_num(low)}"
    if low == high:
        return _num(low)
    if low == 0:
        return f"up to {_num(high)}"
    return f"{_num(low)} to {_num(high)}"


def parse_interval(text: str) -> tuple[float, float]:
    """The inverse of `describe`; raises ValueError on anything else."""
    m = re.fullmatch(r"(at least |up to )?([\d,.]+)(?: to ([\d,.]+))?", text.strip())
    if not m:
        raise ValueError(f"not an interval: {text!r}")
    a = float(m.group(2).replace(",", ""))
    if m.group(1) == "at least ":
        return a, INF
    if m.group(1) == "up to ":
        return 0.0, a
    return (a, float(m.group(3).replace(",", ""))) if m.group(3) else (a, a)
