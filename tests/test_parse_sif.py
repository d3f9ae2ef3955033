"""The SIF parser (single inspection framework reports 2013–2018, re-inspections included).

Unit tests build small fictional reports as text, one tricky behaviour each. The real-corpus tests
parse the gold-labelled SIF reports directly (load -> parse, no batch run) and compare every field;
the self-checks run over every SIF report of the whole-corpus run, not only the gold sample.
`pytest -s tests/test_parse_sif.py -k "scores or self_checks"` prints the figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import GOLD, fictional_document, same_text

from pipeline import store
from pipeline.classify import classify
from pipeline.discover import discover
from pipeline.load import load
from pipeline.parse import sif
from pipeline.parse.common import ParseError
from pipeline.schema import AreaKey, DocumentKind, Framework, Grade, InspectionReport, ItemKind, ReportPart

RI = Grade.REQUIRES_IMPROVEMENT

# --- fictional reports ------------------------------------------------------------------------

TITLE = """Fenwick Vale Borough
Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board1
Inspection date: 2 May to 25 May 2017
Report published: 14 July 2017"""

HEADLINE = """Children’s services in Fenwick Vale require improvement to
be good"""

JUDGEMENT_LIST = """1. Children who need help and protection Requires improvement
2. Children looked after and achieving
Requires improvement
permanence
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Requires improvement

