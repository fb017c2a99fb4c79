"""Command-line interface: thin commands that parse options and call the library.

Every user-fixable problem surfaces as a one-line ``error: ...`` on stderr and a non-zero exit.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kgraph import EXTRACTOR_VERSION, __version__
from kgraph.document import DEFAULT_MAX_BYTES
from kgraph.errors import KgraphError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="kgraph: a policy-timeline knowledge graph from Sorani Kurdish and English news.")
err = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


StoreOption = Annotated[str, typer.Option("--store", "-s",
                                          help="Folder of the Oxigraph store, or the URL of a SPARQL endpoint.")]


def version_callback(value: bool) -> None:
    if value:
        out.print(f"kgraph {__version__} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """kgraph reads news reports, extracts who committed to, demanded, agreed or did what, with whom,
    when and according to whom, and builds an RDF knowledge graph with provenance."""


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A UTF-8 text file.")],
    lang: Annotated[str | None, typer.Option(
        help="Language code (ckb = Sorani Kurdish, en = English); identified from the text when not given.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this.")] = DEFAULT_MAX_BYTES,
) -> None:
    """Extract mentions, time expressions and statements from one document to standard output.

    JSON Lines records follow the evaluation contract; they are read back from the document's RDF graph.
    """
    from kgraph.document import load_document
    from kgraph.extract import extract_quads, extract_records

    try:
        document = load_document(file, lang=lang, published=published, prefer_arguments=True, max_bytes=max_bytes)
        if fmt == ExtractFormat.jsonl:
            for record in extract_records(document):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
                      "nquads": ox.RdfFormat.N_QUADS}[fmt.value]
        quads = extract_quads(document)
        if rdf_format == ox.RdfFormat.TURTLE:
            data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=rdf_format,
                                prefixes=_prefixes())
        else:
            data = ox.serialize(quads, format=rdf_format, prefixes=_prefixes() if fmt.value == "trig" else None)
        sys.stdout.buffer.write(data)
    except KgraphError as exc:
        fail(str(exc))


def _prefixes() -> dict[str, str]:
    from kgraph.namespaces import PREFIXES

    return PREFIXES


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders of text files.")],
    store: StoreOption = "store",
    lang: Annotated[str | None, typer.Option(help="Language of files without metadata.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date of files without metadata.")] = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents even when unchanged.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Skip files larger than this.")] = DEFAULT_MAX_BYTES,
    workers: Annotated[int, typer.Option(help="Extraction processes (0 = one per CPU core).")] = 1,
    batch: Annotated[int, typer.Option(help="Documents per write transaction.")] = 16,
) -> None:
    """Ingest documents into a persistent store: one set of named graphs per document.

    Extraction runs in WORKERS processes; one writer applies the results in batches (each document is
    in the store whole or not at all). Unchanged documents are skipped."""
    from kgraph.build import build as run_build
    from kgraph.document import iter_text_files
    from kgraph.store import open_store

    try:
        import os

        total = len(iter_text_files(list(paths)))
        with open_store(store) as graph_store, _progress() as progress:
            if graph_store.discarded_interrupted_build:
                err.print(f"[yellow]note:[/] {store}: emptied the leftovers of an interrupted first build",
                          highlight=False, soft_wrap=True)
            task = progress.add_task("documents", total=total, statements=0)
            counted = {"statements": 0}

            def advance(_path: str, result) -> None:
                counted["statements"] += result.statements
                progress.update(task, advance=1, statements=counted["statements"])
                if progress.tasks[task].completed >= total:  # what remains is the cross-document linking
                    progress.update(task, description="linking events across documents")

            report = run_build(list(paths), graph_store, lang=lang, published=published, force=force,
                               progress=advance, max_bytes=max_bytes, workers=workers or os.cpu_count() or 1,
                               batch_size=batch)
    except KgraphError as exc:
        fail(str(exc))
    for _path, reason in report.skipped:
        err.print(f"[yellow]skipped:[/] {reason}", highlight=False, soft_wrap=True)
    out.print(f"built {len(report.built)} documents ({report.statements} statements, {report.quads} quads), "
              f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped; "
              f"store {store} holds {report.documents_in_store} documents"
              + (" (first build: bulk-loaded)" if report.bulk_loaded else ""))
    if not report.built and not report.unchanged:
        raise typer.Exit(1)


def _progress() -> Progress:
    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[statements]} statements"), TaskProgressColumn(), _RateColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(),
                    console=err, transient=True)


class _RateColumn(ProgressColumn):
    """Documents per second over rich's recent window (blank until it has one)."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:,.1f} docs/s" if task.speed else "")


