"""What a check found, as frozen dataclasses. Failures are data with a reason, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    VERIFIED = "verified"
    MINOR = "minor-differences"
    MISQUOTED = "misquoted"
    NOT_FOUND = "not-found"
    UNREACHABLE = "unreachable"


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class DiffClass(StrEnum):
    COSMETIC = "cosmetic"
    MINOR = "minor"
    SUBSTANTIVE = "substantive"


@dataclass(frozen=True)
class Difference:
    """One place where the quote's words and the source's words differ."""

    cls: DiffClass
    kind: str  # number, negation, name, changed-word, added-word, dropped-word, spelling, ...
    quote: str  # the quote's words ("" when the quote dropped words)
    source: str  # the source's own words ("" when the quote added words)
    note: str = ""


@dataclass(frozen=True)
class Passage:
    """The located passage, in the source's own words, with offsets into its extracted text."""

    text: str
    start: int
    end: int
    before: str = ""
    after: str = ""
    # Its text-fragment directive (checker.standards.selectors), when the worker that found it
    # worked it out; "" otherwise. Not part of what the passage is.
    directive: str = field(default="", compare=False)


@dataclass(frozen=True)
class SourceInfo:
    """Where the text that was checked came from."""

    kind: str  # text, markdown, html, pdf
    origin: str  # a path or a URL
    sha256: str = ""
    chars: int = 0
    snapshot: str | None = None
    fetched_at: str | None = None
    final_url: str | None = None
    archived_from: str | None = None  # the archive capture used when the live page was dead


@dataclass(frozen=True)
class CitationResult:
    index: int
    quote: str
    url: str | None
    file: str | None
    line: int
    verdict: Verdict
    score: float
    passage: Passage | None = None
    differences: tuple[Difference, ...] = ()
    reason: str | None = None  # why unreachable / not found
    reason_category: str | None = None  # not-found, blocked, timeout, ... for unreachable
    source: SourceInfo | None = None


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: Severity
    message: str
    citation: int | None = None  # index of the citation it is about, if any
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    accepted: str | None = None  # an editor's reason when an acceptance turned it into info


@dataclass(frozen=True)
class ClaimResult:
    id: str
    statement: str
    file: str
    line: int
    status: Status
    citations: tuple[CitationResult, ...]
    findings: tuple[Finding, ...] = ()
    figures: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Report:
    claims: tuple[ClaimResult, ...]
    files: tuple[str, ...] = ()
    started: str = ""
    duration_s: float = 0.0
    version: str = ""
    offline: bool = False
    timelines: tuple[dict[str, Any], ...] = ()

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts by claim status, citation verdict and finding kind (for every report format)."""
        status = {s.value: 0 for s in Status}
        verdicts = {v.value: 0 for v in Verdict}
        kinds: dict[str, int] = {}
        for c in self.claims:
            status[c.status.value] += 1
            for cit in c.citations:
                verdicts[cit.verdict.value] += 1
            for f in c.findings:
                kinds[f.kind] = kinds.get(f.kind, 0) + 1
        return {"status": status, "verdict": verdicts, "finding": dict(sorted(kinds.items()))}
