"""Editor decisions: a claim's `accepted:` entries turn findings of that kind into `info`.

An acceptance names a finding kind (figure-mismatch, figure-conflict, source-disagreement,
source-changed, ...) or one of the citation verdicts that do not touch the quote's substance:
`minor-differences` (the editor agrees the variant keeps the meaning) and `unreachable` (the
editor checked the source another way). A `misquoted` or `not-found` verdict cannot be accepted:
the quote must be fixed. An acceptance whose `until` date has passed no longer applies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from checker.models import Acceptance, Claim
from checker.results import ClaimResult, DiffClass, Finding, Report, Severity, Verdict
from checker.verdicts import claim_status

ACCEPTABLE_VERDICTS = {Verdict.MINOR.value, Verdict.UNREACHABLE.value}
REFUSED_VERDICTS = {Verdict.VERIFIED.value, Verdict.MISQUOTED.value, Verdict.NOT_FOUND.value}


def in_force(acceptance: Acceptance, today: dt.date) -> bool:
    """True through the `until` day itself; an unreadable date counts as expired."""
    if acceptance.until is None:
        return True
    try:
        return dt.date.fromisoformat(acceptance.until) >= today
    except ValueError:
        return False


def apply_decisions(claim: Claim, result: ClaimResult, today: dt.date | None = None) -> ClaimResult:
    """The result with accepted findings as `info` (reason in `Finding.accepted`), accepted
    verdicts reported as accepted `info` findings and left out of the claim's status."""
    today = today or dt.date.today()
    reasons: dict[str, str] = {}
    for a in claim.accepted:
        if in_force(a, today) and a.kind not in reasons:
            reasons[a.kind] = a.reason + (f" ({a.by})" if a.by else "")
    if not reasons:
        return result
    findings = [
        dataclasses.replace(f, severity=Severity.INFO, accepted=reasons[f.kind])
        if f.kind in reasons and f.severity is not Severity.INFO
        else f
        for f in result.findings
    ]
    accepted_citations = set()
    for c in result.citations:
        kind = c.verdict.value
        if kind in ACCEPTABLE_VERDICTS and kind in reasons:
            accepted_citations.add(c.index)
            detail = c.reason or "; ".join(
                f"{d.kind}: “{d.quote}” for “{d.source}”" for d in c.differences if d.cls is not DiffClass.COSMETIC
            )
            findings.append(
                Finding(
                    kind,
                    Severity.INFO,
                    f"citation {c.index + 1} is {kind}" + (f": {detail}" if detail else ""),
                    citation=c.index,
                    accepted=reasons[kind],
                )
            )
    status = claim_status((c.verdict for c in result.citations if c.index not in accepted_citations), findings)
    return dataclasses.replace(result, findings=tuple(findings), status=status)


def with_decisions(report: Report, claims: Sequence[Claim], today: dt.date | None = None) -> Report:
    """Every claim's decisions applied: the last step of a run, once every finding is in."""
    by_id = {c.id: c for c in claims}
    return dataclasses.replace(
        report, claims=tuple(apply_decisions(by_id[r.id], r, today) if r.id in by_id else r for r in report.claims)
    )
