"""Actor mentions: gazetteer names, posts, generic references and groups, resolved in context.

Matching uses the morphology-aware :class:`~kgraph.matching.PhraseMatcher`. Resolution then turns
what was matched into the actor meant *in this document*:

* a named actor is itself;
* a post ("the Prime Minister of Iraq") is the person who held it on the publication date, or the
  person named beside it in apposition ("Mustafa al-Kadhimi, Prime Minister of Iraq");
* a generic reference ("the government", "the president") is the institution or office holder with
  that function in the polity the text is about (its home polity, or the one just mentioned);
* a generic group ("the participants", "political forces") becomes a group actor of this document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from kgraph.dates import PartialDate
from kgraph.gazetteer import Entry, Gazetteer
from kgraph.lang.base import LanguagePack
from kgraph.matching import Match, PhraseMatcher
from kgraph.model import ActorRef, Analysis, Mention
from kgraph.namespaces import KG, KGD

HOME, FOREIGN, RECENT = str(KG.HomePolity), str(KG.ForeignPolity), str(KG.RecentPolity)
POLITY, TWO_POLITIES = str(KG.Polity), str(KG.TwoPolities)
#: Payload prefix of labels that name a capital standing for its government (بەغدا, هەولێر).
PLACE_PREFIX = "place:"
_KIND_PRIORITY = {"person": 0, "organization": 1, "party": 1, "armed_group": 1, "media": 1,
                  "international_organization": 1, "post": 2, "country": 3, "region": 3, "group": 4,
                  "reference": 5, "generic_group": 6}


def build_actor_matcher(pack: LanguagePack, gazetteer: Gazetteer) -> PhraseMatcher:
    """A phrase matcher over every label of the gazetteer in the pack's language."""
    lex = pack.trigger_lexicon
    common = frozenset(noun for lexeme in lex.lexemes for noun in lexeme.nouns if " " not in noun)
    common |= frozenset(noun for nouns, _ in lex.speech_light for noun in nouns)
    matcher = PhraseMatcher(pack.morphology, fuzzy_exclude=common,
                            short_suffixes=pack.morphology.short_label_suffixes or None)
    for entry in gazetteer.entries.values():
        for label in entry.labels.get(pack.code, []):
            label_key = pack.key(label)
            if label_key:
                matcher.add(label_key, entry.iri)
        for label in entry.place_labels.get(pack.code, []):
            label_key = pack.key(label)
            if label_key:
                matcher.add(label_key, PLACE_PREFIX + entry.iri)
    return matcher


def actor_ref(entry: Entry, gazetteer: Gazetteer) -> ActorRef:
    """The reportable actor for a gazetteer entry."""
    return ActorRef(entry.iri, entry.name, entry.kind, entry.code, entry.wikidata, True,
                    gazetteer.polity_of(entry.iri))


