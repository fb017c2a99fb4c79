"""Language-agnostic suffix-chain morphology for lexicon matching.

A language pack describes its nominal suffixes as ordered optional slots (data, not code). This module
expands the slots into the set of allowed endings and answers the two questions the matchers ask:
"can this word be that stem plus allowed endings?" and "what is the comparison skeleton of a non-final
word?". Matching a stem plus a suffix chain, instead of stemming, never mangles unknown words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import product

from kgraph.memo import BoundedMemo


def expand_chain(slots: Sequence[Sequence[str]], normalize: Callable[[str], str] = str) -> frozenset[str]:
    """All concatenations of at most one item per slot, in slot order (every slot optional)."""
    options = [["", *(normalize(item) for item in slot)] for slot in slots]
    return frozenset("".join(parts) for parts in product(*options))


@dataclass(frozen=True)
class SuffixMorphology:
    """Allowed endings after a final word, and the skeleton rule for non-final words."""

    final_suffixes: frozenset[str]
    ezafe: tuple[str, ...]
    markers: tuple[str, ...]
    trailing: tuple[str, ...]
    min_stem: int
    short_label_suffixes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # word-level memo tables: news vocabulary repeats, so each word is analysed once
        object.__setattr__(self, "_stems_memo", BoundedMemo())
        object.__setattr__(self, "_skeleton_memo", BoundedMemo())

    @cached_property
    def max_suffix(self) -> int:
        return max(map(len, self.final_suffixes), default=0)

    def is_inflection_of(self, word: str, stem: str) -> bool:
        """True when ``word`` is ``stem`` followed by an allowed suffix chain."""
        if word == stem:
            return True
        return (
            len(stem) >= self.min_stem
            and word.startswith(stem)
            and word[len(stem) :] in self.final_suffixes
        )

    def stems(self, word: str) -> list[str]:
        """Every prefix of ``word`` that could be a stem under the allowed suffix chains, longest first."""
        memo = self._stems_memo  # type: ignore[attr-defined]
        if word not in memo:
            memo[word] = self._stems(word)
        return memo[word]

    def _stems(self, word: str) -> list[str]:
        found = [word]
        for cut in range(len(word) - 1, max(self.min_stem, len(word) - self.max_suffix) - 1, -1):
            if word[cut:] in self.final_suffixes:
                found.append(word[:cut])
        return found

    def skeleton(self, word: str) -> str:
        """Comparison form of a non-final word: ezafe, then a marker, then trailing vowels removed."""
        memo = self._skeleton_memo  # type: ignore[attr-defined]
        if word not in memo:
            memo[word] = self._skeleton(word)
        return memo[word]

    def _skeleton(self, word: str) -> str:
        for ending in self.ezafe:
            if word.endswith(ending) and len(word) - len(ending) >= self.min_stem:
                word = word[: -len(ending)]
                break
        for ending in self.markers:
            if word.endswith(ending) and len(word) - len(ending) >= self.min_stem:
                word = word[: -len(ending)]
                break
        while len(word) > self.min_stem and word[-1:] in self.trailing:
            word = word[:-1]
        return word
