"""`checker report` re-renders a saved JSON report; `checker verify --format html` writes one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.reports import RenderOptions, render
from checker.results import Report
from checker.serialize import report_to_dict
from tests.support.paths import ROOT
from tests.support.report_samples import FIXTURE_CLAIMS

HOW = "write one with `checker verify --format json --output FILE`"


@pytest.fixture
def saved(tmp_path: Path, report: Report) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report_to_dict(report)), encoding="utf-8")
    return path


def test_report_renders_html_to_a_file(saved: Path, tmp_path: Path, report: Report) -> None:
    out = tmp_path / "out" / "audit.html"
    result = CliRunner().invoke(cli, ["report", str(saved), "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "6 claims: 1 pass, 1 warn, 4 fail · citations: 1 verified, 1 minor-differences, "
        f"2 misquoted, 1 not-found, 1 unreachable · findings: 5\nhtml report written to {out}\n"
    )
    assert out.read_text(encoding="utf-8") == render(report, "html", RenderOptions(link_base=out))


def test_report_renders_markdown_to_standard_output(saved: Path, report: Report) -> None:
    result = CliRunner().invoke(cli, ["report", str(saved), "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout == render(report, "markdown")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; " + HOW),
        ("{not json", ":1: not valid JSON (Expecting property name enclosed in double quotes); " + HOW),
        ('["a list"]', ": not a checker JSON report (no 'claims' list); " + HOW),
        ('{"claims": [{"id": "x"}]}', ": not a checker JSON report (missing key 'status'); " + HOW),
        (
            '{"claims": [{"id": "x", "status": "great", "citations": []}]}',
            ": not a checker JSON report ('great' is not a valid Status); " + HOW,
        ),
    ],
)
def test_a_missing_or_malformed_report_is_one_line_and_exit_2(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(path), "--format", "html"])
    assert result.exit_code == 2
    sep = ": " if content is None else ""
    assert result.stderr == f"checker: {path}{sep}{message}\n"
    assert result.stdout == ""


def test_an_unknown_format_is_a_usage_error(saved: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(saved), "--format", "pdf"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_verify_writes_the_html_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports" / "audit.html"
    result = CliRunner().invoke(
        cli, ["verify", str(FIXTURE_CLAIMS.relative_to(ROOT)), "--offline", "--format", "html", "--output", str(out)]
    )
    assert result.exit_code == 1  # the fixture claims include failures
    assert result.stdout.endswith(f"html report written to {out}\n")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "un-experts-testimonies" in page
