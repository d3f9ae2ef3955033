"""The 2013 looked-after-children parser (kind `lac_2012`: outstanding / good / adequate /
inadequate).

Unit tests build a small fictional report as text; the real-corpus tests read the gold-labelled
header of Medway 2013 and check every 2013 report of the whole-corpus run for a consistent reading.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from conftest import fictional_document

from pipeline import store
from pipeline.classify import classify
from pipeline.discover import discover
from pipeline.load import load
from pipeline.parse import lac
from pipeline.parse.common import ParseError
from pipeline.schema import AreaKey, DocumentKind, Grade, InspectionReport, ItemKind

TITLE = """Inspection of looked after children
services
Fenwick Vale Borough Council
Inspection dates: 8 – 12 July 2013
Reporting inspector Ada Hollins HMI
Age group: All
Published: 16 August 2013"""

CONTENTS = """Contents
About this inspection 2
Service information 3
Overall effectiveness of services for looked after children and
young people 4
Capacity to improve 5
Leadership and management 8
Record of main findings 9"""

BODY = """About this inspection
1. The inspection evaluated services for looked after children. It was carried out under section 136 of the Education and Inspections
Act 2006
2. Inspectors read case files.
Service information
3. Fenwick Vale has 40,000 children.
Overall effectiveness of services for looked
after children and young people
Grade 3 (Adequate)
4. The judgement for overall effectiveness is adequate.
Capacity to improve
Grade 2 (Good)
5. Leaders know their services.
Areas for improvement
6. In order to improve services, the local authority should take the following action.
Immediately:
◼ ensure that every child has a care plan
◼ ensure that social workers record their visits.
Within three months:
◼ Complete health assessments within statutory
timescales
Leadership and management
Grade 3 (Adequate)
7. Leaders are ambitious."""

FINDINGS_TABLE = """Record of main findings
Services for looked after children
Overall effectiveness Adequate Grade 3
Capacity to improve Good Grade 2
Outcomes for looked after children and
young people
Inadequate Grade 4
Leadership and management Adequate Grade 3"""


def report(*pages: str) -> InspectionReport:
    return lac.parse(fictional_document(*pages), DocumentKind.LAC_2012)


def standard(body: str = BODY, table: str = FINDINGS_TABLE) -> InspectionReport:
    return report(TITLE, CONTENTS, body, table)


def test_header_fields():
    parsed = standard()
    assert (
        parsed.local_authority,
        parsed.inspection_start,
        parsed.inspection_end,
        parsed.published,
        parsed.lead_inspector,
    ) == (
        "Fenwick Vale Borough Council",
        dt.date(2013, 7, 8),
        dt.date(2013, 7, 12),
        dt.date(2013, 8, 16),
        "Ada Hollins",
    )


def test_judgements_from_the_record_of_main_findings_on_the_four_point_scale():
    parsed = standard()
    assert [(j.area, j.area_key, j.grade, j.page) for j in parsed.judgements] == [
        ("Overall effectiveness", AreaKey.OVERALL_EFFECTIVENESS, Grade.ADEQUATE, 4),
        ("Capacity to improve", AreaKey.CAPACITY_TO_IMPROVE, Grade.GOOD, 4),
        ("Outcomes for looked after children and young people", AreaKey.OTHER, Grade.INADEQUATE, 4),
        ("Leadership and management", AreaKey.OTHER, Grade.ADEQUATE, 4),
    ]


def test_without_the_table_the_graded_headings_are_the_judgements():
    parsed = report(TITLE, CONTENTS, BODY)
    assert [(j.area, j.grade) for j in parsed.judgements] == [
        ("Overall effectiveness of services for looked after children and young people", Grade.ADEQUATE),
        ("Capacity to improve", Grade.GOOD),
        ("Leadership and management", Grade.ADEQUATE),
    ]


def test_actions_under_their_timescales_are_the_items():
    items = standard().improvements
    assert [(i.item_no, i.kind, i.text, i.part) for i in items] == [
        (1, ItemKind.RECOMMENDATION, "ensure that every child has a care plan", None),
        (2, ItemKind.RECOMMENDATION, "ensure that social workers record their visits.", None),
        (3, ItemKind.RECOMMENDATION, "Complete health assessments within statutory timescales", None),
    ]


def test_sections_are_the_contents_headings_and_graded_headings():
    sections = [(s.title, s.grade, s.first_para, s.last_para) for s in standard().sections]
    assert sections == [
        ("About this inspection", None, 1, 2),
        ("Service information", None, 3, 3),
        ("Overall effectiveness of services for looked after children and young people", Grade.ADEQUATE, 4, 4),
        ("Capacity to improve", Grade.GOOD, 5, 5),
        ("Areas for improvement", None, 6, 6),
        ("Leadership and management", Grade.ADEQUATE, 7, 7),
    ]


def test_a_short_last_line_of_a_paragraph_is_not_a_heading():
    paragraphs = standard().paragraphs
    assert paragraphs[0].text.endswith("Education and Inspections Act 2006")
    assert paragraphs[0].section == "About this inspection"


def test_the_intro_paragraph_of_the_actions_ends_at_the_first_timescale():
    assert standard().paragraphs[5].text == (
        "In order to improve services, the local authority should take the following action."
    )


def test_a_report_without_any_grade_raises_parse_error():
    with pytest.raises(ParseError, match="no graded judgement"):
        report(TITLE, CONTENTS, BODY.replace("Grade 3 (Adequate)\n", "").replace("Grade 2 (Good)\n", ""))


# --- the real corpus ---------------------------------------------------------------------------


@functools.cache
def _real(path: Path) -> InspectionReport:
    document = load(discover([path])[0], "")
    return lac.parse(document, classify(document))


@pytest.mark.corpus
def test_real_gold_header_of_medway_2013(gold, corpus_dir):
    """The gold labels Medway 2013's header only (its kind there is "other")."""
    label = next(label for label in gold if label["path"].startswith("80522_medway/") and "2013" in label["path"])
    parsed = _real(corpus_dir / label["path"])
    assert parsed.kind is DocumentKind.LAC_2012
    for field in ("local_authority", "inspection_start", "inspection_end", "published", "lead_inspector"):
        ours = getattr(parsed, field)
        ours = ours.isoformat() if isinstance(ours, dt.date) else ours
        assert ours == label[field], (
            f"{label['path']}: {field}: the report says {label[field]!r}, we extracted {ours!r}"
        )


