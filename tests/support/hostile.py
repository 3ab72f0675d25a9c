"""Generators of hostile sources and claim files, written at test time (no big files committed).

Each generator returns bytes (or writes a file) so tests and bench/fuzz.py share one set.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from pathlib import Path

SENTENCE = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 people."


def text_pdf(lines: list[str] | None = None, password: str | None = None) -> bytes:
    """A real PDF made with fpdf2; encrypted with a user password when one is given."""
    from fpdf import FPDF

    pdf = FPDF()
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines or [SENTENCE]:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from raw object bodies (object k is objects[k-1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def many_pages_pdf(pages: int = 200_000) -> bytes:
    """A page-count bomb: one small page object listed `pages` times in the page tree."""
    kids = b" ".join([b"3 0 R"] * pages)
    content = b"BT /F1 12 Tf 72 712 Td (" + SENTENCE.encode() + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


@functools.lru_cache(maxsize=2)
def deflate_bomb_pdf(megabytes: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MB (of one repeated text op)."""
    op = b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n"
    chunk = op * (1024 * 1024 // len(op))
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(body, b"/Filter /FlateDecode"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def _malformed(name: str) -> bytes:
    return malformed_pdfs()[name]


def malformed_pdfs() -> dict[str, bytes]:
    """PDFs broken in the ways real ones are: truncated, garbage, a header and nothing else."""
    good = text_pdf()
    return {
        "header-only.pdf": b"%PDF-1.7\n",
        "truncated.pdf": good[: len(good) // 3],
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 64,
        "bad-xref.pdf": good.replace(b"xref", b"xrex").replace(b"startxref", b"startxrex"),
        "no-pages.pdf": _pdf([b"<< /Type /Catalog >>"]),
        "loop-pages.pdf": _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
    }


def nested_html(depth: int = 1_000_000, tag: str = "div") -> bytes:
    return (f"<html><body>{SENTENCE}" + f"<{tag}>" * depth + "deep" + f"</{tag}>" * depth + "</body></html>").encode()


def single_line(megabytes: int = 100, unit: bytes = b"word ") -> bytes:
    """One line of `megabytes` MB: no line break anywhere."""
    size = megabytes * 1_000_000
    return (unit * (size // len(unit) + 1))[:size]


def nul_text() -> bytes:
    return (SENTENCE + "\n").encode() + b"\x00" * 4096 + b"more text\n"


def invalid_utf8() -> bytes:
    """Text that is UTF-8 but for stray bytes that no UTF-8 decoder accepts."""
    return (SENTENCE + " ").encode() + b"\xff\xfe\xc3\x28 \xed\xa0\x80 " + b"tail text\n"


def high_bytes(size: int = 100_000) -> bytes:
    """Bytes 0x80-0xFF only: invalid UTF-8 throughout, and no known encoding's text either."""
    import random

    rng = random.Random(8)
    return bytes(rng.randrange(128, 256) for _ in range(size))


HOSTILE_SOURCES: dict[str, Callable[[], bytes]] = {
    "nested.html": nested_html,
    "nested-inline.html": lambda: nested_html(tag="b"),
    "one-line.txt": single_line,
    "nul.txt": nul_text,
    "high-bytes.txt": high_bytes,
    "encrypted.pdf": lambda: text_pdf(password="secret"),
    "many-pages.pdf": many_pages_pdf,
    "bomb.pdf": deflate_bomb_pdf,
    **{
        name: functools.partial(_malformed, name)
        for name in ("header-only.pdf", "truncated.pdf", "garbage.pdf", "no-pages.pdf", "loop-pages.pdf")
    },
}


def claims_repo(root: Path, sources: dict[str, bytes], quote: str = SENTENCE) -> Path:
    """A claims repository: sources/ with the given files, one claim citing each, plus a good
    claim citing a good source (so a test can check that the rest of the run goes on)."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    src = root / "sources"
    src.mkdir(exist_ok=True)
    (src / "good.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    lines = ["claims:"]
    for i, (name, data) in enumerate({**sources, "good.txt": None}.items()):
        if data is not None:
            (src / name).write_bytes(data)
        lines += [
            f"  - id: claim-{i}",
            "    statement: The government confirmed 6,700 detentions.",
            "    citations:",
            f"      - file: ../sources/{name}",
            f"        quote: {quote!r}",
        ]
    claims = root / "claims"
    claims.mkdir(exist_ok=True)
    path = claims / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