@app.command()
def validate(
    store: Annotated[Path | None, typer.Option("--store", "-s", help="Store to validate.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="RDF file to validate instead.")] = None,
) -> None:
    """Check a store or RDF file against the SHACL shapes (ontology/shapes.ttl)."""
    from kgraph.store import open_store
    from kgraph.validate import validate_file, validate_store

    if (store is None) == (file is None):
        fail("give exactly one of --store or --file", 2)
    try:
        if file is not None:
            if not file.exists():
                fail(f"{file}: no such file")
            violations = validate_file(file)
        else:
            with open_store(store, read_only=True) as graph_store:
                violations = validate_store(graph_store)
    except KgraphError as exc:
        fail(str(exc))
    except (SyntaxError, ValueError) as exc:
        fail(f"{file}: cannot parse: {str(exc).splitlines()[0]}")
    for violation in violations:
        out.print(str(violation), highlight=False, soft_wrap=True)
    if violations:
        err.print(f"{len(violations)} violations")
        raise typer.Exit(1)
    out.print("conforms: 0 violations")


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")] = None,
    store: StoreOption = "store",
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    named: Annotated[str | None, typer.Option("--named", "-n", help="Run a query of the library by name.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE for a named query.")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and exit.")] = False,
) -> None:
    """Run a SPARQL query over the store (the default graph is the union of all graphs).

    Named queries (kgraph/queries/*.rq): timeline, between, who-said, commitments, as-of, events-by-type,
    sources, dated-statements; see --list.
    """
    from kgraph.namespaces import sparql_prefixes
    from kgraph.queries import get_query, named_queries
    from kgraph.store import open_store

    if list_queries:
        for q in named_queries().values():
            params = " ".join(f"{p.name}={p.default or '?'}" for p in q.params)
            out.print(f"[bold]{q.name}[/] {params}\n    {q.description}", highlight=False)
        return
    if (sparql is None) == (named is None):
        fail("give a SPARQL query (or @FILE) or --named NAME", 2)
    try:
        if named is not None:
            values = {}
            for item in param or []:
                if "=" not in item:
                    fail(f"--param expects NAME=VALUE, got {item!r}", 2)
                key, value = item.split("=", 1)
                values[key.strip()] = value.strip()
            sparql = get_query(named).render(values)
    except KgraphError as exc:
        fail(str(exc))
    assert sparql is not None
    if sparql.startswith("@"):
        path = Path(sparql[1:])
        if not path.exists():
            fail(f"{path}: no such file")
        sparql = path.read_text(encoding="utf-8")
    if "PREFIX" not in sparql.upper():
        sparql = sparql_prefixes() + sparql
    try:
        with open_store(store, read_only=True) as graph_store:
            try:
                result = graph_store.query(sparql)
            except SyntaxError as exc:
                fail(f"SPARQL syntax error: {str(exc).splitlines()[0]}")
            _print_result(result, fmt)
    except KgraphError as exc:
        fail(str(exc))


def _print_result(result, fmt: QueryFormat) -> None:
    if isinstance(result, ox.QueryBoolean):
        out.print(json.dumps({"head": {}, "boolean": bool(result)}) if fmt == QueryFormat.json else bool(result))
        return
    if isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES))
        return
    if fmt == QueryFormat.json:
        sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.JSON))
        sys.stdout.write("\n")
        return
    variables = [v.value for v in result.variables]
    rows = [[_plain(solution[v]) for v in variables] for solution in result]
    if fmt == QueryFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(variables)
        writer.writerows(rows)
        return
    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*(cell or "" for cell in row))
    out.print(table)
    err.print(f"{len(rows)} rows")


def _plain(term) -> str | None:
    return None if term is None else term.value


@app.command()
def export(
    store: StoreOption = "store",
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.turtle,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("exports/kgraph.ttl"),
) -> None:
    """Export the store as Turtle, TriG, N-Quads, N-Triples, JSON-LD, statement JSON Lines, or the
    timeline table (one row per statement) as CSV or Parquet."""
    from kgraph.analysis.table import write_timeline
    from kgraph.export import export_jsonl, export_rdf
    from kgraph.store import open_store

    try:
        with open_store(store, read_only=True) as graph_store:
            if fmt in (ExportFormat.csv, ExportFormat.parquet):
                output.parent.mkdir(parents=True, exist_ok=True)
                frame = write_timeline(graph_store, csv_path=str(output) if fmt == ExportFormat.csv else None,
                                       parquet_path=str(output) if fmt == ExportFormat.parquet else None)
                out.print(f"wrote {len(frame)} statements to {output}")
            elif fmt == ExportFormat.jsonl:
                count = export_jsonl(graph_store, output)
                out.print(f"wrote {count} records to {output}")
            else:
                count = export_rdf(graph_store, fmt.value, output)
                out.print(f"wrote {count} {'triples' if fmt.value in ('turtle', 'ntriples') else 'quads'} to {output}")
    except KgraphError as exc:
        fail(str(exc))


class LedgerFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def commitments(
    store: StoreOption = "store",
    as_of: Annotated[str, typer.Option("--as-of", help="Date YYYY-MM-DD: what was known and due then.")] = "",
    fmt: Annotated[LedgerFormat, typer.Option("--format", "-f", help="Output format.")] = LedgerFormat.table,
) -> None:
    """The commitment ledger: planned, committed or demanded statements with a due date and their
    status at a date (pending, due, fulfilled with evidence, overdue)."""
    import datetime as dt

    from kgraph.analysis.commitments import commitment_ledger
    from kgraph.analysis.table import statement_table
    from kgraph.dates import PartialDate
    from kgraph.store import open_store

    try:
        day = PartialDate.parse(as_of) if as_of else PartialDate.from_date(dt.date.today())
        if day.precision != "day":
            fail(f"--as-of needs a day (YYYY-MM-DD), got {as_of!r}", 2)
        with open_store(store, read_only=True) as graph_store:
            ledger = commitment_ledger(statement_table(graph_store), day.first_day())
    except KgraphError as exc:
        fail(str(exc))
    if fmt == LedgerFormat.csv:
        ledger.to_csv(sys.stdout, index=False)
        return
    if fmt == LedgerFormat.json:
        sys.stdout.write(ledger.to_json(orient="records", force_ascii=False, indent=1) + "\n")
        return
    table = Table("status", "due", "type", "source", "reported in", "evidence", title=f"Commitments as of {day}")
    for row in ledger.itertuples():
        evidence = f"{row.evidence_doc} ({row.evidence_date})" if row.evidence_doc else ""
        table.add_row(row.status, f"{row.relation} {row.due}", row.type, row.source or "", row.sources, evidence)
    out.print(table)


class SliceFreq(StrEnum):
    month = "month"
    quarter = "quarter"


@app.command()
def analyze(
    store: StoreOption = "store",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only statements reported by this date.")] = None,
    top: Annotated[int, typer.Option(help="How many central actors to list.")] = 15,
    path: Annotated[tuple[str, str] | None, typer.Option(help="Explain how two actors (IRIs) are connected.")] = None,
    slices: Annotated[SliceFreq | None, typer.Option(help="Also compare consecutive time slices.")] = None,
    graphml: Annotated[Path | None, typer.Option(help="Write the actor graph as GraphML.")] = None,
    gexf: Annotated[Path | None, typer.Option(help="Write the actor graph as GEXF (Gephi).")] = None,
) -> None:
    """Actor network analysis: centrality, cooperation communities, connecting paths, change over time."""
    from kgraph.analysis import network
    from kgraph.analysis.table import statement_table
    from kgraph.dates import PartialDate
    from kgraph.store import open_store

    try:
        day = PartialDate.parse(as_of).last_day() if as_of else None
        with open_store(store, read_only=True) as graph_store:
            table = statement_table(graph_store)
    except KgraphError as exc:
        fail(str(exc))
    graph = network.actor_graph(table, day)
    out.print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} directed ties"
              + (f" as of {day}" if day else ""))
    table_view = Table("actor", "degree", "weighted", "betweenness", "eigenvector", title="Most central actors")
    for row in network.centrality(graph).head(top).itertuples():
        # three significant digits: normalised over thousands of actors, betweenness is small
        table_view.add_row(row.name, str(row.degree), str(row.weighted_degree), f"{row.betweenness:.3g}",
                           f"{row.eigenvector:.3g}")
    out.print(table_view)
    for i, community in enumerate(network.communities(graph), 1):
        if len(community) > 1:
            names = ", ".join(sorted(graph.nodes[n].get("name", n) for n in community))
            out.print(f"cooperation group {i}: {names}", highlight=False)
    if path:
        steps = network.explain_connection(graph, *path)
        if not steps:
            out.print(f"no connection between {path[0]} and {path[1]}")
        for step in steps:
            out.print(f"{step['from']} {step['direction']} {step['to']}: {step['types']} "
                      f"({len(step['statements'])} statements)", highlight=False)
    if slices:
        sliced = network.time_slices(table if day is None else table[table["reported"] <= str(day)],
                                     "M" if slices == SliceFreq.month else "Q")
        names = list(sliced)
        for before, after in itertools.pairwise(names):
            changes = network.slice_changes(sliced[before], sliced[after])
            out.print(f"{before} → {after}: {len(changes)} ties changed", highlight=False)
            for row in changes.itertuples():
                out.print(f"   {row.change}: {row.source} → {row.target}", highlight=False)
    for target, fmt in ((graphml, "graphml"), (gexf, "gexf")):
        if target:
            target.parent.mkdir(parents=True, exist_ok=True)
            network.export_graph(graph, str(target), fmt)
            out.print(f"wrote {target}")


