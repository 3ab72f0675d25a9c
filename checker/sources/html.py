"""Visible text of an HTML page: no script, style or hidden parts; block elements as breaks.

lxml's HTML parser (libxml2) does the parsing; the walk below is an explicit stack rather than
recursion, so a page nested thousands deep cannot exhaust Python's stack. libxml2's default
limits would cut a page silently (at 256 levels, or a 10 MB text node), so they are lifted
(huge_tree) and depth is refused here, with a reason, instead; libxml2 still stops at 2048.
"""

from __future__ import annotations

import re
from typing import Any

from checker.errors import SourceError

HIDDEN = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "svg",
    "iframe",
    "object",
    "button",
    "select",
    "option",
    "canvas",
}
BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "caption",
    "title",
    "body",
    "html",
}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
MAX_DEPTH = 2000
# Elements that never nest (void) or that the parser closes by itself (p, li, td...): a page of
# a million unclosed <p> is flat (as lxml parses it), so they do not count towards the depth.
_FLAT = {
    "area",
    "base",
    "br",
    "col",
    "colgroup",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "p",
    "li",
    "tr",
    "td",
    "th",
    "option",
    "tbody",
    "html",
    "head",
    "body",
}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})(?:\s[^<>]{0,4096})?(/?)>")


def too_deep(markup: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the tags nest deeper than `limit`, found by a scan of the markup: libxml2 would
    otherwise cut such a page at its own depth limit without a word."""
    if markup.count("<") <= limit:
        return False  # each level is a tag: too few of them to scan for (most pages)
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
    import lxml.html  # lazy: only for HTML sources

    refused = SourceError(
        f"unreadable HTML: elements nested more than {max_depth} deep (limits.max_html_depth)", "unreadable"
    )
    if too_deep(markup, max_depth):
        raise refused
    markup = _XML_DECLARATION.sub("", markup, count=1)  # lxml refuses it on str input
    try:
        root = lxml.html.document_fromstring(markup, parser=_parser())
    except Exception as exc:  # lxml raises assorted errors on hostile markup
        raise SourceError(f"unreadable HTML: {exc}", "unreadable") from None
    title = root.findtext(".//title") or ""
    out: list[str] = [" ".join(title.split()), "\n"] if title.strip() else []
    stack: list[tuple[Any, bool, int]] = [(root, False, 0)]
    while stack:
        el, closing, depth = stack.pop()
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
        if depth > max_depth:  # tags the scan does not count (an unclosed <dd>) nest too
            raise refused
        stack.append((el, True, depth))
        stack.extend((child, False, depth + 1) for child in reversed(el))
    return "".join(out)


def _parser() -> Any:
    import lxml.html

    return lxml.html.HTMLParser(huge_tree=True)


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
    return len(text) <= 4 and (
        text.isdigit() or text in {"*", "†", "‡"} or (text.startswith("[") and text.endswith("]"))
    )
