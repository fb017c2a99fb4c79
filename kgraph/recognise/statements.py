"""Statements: a trigger plus its participants, time, attribution and modality.

Argument rules follow Sorani clause structure (SOV, pro-drop, ezafe genitives, prepositional
objects) and are driven by each lexeme's declared target rules:

* source: the nominative actor of the trigger's clause (not after a preposition, not a genitive);
  in a relative clause (X کە …) the antecedent X; in the complement of a demand (داوا لە X کرد، … بکات)
  the demandee X; with no subject in the sentence the discourse subject carries over, and inside a
  quotation the speaker;
* target: the actor after the lexeme's preposition (لە, لەگەڵ, بۆ, بە, نێوان …), the actors inside a
  light verb's object, or the actor after a motion verb;
* date: the nearest resolved time expression of the clause, with the relation its preposition gives;
* modality: demanded/planned from a governing demand or commitment, negated from a negative verb,
  hypothetical under a condition or "can", planned for future tense or future dates.
"""

from __future__ import annotations

from kgraph.event_types import EventType, event_types
from kgraph.gazetteer import Gazetteer
from kgraph.lang.base import LanguagePack
from kgraph.lang.triggerlex import Lexeme, TriggerLexicon
from kgraph.model import Analysis, DateArg, Mention, Role, Statement, Timex, Trigger
from kgraph.recognise.actors import actor_ref
from kgraph.recognise.attribution import AttributionFinder

SPEECH_ACT_TYPES = {"demand", "support", "praise", "welcome", "congratulate", "reject", "oppose", "accuse",
                    "criticize", "condemn", "threaten", "appeal"}
MAX_DATE_DISTANCE = 18
EZAFE_ENDINGS = ("ی", "ە")


