"""A quote as the checker reads it: parts separated by elisions, with editorial gaps.

`...`, `…`, `[...]`, `[…]` and `(...)` split a quote into parts that must appear in order, each
within a bounded distance of the last. `[words]` is the editor's: it may stand for up to
EDITORIAL_MAX_TOKENS source tokens, or for none. `[sic]` adds nothing. A bracket glued to a word
(`[T]he`, `protest[s]`) only changes letters, so its content is read as part of the word;
and a bracketed number (`[12]`) is a reference marker, read as it stands.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, count, pairwise
from operator import add

from checker.normalize import Folded, fold, token_texts

GAP = "\x00gap"  # a token no text can produce
EDITORIAL_MAX_TOKENS = 12
ELISION_MAX_CHARS = 5000
GAP_CHARS = EDITORIAL_MAX_TOKENS * 10  # the source text an editorial gap may stand for

_ELISION = re.compile(
    r"\s*(?:\[\s*(?:\.\s*){3,}\]|\[\s*\u2026\s*\]|\(\s*(?:\.\s*){3,}\)|"
    r"\(\s*\u2026\s*\)|(?:\.\s?){2}\.+|\u2026)\s*"
)
# Every elision holds "…" or two full stops with only white space between: looked for first,
# as the pattern above, starting with \s*, is tried at every character (20 us a quote).
_MAYBE_ELISION = re.compile(r"\.\s*\.|\u2026")
_EDGE = {GAP, '"', "'"}
_DIGIT = re.compile(r"\d")
_BRACKET = re.compile(r"\[([^\[\]]{0,120})\]")


class _Segment:
    """A stretch of the quote folded in one go; its tokens' offsets are found only when a
    report needs a token's original words or a probe its folded text."""

    __slots__ = ("_spans", "_words", "folded")

    def __init__(self, folded: Folded, words: list[str]) -> None:
        self.folded, self._words = folded, words
        self._spans: list[tuple[int, int]] | None = None

    def span(self, k: int) -> tuple[int, int]:
        """Folded offsets of the segment's token k."""
        if self._spans is None:
            self._spans = self._find_spans()
        return self._spans[k]

    def text_of(self, a: int, b: int) -> str:
        """The folded text from token a to token b, both included."""
        if a == 0 and b == len(self._words) - 1:
            return self.folded.text  # all of it (most probes): folding leaves no edge spaces
        return self.folded.text[self.span(a)[0] : self.span(b)[1]]

    def _find_spans(self) -> list[tuple[int, int]]:
        # Folded text is its tokens in order with spaces between (checker.matching.index
        # relies on it too; a property test checks it): the next token's text, looked for
        # from the end of the last, is found where that token starts, past the spaces.
        text, pos, spans = self.folded.text, 0, []
        for w in self._words:
            pos = text.find(w, pos)
            spans.append((pos, pos + len(w)))
            pos += len(w)
        return spans


Stretch = tuple[int, "_Segment | str", int]  # see QuotePart.stretches


@dataclass(frozen=True)
class QuotePart:
    folded: tuple[str, ...]  # its tokens' folded texts, GAP for an editorial gap
    # Where they come from, a stretch at a time: (index of the stretch's first token, the
    # segment it was folded in and that token's index there), or (index, the gap's bracket, 0).
    stretches: tuple[Stretch, ...] = ()
    literal: tuple[str, ...] = ()  # the words with any [bracket] read as it stands
    lead: str = ""  # a [bracket] before the first word: it stands for source words before it
    trail: str = ""  # and one after the last word
    raw: str = ""  # the part as the quote writes it

    @cached_property
    def lenient(self) -> tuple[str, ...]:
        """Its words with glued footnote digits folded as a source's are ("day.3" -> "day."),
        when that differs; asked for only when the words themselves are not found."""
        if not _DIGIT.search(self.raw):
            return ()
        words = tuple(token_texts(fold(self.raw).text))
        return () if words == tuple(self.literal or self.words) else words

    @cached_property
    def words(self) -> list[str]:
        """The tokens' folded texts (read, never changed, by the matcher)."""
        return list(self.folded)

    @cached_property
    def _firsts(self) -> list[int]:
        return [first for first, _, _ in self.stretches]

    def _place(self, i: int) -> tuple[_Segment | str, int]:
        """Where token i was folded: its segment and its index there, or for an editorial gap
        its bracket and 0."""
        first, where, k = self.stretches[bisect_right(self._firsts, i) - 1]
        return (where, 0) if isinstance(where, str) else (where, k + i - first)

    @cached_property
    def _ends(self) -> list[int]:
        """Where each token ends, in characters of the part (a gap counted as the most source
        text it may stand for)."""
        lengths = (
            map(len, self.folded) if not self.has_gap else (GAP_CHARS if w == GAP else len(w) for w in self.folded)
        )
        return list(map(add, accumulate(lengths), count(1)))

    def originals(self, a: int, b: int) -> list[str]:
        """Tokens a to b (b excluded) as the quote writes them, an editorial gap as its bracket:
        found only where a report shows them."""
        out = []
        for i in range(a, b):
            where, k = self._place(i)
            if isinstance(where, str):
                out.append(where)
            else:
                lo, hi = where.folded.span(*where.span(k))
                out.append(where.folded.original[lo:hi])
        return out

    @cached_property
    def weight(self) -> int:
        return sum(map(len, self.words)) - len(GAP) * self.words.count(GAP)  # as `weight` sums

    @cached_property
    def has_gap(self) -> bool:
        return GAP in self.words

    def runs(self, size: int) -> list[tuple[str, int, int]]:
        """The folded text of runs of `size` tokens (the part's own pieces when size is 0),
        never across an editorial gap: strings a source that holds the words will contain,
        unless it spaces or marks them otherwise. Each comes with about how many characters of
        the part stand before and after it (a gap counted as the most source words it may
        stand for)."""
        ends = self._ends
        at = ends[-1] if ends else 0
        gaps = [i for i, w in enumerate(self.folded) if w == GAP] if self.has_gap else []
        pieces = [range(a + 1, b) for a, b in pairwise([-1, *gaps, len(self.folded)])]
        out = []
        for piece in filter(None, pieces):
            step = size or len(piece)
            for k in range(0, len(piece), step):
                run = piece[k : k + step] if len(piece) - k >= min(step, 2) else piece[-2:]
                (seg, a), (last, b) = self._place(run[0]), self._place(run[-1])
                # Tokens folded apart ("[T]he") may not stand together: the first one alone.
                text = seg.text_of(a, b) if last is seg and isinstance(seg, _Segment) else self.folded[run[0]]
                before = ends[run[0] - 1] if run[0] else 0
                out.append((text, before, at - ends[run[-1]]))
        return out


