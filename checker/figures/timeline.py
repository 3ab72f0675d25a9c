"""Figure timelines: for every `figures` key and every counted thing in the claims checked, the
values found with their sources and periods, ordered by period, and which of them conflict.

Schema (Report.timelines, rendered by every report format):
{"key", "kind": "declared"|"counted", "unit", "entries": [{"value", "low", "high", "period",
"claim", "source", "citation"}], "consistent", "conflicts": [[i, j], ...]}
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from checker.figures.findings import ClaimFigures, Sourced
from checker.figures.intervals import compatible
from checker.figures.pairing import same_thing


def _entry(s: Sourced) -> dict[str, Any]:
    d = s.figure.to_dict()
    source = "statement" if s.citation is None else s.source
    return {
        "value": d["text"],
        "low": d["low"],
        "high": d["high"],
        "period": d["period"],
        "claim": s.claim,
        "source": source,
        "citation": s.citation,
    }


def _timeline(
    key: str,
    kind: str,
    items: list[tuple[Sourced, int]],
    comparable: Callable[[Sourced, Sourced], bool],
    group: Callable[[Sourced], Hashable | None] = lambda s: 0,
) -> dict[str, Any]:
    """`items`: (figure, default year for sorting when its period names none). Only figures
    of one `group` (None: of none) can be comparable: a base's many counts of one thing are
    weighed period by period, not every one against every other."""
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for s, year in items:
        e = _entry(s)
        mark = (e["value"], e["low"], e["high"], e["period"], e["source"])
        if mark not in seen:
            seen.add(mark)
            unique.append((s, year))
    unique.sort(key=lambda x: x[0].figure.period.sort_key(x[1]) if x[0].figure.period else (x[1], 13, 32, 1))
    groups: dict[Hashable, list[int]] = {}
    for i, (s, _) in enumerate(unique):
        g = group(s)
        if g is not None:
            groups.setdefault(g, []).append(i)
    conflicts = sorted(
        [i, j]
        for members in groups.values()
        for n, i in enumerate(members)
        for j in members[n + 1 :]
        if comparable(unique[i][0], unique[j][0]) and not compatible(unique[i][0].figure, unique[j][0].figure)
    )
    return {
        "key": key,
        "kind": kind,
        "unit": unique[0][0].figure.unit if unique else "",
        "entries": [_entry(s) for s, _ in unique],
        "consistent": not conflicts,
        "conflicts": conflicts,
    }


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


def _counted_conflict(a: Sourced, b: Sourced) -> bool:
    """Across the base, counts of one thing are many episodes: only figures of different
    claims that state the very same period are weighed (within a claim, findings do it)."""
    pa, pb = a.figure.period, b.figure.period
    return a.claim != b.claim and pa is not None and pb is not None and pa.same(pb) and same_thing(a.figure, b.figure)


def _period_of(s: Sourced) -> Hashable | None:
    """What Period.same compares, as a key; None for a figure without a period."""
    p = s.figure.period
    return None if p is None else (p.marker, p.years, p.months, p.days)


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
    out += [_timeline(k, "counted", v, _counted_conflict, _period_of) for k, v in sorted(counted.items())]
    return tuple(out)


def distinct_entries(timeline: dict[str, Any]) -> list[dict[str, Any]]:
    """A timeline's entries less those that repeat the value just before (a statement and its
    quote often say the same), for the compact Figures section of the text reports."""
    out: list[dict[str, Any]] = []
    for e in timeline["entries"]:
        if not out or (out[-1]["low"], out[-1]["high"]) != (e["low"], e["high"]):
            out.append(e)
    return out


def shown(timelines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timelines worth a line in a text report: every declared key, and counted things with
    more than one distinct value or any conflict."""
    return [
        t
        for t in timelines
        if t["kind"] == "declared" or not t["consistent"] or len({(e["low"], e["high"]) for e in t["entries"]}) > 1
    ]


def summary(timeline: dict[str, Any], limit: int = 8) -> tuple[list[str], list[str]]:
    """Plain-text pieces of a timeline for text reports: its distinct values in order
    ("6,700 (between 9 and 12 August)"), and each conflict ("“a” (claim x) vs “b” (claim y)").
    The caller escapes them for its format."""
    values = [f"{e['value']} ({e['period']})" if e["period"] else str(e["value"]) for e in distinct_entries(timeline)]
    if len(values) > limit:
        values = [*values[:limit], f"… {len(values) - limit} more"]
    entries = timeline["entries"]
    conflicts = [
        f"“{entries[i]['value']}” ({entries[i]['claim']}) vs “{entries[j]['value']}” ({entries[j]['claim']})"
        for i, j in timeline["conflicts"]
    ]
    return values, conflicts
