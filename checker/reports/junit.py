"""JUnit XML for CI servers: a testsuite per claim file, a testcase per claim.

A failing claim is a <failure> (an unreachable source only: an <error>, the check could not be
done); a warning claim passes with its warnings in <system-out>, or fails when the run fails on
warnings. Source text is stripped of characters XML 1.0 cannot hold."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.reports import RenderOptions
from checker.reports.annotations import annotate
from checker.results import ClaimResult, Report, Status, Verdict

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _outcome(claim: ClaimResult, fail_on: str) -> str | None:
    """'failure', 'error' or None (passed) for one claim."""
    if claim.status is Status.FAIL:
        only_unreachable = all(
            c.verdict in (Verdict.VERIFIED, Verdict.MINOR, Verdict.UNREACHABLE) for c in claim.citations
        ) and not any(f.severity.value == "error" for f in claim.findings)
        return "error" if only_unreachable else "failure"
    if claim.status is Status.WARN and fail_on == "warning":
        return "failure"
    return None


def _testcase(claim: ClaimResult, fail_on: str) -> tuple[ET.Element, str | None]:
    case = ET.Element(
        "testcase", name=clean(claim.id), classname=clean(claim.file), file=clean(claim.file), line=str(claim.line)
    )
    notes = list(annotate(claim))
    text = clean("\n\n".join(f"[{a.level}] {a.title} (line {a.line})\n{a.message}" for a in notes))
    outcome = _outcome(claim, fail_on)
    if outcome:
        worst = [a for a in notes if a.level == "error"] or notes
        first = worst[0].title if worst else claim.status.value
        el = ET.SubElement(case, outcome, message=clean(first), type=worst[0].rule if worst else claim.status.value)
        el.text = text
    elif notes:
        ET.SubElement(case, "system-out").text = text
    return case, outcome


def render(report: Report, options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="checker")
    suites: dict[str, ET.Element] = {}
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for claim in report.claims:
        suite = suites.get(claim.file)
        if suite is None:
            suite = suites[claim.file] = ET.SubElement(
                root,
                "testsuite",
                name=clean(claim.file),
                tests="0",
                failures="0",
                errors="0",
                skipped="0",
                timestamp=report.started[:19],
            )
        case, outcome = _testcase(claim, options.fail_on)
        suite.append(case)
        for key in ("tests", *([f"{outcome}s"] if outcome else [])):
            suite.set(key, str(int(suite.get(key, "0")) + 1))
            totals[key] += 1
    for key, n in totals.items():
        root.set(key, str(n))
    root.set("time", f"{report.duration_s:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
