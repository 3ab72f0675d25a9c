"""SARIF 2.1.0 for code-scanning tools: one result per failing or warning citation and per
finding, located at its line in the claim file. Rules are the citation verdicts and the finding
kinds; an editor's acceptance is a SARIF suppression with the editor's reason."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from checker.reports import RenderOptions
from checker.reports.annotations import VERDICT_HELP, VERDICT_LEVEL, Annotation, annotate
from checker.results import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/checker-project/checker"
FINDING_HELP = {
    "figure-mismatch": "A figure in the claim cannot be true given the cited passages.",
    "figure-conflict": "Two claims give incompatible values for the same figures key.",
    "source-disagreement": "Two citations of one claim give incompatible values.",
    "source-changed": "The source's text changed since the quote was checked.",
}


def _rules(found: list[Annotation]) -> list[dict[str, Any]]:
    """Every verdict and known finding kind, then any other kind this report holds."""
    rules = [(v.value, VERDICT_HELP[v], VERDICT_LEVEL[v]) for v in VERDICT_HELP]
    rules += [
        (k, text, "warning" if k in ("source-disagreement", "source-changed") else "error")
        for k, text in FINDING_HELP.items()
    ]
    known = {r[0] for r in rules}
    for a in found:
        if a.rule not in known:
            known.add(a.rule)
            rules.append((a.rule, f"Finding of kind {a.rule}.", a.level))
    return [
        {
            "id": rid,
            "name": rid.title().replace("-", ""),
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": level},
        }
        for rid, text, level in rules
    ]


def _result(a: Annotation, rule_index: dict[str, int]) -> dict[str, Any]:
    fingerprint = hashlib.sha256(f"{a.claim.id}\0{a.rule}\0{a.citation}".encode()).hexdigest()[:32]
    out: dict[str, Any] = {
        "ruleId": a.rule,
        "ruleIndex": rule_index[a.rule],
        "level": a.level,
        "message": {"text": f"{a.title}\n{a.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(a.claim.file.replace("\\", "/"))},
                    "region": {"startLine": max(1, a.line)},
                }
            }
        ],
        "partialFingerprints": {"claimRule/v1": fingerprint},
        "properties": {"claim": a.claim.id, "status": a.claim.status.value},
    }
    if a.citation is not None:
        out["properties"]["citation"] = a.citation + 1
    if a.accepted:
        out["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": a.accepted}]
    return out


def render(report: Report, options: RenderOptions) -> str:
    found = [a for claim in report.claims for a in annotate(claim)]
    rules = _rules(found)
    index = {r["id"]: i for i, r in enumerate(rules)}
    run = {
        "tool": {
            "driver": {"name": "checker", "version": report.version or "0", "informationUri": INFO_URI, "rules": rules}
        },
        "results": [_result(a, index) for a in found],
        "columnKind": "unicodeCodePoints",
        "properties": {"summary": report.counts()},
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
