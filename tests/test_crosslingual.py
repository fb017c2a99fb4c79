"""One event across languages: a Sorani and an English report of one commitment meet on one event node,
and a later English report of the outcome marks the commitment fulfilled in the ledger.

The texts are written for this test; they follow the July 2021 pledge to end the US combat mission in
Iraq by the end of 2021 and its completion in December 2021.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kgraph.analysis.commitments import commitment_ledger
from kgraph.analysis.table import statement_table
from kgraph.build import build
from kgraph.store import GraphStore

SORANI_PLEDGE = ("جۆ بایدن، سەرۆکی ئەمریکا، دوای دیدار لەگەڵ مستەفا کازمی ڕایگەیاند کە ئەرکی جەنگیی "
                 "هێزەکانی ئەمریکا لە عێراق تا کۆتایی ساڵی 2021 کۆتایی دێت.")
ENGLISH_PLEDGE = ("WASHINGTON — President Joe Biden said on Monday after meeting Iraqi Prime Minister Mustafa "
                  "al-Kadhimi that the U.S. combat mission in Iraq will end by the end of 2021.")
ENGLISH_OUTCOME = ("BAGHDAD — The U.S. military ended its combat mission in Iraq on Thursday, Iraq's national "
                   "security adviser said.")


def _write(folder: Path, name: str, lang: str, text: str, published: str) -> None:
    (folder / f"{name}.{lang}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.{lang}.meta.yaml").write_text(f'lang: {lang}\npublished: "{published}"\n', encoding="utf-8")


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    root = tmp_path_factory.mktemp("crosslingual")
    corpus = root / "corpus"
    corpus.mkdir()
    _write(corpus, "pledge-ckb", "ckb", SORANI_PLEDGE, "2021-07-27")
    _write(corpus, "pledge-en", "en", ENGLISH_PLEDGE, "2021-07-27")
    _write(corpus, "outcome-en", "en", ENGLISH_OUTCOME, "2021-12-10")
    with GraphStore(root / "store") as store:
        report = build([corpus], store)
        assert not report.skipped, report.skipped
        return statement_table(store)


def test_the_pledge_in_two_languages_is_one_event(table: pd.DataFrame) -> None:
    pledges = table[(table["type"] == "end-mission") & (table["modality"] == "planned")]
    assert set(pledges["lang"]) == {"ckb", "en"}, pledges[["doc", "lang", "type", "modality"]]
    assert pledges["canonical"].nunique() == 1
    assert set(pledges["doc"]) == {"pledge-ckb", "pledge-en"}


def test_each_report_keeps_its_language_text_and_provenance(table: pd.DataFrame) -> None:
    pledges = table[(table["type"] == "end-mission") & (table["modality"] == "planned")]
    for row in pledges.itertuples():
        text = SORANI_PLEDGE if row.lang == "ckb" else ENGLISH_PLEDGE
        assert row.sentence in text
        assert text[row.trigger_start : row.trigger_end] == row.trigger


def test_later_english_report_fulfils_the_commitment(table: pd.DataFrame) -> None:
    before = commitment_ledger(table, "2021-08-01")
    after = commitment_ledger(table, "2022-01-15")
    row_before = before[before["type"] == "end-mission"]
    row_after = after[after["type"] == "end-mission"]
    assert len(row_before) == len(row_after) == 1  # one row for the event, not one per report
    assert row_before.iloc[0]["status"] == "pending"
    assert row_after.iloc[0]["status"] == "fulfilled"
    assert row_after.iloc[0]["evidence_doc"] == "outcome-en"
    sources = row_after.iloc[0]["sources"]
    assert "pledge-ckb (ckb, planned)" in sources and "pledge-en (en, planned)" in sources


def test_graph_page_shows_the_merged_event_with_both_sources(table: pd.DataFrame) -> None:
    from kgraph.viz import network_from_table

    net, _ = network_from_table(table, {})
    events = [n for n in net.nodes if n["kind"] == "event"]
    assert len(events) == 1, [n["label"] for n in events]  # the pledge, its Sorani report and the outcome
    title = events[0]["title"]
    assert "pledge-ckb (ckb), planned" in title and "pledge-en (en), planned" in title
    linked = {e["from"] for e in net.edges if e["to"] == events[0]["id"]}
    pledges = table[(table["type"] == "end-mission") & (table["modality"] == "planned")]
    assert set(pledges["statement"]) <= linked
