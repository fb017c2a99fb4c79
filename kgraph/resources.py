"""Where the bundled data lives, in a source checkout and in an installed wheel.

The ontology folder sits at the top of the repository (the design card asks for it there); a wheel
carries a copy as ``kgraph/_ontology``. Language packs keep their data next to their code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def ontology_dir() -> Path:
    """Return the folder holding ``kgraph.ttl``, ``gazetteer.ttl`` and the other Turtle files."""
    for candidate in (PACKAGE_DIR / "_ontology", PACKAGE_DIR.parent / "ontology"):
        if (candidate / "kgraph.ttl").exists():
            return candidate
    raise FileNotFoundError("kgraph ontology folder not found (expected ontology/kgraph.ttl)")


def ontology_file(name: str) -> Path:
    """Path of one Turtle file of the ontology folder."""
    return ontology_dir() / name


def queries_dir() -> Path:
    """Folder of the named SPARQL queries shipped with the package."""
    return PACKAGE_DIR / "queries"
