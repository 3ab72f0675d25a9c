"""Word-by-word alignment of a quote against a passage, and the class of every difference."""

from __future__ import annotations

from collections.abc import Sequence

from checker.matching.quote import EDITORIAL_MAX_TOKENS, GAP
from checker.matching.variants import (
    has_digit,
    is_negation,
    is_word,
    known_word,
    negation_affix,
    number_value,
    spelling_variant,
    transliteration_variant,
    typo,
)
from checker.results import DiffClass, Difference

C, M, S = DiffClass.COSMETIC, DiffClass.MINOR, DiffClass.SUBSTANTIVE


def _capitalised(orig: str) -> bool:
    return bool(orig) and orig[0].isupper()


def classify_pair(q: str, s: str, q_orig: str, s_orig: str) -> Difference:
    """One quote word against the one source word it stands for."""
    if has_digit(q) or has_digit(s):
        qv, sv = number_value(q), number_value(s)
        if qv is not None and qv == sv:
            return Difference(M, "number-format", q_orig, s_orig, "same number, written differently")
        return Difference(S, "number", q_orig, s_orig)
    if is_negation(q) != is_negation(s) or negation_affix(q, s):
        return Difference(S, "negation", q_orig, s_orig)
    if q.replace("'", "") == s.replace("'", "") or q.removesuffix("'s") == s.removesuffix("'s"):
        return Difference(M, "punctuation", q_orig, s_orig)
    if spelling_variant(q, s):
        return Difference(M, "spelling", q_orig, s_orig, "spelling variant")
    both_known = known_word(q) and known_word(s)
    if _capitalised(q_orig) and _capitalised(s_orig) and not both_known:
        if transliteration_variant(q, s):
            return Difference(M, "transliteration", q_orig, s_orig, "the same name, spelt another way")
        return Difference(S, "name", q_orig, s_orig)
    if typo(q, s):
        return Difference(M, "typo", q_orig, s_orig, "a typo that changes no number, name or negation")
    return Difference(S, "changed-word", q_orig, s_orig)


def _words_of(text: str) -> list[str]:
    from checker.normalize import fold, tokens

    return [t for t, _, _ in tokens(fold(text).text)]


def _bracket_substance(bracket: str, source: list[str]) -> str | None:
    """'number' or 'negation' when an editorial bracket brings in a number or a negation that
    the source words it stands for do not have."""
    inner = _words_of(bracket)
    have = {number_value(t) for t in source if has_digit(t)}
    if have and any(has_digit(t) and number_value(t) not in have for t in inner):
        return "number"
    if any(is_negation(t) for t in inner) and not any(is_negation(t) for t in source):
        return "negation"
    return None


def _reference_markers(toks: list[str]) -> bool:
    """Only bracketed reference numbers, like `[12]` or `[3][4]`."""
    if len(toks) < 3 or len(toks) % 3:
        return False
    return all(toks[i] == "[" and toks[i + 1].isdigit() and toks[i + 2] == "]"
               for i in range(0, len(toks), 3))


def _join(words: Sequence[str]) -> str:
    return " ".join(words)


def classify_op(tag: str, q: list[str], s: list[str], q_orig: list[str],
                s_orig: list[str]) -> list[Difference]:
    """Differences for one alignment step. `q`/`s` are folded tokens, `*_orig` the originals."""
    if GAP in q:  # an editorial [bracket]: it may stand for a few source words
        keep = [i for i, t in enumerate(q) if t != GAP]
        gap_orig = " ".join(q_orig[i] for i, t in enumerate(q) if t == GAP)
        q, q_orig = [q[i] for i in keep], [q_orig[i] for i in keep]
        wrong = _bracket_substance(gap_orig, s)
        if wrong:
            return [Difference(S, wrong, gap_orig, _join(s_orig),
                               "an editorial bracket may not change a number or a negation")]
        if any(has_digit(t) for t in _words_of(gap_orig)) and not any(map(has_digit, s)):
            return [Difference(M, "editorial", gap_orig, _join(s_orig),
                               "an editorial bracket adds a figure the source does not give here")]
        if not q:
            if len(s) > EDITORIAL_MAX_TOKENS:
                return [Difference(S, "editorial", gap_orig, _join(s_orig),
                                   f"an editorial bracket stands for {len(s)} source words")]
            return [Difference(C, "editorial", gap_orig, _join(s_orig))] if s else []
        extra = len(s) - len(q)
        if extra > 0:  # the bracket absorbs the source words the quote's own words leave over
            s, s_orig = s[:len(q)], s_orig[:len(q)]
        tag = "replace" if s else "delete"
    if tag in ("insert", "delete") and _reference_markers(q or s):
        return [Difference(C, "footnote", _join(q_orig), _join(s_orig), "a reference marker")]
    if tag == "replace" and "".join(q) == "".join(s):
        return [Difference(C, "spacing", _join(q_orig), _join(s_orig))]
    qw = [t for t in q if is_word(t)]
    sw = [t for t in s if is_word(t)]
    if qw == sw:
        return [Difference(M, "punctuation", _join(q_orig), _join(s_orig))]
    if "".join(qw) == "".join(sw):
        return [Difference(M, "spelling", _join(q_orig), _join(s_orig), "hyphenation or spacing")]
    if tag == "replace" and len(q) == len(s):
        out = []
        for a, b, ao, bo in zip(q, s, q_orig, s_orig, strict=True):
            if a != b:
                out.append(classify_pair(a, b, ao, bo))
        return out
    if tag == "replace" and len(qw) == len(sw):
        qo = [o for t, o in zip(q, q_orig, strict=True) if is_word(t)]
        so = [o for t, o in zip(s, s_orig, strict=True) if is_word(t)]
        return classify_op("replace", qw, sw, qo, so)
    return [_changed(q, s, _join(q_orig), _join(s_orig), tag)]


def _changed(q: list[str], s: list[str], q_text: str, s_text: str, tag: str) -> Difference:
    words = [t for t in q + s if is_word(t)]
    if any(has_digit(t) for t in words):
        kind = "number"
    elif any(is_negation(t) for t in words):
        kind = "negation"
    elif tag == "delete":
        kind = "added-word"
    elif tag == "insert":
        kind = "dropped-word"
    else:
        kind = "changed-word"
    return Difference(S, kind, q_text, s_text)

