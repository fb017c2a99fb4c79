"""English event triggers from ``data/triggers.yaml``: inflected verb phrases and licensed event nouns.

A verb phrase matches any inflection of its first word followed by its literal words (``*`` lets up to
ten words of the clause stand between). A verb form right after a determiner, possessive or number is read as a noun
("the vote", "its attacks"). Event nouns need a licence (an actor before them, or a target preposition
followed by an actor after them) unless the lexeme marks them ``nominal: always``. A noun that is the
object of another trigger is that trigger's argument ("condemned the attack"), except under a demand
("called for closer coordination between X and Y"), and a noun right before a verb of the same
PLOVER class is that verb's subject ("a drone strike killed …"). Words inside actor names never trigger
("Coordination Framework").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kgraph.event_types import event_types
from kgraph.lang.data import load_yaml
from kgraph.lang.en.lexicon import noun_forms, verb_forms
from kgraph.model import Analysis, Trigger

MAX_GAP = 10
GAP_STOPS = {"that", "which", "who", "to", "said"}
OBJECT_REACH = 4  # tokens between a verb trigger and a noun that is its object
# A phrase ending in one of these ("agree on") before a date ("agreed on Monday") leaves it to the date.
# "the elections that Iraq will hold": a relative pronoun whose antecedent is the object of the clause's verb.
RELATIVE_PRONOUNS = {"that", "which"}
RELATIVE_REACH = 8  # tokens between the relative pronoun and its verb
PARTICLES = {"on", "with", "to", "for", "of", "in", "into", "upon", "against", "from", "by", "out", "over"}
DATE_PREPOSITIONS = {"on", "in", "at", "by", "for", "until", "since", "after", "before", "from", "during"}


@dataclass(frozen=True)
class Lexeme:
    id: str
    type: str
    target: tuple[str, ...]
    symmetric: bool = False
    complement: str | None = None
    require_target: bool = False
    negated_type: str | None = None
    always: bool = False
    genitive_source: bool = False
    modality: str | None = None
    after_words: tuple[str, ...] = ()
    person_target: bool = False
    negative_event: bool = False


@dataclass(frozen=True)
class _Pattern:
    lexeme: Lexeme
    rest: tuple[str, ...]
    construction: str  # verb | noun
    tense: str


def load_lexemes() -> list[Lexeme]:
    """The lexemes of ``triggers.yaml``; unknown event types are an error in the data."""
    types = event_types()
    lexemes = []
    for item in load_yaml("en", "triggers.yaml")["lexemes"]:
        if item["type"] not in types:
            raise ValueError(f"triggers.yaml: {item['id']} has unknown event type {item['type']!r}")
        lexemes.append(Lexeme(item["id"], item["type"], tuple(item.get("target", [])), bool(item.get("symmetric")),
                              item.get("complement"), bool(item.get("require_target")), item.get("negated_type"),
                              item.get("nominal") == "always", bool(item.get("genitive_source")),
                              item.get("modality"), tuple(w.lower() for w in item.get("after_words", [])),
                              bool(item.get("person_target")), bool(item.get("negative_event"))))
    return lexemes


class EnglishTriggerFinder:
    def __init__(self) -> None:
        self.lexemes = {lex.id: lex for lex in load_lexemes()}
        raw = {item["id"]: item for item in load_yaml("en", "triggers.yaml")["lexemes"]}
        self.by_form: dict[str, list[_Pattern]] = defaultdict(list)
        for lexeme in self.lexemes.values():
            item = raw[lexeme.id]
            for phrase in item.get("verbs", []):
                head, *rest = phrase.lower().split()
                for form, tense in verb_forms(head).items():
                    self.by_form[form].append(_Pattern(lexeme, tuple(rest), "verb", tense))
            for form in item.get("forms", []):
                tense = "progressive" if form.endswith("ing") else "past" if form.endswith("ed") else "present"
                self.by_form[form.lower()].append(_Pattern(lexeme, (), "verb", tense))
            for phrase in item.get("nouns", []):
                for form in noun_forms(phrase.lower()):
                    head, *rest = form.split()
                    self.by_form[head].append(_Pattern(lexeme, tuple(rest), "noun", "nominal"))
        self.blockers = [tuple(p.lower().split()) for p in load_yaml("en", "triggers.yaml").get("blockers", [])]
        cues = load_yaml("en", "cues.yaml")
        self.determiners = {w.lower() for w in cues["determiners"]}
        modality = cues["modality"]
        self.negators = {w.lower() for w in modality["negation"] + modality["negative_determiners"]}
        actors = load_yaml("en", "actors.yaml")
        self.demonyms = {w.lower() for words in actors["demonyms"].values() for w in words}
        types = event_types()
        self.plover = {t: types[t].plover for t in types}
        self._timex_first: set[int] = set()  # first tokens of the time expressions of the text at hand

    def find(self, analysis: Analysis) -> list[Trigger]:
        tokens = analysis.tokens
        blocked = {i for m in analysis.mentions for i in range(m.first, m.last)}
        blocked.update(self._blocked_phrases(tokens))
        blocked.update(i for t in analysis.timexes for i in range(t.first, t.last))
        self._timex_first = {t.first for t in analysis.timexes}
        sentence_end = [0] * len(tokens)
        for sentence in analysis.segmentation.sentences:
            for i in range(sentence.first, sentence.last):
                sentence_end[i] = sentence.last
        found: list[tuple[int, int, _Pattern]] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            compound = i >= 2 and tokens[i - 1].text == "-" and tokens[i - 1].start == tokens[i - 2].end \
                and tok.start == tokens[i - 1].end
            if not tok.is_word or i in blocked or compound:
                i += 1
                continue
            after_trigger = bool(found) and found[-1][1] == i and found[-1][2].construction == "verb"
            best = self._best(tokens, i, sentence_end[i], after_trigger)
            if best is None:
                i += 1
                continue
            found.append(best)
            i = best[1]  # words of a phrase ("impose sanctions on") trigger nothing more
        triggers = [self._trigger(analysis, first, last, pattern) for first, last, pattern in found]
        return self._license(analysis, self._without_antecedents(tokens, triggers))

    def _without_antecedents(self, tokens, triggers: list[Trigger]) -> list[Trigger]:
        """"the talks that both sides will hold": the noun is the object of the relative verb's event, not an
        event of its own."""
        consumed = set()
        for trigger in triggers:
            if trigger.construction == "verb" and trigger.last == trigger.first + 1:
                head = self._antecedent(tokens, trigger.first)
                if head is not None:
                    consumed.add(head)
        return [t for t in triggers if t.construction != "noun" or t.last - 1 not in consumed]

    def _best(self, tokens, i: int, end: int, after_trigger: bool = False) -> tuple[int, int, _Pattern] | None:
        word = tokens[i].text.lower()
        previous = tokens[i - 1].text.lower() if i > 0 else ""
        nominal_slot = previous in self.determiners or previous in self.demonyms or (
            i > 0 and tokens[i - 1].text[:1].isdigit()) or after_trigger  # "accept attacks": the object
        modified = self._after_modifier(tokens, i)
        options = []
        for pattern in self.by_form.get(word, []):
            if pattern.construction == "verb" and (nominal_slot or (modified and pattern.tense in ("base", "present"))):
                continue
            last = self._match_rest(tokens, i + 1, end, pattern.rest)
            if last is not None and pattern.lexeme.after_words and not self._subject_word(tokens, i, pattern.lexeme):
                continue
            if last is not None and self._preposition_of_date(pattern.rest, last):
                continue
            if last is not None and pattern.lexeme.negative_event and not self._negated_before(tokens, i):
                continue
            if last is None and pattern.construction == "verb" and self._relative_object(tokens, i, pattern.rest):
                last = i + 1  # "the elections that Iraq will hold": the object stands before the verb
            if last is not None:
                literal = sum(1 for w in pattern.rest if w != "*")
                options.append((literal, pattern.construction == "verb", -len(options), (i, last, pattern)))
        if not options:
            return None
        return max(options)[3]

    def _relative_object(self, tokens, i: int, rest: tuple[str, ...]) -> bool:
        """The verb's literal object words ("hold * elections") are the antecedent of a relative clause the verb
        stands in, with a subject between the pronoun and the verb ("the elections that Iraq will hold")."""
        words = [w for w in rest if w != "*" and w not in PARTICLES]
        if not words:
            return False
        head = self._antecedent(tokens, i)
        return head is not None and tokens[head].text.lower() in noun_forms(words[-1])

    def _antecedent(self, tokens, i: int) -> int | None:
        """The noun before "that"/"which" when words stand between the pronoun and the verb at ``i`` (a subject,
        "that Iraq will hold", or a passive auxiliary, "that were held": the same event either way)."""
        for j in range(i - 2, max(0, i - 1 - RELATIVE_REACH), -1):
            word = tokens[j].text.lower()
            if word in RELATIVE_PRONOUNS:
                head = j - 1
                return head if tokens[head].is_word and tokens[head].text[:1].islower() else None
            if not tokens[j].is_word or word in GAP_STOPS:
                return None
        return None

    def _negated_before(self, tokens, i: int) -> bool:
        """A negation shortly before, in the same clause: "no troops will remain" is an event, "would stay to
        advise" is none (and must not cut the clause for the verbs around it)."""
        for j in range(i - 1, max(-1, i - 7), -1):
            word = tokens[j].text.lower()
            if word in self.negators:
                return True
            if word in (",", ";", ".", "that", "which", "who", "and", "but"):
                return False
        return False

    def _preposition_of_date(self, rest: tuple[str, ...], last: int) -> bool:
        """"agreed on Monday": the phrase's last word is the date's preposition, not a particle ("agree on")."""
        return bool(rest) and rest[-1] in DATE_PREPOSITIONS and last in self._timex_first

    def _blocked_phrases(self, tokens) -> set[int]:
        """Tokens of the blocker phrases ("in order to", "press release")."""
        words = [t.text.lower() for t in tokens]
        firsts = {b[0] for b in self.blockers}
        blocked: set[int] = set()
        for i, word in enumerate(words):
            if word in firsts:
                for phrase in self.blockers:
                    if tuple(words[i : i + len(phrase)]) == phrase:
                        blocked.update(range(i, i + len(phrase)))
        return blocked

    @staticmethod
    def _subject_word(tokens, i: int, lexeme: Lexeme) -> bool:
        """An intransitive use: one of the lexeme's subject words shortly before the verb, same clause."""
        for j in range(i - 1, max(-1, i - 8), -1):
            word = tokens[j].text.lower()
            if word in lexeme.after_words:
                return True
            if word in (",", ";", ".", "that", "which", "and"):
                return False
        return False

    def _after_modifier(self, tokens, i: int) -> bool:
        """"the long-delayed vote", "a planned strike": an adjective between a determiner and the word."""
        j = i - 1
        seen_modifier = False
        while j >= 0 and i - j <= 4:
            word = tokens[j].text.lower()
            if word in self.determiners:
                return seen_modifier
            if word == "-" or word.endswith("ed"):
                seen_modifier = True
            elif not (tokens[j].is_word and tokens[j].text[:1].islower()):
                return False
            j -= 1
        return False

    def _match_rest(self, tokens, j: int, end: int, rest: tuple[str, ...]) -> int | None:
        for k, word in enumerate(rest):
            if word == "*":
                nxt = rest[k + 1]
                for gap in range(0, MAX_GAP + 1):
                    at = j + gap
                    if at >= end or (not tokens[at].is_word and tokens[at].text not in ("'s", "-", "’s")) or \
                            tokens[at].text.lower() in GAP_STOPS:
                        return None
                    if tokens[at].text.lower() == nxt:
                        j = at
                        break
                else:
                    return None
                continue
            if j >= end or tokens[j].text.lower() != word:
                if k > 0 and rest[k - 1] == "*":
                    return None
                return None
            j += 1
        return j

    def _trigger(self, analysis: Analysis, first: int, last: int, pattern: _Pattern) -> Trigger:
        tokens = analysis.tokens
        start, end = tokens[first].start, tokens[last - 1].end
        construction = pattern.construction
        return Trigger(start, end, first, last, analysis.text[start:end], pattern.lexeme.type, pattern.lexeme.id,
                       construction, noun_token=first if construction == "noun" else None,
                       verb_token=first if construction == "verb" else None, tense=pattern.tense)

    # -- licensing ---------------------------------------------------------------------------------------
    def _license(self, analysis: Analysis, triggers: list[Trigger]) -> list[Trigger]:
        tokens = analysis.tokens
        mention_end = {m.last: m for m in analysis.mentions}
        mention_at = {m.first for m in analysis.mentions}
        verbs = [t for t in triggers if t.construction == "verb"]
        kept: list[Trigger] = []
        for trigger in triggers:
            if trigger.construction != "noun":
                kept.append(trigger)
                continue
            lexeme = self.lexemes[trigger.lexeme]
            by_actor = trigger.first in mention_end or (
                trigger.first >= 1 and tokens[trigger.first - 1].text in ("'s", "’s")
                and trigger.first - 1 in mention_end) or (
                trigger.first >= 1 and tokens[trigger.first - 1].text.lower() in self.demonyms)
            by_prep = self._prep_actor(tokens, trigger.last, lexeme.target, mention_at)
            governor = self._governing_verb(tokens, trigger, verbs)
            if governor is not None:
                gov_lexeme = self.lexemes[governor.lexeme]
                if not (gov_lexeme.complement == "demanded" and by_prep):
                    continue  # the object of another event ("condemned the attack")
            if any(v.first - trigger.last in (0, 1) and self.plover[v.event_type] == self.plover[trigger.event_type]
                   for v in verbs):
                continue  # "a drone strike killed …": the verb carries the event
            if lexeme.always or by_actor or by_prep:
                kept.append(trigger)
        return kept

    def _prep_actor(self, tokens, after: int, rules: tuple[str, ...], mention_at: set[int]) -> bool:
        preps = {r for r in rules if r != "object"}
        for j in range(after, min(len(tokens), after + 4)):
            if tokens[j].text.lower() in preps:
                for k in range(j + 1, min(len(tokens), j + 5)):
                    if k in mention_at:
                        return True
                    if not tokens[k].is_word:
                        break
                return False
            if not tokens[j].is_word:
                return False
        return False

    def _governing_verb(self, tokens, trigger: Trigger, verbs: list[Trigger]) -> Trigger | None:
        for verb in verbs:
            if verb.last <= trigger.first <= verb.last + OBJECT_REACH:
                between = tokens[verb.last : trigger.first]
                if all((t.is_word and (t.text.lower() in self.determiners or t.text[:1].islower())
                       and t.text.lower() not in ("to", "that", "and", "after", "before", "in", "on", "for", "with",
                                                   "of", "by", "at", "from")) or t.text in ("'s", "’s", "'")
                       for t in between):
                    return verb
        return None
