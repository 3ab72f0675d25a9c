"""Safe YAML reading that keeps line numbers and refuses what other readers let slip.

PyYAML's SafeLoader composes the node tree (no arbitrary objects); we build plain values from it
ourselves so that every mapping and list remembers its lines, duplicate keys are an error rather
than last-one-wins, and alias expansion is bounded ("billion laughs").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from checker.errors import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ALIASES = 100
MAX_NODES = 200_000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
        self.seen: set[int] = set()
        self.aliases = 0
        self.nodes = 0
        self.loader = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> YamlError:
        return YamlError(Problem(self.name, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} YAML nodes (alias bomb?); refused")
        if depth > 100:
            raise self.fail(node, "YAML nested more than 100 levels deep; refused")
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:  # composed once, met again: an alias
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise self.fail(node, f"more than {MAX_ALIASES} aliases; refused")
            self.seen.add(id(node))
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"invalid YAML: tag {node.tag} is not allowed in a claim file")
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # merge keys (<<)
            out = LineDict()
            out.line = node.start_mark.line + 1
            out.key_lines = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, depth + 1)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise self.fail(key_node, "a mapping key must be a plain scalar")
                skey = str(key)
                if skey in out:
                    first = out.key_lines[skey]
                    raise self.fail(key_node, f"duplicate key '{skey}' (first at line {first}); "
                                    "remove one: YAML readers silently keep only the last")
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
        return self.loader.construct_object(node, deep=True)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path, name: str) -> str:
    """The file's text as UTF-8, or a problem naming the line of the first bad byte."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlError(Problem(name, None, f"file is {size} bytes, over the {MAX_FILE_BYTES} "
                                "byte limit for a claim file; split it"))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(Problem(name, line, "not valid UTF-8; save the file as UTF-8")) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise YamlError(Problem(name, line, f"control character U+{ord(bad.group()):04X}; remove it"))
    return text


def load_yaml(path: Path, name: str) -> Any:
    """Parse one YAML document into LineDict/LineList values; raises YamlError with file:line."""
    text = read_text(path, name)
    # libyaml composes the node tree in C (fast); aliases are still single shared nodes there,
    # so nothing is expanded before _Builder counts them.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        raise YamlError(Problem(name, line, f"invalid YAML: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(name, None, f"invalid YAML: {exc}")) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _Builder(name).build(node)
    except yaml.YAMLError as exc:
        raise YamlError(Problem(name, node.start_mark.line + 1, f"invalid YAML: {exc}")) from None
