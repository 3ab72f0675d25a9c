"""Config: `checker verify --config FILE`, [tool.checker] in pyproject.toml, and every unknown
key or bad value refused before any work, naming the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.projects import ci_project, run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return ci_project(tmp_path, monkeypatch)


def test_config_file_gives_claim_paths_fail_on_and_threshold(project: Path) -> None:
    (project / "elsewhere").mkdir()
    (project / "claims" / "belarus.yaml").rename(project / "elsewhere" / "belarus.yaml")
    (project / "ci.toml").write_text(
        'paths = ["elsewhere"]\nfail_on = "warning"\nfound_score = 1.0\n'
        '[fetch]\ntimeout_read = 5\nmax_snapshot_age = "12h"\nallow_private_addresses = true\n',
        encoding="utf-8",
    )
    code, out, _ = run("verify", "--offline", "--config", "ci.toml", "--format", "json")
    assert code == 1
    claims = {c["id"]: c for c in json.loads(out)["claims"]}
    assert sorted(claims) == ["detentions-2020", "detentions-wrong", "lukashenko-spelling", "missing-source"]
    # found_score = 1.0: a passage that is not word for word the quote is not found at all
    assert claims["detentions-wrong"]["citations"][0]["verdict"] == "not-found"
    code, out, _ = run("verify", "--offline", "--format", "json", "elsewhere")
    assert json.loads(out)["claims"][1]["citations"][0]["verdict"] == "misquoted"


def test_tool_checker_section_of_pyproject(project: Path) -> None:
    (project / "checker.toml").unlink()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.checker]\nfail_on = "warning"\npaths = ["claims"]\n', encoding="utf-8"
    )
    (project / "claims" / "belarus.yaml").write_text(
        (project / "claims" / "belarus.yaml").read_text(encoding="utf-8").split("  - id: detentions-wrong")[0],
        encoding="utf-8",
    )
    assert run("verify", "--offline")[0] == 0
    (project / "claims" / "more.yaml").write_text(
        "- id: w\n  statement: s\n  citations:\n  - file: ../sources/amnesty-report-2020-belarus"
        ".txt\n    quote: President Alyaksandr Lukashenko claimed a landslide victory\n",
        encoding="utf-8",
    )
    assert run("verify", "--offline")[0] == 1  # the warning fails the run, as configured


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("fial_on = 'warning'\n", "unknown key 'fial_on'; known keys: allowed_paths, cache_dir, "),
        ("[fetch]\ntimeout = 3\n", "unknown key 'fetch.timeout'; known keys: fetch.allow_private_"),
        ("fail_on = 'sometimes'\n", "'fail_on' must be one of error, warning"),
        ("found_score = 'high'\n", "'found_score' must be float, not str"),
        ("found_score = 1.5\n", "'found_score' must be at most 1"),
        ("paths = 'claims'\n", "'paths' must be a list of strings"),
        ("sources = 3\n", "'sources' must be str, not int"),
        ("[fetch]\ntimeout_read = -1\n", "'fetch.timeout_read' must not be negative"),
        (
            "[fetch]\nmax_snapshot_age = 'a week'\n",
            "'fetch.max_snapshot_age' must be a duration like 30m, 12h or 7d, not 'a week'",
        ),
        ("[fetch]\nallow_private_addresses = 'yes'\n", "'fetch.allow_private_addresses' must be bool, not str"),
        ("fetch = 3\n", "'fetch' must be a table"),
    ],
)
def test_unknown_key_or_bad_value_is_refused_before_any_work(project: Path, toml: str, message: str) -> None:
    (project / "bad.toml").write_text(toml, encoding="utf-8")
    code, out, err = run("verify", "--offline", "--config", "bad.toml")
    assert (code, out) == (2, "")
    assert err.startswith(f"checker: bad.toml: {message}")
    assert len(err.splitlines()) == 1
    assert not (project / ".checker-cache").exists()


def test_missing_and_invalid_config_files(project: Path) -> None:
    assert run("verify", "--config", "nope.toml") == (2, "", "checker: nope.toml: no such config file\n")
    (project / "broken.toml").write_text("fail_on = \n", encoding="utf-8")
    code, _, err = run("verify", "--config", "broken.toml")
    assert code == 2 and err.startswith("checker: broken.toml: invalid TOML: ")
