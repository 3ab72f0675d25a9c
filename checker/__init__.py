"""checker: verify that quotes stand in their sources and that figures agree.

The library can be used without the CLI::

    from checker import load_claims, verify, VerifyOptions
    claims = load_claims(["claims/"])
    report = verify(claims, VerifyOptions(offline=True))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["VerifyOptions", "__version__", "load_claims", "verify"]

if TYPE_CHECKING:  # pragma: no cover
    from checker.claims import load_claims
    from checker.pipeline import VerifyOptions, verify


def __getattr__(name: str) -> Any:
    # Lazy so that `checker --version` does not import the matching stack.
    if name == "load_claims":
        from checker.claims import load_claims

        return load_claims
    if name in ("verify", "VerifyOptions"):
        from checker import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
