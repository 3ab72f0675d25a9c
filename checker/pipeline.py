"""The verify pipeline: claims in, a Report out. The CLI is a thin layer over `verify`."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker import __version__
from checker.claims import display_path
from checker.config import Config
from checker.models import Citation, Claim
from checker.results import CitationResult, ClaimResult, Finding, Report, SourceInfo, Verdict
from checker.sources.document import SourceDoc
from checker.sources.local import LocalFiles, Unreachable
from checker.verdicts import claim_status

UrlReader = Callable[[Citation], "SourceDoc | Unreachable"]


@dataclass
class VerifyOptions:
    offline: bool = False
    config: Config = field(default_factory=Config)
    url_reader: UrlReader | None = None  # reads `url`-only citations (snapshots, the fetcher)
    on_claim: Callable[[ClaimResult], None] | None = field(default=None, repr=False)


class Sources:
    """Resolves each citation to its text; every source is read and indexed once per run."""

    def __init__(self, options: VerifyOptions) -> None:
        config = options.config  # allowed_paths are relative to the config file's folder
        base = Path(config.file).parent if config.file else Path.cwd()
        self.local = LocalFiles([base / p for p in config.allowed_paths], config.limits)
        self.url_reader = options.url_reader
        self.offline = options.offline

    def resolve(self, claim: Claim, citation: Citation) -> SourceDoc | Unreachable:
        if citation.path is not None:
            return self.local.read(citation.path, claim.root)
        if self.url_reader is not None:
            return self.url_reader(citation)
        if self.offline:
            return Unreachable("offline, and the citation has no 'file' and no saved snapshot of "
                               "its url; run `checker fetch` or add a local copy", "offline")
        return Unreachable("this build cannot fetch URLs; add a local copy as 'file:'",
                           "unsupported")


def check_citation(index: int, citation: Citation, got: SourceDoc | Unreachable) -> CitationResult:
    from checker.matching import match_quote

    common = dict(index=index, quote=citation.quote, url=citation.url, file=citation.file,
                  line=citation.line)
    if isinstance(got, Unreachable):
        return CitationResult(**common, verdict=Verdict.UNREACHABLE, score=0.0,  # type: ignore[arg-type]
                              reason=got.reason, reason_category=got.category)
    info = SourceInfo(kind=got.kind, origin=got.origin, sha256=got.sha256, chars=len(got.text),
                      snapshot=got.extra.get("snapshot"), fetched_at=got.extra.get("fetched_at"),
                      final_url=got.extra.get("final_url"),
                      archived_from=got.extra.get("archived_from"))
    m = match_quote(citation.quote, got)
    return CitationResult(**common, verdict=m.verdict, score=m.score, passage=m.passage,  # type: ignore[arg-type]
                          differences=m.differences, reason=m.reason, source=info)


def check_claim(claim: Claim, sources: Sources) -> ClaimResult:
    results = tuple(check_citation(i, c, sources.resolve(claim, c))
                    for i, c in enumerate(claim.citations))
    findings: tuple[Finding, ...] = ()
    return ClaimResult(id=claim.id, statement=claim.statement,
                       file=display_path(claim.source_file), line=claim.line,
                       status=claim_status((r.verdict for r in results), findings),
                       citations=results, findings=findings)


def verify(claims: Sequence[Claim], options: VerifyOptions | None = None) -> Report:
    """Check every claim; never raises for a bad source (that is an `unreachable` verdict)."""
    options = options or VerifyOptions()
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    sources = Sources(options)
    results = []
    for claim in claims:
        result = check_claim(claim, sources)
        results.append(result)
        if options.on_claim:
            options.on_claim(result)
    files = tuple(dict.fromkeys(display_path(c.source_file) for c in claims))
    return Report(claims=tuple(results), files=files,
                  started=started.isoformat(timespec="seconds"),
                  duration_s=round(time.perf_counter() - t0, 3), version=__version__,
                  offline=options.offline)
