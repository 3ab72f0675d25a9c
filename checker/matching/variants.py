"""Which word differences leave the meaning: spelling variants, transliterations, typos.

Everything here errs towards substance: a pair is minor only when a rule says so.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NEGATIONS = {
    "not",
    "no",
    "never",
    "none",
    "nor",
    "neither",
    "nobody",
    "nothing",
    "nowhere",
    "without",
    "cannot",
    "can't",
    "won't",
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "shouldn't",
    "wouldn't",
    "couldn't",
    "mustn't",
    "non",
    "lack",
    "lacks",
    "lacked",
    "fail",
    "fails",
    "failed",
    "refuse",
    "refused",
    "deny",
    "denied",
    "denies",
}
NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "a", "anti", "mis")

# British and American spellings, and protestor/protester: each pair folded to one spelling.
_SPELLING = [
    (re.compile(p), r)
    for p, r in [
        (r"isation", "ization"),
        (r"is(e|ed|es|ing)$", r"iz\1"),
        (r"ys(e|ed|es|ing)$", r"yz\1"),
        (r"our(s|ed|ing|ite|ful)?$", r"or\1"),
        (r"([^aeiou])re(s|d)?$", r"\1er\2"),
        (r"ence(s)?$", r"ense\1"),
        (r"ogue(s)?$", r"og\1"),
        (r"ll(ed|ing|er|ers)$", r"l\1"),
        (r"ae", "e"),
        (r"oe", "e"),
        (r"(.{6,})or(s)?$", r"\1er\2"),
        (r"'s$", ""),
    ]
]


def is_word(tok: str) -> bool:
    return tok.isalnum() or any(ch.isalnum() for ch in tok)  # most tokens: the first test


def has_digit(tok: str) -> bool:
    return any(ch.isdigit() for ch in tok)


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def number_value(tok: str) -> float | None:
    """A numeric token's value: `,` is a thousands separator only where it groups digits in
    threes ("6,700"); "1,5" or "67,00" are not read as 15 or 6700."""
    if "," in tok and not _THOUSANDS.fullmatch(tok):
        return None
    try:
        return float(tok.replace(",", ""))
    except ValueError:
        return None


def is_negation(tok: str) -> bool:
    return tok in NEGATIONS or tok.endswith("n't")


def negation_affix(a: str, b: str) -> bool:
    """True when one word is the other with a negating prefix: able/unable, legal/illegal."""
    short, long_ = sorted((a, b), key=len)
    return any(long_ in (p + short, p + "-" + short) for p in NEGATING_PREFIXES)


def _spelling_canon(w: str) -> str:
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    return w


NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
}


def spelling_variant(a: str, b: str) -> bool:
    """colour / color, organisation / organization, protestor / protester. Two different
    English words are never variants ("filled" / "filed"), and nor is a number word."""
    if min(len(a), len(b)) < 5 or a in NUMBER_WORDS or b in NUMBER_WORDS:
        return False
    if _spelling_canon(a) != _spelling_canon(b):
        return False
    agentive = min(len(a), len(b)) >= 8 and {a[-2:], b[-2:]} <= {"or", "er"} | {"rs"}
    return agentive or not (known_word(a) and known_word(b))


def _unaccent(w: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


_TRANSLIT = [
    (re.compile(p), r)
    for p, r in [
        (r"kh", "h"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"j", "y"),
        (r"ck", "k"),
        (r"tz|ts", "c"),
        (r"(au|ou)$", "ov"),
        (r"ou", "ov"),
        (r"(iy|yi|yy|ii|y|i)$", "i"),
        (r"q", "k"),
        (r"(.)\1", r"\1"),
    ]
]
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=4096)
def translit_form(w: str) -> str:
    w = _unaccent(w.lower())
    for pattern, repl in _TRANSLIT:
        w = pattern.sub(repl, w)
    return w


_MALE_ENDINGS = ("", "i", "y", "iy", "ij", "ii")
_FEMALE_ENDINGS = ("a", "aya", "aja", "aia", "ia")


def _gendered(a: str, b: str) -> bool:
    """Kolesnikov / Kolesnikova, Tsikhanouski / Tsikhanouskaya: a man's and a woman's form of
    one surname are two people, not two spellings."""
    a, b = a.lower(), b.lower()
    for x, y in ((a, b), (b, a)):
        for female in _FEMALE_ENDINGS:
            if not y.endswith(female):
                continue
            stem = y[: len(y) - len(female)]
            if any(x == stem + male for male in _MALE_ENDINGS if stem + male != y):
                return True
    return False


def transliteration_variant(a: str, b: str) -> bool:
    """Lukashenko / Lukashenka, Aleksandr / Alyaksandr / Alexander: the same name in two
    romanisations. Same consonant skeleton, or nearly the same letters and first letter."""
    from rapidfuzz.distance import Levenshtein

    if _gendered(a, b):
        return False
    fa, fb = translit_form(a), translit_form(b)
    if len(fa) < 4 or len(fb) < 4:
        return False
    if _VOWELS.sub("", fa) == _VOWELS.sub("", fb):
        return True
    return fa[0] == fb[0] and Levenshtein.normalized_similarity(fa, fb) >= 0.8


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """pyspellchecker's English word list (word: frequency), read straight from the file it
    ships: its own loader takes twice as long (the json module, then a copy with every key
    lower-cased, which they already are), and every worker process loads it."""
    import gzip
    from importlib.resources import files

    import orjson

    words: dict[str, int] = orjson.loads(
        gzip.decompress(files("spellchecker").joinpath("resources", "en.json.gz").read_bytes())
    )
    return words


def known_word(w: str) -> bool:
    return w.lower() in _dictionary()


def typo(a: str, b: str) -> bool:
    """A slip of the keyboard: a small edit, and at least one side is not an English word."""
    from rapidfuzz.distance import Levenshtein

    if min(len(a), len(b)) < 4 or not (a.isalpha() and b.isalpha()):
        return False
    dist = Levenshtein.distance(a, b)
    if dist > (1 if min(len(a), len(b)) < 7 else 2):
        return False
    return not (known_word(a) and known_word(b))
