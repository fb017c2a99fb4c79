"""Sorani Kurdish (``ckb``) language pack: normalisation, segmentation, morphology and lexicons.

All language knowledge lives in ``data/`` (YAML); this package only loads it.
"""

from __future__ import annotations

from functools import cached_property

from kgraph.event_types import event_types
from kgraph.lang.base import LanguagePack
from kgraph.lang.ckb.morphology import morphology
from kgraph.lang.ckb.normalize import key, normalize
from kgraph.lang.data import load_yaml
from kgraph.lang.datelex import DateLexicon, compile_date_lexicon
from kgraph.lang.morphology import SuffixMorphology
from kgraph.lang.triggerlex import TriggerLexicon, compile_trigger_lexicon
from kgraph.lang.verbs import VerbForms
from kgraph.text import NormalizedText


class SoraniPack(LanguagePack):
    code = "ckb"
    name = "Sorani Kurdish"
    # Key forms: the normaliser maps ؟ ! . and the Arabic full stop ۔ as they are.
    terminators = ".!?؟۔"
    quote_chars = "\""
    script = "Arabic"

    def normalize(self, text: str) -> NormalizedText:
        return normalize(text)

    def key(self, text: str) -> str:
        return key(text)

    @property
    def morphology(self) -> SuffixMorphology:
        return morphology()

    @cached_property
    def date_lexicon(self) -> DateLexicon:
        return compile_date_lexicon(load_yaml("ckb", "dates.yaml"), key)

    @cached_property
    def verb_forms(self) -> VerbForms:
        return VerbForms(load_yaml("ckb", "verbs.yaml"), key)

    @cached_property
    def place_words(self) -> dict:
        return load_yaml("ckb", "places.yaml")

    @cached_property
    def trigger_lexicon(self) -> TriggerLexicon:
        return compile_trigger_lexicon(load_yaml("ckb", "triggers.yaml"), key, set(event_types()),
                                       set(self.verb_forms.verbs))


PACK = SoraniPack()
