"""The results cache: what is reused, what is checked again, and that a broken cache is not
fatal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import checker.figures.extract
import checker.figures.findings
import checker.pipeline
from checker.cache import ResultsCache
from checker.claims import load_claims
from checker.cli import cli
from checker.config import load_config
from checker.models import Claim
from checker.pipeline import VerifyOptions, verify
from checker.results import Report
from tests.support.projects import CLAIMS, make_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    return tmp_path


@pytest.fixture
def matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the claims the pipeline really matched (claim_result still runs as it is)."""
    seen: list[str] = []
    real = checker.pipeline.claim_result

    def spy(claim: Claim, *rest: Any) -> Any:
        seen.append(claim.id)
        return real(claim, *rest)

    monkeypatch.setattr(checker.pipeline, "claim_result", spy)
    return seen


def run_once(offline: bool = True) -> tuple[Report, ResultsCache]:
    config = load_config()
    cache = ResultsCache.open(config, offline)
    assert cache is not None
    try:
        claims = load_claims(["claims"], cache=cache)
        return verify(claims, VerifyOptions(offline=offline, config=config, cache=cache)), cache
    finally:
        cache.close()


def test_second_run_reuses_every_readable_claim(project: Path, matched: list[str]) -> None:
    first, cache = run_once()
    assert matched == ["detentions-2020", "detentions-wrong", "lukashenko-spelling", "missing-source"]
    assert (cache.hits, cache.misses) == (0, 4)
    matched.clear()
    second, cache = run_once()
    assert matched == ["missing-source"]  # an unreadable source is never cached
    assert (cache.hits, cache.misses) == (3, 1)
    assert second.claims == first.claims
    assert (project / ".checker-cache" / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_changed_quote_changed_source_and_changed_config_are_checked_again(project: Path, matched: list[str]) -> None:
    run_once()
    path = project / "claims" / "belarus.yaml"
    path.write_text(CLAIMS.replace("7,600 protesters", "6,700 protesters"), encoding="utf-8")
    matched.clear()
    report, _ = run_once()
    assert matched == ["detentions-wrong", "missing-source"]
    assert [c.status.value for c in report.claims] == ["pass", "pass", "warn", "fail"]

    source = project / "sources" / "amnesty-report-2020-belarus.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    matched.clear()
    run_once()
    assert len(matched) == 4

    (project / "checker.toml").write_text("found_score = 0.7\n", encoding="utf-8")
    matched.clear()
    run_once()
    assert len(matched) == 4
    matched.clear()
    run_once()
    assert matched == ["missing-source"]


def test_a_claim_that_moved_keeps_its_result_with_new_lines(project: Path, matched: list[str]) -> None:
    first, _ = run_once()
    path = project / "claims" / "belarus.yaml"
    path.write_text(CLAIMS.replace("claims:\n", "claims:\n\n\n"), encoding="utf-8")
    matched.clear()
    second, _ = run_once()
    assert matched == ["missing-source"]
    old, new = first.claims[1], second.claims[1]
    assert (new.line, new.citations[0].line) == (old.line + 2, old.citations[0].line + 2)
    assert dataclasses.replace(new, line=old.line, citations=old.citations) == old


def test_editor_decisions_apply_to_cached_results(project: Path) -> None:
    run_once()
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["accept", "lukashenko-spelling", "--kind", "minor-differences", "--reason", "house style"]
        ).exit_code
        == 0
    )
    report, cache = run_once()
    assert cache.hits == 3
    assert [c.status.value for c in report.claims] == ["pass", "fail", "pass", "fail"]


def test_no_cache_leaves_no_cache_behind(project: Path) -> None:
    result = CliRunner().invoke(cli, ["verify", "--offline", "--no-cache"])
    assert result.exit_code == 1
    assert not (project / ".checker-cache").exists()


def test_cache_dir_from_config_is_relative_to_the_config_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "checker.toml").write_text('cache_dir = "build/cache"\n', encoding="utf-8")
    (project / "claims" / "sub").mkdir()
    monkeypatch.chdir(project / "claims" / "sub")
    result = CliRunner().invoke(cli, ["verify", "--offline", "../belarus.yaml"])
    assert result.exit_code == 1
    assert (project / "build" / "cache" / "results.sqlite3").is_file()


def test_a_broken_cache_warns_and_the_run_goes_on(project: Path) -> None:
    (project / ".checker-cache").mkdir()
    (project / ".checker-cache" / "results.sqlite3").write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(cli, ["verify", "--offline", "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr == ("checker: warning: results cache not used (file is not a database)\n")
    assert len(json.loads(result.stdout)["claims"]) == 4


def test_an_unreachable_source_is_never_cached_even_when_readable(project: Path, matched: list[str]) -> None:
    outside = project.parent / f"{project.name}-outside.txt"
    outside.write_text("Between 9 and 12 August alone.", encoding="utf-8")
    (project / "claims" / "belarus.yaml").write_text(
        f"- id: fenced\n  statement: s\n  citations:\n  - file: ../../{outside.name}\n"
        "    quote: Between 9 and 12 August alone.\n",
        encoding="utf-8",
    )
    report, _ = run_once()
    assert report.claims[0].citations[0].reason_category == "refused-path"
    matched.clear()
    run_once()
    assert matched == ["fenced"]


def test_entries_unused_for_a_month_are_swept_on_a_days_first_run(project: Path) -> None:
    run_once()
    db_path = project / ".checker-cache" / "results.sqlite3"

    def rows(sql: str, *args: str) -> list[tuple[str, ...]]:
        db = sqlite3.connect(db_path)
        try:
            with db:
                return db.execute(sql, args).fetchall()
        finally:
            db.close()

    rows("INSERT INTO results VALUES ('stale', '{}', '2000-01-01')")
    run_once()  # today was swept already: the sweep (a read of every row) is not repeated
    assert rows("SELECT key FROM results WHERE key = 'stale'") == [("stale",)]
    rows("UPDATE meta SET value = '2000-01-02' WHERE key = 'swept'")
    run_once()
    assert rows("SELECT key FROM results WHERE key = 'stale'") == []
    assert int(rows("SELECT count(*) FROM results")[0][0]) > 0  # what the run used is kept
    assert rows("SELECT value FROM meta WHERE key = 'swept'") == [(dt.date.today().isoformat(),)]


def test_stored_results_bring_the_figures_of_their_passages_and_statements(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = run_once()
    assert any(c.figures for c in first.claims)  # the claims base has figures to read
    read: list[str] = []
    real = checker.figures.extract.extract

    def extract(text: str, *a: Any, **k: Any) -> Any:
        read.append(text)
        return real(text, *a, **k)

    monkeypatch.setattr(checker.figures.findings, "extract", extract)
    second, _ = run_once()
    # Only the claim that is never cached (its source is missing) has its statement and quote
    # read again; a declared figure's value is read from the claim file each time.
    assert sorted(read) == sorted(["A claim whose local copy was never saved.", "Nothing here", "6,700"])
    assert second.claims == first.claims  # figures, findings and verdicts alike


def test_a_changed_figures_vocabulary_checks_every_claim_again(project: Path, matched: list[str]) -> None:
    (project / "checker.toml").write_text('figures_vocabulary = "vocab.yaml"\n', encoding="utf-8")
    vocab = project / "vocab.yaml"
    vocab.write_text("events:\n  detained: [rounded up]\n", encoding="utf-8")
    run_once()
    matched.clear()
    run_once()
    assert matched == ["missing-source"]
    vocab.write_text("events:\n  detained: [rounded up, picked up]\n", encoding="utf-8")
    matched.clear()
    run_once()
    assert len(matched) == 4
