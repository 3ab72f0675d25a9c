"""The project's own exceptions: anything else escaping to the CLI is an internal error."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located so that a person can fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class CheckerError(Exception):
    """An error the user can act on; the CLI prints it and exits 2."""


class ClaimsError(CheckerError):
    """Claim files that cannot be checked as asked; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SourceError(Exception):
    """A source that cannot be read; becomes an `unreachable` verdict with this reason."""

    def __init__(self, reason: str, category: str = "unreadable") -> None:
        self.reason = reason
        self.category = category
        super().__init__(reason)