1 Ofsted produces this report under its power to combine reports in accordance with section 152 of
the Education and Inspections Act 2006."""

RECOMMENDATIONS = """Recommendations
1. Ensure that all children have access to early help services as soon as they
need them.
2. Reduce the workloads of social workers so that they can
provide consistently high-quality services to children."""

FINDINGS = """Summary for children and young people
◼ Social workers help children when things are difficult at home.
The experiences and progress of
children who need help and
protection
Requires improvement
Summary
Children are kept safe but services are not yet consistently good.
Inspection findings
3. Early help is offered to families. (Recommendation)
4. Strategy discussions are timely and most children wait less than
26 weeks. Plans are reviewed in 2014–
15 as the law requires.
The experiences and progress of
children looked after and achieving
permanence
Requires improvement
5. Decisions to bring children into care are appropriate.
The graded judgement for adoption performance is that it is good
6. Adopters are well supported.
7. Matching is careful.
The graded judgement about the experience and progress of care leavers
is that it requires improvement
8. Personal advisers know young people well.
Leadership, management and
governance Requires improvement
9. Leaders know their services."""

LSCB_PART = """The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board requires improvement
Executive summary
The board meets its statutory duties.
Recommendations
◼ Complete a review of the early help offer without delay.
The board should publish a threshold document.
◼ Ensure effective monitoring of multi-agency audits.
Inspection findings – the Local Safeguarding Children Board
10. The board is well chaired.
11. Audits are regular.
Information about this inspection
Inspectors looked closely at the experiences of children.
The inspection team
Lead inspector: Ada Hollins HMI
Deputy lead inspector: Sam Quill HMI"""


def report(*pages: str) -> InspectionReport:
    return sif.parse(fictional_document(*pages), DocumentKind.SIF)


def standard(
    title=TITLE,
    headline=HEADLINE,
    table=JUDGEMENT_LIST,
    recommendations=RECOMMENDATIONS,
    findings=FINDINGS,
    lscb=LSCB_PART,
) -> InspectionReport:
    return report(f"{title}\n{headline}\n{table}", recommendations, findings, lscb)


# --- header -----------------------------------------------------------------------------------


def test_header_fields():
    parsed = standard()
    assert (parsed.local_authority, parsed.inspection_start, parsed.inspection_end, parsed.published) == (
        "Fenwick Vale Borough Council",
        dt.date(2017, 5, 2),
        dt.date(2017, 5, 25),
        dt.date(2017, 7, 14),
    )
    assert (parsed.lead_inspector, parsed.framework, parsed.kind) == (
        "Ada Hollins",
        Framework.STANDARD,
        DocumentKind.SIF,
    )


@pytest.mark.parametrize(
    "printed, start, end",
    [
        ("Inspection date: 23 April–18 May 2018", dt.date(2018, 4, 23), dt.date(2018, 5, 18)),
        ("Inspection dates: 11 January 2016–4 February 2016", dt.date(2016, 1, 11), dt.date(2016, 2, 4)),
        ("Inspection date: 14 April – 8 May 2015", dt.date(2015, 4, 14), dt.date(2015, 5, 8)),
        ("Inspection date: 12/09/2016 to 06/10/2016", dt.date(2016, 9, 12), dt.date(2016, 10, 6)),
        ("Inspection date: 28 July 2016", dt.date(2016, 7, 28), dt.date(2016, 7, 28)),
        (
            "Inspection dates: 19 November-11 December 2013 and 28 – 30\nJanuary 2014",
            dt.date(2013, 11, 19),
            dt.date(2014, 1, 30),
        ),
    ],
)
def test_inspection_dates_in_every_printed_form(printed, start, end):
    parsed = standard(title=TITLE.replace("Inspection date: 2 May to 25 May 2017", printed))
    assert (parsed.inspection_start, parsed.inspection_end) == (start, end), f"printed {printed!r}"


@pytest.mark.parametrize(
    "printed, name",
    [
        ("Lead inspector: Ada Hollins Senior HMI", "Ada Hollins"),
        ("Lead inspector: Ada Hollins, HMI", "Ada Hollins"),
        ("Lead inspector: Ada Hollins (HMI)", "Ada Hollins"),
        ("Lead inspector: Ada Hollins, Her Majesty’s Inspector", "Ada Hollins"),
    ],
)
def test_lead_inspector_is_the_name_only(printed, name):
    parsed = standard(lscb=LSCB_PART.replace("Lead inspector: Ada Hollins HMI", printed))
    assert parsed.lead_inspector == name, f"printed {printed!r}"


def test_lead_inspector_is_the_labelled_line_not_prose():
    findings = FINDINGS.replace(
        "9. Leaders know their services.",
        "9. Leaders know their services. A visit by the\nlead inspector attended by the director was helpful.",
    )
    assert standard(findings=findings).lead_inspector == "Ada Hollins"


def test_reinspection_has_no_lscb_judgement():
    title = TITLE.replace("Inspection of services", "Re-inspection of services").replace(
        "and\nReview of the effectiveness of the Local Safeguarding Children\nBoard1\n", ""
    )
    lscb = LSCB_PART.split("Information about this inspection")[1]
    parsed = standard(title=title, lscb="Information about this inspection" + lscb)
    assert parsed.framework is Framework.REINSPECTION
    assert [j.area_key for j in parsed.judgements][-1] is AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE
    assert len(parsed.judgements) == 6


# --- judgements -------------------------------------------------------------------------------


def test_headline_then_the_five_rows_then_the_lscb():
    parsed = standard()
    assert [(j.area, j.area_key, j.grade) for j in parsed.judgements] == [
        ("Children’s services in Fenwick Vale require improvement to be good", AreaKey.OVERALL_EFFECTIVENESS, RI),
        ("Children who need help and protection", AreaKey.HELP_AND_PROTECTION, RI),
        ("Children looked after and achieving permanence", AreaKey.CHILDREN_IN_CARE, RI),
        ("Adoption performance", AreaKey.ADOPTION_PERFORMANCE, Grade.GOOD),
        ("Experiences and progress of care leavers", AreaKey.CARE_LEAVERS, RI),
        ("Leadership, management and governance", AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE, RI),
        ("The Local Safeguarding Children Board requires improvement", AreaKey.LSCB, RI),
    ]
    assert [j.page for j in parsed.judgements] == [1, 1, 1, 1, 1, 1, 4]


@pytest.mark.parametrize(
    "printed, area, grade",
    [
        ("The overall judgement is Inadequate", "The overall judgement is Inadequate", Grade.INADEQUATE),
        (
            "The overall judgement is that children’s services require\nimprovement.2",
            "The overall judgement is that children’s services require improvement",
            RI,
        ),
        (
            "Children’s services require improvement to be good",
            "Children’s services require improvement to be good",
            RI,
        ),
        (
            "Children’s services in Fenwick Vale are\ninadequate",
            "Children’s services in Fenwick Vale are inadequate",
            Grade.INADEQUATE,
        ),
        (
            "Children’s services in Fenwick Vale requires improvement to be good",
            "Children’s services in Fenwick Vale requires improvement to be good",
            RI,
        ),
        ("The overall judgement is good.", "The overall judgement is good", Grade.GOOD),
    ],
)
def test_headline_in_every_printed_form(printed, area, grade):
    headline = standard(headline=printed).judgements[0]
    assert (headline.area, headline.grade) == (area, grade), f"printed {printed!r}"


def test_row_grades_wrapped_plural_and_not_judged():
    table = (
        JUDGEMENT_LIST.replace("2.1 Adoption performance Good", "2.1 Adoption performance Not judged")
        .replace(
            "1. Children who need help and protection Requires improvement",
            "1. Children who need help and protection\nRequire\nimprovement",
        )
        .replace(
            "3. Leadership, management and governance Requires improvement",
            "3. Leadership, management and governance\nRequires\nimprovement to be\ngood",
        )
    )
    rows = standard(table=table).judgements[1:6]
    assert [(j.area, j.grade) for j in rows] == [
        ("Children who need help and protection", RI),
        ("Children looked after and achieving permanence", RI),
        ("Adoption performance", None),
        ("Experiences and progress of care leavers", RI),
        ("Leadership, management and governance", RI),
    ]


def test_judgement_list_running_on_to_page_two():
    first, rest = JUDGEMENT_LIST.split("2.2 Experiences")
    parsed = report(
        f"{TITLE}\n{HEADLINE}\n{first}", "2.2 Experiences" + rest + "\n" + RECOMMENDATIONS, FINDINGS, LSCB_PART
    )
    assert [j.grade for j in parsed.judgements[1:6]] == [RI, RI, Grade.GOOD, RI, RI]


def test_lscb_judgement_on_page_one_in_the_early_2014_layout():
    table = JUDGEMENT_LIST.replace(
        "\n\n1 Ofsted",
        "\nThe effectiveness of the Local Safeguarding Children Board (LSCB) is\ninadequate\n"
        "The LSCB is not demonstrating that it has effective arrangements.\n\n1 Ofsted",
    )
    lscb = standard(table=table).judgements[-1]
    assert (lscb.area, lscb.grade, lscb.page) == (
        "The effectiveness of the Local Safeguarding Children Board (LSCB) is inadequate",
        Grade.INADEQUATE,
        1,
    )
    table = JUDGEMENT_LIST.replace(
        "\n\n1 Ofsted",
        "\nThe judgement for the effectiveness of the Local Safeguarding "
        "Children\nBoard (LSCB) is requires improvement.\n\n1 Ofsted",
    )
    assert standard(table=table).judgements[-1].area == (
        "The judgement for the effectiveness of the Local Safeguarding Children Board (LSCB) is requires improvement"
    )


@pytest.mark.parametrize(
    "page_one, reason",
    [
        ("Fenwick Vale\nInspection date: 2 May 2017", "no headline"),
        (f"{TITLE}\n{HEADLINE}\n1. Children who need help and protection Good", "five graded rows"),
    ],
)
def test_unreadable_page_one_raises_parse_error_with_a_reason(page_one, reason):
    with pytest.raises(ParseError, match=reason):
        report(page_one, RECOMMENDATIONS)


# --- improvement items ------------------------------------------------------------------------


def test_items_verbatim_in_order_with_kind_and_part():
    items = standard().improvements
    assert [(i.item_no, i.kind, i.part, i.text, i.page) for i in items] == [
        (
            1,
            ItemKind.RECOMMENDATION,
            ReportPart.LOCAL_AUTHORITY,
            "Ensure that all children have access to early help services as soon as they need them.",
            2,
        ),
        (
            2,
            ItemKind.RECOMMENDATION,
            ReportPart.LOCAL_AUTHORITY,
            "Reduce the workloads of social workers so that they can provide consistently high-quality services to children.",
            2,
        ),
        (
            3,
            ItemKind.RECOMMENDATION,
            ReportPart.LSCB,
            "Complete a review of the early help offer without delay. The board should publish a threshold document.",
            4,
        ),
        (4, ItemKind.RECOMMENDATION, ReportPart.LSCB, "Ensure effective monitoring of multi-agency audits.", 4),
    ]


def test_items_cross_page_breaks_and_keep_line_final_hyphens():
    recommendations = "Recommendations\n1. Ensure that every child has a multi-\nagency plan and that"
    findings = "plans are reviewed.\n2. Strengthen pre-\nproceedings work.\n" + FINDINGS.replace(
        "3. Early", "3. Early", 1
    )
    items = report(f"{TITLE}\n{HEADLINE}\n{JUDGEMENT_LIST}", recommendations, findings, LSCB_PART).improvements
    assert [(i.text, i.page) for i in items[:2]] == [
        ("Ensure that every child has a multi-agency plan and that plans are reviewed.", 2),
        ("Strengthen pre-proceedings work.", 3),
    ]


def test_theme_sub_headings_are_not_part_of_items():
    recommendations = """What does the local authority need to improve?
