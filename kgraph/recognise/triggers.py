"""Event triggers: light-verb constructions, verbs, fixed forms and licensed event nouns.

The engine reads a language's trigger lexicon (data) and verb forms. An event noun becomes a trigger
only when its construction licenses it (a light verb after it, an actor in its ezafe chain or in a
لەگەڵ/نێوان phrase, a لە…دا setting, a copula making it a predicate): verbal nouns are not events by
themselves. Runs after actor recognition, which licensing needs.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from kgraph.event_types import event_types
from kgraph.lang.base import LanguagePack
from kgraph.lang.triggerlex import Lexeme, TriggerLexicon
from kgraph.lang.verbs import VerbAnalysis
from kgraph.matching import PhraseMatcher
from kgraph.memo import BoundedMemo
from kgraph.model import Analysis, Trigger

MAX_LIGHT_VERB_GAP = 16  # word tokens between a light-verb noun and its verb
MAX_PP_DISTANCE = 22
CLAUSE_STOP = {".", "!", "?", "؟", "؛", ";", ":", "\""}
LIGHT_VERBS = ("کردن", "دان", "بون")
COPULA = {"ە", "ن", "ین", "م", "یت", "یە"}
POSTPOSITIONS = ("دا", "ەوە")
DEFINITE = ("ەکە", "ەکان", "کە", "کان", "یەکە", "یەکان")
DEMONSTRATIVES = ("ئەو", "ئەم", "لەو", "لەم", "بەو", "بەم")


@dataclass
class _NounHit:
    first: int
    last: int  # exclusive
    head: int  # token carrying the suffixes
    lexemes: list[Lexeme]
    remainder: str  # what follows the stem on the head token


class TriggerFinder:
    """Finds triggers for one language pack."""

    def __init__(self, pack: LanguagePack):
        self.pack = pack
        self.lex: TriggerLexicon = pack.trigger_lexicon
        self.verbs = pack.verb_forms
        self.morph = pack.morphology
        self.single_nouns: dict[str, list[Lexeme]] = defaultdict(list)
        self.phrases = PhraseMatcher(self.morph, fuzzy=False)
        self.forms: dict[str, list[Lexeme]] = defaultdict(list)
        self.verb_lexemes: list[tuple[Lexeme, str]] = []
        for lexeme in self.lex.lexemes:
            for noun in lexeme.nouns + lexeme.phrases:
                if " " in noun:
                    self.phrases.add(noun, lexeme.id)
                else:
                    self.single_nouns[noun].append(lexeme)
            for form in lexeme.forms:
                self.forms[form].append(lexeme)
            if lexeme.verbs and not lexeme.nouns:
                for verb in lexeme.verbs:
                    self.verb_lexemes.append((lexeme, verb))
        stems = {stem for _, verb in self.verb_lexemes for stem in self.verbs.verbs[verb].stems}
        self._verb_prefilter = re.compile("|".join(sorted(map(re.escape, stems), key=len, reverse=True)))
        self._light_verb_names = tuple(pack.key(v) for v in LIGHT_VERBS)
        self._and = pack.key("و")
        self._candidate_memo: dict[str, tuple[tuple[Lexeme, str], ...]] = BoundedMemo()
        self._noun_memo: dict[str, tuple[list[Lexeme], str] | None] = BoundedMemo()
        self._demonstratives = {pack.key(w) for w in DEMONSTRATIVES}
        self._present_prefixes = tuple(pack.key(p) for p in ("نا", "دە", "ئە"))
        endings = "|".join(pack.key(e) for e in ("ێت", "ات", "رێت", "رێن", "ێن", "ەن"))
        self._subjunctive_shape = re.compile(rf"{pack.key('ب')}[^\W\d_]{{2,}}(?:{endings})(?:{pack.key('ەوە')})?")
        types = event_types()
        self._plover_of = lambda t: types[t].plover

    # -- public --------------------------------------------------------------------------------------
    def find(self, analysis: Analysis) -> list[Trigger]:
        tokens = analysis.tokens
        self._text = analysis.text
        self._sentences = analysis.segmentation.sentences
        self._mention_at = {m.first: m for m in analysis.mentions}
        in_mention = set()
        for mention in analysis.mentions:
            in_mention.update(range(mention.first, mention.last))
        for timex in analysis.timexes:  # کۆتایی of "کۆتایی ئەمساڵ" is a date, not a light-verb noun
            in_mention.update(range(timex.first, timex.last))
        mention_starts = {m.first for m in analysis.mentions}
        sentence_of = _sentence_index(analysis)
        nouns = self._noun_hits(analysis)
        triggers: list[Trigger] = []
        used_verbs: set[int] = set()
        covered: set[int] = set()
        # 1. light-verb constructions (noun ... verb)
        for hit in nouns:
            light = [lx for lx in hit.lexemes if lx.verbs]
            # a definite noun (هێرشەکەی) is an object, not the noun of a light verb (هێرش … کرد); nouns that
            # are the subject of their own verb (پەیوەندییەکان … دەگەڕێنەوە) may be definite
            definite = hit.remainder.startswith(DEFINITE) and any(
                verb in self._light_verb_names for lexeme in light for verb in lexeme.verbs)
            if not light or hit.head in in_mention or hit.remainder.endswith(POSTPOSITIONS) or definite:
                continue  # inside a name, closed by a postposition (لە…دا) or definite: not a light-verb noun
            found = self._find_light_verb(tokens, hit, light, sentence_of)
            if found is None:
                continue
            lexeme, verb_tok, analysis_ = found
            if verb_tok in used_verbs:
                continue
            event_type = lexeme.type
            last = verb_tok + 1
            if lexeme.object_event:
                obj = self._object_event(nouns, hit.last, verb_tok)
                if obj is None:
                    continue
                event_type = obj
            used_verbs.add(verb_tok)
            covered.update(range(hit.first, last))
            triggers.append(self._make(analysis, hit.first, last, event_type, lexeme, "light_verb",
                                       hit.head, verb_tok, analysis_, hit.remainder))
        # 2. verbs and fixed forms
        for i, tok in enumerate(tokens):
            if not tok.is_word or i in covered:
                continue
            for lexeme in self.forms.get(tok.text, []):
                if lexeme.nominal == "necessity" and not self._subjunctive_follows(tokens, i, sentence_of):
                    continue
                # fixed forms carry their own polarity (نامێنێت IS the withdrawal): never negated
                tense = "present" if tok.text.startswith(self._present_prefixes) else "past"
                triggers.append(Trigger(tok.start, tok.end, i, i + 1, tok.text, lexeme.type, lexeme.id, "verb",
                                        None, i, False, tense))
                covered.add(i)
                break
            if i in covered or not self._verb_prefilter.search(tok.text):
                continue
            for lexeme, verb in self._verb_candidates(tok.text):
                result = self._verb_at(tokens, i, verb)
                if result is None:
                    continue
                first, verb_analysis = result
                if not self._requirements_met(lexeme, tokens, first, i, sentence_of, mention_starts):
                    continue
                triggers.append(self._make(analysis, first, i + 1, lexeme.type, lexeme, "verb", None, i,
                                           verb_analysis, ""))
                covered.update(range(first, i + 1))
                break
        # 3. licensed event nouns
        light_nouns = sorted(t.noun_token for t in triggers if t.construction == "light_verb" and t.noun_token)
        for hit in nouns:
            if any(t in covered for t in range(hit.first, hit.last)) or hit.head in in_mention:
                continue
            if self._is_object_of_light_verb(tokens, hit, light_nouns) or self._is_back_reference(tokens, hit):
                continue
            for lexeme in hit.lexemes:
                if not lexeme.nominal:
                    continue
                event_type = self._license(analysis, hit, lexeme, nouns, sentence_of)
                if event_type is None:
                    continue
                last = hit.last
                trig = self._make(analysis, hit.first, last, event_type, lexeme, "noun", hit.head, None, None,
                                  hit.remainder)
                triggers.append(trig)
                covered.update(range(hit.first, last))
                break
        triggers.sort(key=lambda t: t.first)
        return self._merge_coordinated_nouns(triggers, tokens)

    def _merge_coordinated_nouns(self, triggers: list[Trigger], tokens) -> list[Trigger]:
        """"coordination and cooperation" (X و Y, same PLOVER class) is one event, not two."""
        merged: list[Trigger] = []
        types = self._plover_of
        for trig in triggers:
            prev = merged[-1] if merged else None
            if (prev is not None and prev.construction == "noun" and trig.construction == "noun"
                    and trig.first == prev.last + 1 and tokens[prev.last].text == self._and
                    and types(prev.event_type) == types(trig.event_type)):
                merged[-1] = Trigger(prev.start, trig.end, prev.first, trig.last, self._text[prev.start : trig.end],
                                     trig.event_type, trig.lexeme, "noun", trig.noun_token, None, False,
                                     "nominal", trig.agent_clitic)
                continue
            merged.append(trig)
        return merged

    # -- nouns ---------------------------------------------------------------------------------------
    def _noun_hits(self, analysis: Analysis) -> list[_NounHit]:
        tokens = analysis.tokens
        hits: list[_NounHit] = []
        taken: set[int] = set()
        by_id = self.lex.by_id
        for match in self.phrases.match(tokens):
            head = match.last - 1
            lexemes = [by_id[p] for p in match.payloads]  # type: ignore[index]
            hits.append(_NounHit(match.first, match.last, head, lexemes, _remainder(tokens[head].text, lexemes)))
            taken.update(range(match.first, match.last))
        for i, tok in enumerate(tokens):
            if not tok.is_word or i in taken:
                continue
            noun = self._single_noun(tok.text)
            if noun is not None:
                hits.append(_NounHit(i, i + 1, i, list(noun[0]), noun[1]))
        hits.sort(key=lambda h: h.first)
        return hits

    def _single_noun(self, word: str) -> tuple[list[Lexeme], str] | None:
        """The event-noun lexemes of one word and what follows their stem (memoised per word: a pure
        function of the word, asked of every token)."""
        memo = self._noun_memo
        if word in memo:
            return memo[word]
        found = None
        for stem in self.morph.stems(word):
            lexemes = self.single_nouns.get(stem)
            if lexemes:
                found = (lexemes, word[len(stem) :])
                break
        else:
            # a light-verb noun written together with its verb (ڕەتکردەوە, دووپاتیانکردەوە)
            found = self._joined(word)
        memo[word] = found
        return found

    def _joined(self, word: str) -> tuple[list[Lexeme], str] | None:
        """A light-verb noun written together with its verb: the rest must be a form of that verb."""
        for cut in range(2, len(word) - 1):
            lexemes = [lx for lx in self.single_nouns.get(word[:cut], []) if lx.verbs]
            if not lexemes:
                continue
            rest = word[cut:]
            if any(rest == stem + "ن" for lx in lexemes for verb in lx.verbs
                   for stem in self.verbs.verbs[verb].stems):
                return None  # دەنگدان, داواکردن: the infinitive written onto its noun is a verbal noun
            for clitic in ("یان", "مان", "تان", "ی", ""):
                if rest.startswith(clitic) and any(
                    self.verbs.analyse(rest[len(clitic) :], verb) for lx in lexemes for verb in lx.verbs
                ):
                    return lexemes, rest
        return None

    def _find_light_verb(self, tokens, hit: _NounHit, lexemes: list[Lexeme], sentence_of):
        sentence = sentence_of[hit.head]
        # the verb written onto the noun itself: دووپاتیانکردەوە, ڕەتکردەوە
        rest = hit.remainder
        if rest:
            number = self.verbs.clitic_number(rest)
            candidates = [rest]
            for clitic in ("یان", "مان", "تان", "ی", "م", "ت"):
                if rest.startswith(clitic):
                    candidates.append(rest[len(clitic) :])
            for lexeme in lexemes:
                for verb in lexeme.verbs:
                    for cand in candidates:
                        result = self.verbs.analyse(cand, verb) if cand else None
                        if result is not None:
                            return lexeme, hit.head, _with_clitic(result, number)
        words = 0
        for j in range(hit.last, min(len(tokens), hit.last + MAX_LIGHT_VERB_GAP * 2)):
            tok = tokens[j]
            if sentence_of[j] != sentence or tok.text in CLAUSE_STOP:
                break
            if not tok.is_word:
                continue
            words += 1
            if words > MAX_LIGHT_VERB_GAP:
                break
            wanted = tuple(verb for lexeme in lexemes for verb in lexeme.verbs)
            for lexeme in lexemes:
                if lexeme.require_word_after and (
                    hit.last >= len(tokens) or tokens[hit.last].text not in lexeme.require_word_after
                ):
                    continue
                for verb in lexeme.verbs:
                    result = self._verb_form(tok.text, verb, tokens[j - 1].text if j > 0 else "")
                    if result is not None:
                        number = self.verbs.clitic_number(hit.remainder) or result.clitic
                        return lexeme, j, _with_clitic(result, number)
            if self.verbs.is_finite(tok.text, exclude=wanted):
                break  # another verb ends the clause: the noun's own verb is not beyond it
        return None

    def _verb_form(self, word: str, verb: str, previous: str) -> VerbAnalysis | None:
        result = self.verbs.analyse(word, verb)
        if result is None:
            for prep in self.verbs.verb_prepositions:
                if word.startswith(prep) and len(word) > len(prep) + 1:
                    result = self.verbs.analyse(word[len(prep) :], verb)
                    if result is not None:
                        break
        if result is None:
            spec = self.verbs.verbs[verb]
            if spec.preverb and previous == spec.preverb:
                result = self.verbs.analyse(word, verb, separate_preverb=True)
        return result

    def _verb_candidates(self, word: str) -> tuple[tuple[Lexeme, str], ...]:
        """The (lexeme, verb) pairs ``word`` can be a form of, alone or after its preverb, in lexicon order.

        Memoised per word so the lexicon is scanned once per vocabulary item, not once per token.
        """
        found = self._candidate_memo.get(word)
        if found is None:
            verbs = self.verbs
            found = self._candidate_memo[word] = tuple(
                (lexeme, verb) for lexeme, verb in self.verb_lexemes
                if verbs.analyse(word, verb) is not None
                or (verbs.verbs[verb].preverb and verbs.analyse(word, verb, separate_preverb=True) is not None))
        return found

    def _verb_at(self, tokens, i: int, verb: str) -> tuple[int, VerbAnalysis] | None:
        word = tokens[i].text
        result = self.verbs.analyse(word, verb)
        if result is not None:
            return i, result
        spec = self.verbs.verbs[verb]
        if spec.preverb and i > 0 and tokens[i - 1].text == spec.preverb:
            result = self.verbs.analyse(word, verb, separate_preverb=True)
            if result is not None:
                return i - 1, result
        return None

    def _requirements_met(self, lexeme: Lexeme, tokens, first: int, verb_tok: int, sentence_of,
                          mention_starts: set[int]) -> bool:
        if lexeme.require_word_before:
            window = [t.text for t in tokens[max(0, first - 6) : first]]
            if not any(self.morph.stems(w)[-1] in lexeme.require_word_before or w in lexeme.require_word_before
                       for w in window):
                return False
        if lexeme.require_word_in_sentence:
            sentence = self._sentences[sentence_of[verb_tok]]
            words = [t.text for t in tokens[sentence.first : sentence.last] if t.is_word]
            if not any(stem in lexeme.require_word_in_sentence for w in words for stem in self.morph.stems(w)):
                return False
        if lexeme.require_target:
            nxt = verb_tok + 1
            while nxt < len(tokens) and tokens[nxt].text in self.lex.prepositions:
                nxt += 1
            if nxt not in mention_starts:
                return False
        return True

    def _object_event(self, nouns: list[_NounHit], start: int, end: int) -> str | None:
        for hit in nouns:
            if start <= hit.first < end:
                for lexeme in hit.lexemes:
                    if lexeme.nominal and not lexeme.object_event:
                        return lexeme.type
        return None

    def _subjunctive_follows(self, tokens, i: int, sentence_of) -> bool:
        sentence = sentence_of[i]
        for j in range(i + 1, min(len(tokens), i + 25)):
            if sentence_of[j] != sentence:
                break
            if tokens[j].is_word and self.is_subjunctive(tokens[j].text):
                return True
        return False

    def is_subjunctive(self, word: str) -> bool:
        """A subjunctive verb form: a known verb, or ب- + stem + a personal ending."""
        for lemma in self.verbs.verbs:
            result = self.verbs.analyse(word, lemma)
            if result is not None and result.tense == "subjunctive":
                return True
        return bool(self._subjunctive_shape.fullmatch(word))

    # -- licensing event nouns ------------------------------------------------------------------------
    def _license(self, analysis: Analysis, hit: _NounHit, lexeme: Lexeme, nouns, sentence_of) -> str | None:
        tokens = analysis.tokens
        mode = lexeme.nominal
        if mode == "always":
            return lexeme.type
        if mode == "object_event":
            return self._object_event(nouns, hit.last, min(len(tokens), hit.last + 4))
        if mode == "predicate":
            if hit.remainder in COPULA or (hit.remainder.endswith(("ە", "ن", "ین")) and hit.remainder):
                return lexeme.type
            return lexeme.type if self._copula_follows(tokens, hit.last, sentence_of) else None
        if mode == "necessity":
            if hit.remainder in COPULA and self._subjunctive_follows(tokens, hit.head, sentence_of):
                return lexeme.type
            return None
        # genitive / pp / setting: any of the three licenses the noun
        if self._genitive_actor(analysis, hit) is not None:
            return lexeme.type
        if self._pp_actor(analysis, hit, lexeme, sentence_of) is not None:
            return lexeme.type
        if self._is_setting(tokens, hit):
            return lexeme.type
        return None

    def _is_object_of_light_verb(self, tokens, hit: _NounHit, light_nouns: list[int]) -> bool:
        """"the attack-ACC strongly condemned": a noun just before a light-verb noun is its object."""
        k = bisect.bisect_left(light_nouns, hit.last)
        while k < len(light_nouns) and light_nouns[k] <= hit.last + 3:
            if all(tokens[j].is_word for j in range(hit.last, light_nouns[k])):
                return True
            k += 1
        return False

    def _is_back_reference(self, tokens, hit: _NounHit) -> bool:
        """"that attack", "these attacks": a demonstrative event noun refers back to a reported event."""
        before = tokens[hit.first - 1].text if hit.first > 0 else ""
        return before in self._demonstratives

    def _copula_follows(self, tokens, start: int, sentence_of) -> bool:
        sentence = sentence_of[start - 1]
        for j in range(start, min(len(tokens), start + 8)):
            tok = tokens[j]
            if sentence_of[j] != sentence or tok.text in CLAUSE_STOP or tok.text in ("،", ","):
                return j > start and tokens[j - 1].text.endswith(("ن", "ین", "ە"))
        return False

    def _genitive_actor(self, analysis: Analysis, hit: _NounHit):
        tokens = analysis.tokens
        starts = self._mention_at
        j = hit.last
        hops = 0
        while j < len(tokens) and hops < 3 and tokens[j].is_word and tokens[j].text not in self.lex.prepositions:
            if j in starts:
                return starts[j]
            if not tokens[j].text.endswith(("ی", "ە")):
                return None
            j += 1
            hops += 1
        return None

    def _pp_actor(self, analysis: Analysis, hit: _NounHit, lexeme: Lexeme, sentence_of):
        tokens = analysis.tokens
        preps = {t for t in lexeme.target if t not in ("object", "after", "genitive", "subject")}
        if not preps:
            return None
        starts = self._mention_at
        sentence = sentence_of[hit.head]
        for j in range(hit.last, min(len(tokens), hit.last + MAX_PP_DISTANCE)):
            tok = tokens[j]
            if sentence_of[j] != sentence or tok.text in CLAUSE_STOP:
                return None
            if tok.is_word and any(self.verbs.analyse(tok.text, v) for v in self._light_verb_names):
                return None
            if tok.text in preps and j + 1 in starts:
                return starts[j + 1]
        return None

    @staticmethod
    def _is_setting(tokens, hit: _NounHit) -> bool:
        word = tokens[hit.head].text
        if not word.endswith("دا"):
            return False
        return any(t.text in ("لە", "لەو", "لەم") for t in tokens[max(0, hit.first - 2) : hit.first])

    # -- building --------------------------------------------------------------------------------------
    def _make(self, analysis: Analysis, first: int, last: int, event_type: str, lexeme: Lexeme,
              construction: str, noun_tok: int | None, verb_tok: int | None,
              verb_analysis: VerbAnalysis | None, remainder: str) -> Trigger:
        tokens = analysis.tokens
        start, end = tokens[first].start, tokens[last - 1].end
        negated = bool(verb_analysis and verb_analysis.negated)
        tense = verb_analysis.tense if verb_analysis else "nominal"
        clitic = verb_analysis.clitic if verb_analysis else self.verbs.clitic_number(remainder)
        return Trigger(start, end, first, last, analysis.text[start:end], event_type, lexeme.id, construction,
                       noun_tok, verb_tok, negated, tense, clitic)


def _with_clitic(result: VerbAnalysis, number: str | None) -> VerbAnalysis:
    if number and not result.clitic:
        return VerbAnalysis(result.lemma, result.tense, result.negated, number, result.with_preverb)
    return result


def _remainder(word: str, lexemes: list[Lexeme]) -> str:
    return ""


def _sentence_index(analysis: Analysis) -> list[int]:
    index = [0] * len(analysis.tokens)
    for sentence in analysis.segmentation.sentences:
        for i in range(sentence.first, sentence.last):
            index[i] = sentence.index
    return index
