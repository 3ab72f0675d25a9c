"""One job per source: read it, extract its text, index it once and match every quote cited
from it. Jobs run in a pool of worker processes (pebble), which gives both cores to the work
and bounds each source's time and memory: a hostile PDF that hangs or balloons ends as an
`unreachable` verdict with a reason, and the rest of the run goes on."""

from __future__ import annotations

import atexit
import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from checker.config import Config
from checker.errors import SourceError
from checker.results import SourceInfo
from checker.sources.document import SourceDoc, extract
from checker.sources.limits import SourceLimits
from checker.sources.local import Unreachable, read_local

if TYPE_CHECKING:
    from checker.figures.extract import Figure
    from checker.figures.vocabulary import Vocabulary
    from checker.matching import MatchResult
    from checker.results import Passage


@dataclass(frozen=True)
class SourceJob:
    key: str
    origin: str
    quotes: tuple[str, ...]
    path: str | None = None  # a local file to read in the worker...
    text: str | None = None  # ...or text already read (a snapshot)
    kind: str = ""
    sha256: str = ""
    extra: dict[str, str | None] = field(default_factory=dict)
    limits: SourceLimits = field(default_factory=SourceLimits)
    found_score: float = Config.found_score
    vocabulary: Vocabulary | None = None  # given: the figures of each passage are read too
    links: bool = False  # cited by a web URL: each passage's text-fragment directive too

    @property
    def size(self) -> int:
        if self.text is not None:
            return len(self.text)
        try:
            return os.path.getsize(self.path or "")
        except OSError:
            return 0


@dataclass(frozen=True)
class JobResult:
    key: str
    info: SourceInfo | None = None
    failure: Unreachable | None = None
    matches: dict[str, MatchResult] = field(default_factory=dict)
    figures: dict[Passage, tuple[Figure, ...]] = field(default_factory=dict)


def _info(doc: SourceDoc) -> SourceInfo:
    e = doc.extra
    return SourceInfo(
        kind=doc.kind,
        origin=doc.origin,
        sha256=doc.sha256,
        chars=len(doc.text),
        snapshot=e.get("snapshot"),
        fetched_at=e.get("fetched_at"),
        final_url=e.get("final_url"),
        archived_from=e.get("archived_from"),
    )


# From this many quotes on, indexing the whole source once costs less than finding each
# quote's regions with str.find (checker.matching.regions): some 100 ns a character against 2.
WHOLE_INDEX_QUOTES = 40


def run_job(job: SourceJob) -> JobResult:
    """Read (unless given), then match every quote; runs in a worker process."""
    from checker.matching import match_quote
    from checker.matching.regions import scope

    if job.text is None:
        got = read_local(job.path or "", job.origin, job.limits)
        if isinstance(got, Unreachable):
            return JobResult(job.key, failure=got)
        doc = got
    else:
        doc = SourceDoc(text=job.text, kind=job.kind, origin=job.origin, sha256=job.sha256, extra=dict(job.extra))
    try:
        quotes = dict.fromkeys(job.quotes)
        where = (scope(doc.folded, quotes) if len(quotes) < WHOLE_INDEX_QUOTES else None) or doc
        matches = {q: match_quote(q, where, job.found_score) for q in quotes}
    except MemoryError:
        return JobResult(
            job.key, failure=Unreachable("the source needed more memory than the per-source limit allows", "too-large")
        )
    if job.links:
        from checker.standards.selectors import passage_directive

        matches = {
            q: replace(m, passage=replace(m.passage, directive=passage_directive(m.passage, doc.kind)))
            if m.passage
            else m
            for q, m in matches.items()
        }
    figures = {}
    if job.vocabulary is not None:  # here, in parallel, rather than after the run
        from checker.figures.findings import passage_figures

        figures = {
            m.passage: passage_figures(m.passage, job.vocabulary) for m in matches.values() if m.passage is not None
        }
    return JobResult(job.key, info=_info(doc), matches=matches, figures=figures)


