"""Trigger lexicons compiled from a pack's ``triggers.yaml`` (see that file for the format)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kgraph.errors import KgraphError


@dataclass(frozen=True)
class Lexeme:
    id: str
    type: str
    en: str
    ar: str
    nouns: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    nominal: str | None = None
    target: tuple[str, ...] = ()
    source: str = "subject"
    symmetric: bool = False
    states: bool = False
    complement: str | None = None
    object_event: bool = False
    negative_event: bool = False
    require_target: bool = False
    target_actor_type: str | None = None
    genitive: str = "source"
    negated_type: str | None = None
    voice: str = "active"
    require_word_before: tuple[str, ...] = ()
    require_word_after: tuple[str, ...] = ()
    require_word_in_sentence: tuple[str, ...] = ()

    @property
    def construction(self) -> str:
        if self.nouns and self.verbs:
            return "light_verb"
        if self.verbs or (self.forms and not self.nominal):
            return "verb"
        return "noun"


@dataclass
class TriggerLexicon:
    lexemes: list[Lexeme]
    speech_verbs: tuple[str, ...] = ()
    speech_light: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    speech_forms: frozenset[str] = frozenset()
    according_to: tuple[str, ...] = ()
    report_nouns: tuple[str, ...] = ()
    subordinators: frozenset[str] = frozenset()
    conditional: frozenset[str] = frozenset()
    ability: frozenset[str] = frozenset()
    future_words: frozenset[str] = frozenset()
    negative_copula: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    agent_prepositions: tuple[str, ...] = ()
    by_id: dict[str, Lexeme] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {lexeme.id: lexeme for lexeme in self.lexemes}


def compile_trigger_lexicon(data: dict[str, Any], key: Callable[[str], str],
                            known_types: set[str], known_verbs: set[str]) -> TriggerLexicon:
    """Key every word of the lexicon and check references to event types and verbs."""

    def keys(values) -> tuple[str, ...]:
        return tuple(key(v) for v in (values or []))

    lexemes = []
    for raw in data["lexemes"]:
        lexeme = Lexeme(
            id=raw["id"], type=raw["type"], en=raw.get("en", ""), ar=raw.get("ar", ""),
            nouns=keys(raw.get("noun")), verbs=keys(raw.get("verb")), forms=keys(raw.get("forms")),
            phrases=keys(raw.get("phrase")), nominal=raw.get("nominal"),
            target=tuple(key(t) if t not in _TARGET_RULES else t for t in raw.get("target", [])),
            source=raw.get("source", "subject"), symmetric=bool(raw.get("symmetric")),
            states=bool(raw.get("states")), complement=raw.get("complement"),
            object_event=bool(raw.get("object_event")) or raw.get("nominal") == "object_event",
            negative_event=bool(raw.get("negative_event")), require_target=bool(raw.get("require_target")),
            target_actor_type=raw.get("target_actor_type"), genitive=raw.get("genitive", "source"),
            negated_type=raw.get("negated_type"), voice=raw.get("voice", "active"),
            require_word_before=keys(raw.get("require_word_before")),
            require_word_after=keys(raw.get("require_word_after")),
            require_word_in_sentence=keys(raw.get("require_word_in_sentence")),
        )
        if lexeme.type not in known_types:
            raise KgraphError(f"trigger {lexeme.id}: unknown event type {lexeme.type!r}")
        for alt in (lexeme.target_actor_type, lexeme.negated_type):
            if alt and alt not in known_types:
                raise KgraphError(f"trigger {lexeme.id}: unknown event type {alt!r}")
        for verb in lexeme.verbs:
            if verb not in known_verbs:
                raise KgraphError(f"trigger {lexeme.id}: verb {verb!r} is not in verbs.yaml")
        if not (lexeme.nouns or lexeme.verbs or lexeme.forms or lexeme.phrases):
            raise KgraphError(f"trigger {lexeme.id}: no noun, verb, forms or phrase")
        lexemes.append(lexeme)
    speech = data.get("speech", {})
    clause = data.get("clause", {})
    return TriggerLexicon(
        lexemes=lexemes,
        speech_verbs=keys(speech.get("verbs")),
        speech_light=tuple((keys(s["noun"]), keys(s["verb"])) for s in speech.get("light", [])),
        speech_forms=frozenset(keys(speech.get("forms"))),
        according_to=keys(speech.get("according_to")),
        report_nouns=keys(speech.get("report_nouns")),
        subordinators=frozenset(keys(clause.get("subordinators"))),
        conditional=frozenset(keys(clause.get("conditional"))),
        ability=frozenset(keys(clause.get("ability"))),
        future_words=frozenset(keys(clause.get("future_words"))),
        negative_copula=frozenset(keys(clause.get("negative_copula"))),
        prepositions=frozenset(keys(data.get("prepositions"))),
        agent_prepositions=keys(data.get("agent_prepositions")),
    )


_TARGET_RULES = {"object", "after", "genitive", "subject", "subject_of_complement"}
