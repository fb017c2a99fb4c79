"""People who are not in the gazetteer, recognised by given names, titles and apposition.

Rules (data in ``lang/<code>/data/names.yaml`` and ``given_names.tsv``):

* a known given name followed by one to three name words (not function words, not verbs, not in a
  mention) is a person: محەمەد کمال, سەباح عەگیلی;
* name words in apposition with a title are a person: جاد دێر، گوتەبێژی کۆشکی سپی;
* a title followed by an organisation denotes a person by role (گوتەبێژی کۆشکی سپی); in apposition
  with a named person it is that person, otherwise a role person minted for the document.

Unlinked people get IRIs from their normalised names, so the same name links across documents, and
are flagged ``kg:linked false`` in the graph.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from functools import cache

from kgraph.lang.base import LanguagePack
from kgraph.lang.data import data_path, load_yaml
from kgraph.memo import BoundedMemo
from kgraph.model import ActorRef, Analysis, Mention
from kgraph.namespaces import KGA, KGD
from kgraph.rdf.iris import digest

MAX_NAME_WORDS = 4
DEFINITE_ENDINGS = ("ەکە", "ەکان", "ەکەی", "ەکانی", "ەکەدا", "ەکاندا")


@dataclass(frozen=True)
class Title:
    key_words: tuple[str, ...]
    en: str


@cache
def _name_data(pack_code: str) -> dict:
    return load_yaml(pack_code, "names.yaml")


class NameRecogniser:
    def __init__(self, pack: LanguagePack):
        self.pack = pack
        data = _name_data(pack.code)
        key = pack.key
        self.titles = [Title(tuple(key(w).split()), t["en"]) for t in data["titles"] for w in t["ckb"]]
        self.titles.sort(key=lambda t: -len(t.key_words))
        self.morph = pack.morphology
        # titles by the skeleton of their first word, so a token is compared with a handful at most
        self._titles_by_head: dict[str, list[Title]] = {}
        for title in self.titles:
            self._titles_by_head.setdefault(self.morph.skeleton(title.key_words[0]), []).append(title)
        # per word (news vocabulary repeats): the titles it may start, and whether it may be a name word
        self._title_candidates: dict[str, list[Title]] = BoundedMemo()
        self._name_shaped: dict[str, bool] = BoundedMemo()
        self.honorifics = {key(w) for w in data["honorifics"]}
        self.function_words = {key(w) for w in data["function_words"]}
        self.given: dict[str, str] = {}
        with data_path(pack.code, "given_names.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                self.given.setdefault(key(row["ckb"]), row["en"])
        self.verbs = getattr(pack, "verb_forms", None)

    # -- public ------------------------------------------------------------------------------------
    def recognise(self, analysis: Analysis) -> None:
        """Add person and role-person mentions; then let titles next to people take their actor."""
        tokens = analysis.tokens
        taken = {i for m in analysis.mentions for i in range(m.first, m.last)}
        taken.update(i for t in analysis.timexes for i in range(t.first, t.last))
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            if i in taken or not tokens[i].is_word:
                i += 1
                continue
            person = self._person_at(analysis, i, taken)
            if person is not None:
                found.append(person)
                taken.update(range(person.first, person.last))
                i = person.last
                continue
            i += 1
        group_at = {m.first: m for m in analysis.mentions if m.via == "group"}
        for i in range(len(tokens)):
            if not tokens[i].is_word:
                continue
            if i in taken:
                # a generic group word ("MPs") that is really a title before an organisation
                group = group_at.get(i)
                if group is None or self._title_at(analysis, i) is None:
                    continue
                role = self._role_at(analysis, i, taken)
                if role is not None:
                    analysis.mentions.remove(group)
                    found.append(role)
                    taken.update(range(role.first, role.last))
                continue
            role = self._role_at(analysis, i, taken)
            if role is not None:
                found.append(role)
                taken.update(range(role.first, role.last))
        analysis.mentions.extend(found)
        analysis.mentions.sort(key=lambda m: (m.start, -m.end))
        self._appose(analysis)

    # -- people by name --------------------------------------------------------------------------------
    def _is_name_word(self, analysis: Analysis, i: int, taken: set[int]) -> bool:
        tok = analysis.tokens[i]
        if not tok.is_word or i in taken:
            return False
        word = tok.text
        shaped = self._name_shaped.get(word)
        if shaped is None:
            shaped = self._name_shaped[word] = self._is_name_shaped(word)
        return shaped and self._title_at(analysis, i) is None

    def _is_name_shaped(self, word: str) -> bool:
        """What a name word must be by itself (memoised per word): not a number, a function word, a
        definite noun or a finite verb."""
        if word.isdigit() or len(word) < 2 or word in self.function_words:
            return False
        if word.endswith(DEFINITE_ENDINGS):
            return False  # names take no definite article: هەڵبژاردنەکە is a common noun
        return not (self.verbs is not None and self.verbs.is_finite(word))

    def _given(self, word: str) -> str | None:
        if word in self.given:
            return word
        if word.endswith("ی") and word[:-1] in self.given:
            return word[:-1]
        return None

    def _person_at(self, analysis: Analysis, i: int, taken: set[int]) -> Mention | None:
        tokens = analysis.tokens
        start = i
        if tokens[i].text in self.honorifics:
            start = i + 1
            if start >= len(tokens):
                return None
        if not self._is_name_word(analysis, start, taken):
            return None
        j = start
        while j < len(tokens) and j - start < MAX_NAME_WORDS and self._is_name_word(analysis, j, taken):
            j += 1
            if tokens[j - 1].text.endswith("ی") and self._given(tokens[j - 1].text) is None and j - start >= 2:
                break  # an ezafe closes the name: ترەمپی سەرۆکی …
        words = j - start
        given_first = tokens[start].text in self.given  # exactly a given name, without ezafe
        apposed = j + 1 < len(tokens) and tokens[j].text in ("،", ",") and self._title_at(analysis, j + 1)
        clause_start = start == 0 or not tokens[start - 1].is_word or tokens[start - 1].text in self.honorifics
        if given_first and words >= 2:
            return self._person(analysis, start, j)
        if start > i and words >= 1:
            return self._person(analysis, start, j)  # after an honorific
        if apposed and clause_start and 2 <= words <= 3:
            return self._person(analysis, start, j)
        return None

    def _person(self, analysis: Analysis, first: int, last: int) -> Mention:
        tokens = analysis.tokens
        start, end = tokens[first].start, tokens[last - 1].end
        surface = analysis.text[start:end]
        words = [tokens[k].text for k in range(first, last)]
        if len(words) > 1 and words[-1].endswith("ی") and self._given(words[-1]) is None:
            words[-1] = words[-1][:-1]
        name_key = " ".join(words)
        iri = f"{KGA}unlinked/person-{digest(self.pack.code, name_key, size=12)}"
        actor = ActorRef(iri, romanize(surface), "person", None, None, False, None, {self.pack.code: surface})
        return Mention(start, end, first, last, surface, actor, "unlinked")

    # -- people by role ------------------------------------------------------------------------------
    def _title_at(self, analysis: Analysis, i: int) -> tuple[Title, int] | None:
        tokens = analysis.tokens
        word = tokens[i].text
        candidates = self._title_candidates.get(word)
        if candidates is None:
            candidates = self._titles_by_head.get(self.morph.skeleton(word), [])
            if len(word) > 3:
                candidates = candidates + self._titles_by_head.get(word, [])
            self._title_candidates[word] = candidates
        for title in candidates:
            n = len(title.key_words)
            if i + n > len(tokens):
                continue
            ok = True
            for k, word in enumerate(title.key_words):
                tok = tokens[i + k].text
                last = k == n - 1
                if not (tok == word or (last and self.morph.skeleton(tok) == self.morph.skeleton(word)
                                        and tok.startswith(word[:-1] if len(word) > 3 else word))):
                    ok = False
                    break
            if ok:
                return title, i + n
        return None

    def _role_at(self, analysis: Analysis, i: int, taken: set[int]) -> Mention | None:
        found = self._title_at(analysis, i)
        if found is None:
            return None
        title, after = found
        org = next((m for m in analysis.mentions if m.first == after and m.actor.kind != "person"), None)
        if org is None:
            return None
        tokens = analysis.tokens
        start, end = tokens[i].start, tokens[org.last - 1].end
        surface = analysis.text[start:end]
        name = f"{title.en} of {org.actor.name}"
        iri = f"{KGD}{analysis.document.id}/actor/role-{digest(title.en, org.actor.iri, size=12)}"
        actor = ActorRef(iri, name, "person", org.actor.code, None, False, org.actor.polity,
                         {self.pack.code: surface})
        mention = Mention(start, end, i, org.last, surface, actor, "unlinked")
        analysis.mentions.remove(org)  # the organisation is part of the title now
        return mention

    def _appose(self, analysis: Analysis) -> None:
        """"Name، Title" and "Title Name": the role mention takes the named person's actor."""
        mentions = analysis.mentions
        tokens = analysis.tokens
        for left, right in itertools.pairwise(mentions):
            gap = tokens[left.last : right.first]
            if len(gap) > 1 or any(t.text not in ("،", ",") for t in gap):
                continue
            for person, role in ((left, right), (right, left)):
                named = person.actor.kind == "person" and person.via in ("name", "unlinked") \
                    and not person.actor.iri.startswith(f"{KGD}")
                is_role = role.actor.kind in ("person", "post") and (
                    role.via in ("post", "reference") or role.actor.iri.startswith(f"{KGD}"))
                if named and is_role and role is not person:
                    role.actor = person.actor
                    role.via = "apposition"
                    break