@app.command()
def serve(
    store: StoreOption = "store",
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[int, typer.Option(help="Query time-out in seconds.")] = 30,
    max_results: Annotated[int, typer.Option(help="Most results returned per query.")] = 10000,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/query.

    Queries see the union of all graphs; UPDATE, LOAD and SERVICE are refused; results are capped.
    """
    from kgraph.serve import ServerConfig, SparqlEndpoint

    try:
        endpoint = SparqlEndpoint(ServerConfig(Path(store), host, port, timeout, max_results))
    except (KgraphError, OSError) as exc:
        fail(str(exc))
    err.print(f"SPARQL endpoint at {endpoint.url} (read-only, time-out {timeout} s, at most {max_results} "
              "results); Ctrl-C to stop")
    with contextlib.suppress(KeyboardInterrupt):
        endpoint.serve_forever()


@app.command()
def viz(
    store: StoreOption = "store",
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("exports/graph.html"),
    timeline: Annotated[Path | None, typer.Option(help="Also write the timeline and ledger page here.")] = None,
    max_actors: Annotated[int, typer.Option(help="Keep the most central actors (large graphs).")] = 300,
    collapse_kind: Annotated[bool, typer.Option(help="Fold the other actors into one node per kind "
                                                     "instead of dropping their statements.")] = False,
    since: Annotated[str | None, typer.Option(help="Only statements on or after this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Only statements on or before this date.")] = None,
    max_statements: Annotated[int, typer.Option(help="Show at most this many statements, the most recent.")] = 2000,
) -> None:
    """Write an interactive HTML view of actors and statements (works offline), and optionally the
    timeline page with the commitment ledger. Large graphs are aggregated (top actors, kinds, time
    window, statement cap) so the page stays responsive."""
    import re

    from kgraph.store import open_store
    from kgraph.viz import write_html
    from kgraph.viz import write_timeline as write_timeline_page

    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            fail(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        with open_store(store, read_only=True) as graph_store:
            counts = write_html(graph_store, output, max_actors=max_actors, collapse_kind=collapse_kind,
                                since=since, until=until, max_statements=max_statements)
            if timeline:
                write_timeline_page(graph_store, timeline)
    except KgraphError as exc:
        fail(str(exc))
    out.print(f"wrote {output}: {counts['statements']} statements, {counts['actors']} actors"
              + (f"; {timeline}" if timeline else ""))


@app.command()
def demo(
    corpus: Annotated[Path, typer.Option(help="Folder of documents.")] = Path("corpus"),
    store: StoreOption = "store",
    exports: Annotated[Path, typer.Option(help="Folder for the exports.")] = Path("exports"),
) -> None:
    """Build the bundled corpus into a store and regenerate every export (the README's first command)."""
    from kgraph.analysis.table import write_timeline
    from kgraph.build import build as run_build
    from kgraph.export import export_jsonl, export_rdf
    from kgraph.ontodoc import write_ontology_docs
    from kgraph.store import GraphStore, open_store
    from kgraph.viz import write_html
    from kgraph.viz import write_timeline as write_timeline_page

    try:
        with GraphStore(store) as graph_store:
            report = run_build([corpus], graph_store)
        for _path, reason in report.skipped:
            err.print(f"[yellow]skipped:[/] {reason}", highlight=False, soft_wrap=True)
        written = []
        with open_store(store, read_only=True) as graph_store:
            for fmt, name in (("turtle", "kgraph.ttl"), ("trig", "kgraph.trig"), ("nquads", "kgraph.nq"),
                              ("jsonld", "kgraph.jsonld")):
                export_rdf(graph_store, fmt, exports / name)
                written.append(exports / name)
            export_jsonl(graph_store, exports / "statements.jsonl")
            written.append(exports / "statements.jsonl")
            write_timeline(graph_store, csv_path=str(exports / "timeline.csv"),
                           parquet_path=str(exports / "timeline.parquet"))
            written += [exports / "timeline.csv", exports / "timeline.parquet"]
            counts = write_html(graph_store, exports / "graph.html")
            written.append(exports / "graph.html")
            write_timeline_page(graph_store, exports / "timeline.html")
            written.append(exports / "timeline.html")
            written += write_ontology_docs(exports)
            size = len(graph_store)
    except KgraphError as exc:
        fail(str(exc))
    out.print(f"store {store}: {len(report.built) + len(report.unchanged)} documents, {size} quads, "
              f"{counts['statements']} statements, {counts['actors']} actors")
    for path in written:
        out.print(f"  {path}")


if __name__ == "__main__":  # pragma: no cover
    app()
