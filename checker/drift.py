"""Drift: a cited page that changed since the checker last saved it. The quote is matched against
both versions, and a `source-changed` finding says what happened to the quoted passage."""

from __future__ import annotations

from typing import Any

from checker.models import Citation
from checker.results import Finding, Severity
from checker.sources.document import SourceDoc

KIND = "source-changed"


def _when(doc: SourceDoc) -> str:
    return doc.extra.get("fetched_at") or "an earlier run"


def drift_finding(index: int, citation: Citation, before: SourceDoc, after: SourceDoc) -> Finding:
    """What a change between two fetches of a page did to this citation's quote."""
    from checker.matching import match_quote

    old, new = match_quote(citation.quote, before), match_quote(citation.quote, after)
    old_text = old.passage.text if old.passage else None
    new_text = new.passage.text if new.passage else None
    data: dict[str, Any] = {
        "before": old_text,
        "after": new_text,
        "before_verdict": old.verdict.value,
        "after_verdict": new.verdict.value,
        "before_snapshot": before.extra.get("snapshot"),
        "after_snapshot": after.extra.get("snapshot"),
        "before_fetched_at": before.extra.get("fetched_at"),
        "after_fetched_at": after.extra.get("fetched_at"),
    }
    since = f"since the snapshot of {_when(before)}"
    if old_text is not None and new_text is None:
        return Finding(
            KIND,
            Severity.WARNING,
            f"the quote vanished from the live page: it stood "
            f"in the snapshot of {_when(before)} and is not in the page fetched "
            f"{_when(after)}",
            index,
            data,
        )
    if old_text is not None and old_text != new_text:
        return Finding(
            KIND,
            Severity.WARNING,
            f'the quoted passage changed on the live page {since}: it now reads "{new_text}"',
            index,
            data,
        )
    if new_text is not None and old_text is None:
        return Finding(
            KIND,
            Severity.INFO,
            f"the page changed {since}; the quote now stands in it, though it did not before",
            index,
            data,
        )
    what = "the quote is in neither version" if new_text is None else "not the quoted passage"
    return Finding(KIND, Severity.INFO, f"the page changed {since}, but {what}", index, data)


def gone_finding(index: int, reason: str, snapshot: SourceDoc) -> Finding:
    """The live page is dead; the quote was checked against the last snapshot."""
    return Finding(
        KIND,
        Severity.WARNING,
        f"the live page is gone ({reason}); checked against the snapshot of {_when(snapshot)}",
        index,
        {"snapshot": snapshot.extra.get("snapshot"), "reason": reason},
    )
