"""What folding drops or collapses, found in a text: HTML tags and comments, footnote markers
(`<sup>1</sup>`, `[^1]`, a digit glued after a word or a full stop), Markdown emphasis, escapes
and headings, and white-space runs. checker.normalize folds what these find.
"""

from __future__ import annotations

import re
from itertools import chain

# Only real HTML tag names count as markup: "<The Palace: Tale of ...>" in a page is text.
_BLOCK_TAGS = {
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "pre",
    "dl",
    "dt",
    "dd",
    "img",
    "main",
}
INLINE_TAGS = {
    "a",
    "abbr",
    "b",
    "cite",
    "code",
    "em",
    "i",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "u",
    "font",
    "del",
    "ins",
}
_TAGS = _BLOCK_TAGS | INLINE_TAGS

# A footnote digit glued after a word and a full stop ("day.3"), or to a word ("forces4").
_FOOTNOTE = (
    r"\d(?:(?<=[^\W\d_]{2}[.,;:!?\"')\]\u201d\u2019]\d)\d{0,2}(?=\s|$)"
    r"|(?<=[a-z]{3}\d)\d?(?=[\s.,;:)\]]|$))"
)
# In ASCII text it is looked for with every digit read as "0": a pattern that starts with a
# literal is scanned for at memchr speed, one that starts with \d a character at a time.
_FOOTNOTE_ASCII = re.compile(_FOOTNOTE.replace(r"\d", "0"), re.MULTILINE)
_ZEROS = str.maketrans("0123456789", "0" * 10)

# One pattern per kind of markup, each starting with a literal or a small character class so
# that the regex engine skips the text between candidates at memchr speed; their matches are
# merged in text order (the earliest wins; at one position, the first in this list).
_PATTERNS = [
    re.compile(p, re.DOTALL | re.MULTILINE)
    for p in (
        r"<(?:(?P<sup>(?i:sup)>\s*[^<\s]{1,6}\s*</(?i:sup)>)|(?P<comment>!--.{0,2000}?-->)"
        r"|(?P<tag>/?(?i:(?P<tagname>" + "|".join(sorted(_TAGS, key=len, reverse=True)) + r"))(?:\s[^<>]{0,500})?/?>))",
        r"\[\^[^\]\s]{1,10}\]",  # a Markdown footnote reference
        _FOOTNOTE,
        r"\*\**",  # emphasis, when it touches a word (checked in `emphasis`)
        r"\\(?:[*_]|(?P<escaped>[\\`{}\[\]()#+\-.!]))",
        # a heading, when only blanks precede it on its line; "# # #" all at once, or a later pass
        # would find the next mark at a line start and folding would not be idempotent
        r"#(?:#{0,5}(?:[^\S\n]+|$))(?:##{0,5}(?:[^\S\n]+|$))*",  # "#" first: scanned for fast
        r"  \s*",  # white space other than one plain space: a run of spaces...
    )
]
_KINDS = ("markup", "fnref", "footnote", "emphasis", "escape", "heading", "space")
# ...or a run from any other white space character (the characters `\s` matches). One pattern
# each: a pattern that starts with a literal is scanned for at memchr speed, one that starts
# with a character class a character at a time (ten times slower).
WHITE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WHITE_RUN = {c: re.compile(re.escape(c) + r"\s*") for c in WHITE}


_FIRST = ("<", "[^", "", "*", "\\", "#", "  ")  # a pattern can only match where this is in the text
_DIGIT_OR_OTHER_BLANK = (re.compile(r"\d"), re.compile(r"[^\S ]"))
_MARKS = tuple(filter(None, _FIRST))


Special = tuple[int, int, str, "re.Match[str] | None"]  # start, end, kind, match (None: space)


def find_marks(text: str, footnotes: bool) -> tuple[list[Special], list[tuple[int, int]]]:
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
        white += [_WHITE_RUN[c] for c in WHITE if (c < "\x80" or not ascii_only) and c in text]
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


def emphasis(text: str, a: int, b: int) -> bool:
    """A run of `*` is Markdown emphasis when it opens before or closes after a word."""
    before = text[a - 1] if a else " "
    after = text[b] if b < len(text) else " "
    opens = not (before.isalnum() or before == "_") and not after.isspace()
    closes = not before.isspace() and not (after.isalnum() or after == "_")
    return opens or closes


def heading(text: str, a: int) -> bool:
    return not text[text.rfind("\n", 0, a) + 1 : a].strip()


_MARKUP_CHARS = frozenset("<>[^*#\\_")  # what markup patterns start with or hold
_ESCAPABLE = frozenset("`{}[]()+-.!")  # what a backslash escapes


def makes_markup(text: str, table: dict[int, str]) -> bool:
    """Whether a character folds into markup the first pass could not see: "＼*" becomes an
    escape, "\\‐" an escaped "-". The fold is then run again."""
    into = set(table.values())
    return bool(into & _MARKUP_CHARS) or ("\\" in text and bool(into & _ESCAPABLE))
