"""Hostile sources through the public path: each ends as `unreachable` with a reason, in
bounded time (a per-test timeout, not a benchmark), while the rest of the run goes on."""

from __future__ import annotations

import faulthandler
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.claims import load_claims
from checker.cli import cli
from checker.config import Config
from checker.pipeline import VerifyOptions, verify
from checker.results import Verdict
from checker.sources.limits import SourceLimits
from tests.support import hostile

EXPECTED = {  # source -> (reason category, words the reason must hold)
    "nested.html": ("unreadable", "nested more than 2000 deep"),
    "nested-inline.html": ("unreadable", "nested more than 2000 deep"),
    "one-line.txt": ("too-large", "100000000 characters of text, over the limit of 50000000"),
    "nul.txt": ("unsupported-type", "binary data"),
    "high-bytes.txt": ("unreadable", "encoding could not be detected"),
    "encrypted.pdf": ("unreadable", "encrypted (password protected)"),
    "many-pages.pdf": ("too-large", "200000 pages, over the limit of 5000"),
    "bomb.pdf": ("too-large", "decompression bomb"),
    "header-only.pdf": ("unreadable", "unreadable PDF"),
    "truncated.pdf": ("unreadable", "unreadable PDF"),
    "garbage.pdf": ("unreadable", "unreadable PDF"),
    "no-pages.pdf": ("unreadable", "unreadable PDF"),
    "loop-pages.pdf": ("unreadable", "unreadable PDF: page 1"),
}


def run(root: Path, sources: dict[str, bytes], config: Config | None = None) -> dict[str, tuple[str, str | None, str]]:
    path = hostile.claims_repo(root, sources)
    report = verify(load_claims([path]), VerifyOptions(offline=True, config=config or Config()))
    return {
        Path(c.citations[0].file or "").name: (
            c.citations[0].verdict,
            c.citations[0].reason_category,
            c.citations[0].reason or "",
        )
        for c in report.claims
    }


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", EXPECTED)
def test_hostile_source_is_unreachable_and_the_run_goes_on(tmp_path: Path, name: str) -> None:
    got = run(tmp_path, {name: hostile.HOSTILE_SOURCES[name]()})
    verdict, category, reason = got[name]
    assert verdict is Verdict.UNREACHABLE, got[name]
    assert (category, EXPECTED[name][1] in reason) == (EXPECTED[name][0], True), reason
    assert reason.startswith(str(Path("sources") / name)) or name in reason
    assert got["good.txt"][0] is Verdict.VERIFIED  # the rest of the run goes on


@pytest.mark.timeout(60)
def test_damaged_but_repairable_sources_are_read(tmp_path: Path) -> None:
    """Not every broken file is lost: pdfium rebuilds a bad cross-reference table, and text
    with a few stray non-UTF-8 bytes or NULs past its start is read with them replaced."""
    good_pdf = hostile.malformed_pdfs()["bad-xref.pdf"]
    late_nul = (hostile.SENTENCE + "\n").encode() * 100 + b"\x00" * 10 + b"end\n"
    got = run(tmp_path, {"bad-xref.pdf": good_pdf, "stray.txt": hostile.invalid_utf8(), "late-nul.txt": late_nul})
    assert {k: v[0] for k, v in got.items()} == dict.fromkeys(
        ("bad-xref.pdf", "stray.txt", "late-nul.txt", "good.txt"), Verdict.VERIFIED
    )


@pytest.mark.timeout(60)
def test_limits_come_from_the_config(tmp_path: Path) -> None:
    limits = SourceLimits(max_bytes=5000, max_chars=100, max_html_depth=3, max_pdf_pages=0)
    html = b"<html><body><div><div><div><div>" + hostile.SENTENCE.encode() + b"</div></div></div></div></body></html>"
    got = run(
        tmp_path,
        {
            "big.txt": b"x " * 3000,
            "chars.txt": hostile.SENTENCE.encode() * 2,
            "deep.html": html,
            "one.pdf": hostile.text_pdf(),
        },
        Config(limits=limits),
    )
    assert "is 6000 bytes, over the limit of 5000 (limits.max_bytes)" in got["big.txt"][2]
    assert "172 characters of text, over the limit of 100 (limits.max_chars)" in got["chars.txt"][2]
    assert "nested more than 3 deep (limits.max_html_depth)" in got["deep.html"][2]
    assert "1 pages, over the limit of 0 (limits.max_pdf_pages)" in got["one.pdf"][2]
    assert got["good.txt"][0] is Verdict.VERIFIED
    assert {v[1] for k, v in got.items() if k != "good.txt"} == {"too-large", "unreadable"}


