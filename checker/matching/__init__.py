"""Finding a quote in a source and judging every difference between them."""

from checker.matching.matcher import MatchResult, match_quote

__all__ = ["MatchResult", "match_quote"]
