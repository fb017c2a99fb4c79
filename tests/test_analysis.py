"""The analyst's answers on the demo corpus: the as-of query, the commitment ledger, named queries."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kgraph.analysis.commitments import _sources_by_event, commitment_ledger, fulfilment_types
from kgraph.analysis.table import statement_table
from kgraph.errors import KgraphError
from kgraph.queries import get_query, named_queries
from kgraph.store import GraphStore


def _rows(store: GraphStore, sparql: str) -> list[dict[str, str | None]]:
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


@pytest.fixture(scope="module")
def table(demo_store: GraphStore) -> pd.DataFrame:
    return statement_table(demo_store)


def test_table_has_one_row_per_statement_with_sentence_and_dates(table: pd.DataFrame) -> None:
    """The timeline table: unique statements, every one with its sentence and report date."""
    assert table["statement"].is_unique
    assert table["sentence"].notna().all() and table["reported"].notna().all()
    withdrawal = table[(table["type"] == "withdraw") & (table["modality"] == "planned")]
    assert (withdrawal["date"] == "2021-12-31").any()
    assert set(withdrawal["relation"]) == {"by"}


def test_readme_as_of_question(demo_store: GraphStore) -> None:
    """What was planned as of 2021-08-01 with a date in 2021, and what was reported done by 2022-01-01."""
    rows = _rows(demo_store, get_query("as-of").render())
    planned = {(r["type"], r["due"]) for r in rows}
    assert ("withdraw", "2021-12-31") in planned
    assert ("hold-election", "2021-10-10") in planned
    # one row per plan, however many reports fulfil it
    assert len(rows) == len({(r["planDoc"], r["type"], r["due"], r["sentence"]) for r in rows})
    done = {(r["type"], r["doneDoc"], r["doneDate"], r["doneReports"]) for r in rows if r["doneDoc"]}
    assert ("hold-election", "iraq-election-held", "2021-10-10", "1") in done
    # two later documents report the US withdrawal done; the earlier one (9 December) is the evidence
    assert ("withdraw", "coalition-combat-role-ends", "2021-12-09", "2") in done
    withdraw = next(r for r in rows if r["type"] == "withdraw")
    assert withdraw["doneStatement"].startswith("https://w3id.org/kgraph/doc/coalition-combat-role-ends")
    # nothing reported after the cut-off counts as done
    early = _rows(demo_store, get_query("as-of").render({"done_by": "2021-09-01"}))
    assert early and not any(r["doneDoc"] for r in early)
    assert {r["doneReports"] for r in early} == {"0"}


def test_as_of_excludes_plans_reported_later(demo_store: GraphStore) -> None:
    """As of 2021-07-01 the July reports were not yet published: no plans are known."""
    assert _rows(demo_store, get_query("as-of").render({"as_of": "2021-06-30"})) == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2021-08-01", {"withdraw": "pending", "hold-election": "pending"}),
     ("2021-10-10", {"withdraw": "pending", "hold-election": "due"}),
     ("2021-10-12", {"withdraw": "pending", "hold-election": "fulfilled"}),
     ("2022-01-15", {"withdraw": "fulfilled", "hold-election": "fulfilled"})],
)
def test_ledger_status_of_the_two_commitments(table: pd.DataFrame, as_of: str, expected: dict[str, str]) -> None:
    """The 2021-12-31 combat-forces withdrawal and the 2021-10-10 election, through time."""
    ledger = commitment_ledger(table, as_of)
    for event_type, status in expected.items():
        rows = ledger[(ledger["type"] == event_type) & (ledger["doc"] == "kadhimi-strategic-dialogue")]
        assert not rows.empty, (event_type, ledger[["type", "doc"]])
        assert set(rows["status"]) == {status}, (as_of, event_type, rows[["status", "evidence_doc"]])


def test_fulfilled_commitments_carry_their_evidence(table: pd.DataFrame) -> None:
    ledger = commitment_ledger(table, "2022-01-15")
    fulfilled = ledger[ledger["status"] == "fulfilled"]
    assert not fulfilled.empty
    assert fulfilled["evidence_sentence"].notna().all() and fulfilled["evidence_doc"].notna().all()
    assert (fulfilled["evidence_doc"] != fulfilled["doc"]).all()


def test_overdue_when_no_outcome_is_reported(table: pd.DataFrame) -> None:
    """Remove the reports of outcomes: the election commitment is overdue after its date."""
    without_outcomes = table[~table["doc"].isin(["iraq-election-held"])]
    ledger = commitment_ledger(without_outcomes, "2021-11-01")
    election = ledger[ledger["type"] == "hold-election"]
    assert set(election["status"]) == {"overdue"}


def _ledger_row(statement: str, doc: str, event_type: str, modality: str, reported: str,
                latest: str | None = None, polities: tuple[str, ...] = ()) -> dict:
    """One statement-table row with only what the ledger reads set to something meaningful."""
    day = pd.Timestamp(latest) if latest else pd.NaT
    return {"statement": statement, "doc": doc, "published": reported, "type": event_type, "plover": None,
            "modality": modality, "polarity": "positive", "date": latest, "relation": "by",
            "earliest": day, "latest": day, "source": None, "target": None, "attributed_to": None,
            "source_polities": list(polities), "target_polities": [], "sentence": f"sentence of {statement}",
            "trigger_start": 0, "canonical": statement, "lang": "ckb", "reported": pd.Timestamp(reported),
            "reported_latest": pd.Timestamp(reported)}


def test_ledger_evidence_is_the_earliest_compatible_later_report_from_another_document() -> None:
    """Each rule of the evidence search, on a table written here: the candidates that must be refused
    (own document, reported before the commitment, after the due date, other polity, wrong type) are
    all earlier than the one that must be chosen."""
    rows = [
        _ledger_row("plan", "doc-plan", "withdraw", "planned", "2021-07-01", "2021-12-31", ("iraq",)),
        _ledger_row("same-doc", "doc-plan", "withdraw", "asserted", "2021-07-01", "2021-07-01", ("iraq",)),
        _ledger_row("too-early", "doc-old", "withdraw", "asserted", "2021-06-01", "2021-06-01", ("iraq",)),
        _ledger_row("too-late", "doc-late", "withdraw", "asserted", "2022-01-10", "2022-01-05", ("iraq",)),
        _ledger_row("other-polity", "doc-x", "withdraw", "asserted", "2021-08-01", "2021-08-01", ("syria",)),
        _ledger_row("other-type", "doc-y", "hold-election", "asserted", "2021-08-02", "2021-08-02", ("iraq",)),
        _ledger_row("fulfils", "doc-z", "end-mission", "asserted", "2021-12-10", "2021-12-09", ("iraq",)),
        _ledger_row("undated-later", "doc-w", "withdraw", "asserted", "2021-12-20", None, ()),
    ]
    ledger = commitment_ledger(pd.DataFrame(rows), "2022-02-01")
    assert ledger["statement"].tolist() == ["plan"]
    assert ledger.loc[0, "status"] == "fulfilled" and ledger.loc[0, "evidence_statement"] == "fulfils"
    # without it, the undated report counts by its report date, which is before the due date
    ledger = commitment_ledger(pd.DataFrame([r for r in rows if r["statement"] != "fulfils"]), "2022-02-01")
    assert ledger.loc[0, "evidence_statement"] == "undated-later"
    # and without that one nothing fulfils it: the others each break one rule
    rest = [r for r in rows if r["statement"] not in ("fulfils", "undated-later")]
    assert commitment_ledger(pd.DataFrame(rest), "2022-02-01").loc[0, "status"] == "overdue"


def test_fulfilment_table_comes_from_the_taxonomy() -> None:
    assert "end-mission" in fulfilment_types()["withdraw"]


def test_every_named_query_runs(demo_store: GraphStore) -> None:
    for name, query in named_queries().items():
        if any(p.default is None for p in query.params):
            continue
        demo_store.query(query.render())  # raises on a syntax error
        assert query.description, name


def test_named_query_parameters_are_checked() -> None:
    with pytest.raises(KgraphError, match="not a date"):
        get_query("as-of").render({"as_of": "yesterday"})
    with pytest.raises(KgraphError, match="no parameter"):
        get_query("as-of").render({"nope": "1"})
    with pytest.raises(KgraphError, match="needs --param"):
        get_query("sources").render()


def test_listing_queries_keep_their_documented_order_and_columns(demo_store: GraphStore) -> None:
    """who-said sorts on a key built after DISTINCT, the listings read properties by sub-selects: the rows
    must still come sorted as documented, with only the documented columns."""
    who = _rows(demo_store, get_query("who-said").render())
    assert who and list(who[0]) == ["speaker", "type", "modality", "doc", "sentence"]
    assert [(r["speaker"], r["doc"]) for r in who] == sorted((r["speaker"], r["doc"]) for r in who)
    assert len({r["speaker"] for r in who}) > 1
    for name, key in (("dated-statements", "date"), ("commitments", "due")):
        rows = _rows(demo_store, get_query(name).render())
        assert rows and all(r["sentence"] for r in rows), name
        assert [r[key] for r in rows] == sorted(r[key] for r in rows), name


def test_timeline_query_for_kadhimi(demo_store: GraphStore) -> None:
    rows = _rows(demo_store, get_query("timeline").render())
    assert rows and all(r["sentence"] for r in rows)
    assert {r["doc"] for r in rows} >= {"kadhimi-strategic-dialogue"}


def test_demo_graph_conforms_to_the_shapes(demo_store: GraphStore) -> None:
    """The whole demo store (vocabulary, documents, shared and events graphs) has zero SHACL violations."""
    from kgraph.validate import validate_store

    violations = validate_store(demo_store)
    assert violations == [], "\n".join(map(str, violations[:10]))


def test_reports_of_an_event_are_listed_once_each_oldest_first() -> None:
    day = pd.Timestamp
    known = pd.DataFrame({
        "canonical": ["e1", "e2", "e1", "e1", "e1"],
        "doc": ["late", "other", "early", "early", "undated-lang"],
        "lang": ["en", "ckb", "ckb", "ckb", None],
        "modality": ["asserted", "planned", "planned", "planned", "asserted"],
        "reported": [day("2021-03-01"), day("2021-01-01"), day("2021-01-01"), day("2021-01-01"), day("2021-02-01")],
    })
    assert _sources_by_event(known) == {
        "e2": "other (ckb, planned)",
        "e1": "early (ckb, planned); undated-lang (?, asserted); late (en, asserted)",
    }


PLANS = """SELECT ?plan ?type ?due ?relation ?planDoc ?pd ?sentence ?reported ?t WHERE {
  ?plan a kg:Statement ; kg:modality ?m ; sem:eventType ?t ; kg:validTime ?vt ; kg:timeRelation ?rel ;
        kg:reportedAt ?r ; kg:sentence ?span ; prov:wasDerivedFrom ?pd .
  FILTER(?m IN (kg:planned, kg:demanded))
  ?r kg:earliest ?reported . ?span nif:anchorOf ?sentence . ?vt kg:latest ?due .
  ?t skos:notation ?type . ?pd dcterms:identifier ?planDoc .
  BIND(LCASE(STRAFTER(STR(?rel), "#")) AS ?relation) }"""
OUTCOMES = """SELECT ?done ?dt ?dd ?doneReported ?happened ?outcomeType ?outcomeDoc WHERE {
  ?done sem:eventType ?dt ; kg:modality kg:asserted ; kg:polarity kg:Positive ; kg:reportedAt ?dr ;
        prov:wasDerivedFrom ?dd .
  ?dr kg:earliest ?doneReported .
  OPTIONAL { ?done kg:validTime ?dvt . ?dvt kg:latest ?dl }
  BIND(COALESCE(?dl, ?doneReported) AS ?happened)
  ?dt skos:notation ?outcomeType . ?dd dcterms:identifier ?outcomeDoc . }"""
FULFILS = "SELECT ?t ?dt WHERE { ?t kg:fulfilledBy ?dt }"


def _as_of_by_pairs(store: GraphStore, as_of: str, year: int, done_by: str) -> list[tuple]:
    """The as-of query's answer computed the plain way: every plan paired with every outcome, in Python."""
    prefixes = get_query("as-of").render().split("SELECT", 1)[0]
    plans, outcomes = (_rows(store, prefixes + q) for q in (PLANS, OUTCOMES))
    fulfils = {(r["t"], r["dt"]) for r in _rows(store, prefixes + FULFILS)}
    matched: dict[tuple, list[dict]] = {}  # the query's groups: one row per plan, its outcomes pooled
    for p in plans:
        if p["reported"] > as_of or int(p["due"][:4]) != year:
            continue
        group = matched.setdefault((p["plan"], p["type"], p["due"], p["relation"], p["planDoc"], p["sentence"]), [])
        group.extend(o for o in outcomes if (o["dt"] == p["t"] or (p["t"], o["dt"]) in fulfils)
                     and o["dd"] != p["pd"] and p["reported"] <= o["doneReported"] <= done_by
                     and o["happened"] <= p["due"])
    answer = []
    for (_, *plan), outcomes_of_plan in matched.items():
        keys = [f"{o['happened']}|{o['outcomeDoc']}|{o['outcomeType']}|{o['done']}" for o in outcomes_of_plan]
        first = min(keys).split("|") if keys else [None] * 4
        answer.append((*plan, str(len({o["dd"] for o in outcomes_of_plan})), *first))
    return sorted(answer, key=repr)


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """300 generated documents and the bundled corpus: many plans, several fulfilling documents each."""
    from bench.corpus_gen import write_corpus
    from kgraph.build import build

    folder = tmp_path_factory.mktemp("generated")
    corpus = write_corpus(folder / "corpus", 300)
    with GraphStore(folder / "store") as store:
        build([corpus, Path(__file__).parent.parent / "corpus"], store)
    return GraphStore(folder / "store", read_only=True)


# the generated documents' plans are all due in 2021
@pytest.mark.parametrize(("as_of", "year", "done_by"), [("2021-08-01", 2021, "2022-01-01"),
                                                         ("2030-01-01", 2021, "2030-01-01"),
                                                         ("2021-12-31", 2021, "2021-10-01")])
def test_as_of_query_equals_pairing_every_plan_with_every_outcome(generated_store: GraphStore, as_of: str,
                                                                 year: int, done_by: str) -> None:
    """The query groups outcomes by document before pairing them with plans (and compares documents with
    sameTerm): on generated documents, where documents report several outcomes of a type and plans have
    several fulfilling documents, it must give exactly the plain pairwise answer."""
    query = get_query("as-of").render({"as_of": as_of, "year": str(year), "done_by": done_by})
    got = sorted(((r["type"], r["due"], r["relation"], r["planDoc"], r["sentence"], r["doneReports"], r["doneDate"],
                   r["doneDoc"], r["doneType"], r["doneStatement"]) for r in _rows(generated_store, query)), key=repr)
    assert len(got) > 10 and any(int(r[5]) > 1 for r in got), "the generated store must exercise the grouping"
    assert got == _as_of_by_pairs(generated_store, as_of, year, done_by)
