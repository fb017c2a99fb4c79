"""Sorani suffix-chain morphology: which words are a lexicon stem plus allowed endings."""

from __future__ import annotations

import pytest

from kgraph.lang.ckb.morphology import morphology
from kgraph.lang.ckb.normalize import key
from kgraph.lang.morphology import SuffixMorphology, expand_chain


@pytest.fixture(scope="module")
def morph() -> SuffixMorphology:
    return morphology()


@pytest.mark.parametrize(
    ("word", "stem", "what"),
    [
        ("هەڵبژاردنەکان", "هەڵبژاردن", "definite plural"),
        ("پەرلەمانەکەدا", "پەرلەمان", "definite + postposition لە…دا"),
        ("حکومەتەکەش", "حکومەت", "definite + additive clitic"),
        ("وڵاتەکانیان", "وڵات", "definite plural + person clitic"),
        ("پەرلەمانی", "پەرلەمان", "ezafe"),
        ("هێزێکی", "هێز", "indefinite + ezafe"),
        ("هێزانە", "هێز", "plural with demonstrative closure"),
        ("عێراقییەکان", "عێراق", "nisba + definite plural (doubled یی)"),
        ("ئەمریکایی", "ئەمریکا", "nisba after a vowel"),
        ("کوردستانەوە", "کوردستان", "postposition لە…ەوە"),
        ("بەغدادا", "بەغدا", "postposition after a vowel"),
        ("هەڵبژاردنەکانەوە", "هەڵبژاردن", "definite plural + ەوە"),
        ("نووسینگەکە", "نووسینگە", "definite after final ە"),
        ("پەرلەمان", "پەرلەمان", "bare stem"),
    ],
)
def test_inflected_nouns_are_inflections_of_their_stem(morph: SuffixMorphology, word: str, stem: str,
                                                       what: str) -> None:
    """Real inflected Sorani nouns are recognised as their stem plus a suffix chain."""
    assert morph.is_inflection_of(key(word), key(stem)), what
    assert key(stem) in morph.stems(key(word))


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("پارتی", "پار"),  # "party", not "last year" + suffix
        ("کوردستانی", "کورد"),  # -ستان is derivation, not an allowed ending
        ("پەرلەمانتار", "پەرلەمان"),  # "member of parliament": -تار is not an ending
        ("ئابووری", "ئاب"),  # "economy" is not the month ئاب + suffix
        ("وڵاتیانەکان", "وڵات"),  # endings out of order (clitic before the plural)
    ],
)
def test_unrelated_longer_words_are_not_inflections(morph: SuffixMorphology, word: str, stem: str) -> None:
    """A longer word that merely starts with the stem is not accepted."""
    assert not morph.is_inflection_of(key(word), key(stem))


def test_short_stems_only_match_exactly(morph: SuffixMorphology) -> None:
    """Stems shorter than min_stem take no suffix (دە "ten" must not match دەکان)."""
    short = key("دە")
    assert len(short) < morph.min_stem
    assert morph.is_inflection_of(short, short)
    assert not morph.is_inflection_of(key("دەکان"), short)


@pytest.mark.parametrize("form", ["هێزی", "هێزە", "هێزەکانی", "هێزێکی", "هێزەکەی", "هێز"])
def test_skeleton_equal_for_ezafe_variants(morph: SuffixMorphology, form: str) -> None:
    """Non-final words with ezafe and definite/indefinite markers share the bare noun's skeleton."""
    assert morph.skeleton(key(form)) == morph.skeleton(key("هێز"))


def test_skeleton_keeps_different_nouns_apart(morph: SuffixMorphology) -> None:
    """Skeletons of different nouns differ (the stripping does not eat the stem)."""
    assert morph.skeleton(key("هێزەکانی")) != morph.skeleton(key("هەرێمی"))
    assert morph.skeleton(key("پەرلەمانی")) == key("پەرلەمان")


def test_expand_chain_takes_at_most_one_item_per_slot_in_order() -> None:
    """The suffix set is every in-order combination with at most one item per slot."""
    chain = expand_chain([["a"], ["b", "c"], ["d"]])
    assert chain == {"", "a", "b", "c", "d", "ab", "ac", "ad", "bd", "cd", "abd", "acd"}
    assert "ba" not in chain
    assert "bc" not in chain
