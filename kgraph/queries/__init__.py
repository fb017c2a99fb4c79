"""The named SPARQL query library: ``kgraph/queries/*.rq``, each documented in its header.

Header lines: ``# name:``, ``# description:`` (continued on ``#`` lines indented by two or more
spaces), and one ``# param: NAME TYPE DEFAULT | description`` per parameter (TYPE is ``iri``,
``date``, ``integer`` or ``string``; DEFAULT ``-`` means required); other ``#`` lines are SPARQL
comments kept in the query. Parameters are bound with a ``VALUES`` block inserted at
the start of the outermost ``WHERE`` group (so filters see them); a query file is plain SPARQL that
any client can run after adding such a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.namespaces import sparql_prefixes

QUERY_DIR = Path(__file__).resolve().parent
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(iri|date|integer|string)\s+(\S+)\s*(?:\|\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path = field(compare=False)

    def render(self, values: dict[str, str] | None = None) -> str:
        """The runnable query: prefixes, the body and a VALUES block binding the parameters."""
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise KgraphError(f"query {self.name!r} has no parameter {sorted(unknown)[0]!r} "
                              f"(it takes: {', '.join(p.name for p in self.params) or 'none'})")
        body = sparql_prefixes() + self.text
        if not self.params:
            return body
        terms = []
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is None:
                raise KgraphError(f"query {self.name!r} needs --param {param.name}=... ({param.description})")
            terms.append(_term(param, raw))
        names = " ".join(f"?{p.name}" for p in self.params)
        values_block = f"\n  VALUES ({names}) {{ ({' '.join(terms)}) }}\n"
        match = _WHERE.search(body)
        if match is None:
            raise KgraphError(f"query {self.name!r} has no WHERE group to bind its parameters in")
        return body[: match.end()] + values_block + body[match.end() :]


def _term(param: Param, raw: str) -> str:
    if param.type == "iri":
        if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", raw, re.I):
            raise KgraphError(f"parameter {param.name}: {raw!r} is not an IRI")
        return f"<{raw}>"
    if param.type == "date":
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", raw):
            raise KgraphError(f"parameter {param.name}: {raw!r} is not a date (YYYY-MM-DD)")
        return f'"{raw}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if param.type == "integer":
        if not re.match(r"^-?\d+$", raw):
            raise KgraphError(f"parameter {param.name}: {raw!r} is not an integer")
        return raw
    escaped = raw.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def read_query_file(path: Path) -> NamedQuery:
    """One ``.rq`` file with its header (the library's, or any file written the same way)."""
    name, description, params, body = path.stem, [], [], []
    in_description = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# name:"):
            name = line.split(":", 1)[1].strip()
            in_description = False
        elif line.startswith("# description:"):
            description.append(line.split(":", 1)[1].strip())
            in_description = True
        elif line.startswith("# param:"):
            match = _PARAM.match(line)
            if not match:
                raise KgraphError(f"{path}: malformed parameter line: {line}")
            pname, ptype, default, text = match.groups()
            params.append(Param(pname, ptype, None if default == "-" else default, text or ""))
            in_description = False
        elif line.startswith("#  ") and in_description:  # an indented continuation; other comments are SPARQL
            description.append(line.lstrip("#").strip())
        else:
            in_description = False
            body.append(line)
    return NamedQuery(name, " ".join(description), tuple(params), "\n".join(body).strip() + "\n", path)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every query of the library by name."""
    return {q.name: q for q in map(read_query_file, sorted(QUERY_DIR.glob("*.rq")))}


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise KgraphError(f"no named query {name!r}: known are {', '.join(sorted(queries))}")
    return queries[name]
