"""Where in a source its quotes can stand, found without indexing the whole source.

Indexing costs about 100 ns a character of source; `str.find` scans one in under 1 ns. So a
source cited by a few quotes is indexed only around the places where their words stand: each
quote's anchor part is looked for with `str.find` as a whole, else in runs of 4 words, else of
2 (a changed word leaves the other runs to be found), and one index is built over the text
around the hits. When a quote's words are nowhere, or the regions would cover much of the
source, the whole source is indexed as before: regions save work and never decide a verdict.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.matching.index import SourceIndex
from checker.matching.quote import ELISION_MAX_CHARS, anchor_of, parse_quote

if TYPE_CHECKING:
    from checker.normalize import Folded

RUNS = (0, 4, 2)  # the whole part first, then runs of this many words
MAX_HITS = 50  # a run found more often than this says little about where a quote stands
# Characters kept around a quote's expected place: source words inserted into the passage, the
# aligner's slack (a third of the quote) and the words an edge [bracket] stands for.
SLACK = 300
MAX_SHARE = 0.5  # regions covering more of the source than this: index the whole of it


def _slack(quote: str) -> int:
    """Characters kept on each side of a place of this quote."""
    return SLACK + len(quote) // 3


def least_width(quote: str) -> int:
    """The fewest characters one place of this quote takes (its own length and the slack)."""
    return len(quote) + 2 * _slack(quote)


@dataclass(frozen=True)
class Scope:
    """The regions of a source around its quotes' possible places, indexed like a whole
    source: token offsets are the source's own, so passages need no translation."""

    folded: Folded
    index: SourceIndex


def _find_all(text: str, probe: str) -> list[int] | None:
    """Offsets of `probe` in `text`, or None when it is found more than MAX_HITS times."""
    hits: list[int] = []
    at = text.find(probe)
    while at >= 0:
        if len(hits) == MAX_HITS:
            return None
        hits.append(at)
        at = text.find(probe, at + 1)
    return hits


def quote_hits(text: str, quote: str) -> list[tuple[int, int]] | None:
    """The spans of `text` the quote's passage can lie in, one around each place where a run of
    its anchor part (its longest) stands; None when no run of its words is found."""
    parts = parse_quote(quote)
    if not parts:
        return []
    k = anchor_of(parts)
    slack = _slack(quote)
    # The other parts stand within ELISION_MAX_CHARS of the anchor, before or after it.
    before = sum(len(p.raw) + ELISION_MAX_CHARS for p in parts[:k]) + slack
    after = sum(len(p.raw) + ELISION_MAX_CHARS for p in parts[k + 1 :]) + slack
    for size in RUNS:
        found = [
            (at - lead - before, at + len(probe) + trail + after)
            for probe, lead, trail in parts[k].runs(size)
            if probe
            for at in _find_all(text, probe) or ()
        ]
        if found:
            return [(max(0, a), min(len(text), b)) for a, b in found]
    return None


def _merged(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans merged where they touch, and widened to spaces so that no token is split (a token
    never holds a space)."""
    merged: list[tuple[int, int]] = []
    for at, end in sorted(found):
        a = text.rfind(" ", 0, at) + 1 if at > 0 else 0
        b = text.find(" ", end)
        b = len(text) if b < 0 else b
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def spans(text: str, quotes: Collection[str]) -> list[tuple[int, int]] | None:
    """The spans of `text` (folded) that these quotes' passages can lie in, merged and cut at
    spaces, or None when the whole text should be indexed."""
    budget = MAX_SHARE * len(text)
    if sum(map(least_width, quotes)) > budget:
        return None  # a short source: even one place per quote would cover too much of it
    around: list[tuple[int, int]] = []
    for quote in quotes:
        found = quote_hits(text, quote)
        if found is None:
            return None
        # Runs found together (one place, several runs of its words) cost one region.
        if sum(b - a for a, b in _merged(text, found)) > budget:
            return None
        around += found
    merged = _merged(text, around)
    if sum(b - a for a, b in merged) > budget:
        return None
    return merged


def scope(folded: Folded, quotes: Collection[str]) -> Scope | None:
    """One index of just the regions where these quotes can stand, or None: index the whole."""
    found = spans(folded.text, quotes)
    return Scope(folded, SourceIndex(folded.text, found)) if found else None
