"""End-to-end command-line tests: the installed ``kgraph`` script run as a user would run it."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from kgraph.cli import app

pytestmark = pytest.mark.slow

SEED_ID = "kadhimi-strategic-dialogue"
STATEMENTS_WITH_TIME = """
SELECT ?st ?plover ?date ?sentence WHERE {
  ?st a kg:Statement ; kg:validTime ?time ; kg:sentence ?s .
  ?s nif:anchorOf ?sentence .
  ?time time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear|rdfs:label ?date .
  OPTIONAL { ?st kg:plover ?plover }
} ORDER BY ?date ?st
"""


# A tag that loads something over the network (CDN script, stylesheet, image, frame).
REMOTE_RESOURCE = r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^\s\"'>]*"


@pytest.fixture(scope="module")
def kgraph_bin(repo_root: Path) -> Path:
    exe = Path(sys.executable).parent / "kgraph"
    if not exe.exists():
        exe = repo_root / ".venv" / "bin" / "kgraph"
    if not exe.exists():
        pytest.skip("the kgraph console script is not installed in this environment")
    return exe


def run(kgraph_bin: Path, args: Sequence[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(kgraph_bin), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, **kwargs)


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """A user error: non-zero exit, exactly one 'error:' line on stderr, no traceback."""
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


@pytest.fixture(scope="module")
def demo(kgraph_bin: Path, repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``kgraph demo`` over the bundled corpus into a temporary store and exports folder."""
    base = tmp_path_factory.mktemp("demo")
    store, exports = base / "store", base / "exports"
    args = ["demo", "--corpus", "corpus", "--store", store, "--exports", exports]
    result = run(kgraph_bin, args, repo_root)
    assert result.returncode == 0, result.stderr
    return {"store": store, "exports": exports}


def test_help(kgraph_bin: Path, repo_root: Path) -> None:
    """``kgraph --help`` and every command's ``--help`` exit 0 and describe themselves."""
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert {"extract", "build", "query", "export", "validate", "viz", "demo"} <= set(names)
    top = run(kgraph_bin, ["--help"], repo_root)
    assert top.returncode == 0, top.stderr
    for name in names:
        assert name in top.stdout
        sub = run(kgraph_bin, [name, "--help"], repo_root)
        assert sub.returncode == 0, (name, sub.stderr)
        assert "Usage" in sub.stdout


def test_version(kgraph_bin: Path, repo_root: Path) -> None:
    """``--version`` prints the package and extractor versions."""
    from kgraph import EXTRACTOR_VERSION, __version__

    result = run(kgraph_bin, ["--version"], repo_root)
    assert result.returncode == 0
    assert __version__ in result.stdout
    assert EXTRACTOR_VERSION in result.stdout


