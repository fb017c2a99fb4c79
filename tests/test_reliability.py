"""Reliability: crashes mid-build, damaged stores, concurrent writers, hostile and broken text.

The kill test runs KGRAPH_KILL_RUNS times (3 by default in the suite; the issue's full run is
`KGRAPH_KILL_RUNS=20 .venv/bin/python -m pytest tests/test_reliability.py -k kill`).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.build import build
from kgraph.dates import PartialDate
from kgraph.document import Document
from kgraph.errors import InputError, StoreError
from kgraph.export import export_rdf
from kgraph.namespaces import KG
from kgraph.pipeline import get_pipeline
from kgraph.store import INITIAL_BUILD_MARK, GraphStore

REPO = Path(__file__).resolve().parents[1]
KGRAPH = str(Path(sys.executable).parent / "kgraph")
KILL_RUNS = int(os.environ.get("KGRAPH_KILL_RUNS", "3"))


def _corpus(folder: Path, copies: int = 6) -> Path:
    """Our own documents (bundled corpus and written devset), several copies under distinct ids."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((REPO / "corpus").glob("*.ckb.txt")) + sorted((REPO / "tests" / "devset" / "ckb").glob("*.txt"))
    for k in range(copies):
        for src in sources:
            target = folder / f"c{k}-{src.name}"
            shutil.copy(src, target)
            (folder / f"c{k}-{src.name[:-4]}.meta.yaml").write_text('lang: ckb\npublished: "2022-06"\n',
                                                                  encoding="utf-8")
    return folder


def _statement_counts(store: GraphStore) -> dict[str, int]:
    rows = store.query(f"""SELECT ?id (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        ?d <http://purl.org/dc/terms/identifier> ?id .
        OPTIONAL {{ ?s a <{KG.Statement}> ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }} }} GROUP BY ?id""")
    return {r["id"].value: int(r["n"].value) for r in rows}


