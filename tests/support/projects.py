"""A small claims project in a temporary folder for the CI-integration tests: four claims over
one shipped source, one of each outcome (verified, misquoted number, transliteration, missing
source file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.support.paths import ROOT

REPO = ROOT
SOURCE = "amnesty-report-2020-belarus.txt"

CLAIMS = """\
# Belarus, August 2020.
claims:
  - id: detentions-2020   # the reference claim
    statement: The government confirmed 6,700 detentions between 9 and 12 August 2020.
    citations:
      - file: ../sources/amnesty-report-2020-belarus.txt
        quote: "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."
    figures:
      - key: belarus/detained/2020-08-09..12
        value: "6,700"

  - id: detentions-wrong
    statement: The government confirmed 7,600 detentions.
    citations:
      - file: ../sources/amnesty-report-2020-belarus.txt
        quote: "Between 9 and 12 August alone, the government confirmed the detention of 7,600 protesters."
  - id: lukashenko-spelling
    statement: Lukashenko claimed a landslide victory.
    citations:
      - file: ../sources/amnesty-report-2020-belarus.txt
        quote: "President Alyaksandr Lukashenko claimed a landslide victory"
  - id: missing-source
    statement: A claim whose local copy was never saved.
    citations:
      - file: ../sources/never-saved.txt
        quote: "Nothing here"
"""

WARN_ONLY = """\
claims:
  - id: lukashenko-spelling
    statement: Lukashenko claimed a landslide victory.
    citations:
      - file: ../sources/amnesty-report-2020-belarus.txt
        quote: "President Alyaksandr Lukashenko claimed a landslide victory"
"""


def make_project(root: Path, claims: str = CLAIMS, config: str = "") -> Path:
    """checker.toml, claims/belarus.yaml and sources/ under `root`; returns the claim file."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "sources" / SOURCE, root / "sources" / SOURCE)
    (root / "claims").mkdir(exist_ok=True)
    (root / "checker.toml").write_text(config, encoding="utf-8")
    path = root / "claims" / "belarus.yaml"
    path.write_text(claims, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """`checker ARGS` through click's runner: exit code, standard output, standard error."""
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def ci_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project as cwd, with no CI or colour variables leaking in from the environment."""
    for var in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    return tmp_path
