"""Folding away what is cosmetic, with a map from every folded character back to the original.

Folded: letter case, white space runs, typographic quotes and dashes, NBSP / zero-width / soft
hyphens, compatibility forms (NFKC), HTML tags, Markdown emphasis (`*`) and escapes, and footnote
markers (`<sup>1</sup>`, `[^1]`, and in sources a digit glued after a word or a full stop:
"day.3").
Bracketed reference numbers (`[12]`) stay: the aligner treats them as footnotes when only the
source has them, and as numbers when the quote gives another one.
Punctuation is kept: a punctuation difference is minor, not cosmetic.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain

_DROP = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"
_FIXED = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    "\u2026": "...",
    **dict.fromkeys(_DROP, ""),
}
# Only real HTML tag names count as markup: "<The Palace: Tale of ...>" in a page is text.
_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "tr",
               "td", "th", "table", "thead", "tbody", "blockquote", "section", "article", "header",
               "footer", "nav", "figure", "figcaption", "pre", "dl", "dt", "dd", "img", "main"}
_INLINE_TAGS = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
                "strong", "sub", "sup", "u", "font", "del", "ins"}
_TAGS = _BLOCK_TAGS | _INLINE_TAGS

# A footnote digit glued after a word and a full stop ("day.3"), or to a word ("forces4").
_FOOTNOTE = (r"\d(?:(?<=[^\W\d_]{2}[.,;:!?\"')\]\u201d\u2019]\d)\d{0,2}(?=\s|$)"
             r"|(?<=[a-z]{3}\d)\d?(?=[\s.,;:)\]]|$))")
# In ASCII text it is looked for with every digit read as "0": a pattern that starts with a
# literal is scanned for at memchr speed, one that starts with \d a character at a time.
_FOOTNOTE_ASCII = re.compile(_FOOTNOTE.replace(r"\d", "0"), re.MULTILINE)
_ZEROS = str.maketrans("0123456789", "0" * 10)

# One pattern per kind of markup, each starting with a literal or a small character class so
# that the regex engine skips the text between candidates at memchr speed; their matches are
# merged in text order (the earliest wins; at one position, the first in this list).
_PATTERNS = [re.compile(p, re.DOTALL | re.MULTILINE) for p in (
    r"<(?:(?P<sup>(?i:sup)>\s*[^<\s]{1,6}\s*</(?i:sup)>)|(?P<comment>!--.{0,2000}?-->)"
    r"|(?P<tag>/?(?i:(?P<tagname>" + "|".join(sorted(_TAGS, key=len, reverse=True)) +
    r"))(?:\s[^<>]{0,500})?/?>))",
    r"\[\^[^\]\s]{1,10}\]",  # a Markdown footnote reference
    _FOOTNOTE,
    r"\*\**",  # emphasis, when it touches a word (checked in _emphasis)
    r"\\(?:[*_]|(?P<escaped>[\\`{}\[\]()#+\-.!]))",
    # a heading, when only blanks precede it on its line; "# # #" all at once, or a later pass
    # would find the next mark at a line start and folding would not be idempotent
    r"#(?:#{0,5}(?:[^\S\n]+|$))(?:##{0,5}(?:[^\S\n]+|$))*",  # "#" first: scanned for fast
    r"  \s*",  # white space other than one plain space: a run of spaces...
)]
_KINDS = ("markup", "fnref", "footnote", "emphasis", "escape", "heading", "space")
# ...or a run from any other white space character (the characters `\s` matches). One pattern
# each: a pattern that starts with a literal is scanned for at memchr speed, one that starts
# with a character class a character at a time (ten times slower).
_WHITE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" \
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_WHITE_RUN = {c: re.compile(re.escape(c) + r"\s*") for c in _WHITE}


_FIRST = ("<", "[^", "", "*", "\\", "#", "  ")  # a pattern can only match where this is in the text
_DIGIT_OR_OTHER_BLANK = (re.compile(r"\d"), re.compile(r"[^\S ]"))
_MARKS = tuple(filter(None, _FIRST))


Special = tuple[int, int, str, "re.Match[str] | None"]  # start, end, kind, match (None: space)


def _specials(text: str, footnotes: bool) -> tuple[list[Special], list[tuple[int, int]]]:
    """Markup and footnote markers, and the white-space runs to fold, each in text order. Most
    sources hold white-space runs alone: those are gathered as bare spans (a million of them in
    the corpus), without a match object and a tuple each."""
    blank = _DIGIT_OR_OTHER_BLANK[1].search(text) is not None  # found at once in a source
    digits = footnotes and _DIGIT_OR_OTHER_BLANK[0].search(text) is not None
    if not (blank or digits or any(map(text.__contains__, _MARKS))):
        return [], []  # words and single spaces (most quotes): nothing any pattern could match
    ascii_only = text.isascii()
    found = []
    for k, (first, pattern, kind) in enumerate(zip(_FIRST[:6], _PATTERNS, _KINDS, strict=False)):
        subject = text
        if k == 2:
            if not digits:
                continue
            if ascii_only:
                pattern, subject = _FOOTNOTE_ASCII, text.translate(_ZEROS)
        elif not (first[0] in text and first in text):  # "[" at memchr speed before "[^"
            continue
        found += [(m.start(), k, m.end(), kind, m) for m in pattern.finditer(subject)]
    found.sort(key=lambda f: (f[0], f[1]))
    white = [_PATTERNS[6]]  # runs of spaces: looking costs what asking whether any are there does
    if blank:  # else no need to look for each other white-space character
        white += [_WHITE_RUN[c] for c in _WHITE if (c < "\x80" or not ascii_only) and c in text]
    runs = [got for pattern in white if (got := list(map(re.Match.span, pattern.finditer(text))))]
    spaces = runs[0] if len(runs) == 1 else _outermost(sorted(chain.from_iterable(runs)))
    return [(a, b, kind, m) for a, _, b, kind, m in found], spaces


def _outermost(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """White-space runs without those inside a run another white-space pattern took whole."""
    out: list[tuple[int, int]] = []
    end = -1
    for a, b in runs:
        if a >= end:
            out.append((a, b))
            end = b
    return out


def _emphasis(text: str, a: int, b: int) -> bool:
    """A run of `*` is Markdown emphasis when it opens before or closes after a word."""
    before = text[a - 1] if a else " "
    after = text[b] if b < len(text) else " "
    opens = not (before.isalnum() or before == "_") and not after.isspace()
    closes = not before.isspace() and not (after.isalnum() or after == "_")
    return opens or closes


def _heading(text: str, a: int) -> bool:
    return not text[text.rfind("\n", 0, a) + 1:a].strip()


@lru_cache(maxsize=65536)
def fold_char(c: str) -> str:
    """What one character folds to: usually one character, sometimes none or several."""
    if c in _FIXED:
        return _FIXED[c]
    if c.isascii():
        return c.lower()
    return unicodedata.normalize("NFKC", c).lower()


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
        if not (step and at and self.run_step[-1] and
                self.run_orig[-1] + (self.size - at[-1]) == orig):
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
            length = min(stop - i, (inner.run_at[j + 1] if j + 1 < len(inner.run_at)
                                    else inner_n) - p)
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
        return Folded("", original, array("l", [0]), array("l", [len(original)]),
                      array("b", [0]))
    # Piece k starts after the earlier pieces and a space after each; that space maps to the
    # character after its piece, so it continues the piece's run of the map.
    at = array("l", accumulate((b - a + 1 for a, b in pieces[:-1]), initial=0))
    return Folded(" ".join(lowered[a:b] for a, b in pieces), original, at,
                  array("l", (a for a, _ in pieces)), array("b", [1]) * len(pieces))


_MARKUP_CHARS = frozenset("<>[^*#\\_")  # what markup patterns start with or hold
_ESCAPABLE = frozenset("`{}[]()+-.!")  # what a backslash escapes


def _makes_markup(text: str, table: dict[int, str]) -> bool:
    """Whether a character folds into markup the first pass could not see: "＼*" becomes an
    escape, "\\‐" an escaped "-". The fold is then run again."""
    into = set(table.values())
    return bool(into & _MARKUP_CHARS) or ("\\" in text and bool(into & _ESCAPABLE))


def _fold_once(original: str, footnotes: bool) -> tuple[Folded, bool]:
    table, odd = _table_for(original)
    marks, spaces = _specials(original, footnotes)
    again = bool(table) and _makes_markup(original, table)
    if odd is None and not marks:
        return _fold_spaces(original, _lower(original, table), spaces), again
    # In text order, a mark before a white-space run at the same place (the sort is stable).
    specials = sorted([*marks, *((a, end, "space", None) for a, end in spaces)],
                      key=lambda f: f[0])
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
                    b.emit(_lower(original[pos:m.start()], table), pos, 1)
                expanded = fold_char(m.group())
                if expanded:
                    b.emit(expanded, m.start(), 0 if len(expanded) > 1 else 1)
                pos = m.end()
        if pos < end:
            b.emit(_lower(original[pos:end], table), pos, 1)

    pos = 0
    for a, end, kind, m in specials:
        if a < pos or (kind == "emphasis" and not _emphasis(original, a, end)) or (
                kind == "heading" and not _heading(original, a)):
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
        if tagname is not None and tagname.lower() not in _INLINE_TAGS and not b.last_space:
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

