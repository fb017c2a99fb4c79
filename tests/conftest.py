"""Shared fixtures: repository paths, the Sorani pack and pipeline (built once), a temporary store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kgraph.dates import PartialDate
from kgraph.document import Document
from kgraph.lang import get_pack
from kgraph.lang.base import LanguagePack
from kgraph.model import Analysis
from kgraph.pipeline import Pipeline, get_pipeline
from kgraph.store import GraphStore

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
SEED_NAME = "kadhimi-strategic-dialogue.ckb.txt"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (the folder holding pyproject.toml)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (gold, scorer, seed); tests needing it skip when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared folder {SHARED_DIR} not found (gold and scorer live there)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def pack() -> LanguagePack:
    """The Sorani Kurdish language pack."""
    return get_pack("ckb")


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The ckb extraction pipeline, built once per session."""
    return get_pipeline("ckb")


AnalyseText = Callable[..., Analysis]


@pytest.fixture(scope="session")
def analyse_text(pipeline: Pipeline) -> AnalyseText:
    """``analyse_text(text, published="2021-07")``: run the pipeline over a one-off document."""

    def run(text: str, published: str | None = "2021-07") -> Analysis:
        document = Document(
            id="t",
            text=text,
            lang="ckb",
            published=PartialDate.parse(published) if published is not None else None,
        )
        return pipeline(document)

    return run


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[GraphStore]:
    """A writable on-disk GraphStore in a temporary folder, closed after the test."""
    store = GraphStore(tmp_path / "store")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The bundled corpus built once into a store, opened read-only for the tests that share it."""
    from kgraph.build import build

    path = tmp_path_factory.mktemp("demo") / "store"
    with GraphStore(path) as store:
        report = build([REPO_ROOT / "corpus"], store)
        assert not report.skipped, report.skipped
    reader = GraphStore(path, read_only=True)
    yield reader
    reader.close()
