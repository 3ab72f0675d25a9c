"""Telling what a source is from its bytes (not only its name), and decoding its text."""

from __future__ import annotations

import codecs
import re

from checker.errors import SourceError

KINDS = ("html", "pdf", "markdown", "text")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I | re.S
)
_XML_XHTML = re.compile(rb"^\s*<\?xml[^>]*>\s*(?:<!doctype\s+html|<html)", re.I | re.S)
_MARKDOWN_HINT = re.compile(r"(?m)^(?:#{1,6} |\* |- |\d+\. |> )|\*\*\w|\]\(https?://")


def sniff(data: bytes, name: str = "", content_type: str = "") -> str:
    """The kind of a source: html, pdf, markdown or text. Raises SourceError if it is none."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _HTML_START.match(head) or _XML_XHTML.match(head):
        return "html"
    if _looks_binary(head):
        mime = content_type.split(";")[0].strip() or "unknown"
        raise SourceError(f"unsupported content: binary data ({mime}), not HTML, PDF or text", "unsupported-type")
    ctype = content_type.split(";")[0].strip().lower()
    lower = name.lower()
    if ctype in ("text/html", "application/xhtml+xml") and b"<" in head:
        return "html"
    if lower.endswith((".html", ".htm", ".xhtml")) and b"<" in head:
        return "html"
    if ctype == "text/markdown" or lower.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 20


def charset_from(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return m.group(1) if m else None


def decode(data: bytes, declared: str | None = None, kind: str = "text") -> str:
    """Text from bytes: BOM, then the declared charset, then a <meta> charset, then UTF-8, then
    detection (charset-normalizer; Cyrillic cp1251 pages exist in this field)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    candidates = [declared] if declared else []
    if kind == "html":
        m = _META_CHARSET.search(data[:4096])
        if m:
            candidates.append(m.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            codecs.lookup(enc)
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes  # lazy: only for sources that are not UTF-8

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise SourceError("unreadable content: the text encoding could not be detected", "unreadable")
    return data.decode(best.encoding, errors="replace")
