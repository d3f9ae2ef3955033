"""The enrich stage on fictional reports built from schema models, and its scores on the real
corpus (which fail below the issue's targets)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from lab import evaluate_nlp
from pipeline import store
from pipeline.enrich import (
    Findings,
    _longest_first,
    abbreviations,
    concepts,
    enrich_report,
    nlp,
    plainly_states_shortfall,
    pointed_paragraphs,
    rank_evidence,
    states_shortfall,
    weak_half,
)
from pipeline.schema import DocumentKind, ImprovementItem, InspectionReport, ItemKind, Paragraph, Polarity, ReportPart

LABELS = Path(__file__).with_name("data") / "theme_labels.csv"

PARAGRAPHS = [
    "Contacts to the front door are screened quickly and thresholds are applied well by experienced staff.",
    "Strategy discussions are not always held when they should be. Too many are late, and police do not "
    "always attend, so information is not shared before section 47 enquiries start.",
    "Care leavers are positive about their personal advisers, who keep in touch with them regularly.",
    "Some care leavers live in unsuitable accommodation for too long. Staying put is not offered to enough "
    "young people, and supported lodgings are in short supply.",
    "Children in care make good progress at school. The virtual school tracks attendance closely.",
    "Supervision is regular and reflective, and managers' decisions are clearly recorded on children's files.",
]


def _report(items: list[str], kind: DocumentKind = DocumentKind.ILACS) -> InspectionReport:
    return InspectionReport(
        doc_id="fictional",
        source_path="fictional.pdf",
        sha256="0" * 64,
        kind=kind,
        local_authority="Anyshire",
        inspection_start=None,
        inspection_end=None,
        published=None,
        lead_inspector=None,
        framework=None,
        pages=3,
        improvements=tuple(
            ImprovementItem(item_no=n, kind=ItemKind.IMPROVE, text=text, page=1) for n, text in enumerate(items, 1)
        ),
        paragraphs=tuple(
            Paragraph(para_no=n, section="Help and protection", page=1 + n // 3, text=text)
            for n, text in enumerate(PARAGRAPHS, 1)
        ),
    )


@pytest.mark.parametrize(
    "item, theme, best_paragraph",
    [
        ("The timeliness and multi-agency attendance of strategy discussions.", "child_protection_enquiries", 2),
        ("The suitability of accommodation for care leavers.", "care_leavers_accommodation", 4),
    ],
)
def test_item_gets_theme_and_best_evidence(item, theme, best_paragraph):
    enriched = enrich_report(_report([item])).improvements[0]
    got = [link.para_no for link in enriched.evidence]
    assert enriched.theme == theme, f"{item!r}: expected theme {theme}, got {enriched.theme}"
    assert got[:1] == [best_paragraph], f"{item!r}: expected paragraph {best_paragraph} first, got {got}"


def test_quote_is_the_weakness_sentence_of_the_best_paragraph():
    item = enrich_report(_report(["The timeliness of strategy discussions."])).improvements[0]
    assert item.evidence[0].quote == "Strategy discussions are not always held when they should be.", item.evidence[0]


def test_a_paragraph_of_praise_is_listed_but_never_quoted():
    item = enrich_report(_report(["Thresholds at the front door."])).improvements[0]
    praise = next(link for link in item.evidence if link.para_no == 1)
    assert praise.quote is None, praise


@pytest.mark.parametrize(
    "sentence, quoted",
    [
        ("Most plans are clear, but too many lack clear timescales.", "Too many lack clear timescales."),
        ("Although leaders know the service well, too many assessments are late.", "Too many assessments are late."),
        ("Leaders know their service well; however, too many assessments are late.", "Too many assessments are late."),
        ("Too many assessments are late.", "Too many assessments are late."),
        # A half that lost its subject, or is a few words, is no quote: the whole sentence is.
        (
            "The plan was agreed, but has not been updated in recent months.",
            "The plan was agreed, but has not been updated in recent months.",
        ),
        (
            "Leaders know the service well; however, systems are not.",
            "Leaders know the service well; however, systems are not.",
        ),
        # Norfolk 2013, Bedford 2017, Cheshire East 2020: "not yet" is no turn; cut at "yet", 46
        # quotes of the dev corpus read "The quality of plans is not." (invented wording here).
        (
            "Senior leaders are clear about priorities and the local authority is not yet consistently "
            "seeing children quickly enough.",
            "Senior leaders are clear about priorities and the local authority is not yet consistently "
            "seeing children quickly enough.",
        ),
        (
            "Leaders have a clear plan, yet too many children wait for an assessment.",
            "Too many children wait for an assessment.",
        ),
    ],
)
def test_a_mixed_sentence_is_quoted_by_its_critical_half(sentence, quoted):
    assert weak_half(sentence) == quoted


# Sentences the polarity judge calls a weakness (a "however", "but" or "not" outweighs a little
# praise), so the quote judge is all that stands between them and the action plan. Invented
# wording after the real case named.
@pytest.mark.parametrize(
    "sentence, shortfall",
    [
        # Windsor and Maidenhead 2015, SIF: "However," turning to praise.
        ("However, the board holds partners to account effectively in several areas.", False),
        # Southampton 2014, SIF: the "not" is in a clause of what the praised practice achieves.
        ("Inspectors saw good examples of plans that make sure children are not moved unless it helps them.", False),
        # Camden 2017, SIF: the shortfall is the condition fronted before a praising main clause.
        ("If practitioners are unclear about a referral, they can get helpful advice from the duty team.", False),
        # Manchester 2014, SIF: "but" turns away from a shortfall to an outcome.
        (
            "It is too early to judge the programme's impact, but of the twenty families who finished it none "
            "has needed a child protection plan.",
            False,
        ),
        ("The service not only supports children but also helps their parents.", False),
        # Oxfordshire 2024 and Southampton 2023, ILACS: the shortfall is only the setting of the praise.
        ("When this is not the case, advisers make determined efforts to find care leavers work.", False),
        # Sheffield 2021, focused visit: a shortfall granted, and the main clause says what makes up for it.
        ("Although schools do not attend the meetings, information is sought from them.", False),
        # Leicestershire 2024, ILACS: a sentence that opens by calling itself praise.
        ("Positively, a new role is giving leaders a better understanding of the causes of delay.", False),
        # Manchester 2014, SIF, and West Sussex 2018, focused visit: the weakness named is what is put right.
        ("There is evidence of impact from action taken to address weaknesses in several areas.", False),
        ("Plans to address the weaknesses are not yet in place.", True),
        (
            "Where the audit found a lack of knowledge of safe recruitment, training is provided to address the shortfall.",
            False,
        ),
        # Isle of Wight 2024, focused visit: a setting of two conditions is still only the setting.
        (
            "When risks rise for children, or if their lives are not improving, managers act promptly to review plans.",
            False,
        ),
        # North East Lincolnshire 2019, focused visit: an aside listing what the subject includes
        # does not end its main clause, which praises.
        ("The audits, including the chairs' scrutiny, are thorough and show where drift is occurring.", False),
        # Oldham 2022 and North Yorkshire 2021, focused visits: deficits found, delay absent.
        ("Audits highlight practice deficits accurately and are moderated.", False),
        ("Enquiries are thorough and are completed without any delay.", False),
        ("Changes of manager have been handled well and have not had a negative impact on practice.", False),
        # Hertfordshire 2015, SIF: drift and delay avoided, and a reason given after ", as".
        ("A structured approach is in place, with clear guidance for staff to avoid drift and delay.", False),
        ("This is a very successful programme, as the young people have not engaged in training before.", False),
        ("Plans are not reviewed on time, as managers lack capacity.", True),
        ("Advisers work tenaciously to reduce the number not in education, employment or training.", False),
        ("Too many care leavers are not in education, employment or training.", True),
        ("Audits do not identify weaknesses in practice.", True),
        # Harrow 2018, focused visit: "but" turns from praise to a clause stating no shortfall.
        ("Workers have creatively set up a parenting group, but it will then be led by the community itself.", False),
        # Birmingham 2016, SIF: "despite" fronts the shortfall as a setting; Luton 2022, ILACS: high
        # caseloads named as what was reduced.
        ("Despite these gaps, the council has led partners well in setting up a new forum.", False),
        ("Despite recent efforts, caseloads remain too high.", True),
        ("Actions leaders have taken have reduced the very high caseloads seen before.", False),
        ("Leaders have not reduced high caseloads.", True),
        # Bromley 2024, ILACS: the negation is in a clause inside the subject saying when or
        # which; the main clause praises.
        ("Decisions to escalate cases when children's lives are not improving are appropriate.", False),
        ("Children who do not need a statutory service are helped well by the early help team.", False),
        ("Plans that do not set timescales are common.", True),
        # Wandsworth 2018 and Redcar and Cleveland 2017, SIF: what "but" turns to states a shortfall.
        ("Most conferences are chaired well, but few children take part in them.", True),
        ("The board benefits from a children's group, but more needs to be done to hear from others.", True),
        # Brent 2015, SIF: "although" grants an aside straight after the subject; the clause praises.
        ("Safety goals, although broad, result in clear and specific actions for children.", False),
        # Shortfalls whose main clause holds a praise word, or none of the cues, stay quotable.
        ("Most plans are clear, but too many lack clear timescales.", True),
        ("However, there is little evidence that partners effectively hold each other to account.", True),
        ("Strategy discussions do not, however, routinely set out contingency plans.", True),
        # Lambeth 2015, SIF: "ensuring" after "for" names the process, it does not praise it.
        ("The process for ensuring that care leavers receive their health histories is not sufficiently clear.", True),
        # Leicester 2015, SIF: "at that inspection" opens no clause.
        ("Several strengths noted at that inspection have not been kept up.", True),
        # St Helens 2023, ILACS: ", which" goes on with the main clause's point.
        (
            "Frequent changes limit children's chances to form meaningful relationships, which delays their progress.",
            True,
        ),
        # Hackney 2016, SIF: ", which includes" lists what the subject holds, as "including" does.
        (
            "The board uses a comprehensive range of performance data, which includes data on unregistered schools.",
            False,
        ),
        # Oldham 2024, ILACS: "why" opens a clause saying what is understood, not the main clause's claim.
        (
            "Life-story books are written sensitively, helping children understand why they did not stay at home.",
            False,
        ),
        ("Social workers cannot explain why plans are not reviewed.", True),
        # North Yorkshire 2014, SIF: what would be better is not yet so.
        (
            "Although it meets the guidance, the board's membership would be strengthened by adding a head teacher.",
            True,
        ),
    ],
)
def test_a_quote_states_a_shortfall_in_its_main_clause(sentence, shortfall):
    assert nlp.polarity_cues(nlp.CUES).polarity(sentence) is Polarity.WEAKNESS, sentence
    assert states_shortfall(sentence) is shortfall, sentence


def test_a_praising_sentence_gives_way_to_the_next_weakness_then_to_the_next_paragraph():
    praise = "However, the board challenges partners effectively about strategy discussions and their records."
    weakness = "Some strategy discussions are held late."
    paragraphs = (
        Paragraph(para_no=1, section="Help and protection", page=1, text=f"{praise} {weakness}"),
        Paragraph(para_no=2, section="Help and protection", page=1, text=praise),
    )
    item = "The board’s challenge to partners about strategy discussions and their records."
    quotes = {
        link.para_no: link.quote
        for link in enrich_report(_report([item]).model_copy(update={"paragraphs": paragraphs}))
        .improvements[0]
        .evidence
    }
    assert quotes == {1: weakness, 2: None}, quotes


# Newham 2014 and Derby 2023, SIF and ILACS: "Some children ..." is a weakness cue, as it usually
# limits a shortfall to a few children, but as often it says what works for those few; a quote weak
# only by such a quantifier gives way to a sentence of the paragraph that states the shortfall
# (invented wording).
@pytest.mark.parametrize(
    "sentence, plainly",
    [
        ("Some children are able to reach early help through the children's centres.", False),
        ("A small number of children benefit from good life-story work.", False),
        # Luton 2019, focused visit: "only" with a number or a share states how few, a shortfall.
        ("Only a minority of carers have received training in trauma-informed care.", True),
        ("Only one in three children has a health assessment within 28 days.", True),
        # Norfolk 2013, SIF: children who need a service are no obligation of the council's.
        ("A new clinical service helps to devise care for some children who need specialist support.", False),
        ("Some children wait too long for an assessment.", True),
        ("A small number of children do not have an up-to-date plan.", True),
        ("Some children's plans should set out clearer timescales.", True),
    ],
)
def test_a_quote_is_plainly_weak_by_more_than_a_few_children(sentence, plainly):
    assert nlp.polarity_cues(nlp.CUES).polarity(sentence) is Polarity.WEAKNESS, sentence
    assert plainly_states_shortfall(sentence) is plainly, sentence


def _quotes(item: str, *texts: str) -> dict[int, str | None]:
    paragraphs = tuple(
        Paragraph(para_no=n, section="Help and protection", page=1, text=text) for n, text in enumerate(texts, 1)
    )
    enriched = enrich_report(_report([item]).model_copy(update={"paragraphs": paragraphs})).improvements[0]
    return {link.para_no: link.quote for link in enriched.evidence}


def test_a_sentence_weak_only_by_some_children_gives_way_to_the_shortfall_it_hedges():
    hedged = "Some children and families are able to reach early help through the children's centres."
    shortfall = "However, a coordinated early help offer is not yet available across the borough."
    quotes = _quotes(
        "Work with partners so that more children and families receive early help.", f"{hedged} {shortfall}"
    )
    assert quotes == {1: shortfall}, quotes


def test_a_sentence_weak_only_by_a_small_number_is_quoted_where_the_paragraph_has_nothing_plainer():
    fact = "A small number of children have lived in homes that are not registered."
    quotes = _quotes("The use of homes that are not registered for children in care.", fact)
    assert quotes == {1: fact}, quotes


def test_a_sentence_weak_only_by_some_children_that_praises_them_is_never_quoted():
    # Luton 2019, focused visit (invented wording): praise for the few, not a shortfall.
    quotes = _quotes(
        "How promptly children get support for their health.",
        "Some children get good support for their health promptly.",
    )
    assert quotes == {1: None}, quotes


@pytest.mark.parametrize(
    "sentence, polarity",
    [
        # Derby 2025, ILACS, and Manchester 2017, SIF: what an action ensures does not happen is its aim.
        (
            "Managers' oversight ensures that children do not remain in pre-proceedings once risks reduce.",
            Polarity.STRENGTH,
        ),
        ("The council acted to ensure that caseloads do not exceed fifteen children.", Polarity.STRENGTH),
        # South Gloucestershire 2022, focused visit: a purpose inside the subject is no aim achieved.
        ("Oversight to ensure that plans progress is not routinely clear.", Polarity.WEAKNESS),
        # Sheffield 2021, focused visit: knowing strengths and weaknesses is no weakness.
        ("The improvement plan accurately identifies the strengths and weaknesses of the services.", Polarity.STRENGTH),
    ],
)
def test_what_an_action_ensures_and_known_weaknesses_are_no_shortfall(sentence, polarity):
    assert nlp.polarity_cues(nlp.CUES).polarity(sentence) is polarity, sentence


def test_evidence_is_best_first_with_pages():
    item = enrich_report(_report(["Suitable accommodation for care leavers."])).improvements[0]
    scores = [link.score for link in item.evidence]
    assert scores == sorted(scores, reverse=True), f"evidence not best first: {item.evidence}"
    assert all(link.page == 1 + link.para_no // 3 for link in item.evidence), item.evidence


def test_paragraphs_get_theme_and_polarity():
    paragraphs = enrich_report(_report([])).paragraphs
    got = [(p.theme, p.polarity) for p in paragraphs]
    assert got[1] == ("child_protection_enquiries", Polarity.WEAKNESS), got
    assert got[2][1] is Polarity.STRENGTH, got


def test_a_recommendation_numbered_as_a_paragraph_is_not_its_own_evidence():
    text = "Ensure that strategy discussions are held promptly and attended by the police."
    report = _report([text], DocumentKind.SIF)
    own = Paragraph(para_no=7, section="Recommendations", page=1, text=text)
    report = report.model_copy(update={"paragraphs": (*report.paragraphs, own)})
    got = [link.para_no for link in enrich_report(report).improvements[0].evidence]
    assert 7 not in got and got[:1] == [2], f"{text!r}: got {got}"


def test_a_sif_pointer_puts_the_cited_paragraph_first():
    text = "Ensure that children in care attend school regularly (paragraph 6)."
    item = enrich_report(_report([text], DocumentKind.SIF)).improvements[0]
    assert item.evidence[0].para_no == 6, f"{text!r}: got {[link.para_no for link in item.evidence]}"


def _evidence_with_a_seventh_paragraph(item: str, text: str) -> list[int]:
    report = _report([item])
    seventh = Paragraph(para_no=7, section="Help and protection", page=3, text=text)
    enriched = enrich_report(report.model_copy(update={"paragraphs": (*report.paragraphs, seventh)}))
    return [link.para_no for link in enriched.improvements[0].evidence]


@pytest.mark.parametrize(
    "item, finding",
    [
        # Some reports list a weakness as an item in the words its finding opens with.
        (
            "The response to 16- and 17-year-olds who present as homeless.",
            "The response to 16- and 17-year-olds who present as homeless is ineffective. Not all receive an assessment.",
        ),
        # The same concept in other words.
        (
            "The sufficiency of homes for children in care.",
            "There is a shortage of local foster placements, so some children live far from their families.",
        ),
    ],
)
def test_the_paragraph_that_states_the_weakness_comes_first(item, finding):
    got = _evidence_with_a_seventh_paragraph(item, finding)
    assert got[:1] == [7], f"{item!r}: paragraph 7 says {finding!r}, got {got}"


def test_a_paragraph_that_names_the_subject_to_criticise_it_outranks_one_that_names_it_in_praise():
    report = _report(["The quality of return home interviews for children who go missing."])
    praising = (
        "Children who go missing are offered return home interviews promptly, and these interviews are thorough, "
        "so staff understand why children went missing. Some assessments are not updated when circumstances "
        "change. Not all visits take place on time."
    )
    criticising = "Return home interviews are not always offered when children go missing. Managers track each episode."
    paragraphs = [
        Paragraph(para_no=n, section="Help and protection", page=3, text=t)
        for n, t in [(7, praising), (8, criticising)]
    ]
    enriched = enrich_report(report.model_copy(update={"paragraphs": (*report.paragraphs, *paragraphs)}))
    got = [link.para_no for link in enriched.improvements[0].evidence]
    assert got[:2] == [8, 7], f"paragraph 8 criticises what paragraph 7 praises: got {got}"


def test_a_paragraph_on_one_thing_an_item_lists_is_evidence_though_it_shares_nothing_else():
    report = _report(
        [
            "The timeliness of strategy discussions and police attendance at them, "
            "and the identification of privately fostered children."
        ]
    )
    paragraphs = [
        "Police attendance at strategy discussions has improved, but some are still late.",
        "Children's strategy discussions are recorded, and section 47 enquiries follow when thresholds are met.",
        "Privately fostered children are not always identified. Schools do not tell the local authority of "
        "arrangements they know of. Awareness among communities has not been raised. Notifications have fallen "
        "for three years. Health partners are unsure what to report. Leaflets are out of date.",
    ]
    enriched = enrich_report(
        report.model_copy(
            update={
                "paragraphs": (
                    *report.paragraphs[:3],
                    *(
                        Paragraph(para_no=n, section="Help and protection", page=2, text=t)
                        for n, t in enumerate(paragraphs, 7)
                    ),
                )
            }
        )
    )
    got = [link.para_no for link in enriched.improvements[0].evidence]
    assert 9 in got[:3], f"paragraph 9 is the only one on privately fostered children: got {got}"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The sufficiency of homes", ["~sufficiency"]),
        ("There is a shortage of foster placements.", ["~sufficiency", "~sufficiency"]),
        ("Management oversight and supervision", ["~oversight", "~oversight"]),
        ("strategy discussions are late", ["~strategy meetings"]),
        ("Children enjoy their hobbies.", []),
    ],
)
def test_concepts_an_item_or_finding_names(text, expected):
    assert concepts(text) == expected, f"{text!r}: got {concepts(text)}"


def test_concept_terms_as_a_tree_match_as_their_alternation_longest_first():
    """The longest term that fits at a word, else a shorter one where a longer runs into a word."""
    terms = ["case", "caseload", "caseloads", "case summaries", "cases"]
    text = "caseloads and case summaries, a case, caseloadx, cases summaries and case summary"
    tree = re.compile(r"\b" + _longest_first(terms) + r"\b")
    alternation = re.compile(r"\b(?:" + "|".join(sorted(terms, key=len, reverse=True)) + r")\b")
    assert tree.findall(text) == alternation.findall(text) == ["caseloads", "case summaries", "case", "cases", "case"]


def test_a_paragraph_the_report_marks_as_grounding_a_recommendation_ranks_first():
    text = "Ensure that supervision of social workers is regular and reflective."
    weak = "Supervision of social workers is not always regular, and records show little reflection."
    report = _report([text], DocumentKind.SIF).model_copy(
        update={
            "paragraphs": (
                Paragraph(para_no=1, section="Leadership", page=2, text=weak),
                Paragraph(para_no=2, section="Leadership", page=2, text=weak + " (Recommendation)"),
            )
        }
    )
    got = [link.para_no for link in enrich_report(report).improvements[0].evidence]
    assert got[:1] == [2], f"{text!r}: paragraph 2 is marked '(Recommendation)', got {got}"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("… promptly (paragraph 25).", [25]),
        ("… effectively (paragraphs 33, 34).", [33, 34]),
        ("… planning (paragraphs 40, 41 and 64).", [40, 41, 64]),
        ("… plans (paragraphs 26–27, 53–55).", [26, 27, 53, 54, 55]),
        ("… adults (page 13, paragraph 20)", [20]),
        ("No pointer here.", []),
    ],
)
def test_pointed_paragraphs(text, expected):
    assert pointed_paragraphs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Young people value their personal advisers (PAs).", {"pa": ("personal", "adviser")}),
        ("… the multi-agency safeguarding hub (MASH).", {"mash": ("multi", "agency", "safeguard", "hub")}),
        ("The Children in Care Council (CiCC) has not met.", {"cicc": ("care", "council")}),
        ("… independent reviewing officers (IROs) …", {"iro": ("independent", "review", "officer")}),
        (
            "… child and adolescent mental health services (CAMHS) …",
            {"camhs": ("adolescent", "mental", "health", "servic")},
        ),
        ("… were placed in bed and breakfast (Recommendation 10).", {}),
        ("… what the council calls its front door (SPOC).", {}),
    ],
)
def test_abbreviations_a_report_spells_out(text, expected):
    got = {short: stems for short, stems in abbreviations(text).items() if not short.endswith("s") or short in expected}
    assert got == expected, f"{text!r}: got {got}"


def test_an_abbreviation_links_an_item_to_paragraphs_that_use_it():
    report = _report(["The stability of relationships between care leavers and their personal advisers (PAs)."])
    moved = "Too many young people have had three or more PAs in a year, and some have not met their PA."
    paragraphs = (*report.paragraphs, Paragraph(para_no=7, section="Care leavers", page=3, text=moved))
    got = [
        link.para_no
        for link in enrich_report(report.model_copy(update={"paragraphs": paragraphs})).improvements[0].evidence
    ]
    assert 7 in got[:2], f"paragraph 7 names PAs only by their abbreviation: got {got}"


@pytest.mark.parametrize("part, expected", [(ReportPart.LOCAL_AUTHORITY, 8), (ReportPart.LSCB, 9)])
def test_a_sif_item_takes_its_evidence_from_its_own_part_of_the_report(part, expected):
    text = "Ensure that the quality of audits of early help is monitored rigorously."
    sections = {
        8: "The experiences and progress of children who need help and protection",
        9: "The Local Safeguarding Children Board (LSCB)",
    }
    audits = "Audits of early help are not rigorous, and the monitoring of their quality is weak."
    report = _report([], DocumentKind.SIF).model_copy(
        update={
            "improvements": (ImprovementItem(item_no=1, kind=ItemKind.RECOMMENDATION, text=text, part=part, page=1),),
            "paragraphs": tuple(
                Paragraph(para_no=n, section=title, page=5, text=audits) for n, title in sections.items()
            ),
        }
    )
    got = [link.para_no for link in enrich_report(report).improvements[0].evidence]
    assert got[:1] == [expected], f"a {part.value} item: expected paragraph {expected} first, got {got}"


def test_evidence_labels_come_from_reports_outside_the_gold_across_eras(gold):
    labels = evaluate_nlp.read_evidence_labels()
    in_gold = {record["path"] for record in gold} & {label.path for label in labels}
    assert not in_gold, f"dev evidence labels on gold reports: {in_gold}"
    assert len(labels) >= 140 and len({label.path for label in labels}) >= 20, f"{len(labels)} labels"
    assert {label.kind for label in labels} >= {"ilacs", "ilacs_2026", "sif"}, {label.kind for label in labels}


def test_untouched_evidence_labels_come_from_councils_in_neither_the_dev_labels_nor_the_gold(gold):
    untouched = evaluate_nlp.read_evidence_labels(evaluate_nlp.UNTOUCHED_EVIDENCE_LABELS)
    council = lambda path: path.split("/")[0]  # noqa: E731
    seen = {council(label.path) for label in evaluate_nlp.read_evidence_labels()} | {
        council(r["path"]) for r in gold if r.get("evidence")
    }
    assert not {council(label.path) for label in untouched} & seen
    assert len(untouched) >= 40 and len({label.path for label in untouched}) >= 8, f"{len(untouched)} labels"


EVIDENCE_LABEL_SETS = (evaluate_nlp.EVIDENCE_LABELS, *evaluate_nlp.HELD_OUT_EVIDENCE_LABELS.values())
FRESH_SETS = [
    evaluate_nlp.FRESH_EVIDENCE_LABELS,
    evaluate_nlp.THIRD_EVIDENCE_LABELS,
    evaluate_nlp.FOURTH_EVIDENCE_LABELS,
    evaluate_nlp.FIFTH_EVIDENCE_LABELS,
]


@pytest.mark.parametrize("labels", FRESH_SETS, ids=lambda path: path.name)
def test_fresh_evidence_labels_come_from_councils_in_no_other_label_set_nor_the_gold(gold, labels):
    fresh = evaluate_nlp.read_evidence_labels(labels)
    council = lambda path: path.split("/")[0]  # noqa: E731
    others = [
        label for other in EVIDENCE_LABEL_SETS if other != labels for label in evaluate_nlp.read_evidence_labels(other)
    ]
    seen = {council(label.path) for label in others} | {council(record["path"]) for record in gold}
    assert not {council(label.path) for label in fresh} & seen
    assert len(fresh) >= 45 and len({label.path for label in fresh}) >= 10, f"{len(fresh)} labels"
    assert {label.kind for label in fresh} >= {"ilacs", "sif"}, {label.kind for label in fresh}


def test_indexing_every_items_terms_at_once_ranks_as_indexing_each_query_as_it_comes():
    report = _report(
        [
            "The timeliness of strategy discussions and police attendance at them.",
            "The suitability of accommodation for care leavers, including supported lodgings and staying put.",
            "Supervision and the recording of management decisions.",
        ]
    )
    docs = nlp.read(paragraph.text for paragraph in report.paragraphs)
    item_docs = nlp.read(item.text for item in report.improvements)
    at_once, as_they_come = Findings.of(report, docs), Findings.of(report, docs)
    at_once.index_queries(item.text for item in report.improvements)
    indexed = set(at_once.postings)
    for item, doc in zip(report.improvements, item_docs):
        ranked = [(score, finding.paragraph.para_no) for score, finding in rank_evidence(item.text, doc, at_once)]
        expected = [
            (score, finding.paragraph.para_no) for score, finding in rank_evidence(item.text, doc, as_they_come)
        ]
        assert ranked == expected
    assert set(at_once.postings) == indexed  # every term the rankings asked for was indexed in the one pass
    assert all(at_once.postings[term] == postings for term, postings in as_they_come.postings.items())


def test_a_report_without_paragraphs_still_enriches():
    report = _report(["Sufficiency of homes for children in care."]).model_copy(update={"paragraphs": ()})
    item = enrich_report(report).improvements[0]
    assert item.theme == "placement_sufficiency" and item.evidence == (), item


def test_improvement_rows_flatten_lists():
    item = enrich_report(_report(["The timeliness of strategy discussions."])).improvements[0]
    row = store.improvement_row(item)
    assert row["evidence_paras"] == ";".join(str(link.para_no) for link in item.evidence), row
    assert row["evidence_quote"] == item.evidence[0].quote and "evidence" not in row, row


def test_fingerprint_ignores_spacing_quotes_and_tags():
    assert evaluate_nlp.fingerprint("The ‘front door’  response.") == evaluate_nlp.fingerprint(
        "The 'front door' response"
    )


def test_each_labelled_item_is_in_one_split_and_enough_are_held_out():
    labels = evaluate_nlp.read_labels(LABELS)
    twice = [key for key, n in Counter((label.path, label.text_hash) for label in labels).items() if n > 1]
    held_out = [label for label in labels if label.split == "test"]
    assert not twice, f"items labelled twice: {twice}"
    assert len(held_out) >= 60, f"only {len(held_out)} held-out labels"


# --- the real corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run_reports(corpus_run):
    return evaluate_nlp.reports_by_path(corpus_run)


@pytest.mark.corpus
def test_every_labelled_item_is_found_in_the_run(run_reports):
    labels = evaluate_nlp.read_labels(LABELS)
    missing = [label for label in labels if evaluate_nlp.labelled_item(run_reports.get(label.path), label) is None]
    assert len(missing) <= 0.05 * len(labels), f"{len(missing)} labelled items not in the run: {missing[:5]}"


@pytest.mark.corpus
def test_theme_accuracy_on_items_labelled_after_the_rules_were_frozen(run_reports):
    score = evaluate_nlp.theme_accuracy(run_reports, evaluate_nlp.read_labels(LABELS), "test")
    assert score.value >= evaluate_nlp.TARGET, score.line() + "\n" + "\n".join(score.misses)


# Measured 0.856 (37.7 of 44) at a9083ed (0.848 before it). The ranking is tuned on the dev labels only.
@pytest.mark.corpus
def test_evidence_recall_at_3_on_the_gold_meets_the_target(run_reports, gold):
    score = evaluate_nlp.gold_evidence_recall(run_reports, gold)
    assert score.total >= 40, f"only {score.total} gold items matched ({score.unmatched} unmatched)"
    assert score.value >= evaluate_nlp.TARGET, score.line() + "\n" + "\n".join(score.misses)


@pytest.mark.corpus
def test_every_evidence_labelled_item_is_found_in_the_run(run_reports):
    labels = evaluate_nlp.read_evidence_labels()
    missing = [label for label in labels if evaluate_nlp.labelled_item(run_reports.get(label.path), label) is None]
    assert not missing, f"{len(missing)} evidence-labelled items not in the run: {missing[:5]}"


@pytest.mark.corpus
def test_every_untouched_evidence_label_is_found_in_the_run(run_reports):
    labels = evaluate_nlp.read_evidence_labels(evaluate_nlp.UNTOUCHED_EVIDENCE_LABELS)
    missing = [label for label in labels if evaluate_nlp.labelled_item(run_reports.get(label.path), label) is None]
    assert not missing, f"{len(missing)} untouched evidence-labelled items not in the run: {missing[:5]}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", FRESH_SETS, ids=lambda path: path.name)
def test_every_fresh_untouched_evidence_label_is_found_in_the_run(run_reports, path):
    labels = evaluate_nlp.read_evidence_labels(path)
    missing = [label for label in labels if evaluate_nlp.labelled_item(run_reports.get(label.path), label) is None]
    assert not missing, f"{len(missing)} fresh evidence-labelled items not in the run: {missing[:5]}"


@pytest.mark.corpus
def test_evidence_recall_at_3_on_the_dev_labels(run_reports):
    score = evaluate_nlp.evidence_recall(run_reports, evaluate_nlp.read_evidence_labels())
    assert score.value >= evaluate_nlp.TARGET, score.line() + "\n" + "\n".join(score.misses)


@pytest.mark.parametrize("hits, n", [(0, 1), (0, 160), (1, 1), (3, 480)])
def test_the_interval_of_a_share_of_labelled_quotes_stays_within_nought_and_one(hits, n):
    # Rounding once printed "-0.0%" as the lower bound of a share with no praise quote in it.
    low, high = evaluate_nlp._wilson(hits, n)
    assert 0.0 <= low <= hits / n <= high <= 1.0


def test_a_sampled_quote_relabelled_after_a_rule_changed_it_is_counted_under_its_new_label(tmp_path):
    # Invented quotes. Report "a" item 1 was drawn and labelled praise; a rule then changed its
    # quote, labelled again. Report "b" item 1 was labelled only because a rule changed it: it is
    # counted apart from the random sample.
    praised, late = "Advisers keep in touch well.", "Reviews are not always held on time."
    table = pd.DataFrame({"doc_id": ["a", "b"], "item_no": ["1", "1"], "evidence_quote": [late, late]})
    labels = tmp_path / "quote_labels.csv"
    labels.write_text(
        "doc_id,item_no,quote_hash,label,split,origin\n"
        f"a,1,{evaluate_nlp.fingerprint(praised)},praise,dev,sample\n"
        f"a,1,{evaluate_nlp.fingerprint(late)},weakness,dev,changed\n"
        f"b,1,{evaluate_nlp.fingerprint(late)},mixed,dev,changed\n",
        encoding="utf-8",
    )
    sampled, changed = evaluate_nlp.quote_label_counts(table, labels)
    assert "dev: 1 matched in the run; praise 0, mixed 0, neutral 0, weakness 1 (" in sampled, sampled
    assert changed.endswith("dev: 1 matched in the run; praise 0, mixed 1, neutral 0, weakness 0"), changed


def test_quotes_a_rule_changed_are_counted_by_their_labels_before_and_after(tmp_path):
    # Invented quotes: a rule changed report "a" item 1's quote from praise to a weakness, and
    # left item 2 alone; report "b" lost its quote.
    praised, late = "Advisers keep in touch well.", "Reviews are not always held on time."
    before = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "item_no": ["1", "2", "1"], "evidence_quote": [praised, late, late]}
    )
    after = before.assign(evidence_quote=[late, late, None])
    labels = tmp_path / "quote_labels.csv"
    labels.write_text(
        "doc_id,item_no,quote_hash,label,split,origin\n"
        f"a,1,{evaluate_nlp.fingerprint(praised)},praise,dev,changed\n"
        f"a,1,{evaluate_nlp.fingerprint(late)},weakness,dev,changed\n",
        encoding="utf-8",
    )
    lines = evaluate_nlp.changed_quote_counts(before, after, labels)
    splits = {evaluate_nlp.quote_split(doc_id) for doc_id in "ab"}
    assert len(lines) == 2 * len(splits), lines
    joined = "\n".join(lines)
    for when, praise, weakness, unlabelled, none in (("before", 1, 0, 1, 0), ("after", 0, 1, 0, 1)):
        counts = Counter()
        for line in lines:
            if f", {when}: " in line:
                counts.update(
                    {kind: int(n) for kind, n in re.findall(r"(praise|weakness|unlabelled|no quote) (\d+)", line)}
                )
        assert (counts["praise"], counts["weakness"], counts["unlabelled"], counts["no quote"]) == (
            praise,
            weakness,
            unlabelled,
            none,
        ), joined


def test_a_quote_is_scored_against_the_sentences_labelled_as_its_items_weakness(tmp_path):
    # Invented quotes. Item 1 quotes the labelled good sentence, item 2 a neighbouring weakness,
    # item 3's paragraph has no sentence of its weakness, and item 4 now quotes another paragraph.
    late, visits, other = "Reviews are not always held on time.", "Visits are not always recorded.", "Too few carers."
    table = pd.DataFrame(
        {
            "doc_id": ["a"] * 4,
            "item_no": ["1", "2", "3", "4"],
            "evidence_quote": [late, visits, visits, late],
            "evidence_quote_para": ["5", "5", "5", "9"],
        }
    )
    good, neighbour = evaluate_nlp.fingerprint(late), evaluate_nlp.fingerprint(visits)
    labels = tmp_path / "quote_choice_labels.csv"
    labels.write_text(
        "doc_id,item_no,para_no,candidates,good,best,others,split,labeller\n"
        f"a,1,5,2,{good},{good},{neighbour},dev,A\n"
        f"a,2,5,2,{good},{good},{neighbour},dev,A\n"
        f"a,3,5,2,,,{neighbour} {evaluate_nlp.fingerprint(other)},dev,A\n"
        f"a,4,5,2,{good},{good},{neighbour},dev,A\n"
        f"a,1,5,2,{good},{neighbour},,dev,D\n",
        encoding="utf-8",
    )
    counts, agreement = evaluate_nlp.quote_choice_counts(table, labels)
    assert "dev: 1 of 2 (50.0%) where the quoted paragraph has such a sentence; 1 quoted paragraphs have none" in counts
    assert "1 rows quote another paragraph or sentence since labelling" in counts, counts
    assert agreement.endswith("on 1 dev items: 0 the same"), agreement


def test_a_sentence_two_items_would_quote_stays_with_the_item_it_names_and_the_other_quotes_its_next():
    # Haringey 2019 and Hertfordshire 2015 (focused visit, SIF): a paragraph's one pointed sentence
    # was quoted for two items, and fitted one of them at best (invented wording).
    minutes = "Conference minutes are not sent to families promptly."
    plans = "Too many plans lack clear timescales."
    items = [
        "The timeliness of conference minutes sent to families.",
        "The quality of child protection plans and minutes.",
    ]
    paragraphs = (Paragraph(para_no=1, section="Help and protection", page=1, text=f"{minutes} {plans}"),)
    enriched = enrich_report(_report(items).model_copy(update={"paragraphs": paragraphs})).improvements
    quotes = [next((link.quote for link in item.evidence if link.quote), None) for item in enriched]
    assert quotes == [minutes, plans], quotes
