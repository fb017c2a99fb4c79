"""English statements: a trigger plus its source, target, attribution, date and modality.

English is SVO, so the rules are simpler than Sorani's:

* source: the first actor of the trigger's clause that does not follow a preposition (with the actors
  coordinated to it: "Iraq and the United States agreed"); a pronoun subject is the discourse subject;
  in a relative clause ("X, who …") the antecedent; in a to-infinitive governed by a demand the demandee
  ("urged X to stop"), by a commitment or a threat the governor's source ("pledged to form"); in the
  passive the agent after "by", the subject becoming the target;
* target: the lexeme's rules in order: an actor after one of its prepositions, or the verb's object;
  symmetric events split coordinated subjects ("X and Y agreed") or take "between X and Y";
* date: the nearest resolved time expression of the sentence not separated from the trigger by another
  verb trigger or a "that"/"which" clause; a past event reported without one takes the date of the
  report ("X said on Thursday that the mission has ended");
* modality: from the governing trigger, then negation, conditionals and modal verbs, planning phrases
  and future dates (cue words in ``data/cues.yaml``).
"""

from __future__ import annotations

import itertools

from kgraph.event_types import EventType, event_types
from kgraph.gazetteer import Gazetteer
from kgraph.lang.data import load_yaml
from kgraph.lang.en.attribution import PREPOSITIONS, AttributionFinder
from kgraph.lang.en.triggers import Lexeme, load_lexemes
from kgraph.model import Analysis, DateArg, Mention, Role, Statement, Timex, Trigger
from kgraph.recognise.actors import actor_ref

MAX_DATE_DISTANCE = 14
BOUNDARIES = {";", "that", "which", "who", "whose", "whom", "saying", "while", "but", ":", "\"", "“", "”"}
PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "thing", "we": "speaker", "its": "thing",
            "his": "person", "her": "person", "their": "thing"}
SUBORDINATORS = {"after", "before", "since", "until", "because", "although", "though", "as", "once", "unless", "if",
                 "when", "while", "whereas"}
SKIPPABLE = {"the", "a", "an", "its", "his", "her", "their", "other", "all", "new", "several", "some", "many", "both",
             "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
             "eastern", "western", "northern", "southern", "central", "downtown", "north", "south", "east", "west"}
ATTRIBUTIVE_BEFORE = {"a", "an", "the", "'s", "’s", "its", "their"}
PASSIVE_AUX = {"was", "were", "been", "be", "being", "is", "are", "has", "had", "have", "got", "get"}
SPEECH_ACT_TYPES = {"demand", "support", "praise", "welcome", "congratulate", "reject", "oppose", "accuse",
                    "criticize", "condemn", "threaten"}


