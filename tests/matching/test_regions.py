"""Regions (checker.matching.regions) save indexing work and never change a match: on the shipped
claims and sources, and on long sources made by padding a real one with the others' text."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

from checker.claims import load_claims
from checker.matching import MatchResult, match_quote
from checker.matching.index import SEPARATOR, SourceIndex
from checker.matching.matcher import BIN, Searchable
from checker.matching.regions import MAX_SHARE, Scope, least_width, quote_hits, scope, spans
from checker.results import DiffClass, Verdict
from checker.sources.document import SourceDoc
from checker.sources.local import read_local
from tests.support.paths import ROOT

BASES = (ROOT / "claims", ROOT / "examples" / "claims" / "verdicts.yaml")
REPORT = ROOT / "sources" / "amnesty-report-2020-belarus.txt"
RFERL = ROOT / "sources" / "rferl-2021-torture-investigations.txt"
EXACT = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."
FAR = (
    "She remained in unacknowledged, incommunicado detention for two days, after which she was "
    "remanded as a criminal suspect on trumped-up charges"
)  # some 3,600 characters after EXACT
Groups = dict[tuple[Path, Path], list[str]]  # (claims base, source): its quotes, as one job gets them


@pytest.fixture(scope="module")
def docs() -> dict[Path, SourceDoc]:
    paths = [p for p in sorted((ROOT / "sources").iterdir()) if p.suffix in (".txt", ".md")]
    return {p: d for p in paths if isinstance(d := read_local(str(p), p.name), SourceDoc)}


@pytest.fixture(scope="module")
def groups(docs: dict[Path, SourceDoc]) -> Groups:
    found: dict[tuple[Path, Path], dict[str, None]] = defaultdict(dict)
    for base in BASES:
        for claim in load_claims([base]):
            for c in claim.citations:
                if c.path is not None and c.path.is_file():
                    found[base, c.path.resolve()][c.quote] = None
    assert {p for _, p in found} == set(docs)
    return {k: list(q) for k, q in found.items()}


def padded(doc: SourceDoc, docs: dict[Path, SourceDoc], size: int) -> tuple[SourceDoc, int]:
    """`doc` with some `size` characters of the other plain-text sources around it, and where
    its own text starts (Markdown is left out of the padding: it folds far slower)."""
    unit = "".join(d.text + "\n\n" for d in docs.values() if d is not doc and d.kind == "text")
    pad = unit * (size // 2 // len(unit) + 1)
    return SourceDoc(text=pad + doc.text + "\n\n" + pad, kind=doc.kind, origin="padded", sha256=""), len(pad)


@pytest.fixture(scope="module")
def long_report(docs: dict[Path, SourceDoc]) -> SourceDoc:
    return padded(docs[REPORT], docs, 300_000)[0]


def key(r: MatchResult) -> tuple[object, ...]:
    return r.verdict, r.passage and r.passage.text, r.differences


def agrees(quote: str, doc: SourceDoc, where: Searchable, alone: SourceDoc) -> tuple[MatchResult, bool]:
    """The match through `where`, which must be the whole `doc`'s; True when it was excused. The
    matcher bins candidate places by token index (BIN): the whole index may itself place a
    passage otherwise when the source is shifted by a few words. A scope renumbers tokens, so
    its match may be one the whole index gives for the source (`alone`) at some shift."""
    whole, got = match_quote(quote, doc), match_quote(quote, where)
    assert got.verdict is whole.verdict, quote
    if key(got) == key(whole) and (got.passage and got.passage.start) == (whole.passage and whole.passage.start):
        return got, False
    shifted = [SourceDoc(text="zzz " * k + alone.text, kind=alone.kind, origin="", sha256="") for k in range(BIN)]
    assert key(got) in [key(match_quote(quote, d)) for d in shifted], quote
    return got, True


def test_scoped_matches_equal_whole_matches_on_the_shipped_sources(docs: dict[Path, SourceDoc], groups: Groups) -> None:
    pairs = [(q, docs[p]) for (_, p), qs in groups.items() for q in qs]
    used = [(q, d, s) for q, d in pairs if (s := scope(d.folded, [q])) is not None]
    assert len(pairs) > 60 and len(used) >= 0.4 * len(pairs)
    excused = sum(agrees(q, d, s, d)[1] for q, d, s in used)
    assert excused <= 0.05 * len(used)


def test_scoped_matches_equal_whole_matches_in_long_sources(docs: dict[Path, SourceDoc], groups: Groups) -> None:
    singles = together = excused = total = 0
    for path, doc in docs.items():
        mine = {base: qs for (base, p), qs in groups.items() if p == path}
        need = max(sum(map(least_width, qs)) for qs in mine.values()) / MAX_SHARE
        big, at = padded(doc, docs, int(1.2 * need))
        for qs in mine.values():
            total += len(qs)
            each = {q: scope(big.folded, [q]) for q in qs}
            every = scope(big.folded, qs)  # all the quotes one job matches in this source
            together += every is not None
            for q in qs:
                for where in filter(None, (each[q], every)):
                    singles += where is each[q]
                    got, excuse = agrees(q, big, where, doc)
                    excused += excuse
                    if got.passage:  # offsets into the padded text point to the source's own words
                        start, end = got.passage.start, got.passage.end
                        assert big.text[start:end] == got.passage.text
                        if at <= start < at + len(doc.text):
                            assert doc.text[start - at : end - at] == got.passage.text
                        else:  # the padding (another source) holds these words too
                            alone = match_quote(q, doc).passage
                            assert alone is not None and got.passage.text == alone.text
    assert singles >= 0.9 * total and together >= 0.7 * len(groups) and excused <= 0.05 * total


@pytest.mark.parametrize(
    ("quote", "kinds"),
    [
        (EXACT.replace("6,700", "7,600").replace("confirmed", "did not confirm"), {"number", "negation"}),
        (
            "The colleagues never crossed into Ukraine but Svyatlana Tsikhanouskaya tore up her passport",
            {"name", "negation"},
        ),
    ],
)
def test_a_misquote_is_found_through_runs_of_words(
    docs: dict[Path, SourceDoc], long_report: SourceDoc, quote: str, kinds: set[str]
) -> None:
    where = scope(long_report.folded, [quote])
    assert where is not None
    got = agrees(quote, long_report, where, docs[REPORT])[0]
    assert got.verdict is Verdict.MISQUOTED
    assert kinds <= {d.kind for d in got.differences if d.cls is DiffClass.SUBSTANTIVE}


def test_words_found_nowhere_index_the_whole_source(long_report: SourceDoc) -> None:
    quote = "Quantum chromodynamics predicts asymptotic freedom for gluons inside hadrons"
    assert quote_hits(long_report.folded.text, quote) is None
    assert spans(long_report.folded.text, [quote]) is None and scope(long_report.folded, [quote]) is None
    assert match_quote(quote, long_report).verdict is Verdict.NOT_FOUND


def check_spans(text: str, found: list[tuple[int, int]]) -> None:
    assert found and all(a < b for a, b in found)
    assert all(b1 + 1 < a2 for (_, b1), (a2, _) in pairwise(found))  # sorted, apart
    assert all(a == 0 or text[a - 1] == " " for a, _ in found)
    assert all(b == len(text) or text[b] == " " for _, b in found)
    assert sum(b - a for a, b in found) <= MAX_SHARE * len(text)
    whole, part = SourceIndex(text), SourceIndex(text, found)
    at = 0
    for k, (a, b) in enumerate(found):
        lo, hi = whole.token_at(a), whole.token_at(b)
        assert part.tokens(at, at + hi - lo) == whole.tokens(lo, hi)
        assert [part.start(i) for i in range(at, at + hi - lo)] == [whole.start(i) for i in range(lo, hi)]
        at += hi - lo
        if k < len(found) - 1:
            assert part.tokens(at, at + 1) == [SEPARATOR]
            at += 1
    assert at == len(part)
    assert all(
        text[part.start(i) : part.end(i)] == w for i, w in enumerate(part.tokens(0, len(part))) if w != SEPARATOR
    )


def test_spans_are_cut_at_spaces_and_indexed_like_the_whole_source(groups: Groups, long_report: SourceDoc) -> None:
    text = long_report.folded.text
    found = spans(text, groups[BASES[1], REPORT])
    assert found is not None and len(found) > 1
    check_spans(text, found)
    edges = spans(text, [EXACT[:40], FAR[-30:], "6,700 protesters"])  # parts of quotes: other hits
    assert edges is not None
    check_spans(text, edges)


def filler(chars: int, tag: str) -> str:
    """Folded text of words found in no quote."""
    words = (f"{tag}{i}" for i in range(chars))
    out = ""
    while len(out) < chars:
        out += next(words) + " "
    return out


def covered(found: list[tuple[int, int]] | None) -> int:
    assert found is not None
    return sum(b - a for a, b in found)


def test_regions_covering_much_of_a_source_give_none(docs: dict[Path, SourceDoc], groups: Groups) -> None:
    quotes = [docs[RFERL].folded.text[:100], EXACT.lower(), FAR.lower()]
    q = quotes[0]
    least = least_width(q)
    alone = f"{filler(5_000, 'a')}{q} {filler(5_000, 'b')}"
    assert least <= covered(spans(alone, [q])) <= least + 200  # one place: the quote and its slack
    tight = alone[5_000 - least // 2 : 5_000 + len(q) + least // 2]
    assert least / MAX_SHARE > len(tight) and spans(tight, [q]) is None  # a short source
    crowded = f" {filler(150, 'c')}".join([q] * 12)  # found twelve times, close together
    assert least <= MAX_SHARE * len(crowded) < covered(quote_hits(crowded, q))
    assert spans(crowded, [q]) is None
    # Three quotes, each found in three places far apart: neither one place per quote nor one
    # quote's places cover too much, but all of them together do.
    copies = [f" {filler(300, f'd{k}')} ".join(quotes) for k in range(3)]
    spread = f" {filler(1_500, 'e')} ".join(copies)
    budget = MAX_SHARE * len(spread)
    assert sum(map(least_width, quotes)) <= budget
    assert all(covered(quote_hits(spread, q)) <= budget for q in quotes)
    assert spans(spread, quotes) is None
    report = docs[REPORT].folded.text
    assert spans(report, [EXACT]) is not None  # one short quote fits in the report...
    assert spans(report, groups[BASES[1], REPORT]) is None  # ...all its quotes cover too much


@pytest.mark.parametrize(
    "quote",
    [
        f"{EXACT[:-1]} ... {FAR}",  # the anchor (longest part) last: the other part 3,600 characters before
        f"{EXACT[:-1]} ... The colleagues crossed into Ukraine",  # the anchor first, the other part after
        f"{EXACT[:-1].replace('6,700', '6,800')} ... {FAR}",
    ],
)
def test_far_elisions_match_alike_through_a_scope(
    docs: dict[Path, SourceDoc], long_report: SourceDoc, quote: str
) -> None:
    where = scope(long_report.folded, [quote])
    assert isinstance(where, Scope) and len(where.index) < len(long_report.index) / 10
    got = agrees(quote, long_report, where, docs[REPORT])[0]
    assert got.passage is not None and got.passage.end - got.passage.start > 3000
    expected = Verdict.MISQUOTED if "6,800" in quote else Verdict.VERIFIED
    assert got.verdict is expected, got.differences


@pytest.mark.parametrize("distinct", [50, 70_000])
def test_postings_list_each_words_places_in_order(distinct: int) -> None:
    """Positions are sorted by word (16-bit keys, sorted by radix, when a source has at most
    65,536 words; 32-bit ones past that), each word's places in text order."""
    import numpy as np

    words = [f"w{i % distinct}" for i in range(2 * distinct + 7)]
    index = SourceIndex(" ".join(words))
    assert (len(index.vocab) > 1 << 16) == (distinct > 1 << 16)
    assert index.positions.tolist() == np.argsort(index.ids, kind="stable").tolist()
    for word in ("w0", "w3", f"w{distinct - 1}"):
        assert index._postings(word).tolist() == [i for i, w in enumerate(words) if w == word]
