"""Locating a quote in a source: exact token search first, then seeded fuzzy windows.

Seeds are the quote's rarest words; each occurrence votes for where the quote would start
(a diagonal, as in BLAST). Only the best few windows are aligned word by word, so a long source
costs an index lookup rather than a scan.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from checker.config import Config
from checker.matching.classify import classify_op, editorial
from checker.matching.index import SourceIndex
from checker.matching.quote import (
    EDITORIAL_MAX_TOKENS,
    ELISION_MAX_CHARS,
    GAP,
    QuotePart,
    anchor_of,
    parse_quote,
    weight,
)
from checker.matching.regions import Scope
from checker.matching.variants import is_word
from checker.results import DiffClass, Difference, Passage, Verdict
from checker.sources.document import SourceDoc

SEED_WORDS = 12
MAX_POSTINGS = 5000
BIN = 16
WINDOWS = 4
CONTEXT_CHARS = 120
ANCHOR_TRIES = 20


Op = tuple[str, int, int, int, int]  # tag, quote start/end, source start/end
_INDEL = ("delete", "insert")
Searchable = SourceDoc | Scope  # a whole source, or the regions of it a quote can stand in


@dataclass(frozen=True)
class MatchResult:
    verdict: Verdict
    score: float
    passage: Passage | None = None
    differences: tuple[Difference, ...] = ()
    reason: str | None = None


class _Located(typing.NamedTuple):  # a tuple: made for every window tried, it is made in C
    start: int  # token range in the source index
    end: int
    score: float
    ops: tuple[Op, ...]  # opcodes, source side relative to start


def _merge(ops: list[Op]) -> list[Op]:
    """Indel opcodes with each adjacent delete/insert pair turned into one replace."""
    out: list[Op] = []
    for op in ops:
        if out and op[0] in _INDEL and out[-1][0] in _INDEL and op[0] != out[-1][0]:
            prev = out.pop()
            d, i = (prev, op) if prev[0] == "delete" else (op, prev)
            out.append(("replace", d[1], d[2], i[3], i[4]))
        else:
            out.append(op)
    return out


def _trim(ops: list[Op], window: list[str]) -> list[Op]:
    """Drop the window's source words before and after the quote. A quote word changed at an
    edge keeps as many source words as it has, so 'violent' meets 'peaceful', not nothing;
    but never a punctuation mark, which would only be a neighbour."""
    for edge in (0, -1):
        if not ops or ops[edge][0] not in ("insert", "replace"):
            continue
        tag, a, b, c, d = ops[edge]
        if tag == "insert":
            ops.pop(edge)
            continue
        c, d = (max(c, d - (b - a)), d) if edge == 0 else (c, min(d, c + (b - a)))
        if all(is_word(t) for t in window[c:d]):
            ops[edge] = ("replace", a, b, c, d)
        else:
            at = d if edge == 0 else c
            ops[edge] = ("delete", a, b, at, at)
    return ops


def _align(words: list[str], weights: list[int], window: list[str], w0: int) -> _Located | None:
    """The quote's `words` (with their `weights`) aligned to the source's tokens `window`, which
    start at token w0."""
    from rapidfuzz.distance import Indel, Levenshtein

    # as_list gives plain tuples (rapidfuzz's stub says Opcode objects).
    raw = typing.cast(list[Op], Indel.opcodes(words, window).as_list())
    ops = _trim(_merge(raw), window)
    if not ops or all(op[0] == "delete" for op in ops):
        return None
    src = [op for op in ops if op[0] != "delete"]
    start, end = src[0][3], src[-1][4]
    matched = 0.0
    for tag, a, b, c, d in ops:
        if tag == "equal":
            matched += sum(weights[a:b])
        elif tag == "replace" and b - a == d - c:
            for i, j in zip(range(a, b), range(c, d), strict=True):
                sim = Levenshtein.normalized_similarity(words[i], window[j])
                matched += weights[i] * sim if sim >= 0.6 else 0
    total = sum(weights) or 1
    rel = tuple((t, a, b, c - start, d - start) for t, a, b, c, d in ops)
    return _Located(w0 + start, w0 + end, matched / total, rel)


def _dropped(loc: _Located) -> int:
    """Quote words the alignment leaves without any source counterpart."""
    return sum(b - a for tag, a, b, _, _ in loc.ops if tag == "delete")


def _paired(loc: _Located) -> int:
    """Source words standing opposite changed quote words."""
    return sum(d - c for tag, _, _, c, d in loc.ops if tag == "replace")


def _candidates(words: list[str], idx: SourceIndex, lo: int, hi: int) -> list[int]:
    """Likely start positions (token indexes) of the quote, best first."""
    distinct = [w for w in dict.fromkeys(words) if w != GAP and is_word(w)]
    counts = dict(zip(distinct, idx.counts(distinct), strict=True))
    ranked = sorted((w for w in distinct if counts[w]), key=counts.__getitem__)
    if not ranked:
        return []
    seeds = [w for w in ranked if counts[w] <= MAX_POSTINGS][:SEED_WORDS] or ranked[:1]
    diagonals = idx.diagonals(words, seeds, max(0, lo - len(words)), hi + len(words))
    if not len(diagonals):
        return []
    import numpy as np

    bins, votes = np.unique(diagonals // BIN, return_counts=True)
    best = np.argsort(-votes, kind="stable")[:WINDOWS]
    return [int(bins[i]) * BIN for i in best]


def _locate(part: QuotePart, doc: Searchable, lo: int, hi: int) -> _Located | None:
    idx = doc.index
    words = list(part.literal) if part.has_gap else part.words
    for at in idx.exact(words, lo, hi):  # as written; the source may carry "[the company]"
        n = len(words)
        return _Located(at, at + n, 1.0, (("literal", 0, len(part.words), 0, n),))
    if part.lenient:  # the quote copied a source's glued footnote digits ("day.3")
        n = len(part.lenient)
        for at in idx.exact(list(part.lenient), lo, hi, limit=ANCHOR_TRIES):
            if _same_words(doc, at, n, part.raw):
                return _Located(at, at + n, 1.0, (("literal", 0, len(part.words), 0, n),))
    if not part.has_gap:
        return _locate_words(part.words, idx, lo, hi, exact_tried=True)
    return _locate_pieces(part.words, idx, lo, hi)


def _same_words(doc: Searchable, at: int, n: int, raw: str) -> bool:
    """The source's own text at tokens [at, at + n), its glued digits kept, reads word for word
    as the quote does: the digits a source folds away as markers were the quote's too."""
    from checker.normalize import fold, token_texts

    idx, folded = doc.index, doc.folded
    a, _ = folded.span(idx.start(at), idx.end(at))
    _, b = folded.span(idx.start(at + n - 1), idx.end(at + n - 1))
    original = folded.original
    while b < len(original) and original[b].isdigit() and b - a < 10 * len(raw):
        b += 1  # a marker glued after the last word
    strict = token_texts(fold(original[a:b], footnotes=False).text)
    return strict == token_texts(fold(raw, footnotes=False).text)