Priority and immediate action
Capacity
1. Ensure that service managers have sufficient capacity.
Areas for improvement
Quality of practice
2. Improve the quality of assessments.
Leadership, management and governance
Governance
3. Ensure that elected members challenge performance."""
    items = standard(recommendations=recommendations).improvements
    assert [(i.kind, i.text) for i in items[:3]] == [
        (ItemKind.PRIORITY_ACTION, "Ensure that service managers have sufficient capacity."),
        (ItemKind.RECOMMENDATION, "Improve the quality of assessments."),
        (ItemKind.RECOMMENDATION, "Ensure that elected members challenge performance."),
    ]


def test_no_priority_actions_is_an_empty_list():
    lscb = LSCB_PART.replace(
        "Recommendations\n",
        "What does the LSCB need to improve?\nPriority and immediate action\n"
        "There are no priority actions.\nAreas for improvement\n",
    )
    items = standard(lscb=lscb).improvements
    assert [(i.kind, i.part) for i in items[2:]] == [(ItemKind.RECOMMENDATION, ReportPart.LSCB)] * 2


@pytest.mark.parametrize(
    "nothing",
    [
        # Portsmouth 2014 (SIF): the LSCB's numbered priority action said none were found, and became an item.
        "No areas were identified for immediate improvement.",
        "None were identified.",
        "There were no areas for priority action.",
        "The inspection did not identify any priority actions.",
        "The inspection did not find any areas for priority and immediate action.",
    ],
)
def test_a_numbered_entry_saying_the_list_is_empty_is_a_paragraph_not_an_item(nothing):
    recommendations = f"""Priority and immediate action
