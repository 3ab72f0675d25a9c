"""W3C Web Annotations (Web Annotation Data Model) for the citations a report verified.

One annotation per verified citation that has a URL: its target is the source URL with a
TextQuoteSelector and a TextPositionSelector; its body is the claim's statement (describing),
the verdict (assessing) and the claim id (tagging). The document is a JSON-LD array of complete
annotations, each with its own @context, so each can be posted to an annotation server as is.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.results import CitationResult, ClaimResult, Passage, Report, Verdict
from checker.standards.selectors import selectors

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
GENERATOR_URL = "https://github.com/checker-project/checker"
# Ids are stable across runs: the same claim's same citation of the same URL keeps its id.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, GENERATOR_URL + "#annotation")


@dataclass(frozen=True)
class AnnotationExport:
    annotations: list[dict[str, Any]]
    skipped_no_url: int  # verified citations of a local file only: no IRI to annotate


def annotation_id(claim_id: str, index: int, url: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{claim_id}/{index}/{url}')}"


def _cached_copy(cit: CitationResult, out_dir: Path) -> str | None:
    """The local copy that was checked, as a reference relative to the output's folder (JSON-LD
    resolves it against the document's own location); None when it is not on this disk."""
    src = cit.source
    if src is None:
        return None
    local = src.snapshot or (src.origin if cit.file else None)
    if not local or not Path(local).is_file():
        return None
    return Path(os.path.relpath(Path(local).resolve(), out_dir.resolve())).as_posix()


def _state(cit: CitationResult, report: Report, out_dir: Path) -> dict[str, Any] | None:
    date = (cit.source.fetched_at if cit.source else None) or report.started
    if not date:
        return None
    state: dict[str, Any] = {"type": "TimeState", "sourceDate": date}
    cached = _cached_copy(cit, out_dir)
    if cached:
        state["cached"] = cached
    return state


def annotation(
    claim: ClaimResult, cit: CitationResult, passage: Passage, url: str, report: Report, out_dir: Path
) -> dict[str, Any]:
    target: dict[str, Any] = {"source": url, "selector": selectors(passage)}
    state = _state(cit, report, out_dir)
    if state:
        target["state"] = state
    out: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": annotation_id(claim.id, cit.index, url),
        "type": "Annotation",
        "motivation": "assessing",
    }
    if report.started:
        out["created"] = report.started
    out["generator"] = {"id": GENERATOR_URL, "type": "Software", "name": f"checker {report.version}".strip()}
    out["body"] = [
        {"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": claim.statement},
        {"type": "TextualBody", "purpose": "assessing", "format": "text/plain", "value": cit.verdict.value},
        {"type": "TextualBody", "purpose": "tagging", "value": claim.id},
    ]
    out["target"] = target
    return out


def export_annotations(report: Report, out_dir: Path) -> AnnotationExport:
    """Annotations for every verified citation, in the report's order."""
    found: list[dict[str, Any]] = []
    no_url = 0
    for claim in report.claims:
        for cit in claim.citations:
            if cit.verdict is not Verdict.VERIFIED or cit.passage is None:
                continue
            if not cit.url:
                no_url += 1
                continue
            found.append(annotation(claim, cit, cit.passage, cit.url, report, out_dir))
    return AnnotationExport(found, no_url)
