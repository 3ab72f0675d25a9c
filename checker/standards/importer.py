"""W3C Web Annotations in, claim YAML stubs out: the passages an editor highlighted in an
annotation tool (Hypothesis, or `checker export annotations`) become citations to write claims on.

Each annotation with a TextQuoteSelector on an http(s) source becomes one claim stub: a generated
id, a placeholder statement marked TODO (so the file loads and the gap is plain to see), and a
citation per such target with its `url` and `quote` (and `file` when the annotation names a
local copy that exists, as the checker's own export does).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.claims import MAX_TEXT_CHARS, find_root, inside_root

TODO = "TODO: write the claim this passage supports"
MAX_NOTE_CHARS = 500
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CONTAINERS = ("items", "rows", "annotations")  # AnnotationPage, Hypothesis API and export


@dataclass(frozen=True)
class StubCitation:
    url: str
    quote: str
    file: str | None = None


@dataclass(frozen=True)
class Stub:
    id: str
    note: str  # the annotation's own words (its comment, or the statement it described)
    citations: tuple[StubCitation, ...]


@dataclass(frozen=True)
class Skipped:
    number: int  # 1-based, in the file's order
    reason: str


@dataclass(frozen=True)
class ImportResult:
    stubs: tuple[Stub, ...]
    skipped: tuple[Skipped, ...]


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _types(obj: dict[str, Any]) -> set[str]:
    raw = _listed(obj.get("type")) + _listed(obj.get("@type"))
    return {t.rsplit(":", 1)[-1] for t in raw if isinstance(t, str)}


def annotations_in(data: Any, depth: int = 0) -> Iterator[Any]:
    """Every annotation in a document: one annotation, a list, an AnnotationCollection or
    AnnotationPage with embedded items, a Hypothesis API result or client export."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from annotations_in(item, depth + 1)
        return
    if not isinstance(data, dict):
        yield data  # reported as skipped, with its number
        return
    kinds = _types(data)
    if "AnnotationCollection" in kinds:
        yield from annotations_in(data.get("first"), depth + 1)
        return
    for key in _CONTAINERS:
        if isinstance(data.get(key), list) and "Annotation" not in kinds:
            yield from annotations_in(data[key], depth + 1)
            if isinstance(data.get("next"), dict):  # a page may embed the next one
                yield from annotations_in(data["next"], depth + 1)
            return
    yield data


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _http(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) < 4096:
        return _clean(value)
    return None


def _note(ann: dict[str, Any]) -> str:
    words = [ann["text"]] if isinstance(ann.get("text"), str) else []  # Hypothesis's comment
    for body in _listed(ann.get("body")):
        if isinstance(body, str) and not _http(body):
            words.append(body)
        elif (
            isinstance(body, dict)
            and isinstance(body.get("value"), str)
            and body.get("purpose") in (None, "describing", "commenting")
        ):
            words.append(body["value"])
    note = _clean(" ".join(words))
    return note if len(note) <= MAX_NOTE_CHARS else note[: MAX_NOTE_CHARS - 1] + "…"


def _local_copy(target: dict[str, Any], base: Path, out_dir: Path) -> str | None:
    """A TimeState's `cached` copy, when it is a relative reference to a file that exists in the
    project holding the annotation file; resolved against that file's folder and rewritten
    against the stubs' folder."""
    root = find_root(base / "annotations")
    for state in _listed(target.get("state")):
        cached = state.get("cached") if isinstance(state, dict) else None
        for ref in _listed(cached):
            if not isinstance(ref, str) or ":" in ref or ref.startswith(("/", "\\")):
                continue  # only relative references: never an arbitrary path on this disk
            path = base / ref
            if path.is_file() and inside_root(path, root):
                return Path(os.path.relpath(path.resolve(), out_dir.resolve())).as_posix()
    return None


def _citations(ann: dict[str, Any], base: Path, out_dir: Path) -> list[StubCitation]:
    found = []
    for target in _listed(ann.get("target")):
        if not isinstance(target, dict):
            continue
        url = _http(target.get("source")) or _http(ann.get("uri"))  # PDFs: source is a urn
        for sel in _listed(target.get("selector")):
            if not isinstance(sel, dict) or "TextQuoteSelector" not in _types(sel):
                continue
            exact = sel.get("exact")
            if url and isinstance(exact, str) and _clean(exact):
                found.append(StubCitation(url, _clean(exact), _local_copy(target, base, out_dir)))
                break
    return found


def stub_id(citations: list[StubCitation]) -> str:
    """A readable id from the first quote's words, made unique by a hash of every citation."""
    first = unicodedata.normalize("NFKD", citations[0].quote).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", first.lower())[:6]
    digest = hashlib.sha256("\n".join(f"{c.url}\n{c.quote}" for c in citations).encode())
    return "-".join([*(words or ["passage"]), digest.hexdigest()[:8]])


def import_annotations(data: Any, base: Path, out_dir: Path) -> ImportResult:
    """Stubs for every usable annotation in `data`; the others are listed with the reason."""
    stubs: dict[str, Stub] = {}
    skipped = []
    for n, ann in enumerate(annotations_in(data), start=1):
        if not isinstance(ann, dict):
            skipped.append(Skipped(n, "not an annotation object"))
            continue
        cits = _citations(ann, base, out_dir)
        if not cits:
            skipped.append(Skipped(n, "no target with a TextQuoteSelector on an http(s) URL"))
            continue
        if any(len(c.quote) > MAX_TEXT_CHARS for c in cits):
            skipped.append(Skipped(n, f"a quote over {MAX_TEXT_CHARS} characters"))
            continue
        sid = stub_id(cits)
        if sid in stubs:
            skipped.append(Skipped(n, f"the same passage as claim stub {sid}"))
            continue
        stubs[sid] = Stub(sid, _note(ann), tuple(cits))
    return ImportResult(tuple(stubs.values()), tuple(skipped))


def stubs_yaml(result: ImportResult, source_name: str) -> str:
    """The stubs as a claim file that loads; each statement says TODO until an editor writes it."""
    import yaml

    claims = []
    for s in result.stubs:
        statement = f"{TODO} (annotation: {s.note})" if s.note else TODO
        cits = [{"url": c.url, **({"file": c.file} if c.file else {}), "quote": c.quote} for c in s.citations]
        claims.append({"id": s.id, "statement": statement, "citations": cits})
    head = (
        f"# Claim stubs imported from {_clean(source_name)} by `checker import annotations`.\n"
        "# Each statement starts with TODO: write the claim its quotes support, then check\n"
        "# the ids and run `checker verify` on this file.\n"
    )
    body = yaml.safe_dump({"claims": claims}, sort_keys=False, allow_unicode=True, width=96)
    return head + body
