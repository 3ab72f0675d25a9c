"""GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` per failing citation
or finding, pointing at its line in the claim file, then the summary line.

GitHub decodes %25, %0D, %0A in the message, and also %3A and %2C in property values, where a
raw ':' or ',' would end the property; escaping them keeps source text from forging commands."""

from __future__ import annotations

from checker.reports import RenderOptions, summary_line
from checker.reports.annotations import annotate
from checker.results import Report

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    lines = []
    for claim in report.claims:
        for a in annotate(claim):
            props = ",".join(
                f"{k}={escape_property(v)}"
                for k, v in (("file", claim.file), ("line", str(a.line)), ("title", a.title))
            )
            lines.append(f"::{COMMAND[a.level]} {props}::{escape_data(a.message)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
