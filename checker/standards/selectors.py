"""W3C Web Annotation selectors for a located passage, and the text-fragment link built from them.

Offsets and context are in the source's extracted text (what the checker matched against), in
Unicode code points, as the Web Annotation Data Model counts them.
"""

from __future__ import annotations

import re
from typing import Any

from checker.results import CitationResult, Passage
from checker.textfragment import text_directive, with_directive

CONTEXT_CHARS = 32  # prefix and suffix, as annotation tools (Hypothesis) write them

# Markup an extracted Markdown copy keeps but the published page renders away; a text fragment
# has to match the rendered words.
_MARKDOWN = (
    (re.compile(r"<[^>\n]{1,200}>"), ""),  # inline HTML tags such as <sup>1</sup>
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # [text](url) and images
    (re.compile(r"(?m)^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+"), ""),  # headings, quotes, lists
    (re.compile(r"(\*{1,3}|_{2,3}|`+)"), ""),  # emphasis and code spans
)


def quote_selector(p: Passage) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": p.text,
        "prefix": p.before[-CONTEXT_CHARS:],
        "suffix": p.after[:CONTEXT_CHARS],
    }


def position_selector(p: Passage) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": p.start, "end": p.end}


def selectors(p: Passage) -> list[dict[str, Any]]:
    """Both selectors; a consumer uses the quote and takes the position as a hint."""
    return [quote_selector(p), position_selector(p)]


def rendered(text: str, kind: str) -> str:
    """Source text as a reader's browser shows it (only Markdown keeps markup)."""
    if kind != "markdown":
        return text
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return text


def passage_directive(p: Passage, kind: str) -> str:
    """The text directive that highlights a passage of a source of this kind, as its page is
    rendered."""
    sel = quote_selector(p)
    return text_directive(rendered(sel["exact"], kind), rendered(sel["prefix"], kind), rendered(sel["suffix"], kind))


def is_web(url: str | None) -> bool:
    """An http(s) URL: the only kind a report turns into a link to a passage."""
    return url is not None and url.lower().startswith(("https://", "http://"))


def fragment_url(c: CitationResult) -> str | None:
    """A link to the citation's URL that scrolls to and highlights the located passage."""
    if c.passage is None or c.url is None or not is_web(c.url):
        return None  # only web links: a `javascript:` or `file:` URL must never become a link
    # The workers that found the passage worked out its directive (checker.jobs).
    directive = c.passage.directive or passage_directive(c.passage, c.source.kind if c.source else "text")
    return with_directive(c.url, directive)
