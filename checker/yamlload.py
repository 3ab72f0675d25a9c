"""Safe YAML reading that keeps line numbers and refuses what other readers let slip.

libyaml (in C, when PyYAML has it) parses; a loop over its events builds the node tree,
counting depth and aliases as it goes (libyaml's own composer recurses in C and crashes the
process on a file nested 100,000 deep; PyYAML's recurses in Python and costs three times as
much). We build plain values from the nodes ourselves so that every mapping and list remembers
its lines, duplicate keys are an error rather than last-one-wins, and alias expansion is
bounded ("billion laughs"). No arbitrary objects: safe tags only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.composer import ComposerError
from yaml.resolver import Resolver

from checker.errors import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ALIASES = 100
MAX_NODES = 200_000
MAX_DEPTH = 100
# What YAML itself refuses as non-printable (C0/C1 controls, DEL, U+FFFE/FFFF), caught before
# the parser so the message can name the line.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Scalars read as text: strings, and the `=` key PyYAML reads as a string too.
_TEXT_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:value"})


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap"}


class LineDict(dict[str, Any]):
    """A mapping with the line of each key (1-based) and of itself."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int
    item_lines: list[int]


class YamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes = 0
        self.loader = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> YamlError:
        return YamlError(Problem(self.name, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} YAML nodes (alias bomb?); refused")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"YAML nested more than {MAX_DEPTH} levels deep; refused")
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"invalid YAML: tag {node.tag} is not allowed in a claim file")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            seq = LineList()
            seq.line = node.start_mark.line + 1
            seq.item_lines = []
            for item in node.value:
                seq.item_lines.append(item.start_mark.line + 1)
                seq.append(self.build(item, depth + 1))
            return seq
        if node.tag in _TEXT_TAGS:
            return node.value  # the common case, without the constructor's bookkeeping
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # an out-of-range date, a number of 5000 digits
            raise self.fail(
                node, f"cannot read {str(node.value)[:40]!r} as a number or date; put it in quotes if it is text"
            ) from None

    def mapping(self, node: yaml.MappingNode, depth: int) -> LineDict:
        """A mapping with its merge keys (<<) applied; a key given twice, here or through a
        merge, is an error rather than YAML's silent precedence."""
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        through_merge: dict[str, bool] = {}
        for key_node, value_node, merged in self.pairs(node, depth):
            key = self.build(key_node, depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise self.fail(key_node, "a mapping key must be a plain scalar")
            skey = str(key)
            if skey in out:
                if merged:
                    how = "twice through merge keys" if through_merge[skey] else "both here and through a merge key"
                    raise self.fail(node, f"key '{skey}' is given {how} (<<); write it once")
                raise self.fail(
                    key_node,
                    f"duplicate key '{skey}' (first at line {out.key_lines[skey]}); "
                    "remove one: YAML readers silently keep only the last",
                )
            through_merge[skey] = merged
            out.key_lines[skey] = key_node.start_mark.line + 1
            out[skey] = self.build(value_node, depth + 1)
        return out

    def pairs(self, node: yaml.MappingNode, depth: int) -> list[tuple[yaml.Node, yaml.Node, bool]]:
        """The mapping's own key/value pairs, then those its merge keys bring in (merged: True)."""
        if depth > MAX_DEPTH:  # a mapping that merges itself, through an alias
            raise self.fail(node, f"YAML nested more than {MAX_DEPTH} levels deep; refused")
        own: list[tuple[yaml.Node, yaml.Node, bool]] = []
        merged: list[tuple[yaml.Node, yaml.Node, bool]] = []
        for key, value in node.value:
            if key.tag != _MERGE_TAG:
                own.append((key, value, False))
                continue
            for part in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                if not isinstance(part, yaml.MappingNode):
                    raise self.fail(
                        part, f"invalid YAML: expected a mapping or list of mappings for merging, not {part.id}"
                    )
                merged += [(k, v, True) for k, v, _ in self.pairs(part, depth + 1)]
        self.nodes += len(merged)
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} YAML nodes (alias bomb?); refused")
        return own + merged


# libyaml's events where PyYAML was built with it, else PyYAML's own; either way through the
# public `yaml.parse`, composed below.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVE = cast(Callable[..., str], Resolver().resolve)  # PyYAML's own is untyped


def _refuse(problem: str, event: Any) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)


