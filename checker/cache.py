"""The results cache behind incremental runs: an unchanged claim is not matched again.

A claim's result, with the figures read in its passages and statement, is stored under a key
made of everything it depends on: its own content (id, statement, citations, figures), the
sha256 of every source it cites, the config (and figures vocabulary) and the checker's code.
Parsed claim files are cached by their bytes likewise, so a run over a large, mostly unchanged
base reads YAML only where it changed. Storage is one sqlite3 file (atomic transactions, safe
for concurrent runs) in `.checker-cache/`; a broken cache is never fatal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import os
import sqlite3
import stat
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.claims import find_root
from checker.config import Config
from checker.figures.check import vocabulary_path
from checker.figures.extract import Figure
from checker.figures.findings import FigureReader
from checker.models import Citation, Claim
from checker.results import ClaimResult, Passage, Verdict
from checker.yamlload import MAX_FILE_BYTES

if TYPE_CHECKING:
    from checker.pipeline import Sources

SCHEMA = 3  # 3: a row holds the result and the figures of its passages and statement
KEEP_DAYS = 30  # entries not used for this long are dropped
RUN_ONLY = {"file", "fail_on", "workers", "paths", "cache_dir"}  # config keys results ignore


def code_fingerprint() -> str:
    """The checker's version and its code files' sizes and times: a changed matcher in a
    development checkout must not reuse results it would no longer give."""
    pkg = Path(__file__).parent
    stats = sorted((str(p.relative_to(pkg)), p.stat().st_size, p.stat().st_mtime_ns) for p in pkg.rglob("*.py"))
    return _digest([__version__, SCHEMA, stats])


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode()).hexdigest()


def encode(value: Any) -> Any:
    """A models dataclass as JSON-ready values (the inverse is `_decoder(type)`)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, enum.Enum):
        return value.value
    return str(value) if isinstance(value, Path) else value


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function turning `encode`'s output back into a value of type `hint`."""
    return _convert(hint) or (lambda v: v)


