"""`checker fetch` and `checker verify` on url-only claims, through the CLI, against a local
server: exact exit codes, messages, the JSON report's source fields, offline reruns."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import cli
from checker.sources.snapshots import SnapshotStore
from tests.support.fetch_server import LocalServer, Reply

QUOTE = "The commission documented 450 testimonies of torture."
PAGE = f"<html><body><article><p>{QUOTE}</p></article></body></html>".encode()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    s.route("/cli/report", Reply(200, PAGE, {"Content-Type": "text/html; charset=utf-8"}))
    s.route("/cli/second", Reply(200, PAGE.replace(b"</article>", b"<p>More.</p></article>")))
    s.route("/cli/gone", Reply(404, b"not here"))
    yield s
    s.stop()


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    return tmp_path


def write_claims(root: Path, *cites: tuple[str, str]) -> Path:
    lines = ["claims:"]
    for i, (url, quote) in enumerate(cites):
        lines += [
            f"  - id: claim-{i}",
            "    statement: 450 testimonies were documented.",
            "    citations:",
            f"      - url: {url}",
            f"        quote: {quote}",
        ]
    path = root / "claims" / "urls.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_verify_fetches_url_only_claims(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE))
    r = run(
        "verify",
        "claims",
        "--allow-private-addresses",
        "--sources",
        "src",
        "--format",
        "json",
        "--output",
        "report.json",
    )
    assert r.exit_code == 0, r.output
    assert "fetched 1 URL in" in r.stderr and "1 ok, 0 failed" in r.stderr
    report = json.loads((workdir / "report.json").read_text())
    cit = report["claims"][0]["citations"][0]
    assert cit["verdict"] == "verified" and cit["url"] == server.url("/cli/report")
    source = cit["source"]
    assert source["kind"] == "html" and source["final_url"] == server.url("/cli/report")
    assert source["snapshot"].startswith("src/snapshots/objects/") and source["fetched_at"]
    assert SnapshotStore(workdir / "src").latest(server.url("/cli/report")) is not None


def test_verify_refuses_loopback_without_the_flag(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE))
    r = run("verify", "claims", "--format", "json", "--output", "report.json")
    assert r.exit_code == 1
    cit = json.loads((workdir / "report.json").read_text())["claims"][0]["citations"][0]
    assert cit["verdict"] == "unreachable" and cit["reason_category"] == "refused-address"
    assert "1 failed (refused-address 1)" in r.stderr


def test_verify_misquote_over_url_fails(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE.replace("450", "540")))
    r = run("verify", "claims", "--allow-private-addresses", "--sources", "src")
    assert r.exit_code == 1 and "misquoted" in r.stdout


def test_fetch_then_verify_offline(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE), (server.url("/cli/second"), QUOTE))
    r = run("fetch", "claims", "--allow-private-addresses", "--sources", "src")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("fetched 2 URLs in") and "2 ok, 0 failed" in r.stdout
    hits = len(server.requests)
    r = run("verify", "claims", "--offline", "--sources", "src", "--format", "json")
    assert r.exit_code == 0 and len(server.requests) == hits
    assert "fetched" not in r.stderr
    claims = json.loads(r.stdout)["claims"]
    assert [c["status"] for c in claims] == ["pass", "pass"]


def test_offline_without_snapshot_is_unreachable(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE))
    r = run("verify", "claims", "--offline", "--sources", "empty", "--format", "json")
    assert r.exit_code == 1
    cit = json.loads(r.stdout)["claims"][0]["citations"][0]
    assert cit["reason_category"] == "offline" and "checker fetch" in cit["reason"]


def test_fetch_reports_a_dead_url_and_exits_1(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE), (server.url("/cli/gone"), QUOTE))
    r = run("fetch", "claims", "--allow-private-addresses", "--sources", "src", "--archive-url", "")
    assert r.exit_code == 1
    assert f"failed: {server.url('/cli/gone')}: " in r.stderr
    assert "is gone (HTTP 404)" in r.stderr
    assert "1 ok, 1 failed (not-found 1)" in r.stdout


def test_bad_snapshot_age_in_config_exits_2(server: LocalServer, workdir: Path) -> None:
    write_claims(workdir, (server.url("/cli/report"), QUOTE))
    (workdir / "checker.toml").write_text('[fetch]\nmax_snapshot_age = "a week"\n')
    r = run("verify", "claims", "--allow-private-addresses")
    assert r.exit_code == 2
    assert "'fetch.max_snapshot_age' must be a duration like 30m, 12h or 7d, not 'a week'" in r.stderr


def test_fetch_with_no_claims_is_a_usage_error(workdir: Path) -> None:
    r = run("fetch", "nowhere")
    assert r.exit_code == 2 and "no such file or folder" in r.stderr


def test_progress_bar_on_a_terminal_and_summary() -> None:
    import io

    from checker.sources.fetch import FetchResult
    from checker.sources.progress import FetchProgress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    progress = FetchProgress(stream)
    progress.start(2)
    progress.advance(FetchResult("https://a.example/x", data=b"ok"))
    progress.advance(FetchResult("https://b.example/y", category="timeout", reason="slow"))
    progress.close()
    assert progress.live and "b.example" in stream.getvalue()
    assert progress.summary().startswith("fetched 2 URLs in ")
    assert progress.summary().endswith(": 1 ok, 1 failed (timeout 1)")
    quiet = io.StringIO()
    FetchProgress(quiet).start(3)
    assert quiet.getvalue() == ""  # not a terminal: nothing until the summary


def test_ctrl_c_keeps_what_was_fetched(server: LocalServer, workdir: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    for i in range(12):
        server.route(f"/cli/slow{i}", Reply(200, PAGE, {"Content-Type": "text/html"}, delay=0.3))
    write_claims(workdir, *((server.url(f"/cli/slow{i}"), QUOTE) for i in range(12)))
    (workdir / "checker.toml").write_text("[fetch]\nper_host = 1\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "fetch", "claims", "--allow-private-addresses", "--sources", "src"],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    store = SnapshotStore(workdir / "src")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list(store.root.glob("urls/*.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130 and b"interrupted" in err and b"Traceback" not in err
    kept = list(store.root.glob("urls/*.json"))
    assert 3 <= len(kept) < 12 and store.problems() == []


def test_fetch_names_pages_that_changed(server: LocalServer, workdir: Path) -> None:
    versions = [PAGE, PAGE.replace(b"torture", b"ill-treatment")]
    server.route("/cli/edited", lambda h: Reply(200, versions.pop(0) if len(versions) > 1 else versions[0]))
    write_claims(workdir, (server.url("/cli/edited"), QUOTE))
    first = run("fetch", "claims", "--allow-private-addresses", "--sources", "src")
    assert first.exit_code == 0 and "changed:" not in first.stdout
    second = run("fetch", "claims", "--allow-private-addresses", "--sources", "src")
    assert second.exit_code == 0
    assert f"changed: {server.url('/cli/edited')}: differs from the snapshot of " in second.stdout
    r = run("verify", "claims", "--offline", "--sources", "src", "--format", "json")
    assert r.exit_code == 1
    (finding,) = json.loads(r.stdout)["claims"][0]["findings"]
    assert finding["kind"] == "source-changed" and finding["severity"] == "warning"
