"""Safe YAML reading that keeps line numbers and refuses what other readers let slip.

libyaml (in C, when PyYAML has it) parses; a loop over its events builds the node tree,
counting depth and aliases as it goes (libyaml's own composer recurses in C and crashes the
process on a file nested 100,000 deep; PyYAML's recurses in Python and costs three times as
much). We build plain values from the nodes ourselves so that every mapping and list remembers
its lines, duplicate keys are an error rather than last-one-wins, and alias expansion is
bounded ("billion laughs"). No arbitrary objects: safe tags only.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

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
        self.aliases_seen = 0
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
            own = {id(k) for k, _ in node.value if k.tag != _MERGE_TAG}
            self.loader.flatten_mapping(node)  # merge keys (<<)
            out = LineDict()
            out.line = node.start_mark.line + 1
            out.key_lines = {}
            first_merged: dict[str, bool] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, depth + 1)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise self.fail(key_node, "a mapping key must be a plain scalar")
                skey = str(key)
                if skey in out:
                    first = out.key_lines[skey]
                    if id(key_node) not in own or first_merged.get(skey, False):
                        raise self.fail(
                            node, f"key '{skey}' is given both here and through a merge key (<<); write it once"
                        )
                    raise self.fail(
                        key_node,
                        f"duplicate key '{skey}' (first at line {first}); "
                        "remove one: YAML readers silently keep only the last",
                    )
                first_merged[skey] = id(key_node) not in own
                out.key_lines[skey] = key_node.start_mark.line + 1
                out[skey] = self.build(value_node, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            seq = LineList()
            seq.line = node.start_mark.line + 1
            seq.item_lines = []
            for item in node.value:
                seq.item_lines.append(item.start_mark.line + 1)
                seq.append(self.build(item, depth + 1))
            return seq
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # the common case, without the constructor's bookkeeping
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # an out-of-range date, a number of 5000 digits
            raise self.fail(
                node, f"cannot read {str(node.value)[:40]!r} as a number or date; put it in quotes if it is text"
            ) from None


class _PyEvents(Reader, Scanner, Parser):
    """YAML events in pure Python, where PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


_Events: Any = _PyEvents
with contextlib.suppress(ImportError):  # C events and the Python composer: faster than
    from yaml._yaml import CParser as _Events  # CSafeLoader, and it counts as it goes


class _CountingLoader(Composer, _Events, SafeConstructor, Resolver):  # type: ignore[misc]
    """Composes the node tree with an explicit stack instead of PyYAML's recursion (three times
    faster on a large claims base), counting alias uses and depth as it goes: an anchor bomb is
    refused before it expands, and deep nesting before it costs anything."""

    aliases = 0

    def __init__(self, stream: str) -> None:
        _Events.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def _refuse(self, problem: str, event: Any) -> yaml.MarkedYAMLError:
        return yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)

    def compose_node(self, parent: Any, index: Any) -> Any:
        """The node that starts at the next event, with everything in it: PyYAML's
        Composer.compose_node, less its path resolvers (a SafeLoader has none)."""
        open_: list[Any] = []  # the collections being filled, innermost last
        keys: list[Any] = []  # for each, the key node waiting for its value
        resolve = cast(Callable[..., str], self.resolve)  # PyYAML's own is untyped
        while True:
            event = self.get_event()
            kind = type(event)
            if kind is yaml.AliasEvent:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise self._refuse(f"more than {MAX_ALIASES} aliases; refused", event)
                node = self.anchors.get(event.anchor)
                if node is None:
                    raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                node = open_.pop()
                keys.pop()
                node.end_mark = event.end_mark
            else:
                if len(open_) >= MAX_DEPTH:
                    raise self._refuse(f"nested more than {MAX_DEPTH} levels deep; refused", event)
                anchor = event.anchor
                if anchor is not None and anchor in self.anchors:
                    raise ComposerError(
                        f"found duplicate anchor {anchor!r}; first occurrence",
                        self.anchors[anchor].start_mark,
                        "second occurrence",
                        event.start_mark,
                    )
                tag = event.tag
                if kind is yaml.ScalarEvent:
                    if tag is None or tag == "!":
                        tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                else:
                    cls = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
                    if tag is None or tag == "!":
                        tag = resolve(cls, None, event.implicit)
                    node = cls(tag, [], event.start_mark, None, flow_style=event.flow_style)
                if anchor is not None:  # before its children: an alias inside refers to it
                    self.anchors[anchor] = node
                if kind is not yaml.ScalarEvent:
                    open_.append(node)
                    keys.append(None)
                    continue
            if not open_:
                return node
            if type(open_[-1]) is yaml.SequenceNode:
                open_[-1].value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                open_[-1].value.append((keys[-1], node))
                keys[-1] = None


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
    mark = mark or (node.start_mark if node is not None else None)
    return YamlError(Problem(name, mark.line + 1 if mark else None, f"invalid YAML: {what}"))


def load_yaml(path: Path, name: str) -> Any:
    """Parse one YAML document into LineDict/LineList values; raises YamlError with file:line."""
    text = read_text(path, name)
    try:
        loader = _CountingLoader(text)
    except yaml.YAMLError as exc:  # read_text already refuses what the reader would
        raise _problem(name, exc) from None
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _problem(name, exc) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _Builder(name).build(node)
    except yaml.YAMLError as exc:
        raise _problem(name, exc, node) from None