class EnglishStatementBuilder:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.lexemes: dict[str, Lexeme] = {lex.id: lex for lex in load_lexemes()}
        self.types: dict[str, EventType] = event_types()
        self.attribution_finder = AttributionFinder()
        cues = load_yaml("en", "cues.yaml")["modality"]
        self.negation = {w.lower() for w in cues["negation"]}
        self.negative_det = {w.lower() for w in cues["negative_determiners"]}
        self.refusal = [tuple(p.split()) for p in cues["refusal"]]
        self.planned = [tuple(p.lower().split()) for p in cues["planned"]]
        self.hypothetical = {w.lower() for w in cues["hypothetical"]}
        self.conditional = {w.lower() for w in cues["conditional"]}

    # -- entry point ---------------------------------------------------------------------------------
    def build(self, analysis: Analysis, triggers: list[Trigger]) -> None:
        self._a = analysis
        tokens = analysis.tokens
        n = len(tokens)
        self._sentence_of = [0] * n
        for s in analysis.segmentation.sentences:
            for i in range(s.first, s.last):
                self._sentence_of[i] = s.index
        self._mentions = sorted(analysis.mentions, key=lambda m: m.first)
        self._mention_at = {m.first: m for m in self._mentions}
        self._in_mention = {i: m for m in self._mentions for i in range(m.first, m.last)}
        self._triggers = triggers
        self._verb_triggers = [t for t in triggers if t.construction == "verb"]
        self._verb_at = {t.first for t in self._verb_triggers}
        # per-sentence indexes keep every argument search inside one sentence (linear in the document)
        n_sentences = len(analysis.segmentation.sentences)
        self._mentions_in: list[list[Mention]] = [[] for _ in range(n_sentences)]
        self._verbs_in: list[list[Trigger]] = [[] for _ in range(n_sentences)]
        self._timexes_in: list[list[Timex]] = [[] for _ in range(n_sentences)]
        for m in self._mentions:
            self._mentions_in[self._sentence_of[m.first]].append(m)
        for t in self._verb_triggers:
            self._verbs_in[self._sentence_of[t.first]].append(t)
        for t in analysis.timexes:
            self._timexes_in[self._sentence_of[t.first]].append(t)
        self._parenthetical = self._parentheticals()
        self._att = self.attribution_finder.find(analysis, self._sentence_subject)
        statements: list[Statement] = []
        governors: list[tuple[Statement, Lexeme]] = []
        discourse: list[Role] = []
        for trigger in triggers:
            lexeme = self.lexemes[trigger.lexeme]
            sentence = self._sentence_of[trigger.first]
            governing = self._governing(trigger, sentence, governors)
            passive = self._passive(trigger)
            source, target = self._roles(trigger, lexeme, sentence, governing, passive, discourse, statements)
            if lexeme.require_target and not target:
                continue
            if lexeme.person_target and target[0].actor.kind != "person":
                continue
            event_type = trigger.event_type
            modality = self._modality(trigger, sentence, governing)
            if lexeme.negative_event:
                if modality != "negated":
                    continue  # "troops will remain": no event; "no troops will remain" is a withdrawal
                modality = self._modality(trigger, sentence, governing, negation=False)
            if modality == "asserted" and lexeme.modality:
                modality = lexeme.modality  # a commitment is to a future act
            if modality == "asserted" and governing is None:
                modality = self._shared_modality(trigger, sentence, statements) or modality
            if modality == "negated" and lexeme.negated_type:
                event_type, modality = lexeme.negated_type, "asserted"
            speakers = self._att.speakers_at[trigger.first] if trigger.first < n else []
            date = self._date(trigger, sentence, modality)
            if modality == "asserted" and event_type not in SPEECH_ACT_TYPES and date is not None and \
                    date.timex.date is not None and \
                    analysis.document.published is not None and \
                    date.timex.date.first_day() > analysis.document.published.last_day():
                modality = "planned"
            etype = self.types[event_type]
            statement = Statement(
                trigger=trigger, event_type=event_type, plover=etype.plover, mode=etype.mode,
                context=list(etype.contexts), modality=modality, sentence=sentence, source=source, target=target,
                attributed_to=_speaker_roles(speakers), date=date,
                polarity="negative" if modality == "negated" else "positive")
            statement.confidence = self._confidence(statement, lexeme)
            if modality == "planned" and "future" not in statement.context:
                statement.context.append("future")
            if modality == "hypothetical":
                statement.context.append("hypothetical")
            if modality == "negated":
                statement.context.append("negation")
            statements.append(statement)
            if lexeme.complement:
                governors.append((statement, lexeme))
            if source and source[0].mention is not None and governing is None:
                discourse = source
        self.share_coordinated(statements)
        analysis.statements.extend(statements)

    # -- clauses ---------------------------------------------------------------------------------------
    def _parentheticals(self) -> set[int]:
        """Tokens of closed relative clauses between commas (", whose movement won 73 seats,")."""
        tokens = self._a.tokens
        inside: set[int] = set()
        for sentence in self._a.segmentation.sentences:
            i = sentence.first
            while i < sentence.last - 1:
                if tokens[i].text == "," and tokens[i + 1].text.lower() in ("who", "whose", "which", "where"):
                    for j in range(i + 2, sentence.last):
                        if tokens[j].text == ",":
                            inside.update(range(i, j + 1))
                            i = j
                            break
                i += 1
        return inside

    def _candidate(self, mention: Mention) -> bool:
        """A mention that may fill a role (not a place use, not inside a relative clause aside)."""
        return (mention.reportable or bool(mention.members)) and mention.first not in self._parenthetical

    def _clause_start(self, sentence: int, before: int, subordinate: bool = False) -> int:
        sent = self._a.segmentation.sentences[sentence]
        tokens = self._a.tokens
        start = sent.first
        content = self._att.content_start[before] if before < len(tokens) else -1
        if start < content <= before:
            start = content
        for trigger in self._verbs_in[sentence]:
            if start <= trigger.first and trigger.last <= before and trigger.first not in self._parenthetical:
                start = trigger.last
        for i in range(before - 1, start - 1, -1):
            if i in self._parenthetical and before - 1 not in self._parenthetical:
                continue
            word = tokens[i].text.lower()
            if word in BOUNDARIES or i in self._att.speech_tokens or (subordinate and word in SUBORDINATORS):
                return i + 1
        return start

    def _sentence_subject(self, sentence: int, before: int) -> list[Mention]:
        sent = self._a.segmentation.sentences[sentence]
        for m in self._mentions_in[sentence]:
            if sent.first <= m.first < before and not self._oblique(m) and self._candidate(m):
                return self._coordinated(m, before)
        return []

    def _oblique(self, mention: Mention) -> bool:
        tokens = self._a.tokens
        i = mention.first - 1
        if i >= 0 and tokens[i].text.lower() in ("and", "or") and i - 1 in self._in_mention:
            return self._oblique(self._in_mention[i - 1])
        while i >= 0 and tokens[i].text.lower() in SKIPPABLE:
            i -= 1
        return i >= 0 and tokens[i].text.lower() in PREPOSITIONS

    def _coordinated(self, first: Mention, before: int) -> list[Mention]:
        found = [first]
        tokens = self._a.tokens
        current = first
        while True:
            j = current.last
            if j < before and tokens[j].text.lower() in ("and", ","):
                k = j + 1
                while k < before and tokens[k].text.lower() in SKIPPABLE:
                    k += 1
                nxt = self._mention_at.get(k)
                if nxt is not None and nxt.last <= before and (tokens[j].text.lower() == "and" or self._list_ends(
                        nxt, before)):
                    found.append(nxt)
                    current = nxt
                    continue
            break
        return found

    def _list_ends(self, mention: Mention, before: int) -> bool:
        j = mention.last
        tokens = self._a.tokens
        return j < before and tokens[j].text.lower() in ("and", ",")

    def _subject(self, sentence: int, before: int) -> list[Mention]:
        start = self._clause_start(sentence, before, subordinate=True)
        tokens = self._a.tokens
        opened = start > 0 and tokens[start - 1].text.lower() in SUBORDINATORS  # "after X killed …"
        own = [m for m in self._mentions_in[sentence] if start <= m.first < before and self._candidate(m)
               and (not self._oblique(m) or (opened and self._first_after(start, m)))]
        if own:
            return self._coordinated(own[0], before)
        # "the mission of the U.S.-led coalition …": the possessor stands for the subject
        owned = [m for m in self._mentions_in[sentence] if start <= m.first < before and m.first > 0
                 and tokens[m.first - 1].text.lower() in ("of", "the") and m.first - 2 >= start
                 and tokens[m.first - 2].text.lower() == "of"]
        if owned and start > 0 and tokens[start - 1].text.lower() not in ("who", "which", "that"):
            return owned[:1]
        # "a statement from X welcomed …": the author of the statement
        for i in range(start, before - 1):
            if tokens[i].text.lower() in self.attribution_finder.statement_nouns and \
                    tokens[i + 1].text.lower() in ("from", "by", "of") and i + 2 < before:
                for k in range(i + 2, min(before, i + 5)):
                    if k in self._mention_at:
                        return [self._mention_at[k]]
        # relative clause: the antecedent before "who"/"which"
        if start > 0 and tokens[start - 1].text.lower() in ("who", "which", "whose", "that"):
            j = start - 2
            while j >= 0 and tokens[j].text in (",",):
                j -= 1
            if j in self._in_mention:
                return [self._in_mention[j]]
        return []

    def _first_after(self, start: int, mention: Mention) -> bool:
        return all(t.text.lower() in SKIPPABLE for t in self._a.tokens[start : mention.first])

    def _pronoun(self, sentence: int, before: int, discourse: list[Role]) -> list[Role] | None:
        start = self._clause_start(sentence, before)
        tokens = self._a.tokens
        for i in range(start, before):
            kind = PRONOUNS.get(tokens[i].text.lower())
            if kind is None:
                continue
            if kind == "speaker":
                speakers = self._att.speakers_at[i]
                if speakers:
                    polity = speakers[0].actor.polity
                    if polity and polity in self.gaz:
                        return [Role(actor_ref(self.gaz[polity], self.gaz), speakers[0])]
                return None
            for m in reversed(self._mentions):
                if m.last > i or not self._candidate(m):
                    continue
                if (kind == "person") == (m.actor.kind == "person") and not self._oblique(m):
                    return [Role(m.actor, m)]
            return list(discourse) or None
        return None

    # -- roles -----------------------------------------------------------------------------------------
    def _governing(self, trigger: Trigger, sentence: int, governors) -> tuple[Statement, Lexeme] | None:
        tokens = self._a.tokens
        infinitive = trigger.first > 0 and tokens[trigger.first - 1].text.lower() == "to"
        for statement, lexeme in reversed(governors):
            if statement.sentence != sentence:
                break
            gov = statement.trigger
            if gov.last > trigger.first or trigger.first - gov.last > 12:
                continue
            between = [t for t in self._verbs_in[sentence] if gov.last <= t.first < trigger.first]
            if trigger.construction == "noun" and lexeme.complement == "demanded" and trigger.first - gov.last <= 4:
                return statement, lexeme
            if infinitive and not between:
                return statement, lexeme
            if infinitive and between and all(self._governing_chain(b, governors) for b in between):
                return statement, lexeme  # "urged X to stop … and to apologise"
        return None

    def _governing_chain(self, trigger: Trigger, governors) -> bool:
        return any(s.trigger is trigger for s, _ in governors) or self._a.tokens[trigger.first - 1].text == "to"

    def _passive(self, trigger: Trigger) -> bool:
        if trigger.construction != "verb" or trigger.tense not in ("participle", "past"):
            return False
        tokens = self._a.tokens
        if trigger.last < len(tokens) and tokens[trigger.last].text.lower() == "to":
            return False  # "is committed to ending …": an adjective with its complement
        for j in range(trigger.first - 1, max(-1, trigger.first - 4), -1):
            word = tokens[j].text.lower()
            if word in PASSIVE_AUX:
                return word not in ("has", "had", "have") or tokens[trigger.first - 1].text.lower() == "been"
            if word not in ("not", "n't", "never", "also", "already", "reportedly", "been"):
                return False
        return False

    def _roles(self, trigger, lexeme, sentence, governing, passive, discourse,
               previous) -> tuple[list[Role], list[Role]]:
        subject = [Role(m.actor, m) for m in self._subject(sentence, trigger.first)]
        shared = self._coordinated_with(trigger, sentence, previous)
        infinitive_subject = self._infinitive_subject(trigger)
        if infinitive_subject is not None and governing is None:
            source = [Role(infinitive_subject.actor, infinitive_subject)]
        elif shared is not None and governing is None:
            source = list(shared.source)
        elif governing is not None:
            statement, gov_lexeme = governing
            if gov_lexeme.complement == "demanded" and statement.target:
                source = list(statement.target)
            else:
                source = list(statement.source)
            own = [r for r in subject if r.mention is not None and r.mention.first >= statement.trigger.last]
            if own and gov_lexeme.complement != "demanded":
                source = own
        elif passive:
            agent = self._after_preposition(trigger, "by", 8)
            source = [Role(m.actor, m) for m in agent]
        elif subject:
            source = subject
        elif trigger.tense == "progressive" and trigger.first > 0 and \
                self._a.tokens[trigger.first - 1].text.lower() in SUBORDINATORS | {"by", "without"}:
            # "X said after meeting Y …": the participle's subject is the main clause's
            source = [Role(m.actor, m) for m in self._sentence_subject(sentence, trigger.first)[:1]]
        else:
            source = self._pronoun(sentence, trigger.first, discourse) or []
            if not source and previous and previous[-1].sentence == sentence and previous[-1].source and \
                    self._a.tokens[trigger.first - 1].text.lower() == "to":
                source = list(previous[-1].source)  # "voted last year to demand …"
        if trigger.construction == "noun":
            if lexeme.symmetric:
                between = self._after_preposition(trigger, "between", 6)
                if len(between) >= 2:
                    return [Role(between[0].actor, between[0])], [Role(m.actor, m) for m in between[1:]]
            before = self._possessor(trigger)
            if before is not None:
                source = [Role(before.actor, before)]
            if lexeme.genitive_source:
                of = self._after_preposition(trigger, "of", 4)
                if of:
                    source = [Role(of[0].actor, of[0])]
        target = self._target(trigger, lexeme, sentence, source)
        if passive and governing is None:
            target = subject or target
        if lexeme.symmetric and not target and len(source) >= 2:
            source, target = source[:1], source[1:]
        source_iris = {r.actor.iri for r in source}
        target = [r for r in target if r.actor.iri not in source_iris]
        return source, target

    def _coordinated_with(self, trigger: Trigger, sentence: int, previous: list[Statement],
                          with_source: bool = True) -> Statement | None:
        """"X rejected the ruling and threatened …": a verb after "and" with no subject of its own
        shares the previous verb's subject (``with_source``: only a previous verb that has one)."""
        if trigger.construction != "verb" or not previous or previous[-1].sentence != sentence:
            return None
        prev = previous[-1]
        if prev.trigger.construction != "verb" or (with_source and not prev.source):
            return None
        tokens = self._a.tokens
        j = trigger.first - 1
        while j > prev.trigger.last and tokens[j].text.lower() in ("also", "then", "later", "immediately", "has",
                                                                   "have", "had", "was", "were", "is", "are"):
            j -= 1
        if tokens[j].text.lower() not in ("and", "but", "or", ","):
            return None
        if any(m.first >= j and m.last <= trigger.first for m in self._mentions_in[sentence]):
            return None
        return prev

    def _shared_modality(self, trigger: Trigger, sentence: int, previous: list[Statement]) -> str | None:
        """"will advise, train and assist": a bare verb coordinated with the one before it is under the same
        modal ("will", "could", "urged to"); a finite verb ("will meet and signed") has its own."""
        prev = self._coordinated_with(trigger, sentence, previous, with_source=False)
        if prev is None or prev.modality not in ("planned", "hypothetical", "demanded"):
            return None
        if trigger.tense == "base" or trigger.tense == prev.trigger.tense == "progressive":
            return prev.modality
        return None

    def _infinitive_subject(self, trigger: Trigger) -> Mention | None:
        """"for the new parliament to convene", "allows the Oil Ministry to challenge": X before "to"."""
        tokens = self._a.tokens
        i = trigger.first - 1
        if i < 1 or tokens[i].text.lower() != "to":
            return None
        m = self._in_mention.get(i - 1)
        if m is None or m.last != i or not self._candidate(m):
            return None
        j = m.first - 1
        while j >= 0 and tokens[j].text.lower() in SKIPPABLE:
            j -= 1
        if j >= 0 and (tokens[j].text.lower() in ("for", "allow", "allows", "allowed", "enable", "enables", "want",
                                                   "wants", "expect", "expects")):
            return m
        return None

    def _possessor(self, trigger: Trigger) -> Mention | None:
        tokens = self._a.tokens
        j = trigger.first - 1
        if j >= 0 and tokens[j].text in ("'s", "’s"):
            j -= 1
        return self._in_mention.get(j) if j >= 0 and self._in_mention.get(j) is not None and \
            self._in_mention[j].last == j + 1 else None

    def _target(self, trigger: Trigger, lexeme: Lexeme, sentence: int, source: list[Role]) -> list[Role]:
        source_iris = {r.actor.iri for r in source}
        for rule in lexeme.target:
            found = self._object(trigger, sentence) if rule == "object" else self._after_preposition(trigger, rule, 10)
            roles = []
            for m in found:
                actors = m.members or [m.actor]
                for actor in actors:
                    if actor.iri not in source_iris and all(r.actor.iri != actor.iri for r in roles):
                        roles.append(Role(actor, m))
            if roles:
                return roles
        return []

    def _object(self, trigger: Trigger, sentence: int) -> list[Mention]:
        tokens = self._a.tokens
        sent = self._a.segmentation.sentences[sentence]
        j = trigger.last
        if j < sent.last and tokens[j].text.lower() in ("him", "her"):
            people = [m for m in self._mentions_in[sentence] if m.last <= trigger.first and m.actor.kind == "person"
                      and self._candidate(m)]
            subject = self._subject(sentence, trigger.first)
            people = [m for m in people if all(m.actor.iri != s.actor.iri for s in subject)]
            return people[-1:]
        hi = min(sent.last, trigger.last + 6)
        while j < hi:
            m = self._mention_at.get(j)
            if m is not None:
                return self._coordinated(m, sent.last)
            word = tokens[j].text.lower()
            if word in PREPOSITIONS or word in BOUNDARIES or word in (",", "to", ".") or \
                    j in self._verb_at:
                return []
            j += 1
        return []

    def _after_preposition(self, trigger: Trigger, prep: str, reach: int) -> list[Mention]:
        tokens = self._a.tokens
        sent = self._a.segmentation.sentences[self._sentence_of[trigger.first]]
        hi = min(sent.last, trigger.last + reach)
        for j in range(trigger.last, hi):
            if tokens[j].text.lower() == prep:
                for k in range(j + 1, min(sent.last, j + 5)):
                    m = self._mention_at.get(k)
                    if m is not None:
                        return self._coordinated(m, sent.last)
                    if not tokens[k].is_word:
                        break
                return []
            if j > trigger.last and j in self._verb_at:
                return []
        return []

    # -- time and modality --------------------------------------------------------------------------
    def _date(self, trigger: Trigger, sentence: int, modality: str) -> DateArg | None:
        best: tuple[int, Timex] | None = None
        tokens = self._a.tokens
        infinitive = trigger.first > 0 and tokens[trigger.first - 1].text.lower() == "to"
        for timex in self._timexes_in[sentence]:
            if timex.value is None:
                continue
            if trigger.first < timex.first and timex.last <= trigger.last:
                continue  # "declared the region's 2007 law unconstitutional": the date is the object's
            if timex.first > 0 and tokens[timex.first - 1].text.lower() in ATTRIBUTIVE_BEFORE and \
                    timex.last < len(tokens) and tokens[timex.last].text[:1].islower() and \
                    tokens[timex.last].text.lower() not in PREPOSITIONS:
                continue  # "a December 31, 2021 deadline": the date belongs to the noun
            if timex.last <= trigger.first and infinitive and timex.last < trigger.first:
                continue  # "voted on Friday to end …": the date before "to" is the vote's
            if timex.last <= trigger.first:
                distance = trigger.first - timex.last + 1
            elif timex.first >= trigger.last:
                distance = timex.first - trigger.last
            else:
                distance = 0
            if distance <= MAX_DATE_DISTANCE and (best is None or distance < best[0]) and \
                    not self._separated(timex, trigger):
                best = (distance, timex)
        if best is not None:
            return DateArg(best[1], best[1].relation)  # type: ignore[arg-type]
        speech = self._att.speech_date[trigger.first]
        if speech is not None and modality == "asserted" and trigger.tense in ("past", "participle", "progressive",
                                                                               "nominal"):
            return DateArg(speech, "on")
        return None

    def share_coordinated(self, statements: list[Statement]) -> None:
        """Coordinated verbs share what only one of them has: "training and advising Iraqi forces"
        (the object), "rejected a lawsuit … and ratified the results" (the date)."""
        tokens = self._a.tokens
        pairs = list(itertools.pairwise(statements))
        for left, right in reversed(pairs):  # right to left: "advise, train and assist X" reaches "advise"
            if self._joined(left, right) and len(tokens[left.trigger.last : right.trigger.first]) <= 2 and \
                    not left.target and right.target and left.plover == right.plover:
                left.target = list(right.target)
        for left, right in pairs:
            if not self._joined(left, right):
                continue
            if right.date is None and left.date is not None and right.source and left.source and \
                    right.source[0].actor.iri == left.source[0].actor.iri and right.modality == left.modality:
                right.date = left.date

    def _joined(self, left: Statement, right: Statement) -> bool:
        """Two triggers of the same construction in one sentence with "and", "or" or a comma between."""
        if left.sentence != right.sentence or left.trigger.construction != right.trigger.construction:
            return False
        gap = self._a.tokens[left.trigger.last : right.trigger.first]
        return any(t.text.lower() in ("and", "or", ",") for t in gap)

    def _separated(self, timex: Timex, trigger: Trigger) -> bool:
        lo, hi = (timex.last, trigger.first) if timex.last <= trigger.first else (trigger.last, timex.first)
        tokens = self._a.tokens
        for i in range(lo, hi):
            # "ordered the operation after the region held a referendum on Sept. 25": another clause's date
            if tokens[i].text.lower() in SUBORDINATORS and any(
                    k in self._in_mention for k in range(i + 1, min(hi, i + 4))):
                return True
        if any(tokens[i].text.lower() in BOUNDARIES or i in self._att.speech_tokens for i in range(lo, hi)):
            return True
        return any(lo <= t.first and t.last <= hi for t in self._verbs_in[self._sentence_of[trigger.first]])

    def _modality(self, trigger: Trigger, sentence: int, governing, negation: bool = True) -> str:
        """The event's modality; ``negation=False`` asks for the rest of the cues (a negative event's own)."""
        tokens = self._a.tokens
        start = self._clause_start(sentence, trigger.first, subordinate=True)
        before = [t.text.lower() for t in tokens[start : trigger.first]]
        near = before[-4:]
        sent = self._a.segmentation.sentences[sentence]
        if negation and (any(w in self.negation for w in near) or self._has_phrase(before, self.refusal)):
            return "negated"
        if negation and any(w in self.negative_det for w in before + self._words_after(trigger, sent.last)):
            return "negated"
        if governing is not None:
            return {"demanded": "demanded", "hypothetical": "hypothetical", "negated": "negated"}.get(
                governing[1].complement, "planned")
        leading = {t.text.lower() for t in tokens[sent.first : trigger.first]}
        if any(w in self.conditional for w in before) or leading & self.conditional:
            return "hypothetical"  # "if the two sides agree", "If Iraq asks, Turkey will withdraw"
        sentence_words = {t.text.lower() for t in tokens[sent.first : sent.last]}
        if any(w in self.hypothetical for w in near):
            return "hypothetical"
        if self._has_phrase(before, self.planned):
            if sentence_words & self.conditional:
                return "hypothetical"  # "would withdraw if Iraq asked"
            return "planned"
        return "asserted"

    def _words_after(self, trigger: Trigger, end: int) -> list[str]:
        """The trigger and up to three words after it within its clause: a negative determiner in a complement
        ("agreed that no forces will remain") negates the complement, not the verb that governs it."""
        words = []
        for t in self._a.tokens[trigger.first : min(end, trigger.last + 3)]:
            word = t.text.lower()
            if word in BOUNDARIES or word in (",", "."):
                break
            words.append(word)
        return words

    @staticmethod
    def _has_phrase(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
        for phrase in phrases:
            n = len(phrase)
            if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
                return True
        return False

    @staticmethod
    def _confidence(statement: Statement, lexeme: Lexeme) -> float:
        score = 0.6 if statement.trigger.construction == "verb" else 0.5
        if statement.source and statement.source[0].mention is not None:
            score += 0.15
        if lexeme.target and statement.target:
            score += 0.1
        if statement.date is not None:
            score += 0.05
        return round(min(score, 0.95), 2)


def _speaker_roles(speakers: list[Mention]) -> list[Role]:
    """Speakers as roles; "the two countries said" speaks for both members."""
    roles: list[Role] = []
    for m in speakers:
        for actor in m.members or [m.actor]:
            if all(r.actor.iri != actor.iri for r in roles):
                roles.append(Role(actor, m))
    return roles


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.actor.iri not in seen:
            seen.add(m.actor.iri)
            out.append(m)
    return out
