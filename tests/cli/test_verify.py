"""`checker verify` end to end through the CLI: output, reports, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import __version__
from checker.cli import cli
from tests.support.paths import ROOT

CHECK_REPORT = ROOT.parent / "shared" / "tools" / "check_report.py"
SOURCE = ROOT / "sources" / "amnesty-report-2020-belarus.txt"
QUOTE = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."


def claims_file(project: Path, quote: str = QUOTE, extra: str = "") -> Path:
    (project / "sources" / "report.txt").write_bytes(SOURCE.read_bytes())
    path = project / "claims" / "c.yaml"
    path.write_text(
        f"""\
claims:
  - id: detentions
    statement: The government confirmed 6,700 detentions between 9 and 12 August 2020.
    citations:
      - url: https://www.amnesty.org/en/location/europe-and-central-asia/belarus/report-belarus/
        file: ../sources/report.txt
        quote: "{quote}"
{extra}""",
        encoding="utf-8",
    )
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_version_and_help() -> None:
    code, out = run("--version")
    assert (code, out) == (0, f"checker, version {__version__}\n")
    code, out = run("verify", "--help")
    assert code == 0 and "Exit status: 0 when no claim fails" in out


def test_python_dash_m_works() -> None:
    done = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"checker, version {__version__}"


def test_a_passing_claim_exits_0(project: Path) -> None:
    claims_file(project)
    code, out = run("verify", "--offline", "--format", "terminal")
    assert code == 0
    assert out.splitlines()[0] == "PASS detentions  claims/c.yaml:2"
    assert out.splitlines()[-1] == ("1 claims: 1 pass, 0 warn, 0 fail · citations: 1 verified · findings: 0")


def test_a_misquote_exits_1_and_says_why(project: Path) -> None:
    claims_file(project, QUOTE.replace("6,700", "7,600"))
    code, out = run("verify", "--offline", "--format", "terminal")
    assert code == 1
    assert "FAIL detentions  claims/c.yaml:2" in out
    assert "substantive number: quote says “7,600”, source says “6,700”" in out


def test_fail_on_warning(project: Path) -> None:
    claims_file(project, QUOTE.replace("protesters", "protestors"))
    assert run("verify", "--offline")[0] == 0
    assert run("verify", "--offline", "--fail-on", "warning")[0] == 1


def test_json_report_follows_the_contract(project: Path) -> None:
    claims_file(
        project,
        extra="""\
  - id: missing
    statement: S.
    citations:
      - file: ../sources/none.txt
        quote: Q.
""",
    )
    code, out = run("verify", "--offline", "--format", "json", "--output", "out/report.json")
    assert code == 1
    assert out.splitlines()[-1] == "json report written to out/report.json"
    report = json.loads((project / "out" / "report.json").read_text(encoding="utf-8"))
    first, second = report["claims"]
    assert first["status"] == "pass" and first["citations"][0]["verdict"] == "verified"
    passage = first["citations"][0]["passage"]
    assert SOURCE.read_text(encoding="utf-8")[passage["start"] : passage["end"]] == QUOTE
    assert second["status"] == "fail" and second["citations"][0]["verdict"] == "unreachable"
    assert "no such file" in second["citations"][0]["reason"]
    if CHECK_REPORT.exists():
        done = subprocess.run(
            [sys.executable, str(CHECK_REPORT), "out/report.json"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout


def test_markdown_report(project: Path) -> None:
    claims_file(project, QUOTE.replace("6,700", "7,600"))
    code, out = run("verify", "--offline", "--format", "markdown")
    assert code == 1
    assert "| 1 | 0 | 0 | 1 |" in out
    assert "<details><summary>❌ fail <code>detentions</code>" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "--bogus"], "No such option '--bogus'"),
        (["verify", "nowhere"], "error: nowhere: no such file or folder"),
        (["verify", "--format", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output


def test_invalid_claim_file_exits_2_with_file_and_line(project: Path) -> None:
    (project / "claims" / "c.yaml").write_text("- id: a\n  statement: S.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify"])
    assert result.exit_code == 2
    assert "error: claims/c.yaml:1: claim 'a' has no 'citations' list" in result.output
    assert "Traceback" not in result.output


def test_no_color_is_respected(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims_file(project)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in run("verify", "--offline", "--format", "terminal")[1]


def test_a_run_pauses_the_collector_and_restores_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from checker import pipeline

    claims_file(project)
    during: list[bool] = []
    real = pipeline.verify

    def verify(claims: Any, options: Any) -> Any:
        during.append(gc.isenabled())
        return real(claims, options)

    monkeypatch.setattr(pipeline, "verify", verify)
    assert gc.isenabled()
    result = CliRunner().invoke(cli, ["verify", "claims", "--offline"])
    assert result.exit_code == 0, result.output
    assert during == [False]
    assert gc.isenabled()  # the caller's process (here pytest's) gets its collector back


def test_the_console_command_freezes_its_objects_as_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """`checker` ends with every object frozen, so the interpreter's last collections skip the
    run's objects; the exit status is click's, unchanged."""
    import gc

    from checker.cli import main

    monkeypatch.setattr(sys, "argv", ["checker", "--version"])
    assert gc.get_freeze_count() == 0
    try:
        with pytest.raises(SystemExit) as ended:
            main()
        assert ended.value.code == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
