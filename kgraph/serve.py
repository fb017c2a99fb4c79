"""A read-only SPARQL 1.1 Protocol endpoint over a kgraph store.

The query engine is Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph``
package), started on a private loopback port with the union default graph and a query time-out. In
front of it a small guard, bound to 127.0.0.1 by default, enforces what an analyst-facing endpoint
must: only queries (no UPDATE, LOAD or Graph Store writes), no SERVICE calls to other endpoints, and
a cap on the number of results (marked with an ``X-Kgraph-Truncated`` header when applied).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kgraph.errors import StoreError

QUERY_PATHS = ("/query", "/sparql")
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
FORWARDED_TYPES = (RESULTS_JSON, RESULTS_XML, "text/csv", "text/tab-separated-values",
                   "application/n-triples", "text/turtle", "application/n-quads")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def check_query(text: str) -> None:
    """Refuse anything but a read query, and any SERVICE clause (parsed, not pattern-matched)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as exc:
        if any(word in text.upper() for word in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE",
                                                  "COPY", "MOVE", "ADD ")):
            raise Refused(403, "this endpoint is read-only: updates are refused") from None
        raise Refused(400, f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if "ServiceGraphPattern" in repr(tree):
        raise Refused(403, "SERVICE (federated queries to other endpoints) is refused by this endpoint")


@dataclass
class ServerConfig:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_s: int = 30
    max_results: int = 10000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server is not installed (pip install oxigraph)")
    return found


def _truncate(body: bytes, content_type: str, limit: int) -> tuple[bytes, bool]:
    """Keep at most ``limit`` results of a SPARQL results document or N-Triples/N-Quads graph."""
    if content_type.startswith(RESULTS_JSON):
        data = json.loads(body)
        bindings = data.get("results", {}).get("bindings")
        if bindings is None or len(bindings) <= limit:
            return body, False
        data["results"]["bindings"] = bindings[:limit]
        return json.dumps(data, ensure_ascii=False).encode("utf-8"), True
    if content_type.startswith(RESULTS_XML):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ET.fromstring(body)
        results = root.find(f"{ns}results")
        if results is None or len(results) <= limit:
            return body, False
        for extra in list(results)[limit:]:
            results.remove(extra)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True), True
    if content_type.startswith(("text/csv", "text/tab-separated-values")):
        delimiter = "\t" if "tab-separated" in content_type else ","
        rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
        if len(rows) - 1 <= limit:
            return body, False
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows[: limit + 1])
        return out.getvalue().encode("utf-8"), True
    if content_type.startswith(("application/n-triples", "application/n-quads")):
        lines = body.splitlines(keepends=True)
        return (b"".join(lines[:limit]), True) if len(lines) > limit else (body, False)
    return body, False


class _Handler(BaseHTTPRequestHandler):
    server_version = "kgraph-sparql/1"
    upstream = ""
    config: ServerConfig

    def log_message(self, format: str, *args) -> None:
        sys.stderr.write("kgraph serve: " + (format % args) + "\n")

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"))

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            self._send(200, b"kgraph read-only SPARQL endpoint: GET or POST /query (SPARQL 1.1 Protocol)\n")
            return
        if url.path not in QUERY_PATHS:
            self._refuse(404, "not found: the SPARQL endpoint is /query")
            return
        self._answer_params(urllib.parse.parse_qs(url.query))

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in QUERY_PATHS:
            self._refuse(403 if url.path in ("/update", "/store") else 404,
                         "this endpoint is read-only: only queries on /query are accepted")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if content_type == "application/sparql-update":
            self._refuse(403, "this endpoint is read-only: updates are refused")
            return
        if content_type == "application/sparql-query":
            self._answer(body, [], [])
            return
        self._answer_params(urllib.parse.parse_qs(body))

    def _answer_params(self, params: dict[str, list[str]]) -> None:
        """Answer the query of form or URL parameters (SPARQL 1.1 Protocol query operation)."""
        if "update" in params:
            self._refuse(403, "this endpoint is read-only: updates are refused")
            return
        if "query" not in params:
            self._refuse(400, "missing query parameter")
            return
        self._answer(params["query"][0], params.get("default-graph-uri", []), params.get("named-graph-uri", []))

    def _answer(self, query: str, default_graphs: list[str], named_graphs: list[str]) -> None:
        try:
            check_query(query)
        except Refused as exc:
            self._refuse(exc.status, str(exc))
            return
        fields = [("query", query)] + [("default-graph-uri", g) for g in default_graphs] + [
            ("named-graph-uri", g) for g in named_graphs]
        accept = self.headers.get("Accept") or RESULTS_JSON
        request = urllib.request.Request(
            self.upstream + "/query", data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s + 5) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", RESULTS_JSON)
                status = response.status
        except urllib.error.HTTPError as exc:
            self._send(exc.code, exc.read() or str(exc).encode("utf-8"))
            return
        except (urllib.error.URLError, TimeoutError) as exc:
            self._refuse(504, f"query timed out or the engine is unavailable: {exc}")
            return
        body, truncated = _truncate(body, content_type, self.config.max_results)
        extra = {"X-Kgraph-Truncated": "true"} if truncated else {}
        self._send(status, body, content_type, extra)


class SparqlEndpoint:
    """The guard plus the Oxigraph engine; use as a context manager or call :meth:`serve_forever`."""

    def __init__(self, config: ServerConfig):
        if not config.store.exists():
            raise StoreError(f"{config.store}: no store here")
        self.config = config
        self.engine_port = _free_port()
        self.engine = subprocess.Popen(
            [_oxigraph_binary(), "serve-read-only", "--location", str(config.store), "--bind",
             f"127.0.0.1:{self.engine_port}", "--union-default-graph", "--timeout-s", str(config.timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_for_engine()
        handler = type("Handler", (_Handler,), {"upstream": f"http://127.0.0.1:{self.engine_port}",
                                                 "config": config})
        self.httpd = ThreadingHTTPServer((config.host, config.port), handler)
        self.url = f"http://{config.host}:{self.httpd.server_address[1]}/query"

    def _wait_for_engine(self) -> None:
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.engine.poll() is not None:
                message = (self.engine.stderr.read() or b"").decode("utf-8", "replace").strip().splitlines()
                raise StoreError(f"{self.config.store}: the SPARQL engine did not start: "
                                 f"{message[-1] if message else 'unknown error'}")
            try:
                with socket.create_connection(("127.0.0.1", self.engine_port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise StoreError("the SPARQL engine did not start within 20 s")

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        finally:
            self.close()

    def start_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.httpd.shutdown() if threading.current_thread() is not threading.main_thread() else None
        self.httpd.server_close()
        if self.engine.poll() is None:
            self.engine.terminate()
            try:
                self.engine.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.engine.kill()

    def __enter__(self) -> SparqlEndpoint:
        self.start_background()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.close()
