"""Period hints: the stretch of time a figure is about ("between 9 and 12 August", "by
mid-November", "since the spring 2020", "in a single day"), read from the figure's sentence.

Two periods are different when a part both of them state disagrees; a part only one states is
no disagreement ("between 9 and 12 August" is the same period as "between 9 and 12 August
2020"). Short spans (a day, a weekend, a run of days) are only ever the same as a short span of
the same kind, so "nearly 160 over the weekend" is never weighed against an overall total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.figures.masks import DAY, MONTH_NUMBER, MONTHS, Caseless, caseless, lowered

SHORT = {"day", "weekend", "days"}
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_SEASON = (
    r"(?:(?:the\s+)?(?:early|mid|late|spring|summer|autumn|fall|winter|start|beginning|end)"
    r"(?:\s+of)?[\s-]+(?:the\s+)?)?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _at_words(words: tuple[str, ...], then: str) -> str:
    r"""rf"\b(?:{'|'.join(words)}){then}" written as one alternative a word, each beginning with
    its first letter and checking the word boundary behind it: a pattern whose alternatives all
    begin with a letter is scanned for those letters, not tried at every position."""
    return "|".join(rf"{w}(?<=\b{w}){then}" for w in words)


_BY = (
    rf"\s+{_SEASON}(?:(?:{MONTHS})(?:\s+{_YEAR})?|{_YEAR}|the\s+end\s+of\s+the\s+year|"
    r"the\s+time\s+of\s+writing)"
)
_ON_DATE = rf"\s+(?:{DAY}\s+(?:{MONTHS})|(?:{MONTHS})\s+{DAY})(?:,?\s+{_YEAR})?"
# All but "days" ignore case (see checker.figures.masks.Caseless).
_PATTERNS: list[tuple[str, Caseless | re.Pattern[str]]] = [
    (
        "weekend",
        caseless(
            "|".join(
                (
                    _at_words(
                        ("over", "during", "at", "on", "in"),
                        r"\s+(?:the\s+|a\s+|one\s+)?(?:past\s+|last\s+|previous\s+)?weekend\b",
                    ),
                    _at_words(("one",), r"\s+weekend\b"),
                )
            )
        ),
    ),
    (
        "day",
        caseless(
            "|".join(
                (
                    _at_words(("in", "on", "within"), r"\s+(?:a\s+single|one|a)\s+day\b"),
                    _at_words(("on",), rf"\s+(?:a\s+)?{_WEEKDAY}\b"),
                    _at_words(("one",), rf"\s+{_WEEKDAY}\b"),
                    _at_words(("in",), r"\s+24\s+hours\b"),
                    _at_words(("on",), _ON_DATE),
                )
            )
        ),
    ),
    # r"\b(?:[Bb]etween\s+)?{DAY}...", begun with one character class for the same reason
    (
        "days",
        re.compile(
            rf"[Bb\d](?<!\w.)(?:(?<=[Bb])etween\s+{DAY}|(?<=\d)\d?(?:st|nd|rd|th)?)"
            rf"\s*(?:and|to|[-–—])\s*{DAY}\s+(?:{MONTHS})(?:\s+{_YEAR})?"
        ),
    ),
    (
        "range",
        caseless(
            rf"\bbetween\s+{_SEASON}(?:(?:{MONTHS})|{_YEAR})(?:\s+{_YEAR})?\s+and\s+"
            rf"{_SEASON}(?:(?:{MONTHS})|{_YEAR})(?:\s+{_YEAR})?|"
            rf"\b{_YEAR}\s*[-–—]\s*{_YEAR}\b|\bfrom\s+{_SEASON}(?:(?:{MONTHS})|"
            rf"{_YEAR})(?:\s+{_YEAR})?\s+(?:to|until)\s+{_SEASON}(?:(?:{MONTHS})|"
            rf"{_YEAR})(?:\s+{_YEAR})?"
        ),
    ),
    ("since", caseless(_at_words(("since",), rf"\s+{_SEASON}(?:{DAY}\s+)?(?:(?:{MONTHS})\s*)?{_YEAR}?"))),
    (
        "by",
        caseless(
            "|".join(
                (
                    _at_words(("by", "until"), _BY),
                    _at_words(("as",), r"\s+of" + _BY),
                    _at_words(("up",), r"\s+to" + _BY),
                )
            )
        ),
    ),
    (
        "in",
        caseless(_at_words(("in", "during", "throughout"), rf"\s+{_SEASON}(?:(?:{MONTHS})(?:\s+{_YEAR})?|{_YEAR})\b")),
    ),
]


_MONTHS_LOWER = tuple(MONTH_NUMBER)  # "jan", "feb", ...
_MONTH_OR_YEAR = (*_MONTHS_LOWER, "18", "19", "20")  # what a month or a year (_YEAR) holds
# What the lower-cased text must hold for each pattern to match (checker.figures.masks.Hint):
# strings only, each looked for once in a text, as several hints share them.
_HINTS: dict[str, tuple[str, ...] | None] = {
    "weekend": ("weekend",),
    "day": ("day", "hours", *_MONTHS_LOWER),
    "days": _MONTHS_LOWER,
    "range": ("between", "from", "-", "–", "—"),
    "since": ("since",),
    "by": (*_MONTH_OR_YEAR, "year", "writing"),
    "in": _MONTH_OR_YEAR,
}
_HINTED = frozenset(s for hint in _HINTS.values() if hint for s in hint)


@dataclass(frozen=True)
class Period:
    marker: str
    text: str  # as written
    years: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()
    days: frozenset[int] = frozenset()

    def sort_key(self, default_year: int = 9999) -> tuple[int, int, int, int]:
        """Ordered by where the period ends: a count "by mid-November" comes after one "between
        9 and 12 August", and a count "since 2020" (still running) after both."""
        years = self.years or frozenset({default_year})
        if self.marker == "since":
            return (9999, min(years), min(self.months, default=0), min(self.days, default=0))
        return (max(years), max(self.months, default=13), max(self.days, default=32), 0)

    def same(self, other: Period) -> bool:
        """Stated alike in every part (the text aside)."""
        return (self.marker, self.years, self.months, self.days) == (
            other.marker,
            other.years,
            other.months,
            other.days,
        )


