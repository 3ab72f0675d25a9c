"""Fixtures for the report-format tests: the hand-made sample report, a real run over the
shipped Belarus sources, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from checker.results import Report
from tests.support.paths import ROOT
from tests.support.report_samples import CHROMIUM, CHROMIUM_ARGS, FIXTURE_CLAIMS, sample_report


@pytest.fixture
def report() -> Report:
    return sample_report()


def _checked(folder: str) -> Report:
    """A real run over the shipped sources: the claims in `folder`, or the fixture claims."""
    from checker.claims import load_claims
    from checker.pipeline import VerifyOptions, verify

    path = ROOT / folder
    paths = [path] if any(path.rglob("*.yaml")) else [FIXTURE_CLAIMS]
    return verify(load_claims([str(p) for p in paths]), VerifyOptions(offline=True))


@pytest.fixture(scope="session")
def belarus_report() -> Report:
    """The shipped claims base (all of it passes)."""
    return _checked("claims")


@pytest.fixture(scope="session")
def examples_report() -> Report:
    """The shipped examples: one claim for each verdict."""
    return _checked("examples/claims")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser). Per module: while
    it runs, no other test can start Playwright's sync API."""
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does it)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need the 'playwright' package (dev extra)"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
