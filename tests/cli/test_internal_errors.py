"""No traceback reaches a user: an internal error is one line naming a log that holds the
details; Ctrl-C and a closed pipe end quietly; hostile text in messages cannot break the line."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import EXIT_INTERRUPTED, ISSUES_URL, cli, guarded

CLAIM = """\
- id: a
  statement: The government confirmed 6,700 detentions.
  citations:
    - file: ../sources/a.txt
      quote: confirmed 6,700 detentions
"""


@pytest.fixture
def repo(project: Path) -> Path:
    (project / "sources" / "a.txt").write_text("They confirmed 6,700 detentions.\n", "utf-8")
    (project / "claims" / "c.yaml").write_text(CLAIM, encoding="utf-8")
    return project


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("matcher exploded\non two lines \x1b[31m")


@pytest.mark.parametrize(
    "target", ["checker.matching.match_quote", "checker.claims.load_claims", "checker.sources.local.extract"]
)
def test_internal_error_is_one_line_and_a_log(
    repo: Path, tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = target.rsplit(".", 1)[1]
    monkeypatch.setattr(target, boom)
    logs = tmp_path / "logs"
    logs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(logs))
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1, lines
    log = next(logs.iterdir())
    assert lines[0] == (
        r"checker: internal error (RuntimeError: matcher exploded\x0aon two "
        r"lines \x1b[31m). This is a bug: please report it at "
        f"{ISSUES_URL} with the log {log}"
    )
    details = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details and "matcher exploded" in details
    assert f"in {name}" in details or "boom" in details


def test_no_log_possible_is_still_one_line(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("checker.claims.load_claims", boom)
    monkeypatch.setattr(tempfile, "tempdir", str(repo / "no" / "such" / "folder"))
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
    assert "internal error" in result.output and "no log could be written" in result.output


def test_ctrl_c_is_one_line_and_exit_130(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("checker.claims.load_claims", interrupt)
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.output == "checker: interrupted; nothing more was done\n"


def test_hostile_key_cannot_break_the_error_line(project: Path) -> None:
    (project / "claims" / "c.yaml").write_text(
        '- "a\\nerror: fake\\e[2J": 1\n  "a\\nerror: fake\\e[2J": 2\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith("error: claims/c.yaml:2: duplicate key 'a\\x0aerror: fake\\x1b[2J'")
    assert "\x1b" not in result.output


def test_closed_pipe_ends_quietly(repo: Path) -> None:
    """`checker verify | head -c 1` in a real process: no traceback on stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "verify", "claims"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=repo,
        env={**os.environ, "FORCE_COLOR": "1"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before anything is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "internal error" not in err, err


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


@pytest.mark.timeout(120)
def test_real_ctrl_c_during_a_run(repo: Path) -> None:
    """SIGINT to the whole process group while workers read a slow source: exit 130, one line,
    no traceback from the parent or any worker."""
    import signal
    import time

    from tests.support import hostile

    # 45 MB on one line: some 4 s of a worker's time, under the 50 M characters limit.
    (repo / "sources" / "a.txt").write_bytes(hostile.single_line(45, b"protest detention "))
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "verify", "claims"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not _children(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the worker that reads the source has started
    assert _children(proc.pid), "no worker process started"
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_INTERRUPTED, (out, err)
    assert err.decode() == "checker: interrupted; nothing more was done\n"


def test_every_command_is_guarded() -> None:
    """Each command's callback goes through `guarded`, so no input can end in a traceback."""
    import click

    def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
        found = []
        for name, cmd in group.commands.items():
            if isinstance(cmd, click.Group):
                found += commands(cmd, f"{prefix}{name} ")
            else:
                found.append((prefix + name, cmd))
        return found

    wrapper_code = guarded(lambda: None).__code__  # every guarded callback runs this code
    found = commands(cli, "")
    assert "verify" in [name for name, _ in found]
    unguarded = [name for name, cmd in found if getattr(cmd.callback, "__code__", None) is not wrapper_code]
    assert unguarded == []
