"""Figure findings on one claim: `figure-mismatch` (a statement or declared figure the cited
passages contradict, or a declared figure no cited passage supports), `source-disagreement`
(two citations disagree) and `figure-imprecise` (a statement figure far more precise than its
source). Each message quotes both figures with their sources."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from checker.figures.extract import Figure, extract
from checker.figures.intervals import compatible, describe, more_precise
from checker.figures.pairing import conflicting_attributes, same_thing
from checker.figures.vocabulary import Vocabulary
from checker.models import Claim, FigureDecl
from checker.results import CitationResult, ClaimResult, Finding, Passage, Severity

MISMATCH, DISAGREEMENT, IMPRECISE = "figure-mismatch", "source-disagreement", "figure-imprecise"
# r"[.!?]\s|\n\s*\n", begun with one character class, which the engine scans for
_SENTENCE_BREAK = re.compile(r"[.!?\n](?:(?<=[.!?])\s|(?<=\n)\s*\n)")


@dataclass(frozen=True)
class Sourced:
    """A figure and where it was read: the statement, a declared key, or a citation."""

    figure: Figure
    source: str  # "statement", "figures[KEY]", or the citation's url/file
    claim: str
    citation: int | None = None

    def data(self) -> dict[str, Any]:
        d = self.figure.to_dict()
        return {"text": d["text"], "low": d["low"], "high": d["high"], "source": self.source, "claim": self.claim}

    def said(self) -> str:
        return f"“{self.figure.text}” ({describe(self.figure.low, self.figure.high)})"

    def quoted(self) -> str:
        if self.citation is not None:
            return f"citation {self.citation + 1} ({self.source}) says {self.said()}"
        if self.source == "statement":
            return f"the statement says {self.said()}"
        return f"{self.source} declares {self.said()}"


@dataclass(frozen=True)
class ClaimFigures:
    statement: tuple[Sourced, ...]
    declared: tuple[tuple[FigureDecl, Sourced | None], ...]
    citations: tuple[tuple[Sourced, ...], ...]

    def all(self) -> list[Sourced]:
        return [*self.statement, *(s for _, s in self.declared if s), *(s for cit in self.citations for s in cit)]


def passage_figures(passage: Passage, voc: Vocabulary) -> tuple[Figure, ...]:
    """Figures of a located passage (the source's own words); the sentence it begins in is
    read as context for its period."""
    before = _SENTENCE_BREAK.split(passage.before)[-1]
    return tuple(extract(before + passage.text, voc, start=len(before)))


class FigureReader:
    """Reads each statement and passage once. Workers read their passages beside the matching
    (`learn`), and the main process reads statements while they work (`read_statements`), so
    that the figure checks after the run cost little."""

    def __init__(self, voc: Vocabulary) -> None:
        self.voc = voc
        self._statements: dict[str, tuple[Figure, ...]] = {}
        self._passages: dict[Passage, tuple[Figure, ...]] = {}

    def statement(self, text: str) -> tuple[Figure, ...]:
        got = self._statements.get(text)
        if got is None:
            got = self._statements[text] = tuple(extract(text, self.voc))
        return got

    def read_statements(self, claims: Iterable[Claim]) -> None:
        for claim in claims:
            self.statement(claim.statement)

    def passage(self, passage: Passage) -> tuple[Figure, ...]:
        got = self._passages.get(passage)
        if got is None:
            got = self._passages[passage] = passage_figures(passage, self.voc)
        return got

    def learn(
        self, passages: Mapping[Passage, tuple[Figure, ...]], statements: Mapping[str, tuple[Figure, ...]] | None = None
    ) -> None:
        """Figures read elsewhere: by a worker, or in an earlier run (the results cache)."""
        self._passages.update(passages)
        self._statements.update(statements or {})

    def citation(self, claim_id: str, c: CitationResult) -> tuple[Sourced, ...]:
        """Figures of the located passage, else of the quote."""
        where = c.url or c.file or f"citation {c.index + 1}"
        figs = self.passage(c.passage) if c.passage else extract(c.quote, self.voc)
        return tuple(Sourced(f, where, claim_id, c.index) for f in figs)


def _declared(claim: Claim, decl: FigureDecl, statement: Sequence[Figure], voc: Vocabulary) -> Sourced | None:
    figs = sorted(extract(decl.value, voc), key=lambda f: f.kind == "year")  # a year last
    if not figs:
        return None
    f = figs[0]
    twin = next((s for s in statement if (s.low, s.high, s.kind, s.unit) == (f.low, f.high, f.kind, f.unit)), None)
    if twin:  # the statement says the same figure: it tells what it counts and when
        f = replace(f, event=twin.event, subject=twin.subject, period=twin.period, place=twin.place)
    else:  # else the key's words do ("belarus/detained/since-2020")
        words = re.sub(r"[/_.-]+", " ", decl.key)
        about = extract(f"1 {words}", voc)
        if about:
            f = replace(f, event=about[0].event, subject=about[0].subject)
    return Sourced(f, f"figures[{decl.key}]", claim.id)


def read_claim(claim: Claim, result: ClaimResult, reader: FigureReader) -> ClaimFigures:
    stmt = reader.statement(claim.statement)
    return ClaimFigures(
        statement=tuple(Sourced(f, "statement", claim.id) for f in stmt),
        declared=tuple((d, _declared(claim, d, stmt, reader.voc)) for d in claim.figures),
        citations=tuple(reader.citation(claim.id, c) for c in result.citations),
    )


def _finding(kind: str, severity: Severity, message: str, figures: list[Sourced], citation: int | None) -> Finding:
    if not message.startswith("figures["):  # a sentence, but a key keeps its own spelling
        message = message[0].upper() + message[1:]
    return Finding(kind, severity, message, citation, data={"figures": [s.data() for s in figures]})


def _against_sources(s: Sourced, cited: list[Sourced], voc: Vocabulary, declared: bool) -> Finding | None:
    paired = [c for c in cited if same_thing(s.figure, c.figure)]
    if declared and not paired:  # a declared key may be worded unlike any source: look wider
        paired = [c for c in cited if not conflicting_attributes(s.figure, c.figure) and compatible(s.figure, c.figure)]
    fits = [c for c in paired if compatible(s.figure, c.figure)]
    what = s.figure.thing
    if paired and not fits:
        c = paired[0]
        return _finding(MISMATCH, Severity.ERROR, f"{s.quoted()} ({what}), but {c.quoted()}", [s, c], c.citation)
    if declared and not paired:
        return _finding(
            MISMATCH,
            Severity.ERROR,
            f"{s.quoted()} ({what}), but no cited passage gives a figure that supports it",
            [s],
            None,
        )
    if (
        fits
        and not declared
        and all(more_precise(s.figure, s.figure.digits, c.figure, c.figure.digits, voc) for c in fits)
    ):
        c = fits[0]
        return _finding(
            IMPRECISE,
            Severity.WARNING,
            f"{s.quoted()} ({what}), more precise than the source supports: {c.quoted()}",
            [s, c],
            c.citation,
        )
    return None


def _disagreements(cf: ClaimFigures) -> list[Finding]:
    out, seen = [], set()
    for i, first in enumerate(cf.citations):
        for second in cf.citations[i + 1 :]:
            for a in first:
                paired = [b for b in second if same_thing(a.figure, b.figure)]
                if paired and not any(compatible(a.figure, b.figure) for b in paired):
                    b = paired[0]
                    key = (a.citation, b.citation, a.figure.thing)
                    if key not in seen:
                        seen.add(key)
                        out.append(
                            _finding(
                                DISAGREEMENT,
                                Severity.WARNING,
                                f"{a.quoted()} ({a.figure.thing}), but {b.quoted()}",
                                [a, b],
                                b.citation,
                            )
                        )
    return out


def claim_findings(cf: ClaimFigures, voc: Vocabulary) -> list[Finding]:
    cited = [s for cit in cf.citations for s in cit]
    out: list[Finding] = []
    flagged = set()  # a declared figure the statement repeats is reported once, on the statement
    for s in cf.statement:
        found = _against_sources(s, cited, voc, declared=False)
        if found:
            out.append(found)
            flagged.add((s.figure.low, s.figure.high))
    for decl, sourced in cf.declared:
        if sourced is None:
            out.append(
                Finding(
                    MISMATCH,
                    Severity.ERROR,
                    f"figures[{decl.key}] declares “{decl.value}”, which is not a "
                    "figure this checker can read (write a number with an optional "
                    "qualifier, e.g. “more than 50,000”)",
                    None,
                    data={"figures": []},
                )
            )
            continue
        found = _against_sources(sourced, cited, voc, declared=True)
        if found and (sourced.figure.low, sourced.figure.high) not in flagged:
            out.append(found)
    return out + _disagreements(cf)
