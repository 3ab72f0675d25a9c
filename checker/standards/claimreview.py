"""schema.org ClaimReview JSON-LD for the claims of a report, ready to embed in a published
fact-check (Google's fact-check markup reads the same properties).

The rating is the claim's status on a 1-3 scale with its meaning spelled out in `alternateName`.
A claim that does not pass is left out unless asked for, so a failing check is never published
by accident; when it is asked for, its rating says plainly that it failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from checker.config import PublisherConfig
from checker.results import ClaimResult, Report, Severity, Status
from checker.standards.files import StandardsError

SCHEMA_CONTEXT = "https://schema.org"
RATINGS: dict[Status, tuple[int, str]] = {
    Status.PASS: (3, "Accurately sourced: every quotation stands in its cited source"),
    Status.WARN: (
        2,
        "Sourced with reservations: a quotation differs from its source only in "
        "spelling, transliteration or punctuation, or the sources differ on a detail",
    ),
    Status.FAIL: (
        1,
        "Not supported by its sources: a quotation is misquoted, missing or "
        "unreadable, or a figure contradicts the sources",
    ),
}


@dataclass(frozen=True)
class ClaimReviewExport:
    document: dict[str, Any]
    exported: int
    left_out: tuple[str, ...]  # ids of claims that did not pass, without --include-failing


def _check_publisher(publisher: PublisherConfig) -> None:
    where = "[publisher] in checker.toml (or [tool.checker.publisher] in pyproject.toml)"
    if not publisher.name.strip() or not publisher.url.strip():
        raise StandardsError(f"ClaimReview needs the reviewing organisation: set 'name' and 'url' under {where}")
    for key in ("url", "review_url"):
        value = getattr(publisher, key)
        if value and not value.startswith(("https://", "http://")):
            raise StandardsError(f"publisher '{key}' must be an http(s) URL, not {value!r}; fix it under {where}")


def _explanation(claim: ClaimResult) -> str:
    counts: dict[str, int] = {}
    for cit in claim.citations:
        counts[cit.verdict.value] = counts.get(cit.verdict.value, 0) + 1
    n = len(claim.citations)
    text = f"{n} citation{'s' if n != 1 else ''} checked: " + ", ".join(f"{k} {v}" for v, k in counts.items()) + "."
    problems = [f.message for f in claim.findings if f.severity is not Severity.INFO and not f.accepted]
    return text + "".join(f" {m}" for m in problems)


def claim_review(claim: ClaimResult, publisher: PublisherConfig, date: str) -> dict[str, Any]:
    value, meaning = RATINGS[claim.status]
    urls = list(dict.fromkeys(c.url for c in claim.citations if c.url))
    item: dict[str, Any] = {"@type": "Claim"}
    if urls:
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in urls]
    out: dict[str, Any] = {"@type": "ClaimReview", "identifier": claim.id}
    if publisher.review_url:
        out["url"] = publisher.review_url.replace("{id}", claim.id)
    out.update(
        {
            "claimReviewed": claim.statement,
            "itemReviewed": item,
            "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
            "datePublished": date,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 3,
                "worstRating": 1,
                "alternateName": meaning,
                "ratingExplanation": _explanation(claim),
            },
        }
    )
    return out


def export_claimreview(report: Report, publisher: PublisherConfig, include_failing: bool = False) -> ClaimReviewExport:
    """A JSON-LD document whose @graph holds one ClaimReview per exported claim."""
    _check_publisher(publisher)
    date = report.started[:10] or dt.datetime.now(dt.UTC).date().isoformat()
    chosen = [c for c in report.claims if include_failing or c.status is Status.PASS]
    left_out = tuple(c.id for c in report.claims if c.status is not Status.PASS and not include_failing)
    graph = [claim_review(c, publisher, date) for c in chosen]
    return ClaimReviewExport({"@context": SCHEMA_CONTEXT, "@graph": graph}, len(graph), left_out)
