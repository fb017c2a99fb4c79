"""Reading documents: metadata precedence, ids, decoding, and one-line errors that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.dates import PartialDate
from kgraph.document import default_id, iter_text_files, load_document, sidecar_path
from kgraph.errors import InputError

TEXT = "سەرۆکوەزیرانی عێراق ئەمڕۆ گەیشتە واشنتن.\n"


def write(path: Path, text: str = TEXT) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_sidecar(text_path: Path, body: str) -> Path:
    meta = sidecar_path(text_path)
    meta.write_text(body, encoding="utf-8")
    return meta


def assert_one_line_naming(exc: BaseException, path: Path) -> str:
    message = str(exc)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_sidecar_wins_over_defaults(tmp_path: Path) -> None:
    """Values in NAME.meta.yaml beat the lang/published defaults a caller passes."""
    path = write(tmp_path / "visit.ckb.txt")
    write_sidecar(
        path, 'id: pm-visit\nlang: ckb\npublished: "2021-07-27"\ntitle: PM visit\nsection: politics\n'
    )
    doc = load_document(path, lang="en", published="2020")
    assert doc.id == "pm-visit"
    assert doc.lang == "ckb"
    assert doc.published == PartialDate(2021, 7, 27)
    assert doc.title == "PM visit"
    assert doc.extra == {"section": "politics"}
    assert doc.text == TEXT


def test_prefer_arguments_lets_arguments_win(tmp_path: Path) -> None:
    """With prefer_arguments=True (kgraph extract), explicit lang/published beat the sidecar."""
    path = write(tmp_path / "visit.ckb.txt")
    write_sidecar(path, 'lang: ckb\npublished: "2021-07-27"\n')
    doc = load_document(path, lang="ckb", published="2021-08", prefer_arguments=True)
    assert doc.published == PartialDate(2021, 8)
    unset = load_document(path, lang="ckb", published=None, prefer_arguments=True)
    assert unset.published == PartialDate(2021, 7, 27)  # an absent argument does not erase the sidecar


def test_defaults_used_without_sidecar(tmp_path: Path) -> None:
    """A plain file takes lang and published from the caller; the id comes from the file name."""
    path = write(tmp_path / "kadhimi-visit.ckb.txt")
    doc = load_document(path, lang="ckb", published="2021-07")
    assert (doc.id, doc.lang, doc.published) == ("kadhimi-visit", "ckb", PartialDate(2021, 7))
    assert doc.path == str(path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kadhimi-strategic-dialogue.ckb.txt", "kadhimi-strategic-dialogue"),
        ("report.txt", "report"),
        ("Report 2021.en.txt", "report-2021"),
        ("notes.text", "notes"),
    ],
)
def test_default_id_strips_language_tag_and_suffix(name: str, expected: str) -> None:
    """default_id drops .txt and a language tag such as .ckb, and slugifies the rest."""
    assert default_id(Path(name)) == expected


def test_missing_language_is_identified(tmp_path: Path) -> None:
    """Without --lang and without a sidecar lang, Sorani text is recognised as Sorani."""
    assert load_document(write(tmp_path / "nolang.txt")).lang == "ckb"


@pytest.mark.parametrize(("text", "language"), [
    ("الحكومة العراقية طالبت البرلمان بإقرار قانون الموازنة ودعم المفوضية العليا للانتخابات", "Arabic"),
    ("دولت عراق از پارلمان خواست که بودجه را تصویب کند و این کار برای انتخابات مهم است", "Persian"),
    ("Hikûmeta Iraqê ji parlamentoyê xwest ku budceyê qebûl bike û ew ê di hilbijartinê de be", "Kurmanji"),
])
def test_text_in_another_language_is_refused(tmp_path: Path, text: str, language: str) -> None:
    """Text that is clearly not Sorani is refused with the language it looks like, with or without --lang."""
    path = write(tmp_path / "other.txt", text)
    for lang in ("ckb", None):
        with pytest.raises(InputError) as info:
            load_document(path, lang=lang)
        assert language in assert_one_line_naming(info.value, path)


def test_unsupported_script_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "zh.txt", "政府要求议会通过预算，并支持选举委员会。")
    with pytest.raises(InputError) as info:
        load_document(path, lang="ckb")
    assert "script" in assert_one_line_naming(info.value, path)


def test_no_letters_needs_a_language_and_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "digits.txt", "2021 / 10 / 10 — 41% ...")
    with pytest.raises(InputError):
        load_document(path)
    assert load_document(path, lang="ckb").text.startswith("2021")


def test_windows_1256_is_decoded_when_confident(tmp_path: Path) -> None:
    """Legacy Sorani in the Arabic code page (ە written as ه, ی as ي) is decoded, not refused."""
    legacy = "حكومه‌تي عيراق داواي له‌ په‌رله‌مان كرد ياساي بودجه‌ په‌سند بكات و كۆمسيۆني هه‌ڵبژاردن"
    text = legacy.replace("ۆ", "و").replace("ڵ", "ل").replace("‌", "")
    path = tmp_path / "cp1256.txt"
    path.write_bytes(text.encode("cp1256"))
    doc = load_document(path, lang="ckb")
    assert doc.text == text


def test_undetectable_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 na\xefve r\xe9sum\xe9 \xff\xfe\xfd".encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_document(path, lang="ckb")
    assert "UTF-8" in assert_one_line_naming(info.value, path)


def test_html_page_becomes_its_visible_text(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body>"
            "<p>پەرلەمانی کوردستان داوای لە حکومەت کرد.</p><p>سبەینێ کۆدەبنەوە.</p></body></html>")
    doc = load_document(write(tmp_path / "page.txt", page), lang="ckb")
    assert doc.text == "پەرلەمانی کوردستان داوای لە حکومەت کرد.\nسبەینێ کۆدەبنەوە."
    assert doc.extra["converted_from"] == "html"


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is refused, naming it."""
    path = tmp_path / "absent.ckb.txt"
    with pytest.raises(InputError) as info:
        load_document(path, lang="ckb")
    assert_one_line_naming(info.value, path)


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    """A folder given as a document is refused."""
    with pytest.raises(InputError) as info:
        load_document(tmp_path, lang="ckb")
    assert_one_line_naming(info.value, tmp_path)


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("empty", b""),
        ("whitespace", b"  \n\t \r\n"),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("invalid-utf8", "عێراق".encode() + b"\xff\xfe\xfa" + b" text"),
        ("latin1", "caf\xe9 au lait".encode("latin-1")),
    ],
)
def test_unreadable_content_raises_one_line_input_error(tmp_path: Path, label: str, data: bytes) -> None:
    """Empty, blank, binary and non-UTF-8 files each raise InputError naming the file, on one line."""
    path = tmp_path / f"{label}.ckb.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_document(path, lang="ckb")
    assert_one_line_naming(info.value, path)


