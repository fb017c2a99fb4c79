"""Sorani key normalisation (kgraph.lang.ckb.normalize) and its exact map back to original offsets."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.lang.ckb.normalize import key, normalize

ZWNJ = "\u200c"
TATWEEL = "\u0640"


@pytest.mark.parametrize(
    ("arabic", "kurdish"),
    [
        ("ك", "ک"),
        ("ي", "ی"),
        ("ى", "ی"),
        ("ة", "ە"),
    ],
)
def test_arabic_letters_fold_to_kurdish(arabic: str, kurdish: str) -> None:
    """Each Arabic-keyboard letter has the key of its Kurdish counterpart."""
    assert key(arabic) == key(kurdish)
    assert normalize(arabic).key == kurdish


@pytest.mark.parametrize(
    ("arabic_keyboard", "kurdish"),
    [
        ("كوردستان", "کوردستان"),  # kaf
        ("سياسەت", "سیاسەت"),  # yeh
        ("وەزيرى دەرەوە", "وەزیری دەرەوە"),  # yeh and alef maksura
        ("سياسة", "سیاسە"),  # teh marbuta
    ],
)
def test_words_typed_on_an_arabic_keyboard_share_the_key(arabic_keyboard: str, kurdish: str) -> None:
    """Whole words written with Arabic letters meet their Kurdish spelling in the key."""
    assert key(arabic_keyboard) == key(kurdish)


@pytest.mark.parametrize(
    ("legacy", "modern"),
    [
        ("مسته" + ZWNJ + "فا", "مستەفا"),
        ("حکومه" + ZWNJ + "ت", "حکومەت"),
        ("کۆبوونه" + ZWNJ + "وه", "کۆبوونەوە"),
    ],
)
def test_legacy_heh_with_zwnj_equals_ae(legacy: str, modern: str) -> None:
    """Legacy ه + ZWNJ and plain ە give the same key."""
    assert key(legacy) == key(modern)


def test_eastern_arabic_and_persian_digits_become_ascii() -> None:
    """Both digit sets map to ASCII digits, one to one."""
    assert key("٢٠٢١") == "2021"
    assert key("۱۴۰۰") == "1400"
    assert key("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert key("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_tatweel_and_zwnj_removed() -> None:
    """Tatweel and ZWNJ leave no trace in the key."""
    stretched = "کـــورد"
    assert key(stretched) == key("کورد")
    with_joiner = "بە" + ZWNJ + "شێوەیەک"
    assert key(with_joiner) == key("بەشێوەیەک")
    mixed = normalize("٢٠٢١ـەوە" + ZWNJ)
    assert TATWEEL not in mixed.key
    assert ZWNJ not in mixed.key
    assert mixed.key == "2021ەوە"


@pytest.mark.parametrize(
    ("doubled", "single"),
    [("حکوومەت", "حکومەت"), ("کانوونی دووەم", "کانونی دووەم"), ("پەیوەندیی", "پەیوەندی")],
)
def test_doubled_vowel_letters_collapse(doubled: str, single: str) -> None:
    """Doubled و and یی collapse, so both spellings share a key."""
    assert key(doubled) == key(single)


def test_doubled_vowel_interrupted_by_zwnj_collapses() -> None:
    """A doubled و split by a ZWNJ still collapses to one (the normaliser's own stated rule)."""
    assert key("حکو" + ZWNJ + "ومەت") == key("حکومەت")


def test_rr_and_ll_fold_to_plain_letters() -> None:
    """ڕ→ر and ڵ→ل: writers often omit the v mark."""
    assert key("ڕاگەیاند") == key("راگەیاند")
    assert key("هەڵبژاردن") == key("هەلبژاردن")
    assert "ڕ" not in key("ڕاگەیاند")
    assert "ڵ" not in key("هەڵبژاردن")


def test_e_with_v_folds_to_yeh() -> None:
    """ێ→ی: keyboards and writers confuse ê and î in names."""
    assert key("دێر") == key("دیر")
    assert key("عێراق") == key("عیراق")
    assert "ێ" not in key("نوێنەران")


def test_key_collapses_whitespace_but_normalize_keeps_line_breaks() -> None:
    """``key`` joins words with single spaces (no-break space too); ``normalize`` keeps line breaks."""
    assert key("  سەرۆک\u00a0 وەزیران \n") == "سەرۆک وەزیران"
    norm = normalize("ئەمڕۆ\nدوێنێ")
    assert "\n" in norm.key


# A sentence mixing conventions: Arabic kaf/yeh, legacy ه+ZWNJ, tatweel, doubled و, ڕ/ڵ, ێ, two digit sets.
MIXED = (
    "سه" + ZWNJ + "رۆكوەزيرانی عێراق لە ٣١ی کانوونی يەکەمی ٢٠٢١ـەوە و ساڵی ۱۴۰۰ "
    "«هێزەکانی» ڕاگەیاند کە حکوومەت پەیوەندیی هەڵدەگرێت."
)


def test_original_span_of_every_token_holds_the_same_letters(pack) -> None:
    """Each token's original slice normalises back to exactly the token's key text."""
    norm = normalize(MIXED)
    tokens = pack.tokenize(norm)
    assert len(tokens) > 15
    for token in tokens:
        start, end = norm.original_span(token.key_start, token.key_end)
        assert (start, end) == (token.start, token.end)
        assert normalize(MIXED[start:end]).key == token.text, (token.text, MIXED[start:end])


def test_original_span_of_every_key_character_holds_that_letter() -> None:
    """Each key character maps to an original slice whose own key is that character."""
    norm = normalize(MIXED)
    for i, char in enumerate(norm.key):
        start, end = norm.original_span(i, i + 1)
        assert normalize(MIXED[start:end]).key == char


def test_original_span_recovers_words_written_in_another_convention() -> None:
    """A key-form search hit maps back to the word exactly as the writer spelt it."""
    norm = normalize(MIXED)
    hit = norm.key.index(key("سەرۆکوەزیرانی"))
    start, end = norm.original_span(hit, hit + len(key("سەرۆکوەزیرانی")))
    assert MIXED[start:end] == "سه" + ZWNJ + "رۆكوەزيرانی"
    year = norm.key.index("2021")
    assert MIXED[slice(*norm.original_span(year, year + 4))] == "٢٠٢١"


def test_original_span_rejects_spans_outside_the_key() -> None:
    """Empty or out-of-range key spans raise IndexError rather than returning nonsense."""
    norm = normalize("عێراق")
    for a, b in ((0, 0), (2, 1), (-1, 2), (0, len(norm.key) + 1)):
        with pytest.raises(IndexError):
            norm.original_span(a, b)


# Text drawn from the characters that matter: Arabic block, joiners, tatweel, digits, emoji, Latin, spaces.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.sampled_from([ZWNJ, "\u200d", "\u200e", "\u200f", TATWEEL, "\ufeff", "\u00a0", " ", "\n", "«", "»",
                     "و", "ی", "ه", "ە", "٢", "۴", "7", "A", "z", "😀", "\U0001f1ee", "\U0001f1f6"]),
    st.characters(),
)
TEXTS = st.text(alphabet=_ALPHABET, max_size=80)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_key_span_maps_inside_the_original(text: str) -> None:
    """For any text, every key span maps to an in-bounds, well-ordered original span."""
    norm = normalize(text)
    n = len(norm.key)
    assert norm.original == text
    for a in range(n):
        for b in range(a + 1, n + 1):
            start, end = norm.original_span(a, b)
            assert 0 <= start <= end <= len(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_key_character_spans_are_monotonic(text: str) -> None:
    """Consecutive key characters map to non-decreasing, non-empty original spans."""
    norm = normalize(text)
    spans = [norm.original_span(i, i + 1) for i in range(len(norm.key))]
    for start, end in spans:
        assert start < end
    for (s1, e1), (s2, e2) in pairwise(spans):
        assert s1 <= s2
        assert e1 <= e2


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_key_is_no_longer_than_text(text: str) -> None:
    """normalize accepts any string; the key never grows (every fold is one-to-one or shrinking)."""
    norm = normalize(text)
    assert len(norm.key) <= len(text)
    assert isinstance(key(text), str)
