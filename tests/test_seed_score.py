"""The seed document scored against the shared gold with the shared scorer (the issue's quality bar)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kgraph.document import load_document
from kgraph.extract import extract_records

SEED_ID = "kadhimi-strategic-dialogue"


@pytest.fixture(scope="module")
def scores(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Extract the shared seed (published 2021-07), write the contract JSONL and run score.py --json."""
    seed = shared_dir / "corpus" / f"{SEED_ID}.ckb.txt"
    gold = shared_dir / "gold" / f"{SEED_ID}.gold.json"
    scorer = shared_dir / "eval" / "score.py"
    for needed in (seed, gold, scorer):
        if not needed.exists():
            pytest.skip(f"{needed} missing from the shared folder")
    document = load_document(seed, lang="ckb", published="2021-07", prefer_arguments=True)
    records = extract_records(document)
    out = tmp_path_factory.mktemp("score") / f"{SEED_ID}.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(out), "--json"], capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    m, t, s = data["mentions"], data["timexes"], data["statements"]
    print(f"\nseed score: mentions F1={m['f1']} (P={m['precision']} R={m['recall']}); "
          f"timexes F1={t['f1']} value_acc={t['value_accuracy']}; "
          f"statements F1={s['f1']} (P={s['precision']} R={s['recall']}) strict_recall={s['strict_recall']} "
          f"args={s['arguments']}")
    for missed in s["missed"]:
        print("  missed", missed)
    return data


def test_statements_f1(scores: dict[str, Any]) -> None:
    """Statements: F1 >= 0.85 against the gold."""
    assert scores["statements"]["f1"] >= 0.85, scores["statements"]


def test_statements_strict_recall(scores: dict[str, Any]) -> None:
    """Statements with type, actors and date all right: strict recall >= 0.6."""
    assert scores["statements"]["strict_recall"] >= 0.6, scores["statements"]


def test_mentions_f1(scores: dict[str, Any]) -> None:
    """Actor mentions: F1 >= 0.9."""
    assert scores["mentions"]["f1"] >= 0.9, scores["mentions"]


def test_timexes_f1_and_values(scores: dict[str, Any]) -> None:
    """Time expressions: F1 >= 0.9 and every gold value resolved correctly."""
    assert scores["timexes"]["f1"] >= 0.9, scores["timexes"]
    assert scores["timexes"]["value_accuracy"] == 1.0, scores["timexes"]
