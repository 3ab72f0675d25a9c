"""The figure findings and the Figures section through the command line: exact lines, exit
codes, the Markdown and JSON reports, the shipped claims base, and a bad vocabulary setting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.support.paths import ROOT

EXAMPLES = ROOT / "examples" / "claims" / "figures.yaml"
CHECK_REPORT = ROOT.parent / "shared" / "tools" / "check_report.py"
FIGURE_KINDS = {"figure-mismatch", "figure-conflict", "source-disagreement", "figure-imprecise"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_examples_terminal_lines() -> None:
    code, out = run("verify", str(EXAMPLES), "--offline")
    assert code == 1
    lines = [line.strip() for line in out.splitlines()]
    a2025 = "https://www.amnesty.org/en/documents/eur49/8966/2025/en/"
    assert (
        "figure-mismatch (error): The statement says “About 20,000” (18,000 to 22,000) "
        f"(people detained), but citation 1 ({a2025}) says “more than 50,000” "
        "(at least 50,000)"
    ) in lines
    assert (
        "figure-conflict (error): figures[belarus/detained/since-2020]: this claim declares "
        "“about 20,000” (18,000 to 22,000), but claim 'figures-example-conflict' declares "
        "“more than 50,000” (at least 50,000)"
    ) in lines
    assert any(
        line.startswith("figure-mismatch (error): figures[belarus/un-testimonies/2020] declares “540” (540)")
        for line in lines
    )
    assert any(
        line.startswith("source-disagreement (warning): Citation 1 (")
        and "“tens of thousands”" in line
        and "“thousands”" in line
        for line in lines
    )
    assert any(line.startswith("figure-imprecise (warning): The statement says “Exactly 62,315”") for line in lines)
    assert "Figures" in lines
    assert any(
        line.startswith("belarus/detained/since-2020 (declared): about 20,000 (since 2020) → more than 50,000")
        and "conflict" in line
        for line in lines
    )
    assert lines[-1] == ("6 claims: 1 pass, 2 warn, 3 fail · citations: 7 verified · findings: 6")


def test_examples_markdown_has_the_figures_table() -> None:
    code, out = run("verify", str(EXAMPLES), "--offline", "--format", "markdown")
    assert code == 1
    assert "### Figures" in out
    assert (
        "| belarus/detained/2020-08-09..2020-08-12 | declared | 6,700 (between 9 and 12 August 2020) | ✅ consistent |"
    ) in out
    assert "| belarus/detained/since-2020 | declared |" in out and "❌ “about 20,000”" in out


def test_examples_json_report(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _ = run("verify", str(EXAMPLES), "--offline", "--format", "json", "--output", str(out))
    assert code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    found = {f["kind"] for c in report["claims"] for f in c["findings"]}
    assert found == FIGURE_KINDS
    assert all(c.get("figures") for c in report["claims"])
    assert {t["kind"] for t in report["timelines"]} == {"declared", "counted"}
    if CHECK_REPORT.is_file():
        done = subprocess.run(
            [sys.executable, str(CHECK_REPORT), str(out)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_shipped_base_has_no_figure_errors(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _ = run("verify", str(ROOT / "claims"), "--offline", "--format", "json", "--output", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0
    assert [f for c in report["claims"] for f in c["findings"] if f["kind"] in FIGURE_KINDS] == []
    declared = [t for t in report["timelines"] if t["kind"] == "declared"]
    assert len(declared) >= 10 and all(t["consistent"] for t in declared)


@pytest.mark.usefixtures("project")
def test_bad_vocabulary_setting_exits_2_naming_the_file(project: Path) -> None:
    (project / "checker.toml").write_text('figures_vocabulary = "vocab.yaml"\n', encoding="utf-8")
    (project / "vocab.yaml").write_text("qualifiers:\n  well over: lots\n", encoding="utf-8")
    (project / "claims" / "c.yaml").write_text(
        "- id: c\n  statement: x\n  citations:\n    - url: https://example.org/\n      quote: y\n", encoding="utf-8"
    )
    code, out = run("verify", "--offline")
    assert code == 2
    assert out.strip().splitlines() == [
        f"checker: {project / 'vocab.yaml'}: qualifier 'well over' must be one of gt, ge, near, approx, le, lt, exact"
    ]
