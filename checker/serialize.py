"""The JSON form of a report (CONTRACT.md section 3), and back, so any format can be rendered
again from a saved report without re-checking."""

from __future__ import annotations

from typing import Any

from checker.results import (
    CitationResult,
    ClaimResult,
    DiffClass,
    Difference,
    Finding,
    Passage,
    Report,
    Severity,
    SourceInfo,
    Status,
    Verdict,
)
from checker.standards.selectors import fragment_url, selectors

SCHEMA = "checker-report/1"


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def difference_to_dict(d: Difference) -> dict[str, Any]:
    return {
        "class": d.cls.value,
        "kind": d.kind,
        "quote": d.quote,
        "source": d.source,
        **({"note": d.note} if d.note else {}),
    }


def citation_to_dict(c: CitationResult) -> dict[str, Any]:
    out: dict[str, Any] = _drop_none({"url": c.url, "file": c.file})
    out.update(quote=c.quote, line=c.line, verdict=c.verdict.value, score=c.score)
    if c.passage:
        p = c.passage
        out["passage"] = {
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "before": p.before,
            "after": p.after,
            "selector": selectors(p),
        }
        link = fragment_url(c)
        if link:
            out["fragment_url"] = link
    out["differences"] = [difference_to_dict(d) for d in c.differences]
    if c.reason:
        out["reason"] = c.reason
    if c.reason_category:
        out["reason_category"] = c.reason_category
    if c.source:
        out["source"] = _drop_none(vars(c.source).copy())
    return out


def finding_to_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": f.kind, "severity": f.severity.value, "message": f.message}
    if f.citation is not None:
        out["citation"] = f.citation
    if f.accepted:
        out["accepted"] = f.accepted
    if f.data:
        out["data"] = f.data
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "version": report.version,
        "started": report.started,
        "duration_s": report.duration_s,
        "offline": report.offline,
        "files": list(report.files),
        "summary": report.counts(),
        "claims": [
            {
                "id": c.id,
                "status": c.status.value,
                "statement": c.statement,
                "file": c.file,
                "line": c.line,
                "citations": [citation_to_dict(x) for x in c.citations],
                "findings": [finding_to_dict(f) for f in c.findings],
                **({"figures": list(c.figures)} if c.figures else {}),
            }
            for c in report.claims
        ],
        "timelines": list(report.timelines),
    }


def _citation(i: int, d: dict[str, Any]) -> CitationResult:
    p = d.get("passage")
    src = d.get("source")
    return CitationResult(
        index=i,
        quote=d["quote"],
        url=d.get("url"),
        file=d.get("file"),
        line=d.get("line", 0),
        verdict=Verdict(d["verdict"]),
        score=float(d.get("score", 0.0)),
        passage=Passage(p["text"], p["start"], p["end"], p.get("before", ""), p.get("after", "")) if p else None,
        differences=tuple(
            Difference(DiffClass(x["class"]), x["kind"], x["quote"], x["source"], x.get("note", ""))
            for x in d.get("differences", [])
        ),
        reason=d.get("reason"),
        reason_category=d.get("reason_category"),
        source=SourceInfo(**src) if src else None,
    )


def report_from_dict(d: dict[str, Any]) -> Report:
    """Rebuild a Report from its JSON form; raises KeyError/ValueError on a malformed one."""
    claims = tuple(
        ClaimResult(
            id=c["id"],
            statement=c.get("statement", ""),
            file=c.get("file", ""),
            line=c.get("line", 0),
            status=Status(c["status"]),
            citations=tuple(_citation(i, x) for i, x in enumerate(c["citations"])),
            findings=tuple(
                Finding(
                    f["kind"],
                    Severity(f["severity"]),
                    f["message"],
                    f.get("citation"),
                    f.get("data", {}),
                    f.get("accepted"),
                )
                for f in c.get("findings", [])
            ),
            figures=tuple(c.get("figures", ())),
        )
        for c in d["claims"]
    )
    return Report(
        claims=claims,
        files=tuple(d.get("files", ())),
        started=d.get("started", ""),
        duration_s=d.get("duration_s", 0.0),
        version=d.get("version", ""),
        offline=d.get("offline", False),
        timelines=tuple(d.get("timelines", ())),
    )