1. {nothing}
Areas for improvement
2. Reduce the workloads of social workers."""
    parsed = standard(recommendations=recommendations)
    assert [(i.kind, i.text) for i in parsed.improvements[:1]] == [
        (ItemKind.RECOMMENDATION, "Reduce the workloads of social workers.")
    ]
    assert parsed.paragraphs[0].section == "Priority and immediate action"


def test_nested_sub_bullets_stay_inline_after_a_dash():
    recommendations = """Recommendations
1. Strengthen the response to children who go missing by ensuring that:
– governance arrangements are clear
– return home interviews are recorded.
2. Reduce the workloads of social workers."""
    assert standard(recommendations=recommendations).improvements[0].text == (
        "Strengthen the response to children who go missing by ensuring that: – governance arrangements are "
        "clear – return home interviews are recorded."
    )


def test_strengths_after_an_improvement_list_are_not_items():
    recommendations = RECOMMENDATIONS + "\nThe local authority has the following strengths:\n3. Leaders are ambitious."
    parsed = standard(recommendations=recommendations, findings=FINDINGS.replace("3. Early", "3a. Early"))
    assert len([i for i in parsed.improvements if i.part is ReportPart.LOCAL_AUTHORITY]) == 2
    assert parsed.paragraphs[2].section == "The local authority has the following strengths"


def test_heading_echoed_at_the_end_of_an_item_is_dropped():
    recommendations = """Priority and immediate action