def _locate_pieces(words: list[str], idx: SourceIndex, lo: int, hi: int) -> _Located | None:
    """A part with editorial [brackets]: its pieces are found like elided parts, each within
    EDITORIAL_MAX_TOKENS of the last, and each bracket faces the source words between them."""
    cuts = [-1] + [i for i, w in enumerate(words) if w == GAP] + [len(words)]
    pieces = [(a + 1, b) for a, b in pairwise(cuts)]
    weights = [sum(map(weight, words[a:b])) for a, b in pieces]
    anchor = max(range(len(pieces)), key=weights.__getitem__)
    a, b = pieces[anchor]
    first = _locate_words(words[a:b], idx, lo, hi)
    if first is None:
        return None
    found = {anchor: first}
    for k in range(anchor + 1, len(pieces)):
        a, b = pieces[k]
        prev = found.get(k - 1)
        if prev is None:
            break
        got = _locate_words(words[a:b], idx, prev.end, prev.end + EDITORIAL_MAX_TOKENS + 1)
        if got is not None:
            found[k] = got
    for k in range(anchor - 1, -1, -1):
        a, b = pieces[k]
        nxt = found.get(k + 1)
        if nxt is None:
            break
        got = _locate_words(words[a:b], idx, max(0, nxt.start - EDITORIAL_MAX_TOKENS - 1 - (b - a)), nxt.start)
        if got is not None and got.end <= nxt.start:
            found[k] = got
    start = min(loc.start for loc in found.values())
    end = max(loc.end for loc in found.values())
    ops: list[Op] = []
    cursor = 0  # source position, relative to start, after the last piece placed
    for k, (a, b) in enumerate(pieces):
        piece = found.get(k)
        if k > 0:  # the bracket before this piece faces the source words up to it
            upto = piece.start - start if piece else cursor
            ops.append(("replace", a - 1, a, cursor, max(cursor, upto)))
            cursor = max(cursor, upto)
        if piece is None:
            ops.append(("delete", a, b, cursor, cursor))
            continue
        shift = piece.start - start
        ops.extend((t, qa + a, qb + a, sc + shift, sd + shift) for t, qa, qb, sc, sd in piece.ops)
        cursor = piece.end - start
    score = sum(found[k].score * w for k, w in enumerate(weights) if k in found)
    return _Located(start, end, score / (sum(weights) or 1), tuple(ops))


