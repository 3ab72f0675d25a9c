"""URL sources end to end through the library: content types and charsets, snapshots (saved,
reused, refreshed conditionally, offline), drift between fetches and the archive fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fpdf import FPDF

from checker.config import Config
from checker.models import Citation, Claim
from checker.pipeline import VerifyOptions, verify
from checker.results import Severity, Status, Verdict
from checker.sources.document import SourceDoc
from checker.sources.local import Unreachable
from checker.sources.remote import UrlSession
from checker.sources.snapshots import SnapshotStore
from tests.support.fetch_server import Handler, LocalServer, Reply, fetch_config

QUOTE = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."
PAGE = f"<html><body><h1>Report</h1><p>{QUOTE}</p><p>Other text.</p></body></html>".encode()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    yield s
    s.stop()


def config(tmp_path: Path, **fetch: object) -> Config:
    return Config(sources=str(tmp_path / "sources"), fetch=fetch_config(**fetch))


def cite(url: str, quote: str = QUOTE, accessed: str | None = None) -> Citation:
    return Citation(quote=quote, url=url, file=None, path=None, line=3, accessed=accessed)


def read(tmp_path: Path, url: str, offline: bool = False, **fetch: object) -> SourceDoc | Unreachable:
    return UrlSession(config(tmp_path, **fetch), offline=offline).read(cite(url))


def pdf_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def test_html_page_becomes_a_source_with_snapshot_fields(server: LocalServer, tmp_path: Path) -> None:
    url = server.route("/s/page", Reply(200, PAGE, {"Content-Type": "text/html"}))
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and doc.kind == "html" and QUOTE in doc.text
    assert doc.origin == url and doc.extra["final_url"] == url
    snap = doc.extra["snapshot"] or ""
    assert Path(snap).read_bytes() == PAGE and snap.endswith(doc.sha256)
    assert doc.extra["fetched_at"] and doc.extra["archived_from"] is None


def test_cp1251_page_is_decoded(server: LocalServer, tmp_path: Path) -> None:
    text = "Задержаны 6700 человек в Минске"
    body = f'<html><head><meta charset="windows-1251"></head><body><p>{text}</p></body></html>'
    url = server.route("/s/cp1251-meta", Reply(200, body.encode("cp1251"), {"Content-Type": "text/html"}))
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and text in doc.text
    url = server.route(
        "/s/cp1251-header", Reply(200, f"<p>{text}</p>".encode("cp1251"), {"Content-Type": "text/html; charset=cp1251"})
    )
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and text in doc.text


def test_pdf_served_as_text_html_is_read_as_pdf(server: LocalServer, tmp_path: Path) -> None:
    url = server.route("/s/report", Reply(200, pdf_bytes(QUOTE), {"Content-Type": "text/html"}))
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and doc.kind == "pdf" and "6,700 protesters" in doc.text


def test_xhtml(server: LocalServer, tmp_path: Path) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<body><p>{QUOTE}</p></body></html>"
    ).encode()
    url = server.route("/s/page.xhtml", Reply(200, body, {"Content-Type": "application/xhtml+xml"}))
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and doc.kind == "html" and QUOTE in doc.text


def test_plain_text_and_markdown(server: LocalServer, tmp_path: Path) -> None:
    url = server.route("/s/notes.md", Reply(200, f"# Notes\n\n**{QUOTE}**\n".encode()))
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and doc.kind == "markdown"
    url = server.route("/s/plain", Reply(200, QUOTE.encode(), {"Content-Type": "text/plain"}))
    doc = read(tmp_path, url)
    assert isinstance(doc, SourceDoc) and doc.kind == "text"


def test_binary_content_is_unsupported(server: LocalServer, tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    got = read(tmp_path, server.route("/s/image", Reply(200, png, {"Content-Type": "image/png"})))
    assert isinstance(got, Unreachable) and got.category == "unsupported-type"
    assert "image/png" in got.reason


def test_failure_keeps_its_category(server: LocalServer, tmp_path: Path) -> None:
    got = read(tmp_path, server.route("/s/forbidden", Reply(403, b"no")))
    assert isinstance(got, Unreachable) and got.category == "blocked"
    assert not (tmp_path / "sources" / "snapshots" / "objects").exists()


def test_offline_uses_snapshots_only(server: LocalServer, tmp_path: Path) -> None:
    url = server.route("/s/offline", Reply(200, PAGE, {"Content-Type": "text/html"}))
    got = read(tmp_path, url, offline=True)
    assert isinstance(got, Unreachable) and got.category == "offline"
    assert "checker fetch" in got.reason and server.hits("/s/offline") == []
    assert isinstance(read(tmp_path, url), SourceDoc)
    hits = len(server.hits("/s/offline"))
    doc = read(tmp_path, url, offline=True)
    assert isinstance(doc, SourceDoc) and QUOTE in doc.text
    assert len(server.hits("/s/offline")) == hits


def test_young_snapshot_is_reused_old_one_refreshed_conditionally(server: LocalServer, tmp_path: Path) -> None:
    def etagged(h: Handler) -> Reply:
        if h.headers.get("If-None-Match") == '"e1"':
            return Reply(304, b"", {"ETag": '"e1"'})
        return Reply(200, PAGE, {"ETag": '"e1"', "Content-Type": "text/html"})

    url = server.route("/s/etag", etagged)
    first = read(tmp_path, url)
    read(tmp_path, url, max_snapshot_age="1h")
    assert len(server.hits("/s/etag")) == 1  # young enough: no request
    again = read(tmp_path, url, max_snapshot_age="0")
    assert server.hits("/s/etag")[-1]["If-None-Match"] == '"e1"'
    assert isinstance(first, SourceDoc) and isinstance(again, SourceDoc)
    assert again.sha256 == first.sha256
    history = SnapshotStore(tmp_path / "sources").history(url)
    assert len(history) == 1 and history[0].checked_at >= history[0].fetched_at


def claim(url: str, quote: str = QUOTE, accessed: str | None = None) -> Claim:
    return Claim(
        id="c1",
        statement="6,700 were detained.",
        citations=(cite(url, quote, accessed),),
        source_file=Path("claims/c.yaml"),
        line=1,
    )


def test_drift_quote_vanished_and_changed(server: LocalServer, tmp_path: Path) -> None:
    versions = [
        PAGE,
        PAGE.replace(b"6,700", b"6,000"),
        b"<html><body><p>This page was rewritten entirely.</p></body></html>",
    ]
    state = {"v": 0}
    server.route("/s/drift", lambda h: Reply(200, versions[state["v"]], {"Content-Type": "text/html"}))
    url = server.url("/s/drift")
    options = VerifyOptions(config=config(tmp_path, max_snapshot_age="0"))
    first = verify([claim(url)], options).claims[0]
    assert first.status is Status.PASS and first.findings == ()
    state["v"] = 1
    changed = verify([claim(url)], options).claims[0]
    (f,) = changed.findings
    assert (f.kind, f.severity, f.citation) == ("source-changed", Severity.WARNING, 0)
    assert "quoted passage changed on the live page" in f.message
    assert "6,700" in f.data["before"] and "6,000" in f.data["after"]
    assert changed.citations[0].verdict is Verdict.MISQUOTED and changed.status is Status.FAIL
    # Later runs, offline ones included, still see the change between the last two snapshots.
    offline = verify([claim(url)], VerifyOptions(offline=True, config=options.config)).claims[0]
    assert [g.message for g in offline.findings] == [f.message]
    state["v"] = 2
    gone = verify([claim(url)], options).claims[0]
    (f,) = gone.findings
    assert "the quote vanished from the live page" in f.message
    assert "6,000" in f.data["before"] and f.data["after"] is None
    assert len(SnapshotStore(tmp_path / "sources").history(url)) == 3


def test_dead_page_with_snapshot_is_checked_against_it(server: LocalServer, tmp_path: Path) -> None:
    state = {"dead": False}
    server.route(
        "/s/dies", lambda h: Reply(404, b"gone") if state["dead"] else Reply(200, PAGE, {"Content-Type": "text/html"})
    )
    url = server.url("/s/dies")
    options = VerifyOptions(config=config(tmp_path, max_snapshot_age="0"))
    verify([claim(url)], options)
    state["dead"] = True
    result = verify([claim(url)], options).claims[0]
    assert result.citations[0].verdict is Verdict.VERIFIED
    (f,) = result.findings
    assert f.kind == "source-changed" and "the live page is gone" in f.message


def fake_wayback(server: LocalServer, asked: list[dict[str, list[str]]]) -> str:
    """A local stand-in for the availability API, and a capture it points to."""

    def available(h: Handler) -> Reply:
        query = parse_qs(urlsplit(h.path).query)
        asked.append(query)
        if "never-archived" in query["url"][0]:
            return Reply(200, json.dumps({"archived_snapshots": {}}).encode())
        capture = server.url(f"/web/20200815093000/{query['url'][0]}")
        body = {
            "archived_snapshots": {
                "closest": {"available": True, "url": capture, "timestamp": "20200815093000", "status": "200"}
            }
        }
        return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server.route("/wayback/available", available)
    return server.url("/wayback/available")


def test_archive_fallback_for_a_dead_page(server: LocalServer, tmp_path: Path) -> None:
    asked: list[dict[str, list[str]]] = []
    api = fake_wayback(server, asked)
    dead = server.route("/s/dead-page", Reply(410, b"gone"))
    server.route(f"/web/20200815093000id_/{dead}", Reply(200, PAGE, {"Content-Type": "text/html"}))
    options = VerifyOptions(config=config(tmp_path, archive_url=api))
    result = verify([claim(dead, accessed="2020-08-16")], options).claims[0]
    assert asked[-1] == {"url": [dead], "timestamp": ["20200816000000"]}
    cit = result.citations[0]
    assert cit.verdict is Verdict.VERIFIED and cit.source is not None
    assert cit.source.archived_from == server.url(f"/web/20200815093000/{dead}")
    assert result.findings[0].kind == "archived-source"
    # Saved: offline runs read the archived copy, still marked as archived.
    offline = verify([claim(dead)], VerifyOptions(offline=True, config=options.config)).claims[0]
    assert offline.citations[0].source is not None and cit.source is not None
    assert offline.citations[0].source.archived_from == cit.source.archived_from


def test_archive_without_capture_and_never_contacted_offline(server: LocalServer, tmp_path: Path) -> None:
    asked: list[dict[str, list[str]]] = []
    api = fake_wayback(server, asked)
    dead = server.route("/s/never-archived", Reply(404, b"gone"))
    cfg = config(tmp_path, archive_url=api)
    result = verify([claim(dead)], VerifyOptions(config=cfg)).claims[0]
    cit = result.citations[0]
    assert cit.verdict is Verdict.UNREACHABLE and cit.reason_category == "not-found"
    assert "no archived copy either" in (cit.reason or "") and len(asked) == 1
    verify([claim(server.url("/s/other-dead"))], VerifyOptions(offline=True, config=cfg))
    assert len(asked) == 1


def test_blocked_page_is_not_sent_to_the_archive(server: LocalServer, tmp_path: Path) -> None:
    asked: list[dict[str, list[str]]] = []
    api = fake_wayback(server, asked)
    url = server.route("/s/paywalled", Reply(402, b"pay"))
    result = verify([claim(url)], VerifyOptions(config=config(tmp_path, archive_url=api)))
    assert result.claims[0].citations[0].reason_category == "blocked" and asked == []
