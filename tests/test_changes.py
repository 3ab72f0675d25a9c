"""--changed-since: only the claims a change touches, in a real temporary git repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.changes import changed_files, select
from checker.claims import load_claims
from checker.cli import cli
from tests.support.projects import make_project

OTHER = """\
claims:
  - id: same-figure-elsewhere
    statement: 6,700 people were detained.
    citations:
      - file: ../sources/amnesty-report-2020-belarus.txt
        quote: "the government confirmed the detention of 6,700 protesters"
    figures:
      - key: belarus/detained/2020-08-09..12
        value: "6,700"
  - id: unrelated
    statement: Lukashenka claimed a landslide victory.
    citations:
      - file: ../sources/amnesty-report-2020-belarus.txt
        quote: "President Alyaksandr Lukashenka claimed a landslide victory"
"""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    (tmp_path / "claims" / "other.yaml").write_text(OTHER, encoding="utf-8")
    (tmp_path / "claims" / "third.yaml").write_text(
        OTHER.replace("same-figure-elsewhere", "third-a")
        .replace("unrelated", "third-b")
        .replace("belarus/detained", "elsewhere/detained"),
        encoding="utf-8",
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def ids(ref: str) -> list[str]:
    return [c.id for c in select(load_claims(["claims"]), changed_files(ref))]


def test_nothing_changed_selects_nothing(repo: Path) -> None:
    assert changed_files("HEAD") == set()
    assert ids("HEAD") == []


def test_changed_file_and_claims_sharing_its_figure_keys(repo: Path) -> None:
    path = repo / "claims" / "belarus.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("7,600", "7,700"), encoding="utf-8")
    assert ids("HEAD") == [
        "detentions-2020",
        "detentions-wrong",
        "lukashenko-spelling",
        "missing-source",
        "same-figure-elsewhere",
    ]


def test_committed_changes_untracked_files_and_changed_sources(repo: Path) -> None:
    (repo / "claims" / "new.yaml").write_text(
        OTHER.replace("same-figure-elsewhere", "new-a")
        .replace("unrelated", "new-b")
        .replace("belarus/detained", "new/key"),
        encoding="utf-8",
    )
    assert ids("HEAD") == ["new-a", "new-b"]
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "new claims")
    assert ids("HEAD~1") == ["new-a", "new-b"]
    source = repo / "sources" / "amnesty-report-2020-belarus.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert "missing-source" not in ids("HEAD")  # the only claim not citing that source
    assert len(ids("HEAD")) == 9


def test_cli_checks_only_the_touched_claims(repo: Path) -> None:
    path = repo / "claims" / "third.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", "--offline", "--changed-since", "HEAD", "--format", "json"])
    assert result.exit_code == 0
    assert [c["id"] for c in json.loads(result.stdout)["claims"]] == ["third-a", "third-b"]


def test_cli_with_no_touched_claim_says_so_and_passes(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["verify", "--offline", "--changed-since", "HEAD"])
    assert result.exit_code == 0
    assert result.stderr == "checker: no claim is touched by the changes since HEAD\n"
    assert result.stdout.endswith("0 claims: 0 pass, 0 warn, 0 fail · citations: none · findings: 0\n")


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x"])
def test_unknown_ref_is_a_usage_error(repo: Path, ref: str) -> None:
    result = CliRunner().invoke(cli, ["verify", "--offline", f"--changed-since={ref}"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"checker: --changed-since: '{ref}' is not ")


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(cli, ["verify", "--offline", "--changed-since", "HEAD"])
    assert result.exit_code == 2
    assert result.stderr.startswith("checker: --changed-since: git rev-parse --show-toplevel: ")
