"""Extraction rules on sentences written for these tests: actors in context, attribution, arguments,
modality, dates, and robustness to spelling conventions."""

from __future__ import annotations

import pytest

from kgraph.model import Analysis, Statement

PM_IRAQ_VISITS_ANKARA = "سەرۆکوەزیرانی عێراق سەردانی ئەنقەرەی کرد."


def _one(analysis: Analysis, plover: str) -> Statement:
    found = [s for s in analysis.statements if s.plover == plover]
    assert len(found) == 1, [(s.trigger.text, s.plover) for s in analysis.statements]
    return found[0]


def _names(roles) -> list[str]:
    return [r.actor.name for r in roles]


@pytest.mark.parametrize(("published", "holder"), [("2021-07", "Mustafa al-Kadhimi"),
                                                   ("2023-03", "Mohammed Shia al-Sudani"),
                                                   ("2016-05", "Haider al-Abadi")])
def test_a_post_denotes_its_holder_on_the_publication_date(analyse_text, published: str, holder: str) -> None:
    visit = _one(analyse_text(PM_IRAQ_VISITS_ANKARA, published), "CONSULT")
    assert _names(visit.source) == [holder]
    assert _names(visit.target) == ["Turkey"]  # the capital stands for the government it hosts


def test_the_government_is_the_one_the_text_is_about(analyse_text) -> None:
    """In a text about the Kurdistan Region, "the government" is the KRG; the demanded act's doer is
    the demandee and its modality is demanded."""
    a = analyse_text("پەرلەمانی کوردستان داوای لە حکومەت کرد مووچەی فەرمانبەران دابەش بکات.", "2022-05")
    demand = _one(a, "DEMAND")
    assert _names(demand.source) == ["Kurdistan Parliament"]
    assert _names(demand.target) == ["Kurdistan Regional Government"]
    pay = _one(a, "AID")
    assert pay.modality == "demanded" and _names(pay.source) == ["Kurdistan Regional Government"]


def test_unknown_spokesperson_in_apposition_is_the_speaker(analyse_text) -> None:
    a = analyse_text("کاروان ئەحمەد، وتەبێژی حکومەتی هەرێمی کوردستان، ڕایگەیاند کە حکومەت هاوکاریی ئاوارەکان دەکات.",
                     "2022-05")
    person = next(m for m in a.mentions if m.via == "unlinked")
    assert person.text == "کاروان ئەحمەد" and not person.actor.linked
    title = next(m for m in a.mentions if m.via == "apposition")
    assert title.actor.iri == person.actor.iri
    cooperation = _one(a, "COOPERATE")
    assert _names(cooperation.attributed_to) == [person.actor.name]
    assert _names(cooperation.source) == ["Kurdistan Regional Government"]


def test_a_capital_after_a_motion_verb_is_a_place_but_still_the_destination(analyse_text) -> None:
    a = analyse_text("نێچیرڤان بارزانی دوێنێ گەیشتە بەغدا و لەگەڵ محەمەد شیاع سوودانی کۆبووەوە.", "2023-01-10")
    baghdad = next(m for m in a.mentions if m.text == "بەغدا")
    assert not baghdad.reportable
    visit, meeting = sorted((s for s in a.statements if s.plover == "CONSULT"), key=lambda s: s.trigger.start)
    assert _names(visit.target) == ["Government of Iraq"] and visit.date.timex.value == "2023-01-09"
    assert _names(meeting.source) == ["Nechirvan Barzani"]
    assert _names(meeting.target) == ["Mohammed Shia al-Sudani"]


def test_according_to_a_statement_attributes_the_sentence(analyse_text) -> None:
    a = analyse_text("بەپێی بەیاننامەیەکی وەزارەتی دەرەوەی عێراق، بەغدا هێرشەکەی ئیدانە کرد.", "2022-03-14")
    condemn = _one(a, "ACCUSE")
    assert _names(condemn.attributed_to) == ["Ministry of Foreign Affairs of Iraq"]
    assert _names(condemn.source) == ["Government of Iraq"]
    assert not [s for s in a.statements if s.plover == "ASSAULT"]  # "the attack" is the object here


def test_a_quotation_belongs_to_its_speaker(analyse_text) -> None:
    a = analyse_text('مەسرور بارزانی گوتی: "ئێمە پشتیوانی لە ڕێککەوتنەکە دەکەین".', "2022-05")
    support = _one(a, "SUPPORT")
    assert _names(support.attributed_to) == ["Masrour Barzani"] == _names(support.source)


def test_negation_and_negated_acceptance(analyse_text) -> None:
    withdraw = _one(analyse_text("تورکیا هێزەکانی لە خاکی عێراق ناکشێنێتەوە.", "2022-07"), "RETREAT")
    assert withdraw.modality == "negated" and withdraw.polarity == "negative"
    rejected = _one(analyse_text("کۆمیسیۆنی باڵای سەربەخۆی هەڵبژاردنەکان تانەکانی قبووڵ نەکرد.", "2021-11"),
                    "REJECT")
    assert rejected.modality == "asserted"  # not accepting IS rejecting
    assert _names(rejected.source) == ["Independent High Electoral Commission"]


def test_a_deadline_makes_a_planned_statement(analyse_text) -> None:
    withdraw = _one(analyse_text("ئەمریکا تاوەکو کۆتایی ئەمساڵ هێزە شەڕکەرەکانی لە عێراق دەکشێنێتەوە.", "2021-07"),
                    "RETREAT")
    assert withdraw.modality == "planned"
    assert (withdraw.date.timex.value, withdraw.date.relation) == ("2021-12-31", "by")
    assert _names(withdraw.source) == ["United States"] and _names(withdraw.target) == ["Iraq"]


def _legacy(text: str) -> str:
    """Write a modern Sorani text the way legacy fonts and Arabic keyboards do."""
    out = text.replace("ە", "ه\u200c").replace("ک", "ك").replace("ی", "ي").replace("ڕ", "ر").replace("ڵ", "ل")
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    return out.translate(digits)


@pytest.mark.parametrize("sentence", [
    "پەرلەمانی کوردستان داوای لە حکومەت کرد مووچەی فەرمانبەران دابەش بکات.",
    "ئەمریکا تاوەکو کۆتایی ئەمساڵ هێزە شەڕکەرەکانی لە عێراق دەکشێنێتەوە.",
    "نێچیرڤان بارزانی لە ١٠ی ئازاری 2022 لەگەڵ محەمەد شیاع سوودانی کۆبووەوە.",
])
def test_legacy_spelling_gives_the_same_statements(analyse_text, sentence: str) -> None:
    """The same report in legacy spelling (ه for ە, Arabic letters, unmarked ڕ/ڵ) yields the same facts,
    at offsets into its own text."""
    modern = analyse_text(sentence, "2022-05")
    legacy_text = _legacy(sentence)
    legacy = analyse_text(legacy_text, "2022-05")

    def facts(a: Analysis):
        return sorted((s.plover, s.modality, tuple(_names(s.source)), tuple(_names(s.target)),
                       s.date.timex.value if s.date else None) for s in a.statements)

    assert facts(modern) == facts(legacy) and facts(modern)
    for s in legacy.statements:
        assert legacy_text[s.trigger.start : s.trigger.end] == s.trigger.text
