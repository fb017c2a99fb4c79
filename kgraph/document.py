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
from kgraph.lang.data import YAML_LOADER

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


#: Legacy encodings of Arabic-script text that are decoded when detection is confident.
ARABIC_ENCODINGS = {"cp1256", "windows-1256", "iso8859_6", "cp720", "cp864"}


def decode_text(data: bytes, path: str) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or a legacy
    Arabic-script encoding (Windows-1256 and kin) when detection is confident.

    Anything else is refused with a one-line message naming the file rather than guessed.
    """
    if not data.strip():
        raise InputError(f"{path}: empty document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: invalid UTF-16 text") from None
        return _checked(text, path)
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _legacy_arabic(data)
        if text is None:
            raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}) and not confidently a legacy "
                             "Arabic-script encoding; convert it to UTF-8 first") from None
    text = text[1:] if text.startswith("\ufeff") else text
    return _checked(text, path)


def _legacy_arabic(data: bytes) -> str | None:
    """Windows-1256 (or another Arabic code page) text, when charset-normalizer is confident."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding.lower() not in ARABIC_ENCODINGS or best.chaos > 0.2:
        return None
    text = str(best)
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return text if letters and arabic / len(letters) >= 0.6 else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked(text: str, path: str) -> str:
    if _SURROGATE.search(text):
        raise InputError(f"{path}: text contains unpaired surrogate code points")
    if not text.strip():
        raise InputError(f"{path}: empty document")
    return text


_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|body|p|div|article|br)\b", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr", "blockquote"}


def looks_like_html(text: str) -> bool:
    """A web page rather than plain text: markup at the start or many block tags."""
    head = text.lstrip()[:2000]
    return (head.startswith("<") and bool(_HTML_HINT.search(head))) or len(_HTML_HINT.findall(text)) >= 5


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page: scripts, styles and markup dropped, blocks on their own lines."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs) -> None:
            if tag in ("script", "style", "noscript", "template", "head"):
                self.skip += 1
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript", "template", "head"):
                self.skip = max(0, self.skip - 1)
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def read_metadata(path: Path) -> dict[str, Any]:
    """The sidecar metadata of a text file, or ``{}`` when there is none."""
    meta_path = sidecar_path(path)
    if not meta_path.exists():
        return {}
    try:
        data = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
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
    converted = None
    if looks_like_html(text):
        text = html_to_text(text)
        converted = "html"
        if not text.strip():
            raise InputError(f"{path}: an HTML page without visible text")
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
    language = check_language(text, meta.get("lang") or lang, str(path))
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
        extra={**{k: v for k, v in meta.items() if k not in known},
               **({"converted_from": converted} if converted else {})},
    )


def check_language(text: str, lang: str | None, path: str) -> str:
    """The language to process ``text`` as: the one given, unless the text is clearly another (or in a
    script no pack reads); without one, the identified language if a pack supports it."""
    from kgraph.lang import SUPPORTED
    from kgraph.langid import identify

    found = identify(text)
    if lang is not None and lang not in SUPPORTED:
        known = ", ".join(SUPPORTED)
        raise InputError(f"{path}: unsupported language {lang!r}: kgraph knows {known}")
    if found.script == "none":
        if lang is None:
            raise InputError(f"{path}: no letters to identify a language by; give --lang")
        return lang  # digits and punctuation only: kept as a document with no statements
    if found.script == "other":
        raise InputError(f"{path}: text is in a script kgraph does not read ({found.reason})")
    if lang is None:
        if found.code not in SUPPORTED:
            raise InputError(f"{path}: text looks like {found.name}, which kgraph does not support yet "
                             f"(supported: {', '.join(SUPPORTED)})")
        return found.code
    if found.code is not None and found.code != lang and found.confidence >= 0.6:
        raise InputError(f"{path}: text looks like {found.name} ({found.reason}), not {SUPPORTED[lang]}; "
                         "check --lang")
    return lang


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
