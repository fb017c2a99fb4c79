"""Attribution: who says what. Speech verbs, "according to X", reports, and quotations.

For every token the result tells which actor the text there is attributed to, so statements inherit
their ``attributed_to`` from where they sit: the content after a speech verb belongs to its subject, a
whole sentence opened by "according to X" belongs to X, a quotation belongs to the speaker named before
it, and "as stated in the statement" points back to the last report's source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.lang.base import LanguagePack
from kgraph.lang.triggerlex import TriggerLexicon
from kgraph.memo import BoundedMemo
from kgraph.model import Analysis, Mention

CLAUSE_PUNCT = {"،", ",", "؛", ";", ":"}


@dataclass
class SpeechAct:
    sentence: int
    token: int  # the speech verb (last token of it)
    first: int  # first token of the speech verb construction
    speaker: Mention | None


@dataclass
class Attribution:
    """Per token: the source the text is attributed to, and the voice that utters it.

    They differ in reported speech inside a report ("according to the statement, the participants
    said ..."): the statement's author is the attribution, the participants are the voice, and the
    voice is who a subject-less clause in the quotation is about.
    """

    speaker_at: list[Mention | None] = field(default_factory=list)
    voice_at: list[Mention | None] = field(default_factory=list)
    acts: list[SpeechAct] = field(default_factory=list)
    boundary_at: list[int] = field(default_factory=list)  # first token of the reported content, or -1


class AttributionFinder:
    def __init__(self, pack: LanguagePack):
        self.pack = pack
        self.lex: TriggerLexicon = pack.trigger_lexicon
        self.verbs = pack.verb_forms
        self.morph = pack.morphology
        self._light_nouns = {noun: verbs for nouns, verbs in self.lex.speech_light for noun in nouns}
        self._report_nouns = set(self.lex.report_nouns)
        self._according_parts = [phrase.split() for phrase in self.lex.according_to if phrase.split()]
        self._word_memo: dict[str, bool] = BoundedMemo()
        self._light_memo: dict[str, tuple] = BoundedMemo()

    def find(self, analysis: Analysis, subject_of) -> Attribution:
        """``subject_of(sentence, before_token)`` gives the clause subject the statements module finds."""
        tokens = analysis.tokens
        n = len(tokens)
        result = Attribution([None] * n, [None] * n, [], [-1] * n)
        last_report: Mention | None = None  # source of the last report ("a statement of X")
        mention_at = {m.first: m for m in analysis.mentions}
        light = [self._light_verbs_of(token.text) for token in tokens]  # once per token, not per verb tried
        for sentence in analysis.segmentation.sentences:
            span = range(sentence.first, sentence.last)
            according, via_report = self._according_to(tokens, span, mention_at, last_report)
            if according is not None:
                if via_report:
                    last_report = according
                for i in span:
                    result.speaker_at[i] = according
                    result.voice_at[i] = according
            for verb_tok in (i for i in span if tokens[i].is_word and self._is_speech(tokens, i, light)):
                first = self._construction_start(tokens, verb_tok)
                speaker = subject_of(sentence.index, first)
                if speaker is None and self._refers_to_report(tokens, sentence.first, first):
                    speaker = last_report
                result.acts.append(SpeechAct(sentence.index, verb_tok, first, speaker))
                if speaker is None:
                    continue
                at_end = verb_tok + 1 >= sentence.last or tokens[verb_tok + 1].text in (".", "\"")
                content = range(sentence.first, first) if at_end else range(verb_tok + 1, sentence.last)
                for i in content:
                    if (according is None and result.speaker_at[i] is None) or (not at_end and according is None):
                        result.speaker_at[i] = speaker
                    result.voice_at[i] = speaker
                    if not at_end:
                        result.boundary_at[i] = verb_tok + 1
        for quote in analysis.segmentation.quotes:
            opening = quote.first - 1
            speaker = result.speaker_at[opening] if opening >= 0 else None
            voice = result.voice_at[opening] if opening >= 0 else None
            for act in reversed(result.acts):
                if act.token < quote.first and act.sentence == quote.sentence and act.speaker is not None:
                    voice = act.speaker
                    speaker = speaker or act.speaker
                    break
            if speaker is None:
                continue
            for i in range(quote.first, min(quote.last, n)):
                result.speaker_at[i] = speaker
                result.voice_at[i] = voice
                result.boundary_at[i] = quote.first
        return result

    # -- detection ---------------------------------------------------------------------------------
    def _is_speech(self, tokens, i: int, light: list[tuple]) -> bool:
        """``light``: the light verbs each token takes as a speech noun (:meth:`_light_verbs_of`)."""
        word = tokens[i].text
        known = self._word_memo.get(word)
        if known is None:
            known = self._word_memo[word] = self._is_speech_word(word)
        if known:
            return True
        return self._is_light_speech(light, i, word)

    def _is_speech_word(self, word: str) -> bool:
        """Speech forms, speech verbs and joined light-verb speech (دووپاتیانکردەوە) in one word."""
        if word in self.lex.speech_forms:
            return True
        for verb in self.lex.speech_verbs:
            if self.verbs.analyse(word, verb) is not None:
                return True
        # light-verb speech: noun ... verb, or written together (دووپاتیانکردەوە)
        for noun, verbs in self._light_nouns.items():
            if word.startswith(noun) and len(word) > len(noun) + 2:
                rest = word[len(noun) :]
                for clitic in ("یان", "مان", "تان", "ی", ""):
                    if rest.startswith(clitic) and any(self.verbs.analyse(rest[len(clitic) :], v) for v in verbs):
                        return True
        return False

    def _is_light_speech(self, light: list[tuple], i: int, word: str) -> bool:
        """A speech noun up to four words before a light verb (ئاماژەی بەوە کرد)."""
        for j in range(max(0, i - 4), i):
            for verbs in light[j]:
                if any(self.verbs.analyse(word, v) for v in verbs):
                    return True
        return False

    def _light_verbs_of(self, word: str) -> tuple:
        """The light verbs each speech-noun reading of ``word`` takes (memoised per word)."""
        found = self._light_memo.get(word)
        if found is None:
            found = self._light_memo[word] = tuple(
                verbs for stem in self.morph.stems(word) if (verbs := self._light_nouns.get(stem)))
        return found

    def _construction_start(self, tokens, verb_tok: int) -> int:
        for j in range(max(0, verb_tok - 4), verb_tok + 1):
            if any(stem in self._light_nouns for stem in self.morph.stems(tokens[j].text)):
                return j
        return verb_tok

    def _according_to(self, tokens, span: range, mention_at: dict[int, Mention],
                      last_report: Mention | None) -> tuple[Mention | None, bool]:
        """X of "according to (a statement of) X"; "as stated in the statement" is the last source."""
        words = [tokens[i].text for i in span]
        for parts in self._according_parts:
            for k in range(min(len(words), 6)):
                if words[k] != parts[0] or words[k : k + len(parts)] != parts:
                    continue
                report_seen = False
                for i in range(span.start + k + len(parts), min(span.stop, span.start + k + len(parts) + 6)):
                    if i in mention_at:
                        return mention_at[i], report_seen
                    if tokens[i].text in CLAUSE_PUNCT:
                        break
                    report_seen = report_seen or any(
                        stem in self._report_nouns for stem in self.morph.stems(tokens[i].text))
                if report_seen and last_report is not None:
                    return last_report, True
        return None, False

    def _refers_to_report(self, tokens, start: int, end: int) -> bool:
        for i in range(start, end):
            if any(stem in self._report_nouns for stem in self.morph.stems(tokens[i].text)):
                return True
        return False
