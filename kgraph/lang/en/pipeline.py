"""The English pipeline: spaCy tokens → sentences → time expressions → actors → triggers → statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.document import Document
from kgraph.gazetteer import Gazetteer
from kgraph.lang.base import LanguagePack
from kgraph.lang.en.actors import EnglishActorRecogniser
from kgraph.lang.en.statements import EnglishStatementBuilder
from kgraph.lang.en.timex import EnglishTimexRecogniser
from kgraph.lang.en.triggers import EnglishTriggerFinder
from kgraph.model import Analysis
from kgraph.pipeline import check_text


@dataclass
class EnglishPipeline:
    """English recognisers built once per process; called on each English document."""

    pack: LanguagePack
    gazetteer: Gazetteer
    timexes: EnglishTimexRecogniser = field(init=False)
    actors: EnglishActorRecogniser = field(init=False)
    triggers: EnglishTriggerFinder = field(init=False)
    statements: EnglishStatementBuilder = field(init=False)

    def __post_init__(self) -> None:
        self.timexes = EnglishTimexRecogniser(self.pack.dates)  # type: ignore[attr-defined]
        self.actors = EnglishActorRecogniser(self.gazetteer)
        self.triggers = EnglishTriggerFinder()
        self.statements = EnglishStatementBuilder(self.gazetteer)

    def __call__(self, document: Document) -> Analysis:
        check_text(document)
        norm = self.pack.normalize(document.text)
        tokens = self.pack.tokenize(norm)
        analysis = Analysis(document, norm, tokens, self.pack.segment(tokens, norm))
        self.timexes.recognise(analysis)
        self.actors.recognise(analysis)
        triggers = self.triggers.find(analysis)
        analysis.triggers.extend(triggers)
        self.statements.build(analysis, triggers)
        return analysis