def _node(event: Any, kind: type) -> yaml.Node:
    """The node an event starts, its implicit tag resolved as a SafeLoader resolves it."""
    tag = event.tag
    if kind is yaml.ScalarEvent:
        if tag is None or tag == "!":
            tag = _RESOLVE(yaml.ScalarNode, event.value, event.implicit)
        return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    cls = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
    if tag is None or tag == "!":
        tag = _RESOLVE(cls, None, event.implicit)
    return cls(tag, [], event.start_mark, None, flow_style=event.flow_style)


_SKIPPED = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)


def compose(text: str) -> yaml.Node | None:
    """The node tree of the text's one document (None when it has none), as `yaml.compose`
    builds it, but with an explicit stack instead of PyYAML's recursion (three times faster on
    a large claims base), counting alias uses and depth as it goes: an anchor bomb is refused
    before it expands, and deep nesting before it costs anything."""
    open_: list[Any] = []  # the collections being filled, innermost last
    keys: list[Any] = []  # for each, the key node waiting for its value
    anchors: dict[str, yaml.Node] = {}
    aliases = 0
    document: Any = None  # the start of the document read
    root: yaml.Node | None = None
    events: Iterator[Any] = yaml.parse(text, Loader=_LOADER)  # typed as Event, which has no marks
    for event in events:
        kind = type(event)
        if kind in _SKIPPED:
            continue
        if kind is yaml.DocumentStartEvent:
            if document is not None:
                raise ComposerError(
                    "expected a single document in the stream",
                    document.start_mark,
                    "but found another document",
                    event.start_mark,
                )
            document = event
            continue
        if kind is yaml.AliasEvent:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _refuse(f"more than {MAX_ALIASES} aliases; refused", event)
            node = anchors.get(event.anchor)
            if node is None:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            node = open_.pop()
            keys.pop()
            node.end_mark = event.end_mark
        else:
            if len(open_) >= MAX_DEPTH:
                raise _refuse(f"nested more than {MAX_DEPTH} levels deep; refused", event)
            anchor = event.anchor
            if anchor is not None and anchor in anchors:
                raise ComposerError(
                    f"found duplicate anchor {anchor!r}; first occurrence",
                    anchors[anchor].start_mark,
                    "second occurrence",
                    event.start_mark,
                )
            node = _node(event, kind)
            if anchor is not None:  # before its children: an alias inside refers to it
                anchors[anchor] = node
            if kind is not yaml.ScalarEvent:
                open_.append(node)
                keys.append(None)
                continue
        if not open_:
            root = node
        elif type(open_[-1]) is yaml.SequenceNode:
            open_[-1].value.append(node)
        elif keys[-1] is None:
            keys[-1] = node
        else:
            open_[-1].value.append((keys[-1], node))
            keys[-1] = None
    return root


def _line_of(text: str, pos: int) -> int:
    """The 1-based line of `pos`, counting line breaks as YAML does (CRLF, CR, LF, NEL, LS, PS)."""
    return len(_BREAK.findall(text, 0, pos)) + 1


def read_text(path: Path, name: str) -> str:
    """The file's text as UTF-8, or a problem naming the line of the first bad byte."""
    with path.open("rb") as fh:  # read at most one byte past the limit: st_size can lie
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise YamlError(Problem(name, None, f"file is over the {MAX_FILE_BYTES} byte limit for a claim file; split it"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of(data[: exc.start].decode("utf-8-sig"), exc.start)
        raise YamlError(Problem(name, line, "not valid UTF-8; save the file as UTF-8")) from None
    bad = CONTROL.search(text)
    if bad:
        raise YamlError(
            Problem(name, _line_of(text, bad.start()), f"control character U+{ord(bad.group()):04X}; remove it")
        )
    return text


def _problem(name: str, exc: yaml.YAMLError, node: yaml.Node | None = None) -> YamlError:
    """One line naming file and line: PyYAML's own messages span several lines."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "unreadable"
    else:
        mark, what = None, str(exc).splitlines()[0] if str(exc) else "unreadable"
    if "maximum nesting depth" in what:  # libyaml's own limit, met first in flow style
        what = f"nested more than {MAX_DEPTH} levels deep; refused"
    mark = mark or (node.start_mark if node is not None else None)
    return YamlError(Problem(name, mark.line + 1 if mark else None, f"invalid YAML: {what}"))


def load_yaml(path: Path, name: str) -> Any:
    """Parse one YAML document into LineDict/LineList values; raises YamlError with file:line."""
    text = read_text(path, name)
    try:
        node = compose(text)
    except yaml.YAMLError as exc:
        raise _problem(name, exc) from None
    if node is None:
        return None
    try:
        return _Builder(name).build(node)
    except yaml.YAMLError as exc:
        raise _problem(name, exc, node) from None
