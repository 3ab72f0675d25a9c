"""Visible text of an HTML page: no script, style or hidden parts; block elements as breaks.

lxml's HTML parser (libxml2) does the parsing; the walk below is an explicit stack rather than
recursion, so a page nested thousands deep cannot exhaust Python's stack.
"""

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
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def html_text(markup: str) -> str:
    """The text a reader sees. Footnote references (<sup>3</sup>) are dropped."""
    import lxml.html  # lazy: only for HTML sources

    markup = _XML_DECLARATION.sub("", markup, count=1)  # lxml refuses it on str input
    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as exc:  # lxml raises assorted errors on hostile markup
        raise SourceError(f"unreadable HTML: {exc}", "unreadable") from None
    title = root.findtext(".//title") or ""
    out: list[str] = [" ".join(title.split()), "\n"] if title.strip() else []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if el.tag in BLOCK:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in HIDDEN or _hidden(el) or (tag == "sup" and _footnote_ref(el)):
            if el.tail:
                out.append(el.tail)  # what follows a skipped element is still text
            continue
        if tag in BLOCK:
            out.append("\n")
        if el.text:
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(out)


def _hidden(el: Any) -> bool:
    attrs = el.attrib
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _footnote_ref(el: Any) -> bool:
    text = "".join(el.itertext()).strip()
    return len(text) <= 4 and (text.isdigit() or text in {"*", "†", "‡"} or
                               (text.startswith("[") and text.endswith("]")))
