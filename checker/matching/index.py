"""A source's tokens and an inverted index over them, built once and shared by every quote.

Built with numpy in a few vectorised passes: token ids (int32), token starts (int32), and the
positions of every token grouped by id (CSR layout). About 12 bytes a token, some 2 bytes a
character of text; lookups are binary searches.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import count, repeat
from typing import Any

from checker.normalize import token_texts

SEPARATOR = "\x00"  # a token between the spans of a partial index; no text produces it


class SourceIndex:
    """Tokens of a folded text with their offsets, and where each distinct token occurs: of the
    whole text, or of some spans of it (checker.matching.regions), each cut at spaces, with a
    SEPARATOR token between them so that no passage runs from one into the next."""

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        import numpy as np  # lazy: only sources that are searched need it

        toks: list[str] = []
        starts, lengths = [], []
        for a, b in spans if spans is not None else [(0, len(text))]:
            if toks:
                toks.append(SEPARATOR)
                starts.append(np.array([a], dtype=np.int64))
                lengths.append(np.zeros(1, dtype=np.int64))
            piece = token_texts(text, a, b)
            length = np.fromiter(map(len, piece), dtype=np.int64, count=len(piece))
            # Every character of folded text but the single spaces belongs to exactly one
            # token, in order: token i starts at the k-th non-space character, k = the lengths
            # before it.
            chars = np.frombuffer(text[a:b].encode("utf-32-le"), dtype=np.uint32)
            before = np.zeros(len(piece), dtype=np.int64)
            np.cumsum(length[:-1], out=before[1:])
            starts.append(np.flatnonzero(chars != 32)[before] + a)
            lengths.append(length)
            toks += piece
        # One C-speed pass over toks: a new word gets the next id as it is first met.
        numbered: defaultdict[str, int] = defaultdict(count().__next__)
        ids = np.fromiter(map(numbered.__getitem__, toks), dtype=np.int32, count=len(toks))
        del toks
        vocab = dict(numbered)  # a plain dict: looking up a word must never add it
        self._np = np
        self.vocab = vocab
        self.words = list(vocab)
        self.ids = ids
        self.starts = np.concatenate(starts).astype(np.int32)
        self.lengths = np.concatenate(lengths).astype(np.int32)
        # numpy sorts 16-bit keys by radix, five times faster: most sources have fewer words.
        keys = ids.astype(np.uint16) if len(vocab) <= 1 << 16 else ids
        self.positions = np.argsort(keys, kind="stable").astype(np.int32)
        bins = np.bincount(ids, minlength=len(vocab))
        self.first = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(bins, out=self.first[1:])
        # A plain list: looking up a few words' counts costs less than a numpy call.
        self.occurrences: list[int] = bins.tolist()

    def __len__(self) -> int:
        return len(self.ids)

    def start(self, i: int) -> int:
        return int(self.starts[i])

    def end(self, i: int) -> int:
        """Folded offset just past token i."""
        return int(self.starts[i] + self.lengths[i])

    def tokens(self, a: int, b: int) -> list[str]:
        return list(map(self.words.__getitem__, self.ids[a:b].tolist()))

    def token_at(self, char: int) -> int:
        """Index of the first token starting at or after folded offset `char`."""
        return int(self.starts.searchsorted(char))

    def _postings(self, tok: str) -> Any:
        i = self.vocab.get(tok)
        return self.positions[:0] if i is None else self._postings_of(i)

    def _postings_of(self, i: int) -> Any:
        """Where the word with id i stands, in order."""
        return self.positions[self.first[i] : self.first[i + 1]]

    def counts(self, words: list[str]) -> list[int]:
        """How often each word occurs (0 for a word the source lacks)."""
        vocab, occurrences = self.vocab, self.occurrences
        return [occurrences[i] if (i := vocab.get(w)) is not None else 0 for w in words]

    def exact(self, words: list[str], lo: int = 0, hi: int | None = None, limit: int = 1) -> list[int]:
        """Token indexes (at most `limit`, in order) where `words` stand exactly, starting in
        [lo, hi)."""
        qids = list(map(self.vocab.get, words, repeat(-1, len(words))))
        if not words or -1 in qids:
            return []
        counts = [self.occurrences[i] for i in qids]
        j = counts.index(min(counts))
        hi = len(self) if hi is None else hi
        n, ids, found = len(words), self.ids, []
        p = self._postings_of(qids[j])
        starts = p[p.searchsorted(lo + j) : p.searchsorted(hi + j)] - j
        starts = starts[starts <= len(ids) - n]
        if len(starts) > 1:  # keep those where the next rarest word stands too, in one pass
            counts[j] = len(ids) + 1
            k = counts.index(min(counts))
            starts = starts[ids[starts + k] == qids[k]]
        for s in starts.tolist():  # few: the rarest words' occurrences
            if ids[s : s + n].tolist() == qids:
                found.append(s)
                if len(found) >= limit:
                    break
        return found

    def diagonals(self, words: list[str], seeds: list[str], lo: int, hi: int) -> Any:
        """For each occurrence of a seed word in [lo, hi), where the quote would start: the
        token index of the occurrence minus the word's place in the quote."""
        np = self._np
        at: dict[str, list[int]] = {w: [] for w in seeds}  # each seed's places in the quote
        for k, q in enumerate(words):
            if q in at:
                at[q].append(k)
        whole = lo <= 0 and hi >= len(self.ids)
        out: list[Any] = []
        for w in seeds:
            p = self._postings(w)
            if not whole:
                p = p[p.searchsorted(lo) : p.searchsorted(hi)]
            out.extend(p - j for j in at[w])
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int32)
