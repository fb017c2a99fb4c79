"""The English pack as a whole: registration, language identification, tokens and offsets, lexicon data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.document import load_document
from kgraph.event_types import event_types
from kgraph.lang import SUPPORTED, get_pack
from kgraph.lang.data import load_yaml
from kgraph.lang.en.triggers import load_lexemes
from kgraph.text import NormalizedText

ENGLISH = ("ERBIL, Iraq – Iraq's cabinet agreed on Sunday to lend the Kurdistan Regional Government money, "
           "a statement from the prime minister's office said.")


def test_english_is_registered() -> None:
    assert SUPPORTED["en"] == "English"
    assert get_pack("en").code == "en"


def test_tokens_keep_original_offsets() -> None:
    pack = get_pack("en")
    text = "Al-Sudani's U.S.-led talks (Maj. Gen. Brennan) ended."
    tokens = pack.tokenize(NormalizedText.identity(text))
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert "U.S." in [t.text for t in tokens] and "Maj." in [t.text for t in tokens]
    sentences = pack.segment(tokens, NormalizedText.identity(text)).sentences
    assert len(sentences) == 1  # "Maj." and "Gen." do not end a sentence


def test_language_is_identified_without_lang(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert load_document(path, published="2023-09-18").lang == "en"


@pytest.mark.parametrize(("text", "name"), [
    ("أعلنت الحكومة العراقية اليوم عن الاتفاق مع الولايات المتحدة على انسحاب القوات", "Arabic"),
    ("این یک خبر است که دولت عراق با آمریکا توافق کرد و از این موضوع استقبال شد", "Persian"),
    ("Serokê herêma Kurdistanê û wezîrê derve yê Iraqê li ser pirsgirêkên di navbera Hewlêr û Bexdayê de axivîn",
     "Kurmanji"),
])
def test_unsupported_languages_are_refused_in_one_line(tmp_path: Path, text: str, name: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kgraph.cli", "extract", str(path), "--published", "2022"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0], run.stderr


def test_extract_english_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "report.en.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kgraph.cli", "extract", str(path), "--published", "2023-09-18",
                          "--format", "jsonl"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    statements = [r for r in records if r["kind"] == "statement"]
    agree = next(r for r in statements if r["plover"] == "AGREE")
    assert agree["date"]["value"] == "2023-09-17"
    assert [a["name"] for a in agree["attributed_to"]] == ["Office of the Prime Minister of Iraq"]
    assert all(ENGLISH[r["start"] : r["end"]] == r["text"] for r in records if r["kind"] in ("mention", "timex"))


def test_trigger_lexicon_uses_the_shared_event_types() -> None:
    types = event_types()
    lexemes = load_lexemes()
    assert lexemes and all(lex.type in types for lex in lexemes)
    ckb_types = {item["type"] for item in load_yaml("ckb", "triggers.yaml")["lexemes"]}
    assert len({lex.type for lex in lexemes} & ckb_types) >= 40  # the same scheme as the Sorani lexicon
