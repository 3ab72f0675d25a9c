#!/usr/bin/env python3
"""Fuzz the checker with generated claim files and hostile sources; count tracebacks.

Claim files go through `load_claims` in-process (every 25th through `checker verify` with
CliRunner, the whole path): only ClaimsError may come out, and the CLI may only exit 0/1/2 with
no traceback and no "internal error". Sources (mutated PDFs and HTML, random bytes, the hostile
set of tests/support/hostile.py) go through `extract`: only SourceError may come out; then the hostile set
goes once through `pipeline.verify`, where each must end `unreachable`. Deterministic by seed.

Saved JSON reports (mutations of a real one) go through every command that reads one, with
CliRunner: exit 0/1/2, no traceback, no "internal error".

usage: .venv/bin/python bench/fuzz.py [--claims 10000] [--sources 2000] [--reports 500] [--seed 8]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from checker.claims import load_claims  # noqa: E402
from checker.cli import cli  # noqa: E402
from checker.errors import ClaimsError, SourceError  # noqa: E402
from checker.pipeline import VerifyOptions, verify  # noqa: E402
from checker.results import Verdict  # noqa: E402
from checker.sources.document import extract  # noqa: E402
from tests.support import hostile  # noqa: E402

VALID = """\
claims:
  - id: detentions-{n}
    statement: >-
      The government confirmed 6,700 detentions between 9 and 12 August 2020.
    citations:
      - url: https://www.amnesty.org/en/
        file: ../sources/good.txt
        quote: "Between 9 and 12 August alone, the government confirmed the detention"
    figures:
      - key: belarus/detained/2020-08-09..2020-08-12
        value: "6,700"
