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
from itertools import pairwise
from typing import TYPE_CHECKING

from checker.matching.index import SourceIndex
from checker.matching.quote import ELISION_MAX_CHARS, anchor_of, parse_quote

if TYPE_CHECKING:
    from checker.normalize import Folded

RUNS = (0, 4, 2)  # the whole part first, then runs of this many words
MAX_HITS = 50  # a run found more often than this says little about where a quote stands
MARGIN = 1000  # characters kept around a passage: the aligner's slack and edge brackets
MAX_SHARE = 0.25  # regions covering more of the source than this: index the whole of it


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


def quote_hits(text: str, quote: str) -> tuple[list[int], int] | None:
    """Where the quote's anchor part (its longest) may stand in `text`, and how far around
    those places its passage can reach; None when no run of its words is found."""
    parts = parse_quote(quote)
    if not parts:
        return [], 0
    anchor = parts[anchor_of(parts)]
    for size in RUNS:
        hits = [at for probe in anchor.runs(size) if probe for at in _find_all(text, probe) or ()]
        if hits:
            reach = sum(len(p.raw) for p in parts) + (len(parts) - 1) * ELISION_MAX_CHARS
            return hits, reach + MARGIN
    return None


def spans(text: str, quotes: Collection[str]) -> list[tuple[int, int]] | None:
    """The spans of `text` (folded) that these quotes' passages can lie in, merged and cut at
    spaces, or None when the whole text should be indexed."""
    budget = MAX_SHARE * len(text)
    if sum(2 * (len(q) + MARGIN) for q in quotes) > budget:
        return None  # a short source: even one place per quote would cover too much of it
    around = []
    for quote in quotes:
        found = quote_hits(text, quote)
        if found is None:
            return None
        hits, reach = found
        hits.sort()
        around += [(at, reach) for at in hits]
        # Runs found together (one place, several runs of its words) cost one region.
        places = 1 + sum(b - a > 2 * reach for a, b in pairwise(hits))
        if places * 2 * reach > budget:
            return None
    merged: list[tuple[int, int]] = []
    for at, reach in sorted(around):
        # Cut at spaces so that no token is split: a token never holds a space.
        a = text.rfind(" ", 0, at - reach) + 1 if at > reach else 0
        b = text.find(" ", at + reach)
        b = len(text) if b < 0 else b
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    if sum(b - a for a, b in merged) > budget:
        return None
    return merged


def scope(folded: Folded, quotes: Collection[str]) -> Scope | None:
    """One index of just the regions where these quotes can stand, or None: index the whole."""
    found = spans(folded.text, quotes)
    return Scope(folded, SourceIndex(folded.text, found)) if found else None