def _start_worker(limit_bytes: int) -> None:
    """Turn collection back on (the CLI pauses it in its own process, not for the matching),
    less often than by default (a job allocates millions of short-lived objects and keeps few
    cycles), and cap the worker's address space at what it inherited from its parent plus the
    limit: a forked worker starts with the parent's whole address space already counted."""
    gc.enable()
    gc.set_threshold(50_000, 20, 100)
    if limit_bytes > 0:
        import resource

        try:
            with open("/proc/self/statm", encoding="ascii") as fh:
                inherited = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            inherited = 0
        resource.setrlimit(resource.RLIMIT_AS, (inherited + limit_bytes, inherited + limit_bytes))


INLINE_BYTES = 2_000_000
# Small sources that are not PDFs go to the workers this many bytes at a time: a task costs
# about 1.5 ms of CPU in the pool's threads and the worker's loop, as much as matching a small
# source. A source over a quarter of this is a task of its own.
BATCH_BYTES = 1_000_000


def _plain(job: SourceJob) -> bool:
    """Not a PDF, whose native parser is the one that can hang or balloon."""
    if job.text is not None:
        return job.kind != "pdf"
    if not os.path.isfile(job.path or ""):
        return True  # a FIFO would block open(); run_job reports what it is
    try:
        with open(job.path or "", "rb") as fh:
            return b"%PDF" not in fh.read(1024)
    except OSError:
        return True  # run_job reports it


def _small_and_plain(jobs: Sequence[SourceJob]) -> bool:
    """A few small sources, none a PDF."""
    return len(jobs) <= 4 and sum(j.size for j in jobs) <= INLINE_BYTES and all(map(_plain, jobs))


