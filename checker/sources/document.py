"""One extracted source document, and the registry of extractors by kind."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from checker.errors import SourceError
from checker.sources.limits import SourceLimits
from checker.sources.sniff import charset_from, decode, sniff

if TYPE_CHECKING:
    from checker.matching.index import SourceIndex
    from checker.normalize import Folded


@dataclass(eq=False)
class SourceDoc:
    """A source's extracted text, folded and indexed once, reused by every citation of it."""

    text: str
    kind: str
    origin: str
    sha256: str
    extra: dict[str, str | None] = field(default_factory=dict)

    @cached_property
    def folded(self) -> Folded:
        from checker.normalize import fold

        return fold(self.text)

    @cached_property
    def index(self) -> SourceIndex:
        from checker.matching.index import SourceIndex

        return SourceIndex(self.folded.text)


def _text_of(data: bytes, content_type: str, limits: SourceLimits) -> str:
    return decode(data, charset_from(content_type), "text")


def _html_of(data: bytes, content_type: str, limits: SourceLimits) -> str:
    from checker.sources.html import html_text

    return html_text(decode(data, charset_from(content_type), "html"), limits.max_html_depth)


def _pdf_of(data: bytes, content_type: str, limits: SourceLimits) -> str:
    from checker.sources.pdf import pdf_text

    return pdf_text(data, limits)


EXTRACTORS: dict[str, Callable[[bytes, str, SourceLimits], str]] = {
    "text": _text_of,
    "markdown": _text_of,  # markup is folded away by normalisation, keeping offsets
    "html": _html_of,
    "pdf": _pdf_of,
}


def extract(
    data: bytes, origin: str, name: str = "", content_type: str = "", limits: SourceLimits | None = None
) -> SourceDoc:
    """Sniff, decode and extract; raises SourceError with a reason a person can act on."""
    limits = limits or SourceLimits()
    kind = sniff(data, name or origin, content_type)
    text = EXTRACTORS[kind](data, content_type, limits)
    if "\x00" in text:
        text = text.replace("\x00", " ")
    text = unicodedata.normalize("NFC", text)
    if len(text) > limits.max_chars:
        raise SourceError(
            f"source has {len(text)} characters of text, over the limit of {limits.max_chars} (limits.max_chars)",
            "too-large",
        )
    if not text.strip():
        raise SourceError(f"empty source: no text could be read from this {kind}", "empty")
    return SourceDoc(text=text, kind=kind, origin=origin, sha256=hashlib.sha256(data).hexdigest())
