"""The HTML report in real headless Chromium: it loads cleanly, filters, marks differences, runs
nothing from its data, pages through many claims, prints every claim, and is photographed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from checker.atomic import write_atomic
from checker.reports import RenderOptions, render
from checker.results import Report
from tests.support.paths import ROOT
from tests.support.report_samples import HOSTILE_IMG, HOSTILE_SCRIPT

if TYPE_CHECKING:  # playwright is imported only where the browser tests run
    from playwright.sync_api import ConsoleMessage, Dialog

pytestmark = pytest.mark.slow


class Opened:
    """A page showing a report file, with every console message, dialog and request kept."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready]")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ids(self) -> list[str]:
        ids: list[str] = self.page.eval_on_selector_all("article.claim", "els => els.map(e => e.id)")
        return ids

    def shown(self) -> str:
        return str(self.page.inner_text("#shown"))


def _open(chromium: Any, tmp_path: Path, report: Report, name: str = "audit.html") -> Opened:
    path = tmp_path / name
    write_atomic(path, render(report, "html", RenderOptions(link_base=path)))
    return Opened(chromium, path)


@pytest.fixture
def opened(chromium: Any, tmp_path: Path, report: Report) -> Iterator[Opened]:
    o = _open(chromium, tmp_path, report)
    yield o
    o.page.close()


def test_loads_with_no_console_errors_and_no_requests(opened: Opened) -> None:
    opened.page.wait_for_timeout(300)
    assert opened.errors == []
    assert opened.dialogs == []
    assert opened.requests == [opened.url]
    assert len(opened.ids()) == 6
    assert opened.shown() == "6 claims."


def test_hostile_text_shows_as_text_and_runs_nothing(opened: Opened) -> None:
    page = opened.page
    article = page.locator("article.claim").nth(5)
    text = article.inner_text()
    assert HOSTILE_SCRIPT in text and HOSTILE_IMG in text
    assert "</script><script>alert(2)</script><!--" in text
    assert page.evaluate("document.querySelectorAll('img, [onerror], [onload]').length") == 0
    assert page.evaluate("document.scripts.length") == 2
    # the hostile citation has a javascript: url: it is shown, never made a link
    assert page.evaluate("[...document.links].every(a => !a.href.startsWith('javascript:'))")
    article.locator("a.claimref").first.click()  # links to claims with hostile ids still work
    page.wait_for_timeout(200)
    assert opened.dialogs == [] and opened.errors == []
    assert all(u.startswith("file://") for u in opened.requests)


def test_filters_and_search_change_what_is_shown(opened: Opened) -> None:
    page = opened.page
    page.check("input[name=status][value=fail]")
    assert len(opened.ids()) == 4
    assert opened.shown() == "4 of 6 claims match the filters."
    page.check("input[name=status][value=warn]")
    assert len(opened.ids()) == 5
    page.click("#f-reset")
    page.wait_for_function("() => document.querySelectorAll('article.claim').length === 6")
    page.check("input[name=verdict][value=unreachable]")
    assert opened.ids() == ["claim-detained-2020-b"]
    page.uncheck("input[name=verdict][value=unreachable]")
    page.check("input[name=kind][value=figure-conflict]")
    assert opened.ids() == ["claim-detained-2020-a", "claim-detained-2020-b"]
    page.uncheck("input[name=kind][value=figure-conflict]")
    page.select_option("#f-source", "https://example.org/dead")
    assert opened.ids() == ["claim-detained-2020-b"]
    page.select_option("#f-source", "")
    page.fill("#f-search", "lukashenko")
    page.wait_for_function("() => document.querySelectorAll('article.claim').length === 1")
    assert opened.ids() == ["claim-lukashenko-popularity"]
    page.fill("#f-search", "no claim says this")
    page.wait_for_function("() => document.querySelectorAll('article.claim').length === 0")
    assert opened.shown() == "0 of 6 claims match the filters."
    assert opened.errors == []


def test_filters_are_reachable_from_the_keyboard(opened: Opened) -> None:
    page = opened.page
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("(e => e.id || e.name || e.tagName)(document.activeElement)"))
        if reached[-1] == "status":
            page.keyboard.press("Space")  # the first status box: pass
            break
    assert "status" in reached
    assert opened.ids() == ["claim-detentions-9-12-august-2020"]
    page.focus("#f-search")
    page.keyboard.type("testimonies")
    page.wait_for_function("() => document.querySelectorAll('article.claim').length === 0")


