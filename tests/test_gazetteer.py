"""The bundled gazetteer (ontology/gazetteer.ttl): its data quality and the questions it answers."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import ORG, RDF, SKOS

from kgraph.errors import KgraphError
from kgraph.gazetteer import ACTOR_KINDS, Gazetteer, load_gazetteer
from kgraph.namespaces import KG, KGA
from kgraph.resources import ontology_file

ACTOR_BASE = "https://w3id.org/kgraph/actor/"
IRAQ = ACTOR_BASE + "iraq"
PM_OF_IRAQ = ACTOR_BASE + "post-prime-minister-of-iraq"
PRESIDENT_OF_IRAQ = ACTOR_BASE + "post-president-of-iraq"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def raw_graph() -> rdflib.Graph:
    """The gazetteer Turtle read independently with rdflib."""
    return rdflib.Graph().parse(ontology_file("gazetteer.ttl"), format="turtle")


def test_has_at_least_150_actors(gazetteer: Gazetteer) -> None:
    """The gazetteer covers the story's actors: 150 or more, not counting posts and generic references."""
    actors = gazetteer.actors()
    assert len(actors) >= 150
    assert all(a.kind not in ("post", "reference", "generic_group") for a in actors)


def test_every_entry_has_one_english_preflabel_and_a_ckb_label(raw_graph: rdflib.Graph,
                                                               gazetteer: Gazetteer) -> None:
    """Read from the Turtle itself: each typed entry has exactly one prefLabel@en and some ckb label."""
    typed = {s for cls in ACTOR_KINDS for s in raw_graph.subjects(RDF.type, rdflib.URIRef(cls))}
    assert len(typed) == len(gazetteer)
    problems = []
    for subject in typed:
        english = [o for o in raw_graph.objects(subject, SKOS.prefLabel)
                   if getattr(o, "language", None) == "en"]
        ckb = [o for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
               for o in raw_graph.objects(subject, p) if getattr(o, "language", None) == "ckb"]
        if len(english) != 1 or not ckb:
            problems.append((str(subject), len(english), len(ckb)))
    assert problems == []
    for entry in gazetteer.entries.values():
        assert entry.name
        assert entry.labels.get("ckb"), entry.iri


def test_actor_codes_are_well_formed(gazetteer: Gazetteer) -> None:
    """Every actor has a CAMEO-style code: a three-letter country or group code plus sector letters."""
    bad = [(a.iri, a.code) for a in gazetteer.actors()
           if not a.code or not re.fullmatch(r"[A-Z]{3}[A-Z]*", a.code)]
    assert bad == []
    bad_any = [(e.iri, e.code) for e in gazetteer.entries.values()
               if e.code is not None and not re.fullmatch(r"[A-Z]{3}[A-Z]*", e.code)]
    assert bad_any == []


def test_polity_and_post_references_resolve(raw_graph: rdflib.Graph, gazetteer: Gazetteer) -> None:
    """Every kg:polity, org:postIn and org:subOrganizationOf object is itself a gazetteer entry."""
    dangling = []
    for prop in (rdflib.URIRef(str(KG.polity)), ORG.postIn, ORG.subOrganizationOf):
        for subject, obj in raw_graph.subject_objects(prop):
            if str(obj) not in gazetteer:
                dangling.append((str(subject), str(prop), str(obj)))
    assert dangling == []
    polities = {e.polity for e in gazetteer.entries.values() if e.polity}
    assert polities
    assert all(gazetteer[p].is_polity for p in polities)


def test_wikidata_ids_look_like_qids_and_are_unique(gazetteer: Gazetteer) -> None:
    """Wikidata ids are Q-numbers and no two entries claim the same item."""
    ids = [e.wikidata for e in gazetteer.entries.values() if e.wikidata]
    assert ids
    assert all(re.fullmatch(r"Q\d+", q) for q in ids), ids
    assert [q for q, n in Counter(ids).items() if n > 1] == []
    assert gazetteer[IRAQ].wikidata == "Q796"  # Iraq on Wikidata


def test_all_iris_live_under_the_actor_namespace(gazetteer: Gazetteer) -> None:
    """Gazetteer IRIs are minted under https://w3id.org/kgraph/actor/."""
    assert str(KGA) == ACTOR_BASE
    assert all(iri.startswith(ACTOR_BASE) for iri in gazetteer.entries)


def test_tenures_of_a_post_do_not_overlap(gazetteer: Gazetteer) -> None:
    """Tenures hold a post and a person; successive holders of one post meet at most on the handover day."""
    by_post = defaultdict(list)
    for tenure in gazetteer.tenures:
        assert gazetteer[tenure.post].kind == "post"
        assert gazetteer[tenure.holder].kind == "person"
        if tenure.start and tenure.end:
            assert tenure.start <= tenure.end
        by_post[tenure.post].append(tenure)
    for post, tenures in by_post.items():
        tenures.sort(key=lambda t: t.start or dt.date.min)
        for earlier, later in pairwise(tenures):
            assert earlier.end is not None, (post, earlier.holder)
            assert later.start is None or earlier.end <= later.start, (post, earlier.holder, later.holder)


