"""The shipped Belarus claims base (claims/, sources/) and the examples of each verdict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from checker.claims import load_claims
from checker.cli import cli
from tests.support.paths import ROOT

CLAIMS = ROOT / "claims"
SOURCES = ROOT / "sources"
EXAMPLES = ROOT / "examples" / "claims"
CHECK_REPORT = ROOT.parent / "shared" / "tools" / "check_report.py"
SEEDS = ROOT.parent / "shared" / "seeds"
DOCUMENTS = sorted(p for p in SOURCES.iterdir() if p.suffix in (".txt", ".md"))

# Each example claim's expected citation verdicts, claim status and (for the warnings and
# misquotes) the kind of difference that must be reported.
EXPECTED: dict[str, tuple[list[str], str, str | None]] = {
    "example-verified": (["verified"], "pass", None),
    "example-verified-elision-and-brackets": (["verified"], "pass", None),
    "example-verified-footnote-marker": (["verified"], "pass", None),
    "example-minor-transliteration": (["minor-differences"], "warn", "transliteration"),
    "example-minor-spelling": (["minor-differences"], "warn", "spelling"),
    "example-minor-typo": (["minor-differences"], "warn", "typo"),
    "example-misquoted-number": (["misquoted"], "fail", "number"),
    "example-misquoted-negation": (["misquoted"], "fail", "negation"),
    "example-misquoted-name": (["misquoted"], "fail", "name"),
    "example-misquoted-word": (["misquoted"], "fail", "changed-word"),
    "example-not-found": (["not-found"], "fail", None),
    "example-unreachable": (["unreachable"], "fail", None),
    "example-unreachable-offline-url": (["unreachable"], "fail", None),
}


def _verify(path: Path, out: Path) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(cli, ["verify", str(path), "--offline", "--format", "json", "--output", str(out)])
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return result.exit_code, report, result.output


@pytest.fixture(scope="module")
def base_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("base") / "report.json"
    code, report, _ = _verify(CLAIMS, out)
    return code, report, out


@pytest.fixture(scope="module")
def examples_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("examples") / "report.json"
    code, report, _ = _verify(EXAMPLES / "verdicts.yaml", out)  # figures.yaml: test_figures_*
    return code, report, out


def test_base_loads_with_at_least_45_claims() -> None:
    claims = load_claims([CLAIMS])
    assert len(claims) >= 45
    assert sum(len(c.citations) >= 2 for c in claims) >= 5


def test_every_source_document_is_cited() -> None:
    cited = {cit.path.resolve() for c in load_claims([CLAIMS]) for cit in c.citations if cit.path}
    assert len(DOCUMENTS) == 5
    for doc in DOCUMENTS:
        assert doc.resolve() in cited, f"{doc.name} is not cited by any claim"


def test_every_cited_file_is_a_shipped_document() -> None:
    for claim in load_claims([CLAIMS]):
        for cit in claim.citations:
            assert cit.file and cit.file.startswith("../../sources/"), claim.id
            assert cit.path is not None and cit.path.resolve() in {d.resolve() for d in DOCUMENTS}


def test_figures_shared_by_claims_agree() -> None:
    by_key: dict[str, list[str]] = {}
    for claim in load_claims([CLAIMS]):
        for fig in claim.figures:
            by_key.setdefault(fig.key, []).append(fig.value.replace(" per cent", "%"))
    shared = {k: set(v) for k, v in by_key.items() if len(v) >= 2}
    assert "belarus/complaints-of-police-abuse/2020" in shared
    for key, values in shared.items():
        assert len(values) == 1, f"{key} declared with different values: {values}"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.name)
def test_each_document_has_metadata(doc: Path) -> None:
    meta_path = doc.with_name(doc.stem + ".meta.yaml")
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    for key in ("title", "publisher", "date", "url", "seed", "kind", "description"):
        assert key in meta, f"{meta_path.name} lacks '{key}'"
    assert meta["title"] and meta["publisher"] and meta["kind"] and meta["description"]
    if meta["url"] is None:
        assert meta.get("note"), f"{meta_path.name}: a null url needs a note saying why"
    else:
        assert meta["url"].startswith("https://")
    if SEEDS.is_dir():  # the shipped copy is the seed, byte for byte
        assert (SEEDS / meta["seed"]).read_bytes() == doc.read_bytes()


def test_base_verifies_offline(base_run: tuple[int, dict[str, Any], Path]) -> None:
    code, report, _ = base_run
    assert code == 0
    assert len(report["claims"]) >= 45
    bad = [
        (c["id"], cit["verdict"], cit["quote"][:60])
        for c in report["claims"]
        for cit in c["citations"]
        if cit["verdict"] != "verified"
    ]
    assert bad == []
    assert all(c["status"] == "pass" for c in report["claims"])


def test_base_report_meets_the_contract(base_run: tuple[int, dict[str, Any], Path]) -> None:
    if not CHECK_REPORT.is_file():
        pytest.skip("../shared/tools/check_report.py is not here")
    done = subprocess.run(
        [sys.executable, str(CHECK_REPORT), str(base_run[2])], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 departures" in done.stdout


def test_examples_get_their_expected_verdicts(examples_run: tuple[int, dict[str, Any], Path]) -> None:
    code, report, _ = examples_run
    assert code == 1
    got = {c["id"]: c for c in report["claims"]}
    assert set(got) == set(EXPECTED)
    for cid, (verdicts, status, kind) in EXPECTED.items():
        claim = got[cid]
        assert [cit["verdict"] for cit in claim["citations"]] == verdicts, cid
        assert claim["status"] == status, cid
        if kind is not None:
            kinds = {d["kind"] for cit in claim["citations"] for d in cit["differences"]}
            assert kind in kinds, f"{cid}: expected a '{kind}' difference, got {kinds}"


def test_examples_terminal_output_names_the_differences() -> None:
    result = CliRunner().invoke(cli, ["verify", str(EXAMPLES / "verdicts.yaml"), "--offline"])
    assert result.exit_code == 1
    assert "“Lukashenko”" in result.output and "“Lukashenka”" in result.output
    assert "“540”" in result.output and "“450”" in result.output
    assert "3 pass, 3 warn, 7 fail" in result.output


def test_examples_report_meets_the_contract(examples_run: tuple[int, dict[str, Any], Path]) -> None:
    if not CHECK_REPORT.is_file():
        pytest.skip("../shared/tools/check_report.py is not here")
    done = subprocess.run(
        [sys.executable, str(CHECK_REPORT), str(examples_run[2])], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