def test_differences_are_marked(opened: Opened) -> None:
    page = opened.page
    art = page.locator("#claim-un-experts-testimonies")
    assert art.locator(".quote mark.d-substantive").inner_text() == "540"
    assert art.locator(".passage mark.d-substantive").inner_text() == "450"
    title = art.locator(".passage mark").get_attribute("title")
    assert title == "substantive difference: number"
    minor = page.locator("#claim-lukashenko-popularity")
    assert minor.locator(".passage mark.d-minor").inner_text() == "Lukashenka"
    assert minor.locator(".quote mark.d-minor").inner_text() == "Lukashenko"
    weight = page.evaluate("getComputedStyle(document.querySelector('.passage mark.d-substantive')).fontWeight")
    assert int(weight) >= 700  # substantive marked strongly, not by colour alone
    badge = page.locator("#claim-un-experts-testimonies .badge").inner_text()
    assert badge.strip() == "FAIL"  # a word, with a sign before it, besides the colour
    assert "✗" in page.evaluate(
        "getComputedStyle(document.querySelector('#claim-un-experts-testimonies .badge'), '::before').content"
    )
    assert art.locator("table.figs tr").count() == 3  # both figures and their sources
    link = art.locator(".links a").first.get_attribute("href")
    assert link and "#:~:text=" in link


def test_claim_links_go_to_the_claim_and_figure_conflicts_show(opened: Opened) -> None:
    page = opened.page
    page.check("input[name=status][value=pass]")
    assert len(opened.ids()) == 1
    page.locator("#figures a.claimref").first.click()  # filtered out: the filters clear
    page.wait_for_function("() => document.querySelectorAll('article.claim').length === 6")
    assert page.evaluate("document.activeElement.id") == "claim-detained-2020-a"
    assert page.locator("#figures section.inconsistent g.entry.conflict").count() == 2
    assert "contradicts #2" in page.locator("#figures tr.conflict").first.inner_text()


def test_many_claims_come_in_pages_and_all_print(chromium: Any, tmp_path: Path, report: Report) -> None:
    from checker.sources.pdf import pdf_text

    many = Report(claims=tuple(dataclasses.replace(report.claims[i % 5], id=f"c{i:03d}") for i in range(120)))
    o = _open(chromium, tmp_path, many)
    page = o.page
    assert o.ids()[0] == "claim-c000" and len(o.ids()) == 50
    assert page.locator(".pageinfo").first.inner_text() == "Page 1 of 3"
    page.locator("[data-page=next]").first.click()
    assert o.ids()[0] == "claim-c050"
    page.locator("[data-page=next]").first.click()
    assert len(o.ids()) == 20 and page.locator("[data-page=next]").first.is_disabled()
    page.evaluate("location.hash = '#claim-c007'")
    page.wait_for_function("() => document.activeElement.id === 'claim-c007'")
    page.check("input[name=status][value=fail]")  # 72 claims: c002, c003, c004, c007, ...
    assert len(o.ids()) == 50 and "c119" not in page.inner_text("#claim-list")
    text = pdf_text(page.pdf())
    assert "c119" in text and "c002" in text  # every matching claim, not the page on screen
    assert "c000" not in text and "c001" not in text
    assert "Filter the claims" not in text  # the print stylesheet drops the controls
    assert len(o.ids()) == 50 and o.errors == []
    page.close()


@pytest.mark.parametrize(("name", "full_page"), [("belarus", False), ("examples", True)])
def test_screenshots_of_the_shipped_claims(
    chromium: Any, request: pytest.FixtureRequest, name: str, full_page: bool
) -> None:
    """reports/belarus-audit.png (the top of the page: the base is long and all of it passes)
    and reports/examples-audit.png (every verdict), for a person to look at."""
    report = request.getfixturevalue(f"{name}_report")
    out = ROOT / "reports"
    o = _open(chromium, out, report, f"{name}-audit.html")
    o.page.set_viewport_size({"width": 1280, "height": 1800})
    o.page.screenshot(path=str(out / f"{name}-audit.png"), full_page=full_page)
    assert (out / f"{name}-audit.png").stat().st_size > 10_000
    assert o.errors == [] and o.dialogs == []
    assert len(o.ids()) == min(50, len(report.claims))
    o.page.close()
