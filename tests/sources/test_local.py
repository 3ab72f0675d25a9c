"""`file:` citations stay inside the claims repository (symlinks followed) unless the config
lists a folder in allowed_paths; tested through `checker verify`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

SECRET = "The secret text that must never be read: 6,700 detentions."
QUOTE = "6,700 detentions"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/repo (the claims repository, cwd) beside tmp/outside/secret.txt."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "sources").mkdir()
    (root / "sources" / "ok.txt").write_text(SECRET.replace("secret", "public"), encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check(repo: Path, *files: str) -> list[dict[str, str]]:
    """Verify one claim per `file:` value; the citations' verdict, category and reason."""
    lines = ["claims:"]
    for i, f in enumerate(files):
        lines += [
            f"  - id: c{i}",
            "    statement: S.",
            "    citations:",
            f"      - file: {json.dumps(f)}",
            f"        quote: {QUOTE}",
        ]
    (repo / "claims" / "c.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", "claims", "--offline", "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    assert "secret text" not in result.output  # nothing of an outside file reaches a report
    report = json.loads(result.output)
    return [
        {k: c["citations"][0].get(k, "") for k in ("verdict", "reason_category", "reason")} for c in report["claims"]
    ]


def test_paths_climbing_out_are_refused(repo: Path) -> None:
    got = check(
        repo,
        "../../outside/secret.txt",
        "../../../../../../../../etc/passwd",
        "../sources/../../outside/secret.txt",
        "../sources/ok.txt",
    )
    assert [g["reason_category"] for g in got[:3]] == ["refused-path"] * 3
    assert all("outside the claims tree" in g["reason"] and "allowed_paths" in g["reason"] for g in got[:3])
    assert got[3]["verdict"] == "verified"


def test_absolute_paths_outside_are_refused(repo: Path) -> None:
    got = check(
        repo, str(repo.parent / "outside" / "secret.txt"), "/etc/passwd", "/dev/zero", str(repo / "sources" / "ok.txt")
    )
    assert [g["reason_category"] for g in got] == ["refused-path"] * 3 + [""]
    assert got[3]["verdict"] == "verified"  # an absolute path inside the tree is fine


def test_symlinks_pointing_out_are_refused(repo: Path) -> None:
    (repo / "sources" / "link.txt").symlink_to(repo.parent / "outside" / "secret.txt")
    (repo / "sources" / "dirlink").symlink_to(repo.parent / "outside", target_is_directory=True)
    (repo / "sources" / "hop.txt").symlink_to(repo / "sources" / "link.txt")  # a chain
    (repo / "sources" / "inner.txt").symlink_to(repo / "sources" / "ok.txt")
    got = check(
        repo, "../sources/link.txt", "../sources/dirlink/secret.txt", "../sources/hop.txt", "../sources/inner.txt"
    )
    assert [g["reason_category"] for g in got[:3]] == ["refused-path"] * 3
    assert got[3]["verdict"] == "verified"  # a link that stays inside is followed


def test_a_folder_allowed_in_the_config_can_be_read(repo: Path) -> None:
    (repo / "sources" / "link.txt").symlink_to(repo.parent / "outside" / "secret.txt")
    (repo / "checker.toml").write_text('allowed_paths = ["../outside"]\n', encoding="utf-8")
    (repo / "claims" / "c.yaml").write_text(
        f"- id: a\n  statement: S.\n  citations:\n    - file: ../../outside/secret.txt\n"
        f"      quote: {QUOTE}\n"
        f"- id: b\n  statement: S.\n  citations:\n    - file: ../sources/link.txt\n"
        f"      quote: {QUOTE}\n"
        f"- id: c\n  statement: S.\n  citations:\n    - file: /etc/hostname\n"
        f"      quote: {QUOTE}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["verify", "claims", "--format", "json"], catch_exceptions=False)
    report = json.loads(result.output)
    cites = [c["citations"][0] for c in report["claims"]]
    assert [c["verdict"] for c in cites[:2]] == ["verified", "verified"]
    assert cites[2]["reason_category"] == "refused-path"  # only the listed folder is opened


def test_odd_paths_end_as_unreachable_not_as_errors(repo: Path) -> None:
    os.mkfifo(repo / "sources" / "fifo")  # opening it would block for ever
    got = check(repo, "../sources", "../sources/fifo", "../sources/" + "x" * 5000, "../sources/missing.txt")
    assert [g["verdict"] for g in got] == ["unreachable"] * 4
    assert [g["reason_category"] for g in got] == ["not-found", "not-found", "unreadable", "not-found"]