@functools.cache
def _convert(hint: Any) -> Callable[[Any], Any] | None:
    """`_decoder`, or None where JSON already gives the value; built once per type (decoding
    thousands of claims per run must not re-read type hints each time)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = _convert(next(a for a in typing.get_args(hint) if a is not type(None)))
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if origin in (tuple, frozenset):
        item = _convert(typing.get_args(hint)[0])
        return origin if item is None else (lambda v: origin(map(item, v)))
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(typing.cast(type, hint))
    if origin is None and isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {m.value: m for m in hint}.__getitem__
    if hint is Path:
        return functools.lru_cache(maxsize=None)(Path)  # a few files, thousands of claims
    return None


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    converted = [(k, f) for k, h in hints.items() if (f := _convert(h)) is not None]

    def decode(v: dict[str, Any]) -> Any:
        if v.keys() != hints.keys():  # a field left out: __init__ gives its default
            return cls(**{k: _decoder(hints[k])(x) for k, x in v.items() if k in hints})
        # A frozen dataclass's __init__ sets each field through object.__setattr__; filling
        # the instance's __dict__ directly halves the time to decode a claims base.
        obj: Any = object.__new__(cls)
        obj.__dict__.update(v)
        for k, f in converted:
            obj.__dict__[k] = f(v[k])
        return obj

    return decode


def _file_sha(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
    except OSError:
        return None  # reading the vocabulary will say what is wrong


def _with_lines(result: ClaimResult, claim: Claim) -> ClaimResult:
    lines = [c.line for c in claim.citations]
    if result.line == claim.line and [c.line for c in result.citations] == lines:
        return result
    return dataclasses.replace(
        result, line=claim.line, citations=tuple(dataclasses.replace(c, line=lines[c.index]) for c in result.citations)
    )


class ResultsCache:
    """Lookup and store of claim results and parsed claim files, for one run."""

    def __init__(self, db: Path, config: Config, offline: bool) -> None:
        db.parent.mkdir(parents=True, exist_ok=True)
        gitignore = db.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n", encoding="utf-8")
        self.db = sqlite3.connect(db, timeout=10)
        # A write-ahead log commits with one sync instead of several (a tenth of a second saved
        # on every run); losing a last commit to a power cut only costs a cache miss.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        for table in ("results", "files"):
            self.db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data TEXT NOT NULL, used TEXT NOT NULL)"
            )
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in RUN_ONLY}
        self.base = _digest([code_fingerprint(), settings, offline, os.getcwd(), _file_sha(vocabulary_path(config))])
        self.today = dt.date.today().isoformat()
        self.new: dict[str, list[tuple[str, str, str]]] = {"results": [], "files": []}
        self.used: dict[str, list[str]] = {"results": [], "files": []}
        self._sha: dict[str, str | None] = {}
        self._file_keys: dict[Path, str] = {}
        self.keys: dict[str, str | None] = {}
        self.hits = self.misses = 0
        # Figures read in the stored results' passages and statements (FigureReader.learn).
        self.passage_figures: dict[Passage, tuple[Figure, ...]] = {}
        self.statement_figures: dict[str, tuple[Figure, ...]] = {}

    @classmethod
    def open(cls, config: Config, offline: bool) -> ResultsCache | None:
        """The project's cache (config `cache_dir`, relative to the config file's folder), or
        None with a warning when it cannot be used: the run then simply does all the work."""
        base = Path(config.file).parent if config.file else Path.cwd()
        try:
            return cls(base / config.cache_dir / "results.sqlite3", config, offline)
        except (OSError, sqlite3.Error) as exc:
            print(f"checker: warning: results cache not used ({exc})", file=sys.stderr)
            return None

    def _get(self, table: str, key: str) -> str | None:
        row = self.db.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
        if row:
            self.used[table].append(key)
        return row[0] if row else None

    def cached_file(self, path: Path) -> list[Claim] | None:
        """A claim file's claims as an earlier run read them, when its bytes (and claims tree)
        are unchanged; None: parse it (checker.claims.load_claims), then `store_file`."""
        try:
            if path.stat().st_size > MAX_FILE_BYTES:  # let the parser refuse it, unread
                return None
            key = _digest([self.base, str(path), str(find_root(path)), hashlib.sha256(path.read_bytes()).hexdigest()])
        except OSError:
            return None
        self._file_keys[path] = key
        hit = self._get("files", key)
        return None if hit is None else list(map(_decoder(Claim), json.loads(hit)))

    def store_file(self, path: Path, claims: list[Claim]) -> None:
        """Keep a file's claims for later runs (only files read without a problem are given)."""
        key = self._file_keys.get(path)
        if key is not None:
            self.new["files"].append((key, json.dumps([encode(c) for c in claims]), self.today))

    def _source_sha(self, claim: Claim, citation: Citation, sources: Sources) -> str | None:
        """The cited source's fingerprint: a local file's own bytes (no extraction needed), else
        the sha256 of the snapshot the source reader returns; None when it cannot be read."""
        if citation.path is not None:
            name = str(citation.path)
            if name not in self._sha:
                real = os.path.realpath(name)
                self._sha[name] = None
                # Only what the run itself would read: a regular file inside the fence and the
                # size limit (not /dev/zero, a FIFO or a file outside the claims tree).
                try:
                    st = os.stat(real)
                    if (
                        stat.S_ISREG(st.st_mode)
                        and st.st_size <= sources.local.limits.max_bytes
                        and sources.local.check(citation.path, claim.root) is None
                    ):
                        digest = hashlib.sha256(Path(real).read_bytes()).hexdigest()
                        self._sha[name] = f"{real}:{digest}"
                except OSError:
                    pass
            return self._sha[name]
        job = sources.job_for(claim, citation)
        sha256: str | None = getattr(job, "sha256", None)
        return f"{getattr(job, 'origin', '')}:{sha256}" if sha256 else None

    def key(self, claim: Claim, sources: Sources) -> str | None:
        """The claim's cache key, or None when a source is unreadable (never cached)."""
        shas = [self._source_sha(claim, c, sources) for c in claim.citations]
        if None in shas:
            return None
        parts: list[str | None] = [self.base, claim.id, claim.statement, str(claim.source_file), str(claim.root)]
        for c, sha in zip(claim.citations, shas, strict=True):
            parts += [c.quote, c.url, c.file, c.accessed, sha]
        for f in claim.figures:
            parts += [f.key, f.value]
        # Length-prefixed, so that no two different claims give the same text to hash.
        text = "".join("-" if p is None else f"{len(p)}:{p}" for p in parts)
        return hashlib.sha256(text.encode()).hexdigest()

    def lookup(self, claims: Sequence[Claim], sources: Sources) -> dict[str, ClaimResult]:
        """Stored results of these claims by id, with today's line numbers (a claim may have
        moved in its file); the keys are kept for `store`."""
        for c in claims:
            self.keys[c.id] = self.key(c, sources)
        wanted = [k for k in self.keys.values() if k]
        rows: dict[str, str] = {}
        for i in range(0, len(wanted), 500):  # under sqlite's limit on bound parameters
            chunk = wanted[i : i + 500]
            rows.update(
                self.db.execute(
                    f"SELECT key, data FROM results WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            )
        self.used["results"].extend(rows)
        found = {}
        claim_result, figures = _decoder(ClaimResult), _decoder(tuple[Figure, ...])
        for c in claims:
            key = self.keys[c.id]
            if key and key in rows:
                data = json.loads(rows[key])
                result = claim_result(data["result"])
                for cit, read in zip(result.citations, data["figures"], strict=True):
                    if cit.passage is not None:
                        self.passage_figures[cit.passage] = figures(read)
                self.statement_figures[c.statement] = figures(data["statement"])
                found[c.id] = _with_lines(result, c)
        self.hits, self.misses = len(found), len(claims) - len(found)
        return found

    def store(self, claim: Claim, result: ClaimResult, figures: FigureReader) -> None:
        """Keep a fresh result and the figures of its passages and statement, unless a source
        was unreachable: a time-out or a crashed reader may not happen next time."""
        key = self.keys.get(claim.id)
        if key and all(c.verdict is not Verdict.UNREACHABLE for c in result.citations):
            read = [encode(figures.passage(c.passage)) if c.passage else None for c in result.citations]
            text = json.dumps(
                {"result": encode(result), "figures": read, "statement": encode(figures.statement(claim.statement))},
                ensure_ascii=False,
            )
            self.new["results"].append((key, text, self.today))

    def close(self) -> None:
        """Write what this run added, mark what it used, drop entries unused for a month (a
        sweep reads every row, so it is done on a day's first run only)."""
        cutoff = (dt.date.today() - dt.timedelta(days=KEEP_DAYS)).isoformat()
        try:
            with self.db:
                swept = self.db.execute("SELECT value FROM meta WHERE key = 'swept'").fetchone()
                for table in ("results", "files"):
                    self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", self.new[table])
                    self.db.executemany(
                        f"UPDATE {table} SET used = ? WHERE key = ? AND used < ?",
                        [(self.today, k, self.today) for k in self.used[table]],
                    )
                    if swept != (self.today,):
                        self.db.execute(f"DELETE FROM {table} WHERE used < ?", (cutoff,))
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('swept', ?)", (self.today,))
        except sqlite3.Error as exc:
            print(f"checker: warning: results cache not updated ({exc})", file=sys.stderr)
        finally:
            self.db.close()
