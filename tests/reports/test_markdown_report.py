"""The pull-request Markdown: golden output, only failing and warning claims, escaping, the
comment limit."""

from __future__ import annotations

import dataclasses

from checker.reports import RenderOptions, render
from checker.reports.markdown import GITHUB_LIMIT, md
from checker.reports.markdown import render as render_md
from checker.results import Report, Status
from tests.support.report_samples import HOSTILE_IMG, HOSTILE_SCRIPT, check_golden


def test_golden(report: Report) -> None:
    check_golden("markdown_report.md", render(report, "markdown"))


def test_only_failing_and_warning_claims_each_in_details(report: Report) -> None:
    text = render(report, "markdown")
    assert "| 6 | 1 | 1 | 4 |" in text
    assert text.count("<details>") == text.count("</details>") == 5
    assert "detentions-9-12-august-2020" not in text  # the one that passed
    assert "substantive *number*: quote “540”, source “450”" in text
    assert "minor *transliteration*: quote “Lukashenko”, source “Lukashenka”" in text
    assert "“more than 50,000” in statement (claim detained-2020-a)" in text


def test_source_text_is_inert(report: Report) -> None:
    text = render(report, "markdown")
    for bad in (HOSTILE_SCRIPT, HOSTILE_IMG, "<img", "<script", "<b>"):
        assert bad not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert md("see @octocat's [link](javascript:x) `code` *b*") == (
        "see @\u200boctocat's \\[link\\](javascript:x) \\`code\\` \\*b\\*"
    )
    assert md("a\n\n# heading\n> quote") == "a \\# heading &gt; quote"


def test_every_claim_passed(report: Report) -> None:
    passed = Report(claims=report.claims[:1])
    assert render(passed, "markdown").endswith("\nEvery claim passed.\n")


def test_cut_to_the_limit_with_a_note(report: Report) -> None:
    failing = report.claims[2]
    many = Report(claims=tuple(dataclasses.replace(failing, id=f"claim-{i}") for i in range(400)))
    text = render(many, "markdown")
    assert len(text) <= GITHUB_LIMIT
    shown = text.count("<details>")
    assert 0 < shown < 400
    assert (f"comment limit: {400 - shown} of 400 claims to review are not shown here; see the full report.**") in text
    small = render_md(many, RenderOptions(), limit=3000)
    assert len(small) <= 3000 and "not shown here" in small
    assert all(c.status is Status.FAIL for c in many.claims)
