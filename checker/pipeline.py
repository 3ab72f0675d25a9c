"""The verify pipeline: claims in, a Report out. The CLI is a thin layer over `verify`.

Citations are grouped by source; each source becomes one job (checker.jobs) that reads it once,
indexes it once and matches every quote cited from it, in a pool of worker processes.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker import __version__
from checker.claims import display_path
from checker.config import Config
from checker.decisions import with_decisions
from checker.figures.check import across_claims, claim_figures, vocabulary_for
from checker.figures.findings import ClaimFigures, FigureReader
from checker.jobs import JobResult, SourceJob, run_jobs
from checker.models import Citation, Claim
from checker.results import CitationResult, ClaimResult, Finding, Report, Verdict
from checker.sources.document import SourceDoc
from checker.sources.local import LocalFiles, Unreachable
from checker.standards.selectors import is_web
from checker.verdicts import claim_status

if TYPE_CHECKING:
    from checker.cache import ResultsCache

UrlReader = Callable[[Citation], "SourceDoc | Unreachable"]
UrlFindings = Callable[[Citation, CitationResult], Sequence[Finding]]


@dataclass
class VerifyOptions:
    offline: bool = False
    config: Config = field(default_factory=Config)
    url_reader: UrlReader | None = None  # reads `url`-only citations (snapshots, the fetcher)
    url_findings: UrlFindings | None = None  # drift / fall-back findings for those citations
    cache: ResultsCache | None = field(default=None, repr=False)  # checker.cache; None: no cache


class Sources:
    """Decides where each citation's text comes from, without reading local files yet."""

    def __init__(self, options: VerifyOptions) -> None:
        config = options.config  # allowed_paths are relative to the config file's folder
        base = Path(config.file).parent if config.file else Path.cwd()
        self.local = LocalFiles([base / p for p in config.allowed_paths], config.limits)
        self.url_reader = options.url_reader
        # Many claims cite one file: its fence check and realpath (a stat per path component)
        # are done once per run.
        self._local: dict[tuple[Path, Path], SourceJob | Unreachable] = {}

    def job_for(self, claim: Claim, citation: Citation) -> SourceJob | Unreachable:
        if citation.path is not None:
            known = self._local.get((citation.path, claim.root))
            if known is None:
                known = self.local.check(citation.path, claim.root) or SourceJob(
                    key=os.path.realpath(citation.path),
                    origin=display_path(citation.path),
                    quotes=(),
                    path=str(citation.path),
                    limits=self.local.limits,
                )
                self._local[citation.path, claim.root] = known
            return known
        if self.url_reader is not None:
            got = self.url_reader(citation)
            if isinstance(got, Unreachable):
                return got
            return SourceJob(
                key=f"{got.sha256}:{got.origin}",
                origin=got.origin,
                quotes=(),
                text=got.text,
                kind=got.kind,
                sha256=got.sha256,
                extra=got.extra,
            )
        # verify() always attaches a URL reader; only a library caller without one gets here.
        return Unreachable(
            "no URL reader was given for this url-only citation; pass "
            "VerifyOptions.url_reader (checker.sources.remote.attach) or add a "
            "local copy as 'file:'",
            "unsupported",
        )


def citation_result(index: int, citation: Citation, got: JobResult | Unreachable) -> CitationResult:
    given = CitationResult(
        index=index,
        quote=citation.quote,
        url=citation.url,
        file=citation.file,
        line=citation.line,
        verdict=Verdict.UNREACHABLE,
        score=0.0,
    )
    failure = got if isinstance(got, Unreachable) else got.failure
    if failure is not None:
        return replace(given, reason=failure.reason, reason_category=failure.category)
    assert isinstance(got, JobResult)
    m = got.matches[citation.quote]
    return replace(
        given,
        verdict=m.verdict,
        score=m.score,
        passage=m.passage,
        differences=m.differences,
        reason=m.reason,
        source=got.info,
    )


def claim_result(claim: Claim, citations: Sequence[CitationResult]) -> ClaimResult:
    findings: tuple[Finding, ...] = ()
    return ClaimResult(
        id=claim.id,
        statement=claim.statement,
        file=display_path(claim.source_file),
        line=claim.line,
        status=claim_status((r.verdict for r in citations), findings),
        citations=tuple(citations),
        findings=findings,
    )


