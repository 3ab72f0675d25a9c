"""CI report formats (github, junit, sarif), --format auto, --report FORMAT:PATH, --fail-on.

Golden files are under tests/golden/; after an intended change of output, rewrite them with
UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from checker.reports import render
from checker.reports.github import escape_data, escape_property
from checker.results import CitationResult, ClaimResult, Finding, Report, Severity, Status, Verdict
from tests.support.paths import GOLDEN
from tests.support.projects import REPO, WARN_ONLY, ci_project, run

SARIF_SCHEMA = REPO.parent / "shared" / "spec" / "sarif-schema-2.1.0.json"
SUMMARY = (
    "4 claims: 1 pass, 1 warn, 2 fail · citations: 1 verified, 1 minor-differences, "
    "1 misquoted, 1 unreachable · findings: 0"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return ci_project(tmp_path, monkeypatch)


def stable(text: str) -> str:
    """Output with what changes from run to run (times, version) masked."""
    text = re.sub(r'timestamp="[^"]*"', 'timestamp="T"', text)
    text = re.sub(r'time="[0-9.]+"', 'time="S"', text)
    return re.sub(r'"version": "[^"]*",\n(\s+"informationUri")', r'"version": "V",\n\1', text)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_github_annotations_point_at_the_citation_lines(project: Path) -> None:
    code, out, err = run("verify", "--offline", "--format", "github")
    assert code == 1
    assert err == ""
    golden("ci-github.txt", out)
    lines = out.splitlines()
    assert [ln.split(" ", 1)[0] for ln in lines[:3]] == ["::error", "::warning", "::error"]
    assert lines[0].startswith("::error file=claims/belarus.yaml,line=15,title=misquoted%3A detentions-wrong::")
    assert "substantive number: quote says “7,600”, source says “6,700”" in lines[0]
    assert lines[-1] == SUMMARY


def test_github_escaping_keeps_hostile_text_on_one_line() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    hostile = "50% off\r\n::error file=evil.py,line=1::forged"
    cit = CitationResult(0, "q", None, "s.txt", 4, Verdict.NOT_FOUND, 0.0, reason="gone")
    finding = Finding("figure-mismatch", Severity.ERROR, hostile, citation=0)
    claim = ClaimResult("id,1:x", "s", "c.yaml", 2, Status.FAIL, (cit,), (finding,))
    out = render(Report(claims=(claim,)), "github").splitlines()
    assert len(out) == 3
    assert out[0] == (
        "::error file=c.yaml,line=4,title=not-found%3A id%2C1%3Ax::citation 1 (s.txt): not-found, score 0.00%0Agone"
    )
    assert out[1] == (
        "::error file=c.yaml,line=4,title=figure-mismatch%3A id%2C1%3Ax::"
        "50%25 off%0D%0A::error file=evil.py,line=1::forged"
    )


def test_junit_golden_and_read_back_with_junitparser(project: Path) -> None:
    from junitparser import Error, Failure, JUnitXml

    code, out, _ = run("verify", "--offline", "--format", "junit", "--output", "junit.xml")
    assert code == 1
    assert out == f"{SUMMARY}\njunit report written to junit.xml\n"
    golden("ci-junit.xml", stable((project / "junit.xml").read_text(encoding="utf-8")))
    xml = JUnitXml.fromfile(str(project / "junit.xml"))
    suites = list(xml)
    assert [s.name for s in suites] == ["claims/belarus.yaml"]
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors) == (4, 1, 1)
    cases = {c.name: c for c in suite}
    assert cases["detentions-2020"].is_passed
    [failure] = cases["detentions-wrong"].result
    assert isinstance(failure, Failure) and failure.type == "misquoted"
    assert "quote says “7,600”, source says “6,700”" in failure.text
    [error] = cases["missing-source"].result
    assert isinstance(error, Error) and error.type == "unreachable"
    assert cases["lukashenko-spelling"].is_passed
    assert "Lukashenka" in cases["lukashenko-spelling"].system_out


def test_junit_warning_is_a_failure_when_failing_on_warnings(project: Path) -> None:
    from junitparser import Failure, JUnitXml

    (project / "claims" / "belarus.yaml").write_text(WARN_ONLY, encoding="utf-8")
    code, _, _ = run("verify", "--offline", "--report", "junit:a.xml")
    assert code == 0
    assert next(iter(JUnitXml.fromfile("a.xml"))).failures == 0
    code, _, _ = run("verify", "--offline", "--fail-on", "warning", "--report", "junit:b.xml")
    assert code == 1
    [case] = list(next(iter(JUnitXml.fromfile("b.xml"))))
    assert isinstance(case.result[0], Failure) and case.result[0].type == "minor-differences"


def test_junit_drops_characters_xml_cannot_hold() -> None:
    from junitparser import JUnitXml

    cit = CitationResult(0, "q", None, "s.txt", 4, Verdict.NOT_FOUND, 0.0, reason="bell \x07 and \x1b[31m escape")
    claim = ClaimResult("c", "s", "c.yaml", 2, Status.FAIL, (cit,))
    text = render(Report(claims=(claim,)), "junit")
    case = next(iter(next(iter(JUnitXml.fromstring(text.split("\n", 1)[1])))))
    assert "bell \ufffd and \ufffd[31m escape" in case.result[0].text


def test_sarif_golden_and_valid_against_the_schema(project: Path) -> None:
    code, _, err = run("verify", "--offline", "--report", "sarif:out/checker.sarif")
    assert code == 1
    assert err == "sarif report written to out/checker.sarif\n"
    text = (project / "out" / "checker.sarif").read_text(encoding="utf-8")
    golden("ci-sarif.json", stable(text))
    doc = json.loads(text)
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("misquoted", "error"),
        ("minor-differences", "warning"),
        ("unreachable", "error"),
    ]
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc == {"artifactLocation": {"uri": "claims/belarus.yaml"}, "region": {"startLine": 15}}
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/spec/sarif-schema-2.1.0.json is not here")
    import jsonschema

    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def test_sarif_accepted_finding_is_a_suppression() -> None:
    finding = Finding("figure-conflict", Severity.INFO, "other claim says 20,000", accepted="different periods (ed)")
    claim = ClaimResult("c", "s", "claims/a b.yaml", 3, Status.PASS, (), (finding,))
    doc = json.loads(render(Report(claims=(claim,), version="1"), "sarif"))
    [result] = doc["runs"][0]["results"]
    assert result["level"] == "note"
    assert result["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "different periods (ed)"}
    ]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "claims/a%20b.yaml"
    if SARIF_SCHEMA.is_file():
        import jsonschema

        jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def test_auto_is_github_inside_github_actions(project: Path) -> None:
    code, out, _ = run("verify", "--offline", env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out.startswith("::error file=claims/belarus.yaml,line=15,")


def test_auto_is_plain_terminal_off_a_tty_and_colour_when_forced(project: Path) -> None:
    code, out, _ = run("verify", "--offline")
    assert code == 1
    assert out.startswith("PASS detentions-2020  claims/belarus.yaml:3\n")
    assert "\x1b[" not in out
    _, coloured, _ = run("verify", "--offline", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured
    _, plain, _ = run("verify", "--offline", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain


def test_several_reports_in_one_run(project: Path) -> None:
    code, out, err = run(
        "verify",
        "--offline",
        "--report",
        "json:r/report.json",
        "--report",
        "junit:r/junit.xml",
        "--report",
        "markdown:r/summary.md",
    )
    assert code == 1
    assert out.startswith("PASS detentions-2020") and out.endswith(SUMMARY + "\n")
    assert err == (
        "json report written to r/report.json\njunit report written to r/junit.xml\n"
        "markdown report written to r/summary.md\n"
    )
    data = json.loads((project / "r" / "report.json").read_text(encoding="utf-8"))
    assert [c["status"] for c in data["claims"]] == ["pass", "fail", "warn", "fail"]
    assert (project / "r" / "summary.md").read_text(encoding="utf-8").startswith("## Citation check")
    assert not list((project / "r").glob(".*.tmp"))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("junit", "'junit' is not FORMAT:PATH (e.g. junit:reports/junit.xml)"),
        ("junit:", "'junit:' is not FORMAT:PATH (e.g. junit:reports/junit.xml)"),
        ("xml:out.xml", "'xml' is not a format; choose from terminal, json, markdown"),
    ],
)
def test_bad_report_spec_is_a_usage_error(project: Path, spec: str, message: str) -> None:
    code, out, err = run("verify", "--offline", "--report", spec)
    assert code == 2
    assert out == ""
    assert f"Invalid value for '--report': {message}" in err
    assert not (project / ".checker-cache").exists()


def test_fail_on_warning_from_the_option_and_from_config(project: Path) -> None:
    (project / "claims" / "belarus.yaml").write_text(WARN_ONLY, encoding="utf-8")
    assert run("verify", "--offline")[0] == 0
    assert run("verify", "--offline", "--fail-on", "warning")[0] == 1
    (project / "checker.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    assert run("verify", "--offline")[0] == 1
    assert run("verify", "--offline", "--fail-on", "error")[0] == 0
