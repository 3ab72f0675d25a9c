"""Report formats: one module each behind one small interface, chosen from a registry.

A renderer is `render(report: Report, options: RenderOptions) -> str`. Modules are imported only
when their format is asked for, so start-up stays small.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from checker.results import Report

FORMATS: dict[str, str] = {
    "terminal": "checker.reports.terminal",
    "json": "checker.reports.json_report",
    "markdown": "checker.reports.markdown",
    "github": "checker.reports.github",
    "junit": "checker.reports.junit",
    "sarif": "checker.reports.sarif",
    "html": "checker.reports.html",
}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100
    fail_on: str = "error"  # junit: whether a warning claim is a failed test
    link_base: Path | None = None  # where the report is written, so its links to files are relative


def pick_format(fmt: str, stream: IO[str] | None) -> tuple[str, bool]:
    """The format to print to `stream` and whether in colour. 'auto': GitHub annotations inside
    GitHub Actions, the colour terminal report on a TTY, plain terminal text otherwise."""
    if os.environ.get("NO_COLOR"):
        color = False
    else:
        color = bool(os.environ.get("FORCE_COLOR")) or bool(getattr(stream, "isatty", lambda: False)())
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "terminal"
    return fmt, color and fmt == "terminal"


def parse_report_spec(spec: str) -> tuple[str, Path]:
    """'FORMAT:PATH' as given to --report; ValueError saying what is wrong."""
    fmt, sep, path = spec.partition(":")
    if not sep or not path:
        raise ValueError(f"'{spec}' is not FORMAT:PATH (e.g. junit:reports/junit.xml)")
    if fmt not in FORMATS:
        raise ValueError(f"'{fmt}' is not a format; choose from {', '.join(FORMATS)}")
    return fmt, Path(path)


def summary_line(report: Report) -> str:
    """One line of counts; here rather than in terminal.py so that CI formats need no rich."""
    counts = report.counts()
    st, vd = counts["status"], counts["verdict"]
    verdicts = ", ".join(f"{n} {k}" for k, n in vd.items() if n)
    findings = sum(counts["finding"].values())
    return (
        f"{len(report.claims)} claims: {st['pass']} pass, {st['warn']} warn, "
        f"{st['fail']} fail · citations: {verdicts or 'none'} · findings: {findings}"
    )


def renderer(fmt: str) -> Callable[[Report, RenderOptions], str]:
    module = importlib.import_module(FORMATS[fmt])
    return module.render  # type: ignore[no-any-return]


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    return renderer(fmt)(report, options or RenderOptions())
