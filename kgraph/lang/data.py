"""Loading language data files (YAML/TSV) that live beside each language pack's code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).resolve().parent
#: PyYAML's safe loader, in C when the wheel ships libyaml (several times faster than the Python one)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_path(lang: str, name: str) -> Path:
    """Path of a data file of language pack ``lang``."""
    return LANG_DIR / lang / "data" / name


@cache
def load_yaml(lang: str, name: str) -> Any:
    """Parse one YAML data file of a language pack (cached: data files are read once)."""
    path = data_path(lang, name)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=YAML_LOADER)