1. Ensure that risks are assessed. Areas for improvement
Areas for improvement
2. Improve plans."""
    assert [i.text for i in standard(recommendations=recommendations).improvements[:2]] == [
        "Ensure that risks are assessed.",
        "Improve plans.",
    ]


# --- paragraphs and sections ------------------------------------------------------------------


def test_numbers_inside_paragraphs_do_not_start_paragraphs():
    paragraphs = standard().paragraphs
    assert [p.para_no for p in paragraphs] == list(range(1, 12))
    assert paragraphs[3].text == (
        "Strategy discussions are timely and most children wait less than 26 weeks. Plans are reviewed in "
        "2014–15 as the law requires."
    )


def test_one_missing_paragraph_number_does_not_swallow_the_rest():
    parsed = standard(findings=FINDINGS.replace("6. Adopters", "Adopters"))
    assert [p.para_no for p in parsed.paragraphs] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert parsed.paragraphs[4].text == "Decisions to bring children into care are appropriate."


def test_recommendation_numbers_continue_into_findings_paragraphs():
    paragraphs = standard().paragraphs
    assert [(p.para_no, p.section) for p in paragraphs[1:3]] == [
        (2, "Recommendations"),
        (3, "The experiences and progress of children who need help and protection"),
    ]
    assert paragraphs[2].text == "Early help is offered to families. (Recommendation)"


def test_sections_with_sub_judgements_inside_their_parent():
    sections = [(s.title, s.grade, s.first_para, s.last_para) for s in standard().sections]
    assert sections == [
        ("Recommendations", None, 1, 2),
        ("The experiences and progress of children who need help and protection", RI, 3, 4),
        ("The experiences and progress of children looked after and achieving permanence", RI, 5, 8),
        ("Adoption performance", Grade.GOOD, 6, 7),
        ("Experiences and progress of care leavers", RI, 8, 8),
        ("Leadership, management and governance", RI, 9, 9),
        ("The Local Safeguarding Children Board (LSCB)", RI, 10, 11),
    ]


def test_an_lscb_review_bound_in_after_the_report_numbers_its_paragraphs_afresh():
    title = TITLE.replace("and\nReview of the effectiveness of the Local Safeguarding Children\nBoard1\n", "")
    bound_in = """Fenwick Vale Safeguarding
