"""Local `file:` citations: the claims tree as a fence, size limits, reading and extraction."""

from __future__ import annotations

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
    """Checks local citations before any reading: a file outside the claims tree is refused."""

    def __init__(self, allowed: Sequence[Path] = (), limits: SourceLimits | None = None) -> None:
        self.allowed = tuple(allowed)
        self.limits = limits or SourceLimits()

    def check(self, path: Path, root: Path) -> Unreachable | None:
        if not inside_root(path, root, self.allowed):
            return Unreachable(
                f"{display_path(path)} is outside the claims tree "
                f"({display_path(root)}); copy the source into the project or "
                "list its folder in the config's allowed_paths",
                "refused-path",
            )
        return None


def read_local(path: str, name: str, limits: SourceLimits | None = None) -> SourceDoc | Unreachable:
    """A local source's text, or why it cannot be read."""
    limits = limits or SourceLimits()
    p = Path(path)
    try:
        if not p.is_file():
            if p.exists():
                return Unreachable(f"{name} is not a regular file", "not-found")
            return Unreachable(
                f"no such file: {name}; check the 'file:' path (it is relative to the claim file's folder)", "not-found"
            )
        size = p.stat().st_size
        if size > limits.max_bytes:
            return Unreachable(
                f"{name} is {size} bytes, over the limit of {limits.max_bytes} (limits.max_bytes)", "too-large"
            )
        with p.open("rb") as fh:  # at most one byte past the limit, whatever stat said
            data = fh.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            return Unreachable(f"{name} is over the limit of {limits.max_bytes} bytes (limits.max_bytes)", "too-large")
    except OSError as exc:
        return Unreachable(f"cannot read {name}: {exc.strerror or exc}", "unreadable")
    try:
        return extract(data, origin=name, name=p.name, limits=limits)
    except SourceError as exc:
        return Unreachable(f"{name}: {exc.reason}", exc.category)
