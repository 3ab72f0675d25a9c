"""Markdown for a pull-request comment: a summary table, then only the claims that fail or warn,
each in a collapsible block. Kept under GitHub's comment limit, with a note when cut."""

from __future__ import annotations

import html
from urllib.parse import quote

from checker.reports import RenderOptions
from checker.results import ClaimResult, DiffClass, Report, Status, Verdict
from checker.standards.selectors import fragment_url

GITHUB_LIMIT = 65_536
ICON = {Status.PASS: "✅ pass", Status.WARN: "⚠️ warn", Status.FAIL: "❌ fail"}


def md(text: str) -> str:
    """Source and claim text made inert: HTML escaped, Markdown's active characters escaped."""
    text = html.escape(" ".join(text.split()), quote=False)
    for ch in "\\`*_[]|#~":
        text = text.replace(ch, "\\" + ch)
    return text


def href(url: str) -> str:
    """A URL made safe as a Markdown link target: anything that could end it is %-encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~._-")


def _claim_block(c: ClaimResult) -> str:
    out = [f"<details><summary>{ICON[c.status]} <code>{html.escape(c.id)}</code> "
           f"({html.escape(c.file)}:{c.line})</summary>\n", f"> {md(c.statement)}\n"]
    for cit in c.citations:
        where = md(cit.url or cit.file or "")
        out.append(f"- **{cit.verdict.value}** (score {cit.score:.2f}) {where}")
        if cit.reason:
            out.append(f"  - {md(cit.reason)}")
        for d in cit.differences:
            if d.cls is not DiffClass.COSMETIC:
                out.append(f"  - {d.cls.value} *{d.kind}*: quote “{md(d.quote) or '—'}”, "
                           f"source “{md(d.source) or '—'}”")
        if cit.passage and cit.verdict is not Verdict.VERIFIED:
            out.append(f"  - source, characters {cit.passage.start}–{cit.passage.end}: "
                       f"“{md(cit.passage.text)}”")
            link = fragment_url(cit)
            if link:
                out.append(f"  - [open the source at this passage]({href(link)})")
    for f in c.findings:
        note = f" — accepted: {md(f.accepted)}" if f.accepted else ""
        out.append(f"- **{f.kind}** ({f.severity.value}): {md(f.message)}{note}")
    out.append("\n</details>\n")
    return "\n".join(out)


def render(report: Report, options: RenderOptions, limit: int = GITHUB_LIMIT) -> str:
    counts = report.counts()
    head = ["## Citation check", "",
            "| claims | pass | warn | fail |", "| ---: | ---: | ---: | ---: |",
            f"| {len(report.claims)} | {counts['status']['pass']} | {counts['status']['warn']} | "
            f"{counts['status']['fail']} |", "",
            "| verdict | citations |", "| --- | ---: |",
            *(f"| {k} | {n} |" for k, n in counts["verdict"].items()), ""]
    if counts["finding"]:
        head += ["| finding | count |", "| --- | ---: |",
                 *(f"| {k} | {n} |" for k, n in counts["finding"].items()), ""]
    shown = [c for c in report.claims if c.status is not Status.PASS]
    text = "\n".join(head)
    if not shown:
        return text + "\nEvery claim passed.\n"
    text += "\n### Claims to review\n\n"
    for i, c in enumerate(shown):
        block = _claim_block(c)
        note = (f"\n_Cut to fit a comment: {len(shown) - i} more claims to review are in the "
                "full report._\n")
        if len(text) + len(block) + 200 > limit:
            return text + note
        text += block
    return text
