"""The HTML report's structure (golden outline), its Content-Security-Policy, its escaping, and
the data its script draws the claims from."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from checker.reports import RenderOptions, render
from checker.reports.html import json_for_script, page_view
from checker.results import Report
from tests.support.paths import ROOT
from tests.support.report_samples import HOSTILE_IMG, HOSTILE_SCRIPT, check_golden

TEXT_TAGS = {
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "caption",
    "th",
    "td",
    "legend",
    "label",
    "dt",
    "button",
    "option",
    "text",
    "strong",
    "summary",
    "p",
}


def outline(doc: str) -> str:
    """One line per element: tag#id.classes and, for text-bearing tags, their text."""
    root = lxml_html.document_fromstring(doc)
    lines: list[str] = []

    def walk(el: lxml_html.HtmlElement, depth: int) -> None:
        if not isinstance(el.tag, str):
            return
        name = el.tag + (f"#{el.get('id')}" if el.get("id") else "")
        name += "".join(f".{c}" for c in (el.get("class") or "").split())
        for attr in ("name", "value", "type", "role", "aria-live", "href"):
            if el.get(attr) is not None and el.tag != "script":
                name += f" {attr}={el.get(attr)!r}"
        if el.tag in TEXT_TAGS:
            name += " | " + " ".join(el.text_content().split())[:70]
        if el.tag == "meta" and el.get("http-equiv"):
            name += " | " + re.sub(r"'sha256-[^']+'", "'sha256-…'", el.get("content", ""))
        lines.append("  " * depth + name)
        if el.tag not in ("script", "style"):
            for child in el:
                walk(child, depth + 1)

    walk(root, 0)
    return "\n".join(lines) + "\n"


@pytest.fixture
def page(report: Report) -> str:
    return render(report, "html")


def test_golden_outline(page: str) -> None:
    check_golden("html_outline.txt", outline(page))


def test_golden_claim_data(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # local-copy links are relative to where the report is written
    view = page_view(report, ROOT / "reports" / "audit.html")
    check_golden("html_claims.json", json.dumps(view["claims"], indent=1, ensure_ascii=False) + "\n")
    first = view["claims"][0]["citations"][0]["links"]
    assert [label for label, _ in first] == ["source", "local copy", "snapshot"]
    assert first[1][1].startswith("../sources/amnesty-report-2020-belarus.txt#:~:text=")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_allows_only_the_pages_own_script_and_style(page: str) -> None:
    root = lxml_html.document_fromstring(page)
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    scripts = root.xpath("//script[not(@type)]")
    styles = root.xpath("//style")
    assert len(scripts) == 1 and len(styles) == 1
    policy = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == _sha(scripts[0].text)
    assert policy["style-src"] == _sha(styles[0].text)
    assert "unsafe" not in csp
    # nothing remote or external: no src attribute, no stylesheet link, no CSS import or url()
    assert not root.xpath("//*[@src]") and not root.xpath("//link[@rel='stylesheet']")
    assert "@import" not in styles[0].text and "url(" not in styles[0].text
    assert not root.xpath("//*[starts-with(@href, 'http')]")


def test_hostile_text_never_becomes_markup(page: str, report: Report) -> None:
    assert page.count("<script") == 2  # the data block and the page's own script
    assert page.count("</script") == 2
    for bad in ("<img", "<!--", "<b>", "onerror=alert(1)>", "<style>body"):
        assert bad not in page
    root = lxml_html.document_fromstring(page)
    assert not root.xpath("//img | //*[@onerror] | //*[@onload]")
    # the SVG and tables show the hostile figure as text
    texts = " ".join(root.xpath("//section[@id='figures']//text()"))
    assert HOSTILE_SCRIPT in texts and HOSTILE_IMG in texts
    data = json.loads(root.xpath("//script[@id='report-data']")[0].text)
    assert data["claims"] == json.loads(json.dumps(page_view(report)["claims"]))


def test_json_for_script_escapes_what_could_end_the_block() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_summary_counts_and_filters(page: str) -> None:
    root = lxml_html.document_fromstring(page)
    status = {
        tr.xpath("string(th)").strip(): tr.xpath("string(td)") for tr in root.xpath("//table[@id='count-status']//tr")
    }
    assert status == {"FAIL": "4", "PASS": "1", "WARN": "1"}
    names = {i.get("name") for i in root.xpath("//form[@id='filters']//input")}
    assert names == {"status", "verdict", "kind", "q"}
    assert all(
        i.xpath("ancestor::label") or root.xpath(f"//label[@for='{i.get('id')}']")
        for i in root.xpath("//form//input | //form//select")
    )


def test_link_base_makes_file_links_relative(report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "deep" / "audit.html"
    text = render(report, "html", RenderOptions(link_base=out))
    src = ROOT / "sources" / "amnesty-report-2020-belarus.txt"
    assert f'"{os.path.relpath(src, out.parent)}#:~:text=' in text
    absolute = render(report, "html")
    assert (ROOT / "sources").as_uri() in absolute


def test_timelines_survive_malformed_data_and_agreeing_counts_fold_away(report: Report) -> None:
    odd: tuple[Any, ...] = (
        {
            "key": "k",
            "kind": "declared",
            "entries": [{"value": "x", "low": "many", "high": True}, "not a dict"],
            "consistent": False,
            "conflicts": [[0, 7], ["a", 0], [0]],
        },
        "not a timeline",
    )
    page = render(Report(claims=report.claims, timelines=odd), "html")
    root = lxml_html.document_fromstring(page)
    assert root.xpath("string(//section[@id='figures']//td[2])") == "x"
    assert "no numeric value" in root.xpath("string(//svg)")
    assert not root.xpath("//g[contains(@class, 'conflict')]")
    folded = root.xpath("//details[@class='more-timelines']")
    assert not folded
    page = render(report, "html")
    folded = lxml_html.document_fromstring(page).xpath("//details[@class='more-timelines']")
    assert "1 more counted figures, all in agreement" in folded[0].text_content()
