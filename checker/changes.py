"""`--changed-since REF`: the claims a change touches, so CI on a pull request checks only those.

Changed files are what `git diff --name-only REF` lists plus untracked files. A claim is checked
when its own file changed, when a source file it cites changed, or when it shares a `figures`
key with such a claim (a changed figure can conflict with one in an unchanged file).
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from checker.errors import CheckerError
from checker.models import Claim

GIT_TIMEOUT_S = 60


def _git(args: list[str], cwd: Path, error: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        raise CheckerError("--changed-since needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise CheckerError(f"git {args[0]} took over {GIT_TIMEOUT_S} s; giving up") from None
    if done.returncode != 0 and error:
        raise CheckerError(error)
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise CheckerError(f"--changed-since: git {' '.join(args)}: {reason}")
    return done.stdout


def changed_files(ref: str, cwd: Path | None = None) -> set[str]:
    """Real paths of the files changed since `ref` (committed, staged or not) and untracked."""
    if ref.startswith("-"):
        raise CheckerError(f"--changed-since: '{ref}' is not a git revision")
    cwd = cwd or Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(
        ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd,
        error=f"--changed-since: '{ref}' is not a commit in this repository (a shallow CI "
        "checkout may lack it: fetch it, e.g. actions/checkout with fetch-depth: 0)",
    )
    names = _git(["diff", "--name-only", "-z", ref, "--"], top).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return {os.path.realpath(top / n) for n in names if n}


def select(claims: Sequence[Claim], changed: set[str]) -> list[Claim]:
    """The claims touched by the change, in their original order."""
    real = functools.lru_cache(maxsize=None)(os.path.realpath)  # many claims share a file

    def touched(c: Claim) -> bool:
        return real(c.source_file) in changed or any(
            cit.path is not None and real(cit.path) in changed for cit in c.citations
        )

    chosen = {c.id for c in claims if touched(c)}
    keys = {f.key for c in claims if c.id in chosen for f in c.figures}
    chosen |= {c.id for c in claims if any(f.key in keys for f in c.figures)}
    return [c for c in claims if c.id in chosen]
