"""Visible text of an HTML page: no script, style or hidden parts; block elements as breaks."""

from __future__ import annotations

import re
from typing import Any

from checker.errors import SourceError

HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "button",
          "select", "option", "canvas"}
BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div", "dl",
         "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
         "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
         "table", "td", "th", "tr", "ul", "caption", "title", "body", "html"}
MAX_DEPTH = 2000
# Elements that never nest (void) or that the parser closes by itself (p, li, td...): a page of
# a million unclosed <p> is flat (as lxml parses it), so they do not count towards the depth.
_FLAT = {"area", "base", "br", "col", "colgroup", "hr", "img", "input", "link", "meta", "param",
         "p", "li", "tr", "td", "th", "option", "tbody", "html", "head", "body"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})(?:\s[^<>]{0,4096})?(/?)>")


def too_deep(markup: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the tags nest deeper than `limit`, found by a scan far cheaper than building
    the tree (BeautifulSoup takes seconds and gigabytes on a page nested a million deep)."""
    depth = 0
    for m in _TAG.finditer(markup):
        if m.group(3) or m.group(2).lower() in _FLAT:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def html_text(markup: str, max_depth: int = MAX_DEPTH) -> str:
    """The text a reader sees. Footnote references (<sup>3</sup>) are dropped."""
    from bs4 import BeautifulSoup  # lazy: heavy import
    from bs4.element import Comment, NavigableString, Tag

    refused = SourceError(f"unreadable HTML: elements nested more than {max_depth} deep "
                          "(limits.max_html_depth)", "unreadable")
    if too_deep(markup, max_depth):
        raise refused
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:  # lxml raises assorted errors on hostile markup
        raise SourceError(f"unreadable HTML: {exc}", "unreadable") from None
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    out: list[str] = [title, "\n"] if title else []

    # An explicit stack instead of recursion: pages nested thousands deep must not crash us.
    stack: list[tuple[Any, bool, int]] = [(soup, False, 0)]
    while stack:
        node, closing, depth = stack.pop()
        if closing:
            out.append("\n")
            continue
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                out.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower() if node.name else ""
        if name in HIDDEN or _hidden(node):
            continue
        if name == "sup" and _footnote_ref(node):
            continue
        block = name in BLOCK
        if block:
            out.append("\n")
            stack.append((node, True, depth))
        if depth > max_depth:
            raise refused
        stack.extend((child, False, depth + 1) for child in reversed(node.contents))
    return "".join(out)


def _hidden(tag: Any) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = str(attrs.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _footnote_ref(tag: Any) -> bool:
    text = tag.get_text("", strip=True)
    return len(text) <= 4 and (text.isdigit() or text in {"*", "†", "‡"} or
                               (text.startswith("[") and text.endswith("]")))
