"""Figure timelines: for every `figures` key and every counted thing in the claims checked, the
values found with their sources and periods, ordered by period, and which of them conflict.

Schema (Report.timelines, rendered by every report format):
{"key", "kind": "declared"|"counted", "unit", "entries": [{"value", "low", "high", "period",
"claim", "source", "citation"}], "consistent", "conflicts": [[i, j], ...]}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from checker.figures.findings import ClaimFigures, Sourced
from checker.figures.intervals import compatible
from checker.figures.pairing import same_thing


def _entry(s: Sourced) -> dict[str, Any]:
    d = s.figure.to_dict()
    source = "statement" if s.citation is None else s.source
    return {"value": d["text"], "low": d["low"], "high": d["high"], "period": d["period"],
            "claim": s.claim, "source": source, "citation": s.citation}


def _timeline(key: str, kind: str, items: list[tuple[Sourced, int]],
              comparable: Callable[[Sourced, Sourced], bool]) -> dict[str, Any]:
    """`items`: (figure, default year for sorting when its period names none)."""
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for s, year in items:
        e = _entry(s)
        mark = (e["value"], e["low"], e["high"], e["period"], e["source"])
        if mark not in seen:
            seen.add(mark)
            unique.append((s, year))
    unique.sort(key=lambda x: x[0].figure.period.sort_key(x[1]) if x[0].figure.period
                else (x[1], 13, 0))
    conflicts = [[i, j] for i, (a, _) in enumerate(unique) for j, (b, _) in enumerate(unique)
                 if i < j and comparable(a, b) and not compatible(a.figure, b.figure)]
    return {"key": key, "kind": kind, "unit": unique[0][0].figure.unit if unique else "",
            "entries": [_entry(s) for s, _ in unique], "consistent": not conflicts,
            "conflicts": conflicts}


def _claim_year(cf: ClaimFigures) -> int:
    years = [int(s.figure.low) for s in cf.statement if s.figure.kind == "year"]
    years += [y for s in cf.statement if s.figure.period for y in s.figure.period.years]
    return min(years, default=9999)


def counted_key(s: Sourced) -> str | None:
    """The counted thing a figure belongs to in the timelines, or None (years, ages, figures
    that say nothing of what they count)."""
    f = s.figure
    if f.kind in ("year", "age") or not (f.event or f.subject):
        return None
    if f.event and not f.subject and not f.unit:
        return f"people {f.event}"  # "thousands arrested": people, as the synonyms say
    return f.thing


def timelines(claims: Sequence[ClaimFigures]) -> tuple[dict[str, Any], ...]:
    declared: dict[str, list[tuple[Sourced, int]]] = {}
    counted: dict[str, list[tuple[Sourced, int]]] = {}
    for cf in claims:
        year = _claim_year(cf)
        for decl, s in cf.declared:
            if s is not None:
                declared.setdefault(decl.key, []).append((s, year))
        for s in cf.statement + tuple(x for cit in cf.citations for x in cit):
            key = counted_key(s)
            if key:
                counted.setdefault(key, []).append((s, year))
    out = [_timeline(k, "declared", v, lambda a, b: True) for k, v in sorted(declared.items())]
    out += [_timeline(k, "counted", v, lambda a, b: same_thing(a.figure, b.figure))
            for k, v in sorted(counted.items())]
    return tuple(out)
