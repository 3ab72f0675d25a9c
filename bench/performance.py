#!/usr/bin/env python3
"""Performance benchmark (issue 7): prints a Markdown table of medians over several runs.

- matcher throughput (one core) on sources of 50 KB, 1 MB and 10 MB, for the checker's matcher
  and, on the same cases, the naive matcher (rapidfuzz partial_ratio_alignment of the quote
  against the whole text, passing at score >= 90), with each one's accuracy;
- the index's memory against the text's size;
- a full offline `checker verify` of the synthetic corpus (bench/corpus.py): wall, CPU, peak memory;
- after changing one claim: a run with --changed-since HEAD, and a full run over the results
  cache (wall, start-up included);
- `checker --version` start-up time.

usage: .venv/bin/python bench/performance.py [--corpus DIR] [--runs 3] [--claims 10000 --sources 1000]
       [--matcher-only | --skip-matcher]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from checker.matching import match_quote
from checker.matching.quote import parse_quote
from checker.results import Verdict
from checker.sources.document import SourceDoc

CHECKER = Path(sys.executable).with_name("checker")
PASSING = {Verdict.VERIFIED, Verdict.MINOR}
SLICES = 8


def cases(size: int, n: int, seed: int) -> tuple[str, list[tuple[str, bool]]]:
    rng = random.Random(seed)
    paras = corpus.paragraphs(rng, size)
    text = "\n\n".join(paras)
    out = []
    for _ in range(n):
        q = corpus.quote_from(rng, paras)
        r = rng.random()
        if r < 0.70:
            out.append((q, True))
        elif r < 0.85:
            out.append((corpus.cosmetic(rng, q), True))
        elif r < 0.95:
            out.append((corpus.misquote(rng, q), False))
        else:
            out.append((" ".join(corpus.sentence(rng) for _ in range(3))[: rng.randint(60, 600)], False))
    return text, out


def matcher_row(label: str, size: int, n: int, naive_n: int, runs: int) -> list[str]:
    from rapidfuzz import fuzz

    text, qs = cases(size, n, seed=size)
    builds, rates, naive_rates = [], [], []
    right = naive_right = 0
    warm = SourceDoc(text=text, kind="text", origin=label, sha256="")
    for q, _ in qs[:20]:  # first use: lazy imports, the spelling tables, rapidfuzz's setup
        match_quote(q, warm)
        fuzz.partial_ratio_alignment(q, text[:10_000])
    for _ in range(runs):
        doc = SourceDoc(text=text, kind="text", origin=label, sha256="")
        t0 = time.process_time()
        _ = doc.index  # folds and indexes once, as every run does per source
        builds.append(time.process_time() - t0)
        parse_quote.cache_clear()  # every run parses its quotes afresh, as a verify run does
        # The two matchers take turns, a slice of the cases each, so that a spell of a slower
        # machine (a shared one drifts by a quarter) weighs on both alike.
        mine = naive = 0.0
        right = naive_right = 0
        for k in range(SLICES):
            t0 = time.process_time()
            right += sum(
                (match_quote(q, doc).verdict in PASSING) == good
                for q, good in qs[k * n // SLICES : (k + 1) * n // SLICES]
            )
            t1 = time.process_time()
            naive_right += sum(
                (getattr(fuzz.partial_ratio_alignment(q, text), "score", 0.0) >= 90) == good
                for q, good in qs[k * naive_n // SLICES : (k + 1) * naive_n // SLICES]
            )
            mine, naive = mine + t1 - t0, naive + time.process_time() - t1
        rates.append(n / mine)
        naive_rates.append(naive_n / naive)
    index_bytes = sum(
        a.nbytes for a in (doc.index.ids, doc.index.starts, doc.index.lengths, doc.index.positions, doc.index.first)
    )
    rate, naive = statistics.median(rates), statistics.median(naive_rates)
    return [
        label,
        f"{statistics.median(builds):.2f} s",
        f"{rate:,.0f}/s",
        f"{right / n:.1%}",
        f"{naive:,.1f}/s",
        f"{naive_right / naive_n:.1%}",
        f"{rate / naive:,.0f}x",
        f"{index_bytes / len(text.encode()):.1f}x",
    ]


# Runs a command and prints its wall seconds, CPU seconds and peak memory (KB) with those of the
# processes it started. Started afresh, it is small when it forks the command: Linux counts the
# memory a forked child inherits in its peak, so the command is not started from this process,
# which holds the matcher rows' sources and indexes (hundreds of MB that are not the checker's).
_MEASURE = (
    "import resource, subprocess, sys, time; t0 = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL); "
    "wall = time.perf_counter() - t0; r = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(wall, r.ru_utime + r.ru_stime, r.ru_maxrss)"
)


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB, of its largest process) of one command."""
    got = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, check=True, capture_output=True, text=True)
    wall, cpu, peak_kb = map(float, got.stdout.split())
    return wall, cpu, peak_kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/checker-bench-corpus"))
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--sources", type=int, default=1_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-matcher", action="store_true")
    ap.add_argument("--matcher-only", action="store_true")
    args = ap.parse_args()

    if not args.skip_matcher:
        print(
            "| source | index build | checker matcher | accuracy | naive matcher | accuracy "
            "| speed-up | index memory / text |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, size, n, naive_n in (
            ("50 KB", 50_000, 400, 200),
            ("1 MB", 1_000_000, 400, 60),
            ("10 MB", 10_000_000, 200, 8),
        ):
            print("| " + " | ".join(matcher_row(label, size, n, naive_n, args.runs)) + " |", flush=True)
        print()
    if args.matcher_only:
        return

    if not (args.corpus / "gold.json").exists():
        corpus.build(args.corpus, args.claims, args.sources, seed=1)
    verify = [str(CHECKER), "verify", "claims", "--offline", "--format", "json", "--output", "report.json"]
    fulls = [timed([*verify, "--no-cache"], args.corpus) for _ in range(args.runs)]
    gold = json.loads((args.corpus / "gold.json").read_text(encoding="utf-8"))
    report = json.loads((args.corpus / "report.json").read_text(encoding="utf-8"))
    right = sum(
        (c["citations"][0]["verdict"] in ("verified", "minor-differences")) == (gold[c["id"]]["expect"] == "pass")
        for c in report["claims"]
    )
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    if not (args.corpus / ".git").exists():
        subprocess.run([*git, "init", "-q"], cwd=args.corpus, check=True)
        (args.corpus / ".gitignore").write_text(".checker-cache/\nreport.json\n", encoding="utf-8")
        subprocess.run([*git, "add", "-A"], cwd=args.corpus, check=True)
        subprocess.run([*git, "commit", "-qm", "corpus"], cwd=args.corpus, check=True)
    timed(verify, args.corpus)  # fills the results cache
    # Claims past the first `sources` cite a random source, mostly news-page sized; each edit
    # is new (a nonce), so the results cache cannot have seen it in an earlier benchmark.
    first = args.corpus / "claims" / f"claims-{args.sources // 500 + 1:03d}.yaml"
    n = (args.sources // 500 + 1) * 500 + 7
    original = first.read_text(encoding="utf-8")
    cached: list[float] = []
    changed: list[float] = []
    for _ in range(args.runs):
        for nonce, runs in ((f"{time.time_ns()}", changed), (f"{time.time_ns()}-full", cached)):
            first.write_text(
                original.replace(f"Synthetic claim {n}.", f"Synthetic claim {n} (edit {nonce})."), encoding="utf-8"
            )
            extra = ["--changed-since", "HEAD"] if runs is changed else []
            runs.append(timed([*verify, *extra], args.corpus)[0])
    first.write_text(original, encoding="utf-8")
    starts = [timed([str(CHECKER), "--version"], Path.cwd())[0] for _ in range(max(5, args.runs))]
    mb = sum(p.stat().st_size for p in (args.corpus / "sources").iterdir()) / 1e6
    print(
        f"| measure ({len(report['claims']):,} claims, {args.sources:,} sources, {mb:,.0f} MB "
        "of source files) | median |"
    )
    print("| --- | ---: |")
    print(f"| full offline verify, no results cache: wall | {statistics.median(f[0] for f in fulls):.1f} s |")
    print(f"| full offline verify, no results cache: CPU | {statistics.median(f[1] for f in fulls):.1f} s |")
    print(f"| full offline verify: peak memory (largest process) | {max(f[2] for f in fulls):,.0f} MB |")
    print(f"| verdicts right on the corpus | {right / len(report['claims']):.2%} |")
    print(
        f"| one claim changed, `--changed-since HEAD` (wall, start-up included) | {statistics.median(changed):.2f} s |"
    )
    print(f"| one claim changed, full run over the results cache (wall) | {statistics.median(cached):.2f} s |")
    print(f"| `checker --version` | {statistics.median(starts) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