class ActorRecogniser:
    def __init__(self, pack: LanguagePack, gazetteer: Gazetteer, matcher: PhraseMatcher):
        self.pack = pack
        self.gaz = gazetteer
        self.matcher = matcher
        places = pack.place_words
        self._locatives = {pack.key(w) for w in places["locatives"]}
        motion = [pack.key(v) for v in places["motion_verbs"]]
        verbs = pack.verb_forms
        self._motion = lambda word: any(verbs.analyse(word, v) for v in motion)

    def recognise(self, analysis: Analysis) -> None:
        tokens = analysis.tokens
        matches = self.matcher.match(tokens)
        entries = [self._choose(m) for m in matches]
        period = _period(analysis.document.published)
        # pass 1: named actors, so the context (home polity) is known before references resolve
        mentions: list[Mention | None] = []
        for match, entry in zip(matches, entries, strict=True):
            if entry.kind in ("post", "reference", "generic_group"):
                mentions.append(None)
                continue
            mention = self._mention(analysis, match, actor_ref(entry, self.gaz), "name", entry.iri)
            if self._place_use(match, tokens):
                mention.reportable = False  # "in Baghdad", "to Erbil": the city, kept only as an argument
            mentions.append(mention)
        context = _PolityContext(self.gaz, [m for m in mentions if m is not None])
        # pass 2: posts, references and groups, in document order
        for index, (match, entry) in enumerate(zip(matches, entries, strict=True)):
            if mentions[index] is not None:
                continue
            position = tokens[match.first].start
            if entry.kind == "post":
                actor = self._post_holder(entry, period) or actor_ref(entry, self.gaz)
                mentions[index] = self._mention(analysis, match, actor, "post", entry.iri)
            elif entry.kind == "reference" and entry.refers_to_function == TWO_POLITIES:
                members = [actor_ref(self.gaz[p], self.gaz) for p in context.top_polities(2)]
                if len(members) == 2:
                    mention = self._mention(analysis, match, members[0], "reference", entry.iri)
                    mention.members, mention.reportable = members, False
                    mentions[index] = mention
            elif entry.kind == "reference":
                actor = self._resolve_reference(entry, context, position, period)
                if actor is not None:
                    mention = self._mention(analysis, match, actor, "reference", entry.iri)
                    mention.reportable = entry.refers_to_function != POLITY
                    mentions[index] = mention
            else:
                actor = self._group(analysis, entry, context, position)
                mentions[index] = self._mention(analysis, match, actor, "group", entry.iri)
            if mentions[index] is not None:
                context.add(mentions[index])  # type: ignore[arg-type]
        resolved = [m for m in mentions if m is not None]
        analysis.mentions.extend(resolved)  # apposition (Name، Title) is resolved by the name recogniser
        analysis.mentions.sort(key=lambda m: m.start)

    # -- helpers -----------------------------------------------------------------------------------
    def _choose(self, match: Match) -> Entry:
        candidates = [self.gaz[str(iri).removeprefix(PLACE_PREFIX)] for iri in match.payloads]
        return min(candidates, key=lambda e: _KIND_PRIORITY.get(e.kind, 9))

    def _place_use(self, match: Match, tokens) -> bool:
        """A capital's name after a locative word or a motion verb names the place, not the government."""
        if not all(str(p).startswith(PLACE_PREFIX) for p in match.payloads):
            return False
        before = tokens[match.first - 1].text if match.first > 0 else ""
        return before in self._locatives or self._motion(before)

    def _mention(self, analysis: Analysis, match: Match, actor: ActorRef, via: str, entry: str) -> Mention:
        tokens = analysis.tokens
        start, end = tokens[match.first].start, tokens[match.last - 1].end
        return Mention(start, end, match.first, match.last, analysis.text[start:end], actor, via, entry)

    def _post_holder(self, post: Entry, period: tuple[dt.date, dt.date] | None) -> ActorRef | None:
        if period is None:
            return None
        holders = self.gaz.holders(post.iri, *period)
        if not holders:
            return None
        ref = actor_ref(self.gaz[holders[0]], self.gaz)
        return ref

    def _resolve_reference(self, entry: Entry, context: _PolityContext, position: int,
                           period: tuple[dt.date, dt.date] | None) -> ActorRef | None:
        polity = context.polity(entry.resolve_polity or HOME, position)
        if polity is None or entry.refers_to_function is None:
            return None
        if entry.refers_to_function == POLITY:
            return actor_ref(self.gaz[polity], self.gaz)
        for target in self.gaz.with_function(polity, entry.refers_to_function):
            if target.kind == "post":
                return self._post_holder(target, period) or actor_ref(target, self.gaz)
            return actor_ref(target, self.gaz)
        return None

    def _group(self, analysis: Analysis, entry: Entry, context: _PolityContext, position: int) -> ActorRef:
        polity = context.polity(entry.resolve_polity or HOME, position)
        polity_entry = self.gaz.entries.get(polity) if polity else None
        country_code = (polity_entry.code or "")[:3] if polity_entry else ""
        code = (country_code + (entry.sector or "")) or None
        slug = entry.iri.rsplit("/", 1)[-1].removeprefix("group-")
        if polity_entry:
            slug += "-" + polity_entry.iri.rsplit("/", 1)[-1]
        iri = f"{KGD}{analysis.document.id}/actor/{slug}"
        name = entry.name
        return ActorRef(iri, name, "group", code, None, False, polity,
                        {lang: labels[0] for lang, labels in entry.labels.items() if labels})


class _PolityContext:
    """Which polity a text is about: its most mentioned one (home), another (foreign), the last one."""

    def __init__(self, gazetteer: Gazetteer, named: list[Mention]):
        self.gaz = gazetteer
        self.timeline: list[tuple[int, str]] = []
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for mention in named:
            polity = mention.actor.polity
            if polity:
                counts[polity] += 1
                first_seen.setdefault(polity, mention.start)
                self.timeline.append((mention.start, polity))
        self.counts = counts
        self.first_seen = first_seen
        # the most mentioned polity, the first mentioned among equals (the counts are final here)
        self._home = max(counts, key=lambda p: (counts[p], -first_seen[p])) if counts else None

    def add(self, mention: Mention) -> None:
        if mention.actor.polity and mention.via != "group":
            self.timeline.append((mention.start, mention.actor.polity))
            self.timeline.sort()

    def home(self) -> str | None:
        return self._home

    def polity(self, rule: str, position: int) -> str | None:
        if rule == RECENT:
            before = [p for start, p in self.timeline if start < position]
            return before[-1] if before else self.home()
        home = self.home()
        if rule == FOREIGN:
            home_country = self._country(home)
            others = [p for p in self.counts if self._country(p) != home_country]
            if others:
                return max(others, key=lambda p: (self.counts[p], -self.first_seen[p]))
            return None
        return home

    def top_polities(self, n: int) -> list[str]:
        """The ``n`` most mentioned countries (for "both countries")."""
        countries = Counter()
        for polity, count in self.counts.items():
            country = self._country(polity)
            if country:
                countries[country] += count
        ranked = sorted(countries, key=lambda p: (-countries[p], self.first_seen.get(p, 0)))
        return ranked[:n]

    def _country(self, polity: str | None) -> str | None:
        if polity is None:
            return None
        entry = self.gaz.entries.get(polity)
        return entry.polity if entry and entry.polity else polity


def _period(published: PartialDate | None) -> tuple[dt.date, dt.date] | None:
    if published is None:
        return None
    return published.first_day(), published.last_day()


def minted_actor_iri(doc_id: str, surface_key: str) -> str:
    """IRI for an unlinked actor named in a document (content-addressed on its normalised name)."""
    digest = hashlib.sha256(surface_key.encode("utf-8")).hexdigest()[:12]
    return f"{KGD}{doc_id}/actor/unlinked-{digest}"
