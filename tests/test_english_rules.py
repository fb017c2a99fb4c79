"""English extraction rules on sentences written for these tests: dates, actors (possessives, al-
spellings, posts, demonyms), attribution, modality and negation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kgraph.dates import PartialDate
from kgraph.document import Document
from kgraph.model import Analysis, Statement
from kgraph.pipeline import get_pipeline


@pytest.fixture(scope="module")
def analyse_en() -> Callable[[str, str], Analysis]:
    pipeline = get_pipeline("en")

    def run(text: str, published: str = "2022-06-15") -> Analysis:
        return pipeline(Document("test-en", text, "en", PartialDate.parse(published)))

    return run


def _one(analysis: Analysis, plover: str) -> Statement:
    found = [s for s in analysis.statements if s.plover == plover]
    assert len(found) == 1, [(s.trigger.text, s.plover) for s in analysis.statements]
    return found[0]


def _names(roles) -> list[str]:
    return [r.actor.name for r in roles]


def _values(analysis: Analysis) -> dict[str, str | None]:
    return {t.text: t.value for t in analysis.timexes}


# -- dates ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "published", "expected"), [
    ("The talks were held on Monday.", "2022-06-15", {"Monday": "2022-06-13"}),
    ("They will meet next Monday.", "2022-06-15", {"next Monday": "2022-06-20"}),
    ("The envoy will arrive in Baghdad on Friday.", "2022-06-15", {"Friday": "2022-06-17"}),
    ("Parliament voted last year.", "2022-06-15", {"last year": "2021"}),
    ("The envoy arrives next month.", "2022-12-15", {"next month": "2023-01"}),
    ("Troops must leave by the end of the year.", "2021-07-27", {"the end of the year": "2021-12-31"}),
    ("The budget was approved earlier this month.", "2022-06-15", {"earlier this month": "2022-06"}),
    ("Revenue fell in Q3 2021 and in the first half of 2022.", "2022-09",
     {"Q3 2021": "2021-Q3", "the first half of 2022": "2022-H1"}),
    ("The results came on 30/11/2021.", "2021-12", {"30/11/2021": "2021-11-30"}),
    ("The decision is dated 2023-09-17.", "2023-09", {"2023-09-17": "2023-09-17"}),
    ("The vote was held on 11/30/2021.", "2021-12", {"11/30/2021": "2021-11-30"}),  # only month-first parses
    ("The vote was held on Oct. 10, 2021.", "2021-12", {"Oct. 10, 2021": "2021-10-10"}),
    ("He met them on 3 March 2020 and in July.", "2020-09", {"3 March 2020": "2020-03-03", "July": "2020-07"}),
    ("Oil exports stopped on March 25.", "2023-09-18", {"March 25": "2023-03-25"}),
    ("They met three days ago.", "2022-06-15", {"three days ago": "2022-06-12"}),
    ("Sadr ordered them to quit on June 12, and the speaker accepted the same night.", "2022-06-23",
     {"June 12": "2022-06-12", "the same night": "2022-06-12"}),
])
def test_dates_resolve_against_the_publication_date(analyse_en, text: str, published: str, expected) -> None:
    assert _values(analyse_en(text, published)) == expected


def test_vague_references_are_typed_not_resolved(analyse_en) -> None:
    a = analyse_en("Talks will resume in the coming days; 2,500 troops are currently deployed.")
    assert {t.text: (t.value, t.type) for t in a.timexes} == {
        "the coming days": (None, "FUTURE_REF"), "currently": (None, "PRESENT_REF")}


def test_may_is_a_month_only_with_a_day_or_year(analyse_en) -> None:
    assert _values(analyse_en("Iraq may sign the deal. It was signed on May 4, 2022.")) == {"May 4, 2022": "2022-05-04"}


def test_date_relations_come_from_the_words_before(analyse_en) -> None:
    a = analyse_en("Turkey must withdraw by the end of the year. Flows resumed as of 2022-06-01.")
    assert {t.text: t.relation for t in a.timexes} == {"the end of the year": "by", "2022-06-01": "from"}


def test_a_dateline_is_not_part_of_the_first_sentence(analyse_en) -> None:
    a = analyse_en("BAGHDAD, Dec. 10 – The U.S.-led coalition ended its combat mission in Iraq.", "2021-12-10")
    end = _one(a, "RETREAT")
    assert _names(end.source) == ["Global Coalition to Defeat ISIS"] and end.date is None
    assert all(m.text != "BAGHDAD" or not m.reportable for m in a.mentions)


# -- actors --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["al-Kadhimi", "al Kadhimi", "Kadhimi", "Mustafa al-Kadhimi"])
def test_al_spellings_meet_the_same_person(analyse_en, spelling: str) -> None:
    a = analyse_en(f"{spelling} met Joe Biden.", "2021-07-26")
    meet = _one(a, "CONSULT")
    assert _names(meet.source) == ["Mustafa al-Kadhimi"] and _names(meet.target) == ["Joe Biden"]


def test_possessive_institution_is_one_mention_in_its_polity(analyse_en) -> None:
    a = analyse_en("Iraq's parliament rejected the law after Kurdistan Region's parliament approved it.")
    assert [(m.text, m.actor.name) for m in a.mentions] == [
        ("Iraq's parliament", "Council of Representatives of Iraq"),
        ("Kurdistan Region's parliament", "Kurdistan Parliament")]
    assert _names(_one(a, "REJECT").source) == ["Council of Representatives of Iraq"]
    assert _names(_one(a, "AGREE").source) == ["Kurdistan Parliament"]


@pytest.mark.parametrize(("published", "holder"), [("2021-07", "Mustafa al-Kadhimi"),
                                                   ("2023-03", "Mohammed Shia al-Sudani")])
def test_a_post_denotes_its_holder_on_the_publication_date(analyse_en, published: str, holder: str) -> None:
    visit = _one(analyse_en("The Iraqi prime minister will visit Ankara next month.", published), "CONSULT")
    assert _names(visit.source) == [holder]
    assert _names(visit.target) == ["Turkey"]  # the capital stands for its government
    assert visit.modality == "planned"


def test_demonym_groups_take_the_polity_code(analyse_en) -> None:
    a = analyse_en("Kurdish officials said Iraqi security forces and U.S. troops attacked the militants.")
    codes = {m.text: m.actor.code for m in a.mentions}
    assert codes["Kurdish officials"] == "IRQGOV"
    assert codes["Iraqi security forces"] == "IRQMIL"
    assert codes["U.S. troops"] == "USAMIL"


def test_titles_belong_to_the_person_mention(analyse_en) -> None:
    a = analyse_en("Kurdistan Region Prime Minister Masrour Barzani met Coalition commander Maj. Gen. John Brennan.")
    assert [m.text for m in a.mentions] == ["Kurdistan Region Prime Minister Masrour Barzani",
                                            "Coalition commander Maj. Gen. John Brennan"]
    assert a.mentions[1].actor.linked is False and a.mentions[1].actor.kind == "person"


def test_a_capital_after_a_locative_is_a_place(analyse_en) -> None:
    a = analyse_en("Rockets landed near Baghdad airport.")
    assert all(not m.reportable for m in a.mentions if m.text == "Baghdad")


def test_an_allegiance_compound_is_not_membership(analyse_en) -> None:
    a = analyse_en("Iraq said Iran-aligned armed factions threatened to attack U.S. troops.", "2021-12")
    factions = next(m for m in a.mentions if "factions" in m.text)
    assert factions.actor.code == "IRQMIL"


# -- attribution ---------------------------------------------------------------------------------------
def test_said_with_the_speaker_before(analyse_en) -> None:
    a = analyse_en("Masrour Barzani said on Monday that the coalition had ended its combat mission.", "2021-12-15")
    end = _one(a, "RETREAT")
    assert _names(end.attributed_to) == ["Masrour Barzani"]
    assert end.date is not None and end.date.timex.value == "2021-12-13"  # the date of the report


def test_said_after_the_content(analyse_en) -> None:
    a = analyse_en("Iraq summoned the Iranian ambassador, the Iraqi Foreign Ministry said.")
    assert _names(_one(a, "CONSULT").attributed_to) == ["Ministry of Foreign Affairs of Iraq"]


def test_according_to_a_statement_from(analyse_en) -> None:
    a = analyse_en("According to a statement from the Iraqi Foreign Ministry, Iraq summoned the Iranian ambassador "
                   "on 30/11/2021.", "2021-12")
    summon = _one(a, "CONSULT")
    assert _names(summon.attributed_to) == ["Ministry of Foreign Affairs of Iraq"]
    assert _names(summon.source) == ["Iraq"] and summon.date.timex.value == "2021-11-30"


def test_a_statement_from_x_said(analyse_en) -> None:
    a = analyse_en("A statement from the KRG said Erbil welcomed the decision.")
    assert _names(_one(a, "SUPPORT").attributed_to) == ["Kurdistan Regional Government"]


def test_quotation_with_the_speaker_after(analyse_en) -> None:
    a = analyse_en("\"We did not ask for a withdrawal. We asked for a timetable,\" an Iraqi official told reporters.")
    demands = [s for s in a.statements if s.plover == "DEMAND"]
    assert [s.modality for s in demands] == ["negated", "asserted"]
    assert all(_names(s.attributed_to) == ["Iraqi official"] for s in demands)
    assert all(_names(s.source) == ["Iraq"] for s in demands)  # "we": the speaker's polity


# -- modality and negation -----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "plover", "modality"), [
    ("Turkey will withdraw its troops.", "RETREAT", "planned"),
    ("Turkey plans to withdraw its troops.", "RETREAT", "planned"),
    ("Turkey is expected to withdraw its troops.", "RETREAT", "planned"),
    ("Masrour Barzani pledged to cooperate with Baghdad.", "AGREE", "planned"),
    ("Iran could attack U.S. bases.", "ASSAULT", "hypothetical"),
    ("If Iraq asks, Turkey will withdraw its troops.", "RETREAT", "hypothetical"),
    ("Turkey would withdraw its troops if Iraq asked.", "RETREAT", "hypothetical"),
    ("Turkey said it would withdraw its troops.", "RETREAT", "planned"),
    ("Turkey did not withdraw its troops.", "RETREAT", "negated"),
    ("Turkey never attacked Iraq.", "ASSAULT", "negated"),
    ("No Iraqi troops were killed.", "ASSAULT", "negated"),
    ("Turkish forces carried out no operation in the area.", "ASSAULT", "negated"),
    ("Turkey refused to release the detainees.", "RETREAT", "negated"),
])
def test_modality_cues(analyse_en, text: str, plover: str, modality: str) -> None:
    assert _one(analyse_en(text), plover).modality == modality


def test_called_on_x_to_do_y(analyse_en) -> None:
    a = analyse_en("The Iraqi prime minister called on Turkey to withdraw its troops by the end of the year.",
                   "2021-07")
    demand, withdraw = _one(a, "DEMAND"), _one(a, "RETREAT")
    assert _names(demand.source) == ["Mustafa al-Kadhimi"] and _names(demand.target) == ["Turkey"]
    assert withdraw.modality == "demanded" and _names(withdraw.source) == ["Turkey"]
    assert withdraw.date.timex.value == "2021-12-31" and withdraw.date.relation == "by"


def test_called_for_an_event_between_two_actors(analyse_en) -> None:
    a = analyse_en("Masrour Barzani called for closer coordination between the Peshmerga and Iraqi forces.")
    cooperate = _one(a, "COOPERATE")
    assert cooperate.modality == "demanded"
    assert _names(cooperate.source) == ["Peshmerga"] and _names(cooperate.target) == ["Iraqi Armed Forces"]


def test_an_event_noun_that_is_an_object_is_not_an_event(analyse_en) -> None:
    a = analyse_en("Washington condemned the attack.")
    assert [s.plover for s in a.statements] == ["ACCUSE"]


def test_coordinated_verbs_share_the_subject(analyse_en) -> None:
    a = analyse_en("Armed factions rejected the deal and threatened to attack U.S. troops.", "2021-12")
    reject, threaten, attack = (_one(a, p) for p in ("REJECT", "THREATEN", "ASSAULT"))
    assert _names(reject.source) == _names(threaten.source) == _names(attack.source)
    assert attack.modality == "hypothetical"


def test_passive_agent_is_the_source(analyse_en) -> None:
    a = analyse_en("Al-Sudani was backed by the Coordination Framework.", "2022-10")
    support = _one(a, "SUPPORT")
    assert _names(support.source) == ["Coordination Framework"]
    assert _names(support.target) == ["Mohammed Shia al-Sudani"]


# -- precision guards ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Oil prices hit a record high, and a fire broke out at the refinery.",
    "In a press release, the ministry said production met the target.",
    "Kataib Hezbollah, an Iran-backed militia, held a rally.",
])
def test_words_in_other_senses_trigger_nothing(analyse_en, text: str) -> None:
    a = analyse_en(text)
    assert all(s.plover not in ("ASSAULT", "RETREAT", "SUPPORT", "CONSULT", "DEMAND") for s in a.statements), \
        [(s.trigger.text, s.plover) for s in a.statements]


def test_an_indefinite_office_word_is_no_reference(analyse_en) -> None:
    a = analyse_en("Iraq's parties failed to agree on a candidate for prime minister or on a government.")
    assert [m.text for m in a.mentions if m.via == "reference"] == []


def test_the_dateline_country_is_the_home_polity(analyse_en) -> None:
    a = analyse_en("ERBIL, Iraq – Iran summoned Turkey's envoy, and Tehran and Ankara traded accusations. "
                   "The foreign ministry said the attack violated the country's sovereignty.", "2022-03-14")
    ministry = next(m for m in a.mentions if m.text.lower() == "the foreign ministry")
    assert ministry.actor.name == "Ministry of Foreign Affairs of Iraq"
    assert all(not m.reportable for m in a.mentions if m.text in ("ERBIL", "Iraq"))


def test_phrase_words_trigger_once(analyse_en) -> None:
    a = analyse_en("Washington imposed sanctions on two Iraqi banks last week.")
    assert [s.trigger.text for s in a.statements] == ["imposed sanctions on"]


# -- possessive and hyphenated period ends --------------------------------------------------------------
@pytest.mark.parametrize(("text", "published", "phrase", "value", "relation"), [
    ("Ankara said its soldiers would pull out by year's end.", "2023-03-09", "year's end", "2023-12-31", "by"),
    ("The cabinet hopes to pass the budget by the year’s end.", "2022-02-14", "the year’s end", "2022-12-31", "by"),
    ("Erbil must pay the salaries by month's end.", "2022-04-05", "month's end", "2022-04-30", "by"),
    ("The embassy will reopen before year-end.", "2020-09-30", "year-end", "2020-12-31", "before"),
    ("Kuwait promised to transfer the funds by the end of the year.", "2019-05-02", "the end of the year",
     "2019-12-31", "by"),
])
def test_period_ends_resolve_to_the_future_edge(analyse_en, text: str, published: str, phrase: str, value: str,
                                                relation: str) -> None:
    a = analyse_en(text, published)
    assert {t.text: (t.value, t.relation) for t in a.timexes} == {phrase: (value, relation)}


def test_negation_in_a_complement_does_not_negate_the_governing_verb(analyse_en) -> None:
    a = analyse_en("Kuwait and Saudi Arabia agreed on Thursday that no Saudi troops would stay in Kuwait after "
                   "March 1, 2024.", "2023-11-10")
    agree, withdraw = _one(a, "AGREE"), _one(a, "RETREAT")
    assert agree.event_type == "agree" and agree.modality == "asserted"
    assert agree.trigger.text == "agreed"  # "on" belongs to the date, not to "agree on"
    assert agree.date.timex.value == "2023-11-09" and agree.date.relation == "on"
    assert withdraw.event_type == "withdraw" and withdraw.modality == "planned"
    assert _names(withdraw.target) == ["Kuwait"]
    assert withdraw.date.timex.value == "2024-03-01" and withdraw.date.relation == "after"
    beyond = _one(analyse_en("Oman said no British sailors would remain in Oman beyond 2025.", "2023-11-10"), "RETREAT")
    assert beyond.modality == "planned" and beyond.date.timex.value == "2025" and beyond.date.relation == "after"


def test_staying_without_a_negation_is_no_event(analyse_en) -> None:
    a = analyse_en("Italian trainers will remain in Erbil to advise the Peshmerga.")
    assert all(s.event_type != "withdraw" for s in a.statements)


def test_coordinated_bare_verbs_share_the_modal(analyse_en) -> None:
    a = analyse_en("French troops could join, assist and support the Peshmerga.", "2022-02-01")
    assert [s.modality for s in a.statements] == ["hypothetical"] * 3, [(s.trigger.text, s.modality)
                                                                         for s in a.statements]
    b = analyse_en("The Italian contingent will train, advise and assist the Peshmerga.", "2022-02-01")
    cooperate = [s for s in b.statements if s.event_type == "cooperate"]
    assert [s.modality for s in cooperate] == ["planned"] * 3
    assert all(_names(s.target) == ["Peshmerga"] for s in cooperate)  # the object reaches back to "train"


def test_a_finite_verb_after_a_modal_keeps_its_own_modality(analyse_en) -> None:
    a = analyse_en("Jordan will welcome the plan and signed a trade deal with Egypt.", "2022-02-01")
    assert _one(a, "AGREE").modality == "asserted"


def test_a_relative_clause_object_is_the_antecedent(analyse_en) -> None:
    a = analyse_en("The EU backs the polls that Lebanon will hold on May 15, 2026.", "2026-01-20")
    election = next(s for s in a.statements if s.event_type == "hold-election")
    assert _names(election.source) == ["Lebanon"] and election.modality == "planned"
    assert election.date.timex.value == "2026-05-15" and election.date.relation == "on"
    assert any(s.event_type == "support" for s in a.statements)


def test_a_relative_clause_object_that_is_an_event_noun(analyse_en) -> None:
    a = analyse_en("Observers said the talks that Egypt and Jordan will hold next week are key.", "2024-03-06")
    meets = [s for s in a.statements if s.event_type == "meet"]
    assert len(meets) == 1 and meets[0].modality == "planned"
    assert _names(meets[0].source) + _names(meets[0].target) == ["Egypt", "Jordan"]
    assert all(s.event_type != "discuss" for s in a.statements)  # the noun is the verb's object, not an event
    b = analyse_en("Ankara criticised the law that the Iraqi parliament approved on Tuesday.", "2024-03-06")
    approve = next(s for s in b.statements if s.event_type == "approve")
    assert _names(approve.source) == ["Council of Representatives of Iraq"]
    assert approve.date.timex.value == "2024-03-05"


@pytest.mark.parametrize(("text", "value"), [
    ("Officials said no Dutch troops would remain in Mali after February.", "2024-02"),
    ("The contractors must leave the base by the end of April.", "2024-04-30"),
    ("The contractors left the base in April.", "2023-04"),  # past clause: the nearest April
])
def test_a_bare_month_after_a_deadline_in_a_future_clause_is_the_next_one(analyse_en, text: str, value: str) -> None:
    assert list(_values(analyse_en(text, "2023-08-21")).values()) == [value]
