"""A figure timeline (Report.timelines) laid out for the HTML report: a table's rows and a small
SVG chart of each entry's interval, with contradicting entries flagged. Only numbers and
geometry are computed here; the template escapes every word.

Timeline schema: {"key", "kind", "unit", "entries": [{"value", "low", "high", "period",
"claim", "source", "citation"}], "consistent", "conflicts": [[i, j], ...]}.
"""

from __future__ import annotations

import math
from typing import Any

WIDTH, ROW, LEFT, RIGHT, TOP, AXIS = 560, 22, 44, 16, 6, 26


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
        return None
    return float(x)


def _nice_step(span: float) -> float:
    raw = span / 4 or 1.0
    mag = 10.0 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * mag >= raw)


def _label(x: float) -> str:
    if abs(x) >= 1e6:
        return f"{x / 1e6:g}M"
    if abs(x) >= 1e4:
        return f"{x / 1e3:g}k"
    return f"{x:,.10g}"


def _axis(values: list[float]) -> tuple[float, float, list[float]]:
    lo, hi = min(values), max(values)
    if lo >= 0 and lo <= hi / 2:
        lo = 0.0  # counts read best from zero
    if lo == hi:
        lo, hi = lo - (abs(lo) * 0.1 or 1), hi + (abs(hi) * 0.1 or 1)
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ticks = [lo + i * step for i in range(round((hi - lo) / step) + 1)]
    return lo, hi, ticks


def timeline_view(t: dict[str, Any]) -> dict[str, Any]:
    entries = [e for e in t.get("entries", []) if isinstance(e, dict)]
    conflicts: dict[int, list[int]] = {}
    for pair in t.get("conflicts", []):
        if (
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(k, int) and 0 <= k < len(entries) for k in pair)
        ):
            i, j = pair
            conflicts.setdefault(i, []).append(j)
            conflicts.setdefault(j, []).append(i)
    ends = [_num(e.get(k)) for e in entries for k in ("low", "high")]
    bounds = [v for v in ends if v is not None]
    lo, hi, ticks = _axis(bounds) if bounds else (0.0, 1.0, [])
    inner = WIDTH - LEFT - RIGHT

    def x(v: float) -> float:
        return round(LEFT + (v - lo) / (hi - lo) * inner, 1)

    rows = []
    for n, e in enumerate(entries):
        low, high = _num(e.get("low")), _num(e.get("high"))
        y = TOP + n * ROW + ROW / 2
        bar = None
        if low is not None or high is not None:
            x0, x1 = x(low if low is not None else lo), x(high if high is not None else hi)
            bar = {"x0": x0, "x1": x1, "point": x1 - x0 < 3, "open_low": low is None, "open_high": high is None}
        rows.append(
            {
                "n": n + 1,
                "y": y,
                "bar": bar,
                "value": str(e.get("value", "")),
                "period": e.get("period") or "",
                "claim": str(e.get("claim", "")),
                "source": str(e.get("source", "")),
                "citation": e.get("citation"),
                "conflicts": sorted(j + 1 for j in conflicts.get(n, [])),
            }
        )
    height = TOP + len(rows) * ROW + AXIS
    return {
        "key": str(t.get("key", "")),
        "kind": str(t.get("kind", "")),
        "unit": str(t.get("unit", "")),
        "consistent": bool(t.get("consistent", True)),
        "rows": rows,
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": height - AXIS + 4,
        "ticks": [{"x": x(v), "label": _label(v)} for v in ticks],
    }
