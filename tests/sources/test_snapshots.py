"""The snapshot archive: content-addressed bytes, an index with history, atomic writes, the
writers' lock across processes, and partial or damaged files ignored or repaired."""

from __future__ import annotations

import fcntl
import hashlib
import multiprocessing
import time
from pathlib import Path

import pytest

from checker.sources import snapshots
from checker.sources.snapshots import Snapshot, SnapshotError, SnapshotStore, parse_age

URL = "https://example.org/report"


def snap(data: bytes, url: str = URL, when: str = "2026-11-01T10:00:00+00:00") -> Snapshot:
    return Snapshot(
        url=url,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        fetched_at=when,
        checked_at=when,
        final_url=url,
        status=200,
        content_type="text/html",
    )


def test_save_history_and_latest(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.save(snap(b"one"), b"one")
    store.save(snap(b"one", when="2026-11-02T10:00:00+00:00"), b"one")  # same bytes: confirmed
    assert len(store.history(URL)) == 1
    assert store.history(URL)[0].checked_at == "2026-11-02T10:00:00+00:00"
    store.save(snap(b"two", when="2026-11-03T10:00:00+00:00"), b"two")
    history = store.history(URL)
    assert [s.sha256 for s in history] == [hashlib.sha256(x).hexdigest() for x in (b"one", b"two")]
    latest = store.latest(URL)
    assert latest is not None and store.read_bytes(latest) == b"two"
    assert store.object_path(latest.sha256).parent.parent == tmp_path / "snapshots" / "objects"
    assert store.problems() == []


def test_damaged_object_is_ignored_and_reported(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.save(snap(b"first"), b"first")
    second = store.save(snap(b"second", when="2026-11-05T00:00:00+00:00"), b"second")
    store.object_path(second.sha256).write_bytes(b"sec")  # truncated behind our back
    latest = store.latest(URL)
    assert latest is not None and store.read_bytes(latest) == b"first"
    problems = store.problems()
    assert len(problems) == 2 and "do not match their sha256" in problems[0]
    assert "has no intact object" in problems[1]


def test_damaged_index_reads_as_empty(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.save(snap(b"x"), b"x")
    store.index_path(URL).write_text("{not json")
    assert store.history(URL) == [] and store.latest(URL) is None
    assert "unreadable index" in store.problems()[0]
    store.save(snap(b"y"), b"y")  # the next writer replaces it whole
    assert len(store.history(URL)) == 1 and store.problems() == []


def test_leftover_temporary_files_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.save(snap(b"a"), b"a")
    partial = store.object_path("ab" * 32).parent / ".abab.partial.tmp"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"half a write")
    index_tmp = store.index_path(URL).parent / ".0123.xyz.tmp"
    index_tmp.write_text("{")
    store.save(snap(b"b", url="https://example.org/other"), b"b")
    assert partial.exists()  # one sweep per run, at its first write
    SnapshotStore(tmp_path).save(snap(b"c", url="https://example.org/third"), b"c")
    assert not partial.exists() and not index_tmp.exists()


def _hold_lock(path: str, ready: multiprocessing.synchronize.Event, seconds: float) -> None:
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        ready.set()
        time.sleep(seconds)


def test_lock_held_by_another_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SnapshotStore(tmp_path)
    store.root.mkdir(parents=True)
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(store.root / ".lock"), ready, 1.0))
    holder.start()
    assert ready.wait(5)
    monkeypatch.setattr(snapshots, "LOCK_WAIT_S", 0.2)
    with pytest.raises(SnapshotError, match="another checker run"):
        store.save(snap(b"blocked"), b"blocked")
    monkeypatch.setattr(snapshots, "LOCK_WAIT_S", 10.0)
    t0 = time.monotonic()
    store.save(snap(b"waited"), b"waited")  # waits for the holder, then writes
    assert time.monotonic() - t0 > 0.3
    holder.join()
    assert len(store.history(URL)) == 1


def _writer(root: str, tag: str, n: int) -> None:
    store = SnapshotStore(root)
    for i in range(n):
        data = f"{tag}-{i}".encode()
        store.save(snap(data), data)


def test_two_processes_writing_one_index_lose_nothing(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), tag, 15)) for tag in ("p", "q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    store = SnapshotStore(tmp_path)
    assert len(store.history(URL)) == 30 and store.problems() == []


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("30m", 1800), ("12h", 43200), ("7d", 604800), ("0", 0)]
)
def test_parse_age(text: str, seconds: float) -> None:
    assert parse_age(text) == seconds


def test_parse_age_rejects_nonsense() -> None:
    with pytest.raises(SnapshotError, match="not a duration"):
        parse_age("a week")
