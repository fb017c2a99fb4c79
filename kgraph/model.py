"""What extraction produces for one document, before it becomes RDF.

Everything carries original character offsets (``start``/``end``, end exclusive) and token indices
(``first``/``last``, last exclusive) so the RDF mapping can point every triple back into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kgraph.dates import PartialDate
from kgraph.document import Document
from kgraph.lang.base import Segmentation
from kgraph.text import NormalizedText, Token

Modality = Literal["asserted", "planned", "demanded", "hypothetical", "negated"]
Relation = Literal["on", "by", "from", "before", "after", "during"]


@dataclass
class ActorRef:
    """The actor a mention or role denotes: a gazetteer IRI, or a minted one (unlinked / per document)."""

    iri: str
    name: str
    kind: str
    code: str | None = None
    wikidata: str | None = None
    linked: bool = True
    polity: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # lang -> label, for minted actors


@dataclass
class Mention:
    """A stretch of text that denotes an actor, and how it was resolved."""

    start: int
    end: int
    first: int
    last: int
    text: str
    actor: ActorRef
    via: str  # name | post | reference | group | unlinked | anaphor
    entry: str | None = None  # gazetteer entry matched (a post or a generic reference, say)
    reportable: bool = True  # False for references kept only as arguments (e.g. "both countries")
    members: list[ActorRef] = field(default_factory=list)  # for plural references


@dataclass
class Timex:
    """A time expression with its normalised value (ISO at the precision the text supports)."""

    start: int
    end: int
    first: int
    last: int
    text: str
    value: str | None
    type: str  # DATE | PAST_REF | FUTURE_REF | PRESENT_REF
    relation: Relation = "on"
    date: PartialDate | None = None
    end_of_period: bool = False


@dataclass
class Trigger:
    """Words that express an event: a verb, a light-verb construction or an event noun."""

    start: int
    end: int
    first: int
    last: int
    text: str
    event_type: str  # local name in the event-type scheme
    lexeme: str  # id of the lexicon entry that fired
    construction: str  # verb | light_verb | noun
    noun_token: int | None = None
    verb_token: int | None = None
    negated: bool = False
    tense: str = "past"  # past | present | future | subjunctive | nominal
    agent_clitic: str | None = None  # sg | pl when an agent clitic marks the subject's number


@dataclass
class Role:
    actor: ActorRef
    mention: Mention | None = None


@dataclass
class DateArg:
    timex: Timex
    relation: Relation


@dataclass
class Statement:
    """One extracted claim: an event of a type, with participants, time, modality and provenance."""

    trigger: Trigger
    event_type: str
    plover: str | None
    mode: str | None
    context: list[str]
    modality: Modality
    sentence: int
    source: list[Role] = field(default_factory=list)
    target: list[Role] = field(default_factory=list)
    attributed_to: list[Role] = field(default_factory=list)
    date: DateArg | None = None
    confidence: float = 0.5
    polarity: Literal["positive", "negative"] = "positive"


@dataclass
class Analysis:
    """A document as the recognisers see it, and everything they found."""

    document: Document
    norm: NormalizedText
    tokens: list[Token]
    segmentation: Segmentation
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    def span_text(self, first: int, last: int) -> str:
        """Original text covered by tokens ``[first, last)``."""
        return self.document.text[self.tokens[first].start : self.tokens[last - 1].end]

    def sentence_of(self, token: int) -> int:
        for sentence in self.segmentation.sentences:
            if sentence.first <= token < sentence.last:
                return sentence.index
        return len(self.segmentation.sentences) - 1
