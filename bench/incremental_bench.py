"""Incremental-run benchmark: verify a synthetic 5,000-claim base, change one claim, verify again.

    .venv/bin/python bench/incremental_bench.py [--claims 5000] [--seed 7] [--keep DIR]

Each run is a fresh `checker verify --offline --format github` process (start-up included):
the first over an empty results cache; then, --repeat times, one quote changed and a run with
`--changed-since HEAD`, the quote changed again and a full run over the cache, and a full run
with nothing changed. Prints wall and CPU time (CPU: what the run costs when the machine is
shared with other work). Target: the run after one change under 1 s.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
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
            lines += [
                f"  - id: claim-{i:05d}",
                f"    statement: {yaml_str('Claim ' + str(i) + ': ' + quote)}",
                "    citations:",
                f"      - file: ../sources/{name}",
                f"        quote: {yaml_str(quote)}",
            ]
            if i % 50 == 0:
                lines += ["    figures:", f"      - key: synthetic/{i % 7}", f'        value: "{100 + i % 7}"']
        (base / "claims" / f"part-{start // PER_FILE:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


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


def change_one_claim(path: Path, original: str, n: int) -> None:
    """Drop the last n + 1 words of the file's first quote: a new quote each time."""
    head, sep, rest = original.partition("        quote: ")
    line, nl, tail = rest.partition("\n")
    line = " ".join(line.split()[: -(n + 1)]) + '"'
    path.write_text(head + sep + line + nl + tail, encoding="utf-8")


def git(base: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
        cwd=base,
        check=True,
        capture_output=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="times each incremental run is made")
    ap.add_argument("--keep", type=Path, help="build the base in this (new) folder and leave it")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="checker-bench-"))
    verify = ["verify", "--offline", "--format", "github"]
    try:
        generate(base, args.claims, args.seed)
        git(base, "init", "-q")
        git(base, "add", ".")
        git(base, "commit", "-qm", "base")
        wall, cpu, rc, last = timed(verify, base)
        print(f"{'first run, empty cache':<40} {wall:6.2f} s wall {cpu:6.2f} s cpu  exit {rc}")
        print(f"  {last}")
        files = sorted((base / "claims").glob("*.yaml"))
        path = files[len(files) // 2]
        original = path.read_text(encoding="utf-8")
        times: dict[str, list[tuple[float, float]]] = {}
        lasts: dict[str, str] = {}
        for i in range(args.repeat):
            for label, cmd, change in [
                ("one claim changed, --changed-since HEAD", [*verify, "--changed-since", "HEAD"], 2 * i),
                ("one claim changed, cached full run", verify, 2 * i + 1),
                ("nothing changed, cached full run", verify, None),
            ]:
                if change is not None:
                    change_one_claim(path, original, change)
                wall, cpu, rc, lasts[label] = timed(cmd, base)
                times.setdefault(label, []).append((wall, cpu))
        for label, got in times.items():
            walls, cpus = sorted(w for w, _ in got), sorted(c for _, c in got)
            print(
                f"{label:<40} {walls[0]:6.2f} s wall {cpus[0]:6.2f} s cpu (best of {len(got)}; "
                f"median {statistics.median(walls):.2f} s wall)"
            )
            print(f"  {lasts[label]}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
