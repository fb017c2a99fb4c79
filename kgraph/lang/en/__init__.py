"""English (``en``) language pack: spaCy tokenisation and English recognisers, all knowledge as data.

The lexicons live in ``data/`` (YAML): dates, trigger words mapped to the shared event types, attribution
and modality cues, actor aliases and demonyms, name rules. The recognisers in this package read only
those files, so an analyst extends English coverage by editing data.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from kgraph.lang.base import LanguagePack, Segmentation, segment
from kgraph.lang.en.dateline import split_datelines
from kgraph.lang.en.tokenizer import tokenize
from kgraph.text import NormalizedText, Token

if TYPE_CHECKING:
    from kgraph.gazetteer import Gazetteer
    from kgraph.lang.en.timex import EnglishDates


class EnglishPack(LanguagePack):
    code = "en"
    name = "English"
    terminators = ".!?"
    quote_chars = "\"“”"
    script = "Latin"

    def key(self, text: str) -> str:
        return " ".join(text.split())

    def tokenize(self, norm: NormalizedText) -> list[Token]:
        return tokenize(norm)

    def segment(self, tokens: list[Token], norm: NormalizedText) -> Segmentation:
        return split_datelines(segment(tokens, norm, self.terminators, self.quote_chars), tokens, norm.original)

    @cached_property
    def dates(self) -> EnglishDates:
        from kgraph.lang.en.timex import EnglishDates

        return EnglishDates.load()

    def build_pipeline(self, gazetteer: Gazetteer):
        from kgraph.lang.en.pipeline import EnglishPipeline

        return EnglishPipeline(self, gazetteer)


PACK = EnglishPack()
