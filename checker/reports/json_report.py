"""The contract's JSON report.

One claim per line: readable in a diff, and written by json's C encoder (an `indent` makes
json fall back to its pure-Python encoder, several times slower on a 10,000-claim report).
"""

from __future__ import annotations

import json

from checker.reports import RenderOptions
from checker.results import Report
from checker.serialize import report_to_dict


def render(report: Report, options: RenderOptions) -> str:
    data = report_to_dict(report)
    claims = data.pop("claims")
    head = json.dumps(data, ensure_ascii=False)[:-1]
    body = ",\n".join(json.dumps(c, ensure_ascii=False) for c in claims)
    return f'{head}, "claims": [\n{body}\n]}}\n' if claims else f'{head}, "claims": []}}\n'
