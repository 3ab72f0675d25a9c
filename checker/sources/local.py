"""Local `file:` citations: size limits, the claims tree as a fence, one read per file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.claims import display_path, inside_root
from checker.errors import SourceError
from checker.sources.document import SourceDoc, extract
from checker.sources.limits import SourceLimits


@dataclass(frozen=True)
class Unreachable:
    """A source that could not be read, with a reason a person can act on."""

    reason: str
    category: str = "unreadable"


class LocalFiles:
    """Reads local sources once each; a file outside the claims tree is refused."""

    def __init__(self, allowed: Sequence[Path] = (), limits: SourceLimits | None = None) -> None:
        self.allowed = tuple(allowed)
        self.limits = limits or SourceLimits()
        self.max_bytes = self.limits.max_bytes
        self._cache: dict[str, SourceDoc | Unreachable] = {}

    def read(self, path: Path, root: Path) -> SourceDoc | Unreachable:
        key = os.path.realpath(path)
        if key not in self._cache:
            self._cache[key] = self._read(path, root)
        return self._cache[key]

    def _read(self, path: Path, root: Path) -> SourceDoc | Unreachable:
        name = display_path(path)
        if not inside_root(path, root, self.allowed):
            return Unreachable(f"{name} is outside the claims tree ({display_path(root)}); "
                               "copy the source into the project or list its folder in the config's "
                               "allowed_paths",
                               "refused-path")
        try:
            size = path.stat().st_size
            if not path.is_file():
                return Unreachable(f"{name} is not a regular file", "not-found")
            if size > self.max_bytes:
                return Unreachable(f"{name} is {size} bytes, over the limit of {self.max_bytes} "
                                   "(limits.max_bytes)", "too-large")
            with path.open("rb") as fh:  # at most one byte past the limit, whatever stat said
                data = fh.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                return Unreachable(f"{name} is over the limit of {self.max_bytes} bytes "
                                   "(limits.max_bytes)", "too-large")
        except FileNotFoundError:
            return Unreachable(f"no such file: {name}; check the 'file:' path (it is relative "
                               "to the claim file's folder)", "not-found")
        except OSError as exc:
            return Unreachable(f"cannot read {name}: {exc.strerror or exc}", "unreadable")
        try:
            return extract(data, origin=name, name=path.name, limits=self.limits)
        except SourceError as exc:
            return Unreachable(f"{name}: {exc.reason}", exc.category)
