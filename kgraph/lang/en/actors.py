"""English actor mentions: gazetteer labels, institutions by function, groups, titles and unknown names.

Matching works on *significant* tokens: a hyphen inside a word and an Arabic article written with one
(``al-``) are skipped on both sides, so ``al-Kadhimi``, ``al Kadhimi`` and ``Kadhimi`` meet the same
label, and ``U.S.-led coalition`` meets ``U.S. led coalition``. Labels compare case-insensitively, except
that a one-word capitalised label needs a capital in the text ("Turkey", not "turkey") and an acronym
(``US``, ``PUK``) must match exactly.

Resolution, in text order:

* a named actor is itself; a capital used as a place ("near Baghdad") is kept only as an argument;
* a polity qualifier (``Iraqi``, ``Iraq's``, ``federal``, ``Kurdistan Region's``) before an office or
  institution word resolves it in that polity (``Iraq's parliament``, ``the Iraqi prime minister``, the
  post resolved to its holder on the publication date); without one, the text's home polity;
* a qualifier before a generic group (``Iraqi security forces``, ``Kurdish officials``) mints a group of
  that polity; ``Iraqis`` is the group of a polity's citizens;
* a qualifier or organisation before a role noun (``Iran's ambassador``, ``a Turkish defence ministry
  official``) is one person by role;
* titles before a person's name belong to the mention (``Coalition commander Maj. Gen. John Brennan``);
* capitalised word sequences that are not in the gazetteer are unlinked people or organisations;
* ``the council`` repeats the organisation named earlier whose name ends in ``Council``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from lemminflect import getAllLemmas

from kgraph.gazetteer import Entry, Gazetteer
from kgraph.lang.data import load_yaml
from kgraph.lang.en.tokenizer import tokenize
from kgraph.model import ActorRef, Analysis, Mention
from kgraph.namespaces import KG, KGA, KGD
from kgraph.rdf.iris import digest
from kgraph.recognise.actors import _PolityContext, actor_ref
from kgraph.text import NormalizedText, Token

MAX_TITLE_TOKENS = 8
#: Words after "the council" that show "council" is the head of its phrase, not a modifier.
FOLLOWERS = {"to", "and", "or", "that", "which", "who", "whose", "has", "have", "had", "was", "were", "is", "are",
             "will", "would", "could", "should", "may", "might", "must", "can", "said", "says", "also", "did", "does",
             "not", "of", "in", "on", "for", "with", "at", "by", "from", "after", "before", "since", "until", "as",
             "'s", "’s"}
NAMED_KINDS = ("person", "organization", "party", "armed_group", "media", "international_organization",
               "country", "region", "group")


def _is_joiner(tokens: list[Token], i: int) -> bool:
    """A hyphen written inside a word, or an article ``al``/``el`` joined to the next word by one."""
    tok = tokens[i]
    if tok.text == "-":
        return 0 < i < len(tokens) - 1 and tokens[i - 1].end == tok.start and tokens[i + 1].start == tok.end
    if tok.text.lower() in ("al", "el") and i + 2 < len(tokens):
        return tokens[i + 1].text == "-" and tokens[i + 1].start == tok.end and tokens[i + 2].start == tokens[i + 1].end
    return False


def significant(tokens: list[Token]) -> list[int]:
    """Indices of the tokens that take part in matching (joiners skipped)."""
    return [i for i in range(len(tokens)) if not _is_joiner(tokens, i)]


def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6 and " " not in label


@dataclass(frozen=True)
class _Hit:
    first: int  # token index (inclusive)
    last: int  # token index (exclusive)
    kind: str  # entry | function | demonym | qualifier | people | title | role | two
    payload: str


class _Index:
    """Token-tuple keys to payloads, with the case rules of the module docstring."""

    def __init__(self) -> None:
        self.lower: dict[tuple[str, ...], list[tuple[str, str, bool]]] = defaultdict(list)
        self.max_len = 1
        self.first_words: set[str] = set()  # a token that starts no key is skipped at once

    def add(self, phrase: str, kind: str, payload: str) -> None:
        toks = tokenize(NormalizedText.identity(phrase))
        words = [toks[i].text for i in significant(toks)]
        if not words:
            return
        exact = _is_acronym(phrase)
        key = tuple(w if exact else w.lower() for w in words)
        cap = words[0][:1].isupper() and len(words) == 1  # one capitalised word needs its capital
        item = (kind, payload, cap)
        if item not in self.lower[key]:
            self.lower[key].append(item)
        self.first_words.add(key[0])
        self.max_len = max(self.max_len, len(key))

    def lookup(self, texts: list[str]) -> list[tuple[str, str]]:
        found = []
        for key in {tuple(texts), tuple(t.lower() for t in texts)}:
            for kind, payload, cap in self.lower.get(key, []):
                if cap and not texts[0][:1].isupper():
                    continue
                found.append((kind, payload))
        return found


class EnglishActorRecogniser:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        data = load_yaml("en", "actors.yaml")
        self.data = data
        kga = str(KGA)
        variants = data["acronym_variants"]
        index = _Index()
        for entry in gazetteer.entries.values():
            for label in entry.labels.get("en", []) + entry.place_labels.get("en", []):
                for form in _variants(label, variants):
                    index.add(form, "entry", entry.iri)
        for polity, words in data["demonyms"].items():
            for word in words:
                index.add(word, "demonym", kga + polity)
        for polity, words in data["qualifiers"].items():
            for word in words:
                index.add(word, "qualifier", kga + polity)
        for polity, words in data["peoples"].items():
            for word in words:
                index.add(word, "people", kga + polity)
        for function, words in data["functions"].items():
            for word in words:
                index.add(word, "function", str(KG) + function)
        for word in data["titles"]:
            index.add(word, "title", word)
        for word in data["role_nouns"]:
            index.add(word, "role", word)
        for group, words in data["qualified_groups"].items():
            for word in words:
                index.add(word, "qgroup", kga + group)
        for word in data["two_polities"]:
            index.add(word, "two", word)
        self.index = index
        self.needs_qualifier = {w.lower() for w in data["needs_qualifier"]}
        self.bare_functions = {w.lower() for w in data["bare_functions"]}
        self.modifiers = {w.lower() for w in data["compound_modifiers"]}
        self.place_heads = set(data["place_heads"])
        self.org_heads = set(data["org_heads"])
        self.locatives = {w.lower() for w in data["locatives"]}
        self.place_modifiers = {w.lower() for w in data["place_modifiers"]}
        self.capitals = set(data["capitals"])
        self.function_words = set(data["function_words"])
        self.months = set()
        dates = load_yaml("en", "dates.yaml")
        for group in ("months", "weekdays"):
            for item in dates[group]:
                self.months.update(item["names"])
        self.title_words = {w.lower() for w in data["titles"] if " " not in w} | {
            w.lower() for words in data["demonyms"].values() for w in words if " " not in w}
        self._group_labels = {e.iri for e in gazetteer.entries.values() if e.kind == "generic_group"}

    # -- matching --------------------------------------------------------------------------------------
    def _hits(self, tokens: list[Token]) -> list[_Hit]:
        sig = significant(tokens)
        hits: list[_Hit] = []
        p = 0
        while p < len(sig):
            found, p = self._hit_at(tokens, sig, p)
            if found:
                hits.append(_best(found, self.gaz))
        return hits

    def _hit_at(self, tokens: list[Token], sig: list[int], p: int) -> tuple[list[_Hit] | None, int]:
        """The longest match at ``p`` (and the next position); an article yields to a longer match after it
        ("the prime minister's office" is the office, not "the prime minister")."""
        found, nxt = self._longest_at(tokens, sig, p)
        if found and tokens[sig[p]].text.lower() == "the" and p + 1 < len(sig):
            after, after_next = self._longest_at(tokens, sig, p + 1)
            if after and after[0].last > found[0].last:
                return after, after_next
        return found, nxt

    def _longest_at(self, tokens: list[Token], sig: list[int], p: int) -> tuple[list[_Hit] | None, int]:
        head = tokens[sig[p]].text.replace("’", "'")
        if head not in self.index.first_words and head.lower() not in self.index.first_words:
            return None, p + 1
        for n in range(min(self.index.max_len, len(sig) - p), 0, -1):
            span = sig[p : p + n]
            if any(not tokens[i].is_word and tokens[i].text not in ("'s", "’s", ".", "&") for i in span[1:]):
                continue
            items = self.index.lookup([tokens[i].text.replace("’", "'") for i in span])
            if items:
                first = span[0]
                if first >= 2 and _is_joiner(tokens, first - 2):
                    first -= 2  # "al-" before a name belongs to it
                return [_Hit(first, span[-1] + 1, kind, payload) for kind, payload in items], p + n
        return None, p + 1

    # -- recognition -------------------------------------------------------------------------------------
    def recognise(self, analysis: Analysis) -> None:
        tokens = analysis.tokens
        hits = self._hits(tokens)
        period = _period(analysis)
        named: list[Mention] = []
        filed_in: str | None = None
        for hit in hits:
            if hit.kind == "entry":
                entry = self.gaz[hit.payload]
                if entry.kind in NAMED_KINDS:
                    mention = self._mention(analysis, hit.first, hit.last, actor_ref(entry, self.gaz), "name",
                                            entry.iri)
                    dateline = self._dateline(analysis, hit)
                    if dateline and filed_in is None:
                        filed_in = self._country(entry.iri)
                    if self._place_use(tokens, hit, entry) or dateline or (
                            entry.is_polity and self._compound(tokens, hit.last)):
                        mention.reportable = False
                    named.append(mention)
        context = _HomeContext(self.gaz, [m for m in named if m.reportable], filed_in)
        by_first = {m.first: m for m in named}
        mentions: list[Mention] = []
        consumed: set[int] = set()
        for k, hit in enumerate(hits):
            if k in consumed:
                continue
            qualifier = self._qualifier(hit, tokens, by_first)
            if qualifier is not None and k + 1 < len(hits):
                polity, end_tok = qualifier
                nxt = hits[k + 1]
                role = hits[k + 2] if k + 2 < len(hits) else None
                if nxt.kind == "function" and role is not None and role.kind == "role" and \
                        self._adjacent(tokens, end_tok, nxt.first, 0) and \
                        self._adjacent(tokens, nxt.last, role.first, 1):
                    mentions.append(self._role(analysis, hit.first, role.last, polity, hit))
                    consumed.update((k + 1, k + 2))  # "a Turkish defence ministry official"
                    continue
                if self._adjacent(tokens, end_tok, nxt.first, 2 if nxt.kind == "role" else 0):
                    mention = self._qualified(analysis, hit, nxt, polity, period, context)
                    if mention is not None:
                        mentions.append(mention)
                        consumed.add(k + 1)
                        continue
            mention = self._plain(analysis, hit, by_first, context, period)
            if mention is not None:
                mentions.append(mention)
        mentions.extend(self._names(analysis, mentions))
        mentions.sort(key=lambda m: m.start)
        mentions = self._titles(analysis, mentions, hits)
        mentions = self._anaphors(analysis, mentions)
        analysis.mentions.extend(mentions)
        analysis.mentions.sort(key=lambda m: (m.start, -m.end))

    def _qualifier(self, hit: _Hit, tokens: list[Token], by_first: dict[int, Mention]) -> tuple[str, int] | None:
        """The polity a hit qualifies the next word with, and the token after the qualifier."""
        end = hit.last
        if self._compound(tokens, end):
            return None
        possessive = end < len(tokens) and tokens[end].text in ("'s", "’s", "'")
        if hit.kind in ("demonym", "qualifier"):
            return hit.payload, end
        if hit.kind == "entry":
            entry = self.gaz[hit.payload]
            if possessive or entry.kind in ("country", "region") or entry.kind in NAMED_KINDS:
                polity = entry.iri if entry.is_polity else self.gaz.polity_of(entry.iri)
                if polity is None:
                    return None
                if possessive:
                    return polity, end + 1
                if entry.is_polity or entry.kind in ("organization", "international_organization", "armed_group",
                                                     "party"):
                    return polity, end
        return None

    def _compound(self, tokens: list[Token], end: int) -> bool:
        """"Iran-aligned factions": a polity joined to a modifier describes an allegiance, not membership."""
        return end + 1 < len(tokens) and _is_joiner(tokens, end) and tokens[end + 1].text.lower() in self.modifiers

    def _adjacent(self, tokens: list[Token], end: int, first: int, gap: int) -> bool:
        if first < end:
            return False
        between = tokens[end:first]
        return len(between) <= gap and all(t.is_word and t.text[:1].islower() for t in between)

    def _qualified(self, analysis: Analysis, qual: _Hit, head: _Hit, polity: str, period, context) -> Mention | None:
        first = qual.first
        possessive = qual.last < len(analysis.tokens) and analysis.tokens[qual.last].text in ("'s", "’s")
        if first > 0 and analysis.tokens[first - 1].text.lower() == "the" and qual.kind != "entry":
            first -= 1
        if head.kind == "function":
            actor = self._by_function(polity, head.payload, period)
            if actor is None:
                return None
            return self._mention(analysis, first, head.last, actor, "reference", head.payload)
        if head.kind == "qgroup" or (head.kind == "entry" and head.payload in self._group_labels):
            return self._mention(analysis, first, head.last, self._group(analysis, self.gaz[head.payload], polity),
                                 "group", head.payload)
        if head.kind == "entry" and self.gaz[head.payload].kind in NAMED_KINDS and qual.kind != "entry":
            entry = self.gaz[head.payload]
            return self._mention(analysis, first, head.last, actor_ref(entry, self.gaz), "name", entry.iri)
        if head.kind == "entry" and qual.kind == "entry" and self.gaz[head.payload].kind in NAMED_KINDS:
            if possessive and self.gaz.polity_of(head.payload) in (polity, self.gaz.entries[polity].polity):
                entry = self.gaz[head.payload]  # "Iraq's Federal Supreme Court": one mention
                return self._mention(analysis, first, head.last, actor_ref(entry, self.gaz), "name", entry.iri)
            return None
        if head.kind == "role":
            return self._role(analysis, first, head.last, polity, qual)
        return None

    def _plain(self, analysis: Analysis, hit: _Hit, by_first, context: _PolityContext, period) -> Mention | None:
        tokens = analysis.tokens
        position = tokens[hit.first].start
        if hit.kind == "entry":
            entry = self.gaz[hit.payload]
            if entry.kind in NAMED_KINDS:
                return by_first.get(hit.first)
            if entry.kind == "post":
                actor = self._holder(entry, period) or actor_ref(entry, self.gaz)
                return self._mention(analysis, hit.first, hit.last, actor, "post", entry.iri)
            if entry.kind == "generic_group":
                polity = context.polity(entry.resolve_polity or str(KG.HomePolity), position)
                return self._mention(analysis, hit.first, hit.last, self._group(analysis, entry, polity), "group",
                                     entry.iri)
            if entry.kind == "reference" and entry.refers_to_function:
                if entry.refers_to_function == str(KG.TwoPolities):
                    return self._two(analysis, hit, context)
                polity = context.polity(entry.resolve_polity or str(KG.HomePolity), position)
                if polity is None:
                    return None
                if entry.refers_to_function == str(KG.Polity):
                    mention = self._mention(analysis, hit.first, hit.last, actor_ref(self.gaz[polity], self.gaz),
                                            "reference", entry.iri)
                    mention.reportable = False
                    return mention
                actor = self._by_function(polity, entry.refers_to_function, period)
                return self._mention(analysis, hit.first, hit.last, actor, "reference", entry.iri) if actor else None
            return None
        if hit.kind == "function":
            words = " ".join(t.text.lower() for t in tokens[hit.first : hit.last])
            if words in self.needs_qualifier:
                return None
            definite = self._definite(tokens, hit.first)
            if definite is None and words not in self.bare_functions:
                return None  # "a government", "any government", "a candidate for prime minister"
            polity = context.polity(str(KG.RecentPolity), position) if words in ("region",) else context.home()
            if polity is None:
                return None
            actor = self._by_function(polity, hit.payload, period)
            if actor is None:
                return None
            first = definite if definite is not None else hit.first
            return self._mention(analysis, first, hit.last, actor, "reference", hit.payload)
        if hit.kind == "people":
            group = self.gaz.entries.get(str(KGA) + "group-citizens")
            if group is None:
                return None
            return self._mention(analysis, hit.first, hit.last, self._group(analysis, group, hit.payload), "group",
                                 group.iri)
        if hit.kind == "two":
            return self._two(analysis, hit, context)
        return None

    @staticmethod
    def _definite(tokens: list[Token], first: int) -> int | None:
        """The token of "the" (or a possessive pronoun) before an office word, with at most one adjective
        between ("the new parliament", "his cabinet"); None when the word is indefinite or bare."""
        for j in (first - 1, first - 2):
            if j < 0:
                return None
            if tokens[j].text.lower() in ("the", "his", "her", "its", "their"):
                return j
            if not (tokens[j].is_word and tokens[j].text[:1].islower()):
                return None
        return None

    # -- resolution helpers -------------------------------------------------------------------------------
    def _by_function(self, polity: str, function: str, period) -> ActorRef | None:
        for target in self.gaz.with_function(polity, function):
            if target.kind == "post":
                return self._holder(target, period) or actor_ref(target, self.gaz)
            return actor_ref(target, self.gaz)
        return None

    def _holder(self, post: Entry, period) -> ActorRef | None:
        if period is None:
            return None
        holders = self.gaz.holders(post.iri, *period)
        return actor_ref(self.gaz[holders[0]], self.gaz) if holders else None

    def _group(self, analysis: Analysis, entry: Entry, polity: str | None) -> ActorRef:
        polity_entry = self.gaz.entries.get(polity) if polity else None
        country_code = (polity_entry.code or "")[:3] if polity_entry else ""
        code = (country_code + (entry.sector or "")) or None
        slug = entry.iri.rsplit("/", 1)[-1].removeprefix("group-")
        if polity_entry:
            slug += "-" + polity_entry.iri.rsplit("/", 1)[-1]
        iri = f"{KGD}{analysis.document.id}/actor/{slug}"
        name = entry.name
        if polity_entry is not None:
            name = f"{entry.name} ({polity_entry.name})"
        return ActorRef(iri, name, "group", code, None, False, polity,
                        {lang: labels[0] for lang, labels in entry.labels.items() if labels})

    def _two(self, analysis: Analysis, hit: _Hit, context: _PolityContext) -> Mention | None:
        members = [actor_ref(self.gaz[p], self.gaz) for p in context.top_polities(2)]
        if len(members) != 2:
            return None
        mention = self._mention(analysis, hit.first, hit.last, members[0], "reference", None)
        mention.members, mention.reportable = members, False
        return mention

    def _role(self, analysis: Analysis, first: int, last: int, polity: str, qual: _Hit) -> Mention:
        tokens = analysis.tokens
        while first < last and tokens[first].text.lower() in ("the", "a", "an"):
            first += 1
        surface = analysis.text[tokens[first].start : tokens[last - 1].end]
        org = self.gaz[qual.payload] if qual.kind == "entry" else self.gaz[polity]
        code = org.code if org.kind != "country" else (org.code or "") + "GOV"
        iri = f"{KGD}{analysis.document.id}/actor/role-{digest('en', surface.lower(), size=12)}"
        actor = ActorRef(iri, surface, "person", code, None, False, polity, {"en": surface})
        return self._mention(analysis, first, last, actor, "unlinked", None)

    def _place_use(self, tokens: list[Token], hit: _Hit, entry: Entry) -> bool:
        """A capital standing for a government ("Baghdad") names the place after a locative ("near Baghdad")."""
        if hit.first == 0 or " ".join(t.text for t in tokens[hit.first : hit.last]) not in self.capitals:
            return False
        j = hit.first - 1
        while j > 0 and tokens[j].text.lower() in self.place_modifiers:
            j -= 1  # "in eastern Baghdad"
        return tokens[j].text.lower() in self.locatives and tokens[j].text.lower() != "of"

    def _country(self, iri: str) -> str | None:
        polity = self.gaz.polity_of(iri)
        entry = self.gaz.entries.get(polity) if polity else None
        return entry.polity if entry is not None and entry.polity else polity

    @staticmethod
    def _dateline(analysis: Analysis, hit: _Hit) -> bool:
        """"BAGHDAD, April 8 –", "ERBIL, Iraq –": the places of a dateline are where the report was filed."""
        tokens = analysis.tokens
        for sentence in analysis.segmentation.sentences:
            if sentence.first <= hit.first < sentence.last:
                first, last = tokens[sentence.first], tokens[sentence.last - 1]
                return first.text.isupper() and len(first.text) > 1 and last.text in ("–", "—", "-", "--")
        return False

    @staticmethod
    def _mention(analysis: Analysis, first: int, last: int, actor: ActorRef, via: str, entry: str | None) -> Mention:
        tokens = analysis.tokens
        start, end = tokens[first].start, tokens[last - 1].end
        return Mention(start, end, first, last, analysis.text[start:end], actor, via, entry)

    # -- unknown names -------------------------------------------------------------------------------------
    def _names(self, analysis: Analysis, mentions: list[Mention]) -> list[Mention]:
        tokens = analysis.tokens
        taken = {i for m in mentions for i in range(m.first, m.last)}
        taken.update(i for t in analysis.timexes for i in range(t.first, t.last))
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            if not self._name_word(tokens, i, taken):
                i += 1
                continue
            j = i
            while j < len(tokens) and (self._name_word(tokens, j, taken) or (
                    _is_joiner(tokens, j) and j + 1 < len(tokens))):
                j += 1
            while j > i and _is_joiner(tokens, j - 1):
                j -= 1
            words = [t for t in tokens[i:j] if t.is_word and t.text.lower() not in ("al", "el")]
            mention = self._surname(analysis, i, j, words, mentions + found) or self._unknown(analysis, i, j, words)
            if mention is not None:
                found.append(mention)
            i = j
        return found

    def _surname(self, analysis: Analysis, first: int, last: int, words: list[Token],
                 earlier: list[Mention]) -> Mention | None:
        """"Rashid", "al-Amiri" after "Abdul Latif Rashid", "Hadi al-Amiri": the person named before."""
        if len(words) != 1:
            return None
        word = words[0].text.lower()
        start = analysis.tokens[first].start
        people = {m.actor.iri: m for m in earlier if m.actor.kind == "person" and m.start < start
                  and m.text.lower().replace("-", " ").split()[-1] == word}
        if len(people) != 1:
            return None
        person = next(iter(people.values()))
        return self._mention(analysis, first, last, person.actor, person.via if person.via == "name" else "anaphor",
                             person.entry)

    def _name_word(self, tokens: list[Token], i: int, taken: set[int]) -> bool:
        tok = tokens[i]
        if i in taken or not tok.is_word or not tok.text[:1].isupper() or tok.text in self.function_words:
            return False
        if tok.text in self.months or (tok.text.isupper() and len(tok.text) > 4):
            return False  # datelines (BAGHDAD) and month names
        if tok.text.lower() in self.title_words:
            return False  # "French President Emmanuel Macron": the title is not part of the name
        return not (tok.text.endswith(".") and len(tok.text) <= 5)

    def _unknown(self, analysis: Analysis, first: int, last: int, words: list[Token]) -> Mention | None:
        tokens = analysis.tokens
        if not words:
            return None
        head = words[-1].text
        before = tokens[first - 1].text.lower() if first > 0 else ""
        sentence_start = first == 0 or tokens[first - 1].text in (".", "\"", "“", "–", "—") or \
            "\n" in analysis.text[tokens[first - 1].end : tokens[first].start]
        if head in self.place_heads or before in self.locatives:
            return None
        if head in self.org_heads:
            kind, prefix = "organization", "org"
        elif 2 <= len(words) <= 4:
            kind, prefix = "person", "person"
        elif len(words) == 1 and not sentence_start and before in (",",):
            return None
        else:
            return None
        surface = analysis.text[tokens[first].start : tokens[last - 1].end]
        key = " ".join(w.text.lower() for w in words)
        iri = f"{KGA}unlinked/{prefix}-{digest('en', key, size=12)}"
        actor = ActorRef(iri, surface, kind, None, None, False, None, {"en": surface})
        return self._mention(analysis, first, last, actor, "unlinked", None)

    # -- titles and anaphors --------------------------------------------------------------------------------
    def _titles(self, analysis: Analysis, mentions: list[Mention], hits: list[_Hit]) -> list[Mention]:
        """Widen a person's mention over the titles, offices and organisations written before it."""
        tokens = analysis.tokens
        title_end = {h.last: h for h in hits if h.kind in ("title", "function", "demonym", "role")}
        mention_end = {m.last: m for m in mentions}
        absorbed: set[int] = set()
        for mention in mentions:
            if mention.actor.kind != "person" or mention.via not in ("name", "unlinked"):
                continue
            first = mention.first
            steps = 0
            while first > 0 and steps < MAX_TITLE_TOKENS:
                before = mention_end.get(first)
                if before is not None and before is not mention and (
                        before.actor.kind != "person" or before.via in ("reference", "post")
                        or before.actor.iri.startswith(str(KGD))):
                    absorbed.add(id(before))
                    first = before.first
                elif first in title_end:
                    first = title_end[first].first
                elif tokens[first - 1].is_word and tokens[first - 1].text.lower() in ("maj.", "gen.", "lt.", "col."):
                    first -= 1
                else:
                    break
                steps += 1
            if first < mention.first:
                widened = self._mention(analysis, first, mention.last, mention.actor, mention.via, mention.entry)
                mention.first, mention.start, mention.text = widened.first, widened.start, widened.text
        return [m for m in mentions if id(m) not in absorbed]

    def _anaphors(self, analysis: Analysis, mentions: list[Mention]) -> list[Mention]:
        """"The council" after "the U.N. Security Council": the organisation named earlier."""
        tokens = analysis.tokens
        taken = {i for m in mentions for i in range(m.first, m.last)}
        taken.update(i for t in analysis.timexes for i in range(t.first, t.last))
        heads: list[tuple[int, str, Mention]] = []
        for m in mentions:
            if m.actor.kind in ("organization", "international_organization", "party", "armed_group", "region") \
                    and m.via == "name":
                names = [m.text, m.actor.name]
                for name in names:
                    word = name.split()[-1].lower().strip(".")
                    heads.append((m.start, word, m))
                polity = self.gaz.entries.get(m.actor.polity or "")
                if polity is not None and polity.kind == "region":  # "the region" after the KRG
                    region = self._mention(analysis, m.first, m.last, actor_ref(polity, self.gaz), "name", polity.iri)
                    heads.append((m.start, polity.name.split()[-1].lower(), region))
        out = list(mentions)
        for i in range(1, len(tokens)):
            if i in taken or tokens[i - 1].text.lower() != "the" or not tokens[i].is_word:
                continue
            word = tokens[i].text.lower()
            if i + 1 < len(tokens) and tokens[i + 1].is_word and tokens[i + 1].text[:1].islower() and \
                    tokens[i + 1].text.lower() not in FOLLOWERS and not _can_be_verb(tokens[i + 1].text.lower()):
                continue  # "the council members": the word is a modifier
            earlier = [m for start, head, m in heads if head == word and start < tokens[i].start]
            if earlier:
                source = earlier[-1]
                out.append(self._mention(analysis, i, i + 1, source.actor, "anaphor", source.entry))
        return out


