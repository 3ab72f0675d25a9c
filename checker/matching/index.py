"""A source's tokens and an inverted index over them, built once and shared by every quote."""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from checker.normalize import _TOKEN


class SourceIndex:
    """Tokens of a folded text with their offsets, and where each distinct token occurs."""

    def __init__(self, text: str) -> None:
        vocab: dict[str, str] = {}
        toks: list[str] = []
        starts = array("l")
        postings: dict[str, array] = {}  # type: ignore[type-arg]
        for i, m in enumerate(_TOKEN.finditer(text)):
            tok = m.group()
            tok = vocab.setdefault(tok, tok)  # share one string per distinct token
            toks.append(tok)
            starts.append(m.start())
            p = postings.get(tok)
            if p is None:
                postings[tok] = p = array("l")
            p.append(i)
        self.text = text
        self.toks = toks
        self.starts = starts
        self.postings = postings

    def __len__(self) -> int:
        return len(self.toks)

    def end(self, i: int) -> int:
        """Folded offset just past token i."""
        return self.starts[i] + len(self.toks[i])

    def count(self, tok: str) -> int:
        p = self.postings.get(tok)
        return len(p) if p is not None else 0

    def occurrences(self, tok: str, lo: int = 0, hi: int | None = None) -> Iterator[int]:
        from bisect import bisect_left

        p = self.postings.get(tok)
        if p is None:
            return
        hi = len(self.toks) if hi is None else hi
        for k in range(bisect_left(p, lo), len(p)):
            if p[k] >= hi:
                break
            yield p[k]

    def exact(self, words: list[str], lo: int = 0, hi: int | None = None,
              limit: int = 1) -> list[int]:
        """Token indexes (at most `limit`, in order) where `words` stand exactly, starting in
        [lo, hi)."""
        if not words:
            return []
        n, j = min((self.count(w), j) for j, w in enumerate(words))
        if n == 0:
            return []
        hi = len(self.toks) if hi is None else hi
        size = len(words)
        toks = self.toks
        found = []
        for p in self.occurrences(words[j], lo + j, hi + j):
            s = p - j
            if toks[s:s + size] == words:
                found.append(s)
                if len(found) >= limit:
                    break
        return found
