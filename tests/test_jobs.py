"""The per-source limits: a source that hangs or balloons ends as `unreachable`, in bounded time."""

from __future__ import annotations

import time

import pytest

from checker import jobs
from checker.sources.document import SourceDoc
from checker.sources.local import Unreachable

PDFISH = b"%PDF-1.7\n" + b"x" * 100


def _hang(*args: object, **kwargs: object) -> SourceDoc:
    time.sleep(30)
    raise AssertionError("not reached")


def _balloon(*args: object, **kwargs: object) -> SourceDoc:
    hog = bytearray(4 * 1024**3)
    raise AssertionError(f"not reached: {len(hog)}")


@pytest.fixture
def fresh_pool() -> None:
    jobs._extract_pool.cache_clear()  # workers fork after the monkeypatch below


def test_a_hanging_extraction_is_stopped(monkeypatch: pytest.MonkeyPatch, fresh_pool: None) -> None:
    monkeypatch.setattr(jobs, "extract", _hang)
    t0 = time.perf_counter()
    got = jobs.extract_guarded(PDFISH, "https://example.org/a.pdf", "a.pdf", "", 1.0, 1024)
    assert isinstance(got, Unreachable) and got.category == "too-slow"
    assert "longer than 1 s" in got.reason
    assert time.perf_counter() - t0 < 15


def test_a_ballooning_extraction_is_stopped(monkeypatch: pytest.MonkeyPatch, fresh_pool: None) -> None:
    monkeypatch.setattr(jobs, "extract", _balloon)
    got = jobs.extract_guarded(PDFISH, "https://example.org/b.pdf", "b.pdf", "", 20.0, 512)
    assert isinstance(got, Unreachable) and got.category == "too-large"


def test_small_text_is_read_in_process() -> None:
    got = jobs.extract_guarded(b"Plain text of a page.", "https://example.org/c", "c", "text/plain", 1.0, 512)
    assert isinstance(got, SourceDoc) and got.text == "Plain text of a page."


def test_a_broken_pdf_is_unreachable_with_its_reason(fresh_pool: None) -> None:
    got = jobs.extract_guarded(PDFISH, "https://example.org/d.pdf", "d.pdf", "", 20.0, 1024)
    assert isinstance(got, Unreachable) and got.reason.startswith("https://example.org/d.pdf: ")


def test_a_job_for_a_web_source_gives_each_passage_its_text_fragment(tmp_path: object) -> None:
    """Workers work out each passage's text-fragment directive (as the page renders: Markdown's
    marks dropped), the one a report would otherwise compute after the run."""
    from dataclasses import replace
    from pathlib import Path

    from checker.results import CitationResult, SourceInfo, Verdict
    from checker.standards.selectors import fragment_url, passage_directive

    md = Path(str(tmp_path)) / "page.md"
    md.write_text("# Title\n\nSome **bold** words about 6,700 detained protesters.\n", encoding="utf-8")
    quote = "bold words about 6,700 detained"
    job = jobs.SourceJob(key="k", origin="page.md", quotes=(quote,), path=str(md))
    alone = jobs.run_job(job).matches[quote].passage
    linked = jobs.run_job(replace(job, links=True)).matches[quote].passage
    assert alone is not None and linked is not None and alone == linked
    assert alone.directive == "" and linked.directive == passage_directive(alone, "markdown")
    assert "bold%20words" in linked.directive and "%2A" not in linked.directive  # no "*"
    cited = CitationResult(
        index=0,
        quote=quote,
        url="https://example.org/page#top",
        file=None,
        line=1,
        verdict=Verdict.VERIFIED,
        score=1.0,
        passage=linked,
        source=SourceInfo(kind="markdown", origin="page.md", sha256="", chars=0),
    )
    assert (
        fragment_url(cited)
        == fragment_url(replace(cited, passage=alone))
        == f"https://example.org/page#top:~:{linked.directive}"
    )


def _collector_state(*args: object, **kwargs: object) -> Unreachable:
    import gc

    return Unreachable(f"collector on: {gc.isenabled()}", "test")


def test_workers_collect_even_when_the_parent_paused_it(monkeypatch: pytest.MonkeyPatch, fresh_pool: None) -> None:
    import gc

    monkeypatch.setattr(jobs, "extract", _collector_state)
    gc.disable()  # as `checker verify` does in its own process
    try:
        got = jobs.extract_guarded(PDFISH, "https://example.org/a.pdf", "a.pdf", "", 30.0, 1024)
    finally:
        gc.enable()
    assert isinstance(got, Unreachable) and got.reason == "collector on: True"


def _text_job(key: str, size: int = 100) -> jobs.SourceJob:
    words = ("Protesters were detained in Minsk. " * (size // 35 + 1))[:size]
    return jobs.SourceJob(key=key, origin=key, quotes=("were detained in Minsk",), text=words, kind="text")


def test_small_plain_sources_share_a_task_and_large_ones_or_pdfs_go_alone(tmp_path: object) -> None:
    from pathlib import Path

    pdf = Path(str(tmp_path)) / "report.bin"  # a PDF whatever its name says
    pdf.write_bytes(PDFISH)
    small = [_text_job(f"s{i}", 200_000) for i in range(12)]
    large = _text_job("large", jobs.BATCH_BYTES // 4 + 1)
    tasks = jobs._tasks([*small, large, jobs.SourceJob(key="pdf", origin="pdf", quotes=(), path=str(pdf))], workers=1)
    assert [[j.key for j in t] for t in tasks] == [
        ["s0", "s1", "s2", "s3", "s4"],
        ["s5", "s6", "s7", "s8", "s9"],
        ["s10", "s11"],
        ["large"],
        ["pdf"],
    ]
    assert all(sum(j.size for j in t) <= jobs.BATCH_BYTES for t in tasks if len(t) > 1)


def test_a_few_small_sources_still_spread_over_the_workers() -> None:
    few = [_text_job(f"s{i}", 50_000) for i in range(8)]
    # 400 KB over two workers: tasks of at most half a worker's share, 100 KB
    assert [len(t) for t in jobs._tasks(few, workers=2)] == [2, 2, 2, 2]
    assert [len(t) for t in jobs._tasks(few, workers=1)] == [4, 4]


def _stuck_or_dead(job: jobs.SourceJob) -> jobs.JobResult:
    import os

    if job.key == "hangs":
        time.sleep(30)
    if job.key == "dies":
        os._exit(3)
    return _real_run_job(job)


_real_run_job = jobs.run_job


@pytest.mark.timeout(60)
def test_a_task_of_several_sources_that_fails_is_run_again_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source that hangs or kills its worker inside a shared task makes only itself
    unreachable, with its own reason: the task's other sources are matched again alone."""
    monkeypatch.setattr(jobs, "run_job", _stuck_or_dead)  # workers fork after this
    keys = ["a", "hangs", "b", "c", "dies", "d"]
    tasks = jobs._tasks([_text_job(k) for k in keys], workers=1)
    assert [[j.key for j in t] for t in tasks] == [["a", "hangs", "b"], ["c", "dies", "d"]]
    seen: list[str] = []
    got = jobs.run_jobs(
        [_text_job(k) for k in keys],
        workers=1,
        time_limit=2.0,
        memory_limit_mb=1024,
        on_result=lambda r: seen.append(r.key),
    )
    assert sorted(seen) == sorted(keys) and set(got) == set(keys)
    failures = {k: r.failure.category for k, r in got.items() if r.failure is not None}
    assert failures == {"hangs": "too-slow", "dies": "unreadable"}
    for key in ("a", "b", "c", "d"):
        assert got[key].matches["were detained in Minsk"].verdict.value == "verified"