Children Board
Inspection of the effectiveness of the local safeguarding
children board
Inspection date: 2 May – 25 May 2017
The Local Safeguarding Children Board is good
Inspection judgement about the LSCB
1. The board is well chaired.
2. Audits are regular."""
    parsed = report(f"{title}\n{HEADLINE}\n{JUDGEMENT_LIST}", RECOMMENDATIONS, FINDINGS, bound_in)
    assert [p.para_no for p in parsed.paragraphs][-3:] == [9, 1, 2]
    assert (parsed.judgements[-1].area, parsed.judgements[-1].grade) == (
        "The Local Safeguarding Children Board is good",
        Grade.GOOD,
    )
    assert [(s.first_para, s.last_para, s.grade) for s in parsed.sections][-2:] == [(9, 9, RI), (1, 2, Grade.GOOD)]


def test_paragraphs_stop_at_the_information_pages():
    assert standard().paragraphs[-1].text == "Audits are regular."


def test_heading_repeated_above_a_key_judgement_table_ends_the_paragraph():
    findings = FINDINGS.replace(
        "Leadership, management and\ngovernance Requires improvement",
        "Leadership, management and governance\nKey judgement Judgement grade\nLeadership, management and\n"
        "governance Requires improvement",
    )
    parsed = standard(findings=findings)
    assert parsed.paragraphs[7].text == "Personal advisers know young people well."
    assert parsed.sections[-2].title == "Leadership, management and governance"


def test_footnotes_at_the_foot_of_a_page_are_not_text():
    findings = FINDINGS.replace(
        "9. Leaders know their services.",
        "9. Leaders know their services.2\n\n2 The local authority was given the opportunity to review this section.",
    )
    assert standard(findings=findings).paragraphs[8].text == "Leaders know their services.2"


def test_not_judged_sub_judgement_without_paragraphs_has_no_section():
    findings = FINDINGS.replace(
        "The graded judgement for adoption performance is that it is good\n6. Adopters are well supported.\n"
        "7. Matching is careful.",
        "6. Adopters are well supported.\n7. Matching is careful.\nThe graded judgement for adoption performance\n"
        "No child was placed for adoption, so adoption performance was not judged.",
    )
    sections = [s.title for s in standard(findings=findings).sections]
    assert "Adoption performance" not in sections
    assert standard(findings=findings).paragraphs[6].text == "Matching is careful."


# --- the real corpus: gold-labelled SIF reports -----------------------------------------------


def _gold_sif_paths() -> list[str]:
    if not GOLD.exists():
        return ["(gold labels absent)"]  # the gold fixture skips, saying why
    with open(GOLD, encoding="utf-8") as handle:
        labels = [json.loads(line) for line in handle if line.strip()]
    return [label["path"] for label in labels if label["kind"] == "sif"]


GOLD_PATHS = _gold_sif_paths()


@functools.cache
def _real(path: Path) -> InspectionReport:
    document = load(discover([path])[0], "")
    return sif.parse(document, classify(document))


def _case(gold: list[dict], corpus_dir: Path, path: str) -> tuple[dict, InspectionReport]:
    label = next(label for label in gold if label["path"] == path)
    return label, _real(corpus_dir / path)


HEADER_FIELDS = ("local_authority", "inspection_start", "inspection_end", "published", "lead_inspector")


def _value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.corpus
@pytest.mark.parametrize("path", GOLD_PATHS)
def test_real_header_fields(gold, corpus_dir, path):
    label, parsed = _case(gold, corpus_dir, path)
    for field in HEADER_FIELDS:
        ours = _value(getattr(parsed, field))
        assert ours == label[field], f"{path}: {field}: the report says {label[field]!r}, we extracted {ours!r}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", GOLD_PATHS)
def test_real_judgements(gold, corpus_dir, path):
    label, parsed = _case(gold, corpus_dir, path)
    said = [(j["area"], j["grade"]) for j in label["judgements"]]
    ours = [(j.area, j.grade.value if j.grade else None) for j in parsed.judgements]
    assert ours == said, f"{path}: the report says {said}, we extracted {ours}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", GOLD_PATHS)
def test_real_improvement_items(gold, corpus_dir, path):
    label, parsed = _case(gold, corpus_dir, path)
    said = [(same_text(i["text"]), i["kind"], i["part"]) for i in label["improvements"]]
    ours = [(same_text(i.text), i.kind.value, i.part.value) for i in parsed.improvements]
    missed = "\n".join(f"  report: {item}" for item in said if item not in ours)
    extra = "\n".join(f"  we:     {item}" for item in ours if item not in said)
    assert ours == said, f"{path}: items differ\n{missed}\n{extra}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", GOLD_PATHS)
def test_real_sections(gold, corpus_dir, path):
    label, parsed = _case(gold, corpus_dir, path)
    said = [(s["title"], s["grade"], s["first_para"], s["last_para"]) for s in label["sections"]]
    ours = [(s.title, s.grade.value if s.grade else None, s.first_para, s.last_para) for s in parsed.sections]
    assert ours == said, f"{path}: the report's sections are {said}, we extracted {ours}"


@pytest.mark.corpus
def test_real_scores_meet_the_targets(gold, corpus_dir):
    """Issue 2's targets over the gold SIF sample: grades 100%, header fields >= 99%, items
    precision and recall >= 0.98 on verbatim text."""
    fields = right = grades = grades_right = found = matched = labelled = 0
    for label in (label for label in gold if label["path"] in GOLD_PATHS):
        parsed = _real(corpus_dir / label["path"])
        fields += len(HEADER_FIELDS)
        right += sum(_value(getattr(parsed, field)) == label[field] for field in HEADER_FIELDS)
        said = [(j["area"], j["grade"]) for j in label["judgements"]]
        grades += len(said)
        ours_j = [(j.area, j.grade.value if j.grade else None) for j in parsed.judgements]
        grades_right += sum(a == b for a, b in zip(said, ours_j)) if len(said) == len(ours_j) else 0
        gold_items = [(same_text(i["text"]), i["kind"], i["part"]) for i in label["improvements"]]
        ours = [(same_text(i.text), i.kind.value, i.part.value) for i in parsed.improvements]
        found += len(ours)
        labelled += len(gold_items)
        matched += sum(item in gold_items for item in ours)
    precision, recall = matched / max(found, 1), matched / max(labelled, 1)
    print(
        f"\nSIF gold ({len(GOLD_PATHS)} reports): header fields {right}/{fields}, judgements (area and "
        f"grade) {grades_right}/{grades}, items precision {precision:.3f} recall {recall:.3f} "
        f"({matched} of {found} extracted, {labelled} labelled)"
    )
    assert grades_right == grades
    assert right / fields >= 0.99
    assert precision >= 0.98 and recall >= 0.98


# --- the real corpus: self-checks over every SIF report ---------------------------------------

SUB_JUDGEMENTS = {
    "The experiences and progress of children who need help and protection": AreaKey.HELP_AND_PROTECTION,
    "The experiences and progress of children looked after and achieving permanence": AreaKey.CHILDREN_IN_CARE,
    "Adoption performance": AreaKey.ADOPTION_PERFORMANCE,
    "Experiences and progress of care leavers": AreaKey.CARE_LEAVERS,
    "Leadership, management and governance": AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE,
}
LIST_ORDER = [AreaKey.OVERALL_EFFECTIVENESS, *SUB_JUDGEMENTS.values()]


NAME = re.compile(r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){1,3}")


def _section_key(title: str) -> AreaKey | None:
    if "safeguarding children board" in title.lower():
        return AreaKey.LSCB
    return SUB_JUDGEMENTS.get(title)


def structure_problems(parsed: InspectionReport) -> list[str]:
    """What every well-read SIF report satisfies, whatever it prints: the headline and the five
    rows in order, an LSCB judgement only with an LSCB part, paragraphs numbered 1, 2, 3… (afresh
    only where a second report is bound into the file), section grades that agree with the
    judgements, and a section for every graded area that has numbered paragraphs."""
    problems = []
    keys = [j.area_key for j in parsed.judgements]
    if keys[:6] != LIST_ORDER or keys[6:] not in ([], [AreaKey.LSCB]):
        problems.append(f"judgements {[k.value for k in keys]}")
    numbers = [p.para_no for p in parsed.paragraphs]
    if any(n not in (before + 1, 1) for before, n in zip([0, *numbers], numbers)):
        problems.append(f"paragraph numbers jump: {numbers}")
    grades = {j.area_key: j.grade for j in parsed.judgements}
    for section in parsed.sections:
        key = _section_key(section.title)
        if key is None and section.grade is not None:
            problems.append(f"ungraded block {section.title!r} has a grade")
        if key is not None and grades.get(key) != section.grade:
            problems.append(f"section {section.title!r} is {section.grade}, the judgement says {grades.get(key)}")
    sectioned = {_section_key(s.title) for s in parsed.sections}
    if parsed.paragraphs:
        for key, grade in grades.items():
            if key is not AreaKey.OVERALL_EFFECTIVENESS and grade is not None and key not in sectioned:
                problems.append(f"no section for the {key.value} judgement")
    if not parsed.improvements:
        problems.append("no improvement items")
    if None in (parsed.local_authority, parsed.inspection_start, parsed.inspection_end, parsed.lead_inspector):
        problems.append("no local authority, dates or lead inspector")
    elif not NAME.fullmatch(parsed.lead_inspector):
        problems.append(f"lead inspector {parsed.lead_inspector!r} is not a name")
    return problems


def item_problems(parsed: InspectionReport) -> list[str]:
    """Items start with a capital and end with a full stop (or a closing bracket: "(paragraph 53)");
    a few reports print an item without its full stop, so these flag rather than fail."""
    return [
        f"item {item.item_no} is not one sentence: {item.text[:40]!r}…{item.text[-30:]!r}"
        for item in parsed.improvements
        if not (item.text[:1].isupper() and item.text.endswith((".", ")")))
    ]


@pytest.fixture(scope="module")
def corpus_sif(corpus_run) -> tuple[list[InspectionReport], dict[str, str]]:
    """Every SIF report of the session's whole-corpus run, and the SIF files it could not read."""
    reports = [store.read_report(path) for path in sorted((corpus_run / "reports").glob("*.json"))]
    documents = pd.read_csv(corpus_run / "tables" / "documents.csv", keep_default_na=False)
    failed = documents[(documents["kind"] == DocumentKind.SIF.value) & (documents["status"] == "error")]
    return [r for r in reports if r.kind is DocumentKind.SIF], dict(zip(failed["source_path"], failed["error"]))


