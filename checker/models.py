"""What a claim file says, as frozen dataclasses with the line each part came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FigureDecl:
    """A declared figure: a value that other claims may state under the same key."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Acceptance:
    """An editor's decision that a finding of this kind was reviewed and is accepted."""

    kind: str
    reason: str
    by: str | None = None
    until: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Citation:
    quote: str
    url: str | None
    file: str | None  # as written in the claim file
    path: Path | None  # `file` resolved against the claim file's folder
    line: int
    accessed: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    statement: str
    citations: tuple[Citation, ...]
    source_file: Path
    line: int
    figures: tuple[FigureDecl, ...] = ()
    accepted: tuple[Acceptance, ...] = ()
    root: Path = field(default=Path("."), compare=False)  # the tree `file:` paths must stay in