def _folded_words(text: str) -> tuple[_Segment, list[str]]:
    folded = fold(text, footnotes=False)
    words = token_texts(folded.text)
    return _Segment(folded, words), words


def weight(tok: str) -> int:
    """How much a token counts in a score: its letters; an editorial gap nothing."""
    return len(tok) if tok != GAP else 0


def anchor_of(parts: Sequence[QuotePart]) -> int:
    """The part looked for first, the others around it: the one with the most letters."""
    if len(parts) == 1:
        return 0  # most quotes: no weights to count
    return max(range(len(parts)), key=lambda i: parts[i].weight)


def _add(words: list[str], stretches: list[Stretch], text: str) -> None:
    seg, found = _folded_words(text)
    if found:
        stretches.append((len(words), seg, 0))
        words.extend(found)


def _gap_at(stretches: list[Stretch], i: int) -> str:
    """The bracket of the gap that is token i."""
    return next(where for first, where, _ in stretches if first == i and isinstance(where, str))


def _with_ends(stretches: Sequence[Stretch], last: int) -> list[tuple[Stretch, int]]:
    """Each stretch with the token index it ends at (the next one's first; `last` for the last)."""
    ends = [first for first, _, _ in stretches[1:]] + [last]
    return list(zip(stretches, ends, strict=True))


def _cut(stretches: list[Stretch], lo: int, hi: int) -> tuple[Stretch, ...]:
    """The stretches of tokens [lo, hi), renumbered from lo."""
    if lo == 0 and (not stretches or stretches[-1][0] < hi):
        return tuple(stretches)  # nothing cut off
    return tuple(
        (max(first, lo) - lo, where, k + max(0, lo - first))
        for (first, where, k), end in _with_ends(stretches, hi)
        if end > lo and first < hi
    )


@lru_cache(maxsize=1024)
def parse_quote(quote: str) -> tuple[QuotePart, ...]:
    """The quote's parts, in order; empty parts (a quote that starts with `...`) are dropped.
    Cached: a job finds each quote's regions (checker.matching.regions), then matches it."""
    parts = []
    for raw in _ELISION.split(quote) if _MAYBE_ELISION.search(quote) else [quote]:
        words: list[str] = []
        stretches: list[Stretch] = []
        pos = 0
        buf = ""
        for m in _BRACKET.finditer(raw):
            inner = m.group(1).strip()
            glued = (m.start() > 0 and raw[m.start() - 1].isalnum()) or (m.end() < len(raw) and raw[m.end()].isalnum())
            buf += raw[pos : m.start()]
            pos = m.end()
            if glued or inner.isdigit():  # letters of a word, or a reference like [12]
                buf += inner if glued else m.group()
            elif inner.lower() in ("sic", "sic!", "emphasis added", "emphasis mine"):
                buf += " "
            else:
                _add(words, stretches, buf)
                buf = ""
                if not words or words[-1] != GAP:
                    stretches.append((len(words), m.group(), 0))
                    words.append(GAP)
        buf += raw[pos:]
        _add(words, stretches, buf)
        literal = tuple(_folded_words(raw)[1]) if buf != raw else ()
        # A bracket or a quotation mark at an edge is nothing to find; an edge bracket is
        # still compared with the source words it stands for (checker.matching.matcher).
        lo, hi = 0, len(words)
        lead = trail = ""
        while lo < hi and words[lo] in _EDGE:
            lead = _gap_at(stretches, lo) if words[lo] == GAP else lead
            lo += 1
        while hi > lo and words[hi - 1] in _EDGE:
            trail = _gap_at(stretches, hi - 1) if words[hi - 1] == GAP else trail
            hi -= 1
        if words[lo:hi].count(GAP) < hi - lo:
            parts.append(QuotePart(tuple(words[lo:hi]), _cut(stretches, lo, hi), literal, lead, trail, raw))
    return tuple(parts)
