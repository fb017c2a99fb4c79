"""Text with an exact map from a normalised form back to the original characters.

Language packs normalise text for matching (letter variants, digits, joiners, spelling variants). Every
character of the normalised *key* remembers the half-open range of original characters it came from, so
any span found in the key maps back to offsets in the text as the user gave it. This is the spaCy idea of
keeping ``start_char``/``end_char`` on every span, applied across a lossy normalisation.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import NamedTuple


class NormalizedText:
    """A normalised key string plus, for each key character, its original ``[start, end)`` range."""

    __slots__ = ("_ends", "_starts", "key", "original")

    def __init__(self, original: str, key: str, starts: array, ends: array):
        if not len(key) == len(starts) == len(ends):
            raise ValueError("key and offset arrays differ in length")
        self.original = original
        self.key = key
        self._starts = starts
        self._ends = ends

    @classmethod
    def identity(cls, text: str) -> NormalizedText:
        """A key equal to the text itself (used by packs that need no normalisation)."""
        return cls(text, text, array("l", range(len(text))), array("l", range(1, len(text) + 1)))

    def offset_maps(self) -> tuple[array, array]:
        """Per key character, its first original offset and the original offset it ends at."""
        return self._starts, self._ends

    def original_span(self, key_start: int, key_end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covered by key characters ``[key_start, key_end)``."""
        if not 0 <= key_start < key_end <= len(self.key):
            raise IndexError(f"key span {key_start}:{key_end} outside 0:{len(self.key)}")
        return self._starts[key_start], self._ends[key_end - 1]


class KeyBuilder:
    """Accumulates a key string and its offset map piece by piece, in original order."""

    __slots__ = ("_chars", "_ends", "_original", "_starts")

    def __init__(self, original: str):
        self._original = original
        self._chars: list[str] = []
        self._starts = array("l")
        self._ends = array("l")

    def copy(self, key_text: str, orig_start: int) -> None:
        """Append ``key_text`` whose characters map one-to-one onto the original from ``orig_start``."""
        self._chars.append(key_text)
        self._starts.extend(range(orig_start, orig_start + len(key_text)))
        self._ends.extend(range(orig_start + 1, orig_start + len(key_text) + 1))

    def emit(self, key_text: str, orig_start: int, orig_end: int) -> None:
        """Append ``key_text`` standing, as a whole, for ``original[orig_start:orig_end]``."""
        self._chars.append(key_text)
        for _ in key_text:
            self._starts.append(orig_start)
            self._ends.append(orig_end)

    def build(self) -> NormalizedText:
        return NormalizedText(self._original, "".join(self._chars), self._starts, self._ends)


class Token(NamedTuple):
    """A word or punctuation token: its key text and both key and original offsets.

    A named tuple rather than a frozen dataclass: as immutable, and three times cheaper to make, which
    counts at one per word of every document.
    """

    index: int
    text: str
    key_start: int
    key_end: int
    start: int
    end: int
    is_word: bool


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text (end exclusive) with the tokens it covers."""

    start: int
    end: int
    first_token: int
    last_token: int  # exclusive

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end
