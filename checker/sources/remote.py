"""URL sources for a run: every cited URL is fetched once, concurrently, before claims are
checked; what was read is kept as a snapshot and served from there. Offline, snapshots only;
online, a snapshot younger than fetch.max_snapshot_age, else a (conditional) fresh fetch, with
the Wayback Machine as a fallback for dead pages that were never saved."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from checker.claims import display_path
from checker.config import Config
from checker.models import Citation, Claim
from checker.results import CitationResult, Finding, Severity
from checker.sources.document import SourceDoc
from checker.sources.local import Unreachable
from checker.sources.snapshots import Snapshot, SnapshotStore, parse_age

if TYPE_CHECKING:  # httpx is imported only when a URL is really fetched
    from checker.pipeline import VerifyOptions
    from checker.sources.fetch import FetchResult
    from checker.sources.netsafety import Resolver


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, result: FetchResult) -> None: ...


@dataclass(frozen=True)
class UrlOutcome:
    """What one URL gave this run. `via`: snapshot, fetched, not-modified, archive or failed."""

    url: str
    doc: SourceDoc | Unreachable
    via: str
    fetched: FetchResult | None = None
    previous: SourceDoc | None = None  # the snapshot before the one used, when they differ
    gone: str | None = None  # the live page is dead; `doc` is the last snapshot
    stale: str | None = None  # a refresh failed otherwise; `doc` is the last snapshot
    changed_since: str | None = None  # this run's fetch differs from the snapshot of this time


class UrlSession:
    """Reads URL citations for one run; `read` and `findings` plug into VerifyOptions."""

    def __init__(
        self,
        config: Config,
        offline: bool = False,
        refresh: bool = False,
        progress: Progress | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.config, self.offline, self.refresh = config, offline, refresh
        self.progress, self.resolver = progress, resolver
        self.store = SnapshotStore(config.sources)
        self.max_age = parse_age(config.fetch.max_snapshot_age)
        self.outcomes: dict[str, UrlOutcome] = {}

    def prepare(self, citations: Iterable[Citation]) -> dict[str, UrlOutcome]:
        """Fetch (or find saved) every URL the citations name; once per URL per run."""
        accessed: dict[str, str | None] = {}
        for c in citations:
            if c.url and c.url not in self.outcomes:
                known = accessed.get(c.url)
                accessed[c.url] = min(filter(None, (known, c.accessed)), default=None)
        todo: list[tuple[str, Snapshot | None]] = []
        for url in accessed:
            snap = self.store.latest(url)
            if self.offline and snap is None:
                self.outcomes[url] = UrlOutcome(
                    url,
                    Unreachable(
                        f"offline, and there is no saved snapshot of {url}; run `checker fetch` "
                        "first, or add a local copy as 'file:'",
                        "offline",
                    ),
                    "failed",
                )
            elif snap and (self.offline or (not self.refresh and snap.age_s() < self.max_age)):
                self.outcomes[url] = UrlOutcome(url, self._doc(snap), "snapshot", previous=self._previous(snap))
            else:
                todo.append((url, snap))
        if todo:
            import asyncio  # an offline run, or one served by snapshots, never loads it

            fetched = asyncio.run(self._fetch(todo, accessed))
            for url, snap in todo:
                self.outcomes[url] = self._settle(url, snap, *fetched[url])
        return self.outcomes

    async def _fetch(
        self, todo: list[tuple[str, Snapshot | None]], accessed: dict[str, str | None]
    ) -> dict[str, tuple[FetchResult, Snapshot | None, object]]:
        """Fetch concurrently; each answer is saved as soon as it arrives (in a thread: fsync
        is slow), so an interrupted run keeps what it had read."""
        import asyncio

        from checker.sources.archive import Capture, find_capture

        api = self.config.fetch.archive_url
        if self.progress:
            self.progress.start(len(todo))
        from checker.sources.fetch import Fetcher

        async with Fetcher(self.config.fetch, self.resolver) as fetcher:

            async def one(url: str, snap: Snapshot | None) -> tuple[str, tuple[FetchResult, Snapshot | None, object]]:
                result = await fetcher.fetch(url, snap.etag if snap else None, snap.last_modified if snap else None)
                if self.progress:
                    self.progress.advance(result)
                saved, capture = None, None
                if result.ok:
                    saved = await asyncio.to_thread(self._record, url, snap, result)
                elif snap is None and result.dead and api:
                    capture = await find_capture(fetcher, api, url, accessed[url])
                    if isinstance(capture, Capture):
                        archived = dataclasses.replace(
                            _snapshot(url, capture.result), archived_from=capture.capture_url
                        )
                        saved = await asyncio.to_thread(self.store.save, archived, capture.result.data)
                return url, (result, saved, capture)

            return dict(await asyncio.gather(*(one(u, s) for u, s in todo)))

    def _record(self, url: str, snap: Snapshot | None, result: FetchResult) -> Snapshot | None:
        if not result.not_modified:
            return self.store.save(_snapshot(url, result), result.data)
        if snap is None:
            return None  # a 304 to a request that was not conditional: nothing to keep
        return self.store.save(
            dataclasses.replace(
                snap,
                checked_at=result.fetched_at,
                etag=result.etag or snap.etag,
                last_modified=result.last_modified or snap.last_modified,
            ),
            None,
        )

    def _settle(
        self, url: str, snap: Snapshot | None, result: FetchResult, saved: Snapshot | None, capture: object
    ) -> UrlOutcome:
        if saved is not None and not result.ok:
            return UrlOutcome(url, self._doc(saved), "archive", result)
        if saved is not None:
            via = "not-modified" if result.not_modified else "fetched"
            changed = snap.fetched_at if snap and snap.sha256 != saved.sha256 else None
            return UrlOutcome(
                url,
                self._doc(saved, None if result.not_modified else result.data),
                via,
                result,
                previous=self._previous(saved),
                changed_since=changed,
            )
        if snap:
            gone, stale = (result.reason, None) if result.dead else (None, result.reason)
            return UrlOutcome(
                url, self._doc(snap), "snapshot", result, gone=gone, stale=stale, previous=self._previous(snap)
            )
        reason = result.reason or f"{url} answered {result.status} and nothing was kept"
        if isinstance(capture, str):
            reason += f"; no archived copy either: {capture}"
        return UrlOutcome(url, Unreachable(reason, result.category or "http-error"), "failed", result)

    def _previous(self, snap: Snapshot) -> SourceDoc | None:
        """The readable snapshot before `snap` in its URL's history, when its bytes differ: drift
        stays visible to every later run (offline ones too), not only to the run that saw it."""
        history = self.store.history(snap.url)
        shas = [s.sha256 for s in history]
        if snap.sha256 not in shas:
            return None
        newest = len(shas) - 1 - shas[::-1].index(snap.sha256)
        for older in reversed(history[:newest]):
            if older.sha256 != snap.sha256:
                doc = self._doc(older)
                if isinstance(doc, SourceDoc):
                    return doc
        return None

    def _doc(self, snap: Snapshot, data: bytes | None = None) -> SourceDoc | Unreachable:
        data = data if data is not None else self.store.read_bytes(snap)
        if data is None:
            return Unreachable(
                f"the snapshot of {snap.url} is damaged or missing; run `checker fetch` to fetch it again", "unreadable"
            )
        from checker.jobs import extract_guarded

        doc = extract_guarded(
            data,
            snap.url,
            urlsplit(snap.final_url or snap.url).path,
            snap.content_type,
            self.config.source_time_limit,
            self.config.source_memory_mb,
            self.config.limits,
        )
        if isinstance(doc, Unreachable):
            return doc
        doc.extra.update(
            snapshot=display_path(self.store.object_path(snap.sha256)),
            fetched_at=snap.fetched_at,
            final_url=snap.final_url or None,
            archived_from=snap.archived_from,
        )
        return doc

    def read(self, citation: Citation) -> SourceDoc | Unreachable:
        if citation.url is None:
            return Unreachable("the citation has no url", "not-found")
        if citation.url not in self.outcomes:
            self.prepare([citation])
        return self.outcomes[citation.url].doc

    def findings(self, citation: Citation, result: CitationResult) -> list[Finding]:
        """Drift and fall-back findings for a url-only citation."""
        from checker.drift import drift_finding, gone_finding

        outcome = self.outcomes.get(citation.url or "")
        if outcome is None or citation.path is not None or not isinstance(outcome.doc, SourceDoc):
            return []
        doc, found = outcome.doc, []
        if outcome.gone:
            found.append(gone_finding(result.index, outcome.gone, doc))
        if outcome.previous is not None:
            found.append(drift_finding(result.index, citation, outcome.previous, doc))
        if outcome.stale:
            found.append(
                Finding(
                    "source-stale",
                    Severity.INFO,
                    f"could not refresh the page "
                    f"({outcome.stale}); checked against the snapshot of "
                    f"{doc.extra.get('fetched_at')}",
                    result.index,
                )
            )
        if outcome.via == "archive" or doc.extra.get("archived_from"):
            found.append(
                Finding(
                    "archived-source",
                    Severity.INFO,
                    "the live page was gone "
                    "when fetched; checked against the archive's capture "
                    f"{doc.extra.get('archived_from')}",
                    result.index,
                    {"capture": doc.extra.get("archived_from")},
                )
            )
        return found


def _snapshot(url: str, r: FetchResult) -> Snapshot:
    return Snapshot(
        url=url,
        sha256=hashlib.sha256(r.data).hexdigest(),
        size=len(r.data),
        fetched_at=r.fetched_at,
        checked_at=r.fetched_at,
        final_url=r.final_url,
        status=r.status,
        content_type=r.content_type,
        etag=r.etag,
        last_modified=r.last_modified,
    )


def url_citations(claims: Sequence[Claim], with_files: bool = False) -> list[Citation]:
    """Citations read from their URL (those without a local `file:`, unless `with_files`)."""
    return [c for claim in claims for c in claim.citations if c.url and (with_files or c.path is None)]


def attach(
    claims: Sequence[Claim], options: VerifyOptions, progress: Progress | None = None, resolver: Resolver | None = None
) -> VerifyOptions:
    """Options whose URL reader serves this run's URLs, all fetched (or found saved) now."""
    wanted = url_citations(claims)
    if not wanted:
        return options
    session = UrlSession(options.config, offline=options.offline, progress=progress, resolver=resolver)
    session.prepare(wanted)
    return dataclasses.replace(options, url_reader=session.read, url_findings=session.findings)


def refresh(
    claims: Sequence[Claim], config: Config, progress: Progress | None = None, resolver: Resolver | None = None
) -> list[UrlOutcome]:
    """Fetch every cited URL now (conditionally where a snapshot exists) and save what came."""
    session = UrlSession(config, refresh=True, progress=progress, resolver=resolver)
    return list(session.prepare(url_citations(claims, with_files=True)).values())


def with_flags(
    config: Config, sources: str | None = None, allow_private: bool = False, archive_url: str | None = None
) -> Config:
    """The config with the fetch flags of the command line applied."""
    fetch = config.fetch
    if allow_private:
        fetch = dataclasses.replace(fetch, allow_private_addresses=True)
    if archive_url is not None:
        fetch = dataclasses.replace(fetch, archive_url=archive_url)
    return config.replace(sources=sources, fetch=fetch)
