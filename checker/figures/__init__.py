"""Figures: numbers with their qualifiers read as intervals, compared between a claim's
statement, its declared `figures` and its cited passages, and across claims (docs/figures.md)."""

from checker.figures.check import add_figures

__all__ = ["add_figures"]