"""
PIECES = [
    "- ",
    ": ",
    "\n",
    "  ",
    "    ",
    "\t",
    "id",
    "statement",
    "citations",
    "quote",
    "file",
    "url",
    "claims",
    "figures",
    "key",
    "value",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!set ",
    "!!binary ",
    "!!python/object:os.system ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "|",
    ">-",
    "#",
    "---\n",
    "...",
    "? ",
    "\\x1b",
    '"\\0"',
    "2020-13-45",
    "1" * 5000,
    "~",
    "yes",
    "é",
    "\u2028",
    "\ufeff",
    "\x85",
    "\x07",
    "\r\n",
    "\r",
    "../../../etc/passwd",
    "/dev/zero",
    "a" * 200,
]


def mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    """Flip, insert, delete, duplicate or truncate at random places."""
    b = bytearray(data)
    for _ in range(edits):
        if not b:
            break
        op, at = rng.randrange(6), rng.randrange(len(b))
        if op == 0:
            b[at] = rng.randrange(256)
        elif op == 1:
            b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif op == 2:
            del b[at : at + rng.randrange(1, 64)]
        elif op == 3:
            end = min(len(b), at + rng.randrange(1, 200))
            b[at:at] = b[at:end] * rng.randrange(1, 20)
        elif op == 4:
            del b[at:]
        else:
            b[at:at] = rng.choice(PIECES).encode()
    return bytes(b)


def claim_files(n: int, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    valid = "".join(VALID.format(n=i) if i == 0 else VALID.format(n=i).split("claims:\n")[1] for i in range(3)).encode()
    for i in range(n):
        kind = i % 4
        if kind == 0:
            yield "pieces", "".join(rng.choice(PIECES) for _ in range(rng.randrange(80))).encode()
        elif kind == 1:
            yield "mutated", mutate(valid, rng, rng.randrange(1, 12))
        elif kind == 2:
            yield "structure", yaml.safe_dump(random_structure(rng, 4), allow_unicode=True).encode()
        else:
            yield "bytes", bytes(rng.randrange(256) for _ in range(rng.randrange(200)))


def random_structure(rng: random.Random, depth: int) -> object:
    keys = [
        "id",
        "statement",
        "citations",
        "quote",
        "file",
        "url",
        "figures",
        "key",
        "value",
        "claims",
        "accepted",
        "kind",
        "reason",
        "x",
    ]
    pick = rng.randrange(9 if depth > 0 else 5)
    if pick == 0:
        return None
    if pick == 1:
        return rng.choice([True, 0, -1, 2**70, 1.5, float("inf")])
    if pick in (2, 3, 4):
        return "".join(rng.choice("ab é\n\t\"'[]{}:#-.…\u200b") for _ in range(rng.randrange(20)))
    if pick in (5, 6):
        return [random_structure(rng, depth - 1) for _ in range(rng.randrange(4))]
    return {rng.choice(keys): random_structure(rng, depth - 1) for _ in range(rng.randrange(5))}


def sources(n: int, rng: random.Random) -> Iterator[tuple[str, str, bytes]]:
    pdf = hostile.text_pdf([hostile.SENTENCE] * 20)
    html = (
        b"<html><head><title>T</title></head><body><div><p>"
        + hostile.SENTENCE.encode()
        + b"<sup>1</sup></p><ul><li>a<li>b</ul><table><tr><td>x</table></div></body></html>"
    )
    tags = [
        b"<div>",
        b"</div>",
        b"<p>",
        b"<b>",
        b"</b>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"<sup>",
        b"</sup>",
        b"<meta charset=cp1251>",
        b"&amp;",
        b"&#0;",
        b"<![CDATA[",
        b"<svg>",
        b"\x00",
        b"\xff",
    ]
    for i in range(n):
        kind = i % 4
        if kind == 0:
            yield "mutated-pdf", "x.pdf", mutate(pdf, rng, rng.randrange(1, 30))
        elif kind == 1:
            yield "mutated-html", "x.html", mutate(html, rng, rng.randrange(1, 30))
        elif kind == 2:
            soup = b"".join(rng.choice(tags) + rng.choice([b"", b"text ", b"\n"]) for _ in range(rng.randrange(400)))
            yield "tag-soup", "x.html", b"<html>" + soup
        else:
            yield "bytes", "x.txt", bytes(rng.randrange(256) for _ in range(rng.randrange(2000)))


class Tally:
    def __init__(self) -> None:
        self.cases = Counter[str]()
        self.tracebacks: list[str] = []
        self.slowest = (0.0, "")

    def run(self, label: str, case: Callable[[], None]) -> None:
        self.cases[label.split(":")[0]] += 1
        t0 = time.perf_counter()
        try:
            case()
        except Exception:
            self.tracebacks.append(f"{label}\n{traceback.format_exc()}")
        took = time.perf_counter() - t0
        if took > self.slowest[0]:
            self.slowest = (took, label)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--sources", type=int, default=2_000)
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        (root / "claims").mkdir()
        (root / "sources").mkdir()
        (root / "sources" / "good.txt").write_text(hostile.SENTENCE, encoding="utf-8")
        path = root / "claims" / "c.yaml"

        def load() -> None:
            with contextlib.suppress(ClaimsError):
                load_claims([path])

        def cli_run(*args: str) -> None:
            args = args or ("verify", str(path), "--offline", "--workers", "1")
            result = CliRunner().invoke(cli, list(args))
            bad = result.exit_code not in (0, 1, 2) or "Traceback" in result.output or "internal error" in result.output
            if result.exception and not isinstance(result.exception, SystemExit):
                bad = True
            if bad:
                raise AssertionError(f"exit {result.exit_code}: {result.output[-500:]}")

        for i, (kind, data) in enumerate(claim_files(args.claims, rng)):
            path.write_bytes(data)
            tally.run(f"claims:{kind}#{i}", cli_run if i % 25 == 0 else load)

        path.write_text(VALID.format(n=0), encoding="utf-8")
        saved = root / "report.json"
        CliRunner().invoke(cli, ["verify", str(path), "--offline", "--format", "json", "--output", str(saved)])
        report = saved.read_bytes()
        readers = [
            [*cmd.split(), str(saved), "--output", str(root / "out")]
            for cmd in ("export annotations", "export claimreview --include-failing")
        ]
        for i in range(args.reports):
            saved.write_bytes(mutate(report, rng, rng.randrange(1, 10)))
            reader = readers[i % len(readers)]
            tally.run(f"reports:mutated#{i}", functools.partial(cli_run, *reader))

        for i, (kind, name, data) in enumerate(sources(args.sources, rng)):

            def read(data: bytes = data, name: str = name) -> None:
                with contextlib.suppress(SourceError):
                    extract(data, name, name)

            tally.run(f"sources:{kind}#{i}", read)

        made = {name: make() for name, make in hostile.HOSTILE_SOURCES.items()}
        repo = hostile.claims_repo(root / "hostile", made)

        def hostile_run() -> None:
            report = verify(load_claims([repo]), VerifyOptions(offline=True))
            verdicts = [c.citations[0].verdict for c in report.claims]
            if verdicts != [Verdict.UNREACHABLE] * len(made) + [Verdict.VERIFIED]:
                raise AssertionError(f"unexpected verdicts: {verdicts}")

        tally.run(f"hostile:all {len(made)} hostile sources in one verify", hostile_run)

    total = sum(tally.cases.values())
    print(f"fuzz: seed {args.seed}, {total} cases in {time.perf_counter() - started:.1f} s")
    for label, count in sorted(tally.cases.items()):
        print(f"  {label:8} {count:6d}")
    print(f"tracebacks: {len(tally.tracebacks)} (target 0)")
    print(f"slowest case: {tally.slowest[1]} in {tally.slowest[0]:.2f} s")
    for tb in tally.tracebacks[:5]:
        print("-" * 60, "\n" + tb)
    sys.exit(1 if tally.tracebacks else 0)


if __name__ == "__main__":
    main()
