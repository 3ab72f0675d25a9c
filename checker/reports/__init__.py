"""Report formats: one module each behind one small interface, chosen from a registry.

A renderer is `render(report: Report, options: RenderOptions) -> str`. Modules are imported only
when their format is asked for, so start-up stays small.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.results import Report

FORMATS: dict[str, str] = {
    "terminal": "checker.reports.terminal",
    "json": "checker.reports.json_report",
    "markdown": "checker.reports.markdown",
}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100


def renderer(fmt: str) -> Callable[[Report, RenderOptions], str]:
    module = importlib.import_module(FORMATS[fmt])
    return module.render  # type: ignore[no-any-return]


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    return renderer(fmt)(report, options or RenderOptions())


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