def test_malformed_published_argument_raises_one_line_input_error(tmp_path: Path) -> None:
    """--published 2021-13 is refused with a one-line InputError quoting the bad value."""
    path = write(tmp_path / "doc.ckb.txt")
    with pytest.raises(InputError) as info:
        load_document(path, lang="ckb", published="2021-13")
    assert "\n" not in str(info.value)
    assert "2021-13" in str(info.value)


@pytest.mark.parametrize("where", ["argument", "sidecar"])
def test_malformed_published_names_the_file(tmp_path: Path, where: str) -> None:
    """The error for a malformed publication date names the document it belongs to."""
    path = write(tmp_path / "doc.ckb.txt")
    if where == "sidecar":
        write_sidecar(path, 'lang: ckb\npublished: "2021-13"\n')
        call = {"lang": "ckb"}
    else:
        call = {"lang": "ckb", "published": "2021-13"}
    with pytest.raises(InputError) as info:
        load_document(path, **call)
    assert_one_line_naming(info.value, path)


def test_malformed_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    """Broken YAML in the sidecar is refused, naming the sidecar file."""
    path = write(tmp_path / "doc.ckb.txt")
    meta = write_sidecar(path, "lang: [ckb\npublished: 2021\n")
    with pytest.raises(InputError) as info:
        load_document(path)
    assert_one_line_naming(info.value, meta)


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    """A UTF-8 byte order mark is not part of the text (offsets start at the first letter)."""
    path = tmp_path / "bom.ckb.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    doc = load_document(path, lang="ckb")
    assert doc.text == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    """UTF-16 files with a BOM (either byte order) decode to the same text, without the BOM."""
    path = tmp_path / "wide.ckb.txt"
    data = TEXT.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own BOM; add it by hand for the explicit ones
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    doc = load_document(path, lang="ckb")
    assert doc.text == TEXT


def test_file_over_max_bytes_refused(tmp_path: Path) -> None:
    """A file larger than max_bytes is refused before it is read, naming the file and the limit."""
    path = write(tmp_path / "big.ckb.txt", TEXT * 20)
    size = path.stat().st_size
    with pytest.raises(InputError) as info:
        load_document(path, lang="ckb", max_bytes=size - 1)
    message = assert_one_line_naming(info.value, path)
    assert str(size - 1) in message
    assert load_document(path, lang="ckb", max_bytes=size).text == TEXT * 20


def test_sha256_depends_on_text_only(tmp_path: Path) -> None:
    """The fingerprint is of the text: the same text under another name has the same sha256."""
    a = load_document(write(tmp_path / "a.ckb.txt"), lang="ckb")
    b = load_document(write(tmp_path / "b.ckb.txt"), lang="ckb")
    c = load_document(write(tmp_path / "c.ckb.txt", TEXT + "."), lang="ckb")
    assert a.sha256 == b.sha256 != c.sha256


def test_iter_text_files_skips_sidecars_and_hidden_files(tmp_path: Path) -> None:
    """Walking a folder yields text files in sorted order, never sidecars or hidden files."""
    write(tmp_path / "b.ckb.txt")
    write_sidecar(tmp_path / "b.ckb.txt", "lang: ckb\n")
    write(tmp_path / "a.ckb.txt")
    write(tmp_path / ".hidden.txt")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.txt")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_text_files([tmp_path])]
    assert found == ["a.ckb.txt", "b.ckb.txt", "sub/c.txt"]