_ROMAN = {
    "ا": "a", "ب": "b", "پ": "p", "ت": "t", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ر": "r",
    "ڕ": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ع": "", "غ": "gh", "ف": "f", "ڤ": "v", "ق": "q",
    "ک": "k", "ك": "k", "گ": "g", "ل": "l", "ڵ": "l", "م": "m", "ن": "n", "ه": "h", "ھ": "h", "ە": "a",
    "ۆ": "o", "ێ": "e", "ئ": "", "ة": "a", "ط": "t", "ظ": "z", "ص": "s", "ض": "z", "ذ": "z", "ث": "s",
    "ء": "", "أ": "a", "إ": "i", "آ": "a", "ى": "a",
}


def romanize(text: str) -> str:
    """A readable Latin spelling of a Sorani name (for unlinked actors' English labels)."""
    words = []
    for word in text.replace("\u200c", "").split():
        out = []
        chars = list(word)
        for k, ch in enumerate(chars):
            prev_is_consonant = k > 0 and chars[k - 1] not in "اەۆێیو"
            if ch == "و":
                out.append("u" if prev_is_consonant and k + 1 < len(chars) and chars[k + 1] != "ا" else "w")
            elif ch in "یي":
                out.append("i" if prev_is_consonant or k == len(chars) - 1 else "y")
            else:
                out.append(_ROMAN.get(ch, ch if ch.isascii() else ""))
        romanized = "".join(out).replace("uu", "u").replace("ii", "i")
        if romanized:
            words.append(romanized[0].upper() + romanized[1:])
    return " ".join(words) or text
