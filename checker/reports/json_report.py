"""The contract's JSON report."""

from __future__ import annotations

import json

from checker.reports import RenderOptions
from checker.results import Report
from checker.serialize import report_to_dict


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
