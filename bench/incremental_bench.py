"""Incremental-run benchmark: verify a synthetic 5,000-claim base, change one claim, verify again.

    .venv/bin/python bench/incremental_bench.py [--claims 5000] [--seed 7] [--keep DIR]

Each run is a fresh `checker verify --offline --format github` process (start-up included):
the first over an empty results cache, then, with one claim changed, a full run over the cache,
a run with `--changed-since HEAD`, and a run with nothing changed. Prints wall and CPU time of
each (CPU time says what the run costs when the machine is shared). Target: the second run
under 1 s.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECKER = [sys.executable, "-m", "checker"]
PER_FILE = 100


def sentences(text: str) -> list[str]:
    """Quotable sentences of a source: 60 to 300 characters, on one line."""
    parts = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [p for p in parts if 60 <= len(p) <= 300 and not p.startswith(("#", "*", "["))]


def yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(base: Path, n: int, seed: int) -> None:
    """A claims base of `n` claims quoting the shipped sources; the same for the same seed.
    About one claim in ten changes a word or drops one, so the run has warnings and failures."""
    rng = random.Random(seed)
    (base / "sources").mkdir(parents=True)
    pool: list[tuple[str, str]] = []
    for src in sorted((REPO / "sources").iterdir()):
        shutil.copy(src, base / "sources" / src.name)
        pool += [(src.name, s) for s in sentences(src.read_text(encoding="utf-8"))]
    (base / "checker.toml").write_text('paths = ["claims"]\n', encoding="utf-8")
    (base / "claims").mkdir()
    for start in range(0, n, PER_FILE):
        lines = ["# synthetic claims for the incremental benchmark", "claims:"]
        for i in range(start, min(n, start + PER_FILE)):
            name, quote = rng.choice(pool)
            if rng.random() < 0.1:
                words = quote.split()
                j = rng.randrange(len(words))
                words[j] = "seventeen" if rng.random() < 0.5 else words[j].upper() + "s"
                quote = " ".join(words)
            lines += [f"  - id: claim-{i:05d}",
                      f"    statement: {yaml_str('Claim ' + str(i) + ': ' + quote)}",
                      "    citations:",
                      f"      - file: ../sources/{name}",
                      f"        quote: {yaml_str(quote)}"]
            if i % 50 == 0:
                lines += ["    figures:", f"      - key: synthetic/{i % 7}",
                          f"        value: \"{100 + i % 7}\""]
        (base / "claims" / f"part-{start // PER_FILE:03d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall time, CPU time (user + system, this process's children), exit status, last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([*CHECKER, *args], cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return wall, cpu, done.returncode, lines[-1] if lines else ""


def change_one_claim(base: Path) -> None:
    """Drop the last word of one quote in the middle of the base."""
    path = sorted((base / "claims").glob("*.yaml"))[len(list((base / "claims").glob("*.yaml"))) // 2]
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("        quote: ")
    line, nl, tail = rest.partition("\n")
    path.write_text(head + sep + line.rsplit(" ", 1)[0] + '"' + nl + tail, encoding="utf-8")


def git(base: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
                   cwd=base, check=True, capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="build the base in this (new) folder and leave it")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="checker-bench-"))
    try:
        generate(base, args.claims, args.seed)
        git(base, "init", "-q")
        git(base, "add", ".")
        git(base, "commit", "-qm", "base")
        verify = ["verify", "--offline", "--format", "github"]
        runs = [("first run, empty cache", verify)]
        for label, cmd in runs:
            wall, cpu, rc, last = timed(cmd, base)
            print(f"{label:<38} {wall:6.2f} s wall {cpu:6.2f} s cpu  exit {rc}  {last}")
        change_one_claim(base)
        for label, cmd in [("one claim changed, cached run", verify),
                           ("same, --changed-since HEAD", [*verify, "--changed-since", "HEAD"]),
                           ("nothing changed, cached run", verify)]:
            wall, cpu, rc, last = timed(cmd, base)
            print(f"{label:<38} {wall:6.2f} s wall {cpu:6.2f} s cpu  exit {rc}  {last}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