class _HomeContext(_PolityContext):
    """The polity context, with the country of the dateline ("ERBIL, Iraq –") as the home polity: a report
    filed from a country is about its institutions unless it says otherwise."""

    def __init__(self, gazetteer: Gazetteer, named: list[Mention], filed_in: str | None):
        super().__init__(gazetteer, named)
        self.filed_in = filed_in

    def home(self) -> str | None:
        return self.filed_in or super().home()


def _can_be_verb(word: str) -> bool:
    return "VERB" in getAllLemmas(word) or "AUX" in getAllLemmas(word)


def _variants(label: str, variants: dict[str, str]) -> list[str]:
    forms = [label]
    for plain, dotted in variants.items():
        for form in list(forms):
            words = form.split()
            if plain in words:
                forms.append(" ".join(dotted if w == plain else w for w in words))
            if dotted in words:
                forms.append(" ".join(plain if w == dotted else w for w in words))
    return list(dict.fromkeys(forms))


_KIND_PRIORITY = {"person": 0, "organization": 1, "party": 1, "armed_group": 1, "media": 1,
                  "international_organization": 1, "post": 2, "country": 3, "region": 3, "group": 4,
                  "reference": 5, "generic_group": 6}
_HIT_PRIORITY = {"entry": 0, "function": 1, "qgroup": 2, "people": 2, "two": 2, "role": 3, "demonym": 4,
                 "qualifier": 5, "title": 6}


def _best(hits: list[_Hit], gaz: Gazetteer) -> _Hit:
    def rank(hit: _Hit) -> tuple[int, int]:
        kind = _KIND_PRIORITY.get(gaz[hit.payload].kind, 9) if hit.kind == "entry" else 0
        return _HIT_PRIORITY[hit.kind], kind
    return min(hits, key=rank)


def _period(analysis: Analysis) -> tuple[dt.date, dt.date] | None:
    published = analysis.document.published
    if published is None:
        return None
    return published.first_day(), published.last_day()
