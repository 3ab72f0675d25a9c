"""What looks like a number but is not a figure of a count: footnote markers and footnote
blocks, dates and day numbers, article and index numbers, URLs, phone numbers, rates, ratios,
codes such as COVID-19. `mask` blanks them out, keeping every offset, so that spans found in the
masked text are spans of the original."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|"
    "Nov\\.?|Dec\\.?"
)
MONTH_NUMBER = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMBER = r"\d{1,3}(?!\d)|one|two|three|four|five|six|seven|eight|nine|ten|a\s+hundred"
_NUMBERED = (
    r"Articles?|Art\.|Sections?|Paragraphs?|Chapters?|Part|Parts|No\.|Nos\.|Numbers?|"
    r"Resolutions?|Protocols?|Rules?|Index|Case|Law"
)  # what has article numbers

# What a text must hold for a pattern to match in it: one of some strings, or a match of a
# cheaper pattern (one that begins with a digit or a literal, which the engine scans for fast).
# Most passages hold no URL, date, rate or time; skipping a pattern saves a scan of the text.
Hint = tuple[str, ...] | re.Pattern[str] | None

# Paragraphs that are footnote text (a <sup>N</sup> or [^N] at their start) and page furniture
# are blanked whole: their numbers are references, and a sentence may run on across them. The
# hints are on the lower-cased text (see `lowered`).
_BLOCKS: list[tuple[re.Pattern[str], Hint]] = [
    (re.compile(r"(?m)^[ \t]*(?:<sup>\s*\d+\s*</sup>|\[\^\d+\]:?)[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*"), ("<sup>", "[^")),
    (re.compile(r"(?mi)^[ \t]*(?:page|p\.)\s*\d+(?:\s+of\s+\d+)?[ \t]*$"), ("page", "p.")),
    (re.compile(r"(?m)^[ \t]*(?:-{3,}|_{3,}|\*{3,})[ \t]*$"), ("---", "___", "***")),
    (re.compile(r"(?mi)^[ \t]*index(?: number)?:[^\n]*$"), ("index",)),
]
DIGIT = re.compile(r"\d")
# Every \d and more (no digit outside ASCII comes before U+0660), tested by ranges, not by a
# Unicode lookup a character: a hint that begins with it is scanned faster than with \d.
_ANY_DIGIT = "[0-9\u0660-\U0010ffff]"
MONTH_HINT = re.compile("|".join(m.title() for m in MONTH_NUMBER))  # how each of MONTHS starts

_NOT_FIGURES: list[tuple[re.Pattern[str], Hint]] = [
    (re.compile(r"<sup>[^<]{0,20}</sup>|\[\^?\d+\]"), ("<sup>", "[")),  # footnote markers
    (
        re.compile(r"(?<=[A-Za-z\"”’)][.,;:!?])\d{1,3}(?=\s|$)"),  # "day.3" ("forces4": below)
        re.compile(r"[.,;:!?]\d(?<=[A-Za-z\"”’)][.,;:!?]\d)"),
    ),
    (
        re.compile(r"(?m)^[ \t]*\d{1,3}[.)][ \t]+"),  # list numbering at a line's start
        re.compile(_ANY_DIGIT + r"[.)][ \t]"),
    ),
    (re.compile(r"<?https?://[^\s>)\]]+>?|\bwww\.[^\s>)\]]+|\S+@\S+\.\w+|\]\([^)]*\)"), ("://", "www.", "@", "](")),
    (
        re.compile(rf"\b(?:{_NUMBERED})\s+(?:No\.?\s*)?\d[\w./-]*(?:\s*(?:,|and|or)\s*\d[\w./-]*)*"),
        re.compile(_NUMBERED),
    ),
    (re.compile(r"\b[A-Z]{2,5}\s?\d+/\d+/\d{2,4}\b"), ("/",)),  # index numbers (EUR 49/8966/2025)
    (
        re.compile(r"\+?\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b"),  # phone numbers
        re.compile(_ANY_DIGIT + r"\d\d\)?[-.\s]\d"),
    ),
    (re.compile(r"\b\d[\d,.]*(?:/\d[\d,.]*)+(?:\s+per\s+\d[\d,]*)?"), ("/",)),  # 14/9 per 1,000
    (re.compile(r"\bper\s+\d[\d,]*"), re.compile(r"per\s+\d")),  # the denominator of a rate
    (
        re.compile(r"\b\w*[A-Za-z]-?\d[\w-]*|\b\d+(?:x|×)\d+\b|\b\d+[A-Za-z]\w*"),  # COVID-19, 16x9
        re.compile(_ANY_DIGIT + r"(?:(?<=[A-Za-z-]\d)|[A-Za-z×])"),
    ),
    (re.compile(r"\b\d{1,2}:\d{2}\b"), (":",)),  # times of day
    # ratios: "one in five", "1 in 5" (a year is no denominator: below); the hint is re.I's
    # r"\s(?:in|out)\s", each letter a class of what re.I takes for it, to begin with one class
    (
        re.compile(rf"\b(?:{_NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{_NUMBER})\b(?![\d,])", re.I),
        re.compile("[iIoO\u0130\u0131](?<=\\s.)(?:(?<=[iI\u0130\u0131])[nN]|(?<=[oO])[uU][tT])\\s"),
    ),
    # dates: "9 August", "between 9 and 12 August", "9-12 Aug", "August 9", "July 11, 2011"
    (re.compile(rf"\b{DAY}(?:\s*(?:and|to|[-–—])\s*{DAY})?\s+(?:of\s+)?(?:{MONTHS})(?![a-z])"), MONTH_HINT),
    (re.compile(rf"\b(?:{MONTHS})\s+{DAY}(?:\s*(?:and|to|[-–—])\s*{DAY})?\b(?!,\d)"), MONTH_HINT),
]


# Under re.I an ASCII letter matches its two cases and these four characters (a Turkish dotted
# and dotless i, a long s, the Kelvin sign), and every other character lower-cases to one
# character of the same class (tests/test_figures_extract.py checks all of Unicode). So in a text
# without them, a pattern run case-sensitively in lower case on text.lower() finds what it finds
# with re.I in the text, at the same offsets, and 2-3 times faster: sre skips a branch on its
# first literal only when it matches case-sensitively.
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """`text.lower()`, or None when `text` holds a character re.I takes for another letter."""
    if not text.isascii() and _CASE_ODD.search(text):  # isascii() reads a flag, not the text
        return None
    return text.lower()


@dataclass(frozen=True)
class Caseless:
    """A pattern that ignores case, compiled with re.I for any text and, where its source
    allows, in lower case without re.I for `lowered` text. The first is compiled only when a
    text needs it: few do, and the figure pattern takes milliseconds to compile."""

    source: str
    flags: int
    lower: re.Pattern[str] | None

    @cached_property
    def any_case(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags | re.I)

    def on(self, text: str, lower: str | None) -> tuple[re.Pattern[str], str]:
        """The pattern to run and the string to run it on, given `lowered(text)`. Spans are
        those in `text` either way; the groups' text may be in lower case."""
        if lower is None or self.lower is None:
            return self.any_case, text
        return self.lower, lower


