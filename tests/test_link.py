"""Linking papers to the report they discuss, checking their claims, and their coverage of the
report's improvement items: pure functions, tested on fictional reports and papers."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline import link
from pipeline.parse.common import listing_date
from pipeline.schema import (
    AreaKey,
    ClaimType,
    CommitteePaper,
    DateSpan,
    DocumentKind,
    Grade,
    GradeClaim,
    ImprovementItem,
    InspectionReference,
    InspectionReport,
    ItemKind,
    Judgement,
    PreviousJudgement,
)

D = dt.date


def report(
    folder: str,
    listed: str,
    start: dt.date,
    end: dt.date,
    grades: dict[AreaKey, Grade],
    items: tuple[str, ...] = (),
    authority: str | None = None,
    kind=DocumentKind.ILACS,
) -> InspectionReport:
    """A parsed report as the batch holds it: the listing date in the file name, as in the corpus."""
    path = f"{folder}/children's services inspection - {listed}.pdf"
    return InspectionReport(
        doc_id=path.replace("/", "-").replace(" ", "-"),
        source_path=path,
        sha256="",
        kind=kind,
        local_authority=authority,
        inspection_start=start,
        inspection_end=end,
        published=None,
        lead_inspector=None,
        framework=None,
        pages=10,
        judgements=tuple(
            Judgement(order=n, area=key.value, area_key=key, grade=grade)
            for n, (key, grade) in enumerate(grades.items(), 1)
        ),
        improvements=tuple(
            ImprovementItem(item_no=n, kind=ItemKind.IMPROVE, text=text) for n, text in enumerate(items, 1)
        ),
    )


def paper(council: str | None, meeting: dt.date | None = None, **fields) -> CommitteePaper:
    return CommitteePaper(
        doc_id=fields.pop("doc_id", "paper"),
        source_path="paper.pdf",
        sha256="",
        kind=DocumentKind.COMMITTEE_PAPER,
        pages=1,
        council=council,
        committee="Cabinet",
        meeting_date=meeting,
        title="Ofsted outcome",
        **fields,
    )


def stated(phrase: str, start: dt.date, end: dt.date) -> DateSpan:
    return DateSpan(phrase=phrase, start=start, end=end)


OVERALL, LEADERS = AreaKey.OVERALL_EFFECTIVENESS, AreaKey.IMPACT_OF_LEADERS
RI, GOOD, INADEQUATE = Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.INADEQUATE
KIRKLEES_ITEMS = (
    "The timeliness of initial health assessments for children in care.",
    "The quality and frequency of supervision for social workers in the assessment teams.",
    "The range of suitable homes for care leavers aged 18 to 21.",
    "The use of chronologies to understand children's histories.",
)
KIRKLEES_2023 = report(
    "80500_kirklees",
    "10 january 2023",
    D(2022, 11, 7),
    D(2022, 11, 18),
    {LEADERS: GOOD, OVERALL: RI},
    KIRKLEES_ITEMS,
    "Kirklees Council",
)
KIRKLEES_2019 = report(
    "80500_kirklees", "26 july 2019", D(2019, 6, 3), D(2019, 6, 14), {OVERALL: INADEQUATE}, (), "Kirklees"
)
KIRKLEES_2026 = report(
    "80500_kirklees", "2 march 2026", D(2026, 1, 12), D(2026, 1, 23), {OVERALL: GOOD}, (), "Kirklees"
)
HOUNSLOW_2023 = report(
    "80490_hounslow", "2 august 2023", D(2023, 6, 12), D(2023, 6, 23), {OVERALL: GOOD}, (), "London Borough of Hounslow"
)
HOUNSLOW_2016 = report(
    "80490_hounslow",
    "14 june 2016",
    D(2016, 4, 4),
    D(2016, 4, 28),
    {OVERALL: INADEQUATE},
    (),
    "Hounslow",
    DocumentKind.SIF,
)
BCP_2025 = report(
    "2532287_bournemouth, christchurch & poole",
    "29 january 2025",
    D(2024, 12, 2),
    D(2024, 12, 13),
    {OVERALL: GOOD},
    (
        "Management oversight of children subject to child protection plans.",
        "The sufficiency of local homes for children in care.",
    ),
    "Bournemouth, Christchurch and Poole Council",
)
NORTHAMPTONSHIRE_2019 = report(
    "80530_northamptonshire",
    "20 january 2020",
    D(2019, 11, 4),
    D(2019, 11, 15),
    {OVERALL: INADEQUATE},
    (),
    "Northamptonshire County Council",
)
REPORTS = [KIRKLEES_2019, KIRKLEES_2023, KIRKLEES_2026, HOUNSLOW_2016, HOUNSLOW_2023, BCP_2025, NORTHAMPTONSHIRE_2019]

KIRKLEES_PAPER = paper(
    "Kirklees Council",
    D(2023, 3, 14),
    inspection=InspectionReference(
        framework="ILACS",
        dates=stated("7 and 18 November 2022", D(2022, 11, 7), D(2022, 11, 18)),
        published=stated("10 January 2023", D(2023, 1, 10), D(2023, 1, 10)),
    ),
    grades=(
        GradeClaim(area="overall effectiveness", area_key=OVERALL, grade=RI, quote=""),
        GradeClaim(area="the impact of leaders", area_key=LEADERS, grade=GOOD, quote=""),
    ),
    improvement_areas=(
        "the timeliness of initial health assessments for children in care",
        "the quality of supervision for social workers in the assessment teams",
        "the range of suitable homes for care leavers aged 18 to 21",
    ),
)


@pytest.mark.parametrize(
    "case, expected",
    [
        pytest.param(KIRKLEES_PAPER, KIRKLEES_2023, id="stated inspection and publication dates"),
        pytest.param(
            paper("BCP Council", D(2025, 3, 11)), BCP_2025, id="'BCP' names Bournemouth, Christchurch and Poole"
        ),
        pytest.param(
            paper("Kirklees", D(2024, 5, 1)), KIRKLEES_2023, id="no dates stated: latest report before the meeting"
        ),
        pytest.param(paper("Kirklees", D(2021, 5, 1)), KIRKLEES_2019, id="a later report is not the one discussed"),
        pytest.param(
            paper(
                "Kirklees",
                D(2022, 12, 6),
                inspection=InspectionReference(dates=stated("November 2022", D(2022, 11, 1), D(2022, 11, 30))),
            ),
            KIRKLEES_2023,
            id="unless the paper names its inspection (outcome reported before publication)",
        ),
        pytest.param(
            paper("North Northamptonshire Council", D(2021, 6, 1)),
            NORTHAMPTONSHIRE_2019,
            id="successor council reads its predecessor's report",
        ),
        pytest.param(
            paper(
                "Kirklees", None, inspection=InspectionReference(dates=stated("2019", D(2019, 1, 1), D(2019, 12, 31)))
            ),
            KIRKLEES_2019,
            id="news story: 'the 2019 inspection'",
        ),
    ],
)
def test_links_a_paper_to_the_report_it_discusses(case, expected):
    found = link.link(case, REPORTS)
    assert found.report_doc_id == expected.doc_id, (
        f"paper of {case.council} ({case.meeting_date}) linked to {found.report_doc_id}: {found.reason}"
    )


@pytest.mark.parametrize(
    "case, reason",
    [
        pytest.param(
            paper("Kirklees", D(2018, 1, 1)),
            "no report for kirklees published before the meeting",
            id="before any report",
        ),
        pytest.param(
            paper("Cornwall Council", D(2024, 6, 1)), "no report for cornwall", id="no report for the council"
        ),
        pytest.param(paper(None, D(2024, 6, 1)), "council not recognised", id="no council named"),
    ],
)
def test_a_paper_with_no_report_to_discuss_is_left_unlinked_with_the_reason(case, reason):
    found = link.link(case, REPORTS)
    assert (found.report_doc_id, found.confidence) == (None, 0.0) and reason in found.reason, found


KIRKLEES_FOCUSED_VISIT = report(
    "80500_kirklees",
    "15 march 2024",
    D(2024, 2, 6),
    D(2024, 2, 7),
    {},
    ("The quality of plans for children in need.",),
    "Kirklees",
    DocumentKind.FOCUSED_VISIT,
)


@pytest.mark.parametrize(
    "framework, expected",
    [
        pytest.param(None, KIRKLEES_2023, id="no framework named: the inspection, not a later letter"),
        pytest.param("ILACS", KIRKLEES_2023, id="ILACS named: the inspection"),
        pytest.param("focused visit", KIRKLEES_FOCUSED_VISIT, id="focused visit named: the letter"),
    ],
)
def test_a_paper_discusses_a_letter_only_where_it_names_that_kind_of_visit(framework, expected):
    case = paper("Kirklees", D(2024, 5, 1), inspection=InspectionReference(framework=framework))
    assert link.link(case, [*REPORTS, KIRKLEES_FOCUSED_VISIT]).report_doc_id == expected.doc_id


def test_stated_dates_give_more_confidence_than_the_latest_report_fallback():
    stated_link = link.link(KIRKLEES_PAPER, REPORTS)
    fallback = link.link(paper("Kirklees", D(2024, 5, 1)), REPORTS)
    assert stated_link.confidence > fallback.confidence, (stated_link, fallback)


def test_the_listing_date_is_read_from_the_file_name_where_the_report_prints_none():
    assert listing_date(KIRKLEES_2023) == D(2023, 1, 10)


def _claims(case, with_report) -> dict[tuple[str, str | None], object]:
    return {
        (c.claim_type.value, c.area if c.claim_type is ClaimType.GRADE else c.value): c
        for c in link.claims(case, with_report, REPORTS)
    }


def test_claims_that_match_the_report_agree():
    claims = _claims(KIRKLEES_PAPER, KIRKLEES_2023)
    disagreeing = {key: (c.value, c.report_value) for key, c in claims.items() if c.agrees is False}
    assert not disagreeing and all(c.agrees for c in claims.values()), disagreeing


@pytest.mark.parametrize(
    "change, claim_key, report_value",
    [
        pytest.param(
            {"grades": (GradeClaim(area="overall effectiveness", area_key=OVERALL, grade=GOOD, quote=""),)},
            ("grade", "overall effectiveness"),
            "Overall_effectiveness: requires improvement",
            id="grade",
        ),
        pytest.param(
            {"inspection": InspectionReference(published=stated("January 2022", D(2022, 1, 1), D(2022, 1, 31)))},
            ("published", "January 2022"),
            "2023-01-10",
            id="publication year",
        ),
        pytest.param(
            {"inspection": InspectionReference(dates=stated("8 to 19 November 2022", D(2022, 11, 8), D(2022, 11, 19)))},
            ("inspection_start", "8 to 19 November 2022"),
            "2022-11-07",
            id="inspection start",
        ),
        pytest.param(
            {"improvement_areas": ("the council's website",)},
            ("improvement_area", "the council's website"),
            None,
            id="an area the report does not list",
        ),
    ],
)
def test_a_claim_the_report_contradicts_is_flagged_with_both_values(change, claim_key, report_value):
    case = KIRKLEES_PAPER.model_copy(update=change)
    claim = _claims(case, KIRKLEES_2023)[claim_key]
    assert claim.agrees is False, f"the paper says {claim.value!r}, the report {claim.report_value!r}: not flagged"
    if report_value:
        assert claim.report_value.lower() == report_value.lower()


def test_an_earlier_judgement_is_checked_against_the_councils_report_of_that_year():
    case = paper(
        "London Borough of Hounslow",
        D(2023, 9, 5),
        previous_judgements=(PreviousJudgement(grade=INADEQUATE, year=2016, quote=""),),
    )
    claim = _claims(case, HOUNSLOW_2023)[("previous_judgement", "inadequate")]
    assert (claim.agrees, claim.report_value) == (True, f"inadequate ({HOUNSLOW_2016.doc_id})"), claim


def test_claims_of_an_unlinked_paper_are_neither_agreed_nor_flagged():
    assert {c.agrees for c in link.claims(KIRKLEES_PAPER, None)} == {None}


def test_coverage_flags_the_item_the_paper_does_not_address():
    rows = link.coverage(KIRKLEES_PAPER, KIRKLEES_2023)
    uncovered = [row.item_no for row in rows if not row.covered]
    assert uncovered == [4], [(row.item_no, row.score, row.matched_text) for row in rows]


def test_action_plan_rows_cover_items_and_give_their_own_target_dates():
    case = paper(
        "BCP Council",
        D(2025, 3, 11),
        action_rows=(
            ("Area for improvement", "Action", "Lead", "Timescale", "RAG"),
            (
                "Management oversight of children subject to child protection plans",
                "Audit every plan monthly",
                "Head of Safeguarding",
                "June 2025",
                "Amber",
            ),
            (
                "Sufficiency of local homes for children in care",
                "Open two children's homes",
                "Director of Commissioning",
                "March 2026",
                "Red",
            ),
        ),
    )
    rows = link.coverage(case, BCP_2025)
    targets = {item: span.end for item, span in link.plan_timescales(case, rows).items()}
    assert [(r.covered, r.basis) for r in rows] == [(True, "action")] * 2 and targets == {
        1: D(2025, 6, 30),
        2: D(2026, 3, 31),
    }, rows


def test_a_promise_to_address_every_item_covers_the_items_no_line_matches_at_lower_score():
    case = KIRKLEES_PAPER.model_copy(update={"commitments": ("The plan will address all of the recommendations.",)})
    row = link.coverage(case, KIRKLEES_2023)[3]
    assert (row.covered, row.basis, row.score) == (True, "commitment", link.COMMITMENT_SCORE), row


def test_the_papers_deadline_becomes_the_target_date_of_each_covered_item():
    case = KIRKLEES_PAPER.model_copy(
        update={
            "timescales": (
                DateSpan(
                    phrase="by December 2023",
                    end=D(2023, 12, 31),
                    sentence="All actions are expected to be completed by December 2023.",
                ),
                DateSpan(
                    phrase="on 20 April 2023",
                    start=D(2023, 4, 20),
                    end=D(2023, 4, 20),
                    sentence="The plan will be sent to Ofsted on 20 April 2023.",
                ),
            )
        }
    )
    targets = link.plan_timescales(case, link.coverage(case, KIRKLEES_2023))
    assert {item: span.phrase for item, span in targets.items()} == {
        1: "by December 2023",
        2: "by December 2023",
        3: "by December 2023",
    }


def test_a_paper_that_trips_a_bug_keeps_its_row_and_the_others_go_on(monkeypatch):
    def broken(case, *args):
        if case.doc_id == "bad":
            raise ValueError("boom")
        return []

    monkeypatch.setattr(link, "claims", broken)
    reviews = link.review([paper("Kirklees", D(2024, 5, 1), doc_id="bad"), KIRKLEES_PAPER], REPORTS)
    assert [r.link.report_doc_id for r in reviews] == [None, KIRKLEES_2023.doc_id] and "boom" in reviews[0].link.reason


def test_an_item_matched_by_the_plans_area_column_takes_its_rows_timescale():
    header = ("Area for improvement", "Action", "Timescale")
    row = ("The sufficiency of local homes for children in care", "Open two children's homes", "March 2026")
    case = paper("BCP Council", D(2025, 3, 11), action_rows=(header, row), improvement_areas=(row[0],))
    targets = link.plan_timescales(case, link.coverage(case, BCP_2025))
    assert {item: span.end for item, span in targets.items()} == {2: D(2026, 3, 31)}, targets
