"""Morphology-aware phrase matching of lexicon labels against tokens.

Labels (gazetteer names, multi-word triggers) are stored in a token trie keyed by each word's
*skeleton* (:meth:`SuffixMorphology.skeleton`), so a non-final word matches with or without ezafe and
definite markers, and the final word matches when it is the label's word plus an allowed suffix chain.
Compounds written joined or apart (سەرۆک وەزیران / سەرۆکوەزیران) are both indexed. A multi-word label
whose first word has a one-letter typo still matches when the rest matches exactly and the reading is
unambiguous. Language-agnostic: everything language-specific comes in through the morphology object.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import product

from kgraph.lang.morphology import SuffixMorphology
from kgraph.memo import BoundedMemo
from kgraph.text import Token

MAX_JOIN_TOKENS = 6
FUZZY_MIN_LENGTH = 5


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    ends: list[tuple[str, Hashable]] = field(default_factory=list)  # (final word as written, payload)


@dataclass(frozen=True)
class Match:
    first: int
    last: int  # exclusive token index
    payloads: tuple[Hashable, ...]
    fuzzy: bool = False


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


class PhraseMatcher:
    """A trie of key-form labels, matched longest-first over a token list."""

    def __init__(self, morphology: SuffixMorphology, fuzzy: bool = True,
                 fuzzy_exclude: frozenset[str] = frozenset(), short_suffixes: frozenset[str] | None = None):
        """``fuzzy_exclude``: words (key form) that are never read as a typo of a name (common words
        such as سوپاس "thanks" next to سوپا "army"); ``short_suffixes``: the only endings a label of at
        most four letters may take (ناتۆ / ناتوانین)."""
        self.morph = morphology
        self.fuzzy = fuzzy
        self.fuzzy_exclude = fuzzy_exclude
        self.short_suffixes = short_suffixes
        self._root = _Node()
        self._tails = _Node()  # labels without their first word, for typo-tolerant matching
        self._size = 0
        # word -> what _analyse learns of it
        self._memo: dict[str, tuple[str, set[str], set[str], bool, bool, str]] = BoundedMemo()

    def __len__(self) -> int:
        return self._size

    def add(self, label_key: str, payload: Hashable) -> None:
        """Index a label given in key form (words separated by single spaces)."""
        words = label_key.split()
        if not words:
            return
        for variant in self._join_variants(words):
            self._insert(self._root, variant, payload)
        if self.fuzzy and len(words) >= 2 and len(words[0]) >= FUZZY_MIN_LENGTH:
            self._insert(self._tails, words[1:], (words[0], payload))
        self._size += 1
        self._memo.clear()  # the start flags depend on the labels

    def _join_variants(self, words: list[str]) -> list[list[str]]:
        if len(words) == 1 or len(words) > MAX_JOIN_TOKENS:
            return [words]
        variants = []
        for joins in product((False, True), repeat=len(words) - 1):
            merged = [words[0]]
            for join, word in zip(joins, words[1:], strict=True):
                if join:
                    merged[-1] += word
                else:
                    merged.append(word)
            variants.append(merged)
        return variants

    def _insert(self, root: _Node, words: Sequence[str], payload: Hashable) -> None:
        node = root
        for word in words:
            node = node.children.setdefault(self.morph.skeleton(word), _Node())
        if (words[-1], payload) not in node.ends:
            node.ends.append((words[-1], payload))

    def match(self, tokens: Sequence[Token]) -> list[Match]:
        """Non-overlapping matches, longest first, then leftmost."""
        analyses = [self._analyse(t) if t.is_word else None for t in tokens]
        analyses.append(None)  # a sentinel: a walk stops at the end as at punctuation
        found: list[Match] = []
        for i in range(len(tokens)):
            here = analyses[i]
            if here is None:
                continue
            if here[3]:
                found.extend(self._walk(self._root, analyses, i))
            following = analyses[i + 1]
            if self.fuzzy and following is not None and following[4]:  # a label's tail may start next
                found.extend(self._walk_fuzzy(analyses, tokens, i))
        return self._select(found)

    def _analyse(self, token: Token) -> tuple[str, set[str], set[str], bool, bool, str]:
        """(word, its stems, their skeletons, may a label start here?, may a label's tail start here?,
        the word's own skeleton), memoised per word."""
        word = token.text
        found = self._memo.get(word)
        if found is None:
            stems = self.morph.stems(word)
            skeletons = {self.morph.skeleton(s) for s in stems}
            own = self.morph.skeleton(word)
            keys = {own, *skeletons}
            starts = not keys.isdisjoint(self._root.children)
            tail_starts = not keys.isdisjoint(self._tails.children)
            found = self._memo[word] = (word, set(stems), skeletons, starts, tail_starts, own)
        return found

    def _walk(self, root: _Node, analyses: list, start: int) -> list[Match]:
        found = []
        node = root
        i = start
        while i < len(analyses) and analyses[i] is not None:
            word, stems, final_keys, _, _, own_key = analyses[i]
            payloads = [
                payload
                for key in final_keys
                if (child := node.children.get(key)) is not None
                for final_word, payload in child.ends
                if final_word in stems and self._short_ok(word, final_word)
            ]
            if payloads:
                found.append(Match(start, i + 1, tuple(dict.fromkeys(payloads))))
            node = node.children.get(own_key)  # type: ignore[assignment]
            if node is None:
                break
            i += 1
        return found

    def _short_ok(self, word: str, label_word: str) -> bool:
        """A short label takes only the short endings: ناتۆ may be ناتۆی but not the start of ناتوانین."""
        if self.short_suffixes is None or len(label_word) > 4 or word == label_word:
            return True
        return word[len(label_word) :] in self.short_suffixes

    def _walk_fuzzy(self, analyses: list, tokens: Sequence[Token], start: int) -> list[Match]:
        """Matches of a label whose first word is ``start``'s word with one typo (the caller checked that
        a label's tail may start at the next token)."""
        word = analyses[start][0]
        if len(word) < FUZZY_MIN_LENGTH - 1 or not self.fuzzy_exclude.isdisjoint(analyses[start][1]):
            return []
        out = []
        for tail in self._walk(self._tails, analyses, start + 1):
            payloads = []
            for first_word, payload in tail.payloads:  # type: ignore[misc]
                stem_like = {first_word, self.morph.skeleton(first_word)}
                if word not in stem_like and any(edit_distance_at_most_one(word, s) for s in stem_like):
                    payloads.append(payload)
            if len(set(payloads)) == 1:
                out.append(Match(start, tail.last, (payloads[0],), fuzzy=True))
        return out

    @staticmethod
    def _select(found: list[Match]) -> list[Match]:
        found.sort(key=lambda m: (-(m.last - m.first), m.fuzzy, m.first))
        taken: set[int] = set()
        chosen = []
        for m in found:
            span = range(m.first, m.last)
            if taken.isdisjoint(span):
                chosen.append(m)
                taken.update(span)
        chosen.sort(key=lambda m: m.first)
        return chosen