def _parse(marker: str, text: str) -> Period | None:
    years = frozenset(int(y) for y in re.findall(rf"\b{_YEAR}\b", text))
    months = frozenset(
        MONTH_NUMBER[m.lower()[:3]]
        for m in re.findall(rf"\b(?:{MONTHS})(?![a-z])", text, re.I)
        if m.lower()[:3] in MONTH_NUMBER and m[0].isupper()
    )
    days = frozenset(int(d) for d in re.findall(r"(?<![\d,])\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", text))
    if marker in ("since", "in") and not (years or months):
        return None  # "since protests began": no period stated
    if marker == "range" and not (years or months):
        return None
    return Period(marker, " ".join(text.split()), years, months, days)


def find_periods(text: str) -> list[tuple[int, int, Period]]:
    """Every period phrase in `text`, with its span, earlier patterns winning overlaps."""
    found: list[tuple[int, int, Period]] = []
    taken = bytearray(len(text))  # 1 where an earlier pattern's phrase lies
    lower = lowered(text)  # None in a text with a case-odd character: then every pattern runs
    held = None if lower is None else {s for s in _HINTED if s in lower}
    for marker, pattern in _PATTERNS:
        hint = _HINTS[marker]
        if held is not None and hint is not None and held.isdisjoint(hint):
            continue
        rx, subject = pattern.on(text, lower) if isinstance(pattern, Caseless) else (pattern, text)
        for m in rx.finditer(subject):
            if taken.find(1, m.start(), m.end()) >= 0:
                continue
            period = _parse(marker, text[m.start() : m.end()])
            if period:
                found.append((m.start(), m.end(), period))
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(found, key=lambda f: f[0])


def differ(a: Period | None, b: Period | None, years_only: bool = False) -> bool:
    """True when two periods cannot be the same stretch of time. `years_only` for figures that
    do not add up over time (a percentage): only the years stated by both must agree."""
    if years_only:
        return bool(a and b and a.years and b.years and not a.years & b.years)
    if a is None or b is None:
        return bool((a and a.marker in SHORT) or (b and b.marker in SHORT))
    if a.marker != b.marker:
        return True
    parts = ((a.years, b.years), (a.months, b.months), (a.days, b.days))
    return any(bool(x and y and x != y) for x, y in parts)
