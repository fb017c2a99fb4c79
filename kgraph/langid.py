"""Which language a text is in, by script and letters: Sorani, Kurmanji, Arabic, Persian or English.

No model is needed for these five: Sorani writes letters Arabic and Persian lack (ە ێ ۆ ڕ ڵ, or ە as
heh + zero-width non-joiner in legacy fonts); Arabic has its article ال on many words and ة; Persian
has its own frequent function words; Kurmanji and English are told apart by letters (ê î û ç ş) and
function words. The profiles are data (``lang/langid.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from kgraph.lang.data import LANG_DIR, YAML_LOADER

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Identification:
    code: str | None  # ckb, kmr, ar, fa, en, or None when unknown
    script: str  # arabic | latin | other | none
    confidence: float
    reason: str

    @property
    def name(self) -> str:
        return _profiles()["names"].get(self.code, self.code or "an unknown language")


@cache
def _profiles() -> dict:
    with (LANG_DIR / "langid.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=YAML_LOADER)


# Letter counts run in the regex engine: a Python loop over every character cost a millisecond per
# news article, which every document pays before extraction.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[\u0000-\u007f\u00c0-\u024f]")


def _count(chars: str, pattern: re.Pattern[str]) -> int:
    """How many of ``chars`` the one-character ``pattern`` matches."""
    return len(chars) - len(pattern.sub("", chars))


@cache
def _letter_class(letters: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(letters) + "]")


def identify(text: str) -> Identification:
    """Best guess of the language of ``text`` with the evidence for it."""
    sample = text[:200_000]
    letters = "".join(filter(str.isalpha, sample))
    if not letters:
        return Identification(None, "none", 0.0, "no letters")
    arabic = _count(letters, _ARABIC_SCRIPT) / len(letters)
    latin = _count(letters, _LATIN) / len(letters)
    words = [w.lower() for w in _WORD.findall(sample)]
    p = _profiles()

    def word_rate(vocab) -> float:
        vocab = set(vocab)
        return sum(1 for w in words if w in vocab) / max(len(words), 1)

    if arabic >= 0.6:
        kurdish = _count(letters, _letter_class(p["sorani"]["letters"])) / len(letters)
        legacy = sum(sample.count(pair) for pair in p["sorani"]["legacy_pairs"]) / max(len(words), 1)
        if kurdish >= p["sorani"]["min_letter_rate"] or legacy >= 0.05:
            return Identification("ckb", "arabic", min(1.0, 0.6 + kurdish * 10 + legacy),
                                  f"{kurdish:.1%} Kurdish letters")
        article = sum(1 for w in words if w.startswith(p["arabic"]["article"])) / max(len(words), 1)
        if article >= p["arabic"]["min_article_rate"]:
            return Identification("ar", "arabic", min(1.0, 0.5 + article), f"{article:.0%} of words with ال")
        persian = word_rate(p["persian"]["words"])
        if persian >= p["persian"]["min_word_rate"]:
            return Identification("fa", "arabic", min(1.0, 0.5 + persian), f"{persian:.0%} Persian function words")
        return Identification("ckb", "arabic", 0.4, "Arabic script without Arabic or Persian markers")
    if latin >= 0.6:
        kmr = word_rate(p["kurmanji"]["words"])
        kmr_letters = sum(1 for c in letters if c.lower() in p["kurmanji"]["letters"]) / len(letters)
        eng = word_rate(p["english"]["words"])
        if kmr >= p["kurmanji"]["min_word_rate"] or (kmr_letters >= 0.01 and kmr > eng):
            return Identification("kmr", "latin", min(1.0, 0.5 + kmr + kmr_letters), "Kurmanji words and letters")
        if eng >= p["english"]["min_word_rate"]:
            return Identification("en", "latin", min(1.0, 0.5 + eng), f"{eng:.0%} English function words")
        return Identification(None, "latin", 0.3, "Latin script, neither English nor Kurmanji")
    return Identification(None, "other", 0.5, f"{1 - arabic - latin:.0%} of letters in other scripts")
