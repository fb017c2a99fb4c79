"""The extraction pipeline: document → language pack → recognisers → statements.

Components run in a declared order (spaCy's pipeline idea); each reads what the earlier ones put on
the :class:`~kgraph.model.Analysis` and adds its own layer. The result is a pure function of the
document text, its metadata, the language data and the extractor version, so it can be mapped over a
corpus on any engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kgraph.document import Document
from kgraph.errors import InputError
from kgraph.gazetteer import Gazetteer, load_gazetteer
from kgraph.lang import get_pack
from kgraph.lang.base import LanguagePack
from kgraph.model import Analysis
from kgraph.recognise.actors import ActorRecogniser, build_actor_matcher
from kgraph.recognise.names import NameRecogniser
from kgraph.recognise.statements import StatementBuilder
from kgraph.recognise.timex import TimexRecogniser, recognise_timexes
from kgraph.recognise.triggers import TriggerFinder


@dataclass
class Pipeline:
    """The recognisers of one language, built once and reused for every document."""

    pack: LanguagePack
    gazetteer: Gazetteer
    actors: ActorRecogniser
    names: NameRecogniser
    timexes: TimexRecogniser
    triggers: TriggerFinder
    statements: StatementBuilder

    def __call__(self, document: Document) -> Analysis:
        check_text(document)
        pack = self.pack
        norm = pack.normalize(document.text)
        tokens = pack.tokenize(norm)
        analysis = Analysis(document, norm, tokens, pack.segment(tokens, norm))
        recognise_timexes(analysis, self.timexes)
        self.actors.recognise(analysis)
        self.names.recognise(analysis)
        triggers = self.triggers.find(analysis)
        analysis.triggers.extend(triggers)
        self.statements.build(analysis, triggers)
        return analysis


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(document: Document) -> None:
    """Refuse text no recogniser can map back to offsets (unpaired surrogates), whatever the language."""
    if _SURROGATE.search(document.text):
        raise InputError(f"{document.path or document.id}: text contains unpaired surrogate code points")


def default_pipeline(pack: LanguagePack, gazetteer: Gazetteer) -> Pipeline:
    """The recogniser set written for Sorani's morphology; packs with their own override
    :meth:`LanguagePack.build_pipeline`."""
    return Pipeline(
        pack=pack,
        gazetteer=gazetteer,
        actors=ActorRecogniser(pack, gazetteer, build_actor_matcher(pack, gazetteer)),
        names=NameRecogniser(pack),
        timexes=TimexRecogniser(pack.date_lexicon),
        triggers=TriggerFinder(pack),
        statements=StatementBuilder(pack, gazetteer),
    )


@cache
def get_pipeline(lang: str) -> Pipeline:
    """The pipeline for ``lang``, built on first use (loading lexicons and the gazetteer once).

    Each pack chooses its recognisers (:meth:`LanguagePack.build_pipeline`); every pipeline is a
    callable from a document to an :class:`Analysis` with the gazetteer it resolved actors against.
    """
    return get_pack(lang).build_pipeline(load_gazetteer())


def analyse(document: Document) -> Analysis:
    """Run the pipeline of the document's language over it."""
    return get_pipeline(document.lang)(document)