@pytest.mark.corpus
def test_real_every_2013_report_reads_consistently(corpus_run):
    """Every 2013 report of the whole-corpus run: overall effectiveness and capacity to improve
    judged first, paragraphs 1..N, every graded section agreeing with the judgement of its area,
    and at least one action."""
    reports = [
        r
        for path in sorted((corpus_run / "reports").glob("*.json"))
        if (r := store.read_report(path)).kind is DocumentKind.LAC_2012
    ]
    assert reports, "no 2013 looked-after-children report in the corpus run"
    for parsed in reports:
        where = parsed.source_path
        keys = [j.area_key for j in parsed.judgements]
        assert keys[:2] == [AreaKey.OVERALL_EFFECTIVENESS, AreaKey.CAPACITY_TO_IMPROVE], f"{where}: {keys}"
        numbers = [p.para_no for p in parsed.paragraphs]
        assert numbers == list(range(1, len(numbers) + 1)), f"{where}: paragraphs {numbers}"
        grades = {j.area.lower(): j.grade for j in parsed.judgements}
        for section in (s for s in parsed.sections if s.grade is not None):
            area = next((a for a in grades if section.title.lower().startswith(a)), None)
            assert area and grades[area] == section.grade, f"{where}: section {section.title!r} is {section.grade}"
        assert parsed.improvements, f"{where}: no actions read"
        print(
            f"\n{where}: {len(parsed.judgements)} judgements, {len(parsed.improvements)} actions, "
            f"{len(numbers)} paragraphs, {len(parsed.sections)} sections"
        )
