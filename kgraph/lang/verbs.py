"""Finite verb forms from stems: one regex per verb, built from a pack's ``verbs.yaml``.

Sorani marks aspect (دە-/ئە-), mood (ب-), negation (نە-/نا-/مە-), agent clitics and perfect endings
around a past or present stem, and separable preverbs (ڕا·یان·گەیاند) take the clitic after them.
Rather than listing forms, each verb is one anchored regex over a word's key form whose named groups
tell the engine the tense, negation and the number of an agent clitic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kgraph.memo import BoundedMemo

_VERBAL_NOUN = re.compile(r"^ن(?:ی|ە|ەکە|ەکان|ەکەی|ێک|یک|ەوەی|دا|یان|مان|تان|یش)$")


@dataclass(frozen=True)
class VerbAnalysis:
    lemma: str
    tense: str  # past | present | subjunctive
    negated: bool
    clitic: str | None  # sg | pl | None
    with_preverb: bool
    stem: str = ""  # the stem matched (a short stem without a prefix is as often a noun)


@dataclass
class Verb:
    lemma: str
    preverb: str | None
    #: (with the preverb joined or no preverb, without the preverb) per stem set: present first, past second
    patterns: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]
    stems: tuple[str, ...] = ()  # every past and present stem (key form), for cheap prefiltering
    particle: str | None = None  # a closing particle every form carries (-ەوە of کردنەوە)
    particle_twin: bool = False  # another verb is this one plus a particle: forms with it are not ours


class VerbForms:
    """Compiled verbs of one language."""

    def __init__(self, data: dict[str, Any], key: Callable[[str], str]):
        self.key = key
        past_end = "".join(data["past_endings"])
        pres_end = "".join(data["present_endings"])
        asp = "|".join(map(re.escape, (key(p) for p in data["aspect_prefixes"])))
        neg = "|".join(map(re.escape, (key(p) for p in data["negation_prefixes"])))
        clitics = data["agent_clitics"]
        self._clitic_number = {key(c): n for n, cs in clitics.items() for c in cs}
        clit = "|".join(sorted(map(re.escape, self._clitic_number), key=len, reverse=True))
        self.verb_prepositions = [key(p) for p in data.get("verb_prepositions", [])]
        self._memo: dict[tuple[str, str, bool], VerbAnalysis | None] = BoundedMemo(1_000_000)
        self._finite_memo: dict[tuple[str, tuple[str, ...]], bool] = BoundedMemo()
        self._prefixes = tuple(key(p) for p in data["aspect_prefixes"] + data["negation_prefixes"])
        self.verbs: dict[str, Verb] = {}
        for lemma, spec in data["verbs"].items():
            past = [key(s) for s in spec.get("past", [])] + [key(s) for s in spec.get("passive_past", [])]
            pres = [key(s) for s in spec.get("present", [])] + [key(s) for s in spec.get("passive_present", [])]
            preverb = key(spec["preverb"]) if spec.get("preverb") else None
            fused = spec.get("fused", {})  # forms where the prefix merged with the stem: دێت, نایەت
            alt_past = "|".join(sorted(map(re.escape, past), key=len, reverse=True))
            alt_pres = "|".join(sorted(map(re.escape, pres), key=len, reverse=True))
            fused_alts = "".join(
                rf"|(?P<f_{tense}>{'|'.join(map(re.escape, (key(f) for f in forms)))}){pres_end}"
                for tense, forms in fused.items() if forms
            )
            # present forms are tried before past ones: ببەستێت is ب + بەست (present) + ێت, not a past
            bodies = []
            if alt_pres or fused_alts:
                pres_alt = rf"(?P<pres>{alt_pres}){pres_end}" if alt_pres else r"(?!x)x"
                bodies.append(rf"(?:(?P<neg>{neg})?(?P<asp>{asp})?(?:{pres_alt}{fused_alts}))")
            if alt_past:
                bodies.append(rf"(?:(?P<neg>{neg})?(?P<asp>{asp})?(?P<past>{alt_past}){past_end})")
            pairs = []
            for body in bodies:
                if preverb:
                    pairs.append((re.compile(rf"^{re.escape(preverb)}(?P<cl>{clit})?{body}$"),
                                  re.compile(rf"^{body}$")))
                else:
                    pairs.append((re.compile(rf"^{body}$"), None))
            particle = key(spec["particle"]) if spec.get("particle") else None
            self.verbs[key(lemma)] = Verb(key(lemma), preverb, tuple(pairs), tuple(past + pres), particle)
        all_stems = sorted({stem for verb in self.verbs.values() for stem in verb.stems if stem},
                           key=len, reverse=True)
        self._stem_filter = re.compile("|".join(map(re.escape, all_stems)))
        for lemma, verb in self.verbs.items():
            if verb.particle is None and any(
                other.particle and other.lemma == lemma + other.particle for other in self.verbs.values()
            ):
                verb.particle_twin = True
        self._particle_marks = ("ەوە",)  # the perfect ending (کردووە → key کردوە) is not the particle

    def analyse(self, word: str, lemma: str, separate_preverb: bool = False) -> VerbAnalysis | None:
        """How ``word`` (key form) is a form of ``lemma``, or ``None``.

        With ``separate_preverb`` the word is matched without the preverb (it stood as the word before).
        """
        memo_key = (word, lemma, separate_preverb)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._analyse(word, lemma, separate_preverb)
        return self._memo[memo_key]

    def _analyse(self, word: str, lemma: str, separate_preverb: bool) -> VerbAnalysis | None:
        verb = self.verbs.get(lemma)
        if verb is None:
            return None
        for full, bare in verb.patterns:
            pattern = bare if separate_preverb else full
            if pattern is None:
                return None
            m = pattern.match(word)
            if m is None:
                continue
            result = self._reading(verb, word, m, separate_preverb)
            if result is not None:
                return result
        return None

    def _reading(self, verb: Verb, word: str, m: re.Match[str], separate_preverb: bool) -> VerbAnalysis | None:
        """The tense, polarity and clitic of one regex reading, or ``None`` when it is not a finite form."""
        lemma = verb.lemma
        groups = m.groupdict()
        for tense in ("present", "subjunctive", "negative"):
            if groups.get(f"f_{tense}") is not None:
                return VerbAnalysis(lemma, "present" if tense == "negative" else tense, tense == "negative",
                                    None, verb.preverb is not None and not separate_preverb,
                                    groups[f"f_{tense}"])
        is_past = groups.get("past") is not None
        stem = groups["past"] if is_past else groups.get("pres") or ""
        stem_end = m.end("past") if is_past else m.end("pres")
        has_particle = any(mark in word[stem_end:] for mark in self._particle_marks)
        if verb.particle and not has_particle:
            return None  # کشانەوە, گەڕانەوە: every finite form ends in -ەوە
        if verb.particle_twin and has_particle:
            return None  # کردەوە belongs to کردنەوە, not to کردن
        if is_past:
            if _VERBAL_NOUN.match(word[stem_end:]):
                return None  # کردنی, گۆڕینی: the infinitive used as a noun, not a finite verb
            if groups.get("asp") and groups.get("asp") not in ("دە", "ئە"):
                return None  # ب- never precedes a past stem in a finite form
            tense = "past"
        else:
            asp = groups.get("asp")
            neg = groups.get("neg")
            if asp in ("دە", "ئە") or neg == "نا":
                tense = "present"
            elif asp == "ب" or neg in ("نە", "مە"):
                tense = "subjunctive"
            else:
                return None  # a bare present stem with an ending is not a finite verb here
        clitic = groups.get("cl")
        if clitic is None and is_past:
            rest = word[stem_end:]
            for c in ("یان", "مان", "تان"):
                if rest.startswith(c):
                    clitic = c
                    break
        return VerbAnalysis(
            lemma,
            tense,
            bool(groups.get("neg")),
            self._clitic_number.get(clitic) if clitic else None,
            verb.preverb is not None and not separate_preverb,
            stem,
        )

    def is_finite(self, word: str, exclude: tuple[str, ...] = ()) -> bool:
        """True when ``word`` is a finite form of any verb of the language other than ``exclude``."""
        memo_key = (word, exclude)
        if memo_key not in self._finite_memo:
            self._finite_memo[memo_key] = self._is_finite(word, exclude)
        return self._finite_memo[memo_key]

    def _is_finite(self, word: str, exclude: tuple[str, ...]) -> bool:
        if len(word) <= 2 or not self._stem_filter.search(word):
            return False
        prefixed = word.startswith(self._prefixes)
        for lemma, verb in self.verbs.items():
            if lemma in exclude:
                continue
            result = self.analyse(word, lemma)
            if result is None:
                continue
            if not prefixed and verb.preverb is None and len(result.stem) <= 2:
                continue  # ما / دا / چو without a prefix are as often nouns (ماوەی "period of")
            return True
        return False

    def clitic_number(self, remainder: str) -> str | None:
        """Number of the agent clitic that ``remainder`` (what follows a noun stem) starts with."""
        for clitic in sorted(self._clitic_number, key=len, reverse=True):
            if remainder.startswith(clitic):
                return self._clitic_number[clitic]
        return None
