"""Editor decisions: `checker accept` edits the claim file in place, keeping everything else;
accepted findings are `info` with the reason in every report; expired ones come back."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path

import pytest

from checker.accept import add_acceptance
from checker.claims import load_claims
from tests.support.projects import CLAIMS, ci_project, run

BARE_LIST = """\
- id: only   # a file that is a bare list
  statement: 'Plain: with a colon'
  citations:
  - file: ../sources/amnesty-report-2020-belarus.txt
    quote: >-
      President Alyaksandr Lukashenko
      claimed a landslide victory
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return ci_project(tmp_path, monkeypatch)


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds, asserting it removes or changes none."""
    ops = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [o for o in ops if o.startswith("- ")], "a line of the file was changed"
    return [o[2:] for o in ops if o.startswith("+ ")]


def test_accept_adds_only_the_entry_keeping_comments_and_order(project: Path) -> None:
    path = project / "claims" / "belarus.yaml"
    code, out, err = run(
        "accept",
        "lukashenko-spelling",
        "--kind",
        "minor-differences",
        "--reason",
        "House style: Lukashenko",
        "--by",
        "ed",
        "--until",
        "2099-12-31",
    )
    assert (code, err) == (0, "")
    assert out == "accepted minor-differences for lukashenko-spelling in claims/belarus.yaml\n"
    after = path.read_text(encoding="utf-8")
    assert added_lines(CLAIMS, after) == [
        "    accepted:",
        "      - kind: minor-differences",
        "        reason: 'House style: Lukashenko'",
        "        by: ed",
        "        until: 2099-12-31",
    ]
    assert after.index("accepted:") > after.index('quote: "President Alyaksandr Lukashenko')
    assert after.index("accepted:") < after.index("- id: missing-source")
    claim = {c.id: c for c in load_claims(["claims"])}["lukashenko-spelling"]
    assert [(a.kind, a.reason, a.by, a.until) for a in claim.accepted] == [
        ("minor-differences", "House style: Lukashenko", "ed", "2099-12-31")
    ]


def test_accept_appends_to_a_list_and_replaces_the_same_kind(project: Path) -> None:
    path = project / "claims" / "belarus.yaml"
    assert run("accept", "detentions-2020", "--kind", "figure-conflict", "--reason", "one")[0] == 0
    first = path.read_text(encoding="utf-8")
    assert run("accept", "detentions-2020", "--kind", "source-changed", "--reason", "two")[0] == 0
    second = path.read_text(encoding="utf-8")
    assert added_lines(first, second) == ["      - kind: source-changed", "        reason: two"]
    assert run("accept", "detentions-2020", "--kind", "figure-conflict", "--reason", "new")[0] == 0
    third = path.read_text(encoding="utf-8")
    assert third == second.replace("reason: one", "reason: new")
    [claim] = [c for c in load_claims(["claims"]) if c.id == "detentions-2020"]
    assert [(a.kind, a.reason) for a in claim.accepted] == [("figure-conflict", "new"), ("source-changed", "two")]


def test_accept_in_a_bare_list_file_with_its_own_indentation() -> None:
    today = dt.date(2026, 1, 1)
    out = add_acceptance(BARE_LIST, "only", {"kind": "unreachable", "reason": "x", "until": today})
    assert added_lines(BARE_LIST, out) == [
        "  accepted:",
        "  - kind: unreachable",
        "    reason: x",
        "    until: 2026-01-01",
    ]


def test_accept_at_the_end_of_a_file_without_final_newline() -> None:
    text = BARE_LIST.rstrip("\n").replace(
        ">-\n      President Alyaksandr Lukashenko\n      claimed", "President Alyaksandr Lukashenko claimed"
    )
    out = add_acceptance(text, "only", {"kind": "unreachable", "reason": "x"})
    assert out.endswith("claimed a landslide victory\n  accepted:\n  - kind: unreachable\n    reason: x\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope", "--kind", "figure-conflict", "--reason", "r"],
            "checker: no claim with id 'nope' in the claim files given; check the id (ids are listed in the report)\n",
        ),
        (
            ["detentions-2020", "--kind", "figure-conflict", "--reason", "r", "--until", "2026-02-30"],
            "checker: --until: '2026-02-30' is not a date; write it as YYYY-MM-DD\n",
        ),
        (
            ["detentions-2020", "--kind", "figure-conflict", "--reason", "r", "--until", "2001-01-01"],
            "checker: --until: 2001-01-01 is already past; give a date from today on\n",
        ),
        (
            ["detentions-wrong", "--kind", "misquoted", "--reason", "r"],
            "checker: --kind misquoted: a 'misquoted' citation cannot be accepted; correct the quote "
            "(or the source) instead\n",
        ),
        (
            ["detentions-2020", "--kind", "figure-conflict", "--reason", "  "],
            "checker: --reason is empty; say why the finding is accepted\n",
        ),
    ],
)
def test_accept_refusals_exit_2_and_leave_the_file(project: Path, args: list[str], message: str) -> None:
    code, out, err = run("accept", *args)
    assert (code, out, err) == (2, "", message)
    assert (project / "claims" / "belarus.yaml").read_text(encoding="utf-8") == CLAIMS


def test_accept_warns_about_a_kind_checker_does_not_report(project: Path) -> None:
    code, _, err = run("accept", "detentions-2020", "--kind", "figure-conflicts", "--reason", "r")
    assert code == 0
    assert err == (
        "checker: warning: 'figure-conflicts' is not a kind checker reports today; "
        "the entry applies only to findings of exactly that kind\n"
    )


def test_accepted_verdict_is_shown_in_every_report(project: Path) -> None:
    run("accept", "lukashenko-spelling", "--kind", "minor-differences", "--reason", "house style", "--by", "ed")
    reason = "house style (ed)"
    code, out, _ = run(
        "verify",
        "--offline",
        "--report",
        "json:r.json",
        "--report",
        "markdown:r.md",
        "--report",
        "github:r.txt",
        "--report",
        "junit:r.xml",
        "--report",
        "sarif:r.sarif",
    )
    assert code == 1
    assert "PASS lukashenko-spelling" in out and f"(accepted: {reason})" in out
    data = {c["id"]: c for c in json.loads(Path("r.json").read_text(encoding="utf-8"))["claims"]}
    claim = data["lukashenko-spelling"]
    assert claim["status"] == "pass"
    assert claim["citations"][0]["verdict"] == "minor-differences"  # the verdict stays honest
    assert claim["findings"] == [
        {
            "kind": "minor-differences",
            "severity": "info",
            "citation": 0,
            "accepted": reason,
            "message": "citation 1 is minor-differences: transliteration: “Lukashenko” for “Lukashenka”",
        }
    ]
    assert f"accepted: {reason}" in Path("r.md").read_text(encoding="utf-8")
    github = Path("r.txt").read_text(encoding="utf-8")
    assert (
        "::notice file=claims/belarus.yaml,line=20,title=minor-differences (accepted)%3A "
        "lukashenko-spelling::citation 1 is minor-differences"
    ) in github
    assert f"%0Aaccepted: {reason}" in github
    assert "::warning" not in github
    assert f"accepted: {reason}" in Path("r.xml").read_text(encoding="utf-8")
    sarif = json.loads(Path("r.sarif").read_text(encoding="utf-8"))
    [accepted] = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert accepted["suppressions"][0]["justification"] == reason


def test_expired_acceptance_brings_the_finding_back(project: Path) -> None:
    path = project / "claims" / "belarus.yaml"
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    text = CLAIMS.replace(
        '        quote: "President Alyaksandr Lukashenko claimed a landslide victory"\n',
        '        quote: "President Alyaksandr Lukashenko claimed a landslide victory"\n'
        "    accepted:\n      - kind: minor-differences\n        reason: old decision\n"
        f"        until: {yesterday}\n",
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = run("verify", "--offline", "--format", "github", "--fail-on", "warning")
    assert code == 1
    assert "::warning file=claims/belarus.yaml,line=20,title=minor-differences%3A" in out
    assert "old decision" not in out


def test_bad_until_in_a_claim_file_is_a_usage_error(project: Path) -> None:
    path = project / "claims" / "belarus.yaml"
    path.write_text(
        CLAIMS.replace(
            "    figures:\n",
            "    accepted:\n      - kind: figure-conflict\n        reason: r\n        until: next week\n    figures:\n",
        ),
        encoding="utf-8",
    )
    code, out, err = run("verify", "--offline")
    assert (code, out) == (2, "")
    assert err.startswith("error: claims/belarus.yaml:11: 'until' must be a date (YYYY-MM-DD), not 'next week'\n")


def test_accept_keeps_crlf_line_ends_and_a_byte_order_mark(project: Path) -> None:
    path = project / "claims" / "belarus.yaml"
    original = "\ufeff" + CLAIMS.replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    assert run("accept", "detentions-wrong", "--kind", "figure-mismatch", "--reason", "r")[0] == 0
    after = path.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff# Belarus")
    assert "\n" not in after.replace("\r\n", "")
    assert added_lines(original, after) == ["    accepted:", "      - kind: figure-mismatch", "        reason: r"]
