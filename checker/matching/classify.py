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
    from checker.normalize import fold, token_texts

    return token_texts(fold(text, footnotes=False).text)


def _bracket_substance(bracket: str, source: list[str]) -> str | None:
    """'number' or 'negation' when an editorial bracket changes a number, or brings in or
    hides a negation, against the source words it stands for."""
    inner = _words_of(bracket)
    have = {number_value(t) for t in source if has_digit(t)}
    if have and any(has_digit(t) and number_value(t) not in have for t in inner):
        return "number"
    if any(map(is_negation, inner)) != any(map(is_negation, source)):
        return "negation"
    return None


def editorial(bracket: str, absorbed: list[str], absorbed_text: str) -> list[Difference]:
    """The bracket against the source words it stands for."""
    wrong = _bracket_substance(bracket, absorbed)
    if wrong:
        return [
            Difference(S, wrong, bracket, absorbed_text, "an editorial bracket may not change a number or a negation")
        ]
    if len(absorbed) > EDITORIAL_MAX_TOKENS:
        return [
            Difference(
                S, "editorial", bracket, absorbed_text, f"an editorial bracket stands for {len(absorbed)} source words"
            )
        ]
    if any(map(has_digit, _words_of(bracket))) != any(map(has_digit, absorbed)):
        return [
            Difference(
                M,
                "editorial",
                bracket,
                absorbed_text,
                "an editorial bracket stands for words with another figure, or none",
            )
        ]
    return [Difference(C, "editorial", bracket, absorbed_text)] if absorbed else []


def _reference_markers(toks: list[str]) -> bool:
    """Only bracketed reference numbers, like `[12]` or `[3][4]`."""
    if len(toks) < 3 or len(toks) % 3:
        return False
    return all(toks[i] == "[" and toks[i + 1].isdigit() and toks[i + 2] == "]" for i in range(0, len(toks), 3))


def _join(words: Sequence[str]) -> str:
    return " ".join(words)


def classify_op(tag: str, q: list[str], s: list[str], q_orig: list[str], s_orig: list[str]) -> list[Difference]:
    """Differences for one alignment step. `q`/`s` are folded tokens, `*_orig` the originals."""
    if GAP in q:  # an editorial [bracket]: it may stand for a few source words
        keep = [i for i, t in enumerate(q) if t != GAP]
        gap_orig = " ".join(q_orig[i] for i, t in enumerate(q) if t == GAP)
        leading = q[0] == GAP
        q, q_orig = [q[i] for i in keep], [q_orig[i] for i in keep]
        # The quote's own words face the source words on their side; the bracket, the rest.
        cut = len(s) - len(q) if leading else len(q)
        cut = max(0, min(cut, len(s)))
        absorbed = s[:cut] if leading else s[cut:]
        absorbed_orig = s_orig[:cut] if leading else s_orig[cut:]
        s, s_orig = (s[cut:], s_orig[cut:]) if leading else (s[:cut], s_orig[:cut])
        bracket = editorial(gap_orig, absorbed, _join(absorbed_orig))
        if not q:
            return bracket
        tag = "replace" if s else "delete"
        return bracket + (classify_op(tag, q, s, q_orig, s_orig) if q != s else [])
    if tag in ("insert", "delete") and all(t in ("*", "_") for t in q or s):
        return [Difference(C, "markup", _join(q_orig), _join(s_orig), "emphasis marks")]
    if tag in ("insert", "delete") and _reference_markers(q or s):
        return [Difference(C, "footnote", _join(q_orig), _join(s_orig), "a reference marker")]
    qw = [t for t in q if is_word(t)]
    sw = [t for t in s if is_word(t)]
    # Words run together or split apart ("ReleaseFor", "re-elected") are spacing, but never
    # when that would hide a negation or a number ("not able" / "notable", "10 00" / "1000").
    joinable = len(qw) == len(sw) or not any(is_negation(t) or has_digit(t) for t in qw + sw)
    if tag == "replace" and "".join(q) == "".join(s) and joinable:
        if len(q) != len(s) and all(map(known_word, qw + sw)):
            return [Difference(M, "spacing", _join(q_orig), _join(s_orig), "two words or one")]
        return [Difference(C, "spacing", _join(q_orig), _join(s_orig))]
    if qw == sw:
        return [Difference(M, "punctuation", _join(q_orig), _join(s_orig))]
    if "".join(qw) == "".join(sw) and joinable:
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
