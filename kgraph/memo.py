"""Bounded memo tables for per-word analyses.

The recognisers memoise what they learn about a word (its stems, whether it is a verb form). Over a
news archive the vocabulary keeps growing, so an unbounded memo would make memory grow with the corpus;
this table forgets everything once it holds ``limit`` entries, which keeps lookups as fast as a plain
dict (no LRU bookkeeping) and memory flat. Frequent words come back within a few documents.
"""

from __future__ import annotations

DEFAULT_LIMIT = 200_000


class BoundedMemo(dict):
    """A dict that empties itself when it reaches ``limit`` entries."""

    __slots__ = ("limit",)

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value) -> None:
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)
