"""The report for a person at a terminal: one line per claim, details where something is wrong.

Colour comes from rich and follows NO_COLOR / FORCE_COLOR; the words say it all without colour.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape

from checker.reports import RenderOptions, summary_line
from checker.results import CitationResult, ClaimResult, DiffClass, Report, Status, Verdict
from checker.standards.selectors import fragment_url

STATUS_STYLE = {
    Status.PASS: ("PASS", "bold green"),
    Status.WARN: ("WARN", "bold yellow"),
    Status.FAIL: ("FAIL", "bold red"),
}
VERDICT_STYLE = {
    Verdict.VERIFIED: "green",
    Verdict.MINOR: "yellow",
    Verdict.MISQUOTED: "red",
    Verdict.NOT_FOUND: "red",
    Verdict.UNREACHABLE: "magenta",
}
CLASS_STYLE = {DiffClass.SUBSTANTIVE: "bold red", DiffClass.MINOR: "yellow", DiffClass.COSMETIC: "dim"}


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _citation_lines(c: CitationResult) -> list[str]:
    where = c.file or c.url or ""
    head = f"    [{c.index + 1}] [{VERDICT_STYLE[c.verdict]}]{c.verdict.value}[/] score {c.score:.2f}  {escape(where)}"
    lines = [head]
    if c.reason:
        lines.append(f"        {escape(c.reason)}")
    for d in c.differences:
        if d.cls is DiffClass.COSMETIC:
            continue
        q = escape(d.quote) or "(nothing)"
        s = escape(d.source) or "(nothing)"
        lines.append(f"        [{CLASS_STYLE[d.cls]}]{d.cls.value} {d.kind}[/]: quote says “{q}”, source says “{s}”")
    if c.passage and c.verdict is not Verdict.VERIFIED:
        p = c.passage
        lines.append(f"        source at {p.start}–{p.end}: “{escape(_snippet(p.text))}”")
        link = fragment_url(c)
        if link:
            lines.append(f"        open at the passage: {escape(link)}")
    return lines


def _claim_lines(c: ClaimResult) -> list[str]:
    label, style = STATUS_STYLE[c.status]
    lines = [f"[{style}]{label}[/] {escape(c.id)}  [dim]{escape(c.file)}:{c.line}[/]"]
    if c.status is Status.PASS and not any(f.accepted for f in c.findings):
        return lines
    for cit in c.citations:
        if cit.verdict is not Verdict.VERIFIED:
            lines.extend(_citation_lines(cit))
    for f in c.findings:
        sev = "red" if f.severity.value == "error" else "yellow" if f.severity.value == "warning" else "dim"
        note = f" (accepted: {escape(f.accepted)})" if f.accepted else ""
        lines.append(f"    [{sev}]{f.kind}[/] ({f.severity.value}): {escape(f.message)}{note}")
    return lines


def _figures_lines(report: Report) -> list[str]:
    """The Figures section: one line per timeline worth showing (checker/figures/timeline.py)."""
    from checker.figures.timeline import shown, summary

    lines = []
    for t in shown(report.timelines):
        values, conflicts = summary(t)
        verdict = (
            "[green]consistent[/]" if t["consistent"] else "[bold red]conflict[/]: " + escape("; ".join(conflicts))
        )
        lines.append(f"  {escape(t['key'])} [dim]({t['kind']})[/]: {escape(' → '.join(values))} · {verdict}")
    return ["[bold]Figures[/]", *lines, ""] if lines else []


def render(report: Report, options: RenderOptions) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=options.color,
        no_color=not options.color,
        width=options.width,
        highlight=False,
        soft_wrap=True,
    )
    for claim in report.claims:
        for line in _claim_lines(claim):
            console.print(line)
    console.print()
    for line in _figures_lines(report):
        console.print(line)
    console.print(f"[bold]{escape(summary_line(report))}[/]")
    return buf.getvalue()