def _tasks(jobs: Sequence[SourceJob], workers: int) -> list[tuple[SourceJob, ...]]:
    """The jobs as worker tasks, largest first so that the cores finish together: each large
    source or PDF alone, small plain sources together up to BATCH_BYTES, and to no more than
    half a worker's share of them, so that a few small sources still spread over the cores."""
    sized = sorted(((j.size, j) for j in jobs), key=lambda sj: -sj[0])
    alone = [size > BATCH_BYTES // 4 or not _plain(job) for size, job in sized]
    small = sum(size for (size, _), one in zip(sized, alone, strict=True) if not one)
    limit = min(BATCH_BYTES, small // (2 * workers) + 1)
    tasks: list[tuple[int, tuple[SourceJob, ...]]] = []
    batch: list[SourceJob] = []
    total = 0
    for (size, job), one in zip(sized, alone, strict=True):
        if one:
            tasks.append((size, (job,)))
            continue
        if batch and total + size > limit:
            tasks.append((total, tuple(batch)))
            batch, total = [], 0
        batch.append(job)
        total += size
    if batch:
        tasks.append((total, tuple(batch)))
    return [task for _, task in sorted(tasks, key=lambda st: -st[0])]


def run_batch(jobs: Sequence[SourceJob]) -> list[JobResult]:
    """`run_job` for each of a task's sources; runs in a worker process."""
    return [run_job(job) for job in jobs]


def _failure(exc: BaseException, time_limit: float) -> Unreachable:
    """Why a worker gave no result: the limits of checker.config, in words."""
    from concurrent.futures import TimeoutError as FutureTimeout

    if isinstance(exc, FutureTimeout):
        return Unreachable(
            f"reading this source took longer than {time_limit:g} s (the "
            "per-source time limit); raise source_time_limit if it is genuine",
            "too-slow",
        )
    if isinstance(exc, MemoryError):
        return Unreachable("the source needed more memory than the per-source limit allows", "too-large")
    return Unreachable(
        f"the reader crashed on this source (exit code "
        f"{getattr(exc, 'exitcode', '?')}), likely out of memory or a malformed "
        "file",
        "unreadable",
    )


def _extract(
    data: bytes, origin: str, name: str, content_type: str, limits: SourceLimits | None = None
) -> SourceDoc | Unreachable:
    try:
        return extract(data, origin=origin, name=name, content_type=content_type, limits=limits)
    except SourceError as exc:
        return Unreachable(f"{origin}: {exc.reason}", exc.category)
    except MemoryError:
        return Unreachable("the source needed more memory than the per-source limit allows", "too-large")


@functools.cache
def _extract_pool(memory_limit_mb: int) -> Any:
    from pebble import ProcessPool

    pool = ProcessPool(
        max_workers=default_workers(),
        initializer=_start_worker,
        initargs=(memory_limit_mb * 1024 * 1024,),
        context=multiprocessing.get_context("fork"),
    )
    atexit.register(pool.stop)
    return pool


def extract_guarded(
    data: bytes,
    origin: str,
    name: str,
    content_type: str,
    time_limit: float,
    memory_limit_mb: int,
    limits: SourceLimits | None = None,
) -> SourceDoc | Unreachable:
    """`extract` for fetched bytes (a page from the web is the most hostile input there is), in
    a worker process held to the per-source time and memory limits; small data that is not a
    PDF is read in-process, its parsers being linear."""
    if len(data) <= INLINE_BYTES and b"%PDF" not in data[:1024]:
        return _extract(data, origin, name, content_type, limits)
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired

    future = _extract_pool(memory_limit_mb).schedule(
        _extract, args=(data, origin, name, content_type, limits), timeout=time_limit or None
    )
    try:
        result: SourceDoc | Unreachable = future.result()
    except (FutureTimeout, ProcessExpired, MemoryError) as exc:
        return _failure(exc, time_limit)
    return result


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run_jobs(
    jobs: Sequence[SourceJob],
    workers: int,
    time_limit: float,
    memory_limit_mb: int,
    meanwhile: Callable[[], object] | None = None,
    on_result: Callable[[JobResult], object] | None = None,
) -> dict[str, JobResult]:
    """Every job's result, keyed by source. workers=0 means one per core; largest sources are
    started first so that the cores finish together. `meanwhile` is run by this process while
    the workers work, then `on_result` with each result as it comes in."""
    meanwhile = meanwhile or (lambda: None)
    on_result = on_result or (lambda got: None)
    results: dict[str, JobResult] = {}
    if not jobs:
        meanwhile()
        return results  # every claim came from the results cache: the matcher is not even imported
    if _small_and_plain(jobs):
        # A pool costs more to start than a few small text or HTML sources cost to match (the
        # one-claim-changed run); their parsers are linear, so no time limit is needed.
        meanwhile()
        for job in jobs:
            results[job.key] = got = run_job(job)
            on_result(got)
        return results
    from pebble import ProcessPool

    import checker.matching  # noqa: F401  (before the fork, so that workers inherit it)

    workers = workers or default_workers()
    tasks = _tasks(jobs, workers)
    n = min(workers, len(tasks))
    # fork: workers start in milliseconds and inherit what the parent imported.
    context = multiprocessing.get_context("fork")
    # The parent's objects (every claim) are frozen while workers fork: a worker's collections
    # then skip them, and do not write to (and so copy) the pages they share with the parent.
    gc.freeze()
    try:
        with ProcessPool(
            max_workers=n, initializer=_start_worker, initargs=(memory_limit_mb * 1024 * 1024,), context=context
        ) as pool:
            # A task of several sources is held to one source's limits: one that fails (a
            # source in it hangs, or balloons) is run again a source at a time, so that only
            # the source to blame is unreachable, with its reason.
            again = _collect(pool, tasks, time_limit, meanwhile, on_result, results)
            _collect(pool, [(job,) for job in again], time_limit, lambda: None, on_result, results)
    finally:
        gc.unfreeze()
    return results


def _collect(
    pool: Any,
    tasks: Sequence[tuple[SourceJob, ...]],
    time_limit: float,
    meanwhile: Callable[[], object],
    on_result: Callable[[JobResult], object],
    results: dict[str, JobResult],
) -> list[SourceJob]:
    """Run the tasks, handing each result to `on_result` as it comes in; the jobs of the tasks
    of several sources that failed are returned, to be run again one by one."""
    from concurrent.futures import Future, as_completed
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired

    futures: dict[Future[list[JobResult]], tuple[SourceJob, ...]] = {
        pool.schedule(run_batch, args=(task,), timeout=time_limit or None): task for task in tasks
    }
    meanwhile()
    again: list[SourceJob] = []
    for future in as_completed(futures):
        task = futures[future]
        try:
            got = future.result()
        except (FutureTimeout, ProcessExpired, MemoryError) as exc:
            if len(task) > 1:
                again += task
                continue
            got = [JobResult(task[0].key, failure=_failure(exc, time_limit))]
        for one in got:
            results[one.key] = one
            on_result(one)
    return again