def with_url_findings(claim: Claim, result: ClaimResult, url_findings: UrlFindings | None) -> ClaimResult:
    """This run's drift and fall-back findings: they depend on how each URL was read now (a page
    may have died since), so they are never taken from the results cache."""
    if url_findings is None:
        return result
    extra = tuple(
        f
        for c, r in zip(claim.citations, result.citations, strict=True)
        if c.path is None and c.url
        for f in url_findings(c, r)
    )
    if not extra:
        return result
    findings = result.findings + extra
    return replace(result, findings=findings, status=claim_status((r.verdict for r in result.citations), findings))


def verify(claims: Sequence[Claim], options: VerifyOptions | None = None) -> Report:
    """Check every claim; never raises for a bad source (that is an `unreachable` verdict)."""
    options = options or VerifyOptions()
    config = options.config
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    if options.url_reader is None:
        from checker.sources.remote import attach  # URL sources: fetched up front, concurrently

        options = attach(claims, options)
    sources = Sources(options)
    # Results cache (checker.cache): an unchanged claim over unchanged sources is not matched
    # again; only the others become source jobs. Editor decisions are applied last, by date.
    cached = options.cache.lookup(claims, sources) if options.cache else {}
    # Figures are read alongside: passages by the workers, statements by this process; stored
    # results bring those of their passages and statements with them.
    figures = FigureReader(vocabulary_for(config))
    if options.cache:
        figures.learn(options.cache.passage_figures, options.cache.statement_figures)
    todo = [c for c in claims if c.id not in cached]
    planned: list[list[SourceJob | Unreachable]] = []
    quotes: dict[str, list[str]] = {}
    jobs: dict[str, SourceJob] = {}
    linked: set[str] = set()  # sources cited by a web URL, whose passages get a link
    waiting: dict[str, list[int]] = {}  # the claims (indexes in todo) each source settles
    pending: list[int] = []  # for each claim in todo, its sources not yet matched
    for i, claim in enumerate(todo):
        row = []
        for citation in claim.citations:
            job = sources.job_for(claim, citation)
            if isinstance(job, SourceJob):
                jobs.setdefault(job.key, job)
                quotes.setdefault(job.key, []).append(citation.quote)
                if is_web(citation.url):
                    linked.add(job.key)
            row.append(job)
        planned.append(row)
        keys = {j.key for j in row if isinstance(j, SourceJob)}
        pending.append(len(keys))
        for key in keys:
            waiting.setdefault(key, []).append(i)
    # Each claim is settled, with its own figure findings, as soon as its last source is
    # matched: this process does that while the workers match the other sources.
    done: dict[str, JobResult] = {}
    settled: dict[str, tuple[ClaimResult, ClaimFigures]] = {}

    def settle(claim: Claim, result: ClaimResult) -> None:
        result = with_url_findings(claim, result, options.url_findings)
        settled[claim.id] = claim_figures(claim, result, figures)

    def fresh(i: int) -> None:
        claim, row = todo[i], planned[i]
        result = claim_result(
            claim,
            [
                citation_result(k, c, done[j.key] if isinstance(j, SourceJob) else j)
                for k, (c, j) in enumerate(zip(claim.citations, row, strict=True))
            ],
        )
        if options.cache:
            options.cache.store(claim, result, figures)
        settle(claim, result)

    def meanwhile() -> None:
        figures.read_statements(claims)
        for claim in claims:
            if claim.id in cached:
                settle(claim, cached[claim.id])
        for i, n in enumerate(pending):
            if not n:  # no source to read: every citation unreachable
                fresh(i)

    def on_result(got: JobResult) -> None:
        done[got.key] = got
        figures.learn(got.figures)
        for i in waiting.get(got.key, ()):
            pending[i] -= 1
            if not pending[i]:
                fresh(i)

    run_jobs(
        [
            replace(
                job,
                quotes=tuple(quotes[key]),
                found_score=config.found_score,
                vocabulary=figures.voc,
                links=key in linked,
            )
            for key, job in jobs.items()
        ],
        config.workers,
        config.source_time_limit,
        config.source_memory_mb,
        meanwhile=meanwhile,
        on_result=on_result,
    )
    results = [settled[claim.id][0] for claim in claims]
    files = tuple(dict.fromkeys(display_path(c.source_file) for c in claims))
    report = Report(
        claims=tuple(results),
        files=files,
        started=started.isoformat(timespec="seconds"),
        duration_s=round(time.perf_counter() - t0, 3),
        version=__version__,
        offline=options.offline,
    )
    # Figure findings first: editor decisions must see every finding of the run.
    read = {claim.id: settled[claim.id][1] for claim in claims}  # in the claims' order
    return with_decisions(across_claims(report, read), claims)
