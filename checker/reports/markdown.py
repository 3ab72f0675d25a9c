"""Markdown for a pull-request comment: a summary table, then only the claims that fail or warn,
each in a collapsible block with its differences. Kept under GitHub's comment limit, with a note
when cut. Claim and source text is made inert: no HTML, no Markdown, no @mentions."""

from __future__ import annotations

import html
from urllib.parse import quote

from checker.reports import RenderOptions
from checker.results import ClaimResult, DiffClass, Finding, Report, Status, Verdict
from checker.standards.selectors import fragment_url

GITHUB_LIMIT = 65_536
TEXT_LIMIT = 400  # characters of one quote, passage or message shown in a comment
ICON = {Status.PASS: "✅ pass", Status.WARN: "⚠️ warn", Status.FAIL: "❌ fail"}


def md(text: str, limit: int = TEXT_LIMIT) -> str:
    """Source and claim text made inert: HTML escaped, Markdown's active characters escaped,
    @mentions broken with a zero-width space, and long text cut."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = html.escape(text, quote=False)
    for ch in "\\`*_[]|#~":
        text = text.replace(ch, "\\" + ch)
    return text.replace("@", "@\u200b")


def href(url: str) -> str:
    """A URL made safe as a Markdown link target: anything that could end it is %-encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~._-")


def _figures(f: Finding) -> list[str]:
    out = []
    for fig in f.data.get("figures", []) if isinstance(f.data, dict) else []:
        if isinstance(fig, dict):
            out.append(
                f"    - “{md(str(fig.get('text', '')))}” in {md(str(fig.get('source', '')))}"
                f" (claim {md(str(fig.get('claim', '')))})"
            )
    return out


def _claim_block(c: ClaimResult) -> str:
    out = [
        f"<details><summary>{ICON[c.status]} <code>{html.escape(c.id)}</code> "
        f"({html.escape(c.file)}:{c.line})</summary>\n",
        f"> {md(c.statement)}\n",
    ]
    for cit in c.citations:
        where = md(cit.url or cit.file or "")
        out.append(f"- **{cit.verdict.value}** (score {cit.score:.2f}) {where}")
        if cit.reason:
            out.append(f"  - {md(cit.reason)}")
        for d in cit.differences:
            if d.cls is not DiffClass.COSMETIC:
                out.append(
                    f"  - {d.cls.value} *{d.kind}*: quote “{md(d.quote) or '—'}”, source “{md(d.source) or '—'}”"
                )
        if cit.passage and cit.verdict is not Verdict.VERIFIED:
            out.append(f"  - source, characters {cit.passage.start}–{cit.passage.end}: “{md(cit.passage.text)}”")
            link = fragment_url(cit)
            if link:
                out.append(f"  - [open the source at this passage]({href(link)})")
    for f in c.findings:
        note = f" — accepted: {md(f.accepted)}" if f.accepted else ""
        other = f.data.get("other_claim") if isinstance(f.data, dict) else None
        also = f" (other claim: {md(str(other))})" if other else ""
        out.append(f"- **{md(f.kind)}** ({f.severity.value}): {md(f.message)}{also}{note}")
        out.extend(_figures(f))
    out.append("\n</details>\n")
    return "\n".join(out)


def _figures_section(report: Report) -> list[str]:
    """Figure timelines worth showing, one table row each (checker/figures/timeline.py)."""
    from checker.figures.timeline import shown, summary

    rows = []
    for t in shown(report.timelines):
        values, conflicts = summary(t)
        verdict = "✅ consistent" if t["consistent"] else "❌ " + md("; ".join(conflicts))
        rows.append(f"| {md(t['key'])} | {t['kind']} | {md(' → '.join(values))} | {verdict} |")
    if not rows:
        return []
    return [
        "### Figures",
        "",
        "| figure | kind | values, by period | agreement |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
    ]


def render(report: Report, options: RenderOptions, limit: int = GITHUB_LIMIT) -> str:
    counts = report.counts()
    head = [
        "## Citation check",
        "",
        "| claims | pass | warn | fail |",
        "| ---: | ---: | ---: | ---: |",
        f"| {len(report.claims)} | {counts['status']['pass']} | {counts['status']['warn']} | "
        f"{counts['status']['fail']} |",
        "",
        "| verdict | citations |",
        "| --- | ---: |",
        *(f"| {k} | {n} |" for k, n in counts["verdict"].items()),
        "",
    ]
    if counts["finding"]:
        head += [
            "| finding | count |",
            "| --- | ---: |",
            *(f"| {md(k)} | {n} |" for k, n in counts["finding"].items()),
            "",
        ]
    head += _figures_section(report)
    shown = [c for c in report.claims if c.status is not Status.PASS or any(f.accepted for f in c.findings)]
    text = "\n".join(head)
    if not shown:
        return text + "\nEvery claim passed.\n"
    text += "\n### Claims to review\n\n"
    for i, c in enumerate(shown):
        block = _claim_block(c)
        note = (
            f"\n**Cut to fit GitHub's {limit:,}-character comment limit: {len(shown) - i} "
            f"of {len(shown)} claims to review are not shown here; see the full report.**\n"
        )
        if len(text) + len(block) + len(note) > limit:
            return text + note
        text += block
    return text
