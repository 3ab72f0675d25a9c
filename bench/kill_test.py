"""Kill test for the snapshot archive: run `checker fetch` against a local server, kill it with
SIGKILL at random moments, and after each kill check every snapshot's sha256 against its bytes
and every index entry against the files. Target: 0 inconsistencies.

    .venv/bin/python bench/kill_test.py [--kills 20] [--pages 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

QUOTE = "The monitors recorded every detention in the capital that week."


class Pages(BaseHTTPRequestHandler):
    """Each answer differs (a counter), so every fetch writes a new object and index entry."""

    protocol_version = "HTTP/1.1"
    counter = itertools.count(1)

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        version = next(Pages.counter)
        time.sleep(0.02)
        body = (
            f"<html><body><p>{QUOTE}</p><p>{self.path} version {version}</p><p>{'padding ' * 2000}</p></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client is killed mid-request on purpose


def inconsistencies(root: Path) -> tuple[list[str], int, int, int]:
    """(problems, objects checked, index entries checked, leftover temporary files)."""
    problems: list[str] = []
    objects = entries = 0
    for obj in root.glob("objects/*/*"):
        if obj.name.startswith("."):
            continue
        objects += 1
        if hashlib.sha256(obj.read_bytes()).hexdigest() != obj.name:
            problems.append(f"object {obj.name} does not match its bytes")
    for index in root.glob("urls/*.json"):
        try:
            data = json.loads(index.read_bytes())
        except ValueError as exc:
            problems.append(f"index {index.name} unreadable: {exc}")
            continue
        if hashlib.sha256(data["url"].encode()).hexdigest() + ".json" != index.name:
            problems.append(f"index {index.name} names another URL")
        for snap in data["snapshots"]:
            entries += 1
            path = root / "objects" / snap["sha256"][:2] / snap["sha256"]
            if not path.is_file():
                problems.append(f"index {index.name}: object {snap['sha256']} missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != snap["sha256"] or path.stat().st_size != snap["size"]:
                problems.append(f"index {index.name}: object {snap['sha256']} damaged")
    temps = sum(1 for _ in root.glob("**/.*.tmp"))
    return problems, objects, entries, temps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    server = QuietServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    work = Path(tempfile.mkdtemp(prefix="checker-kill-"))
    (work / "claims").mkdir()
    lines = ["claims:"]
    for i in range(args.pages):
        lines += [
            f"  - id: page-{i}",
            "    statement: Detentions were recorded.",
            "    citations:",
            f"      - url: http://127.0.0.1:{port}/page/{i}",
            f"        quote: {QUOTE}",
        ]
    (work / "claims" / "pages.yaml").write_text("\n".join(lines) + "\n")
    cmd = [
        sys.executable,
        "-m",
        "checker",
        "fetch",
        "claims",
        "--allow-private-addresses",
        "--sources",
        "src",
        "--archive-url",
        "",
    ]
    env = dict(os.environ)

    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=work, env=env, capture_output=True, check=True)
    full = time.perf_counter() - t0
    root = work / "src" / "snapshots"
    total_problems, max_temps, killed_mid_run = 0, 0, 0
    for n in range(args.kills):
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 1.0) * full)
        if proc.poll() is None:
            killed_mid_run += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        problems, objects, entries, temps = inconsistencies(root)
        total_problems += len(problems)
        max_temps = max(max_temps, temps)
        for p in problems:
            print(f"  kill {n + 1}: {p}")
    final = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    problems, objects, entries, temps = inconsistencies(root)
    total_problems += len(problems)
    verify = subprocess.run(
        [sys.executable, "-m", "checker", "verify", "claims", "--offline", "--sources", "src"],
        cwd=work,
        env=env,
        capture_output=True,
    )
    server.shutdown()
    print(f"uninterrupted `checker fetch` of {args.pages} URLs: {full:.2f} s")
    print(f"SIGKILLs                 {args.kills} ({killed_mid_run} while the run was going)")
    print(f"objects checked          {objects} (sha256 against bytes)")
    print(f"index entries checked    {entries} (against the files)")
    print(f"inconsistencies          {total_problems} (target 0)")
    print(
        f"partial files left       at most {max_temps} after a kill; {temps} after the next "
        "full run (removed by the next writer)"
    )
    print(f"next full run            exit {final.returncode}; `verify --offline` exit {verify.returncode}")
    if os.environ.get("KEEP"):
        print(work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if total_problems or final.returncode or verify.returncode else 0)


if __name__ == "__main__":
    main()
