"""`checker accept`: record an editor's decision in the claim's YAML file.

The file is parsed with ruamel.yaml's round-trip composer for the positions of the claim and its
keys, the new entry is emitted by ruamel.yaml, and only that entry is spliced into the text:
re-dumping the whole document would re-indent every other line. Comments, key order, quoting
and layout of the rest of the file stay byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.atomic import write_atomic
from checker.claims import display_path
from checker.decisions import ACCEPTABLE_VERDICTS, REFUSED_VERDICTS
from checker.errors import CheckerError
from checker.models import Claim

KNOWN_KINDS = {
    "figure-mismatch",
    "figure-conflict",
    "source-disagreement",
    "figure-imprecise",
    "source-changed",
    "source-stale",
    "archived-source",
    *ACCEPTABLE_VERDICTS,
}


def parse_until(text: str | None, today: dt.date) -> dt.date | None:
    if text is None:
        return None
    try:
        until = dt.date.fromisoformat(text)
    except ValueError:
        raise CheckerError(f"--until: '{text}' is not a date; write it as YYYY-MM-DD") from None
    if until < today:
        raise CheckerError(f"--until: {until} is already past; give a date from today on")
    return until


def _last_end(node: Any) -> int:
    """Text offset just past the last scalar inside a node (marks of collections are vaguer)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    while isinstance(node, MappingNode | SequenceNode) and node.value:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    return int(node.end_mark.index)


def _next_line(text: str, index: int) -> int:
    if index == 0 or text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _entry_lines(fields: dict[str, Any]) -> list[str]:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096  # one line per key: the entry is indented as a block below
    out = io.StringIO()
    yaml.dump(fields, out)
    return out.getvalue().splitlines()


def _find_claim(root: Any, claim_id: str) -> Any:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(root, MappingNode):
        root = next((v for k, v in root.value if k.value == "claims"), None)
    for item in root.value if isinstance(root, SequenceNode) else ():
        if isinstance(item, MappingNode) and any(
            k.value == "id" and str(v.value).strip() == claim_id for k, v in item.value
        ):
            return item
    return None


def add_acceptance(text: str, claim_id: str, fields: dict[str, Any]) -> str:
    """The file's text with `fields` as an `accepted:` entry of the claim (replacing an entry of
    the same kind), everything else unchanged."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    item = _find_claim(YAML().compose(text), claim_id)
    if item is None:
        raise CheckerError(f"claim '{claim_id}' not found when editing the file")
    keys = {k.value: (k, v) for k, v in item.value}
    key_col = item.value[0][0].start_mark.column
    template = keys.get("accepted", keys.get("citations", (None, None)))[1]
    dash, body = key_col + 2, key_col + 4
    if isinstance(template, SequenceNode) and template.value and not template.flow_style:
        dash = template.start_mark.column
        body = template.value[0].start_mark.column
    lines = _entry_lines(fields)
    nl = "\r\n" if "\r\n" in text else "\n"  # the file's own line ends
    block = "".join(
        f"{' ' * dash}- {line}{nl}" if i == 0 else f"{' ' * body}{line}{nl}" for i, line in enumerate(lines)
    )
    if "accepted" not in keys:
        at = _next_line(text, _last_end(item))
        insert = f"{' ' * key_col}accepted:{nl}{block}"
    else:
        seq = keys["accepted"][1]
        if not isinstance(seq, SequenceNode) or seq.flow_style or not seq.value:
            raise CheckerError(
                f"claim '{claim_id}': its 'accepted:' is not a block list "
                "(- kind: ...); write it as one, or remove it, and run again"
            )
        same = [
            e
            for e in seq.value
            if isinstance(e, MappingNode) and any(k.value == "kind" and v.value == fields["kind"] for k, v in e.value)
        ]
        if same:
            start = _line_start(text, same[0].start_mark.index)
            end = _next_line(text, _last_end(same[0]))
            return text[:start] + block + text[end:]
        at = _next_line(text, _last_end(seq))
        insert = block
    if at == len(text) and text and not text.endswith("\n"):
        insert = nl + insert
    return text[:at] + insert + text[at:]


def accept(
    claims: Sequence[Claim],
    claim_id: str,
    kind: str,
    reason: str,
    until: str | None = None,
    by: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the acceptance into the claim's file (atomically) and return that file."""
    today = today or dt.date.today()
    if kind in REFUSED_VERDICTS:
        raise CheckerError(
            f"--kind {kind}: a '{kind}' citation cannot be accepted; correct the quote (or the source) instead"
        )
    reason = " ".join(reason.split())
    if not reason:
        raise CheckerError("--reason is empty; say why the finding is accepted")
    day = parse_until(until, today)
    claim = next((c for c in claims if c.id == claim_id), None)
    if claim is None:
        raise CheckerError(
            f"no claim with id '{claim_id}' in the claim files given; check the id (ids are listed in the report)"
        )
    fields: dict[str, Any] = {"kind": kind, "reason": reason}
    if by:
        fields["by"] = " ".join(by.split())
    if day:
        fields["until"] = day
    path = claim.source_file
    with path.open(encoding="utf-8", newline="") as fh:  # keep CRLF line ends as they are
        text = fh.read()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(bom)
    new = add_acceptance(text, claim_id, fields)
    _check_written(new, claim_id, fields, display_path(path))
    write_atomic(path, bom + new)
    return path


def _check_written(text: str, claim_id: str, fields: dict[str, Any], name: str) -> None:
    """Guard: the edited text must parse and hold the entry, or nothing is written."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(text)
        items = data.get("claims") if isinstance(data, dict) else data
        claim = next(c for c in items or () if str(c.get("id")).strip() == claim_id)
        ok = dict(fields) in claim.get("accepted", [])
    except (YAMLError, StopIteration, AttributeError, TypeError):
        ok = False
    if not ok:
        raise CheckerError(f"{name}: could not add the entry safely; nothing was written: add it by hand")
