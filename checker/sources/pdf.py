"""Text of a PDF, page by page (pypdfium2), with words hyphenated across lines rejoined."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.errors import SourceError

# pdfium marks a hyphen it found at a line end as U+0002; other files keep a plain hyphen.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])(?:\x02\s*|[-\u00ad\u2010]\s*\r?\n\s*(?=[a-z]))")
_NEWLINES = re.compile(r"\r\n?")


def pdf_pages(data: bytes, max_pages: int = 5000) -> Iterator[str]:
    """Each page's text in reading order. Raises SourceError for encrypted or broken files."""
    import pypdfium2 as pdfium  # lazy: a native library, only needed for PDFs

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise SourceError("unreadable PDF: it is encrypted (password protected)",
                              "unreadable") from None
        raise SourceError(f"unreadable PDF: {msg}", "unreadable") from None
    try:
        if len(doc) > max_pages:
            raise SourceError(f"PDF has {len(doc)} pages, over the limit of {max_pages}", "too-large")
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            try:
                yield _NEWLINES.sub("\n", textpage.get_text_bounded())
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()


def pdf_text(data: bytes) -> str:
    """The whole document's text; pages separated by blank lines."""
    text = "\n\n".join(pdf_pages(data))
    return _HYPHEN_BREAK.sub("", text)