def _locate_words(words: list[str], idx: SourceIndex, lo: int, hi: int, exact_tried: bool = False) -> _Located | None:
    n = len(words)
    for at in () if exact_tried else idx.exact(words, lo, hi):
        return _Located(at, at + n, 1.0, (("equal", 0, n, 0, n),))
    slack = max(8, n // 3)
    weights = list(map(weight, words))  # shared by the dozen alignments below
    best: _Located | None = None
    for d in _candidates(words, idx, lo, hi):
        w0, w1 = max(lo, d - slack), min(hi + n, d + BIN + n + slack, len(idx))
        if w0 >= w1:
            continue
        got = _align(words, weights, idx.tokens(w0, w1), w0)
        if got and (best is None or got.score > best.score):
            best = got
    if best is None:
        return None
    # Ties in the alignment can stretch a passage to a far-off common word ("the"); prefer the
    # tightest passage that keeps the score.
    spans = [(best.start, best.start + n + extra) for extra in (0, 1, 2, 4, 8)]
    spans += [(best.start + shift, best.end) for shift in (1, 2, 4, 8)]
    start, inner = best.start, idx.tokens(best.start, best.end)  # every span lies in it
    for w0, w1 in spans:
        if best.start <= w0 < w1 <= best.end and (w0, w1) != (best.start, best.end):
            got = _align(words, weights, inner[w0 - start : w1 - start], w0)
            if (
                got
                and got.score >= best.score - 1e-9
                and _dropped(got) <= _dropped(best)
                and _paired(got) >= _paired(best)
                and got.end - got.start < best.end - best.start
            ):
                best = got
    return best


def _tokens_in_chars(idx: SourceIndex, at: int, chars: int, forward: bool) -> int:
    """The token index about `chars` folded characters away from token `at`."""
    if forward:
        return min(len(idx), idx.token_at(idx.start(min(at, len(idx) - 1)) + chars))
    return max(0, idx.token_at(idx.start(max(at, 0)) - chars))


def _differences(part: QuotePart, loc: _Located, doc: Searchable) -> list[Difference]:
    idx, folded = doc.index, doc.folded
    out: list[Difference] = []

    def orig(i: int) -> str:
        a, b = folded.span(idx.start(i), idx.end(i))
        return folded.original[a:b]

    for tag, a, b, c, d in loc.ops:
        if tag in ("equal", "literal"):
            continue
        q = part.words[a:b]
        q_orig = part.originals(a, b)
        s = idx.tokens(loc.start + c, loc.start + d)
        s_orig = [orig(i) for i in range(loc.start + c, loc.start + d)]
        if tag in ("delete", "replace") and all(t.isdigit() for t in q) and _folded_away(doc, loc.start + c, q):
            out.append(
                Difference(
                    DiffClass.COSMETIC, "footnote", " ".join(q_orig), "", "a footnote marker the source glues to a word"
                )
            )
            continue
        if tag == "replace" and len(q) == len(s):
            # "forces4" in the quote where the source's marker was folded away: drop the pair
            glued = [k for k in range(len(q)) if _glued_marker(doc, loc.start + c + k, q[k], s[k])]
            if glued:
                out.extend(
                    Difference(
                        DiffClass.COSMETIC,
                        "footnote",
                        q_orig[k],
                        s_orig[k],
                        "a footnote marker the source glues to a word",
                    )
                    for k in glued
                )
                keep = [k for k in range(len(q)) if k not in glued]
                q, s = [q[k] for k in keep], [s[k] for k in keep]
                q_orig, s_orig = [q_orig[k] for k in keep], [s_orig[k] for k in keep]
                if not q:
                    continue
        out.extend(classify_op(tag, q, s, q_orig, s_orig))
    return out


_SENTENCE_END = {".", "!", "?", ";", ":"}


def _edge_bracket(bracket: str, doc: Searchable, at: int, forward: bool) -> list[Difference]:
    """An editorial bracket at the quote's edge, against the source words it may stand for: those
    between the passage and the sentence's edge, EDITORIAL_MAX_TOKENS at most. "[They have] said
    so" must not hide the "not" of "The government has not said so"."""
    idx = doc.index
    span = (
        range(at, min(len(idx), at + EDITORIAL_MAX_TOKENS))
        if forward
        else range(at - 1, max(-1, at - 1 - EDITORIAL_MAX_TOKENS), -1)
    )
    words: list[int] = []
    for i in span:
        if idx.tokens(i, i + 1)[0] in _SENTENCE_END:
            break
        words.append(i)
    words.sort()
    absorbed = [idx.tokens(i, i + 1)[0] for i in words]
    text = ""
    if words:
        a, _ = doc.folded.span(idx.start(words[0]), idx.end(words[0]))
        _, b = doc.folded.span(idx.start(words[-1]), idx.end(words[-1]))
        text = doc.folded.original[a:b]
    return editorial(bracket, absorbed, text)


def _glued_marker(doc: Searchable, at: int, quoted: str, source: str) -> bool:
    """The quote's word is the source's word plus the digits that folding dropped from the
    source's own text right after it ("hati2", "forces4")."""
    digits = quoted[len(source) :]
    if not (quoted.startswith(source) and digits.isdigit()):
        return False
    _, end = doc.folded.span(doc.index.start(at), doc.index.end(at))
    return doc.folded.original[end : end + len(digits)] == digits


def _folded_away(doc: Searchable, at: int, digits: list[str]) -> bool:
    """True when the source's own text, just before token `at`, holds these digits that
    folding dropped as a footnote marker (the quote kept "Institute 2", the source "Institute2")."""
    idx, folded = doc.index, doc.folded
    if at <= 0 or at >= len(idx):
        return False
    _, gap_start = folded.span(idx.start(at - 1), idx.end(at - 1))
    gap_end, _ = folded.span(idx.start(at), idx.end(at))
    return "".join(digits) == "".join(folded.original[gap_start:gap_end].split())


def _passage(doc: Searchable, first: int, last: int) -> Passage:
    idx, folded = doc.index, doc.folded
    start, _ = folded.span(idx.start(first), idx.end(first))
    _, end = folded.span(idx.start(last - 1), idx.end(last - 1))
    text = folded.original
    return Passage(
        text=text[start:end],
        start=start,
        end=end,
        before=text[max(0, start - CONTEXT_CHARS) : start],
        after=text[end : end + CONTEXT_CHARS],
    )


def _around(parts: Sequence[QuotePart], doc: Searchable, anchor: int, at: _Located) -> dict[int, _Located]:
    """Locate the other parts in order around the anchor part, each within the elision bound."""
    idx = doc.index
    located = {anchor: at}
    for i in range(anchor + 1, len(parts)):  # parts after the anchor, forwards
        prev = located[i - 1]
        hi = _tokens_in_chars(idx, prev.end, ELISION_MAX_CHARS, forward=True)
        loc = _locate(parts[i], doc, prev.end, hi)
        if loc is None:
            break
        located[i] = loc
    for i in range(anchor - 1, -1, -1):  # and before it, backwards
        nxt = located[i + 1]
        lo = _tokens_in_chars(idx, nxt.start, ELISION_MAX_CHARS, forward=False)
        loc = _locate(parts[i], doc, lo, nxt.start)
        if loc is None:
            break
        located[i] = loc if loc.end <= nxt.start else _Located(loc.start, loc.end, 0.0, loc.ops)
    return located


def _overall(parts: Sequence[QuotePart], located: dict[int, _Located]) -> float:
    got = sum(located[i].score * p.weight for i, p in enumerate(parts) if i in located)
    return got / (sum(p.weight for p in parts) or 1)


def match_quote(quote: str, doc: Searchable, found_score: float = Config.found_score) -> MatchResult:
    """Find `quote` in `doc` and judge it (verdict policy: checker.verdicts). `found_score` is
    the config's threshold (found_score) below which a quote or a part of it is not found.
    `doc` is a whole source or, for a source cited by few quotes, the regions of it where
    they can stand (checker.matching.regions.scope)."""
    from checker.verdicts import verdict_for

    parts = parse_quote(quote)
    if not parts:
        return MatchResult(Verdict.NOT_FOUND, 0.0, reason="the quote has no words to look for")
    anchor = anchor_of(parts)
    idx = doc.index
    if len(idx) == 0:
        return MatchResult(Verdict.NOT_FOUND, 0.0, reason="the source has no words")
    # The anchor part may stand in several places (a title repeats a sentence): with elisions,
    # keep the place where the other parts are found too.
    starts: list[_Located] = []
    if len(parts) > 1 and not parts[anchor].has_gap:
        n = len(parts[anchor].words)
        starts = [
            _Located(at, at + n, 1.0, (("equal", 0, n, 0, n),))
            for at in idx.exact(parts[anchor].words, limit=ANCHOR_TRIES)
        ]
    if not starts:
        got = _locate(parts[anchor], doc, 0, len(idx))
        if got is None or got.score < found_score:
            return MatchResult(
                Verdict.NOT_FOUND,
                round(got.score if got else 0.0, 3),
                reason="no passage of the source is close enough to the quote",
            )
        starts = [got]
    best: dict[int, _Located] = {}
    best_score = 0.0
    for at in starts:
        located = _around(parts, doc, anchor, at)
        score = _overall(parts, located)
        if not best or score > best_score:
            best, best_score = located, score
        if len(best) == len(parts) and best_score == 1.0:
            break
    differences: list[Difference] = []
    for i, part in enumerate(parts):
        loc = best.get(i)
        if loc is None or loc.score < found_score:
            differences.append(
                Difference(
                    DiffClass.SUBSTANTIVE,
                    "missing-part",
                    " ".join(part.originals(0, len(part.words))),
                    "",
                    "this part of the quote is not in the source near the rest",
                )
            )
            continue
        differences.extend(_differences(part, loc, doc))
        if part.lead and i == 0:
            differences.extend(_edge_bracket(part.lead, doc, loc.start, forward=False))
        if part.trail and i == len(parts) - 1:
            differences.extend(_edge_bracket(part.trail, doc, loc.end, forward=True))
    spans = sorted(best.values(), key=lambda x: x.start)
    passage = _passage(doc, spans[0].start, spans[-1].end)
    return MatchResult(verdict_for(differences), round(best_score, 3), passage, tuple(differences))
