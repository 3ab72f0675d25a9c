"""Figures read from text: each number with its qualifier as an interval, its unit, what it
counts (event and subject), and the period and place its sentence gives.

Standard-library regular expressions over a masked copy of the text (see masks.py), so spans are
always spans of the text as given. What the words mean comes from vocabulary.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.figures.intervals import bounds, significant_digits
from checker.figures.masks import mask, mask_blocks
from checker.figures.periods import Period, find_periods
from checker.figures.vocabulary import DEFAULT, MULTIPLIERS, UNIT_WORDS, UNITS, Vocabulary

DIGITS = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PERCENT = r"\s*(?:%|per\s*cent\b|percent\b)"
_TRAILING = {"or more": "ge", "or so": "approx", "or fewer": "le", "or less": "le", "+": "ge",
             "-plus": "ge"}
_CLAUSE_END = re.compile(r"[.;:!?()\[\]]|,|\n\s*\n|\s[–—-]\s")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
WINDOW_WORDS = 8


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
        return {"text": self.text, "low": self.low,
                "high": None if math.isinf(self.high) else self.high, "kind": self.kind,
                "unit": self.unit, "thing": self.thing,
                "period": self.period.text if self.period else None, "place": self.place,
                **extra}


def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "tens of thousands" wins
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=8)
def _figure_regex(voc: Vocabulary) -> re.Pattern[str]:
    units = _alternation([w for w in UNITS if " " not in w])
    mults = _alternation(list(MULTIPLIERS))
    word_number = (rf"(?:half\s+a\s+(?:million|dozen)|a\s+(?:dozen|hundred|thousand|million)|"
                   rf"(?:{units})(?:[-\s]+(?:and\s+)?(?:{units}|{mults})\b)*)")
    number = rf"(?:(?:{DIGITS})(?:\s+(?:{mults})\b)?|{word_number})(?![\w])"
    return re.compile(
        rf"(?<![\w.,])(?:(?P<qual>{_alternation(list(voc.qualifiers))})\s+)?"
        rf"(?:(?P<vague>{_alternation(list(voc.vague))})\b"
        rf"|between\s+(?P<b1>{number})\s+and\s+(?P<b2>{number})"
        rf"|(?P<n1>{number})(?:\s*(?:[-–—]|to)\s*(?P<n2>{number}))?)"
        rf"(?P<pct>{_PERCENT})?(?P<trail>\s+or\s+(?:more|so|fewer|less)\b|\+|-plus\b)?",
        re.I)


def parse_number(text: str) -> float | None:
    """ "6,700" -> 6700, "9.6 million" -> 9.6e6, "two hundred" -> 200, "forty-five" -> 45."""
    m = re.fullmatch(rf"({DIGITS})(?:\s+(\w+))?", text.strip().lower())
    words = " ".join(text.lower().replace("-", " ").split())
    if words in UNITS:
        return UNITS[words]
    if m:
        value = float(re.sub(r"[,\u00a0\u202f]", "", m.group(1)))
        return value * MULTIPLIERS.get(m.group(2) or "", 1)
    total, current = 0.0, 0.0
    for w in words.split():
        if w == "and":
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


def _phrases(text: str, table: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """(start, end, canonical) for every synonym in `text`, longest first, no overlaps."""
    hits: list[tuple[int, int, str]] = []
    pairs = sorted(((w, name) for name, ws in table.items() for w in (*ws, name)),
                   key=lambda p: len(p[0]), reverse=True)
    for word, name in pairs:
        for m in re.finditer(rf"\b{_alternation([word])}\b", text, re.I):
            if not any(s < m.end() and m.start() < e for s, e, _ in hits):
                hits.append((m.start(), m.end(), name))
    return sorted(hits)


def _words_after(text: str, limit: int = WINDOW_WORDS) -> str:
    m = list(_WORD.finditer(text))
    return text[: m[limit - 1].end()] if len(m) >= limit else text


def _words_before(text: str, limit: int = WINDOW_WORDS) -> str:
    m = list(_WORD.finditer(text))
    return text[m[-limit].start():] if len(m) >= limit else text


class _Reader:
    """Reads the figures of one text; the masked copies and period phrases are made once."""

    def __init__(self, text: str, voc: Vocabulary) -> None:
        self.text, self.voc = text, voc
        self.blocked = mask_blocks(text)
        self.masked = mask(self.blocked)
        self.periods = find_periods(self.blocked)

    def _clause(self, start: int, end: int, prev_end: int, next_start: int) -> tuple[str, str]:
        after = self.masked[end:next_start]
        stop = _CLAUSE_END.search(after)
        after = after[: stop.start()] if stop else after
        before = self.masked[prev_end:start]
        stops = list(_CLAUSE_END.finditer(before))
        before = before[stops[-1].end():] if stops else before
        return _words_before(before), _words_after(after)

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        begin = max((m.end() for m in _SENTENCE_END.finditer(self.masked, 0, start)), default=0)
        stop = _SENTENCE_END.search(self.masked, end)
        return begin, stop.start() if stop else len(self.masked)

    def _period(self, start: int, end: int) -> Period | None:
        lo, hi = self._sentence(start, end)
        near = [(self._crosses_clause(min(e, start), max(s, end)), max(s - end, start - e, 0), p)
                for s, e, p in self.periods if s >= lo and e <= hi]
        return min(near, key=lambda x: x[:2])[2] if near else None

    def _crosses_clause(self, a: int, b: int) -> bool:
        """A period in the figure's own clause is preferred to a nearer one across a comma."""
        return _CLAUSE_END.search(self.masked, a, b) is not None

    def _place(self, start: int, end: int) -> str | None:
        lo, hi = self._sentence(start, end)
        found = [(abs(m.start() - start), m.group()) for p in self.voc.places
                 for m in re.finditer(rf"\b{re.escape(p)}\b", self.text[lo:hi])]
        return min(found)[1] if found else None

    def _about(self, before: str, after: str) -> tuple[str | None, str | None, str, bool]:
        """(event, subject, unit, whether a subject follows) from the words after the figure,
        else the words before it."""
        unit = ""
        first = _WORD.match(after.lstrip())
        if first:
            unit = next((u for u, ws in UNIT_WORDS.items() if first.group().lower() in ws), "")
        subjects_after = _phrases(after, self.voc.subjects)
        spans = [(s, e) for s, e, _ in subjects_after]
        events_after = [h for h in _phrases(after, self.voc.events)
                        if not any(s < h[1] and h[0] < e for s, e in spans)]
        event = events_after[0][2] if events_after else None
        subject = subjects_after[0][2] if subjects_after else None
        if event is None:
            events_before = _phrases(before, self.voc.events)
            event = events_before[-1][2] if events_before else None
        if subject is None and event is not None:
            subjects_before = _phrases(before, self.voc.subjects)
            subject = subjects_before[-1][2] if subjects_before else None
        close = len(_words_after(after, 3))  # "2,000 peaceful protesters": a count, not a year
        return event, subject, unit, bool(subjects_after) and subjects_after[0][0] < close

    def figures(self, start: int = 0) -> list[Figure]:
        matches = [m for m in _figure_regex(self.voc).finditer(self.masked)
                   if m.group().strip() and not self._pronoun(m)]
        out: list[Figure] = []
        for i, m in enumerate(matches):
            prev_end = matches[i - 1].end() if i else 0
            next_start = matches[i + 1].start() if i + 1 < len(matches) else len(self.masked)
            if m.start() >= start:
                out.extend(self._figures_of(m, prev_end, next_start))
        return out

    def _pronoun(self, m: re.Match[str]) -> bool:
        """"one" alone is a pronoun ("one of at least three journalists"), not a count."""
        return not m.group("qual") and (m.group("n1") or "").lower() == "one" and not m.group("n2")

    def _figures_of(self, m: re.Match[str], prev_end: int, next_start: int) -> list[Figure]:
        start, end = m.start(), m.end()
        text = self.text[start:end]
        qual = self.voc.qualifiers.get(" ".join((m.group("qual") or "").lower().split()), "exact")
        trail = (m.group("trail") or "").strip().lower()
        qual = _TRAILING.get(" ".join(trail.split()), qual)
        before, after = self._clause(start, end, prev_end, next_start)
        event, subject, unit, counted = self._about(before, after)
        kind = "count"
        if m.group("pct"):
            kind, unit = "percent", "percent"
        elif re.search(r"\baged?\s+(?:\d+\s*(?:,|and|or)\s*)*$", self.masked[:start], re.I):
            kind, unit = "age", "years"
        common = dict(event=event, subject=subject, period=self._period(start, end),
                      place=self._place(start, end))
        if m.group("vague"):
            low, high = self.voc.vague[" ".join(m.group("vague").lower().split())]
            return [Figure(text, low, high, kind, unit, **common, start=start, end=end)]  # type: ignore[arg-type]
        raw1, raw2 = m.group("n1") or m.group("b1"), m.group("n2") or m.group("b2")
        v1, v2 = parse_number(raw1), parse_number(raw2) if raw2 else None
        if v1 is None or (raw2 and v2 is None):
            return []
        if (kind == "count" and not unit and not counted and _is_year(raw1, v1)
                and (v2 is None or _is_year(raw2 or "", v2))):
            spans = [(m.start("n1") if m.group("n1") else m.start("b1"), raw1, v1)]
            if raw2 and v2 is not None:
                spans.append((m.start("n2") if m.group("n2") else m.start("b2"), raw2, v2))
            return [Figure(raw, v, v, "year", "", event, None, None, None, s, s + len(raw),
                           len(raw)) for s, raw, v in spans]
        low, high = bounds(v1, qual, self.voc) if v2 is None else (
            bounds(v1, qual, self.voc)[0], bounds(v2, qual, self.voc)[1])
        return [Figure(text, low, high, kind, unit, **common, start=start, end=end,  # type: ignore[arg-type]
                       digits=significant_digits(raw2 or raw1))]


def extract(text: str, vocabulary: Vocabulary = DEFAULT, start: int = 0) -> list[Figure]:
    """Every figure in `text` (those beginning at or after `start`; the text before it is
    context only, e.g. the sentence a quoted passage begins in)."""
    return _Reader(text, vocabulary).figures(start)
