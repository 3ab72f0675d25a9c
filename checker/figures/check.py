"""The figure checks on a whole report: each claim's own findings and figures, then
`figure-conflict` across claims that declare one `figures` key, then the timelines. The
pipeline runs `claim_figures` on each claim as soon as its citations are checked, and
`across_claims` once at the end; `add_figures` does both to a finished report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from checker.config import Config
from checker.figures.findings import ClaimFigures, FigureReader, Sourced, claim_findings, read_claim
from checker.figures.intervals import compatible
from checker.figures.timeline import timelines
from checker.figures.vocabulary import Vocabulary, load_vocabulary
from checker.models import Claim
from checker.results import ClaimResult, Finding, Report, Severity
from checker.verdicts import claim_status

CONFLICT = "figure-conflict"


def _conflicts(read: Sequence[ClaimFigures]) -> dict[str, list[Finding]]:
    """figure-conflict findings by claim id: one for each other claim that declares the same
    key with a value that cannot also be true."""
    by_key: dict[str, list[Sourced]] = {}
    for cf in read:
        for decl, s in cf.declared:
            if s is not None:
                by_key.setdefault(decl.key, []).append(s)
    out: dict[str, list[Finding]] = {}
    for key, values in sorted(by_key.items()):
        for mine in values:
            for theirs in values:
                if theirs.claim == mine.claim or compatible(mine.figure, theirs.figure):
                    continue
                msg = (
                    f"figures[{key}]: this claim declares {mine.said()}, but claim "
                    f"'{theirs.claim}' declares {theirs.said()}"
                )
                out.setdefault(mine.claim, []).append(
                    Finding(
                        CONFLICT,
                        Severity.ERROR,
                        msg,
                        None,
                        data={"figures": [mine.data(), theirs.data()], "other_claim": theirs.claim},
                    )
                )
    return out


def _with(result: ClaimResult, findings: Sequence[Finding], figures: ClaimFigures | None) -> ClaimResult:
    all_findings = result.findings + tuple(findings)
    changes: dict[str, object] = {
        "findings": all_findings,
        "status": claim_status((c.verdict for c in result.citations), all_findings),
    }
    if figures is not None:
        changes["figures"] = tuple(s.figure.to_dict(source=s.source, citation=s.citation) for s in figures.all())
    return replace(result, **changes)  # type: ignore[arg-type]


def vocabulary_path(config: Config | None) -> str:
    """The config's `figures_vocabulary` (a path relative to the config file); "" for none."""
    path = config.figures_vocabulary if config else ""
    if path and config and config.file:
        path = str(Path(config.file).parent / path)
    return path


def vocabulary_for(config: Config | None) -> Vocabulary:
    """The default tables, extended by the config's `figures_vocabulary`."""
    return load_vocabulary(vocabulary_path(config))


def claim_figures(claim: Claim, result: ClaimResult, reader: FigureReader) -> tuple[ClaimResult, ClaimFigures]:
    """One claim's result with its own figure findings (its statement and declared figures
    against its sources, its sources against each other) and figures, and what was read."""
    cf = read_claim(claim, result, reader)
    return _with(result, claim_findings(cf, reader.voc), cf), cf


def across_claims(report: Report, read: Mapping[str, ClaimFigures]) -> Report:
    """`figure-conflict` findings and the timelines, on a report whose claims already have
    their own figure findings; `read` holds each claim's figures, in the report's order."""
    conflicts = _conflicts(list(read.values()))
    claims = tuple(_with(r, conflicts[r.id], None) if r.id in conflicts else r for r in report.claims)
    return replace(report, claims=claims, timelines=timelines(list(read.values())))


def add_figures(
    report: Report, claims: Sequence[Claim], config: Config | None = None, reader: FigureReader | None = None
) -> Report:
    """The report with figure findings, ClaimResult.figures and Report.timelines added. A
    `reader` may already hold figures read during the run."""
    reader = reader or FigureReader(vocabulary_for(config))
    by_id = {c.id: c for c in claims}
    results, read = [], {}
    for r in report.claims:
        if r.id in by_id:
            r, read[r.id] = claim_figures(by_id[r.id], r, reader)
        results.append(r)
    return across_claims(replace(report, claims=tuple(results)), read)
