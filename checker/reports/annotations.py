"""What CI formats point at: one annotation per failing or warning citation and per finding,
each located at its line in the claim's YAML file. Shared by github, junit and sarif."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.results import CitationResult, ClaimResult, DiffClass, Severity, Verdict

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
VERDICT_LEVEL = {
    Verdict.MINOR: "warning",
    Verdict.MISQUOTED: "error",
    Verdict.NOT_FOUND: "error",
    Verdict.UNREACHABLE: "error",
}
VERDICT_HELP = {
    Verdict.MINOR: "The passage was found; it differs only in ways that keep its meaning.",
    Verdict.MISQUOTED: "The passage was found but its words differ in substance.",
    Verdict.NOT_FOUND: "No passage of the source is close enough to the quote.",
    Verdict.UNREACHABLE: "The source could not be read.",
}


@dataclass(frozen=True)
class Annotation:
    level: str  # error, warning, note (accepted findings and info)
    rule: str  # a citation verdict or a finding kind
    claim: ClaimResult
    line: int
    title: str
    message: str
    citation: int | None = None
    accepted: str | None = None


def one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def citation_details(c: CitationResult) -> list[str]:
    """A citation's problem in plain lines: the reason, then each non-cosmetic difference."""
    where = c.file or c.url or ""
    lines = [f"citation {c.index + 1} ({one_line(where)}): {c.verdict.value}, score {c.score:.2f}"]
    if c.reason:
        lines.append(one_line(c.reason))
    for d in c.differences:
        if d.cls is not DiffClass.COSMETIC:
            lines.append(
                f"{d.cls.value} {d.kind}: quote says “{one_line(d.quote) or '(nothing)'}”, "
                f"source says “{one_line(d.source) or '(nothing)'}”"
            )
    if c.passage and c.verdict is not Verdict.VERIFIED:
        lines.append(f"source passage: “{one_line(c.passage.text)}”")
    return lines


def annotate(claim: ClaimResult) -> Iterator[Annotation]:
    """Citations that are not verified (unless an accepted finding stands for them), then
    findings; accepted findings come out as notes carrying the editor's reason."""
    covered = {f.citation for f in claim.findings if f.accepted and f.kind in {v.value for v in Verdict}}
    for c in claim.citations:
        if c.verdict is Verdict.VERIFIED or c.index in covered:
            continue
        yield Annotation(
            VERDICT_LEVEL[c.verdict],
            c.verdict.value,
            claim,
            c.line or claim.line,
            f"{c.verdict.value}: {claim.id}",
            "\n".join(citation_details(c)),
            c.index,
        )
    by_index = {c.index: c for c in claim.citations}
    for f in claim.findings:
        cit = by_index.get(f.citation) if f.citation is not None else None
        message = f.message + (f"\naccepted: {f.accepted}" if f.accepted else "")
        title = f"{f.kind}{' (accepted)' if f.accepted else ''}: {claim.id}"
        yield Annotation(
            LEVEL[f.severity],
            f.kind,
            claim,
            (cit.line if cit else 0) or claim.line,
            title,
            message,
            f.citation,
            f.accepted,
        )
