"""Who says what in English news: quotations, "X said (that) …", "…, X said", "according to X",
"a statement from X said", and participles that continue a speaker ("…, saying …").

The result gives, for every token, the speakers its content is attributed to (none outside reported
content), the token where that content starts, and a date of the speech act when one is written in the
attributing clause ("X said on Thursday that …").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.lang.data import load_yaml
from kgraph.lang.en.lexicon import verb_forms
from kgraph.model import Analysis, Mention, Timex

PREPOSITIONS = {"of", "in", "to", "with", "for", "by", "at", "near", "from", "on", "against", "between", "about",
                "into", "over", "under", "after", "before", "toward", "towards", "through", "since", "including",
                "like", "as", "among", "within", "without", "upon", "across", "outside", "inside", "around"}


@dataclass
class Attribution:
    speakers_at: list[list[Mention]] = field(default_factory=list)
    content_start: list[int] = field(default_factory=list)
    speech_date: list[Timex | None] = field(default_factory=list)
    speech_tokens: set[int] = field(default_factory=set)


class AttributionFinder:
    def __init__(self) -> None:
        cues = load_yaml("en", "cues.yaml")
        self.speech_forms = {form for verb in cues["speech_verbs"] for form in verb_forms(verb)}
        self.according = [tuple(p.split()) for p in cues["according"]]
        self.statement_nouns = {w.lower() for w in cues["statement_nouns"]}
        self.joint = {w.lower() for w in cues["joint_words"]}
        self.participles = {w.lower() for w in cues["speaking_participles"]}
        self.determiners = {w.lower() for w in cues["determiners"]}

    def find(self, analysis: Analysis, subject_of) -> Attribution:
        """``subject_of(sentence, before)`` returns the subject mentions of a clause (from the builder)."""
        tokens = analysis.tokens
        n = len(tokens)
        att = Attribution([[] for _ in range(n)], [-1] * n, [None] * n)
        sentences = analysis.segmentation.sentences
        sentence_of = [0] * n
        for s in sentences:
            for i in range(s.first, s.last):
                sentence_of[i] = s.index
        mention_at = {m.first: m for m in analysis.mentions}
        self._last_statement: list[Mention] = []
        timexes = analysis.timexes
        in_timex = {i for t in timexes for i in range(t.first, t.last)}

        def assign(lo: int, hi: int, speakers: list[Mention], date: Timex | None) -> None:
            for i in range(max(lo, 0), min(hi, n)):
                if not att.speakers_at[i]:
                    att.speakers_at[i] = speakers
                    att.content_start[i] = lo
                    att.speech_date[i] = date

        def date_in(lo: int, hi: int) -> Timex | None:
            for t in timexes:
                if lo <= t.first and t.last <= hi and t.value is not None:
                    return t
            return None

        # quotations: the speaker is named next to the closing (or opening) mark
        last_quote: tuple[int, list[Mention]] | None = None
        for quote in analysis.segmentation.quotes:
            after = quote.last + 1
            sentence = sentences[sentence_of[min(after, n - 1)]] if after < n else None
            speakers: list[Mention] = []
            verb = None
            if sentence is not None:
                for j in range(after, min(sentence.last, after + 8)):
                    if tokens[j].text.lower() in self.speech_forms:
                        verb = j
                        break
            if verb is not None:
                between = [m for m in analysis.mentions if after <= m.first < verb]
                speakers = between[:1] or ([mention_at[verb + 1]] if verb + 1 in mention_at else [])
                att.speech_tokens.add(verb)
            if not speakers and last_quote is not None and last_quote[0] == sentences[quote.sentence].paragraph:
                speakers = last_quote[1]  # a second quotation in the paragraph continues the speaker
            if speakers:
                assign(quote.first, quote.last, speakers, None)
                last_quote = (sentences[quote.sentence].paragraph, speakers)

        for i, tok in enumerate(tokens):
            low = tok.text.lower()
            sentence = sentences[sentence_of[i]]
            # according to X / according to a (joint) statement (from X)
            for phrase in self.according:
                if tuple(t.text.lower() for t in tokens[i : i + len(phrase)]) == phrase:
                    end = i + len(phrase)
                    speakers = self._source_after(analysis, end, sentence.last, mention_at, subject_of,
                                                  sentence.index, i)
                    if speakers:
                        lo = sentence.first
                        assign(lo, i, speakers, None)
                        phrase_end = self._phrase_end(tokens, end, sentence.last)
                        assign(phrase_end, sentence.last, speakers, None)
            if low not in self.speech_forms or (i > 0 and tokens[i - 1].text.lower() in self.determiners):
                continue
            if low in self.participles:
                continue
            att.speech_tokens.add(i)
            clause = self._clause_start(tokens, sentence.first, i)
            speakers = self._speaker_before(analysis, clause, i, mention_at, subject_of, sentence.index)
            if not speakers and i + 1 in mention_at:
                speakers = [mention_at[i + 1]]
            if not speakers:
                continue
            if clause > sentence.first and tokens[clause - 1].text in (",", "\"", "”", "“"):
                # "…, the statement said": the content is what came before
                assign(sentence.first, clause - 1, speakers, date_in(clause, sentence.last))
            else:
                start = self._content_start(tokens, i + 1, sentence.last, in_timex)
                assign(start, sentence.last, speakers, date_in(clause, i) or date_in(i + 1, start))
        # "…, saying …": the participle continues the main clause's subject
        for i, tok in enumerate(tokens):
            if tok.text.lower() in self.participles and i > 0 and tokens[i - 1].text == ",":
                sentence = sentences[sentence_of[i]]
                subject = subject_of(sentence.index, i)
                if subject:
                    assign(i + 1, sentence.last, subject[:1], None)
        return att

    @staticmethod
    def _content_start(tokens, after: int, end: int, in_timex: set[int]) -> int:
        """Where reported content begins after a speech verb: after a "that" close by ("said on Monday
        that …", "told reporters that …"), else right after the verb."""
        for j in range(after, min(end, after + 16)):
            word = tokens[j].text.lower()
            if word == "that":
                return j + 1
            passable = word in PREPOSITIONS or word in ("reporters", "journalists", "a", "an", "the", "-", "'s") or \
                tokens[j].text[:1].isupper() or tokens[j].text[:1].isdigit() or word.endswith("ing") or j in in_timex
            if not passable:
                break
        return after

    def _clause_start(self, tokens, first: int, verb: int) -> int:
        for j in range(verb - 1, first - 1, -1):
            if tokens[j].text in (",", ";", ":", "\"", "“", "”"):
                return j + 1
        return first

    def _speaker_before(self, analysis, lo: int, verb: int, mention_at, subject_of, sentence: int) -> list[Mention]:
        tokens = analysis.tokens
        candidates = [m for m in analysis.mentions if lo <= m.first < verb and not _oblique(tokens, m)]
        for j in range(lo, verb):
            if tokens[j].text.lower() in self.statement_nouns:
                source = self._statement_source(analysis, j, verb, mention_at)
                if source:
                    return source
        if candidates:
            return candidates[:1]
        words = [t.text.lower() for t in tokens[lo:verb]]
        if any(w in self.statement_nouns for w in words):
            return list(self._last_statement)
        return []

    def _statement_source(self, analysis, noun: int, hi: int, mention_at) -> list[Mention]:
        tokens = analysis.tokens
        j = noun + 1
        if j < hi and tokens[j].text.lower() in ("from", "by", "of") and j + 1 < len(tokens):
            for k in range(j + 1, min(hi, j + 5)):
                if k in mention_at:
                    self._last_statement = [mention_at[k]]
                    return [mention_at[k]]
        return []

    def _source_after(self, analysis, lo: int, hi: int, mention_at, subject_of, sentence: int,
                      phrase_at: int) -> list[Mention]:
        tokens = analysis.tokens
        for k in range(lo, min(hi, lo + 4)):
            if k in mention_at:
                return [mention_at[k]]
            low = tokens[k].text.lower()
            if low in self.statement_nouns:
                own = self._statement_source(analysis, k, hi, mention_at)
                if own:
                    return own
                if any(tokens[x].text.lower() in self.joint for x in range(lo, k)):
                    subjects = subject_of(sentence, phrase_at)
                    if subjects:
                        self._last_statement = list(subjects)
                        return list(subjects)
                return list(self._last_statement)
        return []

    @staticmethod
    def _phrase_end(tokens, lo: int, hi: int) -> int:
        for k in range(lo, hi):
            if tokens[k].text in (",", ";"):
                return k + 1
        return hi


def _oblique(tokens, mention: Mention) -> bool:
    i = mention.first - 1
    return i >= 0 and tokens[i].text.lower() in PREPOSITIONS

