"""Morphology-aware phrase matching (kgraph.matching.PhraseMatcher) with the Sorani pack."""

from __future__ import annotations

from collections.abc import Hashable

import pytest

from kgraph.lang.base import LanguagePack
from kgraph.matching import PhraseMatcher, edit_distance_at_most_one


def build(pack: LanguagePack, labels: dict[str, Hashable], fuzzy: bool = True) -> PhraseMatcher:
    matcher = PhraseMatcher(pack.morphology, fuzzy=fuzzy)
    for label, payload in labels.items():
        matcher.add(pack.key(label), payload)
    return matcher


def find(pack: LanguagePack, matcher: PhraseMatcher, text: str) -> list[tuple[str, tuple, bool]]:
    """Matches as (original text covered, payloads, fuzzy)."""
    tokens = pack.tokenize(pack.normalize(text))
    return [
        (text[tokens[m.first].start : tokens[m.last - 1].end], m.payloads, m.fuzzy)
        for m in matcher.match(tokens)
    ]


LABELS = {
    "سەرۆک وەزیرانی عێراق": "pm",
    "عێراق": "iraq",
    "ئەنجومەنی نوێنەرانی عێراق": "parliament",
    "هێزی پێشمەرگە": "peshmerga",
}


@pytest.fixture(scope="module")
def matcher(pack: LanguagePack) -> PhraseMatcher:
    return build(pack, LABELS)


@pytest.mark.parametrize(
    ("text", "covered", "payload"),
    [
        ("سەرۆک وەزیرانی عێراقیش گەیشتە واشنتن.", "سەرۆک وەزیرانی عێراقیش", "pm"),
        ("لە ئەنجومەنی نوێنەرانی عێراقدا یاساکە پەسەند کرا.", "ئەنجومەنی نوێنەرانی عێراقدا", "parliament"),
        ("نوێنەری ئەنجوومەنی نوێنەرانی عێراق ئامادە بوو.", "ئەنجوومەنی نوێنەرانی عێراق", "parliament"),
    ],
)
def test_multiword_label_matches_with_inflected_last_word(pack, matcher, text: str, covered: str,
                                                          payload: str) -> None:
    """The last word may carry clitics or postpositions; spelling variants meet in the key."""
    assert (covered, (payload,), False) in find(pack, matcher, text)


def test_non_final_word_matches_with_definite_plural_ezafe(pack, matcher) -> None:
    """A non-final word with -ەکانی (definite plural + ezafe) still matches the label's bare word."""
    text = "هێزەکانی پێشمەرگە گەیشتنە شارەکە."
    assert find(pack, matcher, text) == [("هێزەکانی پێشمەرگە", ("peshmerga",), False)]


def test_joined_compound_matches_label_written_apart(pack, matcher) -> None:
    """سەرۆکوەزیرانی عێراق (joined) matches the label سەرۆک وەزیرانی عێراق (apart)."""
    text = "سەرۆکوەزیرانی عێراق گەیشتە واشنتن."
    assert find(pack, matcher, text) == [("سەرۆکوەزیرانی عێراق", ("pm",), False)]


def test_label_written_joined_does_not_match_text_written_apart(pack) -> None:
    """By design only the label's spaces may be closed up: a joined label does not split in the text."""
    joined = build(pack, {"سەرۆکوەزیرانی عێراق": "pm"})
    assert find(pack, joined, "سەرۆکوەزیرانی عێراق گەیشت.") == [("سەرۆکوەزیرانی عێراق", ("pm",), False)]
    assert find(pack, joined, "سەرۆک وەزیرانی عێراق گەیشت.") == []


def test_longest_match_wins(pack, matcher) -> None:
    """The three-word label wins over the one-word label عێراق it contains."""
    hits = find(pack, matcher, "ئەنجومەنی نوێنەرانی عێراق یاساکەی پەسەند کرد.")
    assert hits == [("ئەنجومەنی نوێنەرانی عێراق", ("parliament",), False)]


def test_shorter_label_matches_where_the_longer_one_does_not(pack, matcher) -> None:
    """Without the full phrase, the one-word label is found on its own."""
    hits = find(pack, matcher, "شاندێکی عێراق گەیشتە تاران.")
    assert hits == [("عێراق", ("iraq",), False)]


TYPO = "ئەنجومنی نوێنەرانی عێراق ئامادە بوو."  # one letter dropped from the first word


def test_typo_in_first_word_matches_when_fuzzy(pack, matcher) -> None:
    """A one-letter typo in the first word of a 3-word label still matches, flagged fuzzy."""
    assert find(pack, matcher, TYPO) == [("ئەنجومنی نوێنەرانی عێراق", ("parliament",), True)]


def test_typo_in_first_word_does_not_match_without_fuzzy(pack) -> None:
    """With fuzzy=False the misspelt phrase is not found; only the embedded عێراق is."""
    strict = build(pack, LABELS, fuzzy=False)
    assert find(pack, strict, TYPO) == [("عێراق", ("iraq",), False)]


def test_two_letter_typo_is_not_fuzzy_matched(pack, matcher) -> None:
    """Two edits in the first word are too many."""
    hits = find(pack, matcher, "ئەنجمنی نوێنەرانی عێراق ئامادە بوو.")
    assert [h for h in hits if h[1] == ("parliament",)] == []


@pytest.mark.parametrize("text", ["ئەنجومەنی نوێنەرانی، عێراق", "ئەنجومەنی نوێنەرانی. عێراق",
                                  "سەرۆک وەزیرانی: عێراق"])
def test_no_match_across_punctuation(pack, matcher, text: str) -> None:
    """Punctuation between words breaks a phrase; only the single-word label survives."""
    assert find(pack, matcher, text) == [("عێراق", ("iraq",), False)]


def test_unrelated_longer_word_does_not_match(pack, matcher) -> None:
    """A word that only starts with a label (عێراقستان) is not the label plus allowed endings."""
    assert find(pack, matcher, "عێراقستان") == []


def test_len_counts_labels(pack) -> None:
    """The matcher reports how many labels it indexed (join variants are not counted twice)."""
    assert len(build(pack, LABELS)) == len(LABELS)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("", "", True),
        ("abc", "abc", True),
        ("abc", "abd", True),  # substitution at the end
        ("abc", "xbc", True),  # substitution at the start
        ("abc", "ab", True),  # deletion
        ("ab", "abc", True),  # insertion
        ("abc", "aXbc", True),  # insertion in the middle
        ("abc", "acb", False),  # transposition = two edits
        ("abc", "a", False),
        ("abc", "xyz", False),
        ("", "a", True),
        ("", "ab", False),
        ("ئەنجومەنی", "ئەنجومنی", True),
        ("ئەنجومەنی", "ئەنجمنی", False),
    ],
)
def test_edit_distance_at_most_one(a: str, b: str, expected: bool) -> None:
    """Levenshtein distance ≤ 1, symmetric."""
    assert edit_distance_at_most_one(a, b) is expected
    assert edit_distance_at_most_one(b, a) is expected
