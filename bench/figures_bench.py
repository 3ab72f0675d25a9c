#!/usr/bin/env python3
"""Precision and recall of each figure finding kind (issue 3's benchmark; not a unit test).

Checks the labelled claims in bench/data/figures_claims.yaml (written from the five seed
documents; the expected findings per claim are in bench/data/figures_expected.yaml), scores
each kind per claim, and also prints the extraction accuracy on the labelled phrases of
tests/data/figure_phrases.yaml and the figure errors on the shipped claims base (must be 0).

usage: .venv/bin/python bench/figures_bench.py [--show-misses]
Exit status 1 when a kind is under the 95% target or the base has a figure error.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import yaml

from checker.claims import load_claims
from checker.figures.extract import extract
from checker.pipeline import VerifyOptions, verify

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
KINDS = ("figure-mismatch", "source-disagreement", "figure-imprecise", "figure-conflict")
TARGET = 0.95


def _ratio(n: int, d: int) -> float:
    return n / d if d else 1.0


def score_claims(show: bool) -> tuple[bool, int]:
    claims = load_claims([DATA / "figures_claims.yaml"])
    expected = yaml.safe_load((DATA / "figures_expected.yaml").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    report = verify(claims, VerifyOptions(offline=True))
    wall = time.perf_counter() - t0
    got = {c.id: {f.kind for f in c.findings} & set(KINDS) for c in report.claims}
    ok = True
    print(
        f"{len(claims)} labelled claims ({sum(not v for v in expected.values())} that must not"
        f" be flagged), checked in {wall:.2f}s\n"
    )
    print(f"{'kind':22} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
    for kind in KINDS:
        tp = sum(kind in got[c] and kind in expected[c] for c in got)
        fp = [c for c in got if kind in got[c] and kind not in expected[c]]
        fn = [c for c in got if kind not in got[c] and kind in expected[c]]
        p, r = _ratio(tp, tp + len(fp)), _ratio(tp, tp + len(fn))
        ok &= p >= TARGET and r >= TARGET
        print(f"{kind:22} {tp:4} {len(fp):4} {len(fn):4} {p:10.1%} {r:8.1%}")
        if show:
            for c in fp:
                print(f"    false positive: {c}")
            for c in fn:
                print(f"    missed: {c}")
    clean = sum(not expected[c] and not got[c] for c in got)
    print(f"\nclaims that must not be flagged and were not: {clean} of {sum(not v for v in expected.values())}")
    return ok, len(claims)


def score_phrases() -> None:
    phrases = yaml.safe_load((ROOT / "tests" / "data" / "figure_phrases.yaml").read_text())
    right = total = 0
    for p in phrases:
        want = [(e["text"], float(e["low"]), math.inf if e["high"] is None else float(e["high"])) for e in p["figures"]]
        have = [(f.text, f.low, f.high) for f in extract(p["text"])]
        right += sum(w in have for w in want) + (not want and not have)
        total += len(want) or 1
    print(
        f"extraction: {right} of {total} labelled figures (and empty snippets) read with the "
        f"right interval ({right / total:.1%}) in {len(phrases)} phrases"
    )


def speed() -> None:
    """Reading speed on the five seed documents (ten copies end to end: 420,000 characters)."""
    text = (
        "\n\n".join(
            p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").iterdir()) if p.suffix in (".txt", ".md")
        )
        * 10
    )
    t0 = time.perf_counter()
    n = len(extract(text))
    wall = time.perf_counter() - t0
    print(
        f"speed: {n} figures in {len(text):,} characters in {wall:.2f}s ({len(text) / wall / 1e6:.2f} M characters/s)"
    )


def score_base() -> bool:
    claims = load_claims([ROOT / "claims"])
    report = verify(claims, VerifyOptions(offline=True))
    from checker.figures.check import add_figures

    t0 = time.perf_counter()
    add_figures(report, claims)
    per_claim = (time.perf_counter() - t0) / max(1, len(claims)) * 1000
    print(f"figure checks on the shipped base: {per_claim:.2f} ms per claim")
    errors = [
        (c.id, f.kind) for c in report.claims for f in c.findings if f.kind in ("figure-mismatch", "figure-conflict")
    ]
    others = [(c.id, f.kind) for c in report.claims for f in c.findings if f.kind in KINDS]
    keys = sum(t["kind"] == "declared" for t in report.timelines)
    print(
        f"shipped base: {len(report.claims)} claims, {keys} figures keys, "
        f"{len(errors)} figure-mismatch/figure-conflict, {len(others) - len(errors)} figure "
        "warnings"
    )
    for cid, kind in others:
        print(f"    {kind}: {cid}")
    return not errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true", help="name each false positive/miss")
    args = ap.parse_args()
    ok, _ = score_claims(args.show_misses)
    print()
    score_phrases()
    speed()
    base_ok = score_base()
    return 0 if ok and base_ok else 1


if __name__ == "__main__":
    sys.exit(main())
