"""The patterns a vocabulary makes: the figure pattern (a number with its qualifier, range, per
cent and trailing words) and what a text must hold for it to match, the place names, and one
pattern a synonym table. Each is compiled once a vocabulary; those that ignore case are
masks.Caseless, and word alternations are grouped by their first letter for the engine's sake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TypeVar

from checker.figures.masks import Caseless, caseless
from checker.figures.vocabulary import MULTIPLIERS, UNITS, Vocabulary

T = TypeVar("T")

DIGITS = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PERCENT = r"\s*(?:%|per\s*cent\b|percent\b)"


def _escape(words: str) -> str:
    return re.escape(words).replace(r"\ ", r"\s+")


def _alternation(words: list[str]) -> str:
    """The words longest first ("tens of thousands" wins), grouped by their first character
    where each begins with a lower-case ASCII letter or a digit: the engine then tries one group
    at a position, not every word, in the same order (no character, not even under re.I, can
    begin words of two groups)."""
    ordered = sorted(words, key=len, reverse=True)
    if not all(re.match(r"[a-z0-9]", w) for w in ordered):
        return "|".join(map(_escape, ordered))
    groups: dict[str, list[str]] = {}
    for w in ordered:
        groups.setdefault(w[0], []).append(_escape(w[1:]))
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())


def _units() -> list[str]:
    return [w for w in UNITS if " " not in w]


@lru_cache(maxsize=8)
def figure_regex(voc: Vocabulary) -> Caseless:
    """A figure: a number, a range or a vague quantity, with its qualifier, per cent and the
    words that may trail it, each a named group."""
    units = _alternation(_units())
    mults = _alternation(list(MULTIPLIERS))
    word_number = (
        rf"(?:half\s+a\s+(?:million|dozen)|a\s+dozen|"
        rf"(?:a\s+(?:hundred|thousand|million)|{units})"
        rf"(?:[-\s]+(?:and\s+)?(?:{units}|{mults})\b)*)"
    )
    number = rf"(?:(?:{DIGITS})(?:\s+(?:{mults})\b)?|{word_number})(?![\w])"
    return caseless(
        rf"(?<![\w.,])(?:(?P<qual>{_alternation(list(voc.qualifiers))})\s+)?"
        rf"(?:(?P<vague>{_alternation(list(voc.vague))})\b"
        rf"|between\s+(?P<b1>{number})\s+and\s+(?P<b2>{number})"
        rf"|(?P<n1>{number})(?:\s*(?:[-–—]|to)\s*(?P<n2>{number}))?)"
        rf"(?P<pct>{_PERCENT})?(?P<trail>\s+or\s+(?:more|so|fewer|less)\b|\+|-plus\b)?"
    )


@lru_cache(maxsize=8)
def figure_words(voc: Vocabulary) -> tuple[str, ...] | None:
    """What a text without digits must hold, in lower case, for the figure pattern to match in
    it (a checker.figures.masks.Hint): a number word, or a word of a vague quantity. None when
    the pattern has no lower-case twin: a word outside ASCII, which lower() may not spell as
    re.I matches it."""
    if figure_regex(voc).lower is None:
        return None
    words = {"dozen", "hundred", "thousand", "million", *_units(), *(max(v.split(), key=len) for v in voc.vague)}
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))


@lru_cache(maxsize=8)
def places_regex(voc: Vocabulary) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation(list(voc.places))})\b")


@lru_cache(maxsize=32)
def _table_regex(voc: Vocabulary, table: str) -> tuple[Caseless, dict[str, str]]:
    """One regex for a synonym table (longest phrase first) and phrase -> canonical name."""
    names = {" ".join(w.split()): name for name, ws in getattr(voc, table).items() for w in (*ws, name)}
    return caseless(rf"\b(?:{_alternation(list(names))})\b"), names


def phrases(text: str, lower: str | None, voc: Vocabulary, table: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical) for every synonym of `table` in `text` (`lower` is
    `lowered(text)`), no overlaps."""
    pattern, names = _table_regex(voc, table)
    rx, subject = pattern.on(text, lower)
    found = ((m.start(), m.end(), entry(names, m.group())) for m in rx.finditer(subject))
    return [(a, b, name) for a, b, name in found if name is not None]


def entry(table: Mapping[str, T], matched: str) -> T | None:
    """What a phrase that a pattern of this module matched stands for in its table. re.I also
    takes a long s or a Kelvin sign for a letter ("ſentenced"), which casefold() maps back; a
    spelling no key holds (a dotted İ) stands for nothing."""
    words = " ".join(matched.split())
    got = table.get(words.lower())
    return table.get(words.casefold()) if got is None else got