# The parts of a pattern's source: an escape of one character, a group's name, a character.
_PART = re.compile(r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[^NUux0-9]|\(\?P[<=]\w+[>)]|[^\\]", re.S)


def _lower_source(source: str) -> str | None:
    """`source` with its letters in lower case and its escapes and group names as written;
    None where that cannot match as re.I does: a letter with cases outside ASCII, or written as
    an escape (\\x41, \\N{...}, an octal number)."""
    parts = _PART.findall(source)
    if "".join(parts) != source:
        return None
    for part in parts:
        char = chr(int(part[2:], 16)) if part[:2] in ("\\x", "\\u") else part
        cased = len(char) == 1 and char.lower() != char.upper()
        if cased and not (char.isascii() and part == char):
            return None
    return "".join(p if len(p) > 1 else p.lower() for p in parts)


def caseless(source: str, flags: int = 0) -> Caseless:
    """`source` compiled to ignore case, with its lower-case twin where it has one."""
    lower = _lower_source(source)
    return Caseless(source, flags, None if lower is None else re.compile(lower, flags))


def may_match(hint: Hint, text: str) -> bool:
    """False only when `text` lacks what `hint` says a match needs."""
    if hint is None:
        return True
    if isinstance(hint, tuple):
        return any(map(text.__contains__, hint))  # no generator: this runs some 20 times a text
    return hint.search(text) is not None


def mask_blocks(text: str) -> str:
    """The text with footnote blocks and page furniture blanked; same length as `text`."""
    text = text.replace("\f", " ")
    lower = lowered(text)  # None in a text with a case-odd character: then every pattern runs
    out: list[str] = []
    for rx, hint in _BLOCKS:
        if lower is not None and not may_match(hint, lower):
            continue
        for m in rx.finditer(text):
            out = out or list(text)
            start, end = m.start(), m.end()
            # swallow the blank lines around a footnote block so that a sentence split by it
            # ("At least seven / <sup>1</sup> ... / people have died") reads on
            while start > 0 and out[start - 1].isspace():
                start -= 1
            while end < len(out) and out[end].isspace():
                end += 1
            out[start:end] = " " * (end - start)
            if start > 0 and end < len(out) and end - start >= 2 and not out[end].islower():
                out[start : start + 2] = "\n\n"  # a real paragraph break stays one
    return "".join(out) if out else text


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def mask(blocked: str) -> str:
    """`mask_blocks`' output with every non-figure number blanked out; same length."""
    out = blocked
    for rx, hint in _NOT_FIGURES:
        if may_match(hint, out):
            out = rx.sub(_blank, out)
    return out
