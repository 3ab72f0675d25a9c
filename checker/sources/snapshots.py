"""The snapshot archive: what the checker read from each URL, kept so a check can be repeated
offline and audited later.

Layout under the sources folder (`snapshots/` beside the shipped documents)::

    snapshots/.lock                    held (fcntl.flock) while anything is written
    snapshots/objects/ab/<sha256>      raw bytes as received, content-addressed
    snapshots/urls/<sha256(url)>.json  {"url": ..., "snapshots": [metadata, ...]}, oldest first

Every file is written to a temporary file, fsynced and renamed, objects before the index that
names them, so a run killed at any moment leaves earlier snapshots readable and the index
pointing only at complete objects. Leftover temporary files are removed by the next writer;
readers check each object's sha256 and ignore one that does not match.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from checker.atomic import write_atomic
from checker.errors import CheckerError

LOCK_WAIT_S = 60.0


class SnapshotError(CheckerError):
    pass


@dataclass(frozen=True)
class Snapshot:
    """One observation of a URL: metadata of the bytes kept under objects/."""

    url: str
    sha256: str
    size: int
    fetched_at: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str = ""  # the last time the server confirmed these bytes (a 304, same hash)
    archived_from: str | None = None  # the archive capture, when the live page was dead
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Snapshot:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)

    def age_s(self, now: dt.datetime | None = None) -> float:
        when = dt.datetime.fromisoformat(self.checked_at or self.fetched_at)
        return ((now or dt.datetime.now(dt.UTC)) - when).total_seconds()


def parse_age(text: str) -> float:
    """Seconds in '90s', '30m', '12h', '7d' or a plain number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if not m:
        raise SnapshotError(f"max_snapshot_age '{text}' is not a duration like 30m, 12h or 7d")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


class SnapshotStore:
    def __init__(self, sources: Path | str) -> None:
        self.sources = Path(sources)
        self.root = self.sources / "snapshots"
        self._cleaned = False

    def object_path(self, sha256: str) -> Path:
        return self.root / "objects" / sha256[:2] / sha256

    def index_path(self, url: str) -> Path:
        return self.root / "urls" / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The writers' lock; released by the kernel if the process dies."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fh = open(self.root / ".lock", "a+b")  # noqa: SIM115 (held across the yield)
        except OSError as exc:
            raise SnapshotError(f"cannot use the snapshot folder {self.root}: {exc.strerror or exc}") from None
        try:
            deadline = time.monotonic() + LOCK_WAIT_S
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise SnapshotError(
                            f"another checker run has held {self.root}/.lock "
                            f"for over {LOCK_WAIT_S:g} s; wait for it to "
                            "finish"
                        ) from None
                    time.sleep(0.05)
            yield
        finally:
            fh.close()

    def history(self, url: str) -> list[Snapshot]:
        """Every readable snapshot of a URL, oldest first (a damaged index reads as empty)."""
        try:
            data = json.loads(self.index_path(url).read_bytes())
            return [Snapshot.from_dict(s) for s in data["snapshots"] if s.get("url") == url]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return []

    def latest(self, url: str) -> Snapshot | None:
        """The newest snapshot whose bytes are present and intact."""
        for snap in reversed(self.history(url)):
            if self.read_bytes(snap) is not None:
                return snap
        return None

    def read_bytes(self, snap: Snapshot) -> bytes | None:
        try:
            data = self.object_path(snap.sha256).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == snap.sha256 else None

    def save(self, snap: Snapshot, data: bytes | None) -> Snapshot:
        """Record a snapshot (bytes first, then the index); with data=None or bytes identical
        to the newest snapshot's, only confirm the newest one (its checked_at)."""
        try:
            return self._save(snap, data)
        except OSError as exc:
            raise SnapshotError(f"cannot write to the snapshot folder {self.root}: {exc.strerror or exc}") from None

    def _save(self, snap: Snapshot, data: bytes | None) -> Snapshot:
        with self.locked():
            if not self._cleaned:  # once per run: listing the whole archive per write is slow
                self._clean_temporaries()
                self._cleaned = True
            history = self.history(snap.url)
            newest = history[-1] if history else None
            if newest and (data is None or snap.sha256 == newest.sha256):
                confirmed = dict(
                    asdict(newest),
                    checked_at=snap.checked_at or snap.fetched_at,
                    etag=snap.etag or newest.etag,
                    last_modified=snap.last_modified or newest.last_modified,
                )
                history[-1] = snap = Snapshot.from_dict(confirmed)
            else:
                if data is None:
                    raise SnapshotError(f"no bytes to save for {snap.url}")
                path = self.object_path(snap.sha256)
                if self.read_bytes(snap) is None:
                    write_atomic(path, data)
                history.append(snap)
            body = {"url": snap.url, "snapshots": [asdict(s) for s in history]}
            write_atomic(self.index_path(snap.url), json.dumps(body, ensure_ascii=False, indent=1).encode())
        return snap

    def _clean_temporaries(self) -> None:
        """Temporary files left by a killed run (only writers create them, under the lock)."""
        for tmp in self.root.glob("**/.*.tmp"):
            tmp.unlink(missing_ok=True)

    def problems(self) -> list[str]:
        """Every inconsistency: objects whose bytes do not match their name, index entries whose
        object is missing or damaged, unreadable index files."""
        found: list[str] = []
        for obj in sorted(self.root.glob("objects/*/*")):
            if obj.name.startswith("."):
                continue
            if hashlib.sha256(obj.read_bytes()).hexdigest() != obj.name:
                found.append(f"{obj}: bytes do not match their sha256")
        for index in sorted(self.root.glob("urls/*.json")):
            try:
                data = json.loads(index.read_bytes())
                snaps = [Snapshot.from_dict(s) for s in data["snapshots"]]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                found.append(f"{index}: unreadable index ({exc})")
                continue
            if index.name != self.index_path(data["url"]).name:
                found.append(f"{index}: holds the index of another URL")
            found += [
                f"{index}: snapshot {s.sha256} of {s.url} has no intact object"
                for s in snaps
                if self.read_bytes(s) is None
            ]
        return found
