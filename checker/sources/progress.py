"""Fetch progress: a rich bar with counts and the current host on a terminal; in CI logs and
pipes nothing until a one-line summary."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any, TextIO
from urllib.parse import urlsplit

from checker.sources.fetch import FetchResult


class FetchProgress:
    def __init__(self, stream: TextIO, live: bool | None = None) -> None:
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self.total = 0
        self.failures: Counter[str] = Counter()
        self.done = 0
        self.t0 = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        self.total += total
        self.t0 = time.perf_counter()
        if self.live and self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn("fetching"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("", total=total)

    def advance(self, result: FetchResult) -> None:
        self.done += 1
        if result.category:
            self.failures[result.category] += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=urlsplit(result.url).hostname or "")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary(self) -> str:
        failed = sum(self.failures.values())
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failures.items()))
        return (
            f"fetched {self.done} URL{'s' if self.done != 1 else ''} in "
            f"{time.perf_counter() - self.t0:.1f} s: {self.done - failed} ok, {failed} failed"
            + (f" ({kinds})" if kinds else "")
        )
