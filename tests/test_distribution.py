"""The GitHub Action's verify step and the pre-commit hook, run as they are written."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.reports import FORMATS
from tests.support.projects import REPO, WARN_ONLY, make_project


def verify_step() -> dict[str, str]:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    [step] = [s for s in action["runs"]["steps"] if s.get("id") == "verify"]
    assert isinstance(step, dict)
    return step


def run_step(project: Path, **inputs: str) -> tuple[int, dict[str, str], Path]:
    step = verify_step()
    temp = project / "runner-temp"
    temp.mkdir()
    env = {
        **os.environ,
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(project / "out.txt"),
        "GITHUB_STEP_SUMMARY": str(project / "summary.md"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **{k: "" for k in step["env"]},
        **inputs,
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    outputs = dict(line.split("=", 1) for line in (project / "out.txt").read_text(encoding="utf-8").splitlines())
    return done.returncode, outputs, temp / "checker"


@pytest.mark.skipif("html" not in FORMATS, reason="the html report format is not merged yet")
def test_action_verify_step_writes_summary_reports_and_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    code, outputs, out = run_step(tmp_path, OFFLINE="true", FAIL_ON="error")
    assert code == 0  # the step itself goes on; a later step fails the job
    assert outputs == {"exit-code": "1"}
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## Citation check")
    assert (out / "report.html").stat().st_size > 0
    assert (out / "report.json").stat().st_size > 0


def test_action_passes_inputs_as_environment_not_as_script_text() -> None:
    step = verify_step()
    assert "${{" not in step["run"]
    assert set(step["env"]) == {"PATHS", "OFFLINE", "FAIL_ON", "CHANGED_SINCE"}


def test_pre_commit_hook_checks_the_files_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(hook["entry"])
    assert entry[0] == "checker" and "--offline" in entry
    assert hook["pass_filenames"] is True
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, [*entry[1:], "claims/belarus.yaml"])
    assert result.exit_code == 1
    assert "FAIL detentions-wrong  claims/belarus.yaml:12" in result.stdout
    (tmp_path / "claims" / "belarus.yaml").write_text(WARN_ONLY, encoding="utf-8")
    assert runner.invoke(cli, [*entry[1:], "claims/belarus.yaml"]).exit_code == 0
    import re

    assert re.search(hook["files"], "claims/belarus/detentions.yaml")
    assert not re.search(hook["files"], "sources/x.yaml")