class StatementBuilder:
    def __init__(self, pack: LanguagePack, gazetteer: Gazetteer):
        self.pack = pack
        self.gaz = gazetteer
        self.lex: TriggerLexicon = pack.trigger_lexicon
        self.types: dict[str, EventType] = event_types()
        self.attribution_finder = AttributionFinder(pack)
        self._and = pack.key("و")
        self._with = pack.key("لەگەڵ")
        self._from = pack.key("لە")
        self._relative = pack.key("کە")
        self._contracted = {pack.key("لەو"): pack.key("لە"), pack.key("بەو"): pack.key("بە"),
                            pack.key("بۆو"): pack.key("بۆ"), pack.key("لەم"): pack.key("لە")}
        self._participant_events = {
            entry.participants_of for entry in gazetteer.entries.values() if entry.participants_of}
        self._demonstratives = {pack.key(w) for w in ("ئەو", "ئەم")}
        self._pronoun_target = {pack.key(w) for w in ("لێ", "لێی", "لێیان", "پێی", "پێیان")}

    # -- entry point -------------------------------------------------------------------------------
    def build(self, analysis: Analysis, triggers: list[Trigger]) -> None:
        self._a = analysis
        self._triggers = triggers
        self._trigger_tokens = {i for t in triggers for i in range(t.first, t.last)}
        verbs = self.pack.verb_forms
        self._finite = [tok.is_word and verbs.is_finite(tok.text) for tok in analysis.tokens]
        tokens = analysis.tokens
        self._sentence_of = [0] * len(tokens)
        for sentence in analysis.segmentation.sentences:
            for i in range(sentence.first, sentence.last):
                self._sentence_of[i] = sentence.index
        # per-sentence indexes: every argument search stays inside one sentence (linear in the document)
        n_sentences = len(analysis.segmentation.sentences)
        self._mentions_in: list[list[Mention]] = [[] for _ in range(n_sentences)]
        self._triggers_in: list[list[Trigger]] = [[] for _ in range(n_sentences)]
        self._timexes_in: list[list[Timex]] = [[] for _ in range(n_sentences)]
        for mention in analysis.mentions:
            self._mentions_in[self._sentence_of[mention.first]].append(mention)
        for trigger in triggers:
            self._triggers_in[self._sentence_of[trigger.first]].append(trigger)
        for timex in analysis.timexes:
            self._timexes_in[self._sentence_of[timex.first]].append(timex)
        self._time_tokens = {i for t in analysis.timexes for i in range(t.first, t.last)}
        self._participant_mentions = [m for m in analysis.mentions
                                      if (e := self.gaz.entries.get(m.entry or "")) is not None and e.participants_of]
        self._mention_at = {}
        for mention in analysis.mentions:
            self._mention_at.setdefault(mention.first, mention)
        self._in_mention = {}
        for mention in analysis.mentions:
            for i in range(mention.first, mention.last):
                self._in_mention[i] = mention
        attribution = self.attribution_finder.find(analysis, self._speech_subject)
        self._attribution = attribution
        discourse_subject: list[Role] = []
        statements: list[Statement] = []
        demands: list[tuple[Statement, Lexeme]] = []
        for trigger in triggers:
            lexeme = self.lex.by_id[trigger.lexeme]
            sentence = self._sentence_of[trigger.first]
            speaker = attribution.speaker_at[trigger.first]
            voice = attribution.voice_at[trigger.first]
            governing = self._governing(trigger, sentence, demands)
            source = self._source(trigger, lexeme, sentence, voice, governing, discourse_subject, statements)
            target = self._target(trigger, lexeme, sentence, source)
            if lexeme.require_target and not target:
                continue
            event_type = trigger.event_type
            if lexeme.voice == "passive":
                source, target = [], target or source  # the subject of a passive is the one affected
            if trigger.negated and lexeme.negated_type:
                event_type = lexeme.negated_type  # "did not accept" is a rejection
            if lexeme.target_actor_type and target and target[0].actor.kind in ("person", "organization",
                                                                                 "country", "party"):
                event_type = lexeme.target_actor_type
            if lexeme.symmetric and not target:
                source, target = self._split_coordinated(source)
            elif lexeme.symmetric and len(target) >= 2:
                # "relations between X and Y", "both countries": the pair are the participants
                source, target = target[:1], target[1:]
            if not target and event_type in self._participant_events:
                target = self._participants_group(source)
            if lexeme.states:
                source, target = self._raise_to_states(source), self._raise_to_states(target)
            target = [r for r in target if all(r.actor.iri != s.actor.iri for s in source)]
            date = self._date(trigger, sentence)
            modality = self._modality(trigger, lexeme, event_type, governing, date, sentence)
            if modality == "negated" and event_type == lexeme.negated_type:
                modality = "asserted"
            etype = self.types[event_type]
            statement = Statement(
                trigger=trigger, event_type=event_type, plover=etype.plover, mode=etype.mode,
                context=list(etype.contexts), modality=modality, sentence=sentence,
                source=source, target=target,
                attributed_to=[Role(speaker.actor, speaker)] if speaker is not None else [],
                date=date, polarity="negative" if modality == "negated" else "positive",
            )
            statement.confidence = self._confidence(statement, lexeme)
            if modality != "negated" and "future" not in statement.context and modality == "planned":
                statement.context.append("future")
            if modality == "hypothetical":
                statement.context.append("hypothetical")
            if modality == "negated":
                statement.context.append("negation")
            statements.append(statement)
            if lexeme.complement:
                demands.append((statement, lexeme))
            if source and source[0].mention is not None and governing is None:
                discourse_subject = source
        analysis.statements.extend(statements)

    # -- clause structure --------------------------------------------------------------------------
    def _is_oblique(self, mention: Mention) -> bool:
        """A mention after a preposition, or in the genitive of an event noun or a prepositional
        phrase, is not a subject; the possessor of a clause-initial noun (چەکدارانی داعش "ISIS
        militants") stands for the subject."""
        tokens = self._a.tokens
        i = mention.first - 1
        if i < 0:
            return False
        prev = tokens[i]
        if not prev.is_word:
            return False
        if prev.text == self._and and i - 1 in self._in_mention:
            return self._is_oblique(self._in_mention[i - 1])  # X و Y: Y is where X is
        if prev.text in self.lex.prepositions or prev.text in self._contracted:
            return True
        # walk back over the ezafe chain that governs the mention (هەوڵەکانی, داواکاریی فەرمیی ...)
        chain = 0
        while i >= 0 and tokens[i].is_word and chain < 5:
            word = tokens[i].text
            if word in self.lex.prepositions or word in self._contracted:
                return chain > 0  # a prepositional phrase governs the chain
            if chain > 0 and word in self._demonstratives:
                return True  # "that claim of X": X is the possessor inside an object
            if not word.endswith(EZAFE_ENDINGS) or i in self._in_mention or self._is_time_word(i):
                break
            if i in self._trigger_tokens:
                return True  # the argument of an event noun
            i -= 1
            chain += 1
        return False

    def _is_time_word(self, i: int) -> bool:
        return i in self._time_tokens

    def _clause_start(self, sentence: int, before: int) -> int:
        """Start of the clause of token ``before``: after the reported-speech boundary, a semicolon, the
        previous trigger of the sentence, or at a relative کە (returned so the caller sees it)."""
        sent = self._a.segmentation.sentences[sentence]
        start = sent.first
        boundary = self._attribution.boundary_at[before] if before < len(self._attribution.boundary_at) else -1
        if start < boundary <= before:
            start = boundary
        for trigger in self._triggers_in[sentence]:
            if start <= trigger.last <= before and trigger.first < before:
                start = trigger.last
        tokens = self._a.tokens
        for i in range(before - 1, start - 1, -1):
            if self._finite[i] and i not in self._trigger_tokens:
                start = i + 1  # a verb closes the clause before: "… پێک هێناوە، ئەمڕۆ X چووە …"
                break
        for i in range(before - 1, start - 1, -1):
            if tokens[i].text == self._relative:
                return i
            if tokens[i].text in ("؛", ";", ":"):
                return i + 1
        return start

    def _speech_subject(self, sentence: int, before: int) -> Mention | None:
        sent = self._a.segmentation.sentences[sentence]
        for mention in self._mentions_in[sentence]:
            if sent.first <= mention.first < before and not self._is_oblique(mention) and mention.reportable:
                return mention
        return None

    def _sentence_subject(self, sentence: int, before: int, anchor: int | None = None) -> list[Mention]:
        """The first nominative of the sentence (or of the reported content around ``anchor``)
        before ``before``."""
        sent = self._a.segmentation.sentences[sentence]
        start = sent.first
        boundary = self._attribution.boundary_at[before if anchor is None else anchor]
        if start < boundary <= before:
            start = boundary
        for mention in self._mentions_in[sentence]:
            if start <= mention.first < before and not self._is_oblique(mention) and mention.reportable:
                return self._with_coordinated(mention, before)
        return []

    def _subject(self, sentence: int, before: int) -> list[Mention]:
        """Nominative mentions of the clause before ``before`` (coordinated ones included)."""
        start = self._clause_start(sentence, before)
        tokens = self._a.tokens
        if start < before and tokens[start].text == self._relative:
            # relative clause: no subject of its own means the antecedent is the subject
            own = [m for m in self._mentions_in[sentence] if start < m.first < before and not self._is_oblique(m)]
            if own:
                return self._with_coordinated(own[0], before)
            for mention in reversed(self._mentions_in[sentence]):
                if mention.last <= start and start - mention.last <= 2:
                    return [mention]
            return []
        candidates = [m for m in self._mentions_in[sentence]
                      if start <= m.first < before and not self._is_oblique(m) and self._not_apposed(m)]
        if not candidates:
            return []
        return self._with_coordinated(candidates[0], before)

    def _not_apposed(self, mention: Mention) -> bool:
        """False for the second half of "Name، Title" (the title repeats the name's actor)."""
        tokens = self._a.tokens
        i = mention.first - 1
        while i >= 0 and tokens[i].text in ("،", ","):
            i -= 1
        prev = self._in_mention.get(i)
        return not (prev is not None and prev is not mention and prev.actor.iri == mention.actor.iri)

    def _with_coordinated(self, first: Mention, before: int) -> list[Mention]:
        found = [first]
        tokens = self._a.tokens
        current = first
        while True:
            nxt = current.last
            if nxt < before and tokens[nxt].text == self._and and nxt + 1 in self._mention_at:
                current = self._mention_at[nxt + 1]
                if current.first >= before:
                    break
                found.append(current)
            else:
                break
        return found

    # -- roles ---------------------------------------------------------------------------------------
    def _governing(self, trigger: Trigger, sentence: int, demands):
        """The demand or commitment whose complement this trigger is in (same sentence, after it)."""
        for statement, lexeme in reversed(demands):
            if statement.sentence != sentence:
                break  # demands are appended in text order: earlier sentences cannot govern this one
            gov = statement.trigger
            if gov.last <= trigger.first and trigger.tense in (
                "subjunctive", "nominal", "present") and trigger.lexeme != gov.lexeme:
                return statement, lexeme
        return None

    def _source(self, trigger, lexeme, sentence, speaker, governing, discourse, previous) -> list[Role]:
        if lexeme.source == "speaker":
            return [Role(speaker.actor, speaker)] if speaker is not None else []
        if lexeme.source == "genitive":
            gen = self._genitive(trigger)
            return [Role(gen.actor, gen)] if gen else []
        own = self._subject(sentence, trigger.first)
        if governing is not None:
            statement, lexeme_g = governing
            own_after = [m for m in own if m.first >= statement.trigger.last]
            if own_after:
                return [self._role(m) for m in own_after]
            if lexeme_g.complement == "demanded" and statement.target:
                return list(statement.target)
            if statement.source:
                return list(statement.source)
        if own:
            return [self._role(m) for m in own]
        if trigger.construction == "noun":
            gen = self._genitive(trigger)
            if gen is not None and lexeme.genitive == "source":
                return [self._role(m) for m in self._with_coordinated(gen, len(self._a.tokens))]
            if lexeme.nominal in ("setting", "pp", "genitive"):
                # the subject of the clause the event noun sits in, before or after it
                whole = self._sentence_subject(sentence, self._a.segmentation.sentences[sentence].last,
                                               anchor=trigger.first)
                if whole:
                    return [self._role(m) for m in whole]
            if lexeme.nominal not in ("predicate", "necessity"):
                return []
        # a coordinated clause without its own subject shares the previous one's (X … کرد و … کرد)
        if previous and previous[-1].sentence == sentence and previous[-1].source:
            gap = self._a.tokens[previous[-1].trigger.last : trigger.first]
            if gap and gap[0].text in (self._and, "،", ","):
                return list(previous[-1].source)
        if speaker is not None and self._attribution.boundary_at[trigger.first] >= 0:
            return [Role(speaker.actor, speaker)]
        return list(discourse)

    def _in_quote(self, token: int) -> bool:
        return any(q.first <= token < q.last for q in self._a.segmentation.quotes)

    def _role(self, mention: Mention) -> Role:
        return Role(mention.actor, mention)

    def _target(self, trigger, lexeme, sentence, source: list[Role]) -> list[Role]:
        tokens = self._a.tokens
        source_iris = {r.actor.iri for r in source}
        _, hi = self._target_window(trigger, sentence)
        for rule in lexeme.target:
            found: list[Mention] = []
            if rule == "object":
                if trigger.construction == "light_verb" and trigger.noun_token is not None:
                    found = [m for m in self._mentions_in[sentence]
                             if trigger.noun_token < m.first and m.last <= (trigger.verb_token or m.last)
                             and not self._after_other_prep(m, lexeme)]
                elif trigger.construction == "noun":
                    gen = self._genitive(trigger)
                    found = [gen] if gen else []
            elif rule == "after":
                j = trigger.last
                while j < len(tokens) and tokens[j].text in self.lex.prepositions:
                    j += 1
                if j in self._mention_at:
                    found = [self._mention_at[j]]
            elif rule == "genitive":
                gen = self._genitive(trigger)
                found = self._with_coordinated(gen, len(self._a.tokens)) if gen else []
            elif rule == "subject":
                found = self._subject(sentence, trigger.first)
            elif rule == "subject_of_complement":
                found = [m for m in self._mentions_in[sentence]
                         if trigger.last <= m.first < hi and not self._is_oblique(m)][:1]
            else:
                found = self._after_preposition(rule, *self._target_window(trigger, sentence, rule))
            found = [m for m in found if m.actor.iri not in source_iris]
            if found:
                roles: list[Role] = []
                for m in found:
                    if m.members:
                        roles.extend(Role(a, m) for a in m.members if a.iri not in source_iris)
                    elif all(r.actor.iri != m.actor.iri for r in roles):
                        roles.append(self._role(m))
                return roles
        return []

    def _after_other_prep(self, mention: Mention, lexeme: Lexeme) -> bool:
        prev = mention.first - 1
        return prev >= 0 and self._a.tokens[prev].text == self._with

    def _target_window(self, trigger: Trigger, sentence: int, prep: str | None = None) -> tuple[int, int]:
        sent = self._a.segmentation.sentences[sentence]
        if trigger.construction == "light_verb" and trigger.noun_token is not None:
            # "لە X" belongs between the noun and the verb (لە کۆشکی سپی before the noun is a place);
            # a partner may come before the noun (لەگەڵ X باسی … کرد) or after the verb (کردە سەر X)
            lo = trigger.noun_token if prep in (None, self._from) else self._clause_start(sentence, trigger.first)
            return lo, min(sent.last, (trigger.verb_token or trigger.last) + 5)
        if trigger.construction == "noun":
            following = [t.first for t in self._triggers_in[sentence] if t.first >= trigger.last]
            end = min([sent.last, trigger.last + 20, *following])
            return trigger.first, end
        return max(sent.first, trigger.first - 8), min(sent.last, trigger.last + 6)

    def _after_preposition(self, prep: str, lo: int, hi: int) -> list[Mention]:
        tokens = self._a.tokens
        parts = prep.split()
        for i in range(lo, hi):
            words = [tokens[j].text for j in range(i, min(len(tokens), i + len(parts)))]
            first = self._contracted.get(words[0], words[0]) if words else ""
            if [first, *words[1:]] == parts or (len(parts) == 1 and words and words[0] == prep):
                j = i + len(parts)
                if j in self._mention_at:
                    mention = self._mention_at[j]
                    return self._with_coordinated(mention, hi)
                if words and words[0] in self._contracted and j + 1 in self._mention_at:
                    return self._with_coordinated(self._mention_at[j + 1], hi)
            if len(parts) == 1 and prep == self._from and tokens[i].text in self._pronoun_target:
                prior = [m for m in self._mentions_in[self._sentence_of[i]] if m.last <= i and self._is_oblique(m)]
                if prior:
                    return [prior[-1]]
        return []

    def _genitive(self, trigger: Trigger) -> Mention | None:
        tokens = self._a.tokens
        j = trigger.noun_token + 1 if trigger.construction == "light_verb" and trigger.noun_token is not None \
            else trigger.last
        for _ in range(3):
            if j >= len(tokens) or not tokens[j].is_word or tokens[j].text in self.lex.prepositions:
                return None
            if j in self._mention_at:
                return self._mention_at[j]
            if not tokens[j].text.endswith(EZAFE_ENDINGS):
                return None
            j += 1
        return None

    def _participants_group(self, source: list[Role]) -> list[Role]:
        """The document's "participants" group, the other side of a meeting with no named partner."""
        taken = {r.actor.iri for r in source}
        for mention in self._participant_mentions:
            if mention.actor.iri not in taken:
                return [self._role(mention)]
        return []

    def _split_coordinated(self, source: list[Role]) -> tuple[list[Role], list[Role]]:
        if len(source) >= 2:
            return source[:1], source[1:]
        if len(source) == 1 and source[0].mention is not None and source[0].mention.members:
            members = source[0].mention.members
            return [Role(members[0], source[0].mention)], [Role(a, source[0].mention) for a in members[1:]]
        return source, []

    def _raise_to_states(self, roles: list[Role]) -> list[Role]:
        raised: list[Role] = []
        for role in roles:
            actor = role.actor
            if actor.kind not in ("country", "region") and actor.polity and actor.polity in self.gaz:
                country = self.gaz.entries[actor.polity]
                if country.kind == "region" and country.polity:
                    country = self.gaz.entries[country.polity]
                actor = actor_ref(country, self.gaz)
            if all(r.actor.iri != actor.iri for r in raised):
                raised.append(Role(actor, role.mention))
        return raised

    # -- time and modality -------------------------------------------------------------------------
    def _date(self, trigger: Trigger, sentence: int) -> DateArg | None:
        best: tuple[int, Timex] | None = None
        inside = (trigger.noun_token, trigger.verb_token) if trigger.construction == "light_verb" else None
        for timex in self._timexes_in[sentence]:
            if timex.value is None:
                continue
            if inside and inside[0] is not None and inside[1] is not None and \
                    inside[0] < timex.first and timex.last <= inside[1]:
                continue  # "support the elections of 10 October": the date belongs to the object
            if timex.last <= trigger.first:
                distance = trigger.first - timex.last
            elif timex.first >= trigger.last:
                distance = timex.first - trigger.last + 2  # dates before the verb are more usual
            else:
                distance = 0
            if distance <= MAX_DATE_DISTANCE and (best is None or distance < best[0]) \
                    and not self._separated(timex, trigger):
                best = (distance, timex)
        if best is None:
            return self._speech_date(trigger, sentence)
        return DateArg(best[1], best[1].relation)  # type: ignore[arg-type]

    def _speech_date(self, trigger: Trigger, sentence: int) -> DateArg | None:
        """"X announced yesterday that the mission has ended": a past event reported without a date
        of its own happened by the date of the report that announces it."""
        boundary = self._attribution.boundary_at[trigger.first]
        if boundary < 0 or trigger.tense not in ("past", "nominal"):
            return None
        for timex in self._timexes_in[sentence]:
            if (timex.last <= boundary
                    and timex.date is not None and timex.date.precision == "day"):
                return DateArg(timex, "by")
        return None

    def _separated(self, timex: Timex, trigger: Trigger) -> bool:
        """True when a semicolon, a relative کە or another verb trigger stands between the two."""
        lo, hi = (timex.last, trigger.first) if timex.last <= trigger.first else (trigger.last, timex.first)
        tokens = self._a.tokens
        if any(tokens[i].text in ("؛", ";", self._relative) for i in range(lo, hi)):
            return True
        return any(lo <= t.first and t.last <= hi and t.construction != "noun"
                   for t in self._triggers_in[self._sentence_of[trigger.first]])

    def _modality(self, trigger: Trigger, lexeme: Lexeme, event_type: str, governing, date: DateArg | None,
                  sentence: int) -> str:
        tokens = self._a.tokens
        clause = [t.text for t in tokens[self._clause_start(sentence, trigger.first) : trigger.last]]
        if governing is not None:
            return "demanded" if governing[1].complement == "demanded" else "planned"
        if any(w in self.lex.conditional for w in clause):
            return "hypothetical"
        ability = [w for w in clause if w in self.lex.ability]
        if ability:
            return "negated" if ability[0].startswith(("نا", "نە")) else "hypothetical"
        if trigger.negated and not lexeme.negative_event:
            return "negated"
        after = [t.text for t in tokens[trigger.last : trigger.last + 2]]
        if any(w in self.lex.negative_copula for w in after):
            return "negated"  # پابەند نییە "is not committed"
        if lexeme.complement == "planned":
            return "planned"
        published = self._a.document.published
        if (date is not None and date.timex.date is not None and published is not None
                and date.timex.date.first_day() > published.last_day()):
            return "planned"
        if trigger.tense in ("present", "subjunctive") or (lexeme.negative_event and trigger.tense != "past"):
            if event_type in SPEECH_ACT_TYPES:
                return "asserted"
            return "planned"
        if any(w in self.lex.future_words for w in clause):
            return "planned"
        return "asserted"

    def _confidence(self, statement: Statement, lexeme: Lexeme) -> float:
        score = 0.55
        if statement.trigger.construction == "light_verb":
            score += 0.15
        elif statement.trigger.construction == "noun":
            score -= 0.1
        if statement.source and statement.source[0].mention is not None:
            score += 0.1
        if lexeme.target and statement.target:
            score += 0.1
        if statement.date is not None:
            score += 0.05
        return round(min(score, 0.95), 2)


