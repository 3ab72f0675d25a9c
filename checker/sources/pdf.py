"""Text of a PDF, page by page (pypdfium2), with words hyphenated across lines rejoined.

A PDF is hostile input: before pdfium sees it, its compressed streams are inflated once with a
budget (a few kilobytes can inflate to gigabytes), and pages and characters are counted as read.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterator

from checker.errors import SourceError
from checker.sources.limits import SourceLimits

# pdfium marks a hyphen it found at a line end as U+0002; other files keep a plain hyphen.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])(?:\x02\s*|[-\u00ad\u2010]\s*\r?\n\s*(?=[a-z]))")
_NEWLINES = re.compile(r"\r\n?")
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_CHUNK = 1 << 20


class _TooBig(Exception):
    pass


def _inflate(data: bytes, layers: int, budget: int) -> int:
    """Bytes that `layers` nested Flate filters inflate `data` to; raises _TooBig past budget.
    Output is produced a chunk at a time, so a bomb costs at most one chunk of memory."""
    total = 0

    def feed(level: int, chunk: bytes, decs: list[zlib._Decompress]) -> None:
        nonlocal total
        while chunk:
            out = decs[level].decompress(chunk, _CHUNK)
            chunk = decs[level].unconsumed_tail
            if level + 1 < len(decs):
                feed(level + 1, out, decs)
            else:
                total += len(out)
                if total > budget:
                    raise _TooBig
            if not out:
                break

    with contextlib.suppress(zlib.error):  # not Flate after all, or damaged: pdfium decides
        feed(0, data, [zlib.decompressobj() for _ in range(max(1, min(layers, 8)))])
    return total


def _zlib_header(data: bytes, at: int) -> bool:
    return len(data) > at + 1 and data[at] & 0x0F == 8 and (data[at] * 256 + data[at + 1]) % 31 == 0


def check_streams(data: bytes, budget: int) -> None:
    """Refuse a decompression bomb: non-image streams that inflate to more than `budget`."""
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        lo = max(0, data.rfind(b"obj", max(0, m.start() - 65536), m.start()))
        if _IMAGE.search(data, lo, m.start()):
            continue  # pdfium does not decode images to read text
        # A filter given indirectly (/Filter 7 0 R) is not named: a zlib header still tells.
        layers = len(_FLATE.findall(data, lo, m.start())) or int(_zlib_header(data, start))
        if layers:
            try:
                total += _inflate(data[start:end], layers, budget - total)
            except _TooBig:
                raise SourceError(
                    f"unreadable PDF: its streams inflate to more than {budget} "
                    "bytes (a decompression bomb?; limits.max_pdf_inflated_bytes)",
                    "too-large",
                ) from None


def pdf_pages(data: bytes, max_pages: int = SourceLimits.max_pdf_pages) -> Iterator[str]:
    """Each page's text in reading order. Raises SourceError for encrypted or broken files."""
    import pypdfium2 as pdfium  # lazy: a native library, only needed for PDFs

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise SourceError("unreadable PDF: it is encrypted (password protected)", "unreadable") from None
        raise SourceError(f"unreadable PDF: {msg}", "unreadable") from None
    try:
        if len(doc) > max_pages:
            raise SourceError(
                f"PDF has {len(doc)} pages, over the limit of {max_pages} (limits.max_pdf_pages)", "too-large"
            )
        for i in range(len(doc)):
            try:
                page = doc[i]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise SourceError(f"unreadable PDF: page {i + 1}: {exc}", "unreadable") from None
            try:
                yield _NEWLINES.sub("\n", textpage.get_text_bounded())
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()


def pdf_text(data: bytes, limits: SourceLimits | None = None) -> str:
    """The whole document's text; pages separated by blank lines."""
    limits = limits or SourceLimits()
    check_streams(data, limits.max_pdf_inflated_bytes)
    pages, chars = [], 0
    for page in pdf_pages(data, limits.max_pdf_pages):
        chars += len(page) + 2
        if chars > limits.max_chars:
            raise SourceError(
                f"PDF has more than {limits.max_chars} characters of text (limits.max_chars)", "too-large"
            )
        pages.append(page)
    return _HYPHEN_BREAK.sub("", "\n\n".join(pages))
