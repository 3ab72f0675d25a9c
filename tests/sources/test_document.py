"""Reading local sources of every kind: type from content, charset, visible text, PDF text."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims import load_claims
from checker.errors import SourceError
from checker.jobs import SourceJob
from checker.matching import match_quote
from checker.pipeline import Sources, VerifyOptions, verify
from checker.results import Verdict
from checker.sources.document import extract
from checker.sources.local import LocalFiles, Unreachable, read_local
from checker.sources.sniff import sniff
from tests.support.paths import FIXTURES


def test_html_visible_text_only() -> None:
    doc = extract((FIXTURES / "page.html").read_bytes(), "page.html", "page.html")
    assert doc.kind == "html"
    assert "var secret" not in doc.text and "color: red" not in doc.text
    assert "hidden paragraph" not in doc.text
    assert "Enable JavaScript" not in doc.text
    quote = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."
    assert match_quote(quote, doc).verdict is Verdict.VERIFIED
    assert match_quote("the government denied everything", doc).verdict is not Verdict.VERIFIED


def test_html_block_elements_are_breaks() -> None:
    doc = extract(b"<html><body><ul><li>First item</li><li>Second item</li></ul></body></html>", "x.html", "x.html")
    assert "First item\n" in doc.text and "itemSecond" not in doc.text


def test_html_detected_from_content_not_suffix() -> None:
    data = (FIXTURES / "page.html").read_bytes()
    assert sniff(data, "download.txt") == "html"
    assert sniff(b"%PDF-1.7 ...", "report.html") == "pdf"


def test_cp1251_page_is_decoded_by_its_declared_charset() -> None:
    doc = extract((FIXTURES / "cp1251.html").read_bytes(), "cp1251.html", "cp1251.html")
    assert "Правозащитный центр «Весна»" in doc.text
    verdict = match_quote("сообщил о задержании более 1000 человек", doc).verdict
    assert verdict is Verdict.VERIFIED


def test_undeclared_cp1251_text_is_detected() -> None:
    text = "Правозащитный центр сообщил о задержании более тысячи человек в Минске. " * 5
    doc = extract(text.encode("cp1251"), "x.txt", "x.txt")
    assert "задержании" in doc.text


def test_pdf_text_with_hyphenation_rejoined() -> None:
    doc = extract((FIXTURES / "report.pdf").read_bytes(), "report.pdf", "report.pdf")
    assert doc.kind == "pdf"
    assert "protesters" in doc.text
    quote = "the government confirmed the detention of 6,700 protesters. Weekly peaceful protests"
    assert match_quote(quote, doc).verdict is Verdict.VERIFIED
    second_page = "admitted receiving some 900 complaints of abuse by police"
    assert match_quote(second_page, doc).verdict is Verdict.VERIFIED


def test_markdown_source_keeps_its_text() -> None:
    doc = extract(b"# Title\n\nSome **bold** claim<sup>2</sup> here.\n", "a.md", "a.md")
    assert doc.kind == "markdown"
    assert match_quote("Some bold claim here.", doc).verdict is Verdict.VERIFIED


@pytest.mark.parametrize(
    ("data", "category"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "unsupported-type"),
        (b"%PDF-1.4 this is not really a pdf", "unreadable"),
    ],
)
def test_unreadable_sources_raise_with_a_reason(data: bytes, category: str) -> None:
    with pytest.raises(SourceError) as info:
        extract(data, "bad", "bad")
    assert info.value.category == category
    assert info.value.reason


def test_one_job_per_source_file(project: Path) -> None:
    (project / "sources" / "a.txt").write_text("A source text to quote from.", encoding="utf-8")
    (project / "claims" / "c.yaml").write_text(
        """\
- id: a
  statement: S.
  citations:
    - file: ../sources/a.txt
      quote: A source text
    - file: ../sources/./a.txt
      quote: text to quote
""",
        encoding="utf-8",
    )
    claims = load_claims(["claims"])
    sources = Sources(VerifyOptions(offline=True))
    jobs = [sources.job_for(claims[0], c) for c in claims[0].citations]
    assert all(isinstance(j, SourceJob) for j in jobs)
    assert len({j.key for j in jobs if isinstance(j, SourceJob)}) == 1
    report = verify(claims, VerifyOptions(offline=True))
    assert [c.verdict for c in report.claims[0].citations] == [Verdict.VERIFIED] * 2


def test_local_files_are_fenced(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    inside = root / "a.txt"
    inside.write_text("Some text that is long enough to quote.", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    files = LocalFiles()
    assert files.check(inside, root) is None
    refused = files.check(outside, root)
    assert isinstance(refused, Unreachable) and refused.category == "refused-path"
    (root / "link.txt").symlink_to(outside)
    via_link = files.check(root / "link.txt", root)
    assert isinstance(via_link, Unreachable) and via_link.category == "refused-path"
    missing = read_local(str(root / "nope.txt"), "nope.txt")
    assert isinstance(missing, Unreachable) and missing.category == "not-found"
    assert LocalFiles(allowed=[tmp_path]).check(outside, root) is None
