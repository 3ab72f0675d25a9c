"""Figures read from text: each number with its qualifier as an interval, its unit, what it
counts (event and subject), and the period and place its sentence gives.

Standard-library regular expressions over a masked copy of the text (see masks.py), so spans are
always spans of the text as given. What the words mean comes from vocabulary.py, and the
patterns they make from patterns.py.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from checker.figures.intervals import bounds, significant_digits
from checker.figures.masks import DIGIT, lowered, mask, mask_blocks, may_match
from checker.figures.patterns import (
    DIGITS,
    entry,
    figure_regex,
    figure_words,
    phrases,
    places_regex,
)
from checker.figures.periods import Period, find_periods
from checker.figures.vocabulary import DEFAULT, MULTIPLIERS, UNIT_WORDS, UNITS, Vocabulary

_WRITTEN = re.compile(rf"({DIGITS})(?:\s+(\w+))?")  # a number in digits, and the word after
_SEPARATOR = re.compile(r"[,\u00a0\u202f]")
_TRAILING = {"or more": "ge", "or so": "approx", "or fewer": "le", "or less": "le", "+": "ge", "-plus": "ge"}
# r"[.;:!?()\[\],]|\n\s*\n|\s[–—-]\s" and r"[.!?](?=\s)|\n\s*\n", written to begin with one
# character class: the engine scans for its characters instead of trying the pattern everywhere.
_CLAUSE_END = re.compile(r"[.;:!?()\[\],\s](?:(?<=[.;:!?()\[\],])|(?<=\n)\s*\n|(?<=\s)[–—-]\s)")
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])(?=\s)|(?<=\n)\s*\n)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
WINDOW_WORDS = 8
_AGED = re.compile(r"\baged?\s+(?:\d+\s*(?:,|and|or)\s*){0,3}$", re.I)  # "aged 19 and 21"
_UNIT_OF = {w: u for u, ws in reversed(UNIT_WORDS.items()) for w in ws}  # the first unit wins
MAX_FIGURE = 1e13
SPAN = 600  # the most characters either side of a figure read for its clause and sentence


@dataclass(frozen=True)
class Figure:
    """One figure as written, with the interval it stands for (high is inf when unbounded)."""

    text: str
    low: float
    high: float
    kind: str = "count"  # count, percent, year, age
    unit: str = ""  # "", percent, days, years, ...
    event: str | None = None  # canonical: detained, killed, convicted, ...
    subject: str | None = None  # canonical: people, journalists, complaints, ...
    period: Period | None = None
    place: str | None = None
    start: int = 0
    end: int = 0
    digits: int = 0  # significant digits as written; 0 for vague quantities

    @property
    def thing(self) -> str:
        """What it counts, for people: "people detained", "complaints", "percent re-elected"."""
        words = [w for w in (self.subject, self.event) if w]
        if self.unit and self.kind != "year":
            words.insert(0, self.unit)
        return " ".join(words) or self.kind

    def to_dict(self, **extra: Any) -> dict[str, Any]:
        return {
            "text": self.text,
            "low": self.low,
            "high": None if math.isinf(self.high) else self.high,
            "kind": self.kind,
            "unit": self.unit,
            "thing": self.thing,
            "period": self.period.text if self.period else None,
            "place": self.place,
            **extra,
        }


def parse_number(text: str) -> float | None:
    """ "6,700" -> 6700, "9.6 million" -> 9.6e6, "two hundred" -> 200, "forty-five" -> 45."""
    m = _WRITTEN.fullmatch(text.strip().lower())
    words = " ".join(text.lower().replace("-", " ").split())
    if words in UNITS:
        return UNITS[words]
    if m:
        value = float(_SEPARATOR.sub("", m.group(1)))
        return value * MULTIPLIERS.get(m.group(2) or "", 1)
    total, current = 0.0, 0.0
    for w in words.split():
        if w == "and":
            continue
        if w == "a":  # "a hundred thousand"
            current += 1
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in MULTIPLIERS:
            current = max(current, 1) * MULTIPLIERS[w]
            if MULTIPLIERS[w] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current


def _is_year(raw: str, value: float) -> bool:
    return re.fullmatch(r"\d{4}", raw.strip()) is not None and 1800 <= value <= 2099


@lru_cache(maxsize=4)
def _first_words(limit: int) -> re.Pattern[str]:
    """The first `limit` words (_WORD) of a text, in one match: possessive, so that a word is
    never split in two to make up the count."""
    return re.compile(rf"(?:[^A-Za-z]*+[A-Za-z][A-Za-z'-]*+){{{limit}}}")


def _words_after(text: str, limit: int = WINDOW_WORDS) -> str:
    m = _first_words(limit).match(text)
    return text[: m.end()] if m else text


def _words_before(text: str, limit: int = WINDOW_WORDS) -> str:
    m = list(_WORD.finditer(text))
    return text[m[-limit].start() :] if len(m) >= limit else text


class _Reader:
    """Reads the figures of one text; the masked copies and period phrases are made once, the
    period phrases, sentences and places only once a figure needs them."""

    def __init__(self, text: str, voc: Vocabulary) -> None:
        self.text, self.voc = text, voc
        self.blocked = mask_blocks(text)
        self.masked = mask(self.blocked)
        self.lower = lowered(self.masked)

    @cached_property
    def periods(self) -> list[tuple[int, int, Period]]:
        return find_periods(self.blocked)

    @cached_property
    def period_starts(self) -> list[int]:
        return [s for s, _, _ in self.periods]

    @cached_property
    def names_places(self) -> bool:
        """A place the vocabulary knows is named somewhere in the text (most texts name none)."""
        return may_match(self.voc.places, self.text)

    @cached_property
    def sentence_ends(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(self.masked)]

    def _clause(self, start: int, end: int, prev_end: int, next_start: int) -> tuple[str, str]:
        after = self.masked[end:next_start]
        stop = _CLAUSE_END.search(after)
        after = after[: stop.start()] if stop else after
        before = self.masked[max(prev_end, start - SPAN) : start]
        stops = list(_CLAUSE_END.finditer(before))
        before = before[stops[-1].end() :] if stops else before
        return _words_before(before), _words_after(after)

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        """The figure's sentence, at most SPAN characters either side (text without full
        stops must not make every figure read the whole text)."""
        i = bisect.bisect_left(self.sentence_ends, (start, 0))
        begin = self.sentence_ends[i - 1][1] if i else 0
        j = bisect.bisect_left(self.sentence_ends, (end, 0))
        stop = self.sentence_ends[j][0] if j < len(self.sentence_ends) else len(self.masked)
        return max(begin, start - SPAN), min(stop, end + SPAN)

    def _period(self, start: int, end: int) -> Period | None:
        lo, hi = self._sentence(start, end)
        first = bisect.bisect_left(self.period_starts, lo)
        last = bisect.bisect_right(self.period_starts, hi)
        near = [
            (self._crosses_clause(min(e, start), max(s, end)), max(s - end, start - e, 0), p)
            for s, e, p in self.periods[first:last]
            if e <= hi
        ]
        return min(near, key=lambda x: x[:2])[2] if near else None

    def _crosses_clause(self, a: int, b: int) -> bool:
        """A period in the figure's own clause is preferred to a nearer one across a comma."""
        return _CLAUSE_END.search(self.masked, a, b) is not None

    def _aged(self, start: int) -> bool:
        """The figure is an age ("aged 19"); most figures have no "age" before them."""
        window = max(0, start - 40)
        if self.lower is not None and "age" not in self.lower[window:start]:
            return False
        return _AGED.search(self.masked[window:start]) is not None

    def _place(self, start: int, end: int) -> str | None:
        if not self.names_places:
            return None
        lo, hi = self._sentence(start, end)
        found = [(abs(m.start() - start), m.group()) for m in places_regex(self.voc).finditer(self.text, lo, hi)]
        return min(found)[1] if found else None

    def _about(self, before: str, after: str) -> tuple[str | None, str | None, str, bool]:
        """(event, subject, unit, whether a subject follows) from the words after the figure,
        else the words before it."""
        first = _WORD.match(after.lstrip())
        unit = _UNIT_OF.get(first.group().lower(), "") if first else ""
        lower_after = lowered(after)
        subjects_after = phrases(after, lower_after, self.voc, "subjects")
        spans = [(s, e) for s, e, _ in subjects_after]
        events_after = [
            h
            for h in phrases(after, lower_after, self.voc, "events")
            if not any(s < h[1] and h[0] < e for s, e in spans)
        ]
        event = events_after[0][2] if events_after else None
        subject = subjects_after[0][2] if subjects_after else None
        lower_before = lowered(before) if event is None or subject is None else None
        if event is None:
            events_before = phrases(before, lower_before, self.voc, "events")
            event = events_before[-1][2] if events_before else None
        if subject is None and event is not None:
            subjects_before = phrases(before, lower_before, self.voc, "subjects")
            subject = subjects_before[-1][2] if subjects_before else None
        # "2,000 peaceful protesters": a count, not a year
        counted = bool(subjects_after) and subjects_after[0][0] < len(_words_after(after, 3))
        return event, subject, unit, counted

    def figures(self, start: int = 0) -> list[Figure]:
        rx, subject = figure_regex(self.voc).on(self.masked, self.lower)
        matches = [m for m in rx.finditer(subject) if m.group().strip() and not self._pronoun(m)]
        out: list[Figure] = []
        for i, m in enumerate(matches):
            prev_end = matches[i - 1].end() if i else 0
            next_start = matches[i + 1].start() if i + 1 < len(matches) else len(self.masked)
            if m.start() >= start:
                out.extend(self._figures_of(m, prev_end, next_start))
        return out

    def _group(self, m: re.Match[str], name: str) -> str:
        """The group as written ("" when it took no part in the match)."""
        start, end = m.span(name)
        return self.masked[start:end] if start >= 0 else ""

    def _pronoun(self, m: re.Match[str]) -> bool:
        """ "one" alone is a pronoun ("one of at least three journalists"), not a count."""
        return not m.group("qual") and (m.group("n1") or "").lower() == "one" and not m.group("n2")

    def _figures_of(self, m: re.Match[str], prev_end: int, next_start: int) -> list[Figure]:
        """`m` may be a match in the lower-cased text: its groups are read in lower case, save
        the numbers, which are read from the text."""
        start, end = m.start(), m.end()
        text = self.text[start:end]
        qual = entry(self.voc.qualifiers, m.group("qual") or "") or "exact"
        trail = (m.group("trail") or "").strip().lower()
        qual = _TRAILING.get(" ".join(trail.split()), qual)
        before, after = self._clause(start, end, prev_end, next_start)
        event, subject, unit, counted = self._about(before, after)
        kind = "count"
        if m.group("pct"):
            kind, unit = "percent", "percent"
        elif self._aged(start):
            kind, unit = "age", "years"
        if m.group("vague"):
            interval = entry(self.voc.vague, m.group("vague"))
            if interval is None:
                return []  # a spelling no key holds (patterns.entry)
            low, high = interval
            return [
                Figure(
                    text,
                    low,
                    high,
                    kind,
                    unit,
                    event,
                    subject,
                    self._period(start, end),
                    self._place(start, end),
                    start,
                    end,
                )
            ]
        raw1, raw2 = self._group(m, "n1") or self._group(m, "b1"), (self._group(m, "n2") or self._group(m, "b2"))
        v1, v2 = parse_number(raw1), parse_number(raw2) if raw2 else None
        if v1 is None or (raw2 and v2 is None) or v1 > MAX_FIGURE or (v2 or 0) > MAX_FIGURE:
            return []  # unreadable, or a run of digits no count reaches (an ID, a hash)
        if v2 is not None and v2 < v1:
            return []  # "3-1": a score or a code, not a range
        if (
            kind == "count"
            and not unit
            and not counted
            and _is_year(raw1, v1)
            and (v2 is None or _is_year(raw2 or "", v2))
        ):
            spans = [(m.start("n1") if m.group("n1") else m.start("b1"), raw1, v1)]
            if raw2 and v2 is not None:
                spans.append((m.start("n2") if m.group("n2") else m.start("b2"), raw2, v2))
            return [
                Figure(raw, v, v, "year", "", event, None, None, None, s, s + len(raw), len(raw)) for s, raw, v in spans
            ]
        low, high = (
            bounds(v1, qual, self.voc) if v2 is None else (bounds(v1, qual, self.voc)[0], bounds(v2, qual, self.voc)[1])
        )
        # the period and place are read last: a year or an unreadable number needs neither
        return [
            Figure(
                text,
                low,
                high,
                kind,
                unit,
                event,
                subject,
                self._period(start, end),
                self._place(start, end),
                start,
                end,
                significant_digits(raw2 or raw1),
            )
        ]


def extract(text: str, vocabulary: Vocabulary = DEFAULT, start: int = 0) -> list[Figure]:
    """Every figure in `text` (those beginning at or after `start`; the text before it is
    context only, e.g. the sentence a quoted passage begins in)."""
    words = figure_words(vocabulary)
    if words is not None and not may_match(DIGIT, text):
        lower = lowered(text)  # masking only blanks: what the masked text holds, this text holds
        if lower is not None and not may_match(words, lower):
            return []  # a fifth of passages: no masking, no reading
    return _Reader(text, vocabulary).figures(start)