@pytest.mark.parametrize(
    ("post", "day", "holder"),
    [
        (PM_OF_IRAQ, dt.date(2021, 7, 15), "mustafa-al-kadhimi"),
        (PM_OF_IRAQ, dt.date(2023, 1, 1), "mohammed-shia-al-sudani"),
        (PM_OF_IRAQ, dt.date(2016, 6, 1), "haider-al-abadi"),
        (PRESIDENT_OF_IRAQ, dt.date(2020, 6, 1), "barham-salih"),
    ],
)
def test_holders_on_a_day(gazetteer: Gazetteer, post: str, day: dt.date, holder: str) -> None:
    """Who held an Iraqi post on a given day (public record)."""
    assert gazetteer.holders(post, day, day) == [ACTOR_BASE + holder]


def test_president_of_iraq_throughout_2020(gazetteer: Gazetteer) -> None:
    """Barham Salih was President of Iraq for the whole of 2020."""
    assert gazetteer.holders(PRESIDENT_OF_IRAQ, dt.date(2020, 1, 1), dt.date(2020, 12, 31)) == [
        ACTOR_BASE + "barham-salih"]
    assert gazetteer[ACTOR_BASE + "barham-salih"].name == "Barham Salih"


def test_holders_over_a_period_spanning_a_handover(gazetteer: Gazetteer) -> None:
    """Over 2022 both Kadhimi and Sudani held the premiership; the latest term comes first."""
    assert gazetteer.holders(PM_OF_IRAQ, dt.date(2022, 1, 1), dt.date(2022, 12, 31)) == [
        ACTOR_BASE + "mohammed-shia-al-sudani", ACTOR_BASE + "mustafa-al-kadhimi"]


def test_with_function_government_of_iraq(gazetteer: Gazetteer) -> None:
    """The institution with the Government function in Iraq is the Government of Iraq."""
    found = gazetteer.with_function(IRAQ, str(KG.Government))
    assert [e.iri for e in found] == [ACTOR_BASE + "government-of-iraq"]
    assert found[0].name == "Government of Iraq"


def test_polity_of_walks_up_to_the_country(gazetteer: Gazetteer) -> None:
    """An office belongs to the polity of its parent institution."""
    assert gazetteer.polity_of(PM_OF_IRAQ) == IRAQ
    assert gazetteer.polity_of(IRAQ) == IRAQ


PREFIXES = """\
@prefix kg:   <https://w3id.org/kgraph/ontology#> .
@prefix kga:  <https://w3id.org/kgraph/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def test_two_english_preflabels_rejected_naming_the_iri(tmp_path: Path) -> None:
    """An entry with two English prefLabels is refused, and the error names that entry."""
    path = tmp_path / "bad-labels.ttl"
    path.write_text(PREFIXES + """
kga:testland a kg:Country ;
    skos:prefLabel "Testland"@en, "Republic of Testland"@en, "تێستلاند"@ckb ;
    kg:actorCode "TST" .
""", encoding="utf-8")
    with pytest.raises(KgraphError) as info:
        load_gazetteer(str(path))
    assert ACTOR_BASE + "testland" in str(info.value)
    assert "\n" not in str(info.value)


def test_tenure_with_unknown_holder_rejected_naming_the_iri(tmp_path: Path) -> None:
    """A tenure whose holder is not in the gazetteer is refused, naming the unknown IRI."""
    path = tmp_path / "bad-tenure.ttl"
    path.write_text(PREFIXES + """
kga:testland a kg:Country ;
    skos:prefLabel "Testland"@en, "تێستلاند"@ckb ;
    kg:actorCode "TST" .
kga:post-head-of-testland a org:Post ;
    skos:prefLabel "Head of Testland"@en, "سەرۆکی تێستلاند"@ckb ;
    kg:polity kga:testland ;
    org:postIn kga:testland .
kga:tenure-ghost a kg:Tenure ;
    kg:post kga:post-head-of-testland ;
    kg:holder kga:nobody-at-all ;
    kg:termStart "2020-01-01"^^xsd:date .
""", encoding="utf-8")
    with pytest.raises(KgraphError) as info:
        load_gazetteer(str(path))
    assert ACTOR_BASE + "nobody-at-all" in str(info.value)


def test_well_formed_minimal_gazetteer_loads(tmp_path: Path) -> None:
    """The same minimal file with a known holder loads and answers holders()."""
    path = tmp_path / "good.ttl"
    path.write_text(PREFIXES + """
kga:testland a kg:Country ;
    skos:prefLabel "Testland"@en, "تێستلاند"@ckb ;
    kg:actorCode "TST" .
kga:post-head-of-testland a org:Post ;
    skos:prefLabel "Head of Testland"@en, "سەرۆکی تێستلاند"@ckb ;
    kg:polity kga:testland ;
    org:postIn kga:testland .
kga:some-person a kg:Person ;
    skos:prefLabel "Some Person"@en, "کەسێک"@ckb ;
    kg:actorCode "TSTGOV" .
kga:tenure-some-person a kg:Tenure ;
    kg:post kga:post-head-of-testland ;
    kg:holder kga:some-person ;
    kg:termStart "2020-01-01"^^xsd:date .
""", encoding="utf-8")
    gaz = load_gazetteer(str(path))
    assert len(gaz.actors()) == 2
    assert gaz.holders(ACTOR_BASE + "post-head-of-testland", dt.date(2021, 1, 1), dt.date(2021, 1, 1)) == [
        ACTOR_BASE + "some-person"]
    assert gaz.holders(ACTOR_BASE + "post-head-of-testland", dt.date(2019, 1, 1), dt.date(2019, 1, 1)) == []