@pytest.mark.slow
def test_kill_during_build_never_leaves_a_partial_document(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    reference = tmp_path / "reference"
    # the reference build runs as the killed builds will, and its length sets when they are killed: a
    # fixed 1–4 s let a fast machine finish every build before the kill
    started = time.monotonic()
    subprocess.run([KGRAPH, "build", str(corpus), "--store", str(reference)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    full_build = time.monotonic() - started
    with GraphStore(reference, read_only=True) as store:
        expected = _statement_counts(store)
    rng = random.Random(20261125)
    store_path = tmp_path / "store"
    first = tmp_path / "first"  # one document already stored: later builds write transactionally, not in bulk
    first.mkdir()
    for f in sorted(corpus.iterdir())[:2]:
        shutil.copy(f, first / f.name)
    with GraphStore(store_path) as store:
        assert build([first], store).bulk_loaded
    killed_mid_build = 0
    for run in range(KILL_RUNS):
        process = subprocess.Popen([KGRAPH, "build", str(corpus), "--store", str(store_path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 0.8) * full_build)
        process.kill()  # SIGKILL: no cleanup, no flush
        killed_mid_build += process.wait() == -signal.SIGKILL
        with GraphStore(store_path) as store:  # opens (the lock died with the process)
            counts = _statement_counts(store)
            for doc_id, n in counts.items():
                assert n == expected[doc_id], (run, doc_id, n, expected[doc_id])  # whole or absent
    assert killed_mid_build, "every build finished before the kill: the test proved nothing"
    done = subprocess.run([KGRAPH, "build", str(corpus), "--store", str(store_path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    with GraphStore(store_path) as store:
        assert _statement_counts(store) == expected


@pytest.mark.slow
def test_kill_during_a_first_bulk_build_is_refused_then_redone(tmp_path: Path) -> None:
    """A first build bulk-loads (not transactional): killed midway, readers refuse the store, the next build
    empties and redoes it, and the result equals an uninterrupted build."""
    corpus = _corpus(tmp_path / "corpus", copies=12)
    reference = tmp_path / "reference"
    with GraphStore(reference) as store:
        assert build([corpus], store).bulk_loaded
        expected = _statement_counts(store)
    rng = random.Random(20261126)
    store_path = tmp_path / "store"
    mark = store_path / INITIAL_BUILD_MARK
    left_marked = 0
    for _ in range(KILL_RUNS):
        shutil.rmtree(store_path, ignore_errors=True)
        process = subprocess.Popen([KGRAPH, "build", str(corpus), "--store", str(store_path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not mark.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 1.0))
        process.kill()
        process.wait()
        if not mark.exists():
            continue  # finished before the kill
        left_marked += 1
        with pytest.raises(StoreError, match="interrupted"):
            GraphStore(store_path, read_only=True)
        with GraphStore(store_path) as store:
            assert store.discarded_interrupted_build and len(store) == 0 and not mark.exists()
    assert left_marked, "every first build finished before the kill: the test proved nothing"
    done = subprocess.run([KGRAPH, "build", str(corpus), "--store", str(store_path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and "bulk-loaded" in done.stdout, done.stderr
    with GraphStore(store_path) as store:
        assert _statement_counts(store) == expected


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store"):
        run = subprocess.run([KGRAPH, "build", str(REPO / "corpus"), "--store", str(tmp_path / "store")],
                             capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "in use by another kgraph process" in run.stderr and "Traceback" not in run.stderr


def test_a_damaged_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with GraphStore(path) as store:
        build([REPO / "corpus"], store)
    for f in path.iterdir():
        if f.name == "CURRENT" or f.suffix in (".sst", ".log") or f.name.startswith("MANIFEST"):
            f.write_bytes(b"\x00garbage\x00" * 64)
    with pytest.raises(StoreError, match=r"damaged|cannot open"):
        GraphStore(path)
    run = subprocess.run([KGRAPH, "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--store", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and run.stderr.startswith("error:") and "Traceback" not in run.stderr


def test_a_batch_survives_bad_files(tmp_path: Path) -> None:
    corpus = tmp_path / "batch"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "kadhimi-strategic-dialogue.ckb.txt", corpus / "good.txt")
    (corpus / "good.meta.yaml").write_text('lang: ckb\npublished: "2021-07"\n', encoding="utf-8")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "arabic.txt").write_text("الحكومة العراقية طالبت البرلمان بإقرار الموازنة والمصادقة عليها",
                                       encoding="utf-8")
    (corpus / "badmeta.txt").write_text("پەرلەمان کۆبووەوە.", encoding="utf-8")
    (corpus / "badmeta.meta.yaml").write_text("published: [unclosed", encoding="utf-8")
    run = subprocess.run([KGRAPH, "build", str(corpus), "--store", str(tmp_path / "store"), "--lang", "ckb"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    skipped = [line for line in run.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 4 and all(any(n in line for line in skipped) for n in
                                     ("empty.txt", "binary.txt", "arabic.txt", "badmeta"))
    assert "built 1 documents" in run.stdout
    nothing = subprocess.run([KGRAPH, "build", str(corpus / "empty.txt"), "--store", str(tmp_path / "s2")],
                             capture_output=True, text=True, timeout=120)
    assert nothing.returncode != 0


def test_unpaired_surrogates_are_refused_cleanly() -> None:
    doc = Document("x", "پەرلەمان \ud800 کۆبووەوە", "ckb", PartialDate.parse("2021-07"))
    with pytest.raises(InputError, match="surrogate"):
        get_pipeline("ckb")(doc)


HOSTILE = ('سەرۆک گوتی: "بە \\"کۆتەیشن\\" و \\\\ باکسلاش و \u200fRTL و 🙂" و داوای لە پەرلەمان کرد.\n'
           'هێڵی نوێ.')


def test_exports_escape_every_literal(tmp_path: Path) -> None:
    """Quotes, backslashes, newlines, RTL marks and emoji survive Turtle, TriG and JSON-LD exactly."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "h.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "h.meta.yaml").write_text('lang: ckb\npublished: "2021-07"\n'
                                        'title: "a \\"quoted\\" \\\\ title 🙂\\n\\u200fline two"\n', encoding="utf-8")
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        quads = {str(q) for q in store.quads()}
        triples = {str(ox.Triple(*list(q)[:3])) for q in store.quads()}
        for fmt, name in (("trig", "x.trig"), ("jsonld", "x.jsonld"), ("nquads", "x.nq")):
            export_rdf(store, fmt, tmp_path / name)
            assert {str(q) for q in ox.parse(path=str(tmp_path / name))} == quads, fmt
        export_rdf(store, "turtle", tmp_path / "x.ttl")
    assert {str(t) for t in ox.parse(path=str(tmp_path / "x.ttl"))} == triples
    graph = rdflib.Graph().parse(tmp_path / "x.ttl", format="turtle")
    anchors = {str(o) for o in graph.objects(None, rdflib.URIRef("http://persistence.uni-leipzig.org/nlp2rdf/"
                                                                 "ontologies/nif-core#anchorOf"))}
    assert any("\\" in a and '"' in a and "🙂" in a and "\u200f" in a for a in anchors)
    titles = {str(o) for o in graph.objects(rdflib.URIRef("https://w3id.org/kgraph/doc/h"),
                                            rdflib.URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {'a "quoted" \\ title 🙂\n\u200fline two'}
    if shutil.which("rapper"):
        run = subprocess.run(["rapper", "-q", "-i", "turtle", "-c", str(tmp_path / "x.ttl")], capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, run.stderr


ARABIC_LETTERS = st.sampled_from(list("ابپتجچحخدرڕزژسشعغفڤقکگلڵمنهەوۆیێئ"))
PIECES = st.one_of(ARABIC_LETTERS, st.sampled_from([" ", "،", ".", '"', "«", "»", "\n", "١", "2", "0", "-", "/",
                                                   "\u200c", "ـ", "؛", ":", "(", ")"]),
                   st.sampled_from(["کرد", "داوای", "لە", "کۆتایی ئەمساڵ", "١٠ی تشرینی یەکەمی ٢٠٢١", "عێراق",
                                    "پەرلەمانی کوردستان", "ڕایگەیاند", "بکات", "نەکرد", "سەرۆکوەزیرانی عێراق"]),
                   st.characters())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=80).map("".join))
def test_pipeline_never_raises_and_offsets_stay_in_range(text: str) -> None:
    text = "".join(c for c in text if not "\ud800" <= c <= "\udfff")
    analysis = get_pipeline("ckb")(Document("f", text, "ckb", PartialDate.parse("2021-07-15")))
    n = len(text)
    for item in [*analysis.mentions, *analysis.timexes, *analysis.triggers]:
        assert 0 <= item.start < item.end <= n and text[item.start : item.end] == item.text
    for statement in analysis.statements:
        for role in statement.source + statement.target + statement.attributed_to:
            if role.mention is not None:
                assert 0 <= role.mention.start < role.mention.end <= n


def test_a_single_ten_megabyte_line_is_refused_by_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("پەرلەمان " * 1_200_000, encoding="utf-8")  # one line, about 20 MB
    run = subprocess.run([KGRAPH, "extract", str(path), "--lang", "ckb"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0 and "exceeds the size limit" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_document_without_content_is_kept_with_no_statements(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "n.txt").write_text("2021 / 10 / 10 — 41% …", encoding="utf-8")
    with GraphStore(tmp_path / "store") as store:
        report = build([corpus], store, lang="ckb")
        assert report.built == ["n"] and report.statements == 0
        assert store.document_ids() == ["n"]
