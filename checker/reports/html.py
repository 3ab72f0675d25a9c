"""The editor's audit: one self-contained HTML file (inline CSS and script, nothing remote).

The page's frame (summary, filters, figure timelines) is rendered here with jinja2, autoescaped.
The claims travel as JSON in a data block and the inline script builds them page by page with
textContent only, so a 5,000-claim report opens quickly and no source text is ever parsed as
HTML. The Content-Security-Policy allows only the page's own script and style, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from checker.reports import RenderOptions
from checker.reports.timeline_svg import timeline_view
from checker.results import CitationResult, ClaimResult, DiffClass, Finding, Report, Status
from checker.standards.selectors import fragment_url
from checker.textfragment import text_fragment_url

STATUS_LABEL = {Status.PASS: "PASS", Status.WARN: "WARN", Status.FAIL: "FAIL"}
# Between two of the matcher's tokens the text may hold spaces, markup or emphasis marks.
_GLUE = r"(?:\s|<[^<>]{0,200}>|[*_])*"


def _asset(name: str) -> str:
    text = resources.files("checker.reports").joinpath("templates", name).read_text("utf-8")
    if re.search(r"</(script|style)", text, re.I):  # would end the inline block early
        raise ValueError(f"{name} must not contain a closing script or style tag")
    return text


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> data block or open a comment in it: every <, > and &
    (and the two line separators JavaScript once disallowed) as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def _marks(text: str, words: list[tuple[str, str, str]]) -> list[list[Any]]:
    """[start, end, class, kind] for each difference's words, found in order in `text`."""
    out: list[list[Any]] = []
    at = 0
    for phrase, cls, kind in words:
        toks = phrase.split()
        if not toks:
            continue
        m = re.compile(_GLUE.join(map(re.escape, toks))).search(text, at)
        if m is None:  # markup the matcher folded away: the difference is still in the table
            continue
        out.append([m.start(), m.end(), cls, kind])
        at = m.end()
    return out


def _http(url: str | None) -> str | None:
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _file_href(path: str, base: Path | None) -> str:
    target = Path(path).resolve()
    if base is not None:
        return quote(Path(os.path.relpath(target, base.resolve().parent)).as_posix())
    return target.as_uri()


def _citation(c: CitationResult, base: Path | None) -> dict[str, Any]:
    shown = [d for d in c.differences if d.cls is not DiffClass.COSMETIC]
    p = c.passage
    src = c.source
    view: dict[str, Any] = {
        "index": c.index,
        "verdict": c.verdict.value,
        "score": c.score,
        "quote": c.quote,
        "where": c.url or c.file or "",
        "file": c.file,
        "line": c.line,
        "quoteMarks": _marks(c.quote, [(d.quote, d.cls.value, d.kind) for d in shown]),
        "differences": [[d.cls.value, d.kind, d.quote, d.source, d.note] for d in shown],
        "reason": c.reason,
        "category": c.reason_category,
    }
    if p:
        view["passage"] = {
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "before": p.before,
            "after": p.after,
            "marks": _marks(p.text, [(d.source, d.cls.value, d.kind) for d in shown]),
        }
    links: list[list[str]] = []  # [label, link opening at the passage]
    for label, url in (("source", c.url), ("archived copy", src.archived_from if src else None)):
        if plain := _http(url):  # a web page: matched as the browser renders it
            links.append([label, fragment_url(replace(c, url=plain)) or plain])
    local = (
        [("local copy", src.origin if c.file and not _http(src.origin) else None), ("snapshot", src.snapshot)]
        if src
        else []
    )
    for label, path in local:
        if path:  # a file the browser shows as it is: matched on the raw text
            plain = _file_href(path, base)
            links.append([label, text_fragment_url(plain, p.text, p.before, p.after) if p else plain])
    view["links"] = links
    if src:
        view["kind"] = src.kind
    return view


def _finding(f: Finding) -> dict[str, Any]:
    data = f.data or {}
    figures = [
        {k: fig.get(k) for k in ("text", "low", "high", "source", "claim")}
        for fig in data.get("figures", [])
        if isinstance(fig, dict)
    ]
    return {
        "kind": f.kind,
        "severity": f.severity.value,
        "message": f.message,
        "accepted": f.accepted,
        "citation": f.citation,
        "figures": figures,
        "other": data.get("other_claim"),
    }


def claim_view(c: ClaimResult, base: Path | None = None) -> dict[str, Any]:
    return {
        "id": c.id,
        "statement": c.statement,
        "file": c.file,
        "line": c.line,
        "status": c.status.value,
        "label": STATUS_LABEL[c.status],
        "citations": [_citation(x, base) for x in c.citations],
        "findings": [_finding(f) for f in c.findings],
    }


def page_view(report: Report, base: Path | None = None) -> dict[str, Any]:
    """Everything the template and the script need, as plain data (also what tests inspect)."""
    counts = report.counts()
    sources: dict[str, int] = {}
    for c in report.claims:
        for where in dict.fromkeys(x.url or x.file or "" for x in c.citations):
            sources[where] = sources.get(where, 0) + 1
    return {
        "version": report.version,
        "started": report.started,
        "duration": report.duration_s,
        "offline": report.offline,
        "files": list(report.files),
        "total": len(report.claims),
        "counts": counts,
        "sources": sorted(sources.items()),
        "kinds": list(counts["finding"]),
        "claims": [claim_view(c, base) for c in report.claims],
        **_timelines(report),
    }


def _timelines(report: Report) -> dict[str, list[dict[str, Any]]]:
    """Declared keys and contradictions in view; counted things that agree folded away, as a
    large report counts many."""
    main: list[dict[str, Any]] = []
    more: list[dict[str, Any]] = []
    for t in (timeline_view(t) for t in report.timelines if isinstance(t, dict)):
        (more if t["kind"] == "counted" and t["consistent"] else main).append(t)
    return {"timelines": main, "timelines_more": more}


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("checker.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(report: Report, options: RenderOptions) -> str:
    from markupsafe import Markup

    view = page_view(report, options.link_base)
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    data = {k: view[k] for k in ("claims", "total")}
    return str(
        _environment()
        .get_template("report.html.j2")
        .render(view=view, csp=csp, css=Markup(css), js=Markup(js), data=Markup(json_for_script(data)))
    )
