"""Documents: text as read from disk plus the metadata that travels with it.

A document's metadata (id, language, publication date at the precision known, source, licence) comes
from a sidecar ``NAME.meta.yaml`` beside ``NAME.txt`` when there is one, else from the defaults the
caller gives (``--lang``, ``--published``). The text is kept exactly as read: every offset in the graph
points into it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kgraph.dates import PartialDate
from kgraph.errors import InputError

#: Largest document accepted by default (characters); news articles are far smaller.
DEFAULT_MAX_BYTES = 5_000_000
TEXT_SUFFIXES = (".txt", ".text")
_SLUG = re.compile(r"[^a-z0-9._-]+")


@dataclass
class Document:
    """A text and its metadata. ``text`` is the original, untouched."""

    id: str
    text: str
    lang: str
    published: PartialDate | None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    license: str | None = None
    note: str | None = None
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def slugify(name: str) -> str:
    """A document id safe inside an IRI: lower-case ascii letters, digits, dot, dash, underscore."""
    slug = _SLUG.sub("-", name.lower()).strip("-.")
    if not slug:
        slug = "doc-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return slug


def default_id(path: Path) -> str:
    """Id from a file name: ``kadhimi.ckb.txt`` → ``kadhimi``."""
    name = path.name
    for suffix in TEXT_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    parts = name.split(".")
    if len(parts) > 1 and 2 <= len(parts[-1]) <= 3 and parts[-1].isalpha():
        name = ".".join(parts[:-1])  # drop a language tag such as .ckb / .en
    return slugify(name)


def sidecar_path(path: Path) -> Path:
    """``NAME.txt`` → ``NAME.meta.yaml``."""
    name = path.name
    for suffix in TEXT_SUFFIXES:
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)] + ".meta.yaml")
    return path.with_name(name + ".meta.yaml")


def decode_text(data: bytes, path: str) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Anything else is refused with a one-line message naming the file rather than guessed.
    """
    if not data.strip():
        raise InputError(f"{path}: empty document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: invalid UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_metadata(path: Path) -> dict[str, Any]:
    """The sidecar metadata of a text file, or ``{}`` when there is none."""
    meta_path = sidecar_path(path)
    if not meta_path.exists():
        return {}
    try:
        data = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{meta_path}: malformed metadata ({type(exc).__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{meta_path}: metadata must be a mapping of keys to values")
    return data


def load_document(
    path: str | Path,
    lang: str | None = None,
    published: str | PartialDate | None = None,
    doc_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    prefer_arguments: bool = False,
) -> Document:
    """Read one text file and its metadata.

    Sidecar values win over ``lang``/``published``, which are defaults for plain files, unless
    ``prefer_arguments`` says the caller's explicit values win (``kgraph extract``).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size} bytes exceeds the size limit of {max_bytes} bytes")
    text = decode_text(path.read_bytes(), str(path))
    meta = read_metadata(path)
    if prefer_arguments:
        meta = {**meta, **{k: v for k, v in (("lang", lang), ("published", published)) if v is not None}}
    meta_published = meta.get("published")
    published_value = meta_published if meta_published is not None else published
    if isinstance(published_value, PartialDate) or published_value is None:
        published_date = published_value
    else:
        try:
            published_date = PartialDate.parse(str(published_value))
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    language = meta.get("lang") or lang
    if not language:
        raise InputError(f"{path}: no language given (use --lang or a metadata 'lang' key)")
    known = {"id", "lang", "published", "title", "source", "url", "license", "note"}
    return Document(
        id=slugify(str(meta.get("id") or doc_id or default_id(path))),
        text=text,
        lang=str(language),
        published=published_date,
        title=meta.get("title"),
        source=meta.get("source"),
        url=meta.get("url"),
        license=meta.get("license"),
        note=meta.get("note"),
        path=str(path),
        extra={k: v for k, v in meta.items() if k not in known},
    )


def iter_text_files(paths: list[str | Path]) -> list[Path]:
    """Text files named by ``paths`` (folders are walked, sorted; sidecars and hidden files skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name.endswith(TEXT_SUFFIXES) and not child.name.startswith("."):
                    found.append(child)
        else:
            found.append(path)
    return found
