"""The one table of words that turn text into figures: qualifiers, vague quantities, number
words, and the synonyms that decide which figures are about the same thing.

Every entry is documented in docs/figures.md. A project can extend or override the tables with
a YAML file named by the config key `figures_vocabulary` (see `load_vocabulary`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

# Qualifier phrase -> how it bounds the number N:
#   gt/ge: [N, inf)   lt/le: [0, N]   near: [N - tol, N]   approx: [N - tol, N + tol]
#   exact: [N, N]. "More than N" keeps N inclusive so that wording alone never makes a conflict.
QUALIFIERS: dict[str, str] = {
    "more than": "gt",
    "over": "gt",
    "above": "gt",
    "in excess of": "gt",
    "upwards of": "gt",
    "at least": "ge",
    "no fewer than": "ge",
    "no less than": "ge",
    "a minimum of": "ge",
    "nearly": "near",
    "almost": "near",
    "close to": "near",
    "just under": "near",
    "about": "approx",
    "some": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "circa": "approx",
    "up to": "le",
    "at most": "le",
    "no more than": "le",
    "a maximum of": "le",
    "fewer than": "lt",
    "less than": "lt",
    "under": "lt",
    "below": "lt",
    "only": "exact",
    "exactly": "exact",
    "precisely": "exact",
    "just": "exact",
}

# Vague quantities -> [low, high]. Plural orders of magnitude stay inside their magnitude
# ("hundreds" is not 6,700), so that "hundreds detained" against "6,700" is a contradiction.
VAGUE: dict[str, tuple[float, float]] = {
    "a few": (2, 9),
    "several": (3, 9),
    "a handful of": (2, 9),
    "dozens": (24, 199),
    "scores": (40, 199),
    "hundreds": (100, 999),
    "thousands": (1_000, 9_999),
    "tens of thousands": (10_000, 99_999),
    "hundreds of thousands": (100_000, 999_999),
    "millions": (1_000_000, 999_999_999),
}

UNITS: dict[str, float] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "a hundred": 100,
    "a thousand": 1_000,
    "a million": 1_000_000,
    "half a million": 500_000,
    "half a dozen": 6,
}
MULTIPLIERS: dict[str, float] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# What a figure counts: the event (verbs and nouns) and who or what is counted. Figures are
# compared only when both name the same event, and the same subject where both name one.
EVENTS: dict[str, tuple[str, ...]] = {
    "detained": (
        "detained",
        "detain",
        "detaining",
        "detention",
        "detentions",
        "arrested",
        "arrest",
        "arrests",
        "arresting",
        "held",
        "apprehended",
        "rounded up",
        "roundup",
        "in custody",
        "into custody",
        "custody",
        "imprisoned",
        "jailed",
        "behind bars",
        "locked up",
    ),
    "on death row": ("death row",),
    "tortured": ("tortured", "torture", "ill-treated", "ill-treatment", "beaten"),
    "killed": ("killed", "died", "deaths", "dead", "shot dead", "lost their lives"),
    "convicted": ("convicted", "convictions", "conviction", "found guilty"),
    "charged": ("charged", "charges", "facing charges", "prosecuted"),
    "executed": ("executed", "executions"),
    "sentenced": ("sentenced", "sentences", "sentence", "handed down"),
    "re-elected": ("votes", "vote", "voted", "re-elected", "reelected", "elected"),
    "fined": ("fined", "fines"),
}
SUBJECTS: dict[str, tuple[str, ...]] = {
    "people": (
        "people",
        "individuals",
        "persons",
        "protesters",
        "protestors",
        "demonstrators",
        "detainees",
        "bystanders",
        "belarusians",
        "participants",
        "dissidents",
    ),
    "journalists": ("journalists", "media workers", "bloggers"),
    "human rights defenders": ("human rights defenders",),
    "activists": ("activists", "associates", "colleagues"),
    "complaints": ("complaints",),
    "testimonies": ("testimonies", "testimony"),
    "criminal cases": ("criminal cases",),
    "cases": ("cases",),
    "death sentences": ("death sentences",),
    "custodial sentences": ("custodial sentences",),
    "instances": ("instances", "incidents"),
    "items": ("items", "materials"),
    "men": ("men",),
    "women": ("women",),
    "officials": ("officials",),
    "languages": ("languages",),
    "countries": ("countries",),
}
# Units: a figure compares only with figures of the same unit.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "days": ("days", "day"),
    "years": ("years", "year"),
    "months": ("months", "month"),
    "hours": ("hours", "hour"),
    "weeks": ("weeks", "week"),
}
# Places that narrow a figure; the country itself is the whole base's context, so not one.
PLACES: tuple[str, ...] = (
    "Minsk",
    "Hrodna",
    "Grodno",
    "Salihorsk",
    "Brest",
    "Gomel",
    "Homel",
    "Mogilev",
    "Vitebsk",
    "Ukraine",
    "Lithuania",
    "Poland",
    "Russia",
)

# "about N": half the rounding unit of N, kept between these shares of N ("about 900" is
# 850-950; "about 20,000" is 18,000-22,000; "about 62,315" is 59,199-65,431).
APPROX_MIN, APPROX_MAX = 0.05, 0.10
# A statement figure is "imprecise" (more precise than its source) when it has this many more
# significant digits than every compatible source figure and a narrower interval.
PRECISION_DIGITS = 1


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so caches can key on it
class Vocabulary:
    qualifiers: dict[str, str] = field(default_factory=lambda: dict(QUALIFIERS))
    vague: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(VAGUE))
    events: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(EVENTS))
    subjects: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(SUBJECTS))
    places: tuple[str, ...] = PLACES
    approx_min: float = APPROX_MIN
    approx_max: float = APPROX_MAX
    precision_digits: int = PRECISION_DIGITS

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Each source job carries the vocabulary to a worker: unpickled, it becomes the one
        # object of that content in the worker, so that the patterns built from it (cached by
        # identity, some 3 ms of work) are built once per worker, not once per source.
        return _interned, tuple(getattr(self, f.name) for f in fields(self))

    def synonym(self, table: dict[str, tuple[str, ...]], word: str) -> str | None:
        """The canonical name whose synonyms include `word` (lower case), if any."""
        for name, words in table.items():
            if word in words or word == name:
                return name
        return None


_INTERNED: dict[str, Vocabulary] = {}


def _interned(*values: Any) -> Vocabulary:
    """The vocabulary of these field values: the same object for the same content."""
    key = repr(values)
    got = _INTERNED.get(key)
    if got is None:
        got = _INTERNED[key] = Vocabulary(*values)
    return got


DEFAULT = _interned(*Vocabulary().__reduce__()[1])


class VocabularyError(CheckerError):
    pass


def _words(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{where}: '{key}' must be a list of words")
    return tuple(v.strip().lower() for v in value)


def load_vocabulary(path: str | Path | None) -> Vocabulary:
    """The default tables, extended by a YAML file with any of the keys `qualifiers`
    (phrase: gt|ge|near|approx|le|lt|exact), `vague` (phrase: [low, high]), `events` and
    `subjects` (name: [synonyms]), `places` (list). A bad file is a VocabularyError naming it."""
    if not path:
        return DEFAULT
    from checker.yamlload import YamlError, load_yaml

    where = str(path)
    try:
        data = load_yaml(Path(path), where)
    except OSError as exc:
        raise VocabularyError(
            f"{where}: cannot read the figures vocabulary ({exc.strerror}); fix `figures_vocabulary` in the config"
        ) from None
    except YamlError as exc:
        raise VocabularyError(str(exc)) from None
    if not isinstance(data, dict):
        raise VocabularyError(f"{where}: must be a mapping of tables (qualifiers, vague, ...)")
    known = {"qualifiers", "vague", "events", "subjects", "places"}
    for key in data:
        if key not in known:
            raise VocabularyError(f"{where}: unknown key '{key}'; known keys: {', '.join(sorted(known))}")
    for table in ("qualifiers", "vague", "events", "subjects"):
        if not isinstance(data.get(table) or {}, dict):
            raise VocabularyError(f"{where}: '{table}' must be a table (phrase: value)")
    voc = DEFAULT
    for phrase, kind in (data.get("qualifiers") or {}).items():
        if kind not in set(QUALIFIERS.values()):
            raise VocabularyError(f"{where}: qualifier '{phrase}' must be one of gt, ge, near, approx, le, lt, exact")
        voc = replace(voc, qualifiers={**voc.qualifiers, str(phrase).lower(): kind})
    for phrase, bounds in (data.get("vague") or {}).items():
        ok = (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, int | float) for b in bounds)
            and bounds[0] <= bounds[1]
        )
        if not ok:
            raise VocabularyError(f"{where}: vague '{phrase}' must be [low, high]")
        voc = replace(voc, vague={**voc.vague, str(phrase).lower(): (bounds[0], bounds[1])})
    tables = {}
    for table in ("events", "subjects"):
        extra = {str(k).lower(): _words(where, f"{table}.{k}", v) for k, v in (data.get(table) or {}).items()}
        tables[table] = {**getattr(voc, table), **extra}
    voc = replace(voc, events=tables["events"], subjects=tables["subjects"])
    if "places" in data:
        voc = replace(voc, places=voc.places + tuple(p.title() for p in _words(where, "places", data["places"])))
    return voc
