"""Per-source limits: what one hostile source may cost before it becomes `unreachable`.

Set in the config's `[limits]` table (checker.toml, or [tool.checker.limits] in pyproject.toml);
every field is a key there. Parse time and memory per source are the pipeline's to enforce.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLimits:
    max_bytes: int = 100 * 1024 * 1024  # a local source file's size
    max_chars: int = 50_000_000  # extracted characters
    max_html_depth: int = 2000  # element nesting
    max_pdf_pages: int = 5000
    max_pdf_inflated_bytes: int = 256 * 1024 * 1024  # all non-image PDF streams, inflated
