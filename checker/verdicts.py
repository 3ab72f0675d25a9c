"""Verdict policy: from differences to a citation verdict, from verdicts and findings to a claim
status, and from a report to an exit code. One place for each rule."""

from __future__ import annotations

from collections.abc import Iterable

from checker.results import DiffClass, Difference, Finding, Report, Severity, Status, Verdict

FAILING = {Verdict.MISQUOTED, Verdict.NOT_FOUND, Verdict.UNREACHABLE}


def verdict_for(differences: Iterable[Difference]) -> Verdict:
    """A located passage's verdict: any substantive difference makes a misquote."""
    classes = {d.cls for d in differences}
    if DiffClass.SUBSTANTIVE in classes:
        return Verdict.MISQUOTED
    if DiffClass.MINOR in classes:
        return Verdict.MINOR
    return Verdict.VERIFIED


def claim_status(verdicts: Iterable[Verdict], findings: Iterable[Finding]) -> Status:
    verdicts, findings = list(verdicts), list(findings)
    if any(v in FAILING for v in verdicts) or any(f.severity is Severity.ERROR for f in findings):
        return Status.FAIL
    if Verdict.MINOR in verdicts or any(f.severity is Severity.WARNING for f in findings):
        return Status.WARN
    return Status.PASS


def exit_code(report: Report, fail_on: str = "error") -> int:
    """0: nothing to stop for; 1: a claim failed (or, with fail_on='warning', warned)."""
    stop = {Status.FAIL} if fail_on == "error" else {Status.FAIL, Status.WARN}
    return 1 if any(c.status in stop for c in report.claims) else 0
