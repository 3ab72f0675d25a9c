"""A hand-made report with every kind of result (hostile text, figure findings, timelines) for
the report-format tests, the Chromium settings, and the golden-file check."""

from __future__ import annotations

from pathlib import Path

from checker.results import (
    CitationResult,
    ClaimResult,
    DiffClass,
    Difference,
    Finding,
    Passage,
    Report,
    Severity,
    SourceInfo,
    Status,
    Verdict,
)
from tests.support.paths import GOLDEN, ROOT

FIXTURE_CLAIMS = ROOT / "tests" / "fixtures" / "html-report" / "belarus.yaml"
AMNESTY = "https://www.amnesty.org/en/location/europe-and-central-asia/belarus/report-belarus/"
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'
S, M = DiffClass.SUBSTANTIVE, DiffClass.MINOR


def _src(origin: str, snapshot: str | None = None) -> SourceInfo:
    return SourceInfo(kind="text", origin=origin, sha256="ab" * 32, chars=13284, snapshot=snapshot)


def _figures(*figs: tuple[str, float | None, float | None, str, str]) -> dict[str, object]:
    return {"figures": [{"text": t, "low": lo, "high": hi, "source": s, "claim": c} for t, lo, hi, s, c in figs]}


def sample_report() -> Report:
    verified = CitationResult(
        0,
        "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters.",
        AMNESTY,
        "../sources/amnesty-report-2020-belarus.txt",
        7,
        Verdict.VERIFIED,
        1.0,
        Passage(
            "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters.",
            3120,
            3210,
            "with peaceful demonstrators. ",
            " Weekly peaceful protests continued",
        ),
        source=_src("sources/amnesty-report-2020-belarus.txt", ".checker-cache/snap/ab.html"),
    )
    minor = CitationResult(
        0,
        "comments by President Alyaksandr Lukashenko, amongst other issues",
        AMNESTY,
        None,
        14,
        Verdict.MINOR,
        0.99,
        Passage(
            "comments by President Alyaksandr Lukashenka, amongst other issues",
            899,
            965,
            "numerous incendiary ",
            ", saw his popularity drop",
        ),
        (Difference(M, "transliteration", "Lukashenko", "Lukashenka", "the same name, spelt another way"),),
        source=_src("https://www.amnesty.org/x"),
    )
    misquoted = CitationResult(
        0,
        "UN human rights experts received 540 testimonies of ill-treatment",
        AMNESTY,
        "../sources/amnesty-report-2020-belarus.txt",
        22,
        Verdict.MISQUOTED,
        0.97,
        Passage(
            "UN human rights experts received 450 testimonies of ill-treatment",
            10751,
            10816,
            "confiscated. ",
            " of detainees supported by photo",
        ),
        (Difference(S, "number", "540", "450"),),
        source=_src("sources/amnesty-report-2020-belarus.txt"),
    )
    hostile = CitationResult(
        0,
        f"The crowd chanted {HOSTILE_SCRIPT} and {HOSTILE_IMG} loudly",
        "javascript:alert(1)",
        "../sources/<b>bold</b>.txt",
        30,
        Verdict.MISQUOTED,
        0.9,
        Passage(
            f"The crowd chanted {HOSTILE_SCRIPT} and </script><script>alert(2)</script><!-- quietly",
            10,
            90,
            "<style>body{display:none}</style>",
            f"{HOSTILE_IMG} -->",
        ),
        (Difference(S, "changed-word", "loudly", "quietly"),),
        source=_src("sources/<b>bold</b>.txt"),
    )
    return Report(
        claims=(
            ClaimResult(
                "detentions-9-12-august-2020",
                "The government confirmed 6,700 detentions between 9 and 12 August 2020.",
                "claims/belarus.yaml",
                3,
                Status.PASS,
                (verified,),
            ),
            ClaimResult(
                "lukashenko-popularity",
                "President Lukashenko's popularity dropped.",
                "claims/belarus.yaml",
                12,
                Status.WARN,
                (minor,),
            ),
            ClaimResult(
                "un-experts-testimonies",
                "UN experts received 540 testimonies.",
                "claims/belarus.yaml",
                20,
                Status.FAIL,
                (misquoted,),
                (
                    Finding(
                        "figure-mismatch",
                        Severity.ERROR,
                        "the statement says 540 testimonies; the cited passage says 450",
                        0,
                        _figures(
                            ("540", 540, 540, "statement", "un-experts-testimonies"),
                            ("450", 450, 450, AMNESTY, "un-experts-testimonies"),
                        ),
                    ),
                ),
            ),
            ClaimResult(
                "detained-2020-a",
                "More than 50,000 people were detained in 2020.",
                "claims/figures.yaml",
                2,
                Status.FAIL,
                (
                    CitationResult(
                        0,
                        "over 25,000 people had been detained",
                        AMNESTY,
                        None,
                        5,
                        Verdict.NOT_FOUND,
                        0.31,
                        reason="no passage of the source is close enough to the quote",
                    ),
                ),
                (
                    Finding(
                        "figure-conflict",
                        Severity.ERROR,
                        "more than 50,000 here; about 20,000 in detained-2020-b",
                        None,
                        {
                            **_figures(
                                ("more than 50,000", 50000, None, "statement", "detained-2020-a"),
                                ("about 20,000", 18000, 22000, "statement", "detained-2020-b"),
                            ),
                            "other_claim": "detained-2020-b",
                        },
                    ),
                ),
            ),
            ClaimResult(
                "detained-2020-b",
                "About 20,000 people were detained in 2020.",
                "claims/figures.yaml",
                9,
                Status.FAIL,
                (
                    CitationResult(
                        0,
                        "about 20,000 detained",
                        "https://example.org/dead",
                        None,
                        11,
                        Verdict.UNREACHABLE,
                        0.0,
                        reason="timed out after 20 s",
                        reason_category="timeout",
                    ),
                ),
                (
                    Finding(
                        "figure-conflict",
                        Severity.ERROR,
                        "about 20,000 here; more than 50,000 in detained-2020-a",
                        None,
                        {
                            **_figures(
                                ("about 20,000", 18000, 22000, "statement", "detained-2020-b"),
                                ("more than 50,000", 50000, None, "statement", "detained-2020-a"),
                            ),
                            "other_claim": "detained-2020-a",
                        },
                    ),
                    Finding("figure-precision", Severity.WARNING, "a round figure", accepted="checked with the editor"),
                ),
            ),
            ClaimResult(
                f"hostile{HOSTILE_IMG}",
                f"Statement {HOSTILE_SCRIPT} {HOSTILE_IMG}",
                f"claims/{HOSTILE_IMG}.yaml",
                40,
                Status.FAIL,
                (hostile,),
                (
                    Finding(
                        f"kind{HOSTILE_IMG}",
                        Severity.WARNING,
                        f"message {HOSTILE_SCRIPT}",
                        0,
                        {**_figures((HOSTILE_IMG, 1, 2, HOSTILE_SCRIPT, "x")), "other_claim": HOSTILE_IMG},
                    ),
                ),
            ),
        ),
        files=("claims/belarus.yaml", "claims/figures.yaml", f"claims/{HOSTILE_IMG}.yaml"),
        started="2026-11-22T21:00:00+00:00",
        duration_s=1.234,
        version="0.1.0",
        offline=True,
        timelines=(
            {
                "key": "belarus/detained/2020",
                "kind": "declared",
                "unit": "people",
                "entries": [
                    {
                        "value": "more than 50,000",
                        "low": 50000,
                        "high": None,
                        "period": "2020",
                        "claim": "detained-2020-a",
                        "source": "statement",
                        "citation": None,
                    },
                    {
                        "value": "about 20,000",
                        "low": 18000,
                        "high": 22000,
                        "period": "2020",
                        "claim": "detained-2020-b",
                        "source": "statement",
                        "citation": None,
                    },
                    {
                        "value": "tens of thousands",
                        "low": 20000,
                        "high": 99999,
                        "period": "2020",
                        "claim": "detained-2020-a",
                        "source": AMNESTY,
                        "citation": 0,
                    },
                ],
                "consistent": False,
                "conflicts": [[0, 1]],
            },
            {
                "key": f"hostile/{HOSTILE_SCRIPT}",
                "kind": "counted",
                "unit": HOSTILE_IMG,
                "entries": [
                    {
                        "value": HOSTILE_IMG,
                        "low": 6700,
                        "high": 6700,
                        "period": HOSTILE_SCRIPT,
                        "claim": HOSTILE_IMG,
                        "source": HOSTILE_SCRIPT,
                        "citation": 0,
                    },
                    {
                        "value": "none",
                        "low": None,
                        "high": None,
                        "period": None,
                        "claim": "x",
                        "source": "y",
                        "citation": None,
                    },
                ],
                "consistent": True,
                "conflicts": [],
            },
        ),
    )


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    import os

    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"differs from {path} (UPDATE_GOLDEN=1)"
