"""Language packs, looked up by ISO 639 code."""

from __future__ import annotations

from importlib import import_module

from kgraph.errors import InputError
from kgraph.lang.base import LanguagePack

SUPPORTED = {"ckb": "Sorani Kurdish", "en": "English"}


def get_pack(code: str) -> LanguagePack:
    """The language pack for ``code`` (e.g. ``ckb``); unknown codes raise :class:`InputError`."""
    if code not in SUPPORTED:
        known = ", ".join(f"{c} ({n})" for c, n in SUPPORTED.items())
        raise InputError(f"unsupported language {code!r}: kgraph knows {known}")
    return import_module(f"kgraph.lang.{code}").PACK