def test_demo_writes_every_export(demo: dict[str, Path]) -> None:
    """The demo writes all six exports, each non-empty."""
    for name in ("kgraph.ttl", "kgraph.trig", "kgraph.nq", "kgraph.jsonld", "statements.jsonl", "graph.html"):
        path = demo["exports"] / name
        assert path.is_file(), name
        assert path.stat().st_size > 0, name
    lines = (demo["exports"] / "statements.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert {r["doc"] for r in records} >= {SEED_ID}
    assert {r["kind"] for r in records} == {"mention", "timex", "statement"}


def test_demo_html_is_offline_and_shows_sorani(demo: dict[str, Path]) -> None:
    """graph.html is UTF-8, contains Sorani labels, and loads no script, style or image from the web."""
    html = (demo["exports"] / "graph.html").read_bytes().decode("utf-8")
    assert "عێراق" in html
    remote = re.findall(REMOTE_RESOURCE, html, flags=re.IGNORECASE)
    assert remote == []
    assert not re.search(r"@import\s+(?:url\()?[\"']?https?://", html)


def test_query_csv_finds_dated_statements_with_sentences(kgraph_bin: Path, repo_root: Path,
                                                         demo: dict[str, Path]) -> None:
    """Statements with a valid time come back with their source sentence: the end-2021 withdrawal and the
    10 October 2021 election."""
    args = ["query", STATEMENTS_WITH_TIME, "--store", demo["store"], "--format", "csv"]
    result = run(kgraph_bin, args, repo_root)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    corpus_text = "\n".join(p.read_text("utf-8") for p in (repo_root / "corpus").glob("*.txt"))
    for row in rows:
        assert row["sentence"] and row["sentence"] in corpus_text
    retreat = [r for r in rows if r["plover"].endswith("/RETREAT") and r["date"] == "2021-12-31"]
    assert retreat, rows
    election = [r for r in rows if r["date"] == "2021-10-10" and "هەڵبژاردن" in r["sentence"]]
    assert election, rows


def test_query_json_is_sparql_results_json(kgraph_bin: Path, repo_root: Path, demo: dict[str, Path]) -> None:
    """``--format json`` prints SPARQL 1.1 Query Results JSON."""
    args = ["query", STATEMENTS_WITH_TIME, "--store", demo["store"], "--format", "json"]
    result = run(kgraph_bin, args, repo_root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["st", "plover", "date", "sentence"]
    bindings = data["results"]["bindings"]
    assert bindings
    for binding in bindings:
        assert binding["st"]["type"] == "uri"
        assert binding["sentence"]["type"] == "literal"


def test_query_syntax_error_is_one_line(kgraph_bin: Path, repo_root: Path, demo: dict[str, Path]) -> None:
    """A malformed query exits non-zero with a single error line."""
    result = run(kgraph_bin, ["query", "SELEC nonsense", "--store", demo["store"]], repo_root)
    assert_one_line_error(result)


def test_query_missing_store_is_one_line(kgraph_bin: Path, repo_root: Path, tmp_path: Path) -> None:
    """Querying a store that does not exist exits non-zero with a single error line."""
    result = run(kgraph_bin, ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--store", tmp_path / "none"],
                 repo_root)
    assert_one_line_error(result)


@pytest.fixture(scope="module")
def seed_records(kgraph_bin: Path, repo_root: Path) -> tuple[str, list[dict]]:
    seed = repo_root / "corpus" / f"{SEED_ID}.ckb.txt"
    args = ["extract", seed, "--lang", "ckb", "--published", "2021-07", "--format", "jsonl"]
    result = run(kgraph_bin, args, repo_root)
    assert result.returncode == 0, result.stderr
    return seed.read_text("utf-8"), [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_extract_jsonl_offsets_slice_the_original_text(seed_records: tuple[str, list[dict]]) -> None:
    """Every mention, timex, trigger, role filler and date expression slices the file text exactly."""
    text, records = seed_records
    kinds = {r["kind"] for r in records}
    assert kinds == {"mention", "timex", "statement"}
    for record in records:
        if record["kind"] in ("mention", "timex"):
            assert record["text"] == text[record["start"] : record["end"]], record
        else:
            trigger = record["trigger"]
            assert trigger["text"] == text[trigger["start"] : trigger["end"]], record["id"]
            for role in ("source", "target", "attributed_to"):
                for actor in record[role]:
                    if actor.get("start") is not None:
                        assert actor["text"] == text[actor["start"] : actor["end"]]
            if record["date"]:
                date = record["date"]
                assert date["text"] == text[date["start"] : date["end"]]


def test_extract_rdf_formats(kgraph_bin: Path, repo_root: Path) -> None:
    """``extract --format turtle/trig/nquads`` writes RDF that pyoxigraph parses."""
    import pyoxigraph as ox

    seed = repo_root / "corpus" / f"{SEED_ID}.ckb.txt"
    for fmt, rdf_format in (("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG),
                            ("nquads", ox.RdfFormat.N_QUADS)):
        result = subprocess.run([str(kgraph_bin), "extract", str(seed), "--format", fmt], cwd=repo_root,
                                capture_output=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert len(list(ox.parse(result.stdout, format=rdf_format))) > 100, fmt


def test_extract_piped_into_shared_scorer(kgraph_bin: Path, repo_root: Path, shared_dir: Path) -> None:
    """``kgraph extract … | python3 ../shared/eval/score.py GOLD /dev/stdin --json`` works."""
    gold = shared_dir / "gold" / f"{SEED_ID}.gold.json"
    scorer = shared_dir / "eval" / "score.py"
    if not gold.exists() or not scorer.exists():
        pytest.skip("shared gold or scorer missing")
    seed = repo_root / "corpus" / f"{SEED_ID}.ckb.txt"
    extract = shlex.join([str(kgraph_bin), "extract", str(seed), "--lang", "ckb", "--published", "2021-07"])
    score = shlex.join([sys.executable, str(scorer), str(gold), "/dev/stdin", "--json"])
    command = f"{extract} | {score}"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=repo_root, capture_output=True,
                            text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["doc"] == SEED_ID
    for section in ("mentions", "timexes", "statements"):
        assert scores[section]["predicted"] > 0


def test_extract_missing_file(kgraph_bin: Path, repo_root: Path, tmp_path: Path) -> None:
    """A missing file is a one-line error naming it."""
    missing = tmp_path / "absent.ckb.txt"
    line = assert_one_line_error(run(kgraph_bin, ["extract", missing], repo_root))
    assert str(missing) in line


def test_extract_empty_file(kgraph_bin: Path, repo_root: Path, tmp_path: Path) -> None:
    """An empty file is a one-line error naming it."""
    empty = tmp_path / "empty.ckb.txt"
    empty.write_bytes(b"")
    line = assert_one_line_error(run(kgraph_bin, ["extract", empty], repo_root))
    assert str(empty) in line


def test_extract_unknown_language(kgraph_bin: Path, repo_root: Path) -> None:
    """--lang xx is refused with a one-line error naming the code."""
    seed = repo_root / "corpus" / f"{SEED_ID}.ckb.txt"
    line = assert_one_line_error(run(kgraph_bin, ["extract", seed, "--lang", "xx"], repo_root))
    assert "xx" in line


def test_extract_malformed_published(kgraph_bin: Path, repo_root: Path) -> None:
    """--published 2021-13 is refused with a one-line error quoting the value."""
    seed = repo_root / "corpus" / f"{SEED_ID}.ckb.txt"
    line = assert_one_line_error(run(kgraph_bin, ["extract", seed, "--published", "2021-13"], repo_root))
    assert "2021-13" in line


def test_build_twice_reports_unchanged(kgraph_bin: Path, repo_root: Path, tmp_path: Path) -> None:
    """``kgraph build`` ingests a document, and a second run finds it unchanged."""
    seed = repo_root / "corpus" / f"{SEED_ID}.ckb.txt"
    store = tmp_path / "store"
    first = run(kgraph_bin, ["build", seed, "--store", store], repo_root)
    assert first.returncode == 0, first.stderr
    assert "built 1 documents" in first.stdout
    second = run(kgraph_bin, ["build", seed, "--store", store], repo_root)
    assert second.returncode == 0, second.stderr
    assert "built 0 documents" in second.stdout and "1 unchanged" in second.stdout
