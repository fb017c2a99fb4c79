"""Tables kept next to a store (kgraph.derived): served only for the revision they were computed from."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kgraph import derived
from kgraph.analysis.table import read_statement_table, statement_table
from kgraph.build import build
from kgraph.events import events_linked
from kgraph.store import REVISION_FILE, VOCABULARY_GRAPHS, WRITING, GraphStore, read_revision

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _copy(names: list[str], folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        for suffix in (".txt", ".meta.yaml"):
            shutil.copy(CORPUS / (name + suffix), folder / (name + suffix))
    return folder


def _built(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "store"
    with GraphStore(path) as store:
        build([_copy(names, tmp_path / "corpus")], store)
    return path


class _Counting:
    """A read-only store that counts its queries (a kept table must not need any)."""

    def __init__(self, path: Path):
        self.store = GraphStore(path, read_only=True)
        self.queries = 0

    def table(self) -> pd.DataFrame:
        original = self.store.query

        def counted(sparql: str):
            self.queries += 1
            return original(sparql)

        self.store.query = counted  # type: ignore[method-assign]
        try:
            return statement_table(self.store)
        finally:
            self.store.query = original  # type: ignore[method-assign]
            self.store.close()


def test_the_statement_table_is_kept_until_the_store_changes(tmp_path: Path) -> None:
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    first = _Counting(path)
    computed = first.table()
    assert first.queries > 0 and len(computed) > 0
    second = _Counting(path)
    kept = second.table()
    assert second.queries == 0, "the kept table was not used"
    with GraphStore(path, read_only=True) as store:
        assert kept.equals(read_statement_table(store)), "the kept table differs from the store's"
    assert [type(ids) for ids in kept["source_ids"]] == [list] * len(kept)

    before = read_revision(path)
    with GraphStore(path) as store:
        build([_copy(["us-combat-mission-ends.ckb"], tmp_path / "corpus")], store)
    assert read_revision(path) != before
    third = _Counting(path)
    grown = third.table()
    assert third.queries > 0, "a table of an earlier revision was served"
    assert set(grown["doc"]) == set(computed["doc"]) | {"us-combat-mission-ends"}
    assert len(list((path / derived.DERIVED_DIR).glob("statements-*.parquet"))) == 1, "stale tables are left"


def test_a_writer_marks_the_store_at_its_first_write_and_names_it_when_it_closes(tmp_path: Path) -> None:
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    before = read_revision(path)
    writer = GraphStore(path)
    try:
        assert read_revision(path) == before, "opening alone must not mark the store"
        writer.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }")
        assert read_revision(path).startswith(WRITING) and writer.revision is None
    finally:
        writer.close()
    after = read_revision(path)
    assert after != before and not after.startswith(WRITING)


def test_a_store_marked_as_being_written_is_not_kept_until_a_writer_names_it(tmp_path: Path) -> None:
    # the mark a writer at work leaves (or a writer killed at work); readers are not opened beside a
    # live writer here, since RocksDB may be compacting files a read-only open is listing
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    (path / REVISION_FILE).write_text(WRITING + "0123\n", encoding="utf-8")
    with GraphStore(path, read_only=True) as reader:
        assert reader.revision is None
        statement_table(reader)
    assert not list((path / derived.DERIVED_DIR).glob("statements-*"))
    with GraphStore(path) as writer:  # opened and closed without writing
        assert writer.revision is None
    with GraphStore(path, read_only=True) as reader:
        assert reader.revision is not None and not reader.revision.startswith(WRITING)


def test_opening_and_closing_without_writing_keeps_the_revision(tmp_path: Path) -> None:
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    before = read_revision(path)
    with GraphStore(path):
        pass
    with GraphStore(path, read_only=True):
        pass
    assert read_revision(path) == before


def test_a_damaged_kept_table_is_computed_again(tmp_path: Path) -> None:
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    computed = _Counting(path).table()
    (kept,) = (path / derived.DERIVED_DIR).glob("statements-*.parquet")
    kept.write_bytes(kept.read_bytes()[:100])
    again = _Counting(path)
    assert again.table().equals(computed) and again.queries > 0


def test_a_folder_that_cannot_be_written_still_gives_the_table(tmp_path: Path) -> None:
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    shutil.rmtree(path / derived.DERIVED_DIR)  # the build keeps its linking input there
    (path / derived.DERIVED_DIR).write_text("not a folder", encoding="utf-8")
    with GraphStore(path, read_only=True) as store:
        assert len(statement_table(store)) > 0
    with GraphStore(path) as store:  # event linking cannot keep what it read either: it still links
        report = build([_copy(["iraq-election-held.ckb"], tmp_path / "more")], store)
        assert report.built == ["iraq-election-held"] and events_linked(store)


def test_a_changed_table_definition_is_not_served_the_old_table(tmp_path: Path, monkeypatch) -> None:
    path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
    with GraphStore(path, read_only=True) as store:
        old = derived.kept_frame(store, "t", lambda: pd.DataFrame({"x": [1]}))
        monkeypatch.setattr(derived, "EXTRACTOR_VERSION", "kgraph-next")
        new = derived.kept_frame(store, "t", lambda: pd.DataFrame({"x": [2]}))
    assert old["x"].tolist() == [1] and new["x"].tolist() == [2]


@pytest.mark.parametrize("location", ["memory", "no revision file"])
def test_stores_that_cannot_name_their_revision_are_not_kept(tmp_path: Path, location: str) -> None:
    if location == "memory":
        store = GraphStore()
    else:
        path = _built(tmp_path, ["kadhimi-strategic-dialogue.ckb"])
        (path / REVISION_FILE).unlink()  # a store made by older kgraph or other tools
        store = GraphStore(path, read_only=True)
    with store:
        assert store.revision is None
        statement_table(store)
        assert derived.kept_path(store, "statements", lambda: None) is None


def test_building_and_linking_do_not_import_pandas() -> None:
    """pandas costs ~0.3 s to import, a tenth of building a thousand news articles; a build keeps its
    linking input as Arrow files and must not pay for it (a fresh interpreter: this one has pandas)."""
    probe = ("import sys, kgraph.build, kgraph.kept_links, kgraph.cli; "
             "print('pandas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def _generated(folder: Path, first: int, count: int, seed: int = 7) -> Path:
    """Generated documents ``first``..``first + count - 1`` (their ids: bench-NNNNNN) in ``folder``."""
    from bench.corpus_gen import write_document

    for i in range(first, first + count):
        write_document(folder, f"bench-{i:06d}", i, seed)
    return folder


def _built_with_kept_table(tmp_path: Path, documents: int) -> Path:
    """A store of ``documents`` generated documents whose statement table an analysis has kept."""
    path = tmp_path / "store"
    with GraphStore(path) as store:
        build([_generated(tmp_path / "generated", 0, documents)], store)
    with GraphStore(path, read_only=True) as store:
        statement_table(store)
    return path


def _table_and_full_reads(store_path: Path, monkeypatch) -> tuple[pd.DataFrame, list[str]]:
    """The statement table of the store, and the stores a table was read whole from (by path; '' in memory)."""
    from kgraph.analysis import table as table_module

    reads: list[str] = []
    original = table_module.read_statement_table

    def recording(store):
        reads.append(str(store.path or ""))
        return original(store)

    monkeypatch.setattr(table_module, "read_statement_table", recording)
    with GraphStore(store_path, read_only=True) as store:
        frame = statement_table(store)
    monkeypatch.setattr(table_module, "read_statement_table", original)
    return frame, reads


def test_a_kept_table_is_updated_with_the_documents_builds_wrote_since(tmp_path: Path, monkeypatch) -> None:
    """Two builds after a table was kept (new documents, one document rewritten with a new text, two
    bundled ones that link to earlier reports): the table is updated from the earlier one, reading only
    the written documents, and equals the table read whole; so does the next one after another build."""
    path = tmp_path / "store"
    generated = tmp_path / "generated"
    with GraphStore(path) as store:
        build([_generated(generated, 0, 100), _copy(["kadhimi-strategic-dialogue.ckb"], tmp_path / "corpus")], store)
    _, reads = _table_and_full_reads(path, monkeypatch)
    assert reads == [str(path)]  # nothing earlier to start from: read whole, and kept

    _generated(generated, 100, 5)
    other = _generated(tmp_path / "other", 3, 1, seed=99)  # bench-000003 with another text
    shutil.copy(other / "bench-000003.ckb.txt", generated / "bench-000003.ckb.txt")
    with GraphStore(path) as store:
        assert len(build([generated], store).built) == 6
    with GraphStore(path) as store:  # a second build before any analysis: the records chain
        build([_copy(["us-combat-mission-ends.ckb", "coalition-combat-role-ends.en"], tmp_path / "corpus")], store)
    updated, reads = _table_and_full_reads(path, monkeypatch)
    assert reads and all(r == "" for r in reads), f"read whole from {reads}"
    with GraphStore(path, read_only=True) as store:
        whole = read_statement_table(store)
    pd.testing.assert_frame_equal(updated, whole)
    assert "us-combat-mission-ends" in set(updated["doc"]) and (updated["canonical"] != updated["event"]).any()
    assert len(list((path / derived.DERIVED_DIR).glob("statements-*.parquet"))) == 1

    kept, reads = _table_and_full_reads(path, monkeypatch)  # and the updated table is kept
    assert reads == []
    pd.testing.assert_frame_equal(kept, whole)


def test_a_write_outside_a_build_leaves_no_record_and_the_table_is_read_whole(tmp_path: Path, monkeypatch) -> None:
    """A kgraph write that is not a build (here a SPARQL update) gives the store a revision no record leads
    to: the earlier table is not updated, whatever it holds."""
    path = _built_with_kept_table(tmp_path, 10)
    with GraphStore(path) as store:
        store.update("DELETE { GRAPH ?g { ?s <https://w3id.org/kgraph/ontology#confidence> ?c } } "
                     "WHERE { GRAPH ?g { ?s <https://w3id.org/kgraph/ontology#confidence> ?c } }")
    frame, reads = _table_and_full_reads(path, monkeypatch)
    assert reads == [str(path)]
    assert frame.empty  # BASE needs kg:confidence: the read-whole table shows the update


def test_a_build_that_reloads_the_vocabulary_records_nothing(tmp_path: Path, monkeypatch) -> None:
    """A reloaded vocabulary may relabel any statement's type or actors: the table is then read whole."""
    path = _built_with_kept_table(tmp_path, 5)
    with GraphStore(path) as store:  # the table is kept again after this write, before the build
        store.update(f"DROP GRAPH <{next(iter(VOCABULARY_GRAPHS.values()))}>")
    with GraphStore(path, read_only=True) as store:
        statement_table(store)
    with GraphStore(path) as store:
        build([_generated(tmp_path / "generated", 5, 3)], store)  # reloads what was dropped
    _, reads = _table_and_full_reads(path, monkeypatch)
    assert reads == [str(path)]


def test_a_table_is_read_whole_when_builds_wrote_much_of_it(tmp_path: Path, monkeypatch) -> None:
    """Updating costs more per written document than a whole read per document: past a tenth of the kept
    table's documents the table is read whole."""
    path = _built_with_kept_table(tmp_path, 20)
    with GraphStore(path) as store:
        build([_generated(tmp_path / "generated", 20, 3)], store)
    _, reads = _table_and_full_reads(path, monkeypatch)
    assert reads == [str(path)]
