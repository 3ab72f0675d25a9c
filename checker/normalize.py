"""Folding away what is cosmetic, with a map from every folded character back to the original.

Folded: letter case, white space runs, typographic quotes and dashes, NBSP / zero-width / soft
hyphens, compatibility forms (NFKC), HTML tags, Markdown emphasis (`*`) and escapes, and footnote
markers (`<sup>1</sup>`, `[^1]`, and in sources a digit glued after a word or a full stop:
"day.3").
Bracketed reference numbers (`[12]`) stay: the aligner treats them as footnotes when only the
source has them, and as numbers when the quote gives another one.
Punctuation is kept: a punctuation difference is minor, not cosmetic.
Where the markup, footnote markers and white-space runs are is found by checker.marks.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from checker.marks import INLINE_TAGS, emphasis, find_marks, heading, makes_markup

_DROP = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"
_FIXED = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    "\u2026": "...",
    **dict.fromkeys(_DROP, ""),
}


@lru_cache(maxsize=65536)
def fold_char(c: str) -> str:
    """What one character folds to: usually one character, sometimes none or several."""
    if c in _FIXED:
        return _FIXED[c]
    if c.isascii():
        return c.lower()
    # What NFKC gives may itself be typography ("｀" is "`", "⁻" is "−"): folded too, or a
    # second fold would change the text again.
    return "".join(_FIXED.get(f, f) for f in unicodedata.normalize("NFKC", c).lower())


@dataclass(frozen=True, eq=False)
class Folded:
    """Folded text with a compact map back to `original`.

    The map is a list of runs: folded characters from `run_at[k]` on come from `original` at
    `run_orig[k]`, advancing one by one where `run_step[k]` is 1 and standing still where it is 0
    (a collapsed white-space run, an expansion such as "…" to "..."). Runs change only where
    something was dropped or expanded, so the map is far smaller than one entry per character.
    """

    text: str
    original: str
    run_at: array  # type: ignore[type-arg]
    run_orig: array  # type: ignore[type-arg]
    run_step: array  # type: ignore[type-arg]

    def orig(self, i: int) -> int:
        """Where folded character i came from; len(text) maps to len(original)."""
        if i >= len(self.text):
            return len(self.original)
        k = bisect_right(self.run_at, i) - 1
        return int(self.run_orig[k] + (i - self.run_at[k]) * self.run_step[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for folded characters [start, end)."""
        if end <= start:
            pos = self.orig(start)
            return pos, pos
        return self.orig(start), self.orig(end - 1) + 1


_NOTABLE = re.compile(r"[^\x00-\x5f\x61-\x7f]")  # everything but ASCII, and the backquote


def _table_for(text: str) -> tuple[dict[int, str], re.Pattern[str] | None]:
    """A translate table (applied after str.lower) for characters that fold to exactly one
    character, and a pattern for those that fold to none or several (their offsets need care)."""
    if text.isascii():  # of ASCII, only the backquote folds to another character
        return ({ord("`"): "'"} if "`" in text else {}), None
    table: dict[int, str] = {}
    odd = []
    # Only the characters outside plain ASCII letters and digits need a look; a regex finds
    # them far faster than set() over the whole text.
    for c in set(_NOTABLE.findall(text)):
        f = fold_char(c)
        if len(f) == 1:
            if f != c.lower():  # str.lower() does the rest, much faster than translate
                table[ord(c.lower())] = f
        elif not c.isspace():
            odd.append(c)
        if len(c.lower()) != 1 and c not in odd:
            odd.append(c)
    pattern = re.compile("[" + re.escape("".join(sorted(odd))) + "]") if odd else None
    return table, pattern


def _lower(chunk: str, table: dict[int, str]) -> str:
    return chunk.lower().translate(table) if table else chunk.lower()


class _Builder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.size = 0
        self.run_at, self.run_orig, self.run_step = array("l"), array("l"), array("b")
        self.last_space = True  # drop leading white space

    def emit(self, piece: str, orig: int, step: int) -> None:
        at = self.run_at
        if not (step and at and self.run_step[-1] and self.run_orig[-1] + (self.size - at[-1]) == orig):
            at.append(self.size)
            self.run_orig.append(orig)
            self.run_step.append(step)
        self.out.append(piece)
        self.size += len(piece)
        self.last_space = piece.endswith(" ")


def fold(original: str, footnotes: bool = True) -> Folded:
    """Fold `original`; linear in its length, and idempotent: fold(fold(x).text).text == fold(x).text.

    Dropping markup can bring a footnote digit next to a word ("forces<b>4</b>"), so when the
    first pass dropped or expanded anything it is run again until nothing changes, and the maps
    are composed. `footnotes=False` keeps digits glued to words: a quote's own "total:75" must
    be compared, not dropped as a marker (the matcher knows a source's dropped markers).
    """
    folded, changed = _fold_once(original, footnotes)
    for _ in range(3):
        if not changed:
            break
        again, changed = _fold_once(folded.text, footnotes)
        if again.text == folded.text:
            break
        folded = _compose(again, folded)
    return folded


