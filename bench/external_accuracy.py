#!/usr/bin/env python3
"""Accuracy on real third-party pages and PDFs (issue 2's benchmark; not a unit test).

Builds about 2,000 quote cases with ../shared/tools/make_external_cases.py into a temporary
folder (the pages are third-party data: nothing is copied into the project), runs
`checker verify --offline` on them and scores the report with ../shared/tools/score_external.py.

usage: .venv/bin/python bench/external_accuracy.py [--keep DIR] [--pages N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT.parent / "shared" / "tools"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the cases here and keep them")
    ap.add_argument("--pages", type=int, default=1000)
    args = ap.parse_args()
    if not TOOLS.is_dir():
        print(f"needs {TOOLS} (the shared folder beside the project)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="checker-external-") as tmp:
        out = args.keep or Path(tmp)
        subprocess.run(
            [sys.executable, str(TOOLS / "make_external_cases.py"), str(out), "--pages", str(args.pages)], check=True
        )
        checker = Path(sys.executable).with_name("checker")
        t0 = time.perf_counter()
        done = subprocess.run(
            [str(checker), "verify", "claims", "--offline", "--format", "json", "--output", "report.json"],
            cwd=out,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
        if done.returncode not in (0, 1):
            print(done.stderr, file=sys.stderr)
            return 2
        print(f"checker verify: {wall:.1f} s wall")
        subprocess.run(
            [sys.executable, str(TOOLS / "score_external.py"), str(out / "gold.json"), str(out / "report.json")],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