@pytest.mark.timeout(60)
def test_limits_table_in_checker_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile.claims_repo(tmp_path, {"deep.html": hostile.nested_html(depth=50)})
    (tmp_path / "checker.toml").write_text("[limits]\nmax_html_depth = 10\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["verify", "claims", "--format", "json", "-o", "r.json"], catch_exceptions=False)
    assert result.exit_code == 1
    claims = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["claims"]
    assert [c["citations"][0]["verdict"] for c in claims] == ["unreachable", "verified"]
    assert "nested more than 10 deep" in claims[0]["citations"][0]["reason"]
    (tmp_path / "checker.toml").write_text("[limits]\nmax_html_dept = 10\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "unknown key 'limits.max_html_dept'" in result.output


@pytest.mark.timeout(300)
def test_every_hostile_source_in_one_cli_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = {name: make() for name, make in hostile.HOSTILE_SOURCES.items()}
    hostile.claims_repo(tmp_path, sources)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["verify", "claims", "--offline", "--format", "json", "--output", "report.json"], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    verdicts = [c["citations"][0]["verdict"] for c in report["claims"]]
    assert verdicts == ["unreachable"] * len(sources) + ["verified"]
    assert all(c["citations"][0]["reason"] for c in report["claims"][:-1])


@pytest.mark.timeout(60)
def test_html_is_never_cut_silently(tmp_path: Path) -> None:
    """libxml2's defaults stop at 256 levels and at a 10 MB text node and drop the rest without
    a word: a page 300 deep and a page with one 20 MB paragraph are read to their last word."""
    deep = ("<html><body>" + "<div>" * 300 + hostile.SENTENCE + "</div>" * 300 + "<p>after</p></body></html>").encode()
    long = "<html><body><p>" + "word " * 4_000_000 + hostile.SENTENCE + "</p></body></html>"
    got = run(tmp_path, {"deep.html": deep, "long.html": long.encode()})
    assert [got[k][0] for k in ("deep.html", "long.html")] == [Verdict.VERIFIED] * 2


@pytest.mark.timeout(60)
def test_unclosed_elements_that_nest_are_refused_too(tmp_path: Path) -> None:
    """<dd> without its end tag nests in lxml though the cheap scan does not count it."""
    got = run(tmp_path, {"dd.html": hostile.nested_html(depth=5000, tag="dd")})
    assert got["dd.html"][0] is Verdict.UNREACHABLE
    assert "nested more than 2000 deep" in got["dd.html"][2]


@pytest.mark.timeout(120)
def test_per_source_time_limit_ends_as_unreachable(tmp_path: Path) -> None:
    """A source that takes longer than source_time_limit is cut off; the rest goes on."""
    slow = hostile.single_line(30, b"protest detention government ")
    got = run(tmp_path, {"slow.txt": slow}, Config(source_time_limit=0.5, workers=2))
    assert got["slow.txt"][:2] == (Verdict.UNREACHABLE, "too-slow"), got["slow.txt"]
    assert "longer than 0.5 s" in got["slow.txt"][2]
    assert got["good.txt"][0] is Verdict.VERIFIED


@pytest.mark.timeout(120)
def test_per_source_memory_limit_is_the_backstop_for_a_pdf_bomb(tmp_path: Path) -> None:
    """With the inflate scan switched off, pdfium itself meets the bomb: the worker runs out of
    its source_memory_mb, and that source (only) ends as unreachable."""
    limits = SourceLimits(max_pdf_inflated_bytes=2**40)
    was_on = faulthandler.is_enabled()
    faulthandler.disable()  # pytest's would print the worker's abort as a "Fatal Python error"
    try:
        # RLIMIT_AS counts what a forked worker inherits: allow 800 MB beyond this process
        status = Path("/proc/self/status").read_text(encoding="utf-8")
        inherited = int(status.split("VmSize:")[1].split()[0]) // 1024
        got = run(
            tmp_path, {"bomb.pdf": hostile.deflate_bomb_pdf()}, Config(source_memory_mb=inherited + 800, limits=limits)
        )
    finally:
        if was_on:
            faulthandler.enable()
    assert got["bomb.pdf"][0] is Verdict.UNREACHABLE, got["bomb.pdf"]
    assert "memory" in got["bomb.pdf"][2]
    assert got["good.txt"][0] is Verdict.VERIFIED
