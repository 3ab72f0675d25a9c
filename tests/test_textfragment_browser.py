"""Text-fragment links followed in a real browser (Debian's Chromium, driven by Playwright): every
located citation of the Belarus base, served from 127.0.0.1 as an HTML page, scrolls to its passage.

Each page starts with a tall spacer, so a page that did not match stays at the top.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from checker.claims import load_claims
from checker.pipeline import VerifyOptions, verify
from checker.serialize import report_to_dict
from tests.support.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)


ON_SCREEN = """(words) => {
    if (window.scrollY < 1000) return false;
    for (const p of document.querySelectorAll('p')) {
        if (!p.textContent.replace(/\\s+/g, ' ').includes(words)) continue;
        const r = p.getBoundingClientRect();
        if (r.bottom > 0 && r.top < window.innerHeight) return true;
    }
    return false;
}"""


def page_of(path: Path) -> bytes:
    """The source as a publisher's page would show it: a paragraph per line; in Markdown,
    headings and emphasis rendered and inline HTML (footnote <sup>) kept."""
    paras = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text = html.escape(line)
        if path.suffix == ".md":
            text = re.sub(r"&lt;(/?sup)&gt;", r"<\1>", text)
            text = re.sub(r"^#+\s+", "", text)
            text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
        paras.append(f"<p>{text}</p>")
    return (
        "<!doctype html><meta charset=utf-8><body><div style='height:4000px'></div>"
        + "\n".join(paras)
        + "<div style='height:4000px'></div></body>"
    ).encode()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    pages = {f"/{p.name}": page_of(p) for p in (ROOT / "sources").iterdir() if p.suffix in (".txt", ".md")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: Any) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.mark.slow
def test_every_fragment_link_of_the_belarus_base_scrolls_to_its_passage(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    report = report_to_dict(verify(load_claims(["claims"]), VerifyOptions(offline=True)))
    links = []
    for claim in report["claims"]:
        for c in claim["citations"]:
            if c.get("fragment_url") and c.get("file"):
                local = f"{server}/{Path(c['file']).name}"
                links.append((claim["id"], local + c["fragment_url"][len(c["url"]) :], c["passage"]["text"]))
    assert len(links) >= 40
    missed = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        for claim_id, link, passage in links:
            page.goto("about:blank")
            page.goto(link, wait_until="domcontentloaded")
            first_line = re.sub(r"<[^>]+>", "", passage.strip().splitlines()[0])
            words = " ".join(first_line.split()[:4])
            try:  # the passage's first words, found in the DOM, must be on screen
                page.wait_for_function(ON_SCREEN, arg=words, timeout=3000, polling=50)
            except sync_api.TimeoutError:
                missed.append((claim_id, link))
        browser.close()
    assert missed == []


def test_a_wrongly_escaped_link_does_not_match(server: str) -> None:
    """The control: the same passage with its dash left raw is misread, so nothing scrolls."""
    good = (
        f"{server}/rferl-2021-torture-investigations.txt#:~:text=detained%20during%20anti%2Dgovernment%20demonstrations"
    )
    bad = good.replace("%2D", "-")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        scrolled = []
        for link in (good, bad):
            page.goto("about:blank")
            page.goto(link)
            page.wait_for_timeout(300)
            scrolled.append(page.evaluate("window.scrollY") > 1000)
        browser.close()
    assert scrolled == [True, False]