# Reports whose own text has an item without its full stop; more than this share means the
# parser is splitting or merging items.
MOST_FLAGGED = 0.1


@pytest.mark.corpus
def test_real_self_checks_over_every_sif_report(corpus_sif):
    reports, failed = corpus_sif
    broken = {r.source_path: problems for r in reports if (problems := structure_problems(r))}
    flagged = {r.source_path: problems for r in reports if (problems := item_problems(r))}
    listing = "\n".join(f"{path}: {'; '.join(problems)}" for path, problems in {**flagged, **broken}.items())
    print(
        f"\n{len(reports) + len(failed)} SIF reports: {len(failed)} unreadable, {len(broken)} with a "
        f"structure problem, {len(flagged)} with an item that is not one capitalised sentence\n{listing}"
    )
    assert not failed, f"reports the parser could not read: {failed}"
    assert not broken, f"structure problems:\n{listing}"
    assert len(flagged) <= MOST_FLAGGED * len(reports), f"too many flagged reports:\n{listing}"


def test_derbyshire_2014_sif_whose_findings_are_bullets_not_numbers():
    """Real reports (Derbyshire, Hartlepool, Hillingdon, February 2014, SIF) bullet their findings:
    no paragraph was read, so nothing could be evidence. A bullet in a graded section is then the
    next paragraph; the improvement lists' bullets stay items."""
    import re as _re

    def bulleted(text: str) -> str:
        return _re.sub(r"(?m)^\d+\. ", "◼ ", text)

    parsed = standard(recommendations=bulleted(RECOMMENDATIONS), findings=bulleted(FINDINGS), lscb=bulleted(LSCB_PART))
    assert [p.para_no for p in parsed.paragraphs] == list(range(1, len(parsed.paragraphs) + 1))
    assert parsed.paragraphs[0].text.startswith("Early help is offered to families.")
    assert len(parsed.improvements) == len(standard().improvements)
    assert all(p.section for p in parsed.paragraphs)


def test_numbered_reports_keep_their_bullets_inside_paragraphs():
    paragraphs = standard().paragraphs
    assert [p.para_no for p in paragraphs] == list(range(1, 12))
    assert not any(p.text.startswith("Social workers help children") for p in paragraphs)
