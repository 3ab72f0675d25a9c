"""apply_decisions: which findings an acceptance turns into info, and the claim's status after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checker.decisions import apply_decisions
from checker.models import Acceptance, Citation, Claim
from checker.results import CitationResult, ClaimResult, Finding, Severity, Status, Verdict
from checker.verdicts import claim_status

TODAY = dt.date(2026, 6, 1)


def claim(*accepted: Acceptance) -> Claim:
    cit = Citation(quote="q", url=None, file="s.txt", path=Path("s.txt"), line=4)
    return Claim(id="c", statement="s", citations=(cit,), source_file=Path("c.yaml"), line=2, accepted=accepted)


def result(verdict: Verdict, *findings: Finding) -> ClaimResult:
    cit = CitationResult(
        0, "q", None, "s.txt", 4, verdict, 0.9, reason="gone" if verdict is Verdict.UNREACHABLE else None
    )
    return ClaimResult("c", "s", "c.yaml", 2, claim_status([verdict], findings), (cit,), findings)


CONFLICT = Finding("figure-conflict", Severity.ERROR, "claim d says 20,000")
DISAGREE = Finding("source-disagreement", Severity.WARNING, "sources differ")


def test_accepted_finding_becomes_info_and_status_is_recomputed() -> None:
    got = apply_decisions(
        claim(Acceptance("figure-conflict", "different periods", by="ed")),
        result(Verdict.VERIFIED, CONFLICT, DISAGREE),
        TODAY,
    )
    assert [(f.kind, f.severity, f.accepted) for f in got.findings] == [
        ("figure-conflict", Severity.INFO, "different periods (ed)"),
        ("source-disagreement", Severity.WARNING, None),
    ]
    assert got.findings[0].message == CONFLICT.message
    assert got.status is Status.WARN


def test_acceptance_holds_through_its_until_day_and_then_expires() -> None:
    until = Acceptance("figure-conflict", "r", until="2026-06-01")
    assert apply_decisions(claim(until), result(Verdict.VERIFIED, CONFLICT), TODAY).status is Status.PASS
    later = apply_decisions(claim(until), result(Verdict.VERIFIED, CONFLICT), TODAY + dt.timedelta(days=1))
    assert later.findings == (CONFLICT,) and later.findings[0].accepted is None
    assert later.status is Status.FAIL


def test_unreachable_can_be_accepted_but_a_misquote_cannot() -> None:
    got = apply_decisions(claim(Acceptance("unreachable", "checked the archive")), result(Verdict.UNREACHABLE), TODAY)
    assert got.status is Status.PASS
    assert [(f.kind, f.citation, f.message) for f in got.findings] == [
        ("unreachable", 0, "citation 1 is unreachable: gone")
    ]
    kept = apply_decisions(claim(Acceptance("misquoted", "fine")), result(Verdict.MISQUOTED), TODAY)
    assert kept.status is Status.FAIL and kept.findings == ()


def test_first_acceptance_in_force_wins_and_others_are_untouched() -> None:
    got = apply_decisions(
        claim(Acceptance("figure-conflict", "old", until="2020-01-01"), Acceptance("figure-conflict", "new")),
        result(Verdict.VERIFIED, CONFLICT),
        TODAY,
    )
    assert got.findings[0].accepted == "new"
    unchanged = result(Verdict.VERIFIED, DISAGREE)
    assert apply_decisions(claim(Acceptance("figure-conflict", "x")), unchanged, TODAY) == unchanged


def test_with_decisions_applies_each_claims_own_entries_to_a_whole_report() -> None:
    from checker.decisions import with_decisions
    from checker.results import Report

    other = ClaimResult("d", "s", "c.yaml", 9, Status.FAIL, (), (CONFLICT,))
    report = Report(claims=(result(Verdict.VERIFIED, CONFLICT), other))
    got = with_decisions(report, [claim(Acceptance("figure-conflict", "ok"))], TODAY)
    assert [c.status for c in got.claims] == [Status.PASS, Status.FAIL]
    assert got.claims[1] is other
