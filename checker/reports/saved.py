"""Reading a saved JSON report back, so any format can be rendered again without re-checking."""

from __future__ import annotations

import json
from pathlib import Path

from checker.errors import CheckerError
from checker.results import Report

TIMELINE_KEYS = {"key", "kind", "unit", "entries", "consistent", "conflicts"}
HOW = "write one with `checker verify --format json --output FILE`"


def load_report(path: Path) -> Report:
    """The Report in a JSON file; a CheckerError with one line naming the file when it cannot be."""
    from checker.serialize import report_from_dict

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CheckerError(f"{path}: no such file; {HOW}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckerError(f"{path}: cannot read it ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CheckerError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); {HOW}") from None
    except RecursionError:
        raise CheckerError(f"{path}: JSON nested too deeply; refused") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise CheckerError(f"{path}: not a checker JSON report (no 'claims' list); {HOW}")
    try:
        report = report_from_dict(data)
        for t in report.timelines:  # every format reads these keys of a timeline
            if not t.keys() >= TIMELINE_KEYS or not all("value" in e for e in t["entries"]):
                raise ValueError("a figure timeline lacks one of " + ", ".join(sorted(TIMELINE_KEYS)))
        return report
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        what = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise CheckerError(f"{path}: not a checker JSON report ({what}); {HOW}") from None
