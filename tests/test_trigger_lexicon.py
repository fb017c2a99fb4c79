"""The Sorani trigger lexicon (kgraph/lang/ckb/data/triggers.yaml, verbs.yaml) on sentences written for
these tests: one or more per construction class, the PLOVER type and event type found, the modality
where the construction decides it, and non-event uses of the same words that must stay silent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kgraph.event_types import event_types
from kgraph.lang import get_pack
from kgraph.model import Analysis, Statement

# event types that deliberately have no PLOVER root (outcomes and CAMEO-only categories)
NO_PLOVER = {"hold-election", "appeal", "appoint"}


def _found(analysis: Analysis) -> list[tuple[str, str | None, str, str]]:
    return [(s.trigger.text, s.plover, s.event_type, s.modality) for s in analysis.statements]


def _of_type(analysis: Analysis, event_type: str) -> Statement:
    found = [s for s in analysis.statements if s.event_type == event_type]
    assert found, _found(analysis)
    return found[0]


def _names(roles) -> list[str]:
    return [r.actor.name for r in roles]


# -- the lexicon loads and every reference resolves ---------------------------------------------------
def test_lexicon_loads_and_references_resolve() -> None:
    pack = get_pack("ckb")
    lexicon = pack.trigger_lexicon  # compiling checks event types and verbs and raises on a bad entry
    types = event_types()
    verbs = pack.verb_forms.verbs
    ids = [lexeme.id for lexeme in lexicon.lexemes]
    assert len(ids) == len(set(ids)), "duplicate lexeme ids"
    for lexeme in lexicon.lexemes:
        assert lexeme.type in types, lexeme.id
        assert lexeme.en and lexeme.ar, f"{lexeme.id} needs English and Arabic glosses"
        for alt in (lexeme.negated_type, lexeme.target_actor_type):
            assert alt is None or alt in types, lexeme.id
        for verb in lexeme.verbs:
            assert verb in verbs, (lexeme.id, verb)
        if types[lexeme.type].plover is None:
            assert lexeme.type in NO_PLOVER, lexeme.id
    for nouns, light_verbs in lexicon.speech_light:
        for verb in light_verbs:
            assert verb in verbs, (nouns, verb)
    for verb in lexicon.speech_verbs:
        assert verb in verbs, verb


def test_every_plover_type_has_triggers() -> None:
    types = event_types()
    covered = {types[lexeme.type].plover for lexeme in get_pack("ckb").trigger_lexicon.lexemes}
    plover = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert plover <= covered, plover - covered


def test_verbs_yaml_entries_are_well_formed(repo_root: Path) -> None:
    data = yaml.safe_load((repo_root / "kgraph/lang/ckb/data/verbs.yaml").read_text(encoding="utf-8"))
    for lemma, spec in data["verbs"].items():
        assert spec.get("en") and spec.get("ar"), lemma
        assert spec.get("past") or spec.get("present"), lemma
        if spec.get("particle"):
            assert lemma.endswith(spec["particle"]), lemma  # کردنەوە, not کردن + particle


@pytest.mark.parametrize("local", ["mediate", "ease-restrictions", "investigate", "blockade", "expel"])
def test_new_event_types_are_complete(local: str) -> None:
    etype = event_types()[local]
    assert etype.plover and etype.mode and etype.cameo
    assert {"en", "ckb", "ar"} <= set(etype.labels)


@pytest.mark.parametrize(("word", "lemma", "tense"), [
    ("کوژران", "کوژران", "past"), ("ڕادەگیرێن", "ڕاگرتن", "present"), ("دەکاتە", "کردن", "present"),
    ("پچڕاند", "پچڕاندن", "past"), ("هەڵدەگیرێت", "هەڵگرتن", "present"), ("دابەشکرا", "دابەشکردن", "past"),
    ("داخرا", "داخستن", "past"), ("هاوێشتیانە", "هاویشتن", "past"), ("بەرپەرچی", None, None),
])
def test_verb_forms(word: str, lemma: str | None, tense: str | None) -> None:
    pack = get_pack("ckb")
    verbs = pack.verb_forms
    if lemma is None:
        assert not verbs.is_finite(pack.key(word))
        return
    result = verbs.analyse(pack.key(word), pack.key(lemma))
    assert result is not None and result.tense == tense


def test_oil_is_not_did_not_say() -> None:
    """نەوت "oil" must not read as نە + وت "did not say"."""
    pack = get_pack("ckb")
    assert not pack.verb_forms.is_finite(pack.key("نەوت"))
    assert pack.key("وتی") in pack.trigger_lexicon.speech_forms


# -- one construction per row: sentence, PLOVER type, event type, modality (None: not checked) ---------
CASES = [
    # AGREE
    ("agree.concur", "حکومەتی عێراق و حکومەتی هەرێمی کوردستان لەسەر بودجە کۆک بوون.", "AGREE", "agree", "asserted"),
    ("commit.lv", "تورکیا پابەند بوو بە ڕێککەوتنەکە.", "AGREE", "commit", "planned"),
    ("commit.ready", "ئێران ئامادەیی خۆی بۆ گفتوگۆ لەگەڵ ئەمریکا دەربڕی.", "AGREE", "commit", "planned"),
    ("agree.noun-mou", "یاداشتی لێکتێگەیشتن لە نێوان عێراق و ئوردن واژۆ کرا.", "AGREE", "sign-agreement", None),
    # CONSULT
    ("mediate.lv", "قەتەر ناوبژیوانیی لە نێوان ئەمریکا و ئێران کرد.", "CONSULT", "mediate", "asserted"),
    ("mediate.noun", "ناوبژیوانیی قەتەر لە نێوان ئەمریکا و ئێران سەرکەوتوو بوو.", "CONSULT", "mediate", None),
    ("host.lv-host", "عێراق میوانداریی لوتکەی عەرەبی دەکات.", "CONSULT", "host-visit", "planned"),
    ("host.welcome", "نێچیرڤان بارزانی بەخێرهاتنی وەزیری دەرەوەی تورکیای کرد.", "CONSULT", "host-visit", None),
    ("visit.delegation", "حکومەتی هەرێمی کوردستان شاندێکی بۆ بەغدا نارد.", "CONSULT", "visit", "asserted"),
    ("visit.depart", "سوودانی بەرەو تاران بەڕێ کەوت.", "CONSULT", "visit", "asserted"),
    ("visit.go-directional", "سوودانی سبەی دەچێتە تاران.", "CONSULT", "visit", "planned"),
    ("discuss.mention", "مەسرور بارزانی باسی پرسی ئاوی لەگەڵ وەزیری دەرەوەی تورکیا کرد.", "CONSULT", "discuss", None),
    # SUPPORT
    ("support.lv", "نێچیرڤان بارزانی پشتگیریی لە حکومەتی عێراق کرد.", "SUPPORT", "support", "asserted"),
    ("praise.thank", "سوودانی سوپاسی حکومەتی هەرێمی کوردستانی کرد.", "SUPPORT", "praise", "asserted"),
    ("support.sympathy", "مەسرور بارزانی سەرەخۆشیی لە حکومەتی تورکیا کرد.", "SUPPORT", "support", None),
    ("support.respect", "یەکێتی ڕێزی لە ئەنجامی هەڵبژاردنەکان گرت.", "SUPPORT", "support", None),
    # COOPERATE / AID
    ("cooperate.joint", "سوپای عێراق و پێشمەرگە ئۆپەراسیۆنێکی هاوبەشیان دژی داعش ئەنجام دا.", "COOPERATE",
     "cooperate", None),
    ("aid.send", "ئەمریکا هاوکاریی مرۆیی بۆ ئاوارەکان نارد.", "AID", "aid", "asserted"),
    ("aid.grant", "ئەڵمانیا یارمەتییەکی دارایی بە حکومەتی هەرێمی کوردستان بەخشی.", "AID", "aid", None),
    ("pay.disburse", "حکومەتی عێراق مووچەی فەرمانبەرانی هەرێمی کوردستان خەرج کرد.", "AID", "pay", "asserted"),
    ("pay.definite", "مووچەکانی مانگی ڕابردوو دابەش کران.", "AID", "pay", None),
    # CONCEDE / RETREAT
    ("ease.lift", "ئەمریکا سزاکانی سەر ئێرانی هەڵگرت.", "RETREAT", "ease-restrictions", "asserted"),
    ("ease.curfew", "قەدەغەی هاتوچۆ لە بەغدا هەڵگیرا.", "RETREAT", "ease-restrictions", None),
    ("ease.reopen", "عێراق دەروازەی سنووریی لەگەڵ سووریا کردەوە.", "RETREAT", "ease-restrictions", None),
    ("release.passive", "دوو ڕۆژنامەنووس لە زیندانی سلێمانی ئازاد کران.", "RETREAT", "release", "asserted"),
    ("release.prisoners", "ئاڵوگۆڕی دیل لە نێوان ئێران و ئەمریکا ئەنجام درا.", "RETREAT", "release", None),
    ("resign.spaced", "سەرۆکی پەرلەمان دەستی لە کار کێشایەوە.", "RETREAT", "resign", "asserted"),
    ("concede.relinquish", "پارتی دەستبەرداری داواکەی بوو.", "CONCEDE", "concede", "asserted"),
    ("concede.handover", "حکومەتی هەرێمی کوردستان داهاتی نەوت ڕادەستی بەغدا دەکات.", "CONCEDE", "concede", "planned"),
    ("concede.quit", "یەکێتی وازی لە بایکۆتی کۆبوونەوەکان هێنا.", "CONCEDE", "concede", None),
    ("reverse.retreat-lv", "پارتی لە هەڵوێستەکەی پاشەکشەی کرد.", "CONCEDE", "reverse-decision", None),
    # DEMAND
    ("demand.insist", "پەرلەمانی عێراق پێداگریی لەسەر ئەوە کرد کە حکومەت هێز بنێرێت.", "DEMAND", "demand", "asserted"),
    ("demand.plead", "نێچیرڤان بارزانی تکای لە لایەنە سیاسییەکان کرد یەکڕیز بن.", "DEMAND", "demand", None),
    # ACCUSE
    ("condemn.lv", "وەزارەتی دەرەوەی عێراق تەقینەوەکەی سەرکۆنە کرد.", "ACCUSE", "condemn", "asserted"),
    ("criticize.complain", "پارتی گلەیی لە حکومەتی عێراق کرد.", "ACCUSE", "criticize", "asserted"),
    ("criticize.concern", "یونامی نیگەرانیی خۆی لە هەڵوێستی پارتی دەربڕی.", "ACCUSE", "criticize", None),
    ("accuse.sue", "یەکێتی سکاڵای لەسەر پارتی تۆمار کرد.", "ACCUSE", "accuse", "asserted"),
    ("accuse.blame", "پارتی تۆمەتی گەندەڵیی خستە پاڵ یەکێتی.", "ACCUSE", "accuse", None),
    ("investigate.lv", "دەستەی دەستپاکی لێکۆڵینەوە لە گرێبەستەکانی وەزارەتەکە دەکات.", "ACCUSE", "investigate",
     "planned"),
    # REJECT
    ("reject.deny", "وەزارەتی دەرەوەی تورکیا نکۆڵیی لە هێرشەکە کرد.", "REJECT", "reject", "asserted"),
    ("reject.rebut", "پارتی بەرپەرچی لێدوانەکانی یەکێتی دایەوە.", "REJECT", "reject", "asserted"),
    ("reject.veto", "ئەمریکا ڤیتۆی بڕیارەکەی کرد.", "REJECT", "reject", None),
    ("concede.submit-negated", "پارتی ملکەچی فشارەکانی بەغدا نابێت.", "REJECT", "reject", "asserted"),
    ("agree.concur-negated", "پارتی لەگەڵ یەکێتی هاوڕا نەبوو.", "REJECT", "reject", "asserted"),
    # THREATEN
    ("warn.lv", "سوپای تورکیا ئاگاداری کردەوە کە هێرش دەکاتە سەر ناوچەکە.", "THREATEN", "threaten", None),
    ("threaten.ultimatum", "عێراق ئۆلتیماتۆمێکی بە گرووپە چەکدارەکان دا.", "THREATEN", "threaten", None),
    # PROTEST
    ("strike.verb", "مامۆستایان لە سلێمانی مانیان گرت.", "PROTEST", "strike", "asserted"),
    ("protest.rally", "هەزاران کەس لە بەردەم پەرلەمانی عێراق گردبوونەوە.", "PROTEST", "protest", None),
    ("protest.march", "خەڵکی ناڕازی ڕێپێوانیان کرد.", "PROTEST", "protest", "asserted"),
    # SANCTION
    ("sanction.embargo", "ئەمریکا گەمارۆی ئابووریی خستە سەر ئێران.", "SANCTION", "sanction", "asserted"),
    ("relations.cut", "عێراق پەیوەندییەکانی لەگەڵ تورکیا پچڕاند.", "SANCTION", "reduce-relations", "asserted"),
    ("suspend.passive", "هەموو گەشتەکانی فڕۆکەخانەی سلێمانی ڕادەگیرێن.", "SANCTION", "suspend", "planned"),
    # MOBILIZE
    ("mobilize.station", "تورکیا هێزی زیاتری لە سنوورەکانی جێگیر کرد.", "MOBILIZE", "mobilize", "asserted"),
    ("mobilize.alert", "سوپای عێراق ئامادەباشیی ڕاگەیاند.", "MOBILIZE", "mobilize", "asserted"),
    # COERCE
    ("occupy.seize", "حەشدی شەعبی دەستی بەسەر بارەگای پارتی دا گرت.", "COERCE", "occupy", "asserted"),
    ("blockade.lv", "داعش ئابڵۆقەی شارەکەی دا.", "COERCE", "blockade", "asserted"),
    ("ban.curfew", "حکومەت قەدەغەی هاتوچۆی ڕاگەیاند.", "COERCE", "ban", "asserted"),
    ("ban.close", "ئێران دەروازەی سنووریی باشماخی داخست.", "COERCE", "ban", "asserted"),
    ("expel.lv", "ئەڵمانیا سێ پەنابەری عێراقیی دیپۆرت کرد.", "COERCE", "expel", "asserted"),
    ("arrest.passive", "چوار چالاکوان لە دهۆک دەستگیر کران.", "COERCE", "arrest", "asserted"),
    ("arrest.court", "دوو ڕۆژنامەنووس ڕاپێچی دادگا کران.", "COERCE", "arrest", None),
    # ASSAULT
    ("airstrike.rocket", "داعش چەند مووشەکێکی هاوێشتە سەر بنکەی سوپای عێراق.", "ASSAULT", "airstrike", "asserted"),
    ("airstrike.noun", "هێرشی درۆنی کرایە سەر بنکەیەکی حەشدی شەعبی.", "ASSAULT", "airstrike", None),
    ("airstrike.bombard", "تورکیا ناوچەکەی بۆمباران کرد.", "ASSAULT", "airstrike", "asserted"),
    ("attack.shoot", "پۆلیس تەقەی لە خۆپیشاندەران کرد.", "ASSAULT", "attack", "asserted"),
    ("attack.clash", "پێکدادان لە نێوان پێشمەرگە و داعش ڕوویدا.", "ASSAULT", "attack", None),
    ("attack.torture", "چەکدارەکان ئەشکەنجەی دیلەکانیان دا.", "ASSAULT", "attack", None),
    ("bomb.suicide", "هێرشێکی خۆکوژی لە بەغدا کرایە سەر بازاڕێک.", "ASSAULT", "bomb", None),
    ("bomb.passive", "ئۆتۆمبێلێکی بۆمبڕێژکراو لە بەغدا تەقێنرایەوە.", "ASSAULT", "bomb", "asserted"),
    ("kill.assassinate", "ڕۆژنامەنووسێک لە کەرکووک تیرۆر کرا.", "ASSAULT", "kill", "asserted"),
    ("kill.noun", "کوژرانی سێ سەربازی تورکیا لە دهۆک.", "ASSAULT", "kill", None),
]


@pytest.mark.parametrize(("case", "text", "plover", "event_type", "modality"), CASES, ids=[c[0] for c in CASES])
def test_construction(analyse_text, case: str, text: str, plover: str, event_type: str, modality: str | None) -> None:
    analysis = analyse_text(text)
    statement = _of_type(analysis, event_type)
    assert statement.plover == plover, _found(analysis)
    if modality is not None:
        assert statement.modality == modality, _found(analysis)


# -- participants that the lexicon decides ----------------------------------------------------------------
def test_passive_kill_makes_the_subject_the_victim(analyse_text) -> None:
    kill = _of_type(analyse_text("چوار چەکداری حەشدی شەعبی لە دیالە کوژران."), "kill")
    assert kill.source == [] and _names(kill.target) == ["Popular Mobilization Forces"]


def test_mediator_and_parties(analyse_text) -> None:
    mediation = _of_type(analyse_text("قەتەر ناوبژیوانیی لە نێوان ئەمریکا و ئێران کرد."), "mediate")
    assert _names(mediation.source) == ["Qatar"]
    assert set(_names(mediation.target)) == {"United States", "Iran"}


def test_sanctions_lifted_on_a_target(analyse_text) -> None:
    lift = _of_type(analyse_text("ئەمریکا سزاکانی سەر ئێرانی هەڵگرت."), "ease-restrictions")
    assert _names(lift.source) == ["United States"] and _names(lift.target) == ["Iran"]


def test_insisting_governs_the_clause_after_it(analyse_text) -> None:
    analysis = analyse_text("پەرلەمانی عێراق پێداگریی لەسەر ئەوە کرد کە حکومەت هێز بنێرێت.")
    assert _of_type(analysis, "mobilize").modality == "demanded"


# -- modality cues of the clause section ------------------------------------------------------------------
@pytest.mark.parametrize(("text", "event_type", "modality"), [
    ("حکومەتی عێراق بەنیازە هێز بۆ سنوور بنێرێت.", "mobilize", "planned"),
    ("ئەمریکا پلانی هەیە سزا بەسەر ئێراندا بسەپێنێت.", "sanction", "planned"),
    ("ئەگەر بەغدا مووچە نەنێرێت، یەکێتی کۆبوونەوەکان بایکۆت دەکات.", "pay", "hypothetical"),
    ("حکومەت مووچە دابەش دەکات، ئەگینا فەرمانبەران مان دەگرن.", "strike", "hypothetical"),
    ("لەوانەیە تورکیا هێرش بکاتە سەر سنجار.", "attack", "hypothetical"),
    ("ڕەنگە ئێران سنوورەکەی دابخات.", "ban", "hypothetical"),
    ("حکومەتی هەرێمی کوردستان ناتوانێت مووچەی فەرمانبەران دابین بکات.", "pay", "negated"),
])
def test_modality_cues(analyse_text, text: str, event_type: str, modality: str) -> None:
    analysis = analyse_text(text)
    assert _of_type(analysis, event_type).modality == modality, _found(analysis)


# -- speech and attribution ---------------------------------------------------------------------------------
def test_written_statement_is_attributed(analyse_text) -> None:
    analysis = analyse_text("مەسرور بارزانی لە تویتێکدا نووسیویەتی کە حکومەتی هەرێم پابەندە بە ڕێککەوتنەکە.")
    commit = _of_type(analysis, "commit")
    assert _names(commit.attributed_to) == ["Masrour Barzani"]
    assert _names(commit.source) == ["Kurdistan Regional Government"]


def test_according_to_a_statement_keeps_the_clause_subject(analyse_text) -> None:
    analysis = analyse_text(
        "بەگوێرەی ڕاگەیەندراوێکی سەرۆکایەتیی هەرێمی کوردستان، نێچیرڤان بارزانی پیرۆزبایی لە سوودانی کرد.")
    congratulation = _of_type(analysis, "congratulate")
    assert _names(congratulation.source) == ["Nechirvan Barzani"]
    assert _names(congratulation.attributed_to) == ["Presidency of the Kurdistan Region"]


def test_said_with_the_short_stem_is_speech(analyse_text) -> None:
    analysis = analyse_text("سوودانی وتی هێزەکانی ئەمریکا لە کۆتایی ساڵدا دەکشێنەوە.")
    assert _names(_of_type(analysis, "withdraw").attributed_to) == ["Mohammed Shia al-Sudani"]


def test_oil_does_not_open_reported_speech(analyse_text) -> None:
    analysis = analyse_text("حکومەتی هەرێمی کوردستان داهاتی نەوت ڕادەستی بەغدا دەکات.")
    handover = _of_type(analysis, "concede")
    assert handover.attributed_to == []
    assert _names(handover.source) == ["Kurdistan Regional Government"]


# -- words of the lexicon in non-event uses -----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "سەرۆکی حکومەتی هەرێمی کوردستان باسی لەوە کرد کە هەرێم ئامادەیە.",  # باس کرد "mentioned", no partner
    "بەڕێوەبەری گشتیی کارەبا وتی کارەبا زیاد دەکرێت.",  # بەڕێوەبەر is not بەڕێ کەوتن
    "سەرۆکی پەرلەمان لە ڕیزی پێشەوەی کۆنفرانسەکە دانیشتبوو.",  # ڕیز "row" is not ڕێز گرتن
    "بڕی پارەی نەوت زیادی کرد.",  # بڕ "amount"
    "بەشێک لە تەقەمەنییەکان لە کۆگاکەدا دۆزرانەوە.",  # تەقەمەنی "ammunition" is not تەقە کردن
    "ئەم کتێبە لەسەر مێژووی شەهیدان نووسراوە.",
    "ژمارەی کوژراوان گەیشتە سێ کەس.",
    "یونامی هاوسۆزیی خۆی لەگەڵ قوربانیانی لافاوەکە دەربڕی.",  # sympathy needs an actor it is addressed to
    "نیگەرانی لە بڵاوبوونەوەی نەخۆشییەکە زیادی کردووە.",
])
def test_non_event_uses_make_no_statement(analyse_text, text: str) -> None:
    analysis = analyse_text(text)
    assert [s for s in analysis.statements if s.plover] == [], _found(analysis)


def test_verbal_noun_of_a_new_verb_is_not_finite() -> None:
    pack = get_pack("ckb")
    for word in ("دابەشکردنی", "هەڵوەشاندنەوەی", "پچڕاندنی", "ناردنی"):
        assert not pack.verb_forms.is_finite(pack.key(word)), word


def test_lexeme_ids_follow_the_naming_pattern() -> None:
    for lexeme in get_pack("ckb").trigger_lexicon.lexemes:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)?", lexeme.id), lexeme.id
