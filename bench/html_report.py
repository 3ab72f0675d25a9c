#!/usr/bin/env python3
"""Scale of the HTML report (issue 5): file size, render time, and in Debian's Chromium the time
to open it and to filter and search it, for a report of N claims (default 5,000).

The claims are real results (the Belarus claims base and the examples, checked against the
shipped sources), repeated with new ids until there are N, with figure findings on every 7th.

usage: .venv/bin/python bench/html_report.py [--claims N] [--keep FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.results import Report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build(n: int) -> Report:
    from checker.claims import load_claims
    from checker.pipeline import VerifyOptions, verify
    from checker.results import Finding, Report, Severity

    # the claims base (all pass) with the examples (every verdict), else the test fixture
    paths = [p for p in (ROOT / "claims", ROOT / "examples" / "claims") if any(p.rglob("*.yaml"))]
    paths = paths or [ROOT / "tests" / "fixtures" / "html-report" / "belarus.yaml"]
    base = verify(load_claims([str(p) for p in paths]), VerifyOptions(offline=True))
    finding = Finding(
        "figure-conflict",
        Severity.ERROR,
        "more than 50,000 here; about 20,000 in another claim",
        None,
        {
            "figures": [
                {"text": "more than 50,000", "low": 50000, "high": None, "source": "statement", "claim": "a"},
                {"text": "about 20,000", "low": 18000, "high": 22000, "source": "statement", "claim": "b"},
            ],
            "other_claim": "b",
        },
    )
    claims = []
    for i in range(n):
        c = base.claims[i % len(base.claims)]
        extra = (finding,) if i % 7 == 0 else ()
        claims.append(dataclasses.replace(c, id=f"{c.id}-{i}", findings=c.findings + extra))
    return Report(
        claims=tuple(claims),
        files=base.files,
        started=base.started,
        duration_s=base.duration_s,
        version=base.version,
        offline=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--keep", type=Path, help="write the HTML report here and keep it")
    args = ap.parse_args()
    from checker.atomic import write_atomic
    from checker.reports import RenderOptions, render

    report = build(args.claims)
    t0 = time.perf_counter()
    out = args.keep or Path(tempfile.mkdtemp()) / "audit.html"
    text = render(report, "html", RenderOptions(link_base=out))
    render_s = time.perf_counter() - t0
    write_atomic(out, text)
    size = out.stat().st_size
    print(f"claims: {args.claims}")
    print(f"html size: {size / 1e6:.2f} MB ({size:,} bytes)")
    print(f"render (python): {render_s:.2f} s")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser timings skipped: playwright is not installed", file=sys.stderr)
        return 0
    if not Path(CHROMIUM).exists():
        print(f"browser timings skipped: no {CHROMIUM}", file=sys.stderr)
        return 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        t0 = time.perf_counter()
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-ready]")
        open_s = time.perf_counter() - t0
        ready = page.evaluate("performance.now()")
        timings: dict[str, float] = {}
        actions: tuple[tuple[str, Callable[[], None]], ...] = (
            ("filter status=fail", lambda: page.check("input[name=status][value=fail]")),
            ("filter verdict=misquoted", lambda: page.check("input[name=verdict][value=misquoted]")),
            ("search 'testimonies'", lambda: page.fill("#f-search", "testimonies")),
            ("next page", lambda: page.locator("[data-page=next]").first.click()),
            ("clear filters", lambda: page.click("#f-reset")),
        )
        for name, act in actions:
            before = page.inner_text("#shown")
            t0 = time.perf_counter()
            act()
            page.wait_for_function("b => document.getElementById('shown').textContent !== b", arg=before)
            timings[name] = time.perf_counter() - t0
        print(
            f"open in chromium (goto to first page drawn): {open_s:.2f} s "
            f"(page's own clock at ready: {ready / 1000:.2f} s)"
        )
        for name, s in timings.items():
            print(
                f"{name}: {s * 1000:.0f} ms (search includes a 120 ms typing pause)"
                if name.startswith("search")
                else f"{name}: {s * 1000:.0f} ms"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