def _compose(outer: Folded, inner: Folded) -> Folded:
    """`outer` folds `inner.text`; the result maps outer's characters to inner's original.
    Run by run, not character by character: an advancing outer run is cut where inner's runs
    change, a standing one stays one run."""
    at, orig, step = array("l"), array("l"), array("b")

    def run(i: int, o: int, s: int) -> None:
        if not (step and step[-1] == s == 1 and orig[-1] + (i - at[-1]) == o):
            at.append(i)
            orig.append(o)
            step.append(s)

    n, inner_n = len(outer.text), len(inner.text)
    bounds = [*outer.run_at[1:], n]
    for k, i in enumerate(outer.run_at):
        stop = bounds[k]
        if i >= stop:
            continue
        p = outer.run_orig[k]
        if not outer.run_step[k] or p >= inner_n:
            run(i, inner.orig(p), 0)
            continue
        while i < stop:  # inner positions p, p+1, ... through inner's runs
            if p >= inner_n:
                run(i, len(inner.original), 0)
                break
            j = bisect_right(inner.run_at, p) - 1
            length = min(stop - i, (inner.run_at[j + 1] if j + 1 < len(inner.run_at) else inner_n) - p)
            run(i, inner.orig(p), inner.run_step[j])
            i, p = i + length, p + length
    if not at:
        at.append(0)
        orig.append(len(inner.original))
        step.append(0)
    return Folded(outer.text, inner.original, at, orig, step)


def _fold_spaces(original: str, lowered: str, runs: list[tuple[int, int]]) -> Folded:
    """Folding when white-space runs are all there is to fold: each becomes one space, and the
    map needs one entry per run, built without a call per piece (most large sources are this:
    text with paragraph breaks)."""
    if not runs and original[:1] not in ("", " ") and original[-1:] != " ":
        return Folded(lowered, original, array("l", [0]), array("l", [0]), array("b", [1]))
    bounds = [0]
    for a, b in runs:  # runs are maximal, but a single space before one is not in it
        bounds += (a - 1 if a and original[a - 1] == " " else a), b
    bounds.append(len(original))
    pieces = list(zip(bounds[0::2], bounds[1::2], strict=True))
    if original[:1] == " ":  # a single space at either end goes too
        pieces[0] = (max(1, pieces[0][0]), pieces[0][1])
    if original[-1:] == " ":
        pieces[-1] = (pieces[-1][0], min(len(original) - 1, pieces[-1][1]))
    pieces = [(a, b) for a, b in pieces if a < b]  # a run at either end leaves an empty one
    if not pieces:
        return Folded("", original, array("l", [0]), array("l", [len(original)]), array("b", [0]))
    # Piece k starts after the earlier pieces and a space after each; that space maps to the
    # character after its piece, so it continues the piece's run of the map.
    at = array("l", accumulate((b - a + 1 for a, b in pieces[:-1]), initial=0))
    return Folded(
        " ".join(lowered[a:b] for a, b in pieces),
        original,
        at,
        array("l", (a for a, _ in pieces)),
        array("b", [1]) * len(pieces),
    )


def _fold_once(original: str, footnotes: bool) -> tuple[Folded, bool]:
    table, odd = _table_for(original)
    marks, spaces = find_marks(original, footnotes)
    again = bool(table) and makes_markup(original, table)
    if odd is None and not marks:
        return _fold_spaces(original, _lower(original, table), spaces), again
    # In text order, a mark before a white-space run at the same place (the sort is stable).
    specials = sorted([*marks, *((a, end, "space", None) for a, end in spaces)], key=lambda f: f[0])
    b = _Builder()
    structural = odd is not None or again

    def plain(start: int, end: int) -> None:
        if b.last_space and start < end and original[start] == " ":
            start += 1  # a single space after a dropped tag or a collapsed run
        if start >= end:
            return
        pos = start
        if odd is not None:
            for m in odd.finditer(original, start, end):
                if pos < m.start():
                    b.emit(_lower(original[pos : m.start()], table), pos, 1)
                expanded = fold_char(m.group())
                if expanded:
                    b.emit(expanded, m.start(), 0 if len(expanded) > 1 else 1)
                pos = m.end()
        if pos < end:
            b.emit(_lower(original[pos:end], table), pos, 1)

    pos = 0
    for a, end, kind, m in specials:
        if (
            a < pos
            or (kind == "emphasis" and not emphasis(original, a, end))
            or (kind == "heading" and not heading(original, a))
        ):
            continue  # inside what an earlier match took, or plain text after all
        plain(pos, a)
        pos = end
        if m is None:  # a white-space run
            if not b.last_space:
                b.emit(" ", a, 0)
            continue
        structural = True
        if kind == "escape":  # keep an escaped character, except the emphasis marks * and _
            if m.group("escaped"):
                plain(m.start("escaped"), end)
            continue
        tagname = m.group("tagname") if kind == "markup" else None
        if tagname is not None and tagname.lower() not in INLINE_TAGS and not b.last_space:
            b.emit(" ", a, 0)
    plain(pos, len(original))
    text = "".join(b.out)
    if text.endswith(" "):
        text = text[:-1]
    if not b.run_at:
        b.run_at.append(0)
        b.run_orig.append(len(original))
        b.run_step.append(0)
    return Folded(text, original, b.run_at, b.run_orig, b.run_step), structural


TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:'[^\W_]+)*|[^\w\s]|_")


def token_texts(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """`TOKEN.findall(text, start, end)`, twice as fast on prose: no token holds a space, and a
    run of letters alone (or of digits alone) between spaces is one token whole, so the regex
    runs only on the other runs ("day.", "1,200", "(AP)")."""
    find = TOKEN.findall
    out: list[str] = []
    for run in text[start:end].split(" "):
        if run.isalpha() or run.isdecimal():
            out.append(run)
        elif run:
            out += find(run)
    return out
