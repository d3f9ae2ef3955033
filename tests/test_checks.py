"""Self-checks: a document read only in part says so (status `warning` with the failed checks), and
the invariants every real file in ../shared must meet. All the report text here is invented."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest

from pipeline.checks import check_report, check_unread
from pipeline.schema import (
    AreaKey,
    DocumentKind,
    Grade,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    Judgement,
    Paragraph,
)

ILACS_AREAS = [
    AreaKey.IMPACT_OF_LEADERS,
    AreaKey.HELP_AND_PROTECTION,
    AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
    AreaKey.OVERALL_EFFECTIVENESS,
]


def _report(kind=DocumentKind.ILACS, areas=ILACS_AREAS, items=("The timeliness of assessments.",), **fields):
    header = dict(
        local_authority="Tarnley",
        inspection_start=dt.date(2022, 3, 7),
        inspection_end=dt.date(2022, 3, 18),
        published=None,
        lead_inspector="Ruth Okon",
        framework=None,
    )
    header.update(fields)
    return InspectionReport(
        doc_id="x",
        source_path="x.pdf",
        sha256="",
        kind=kind,
        pages=10,
        **header,
        judgements=tuple(
            Judgement(order=i, area=a.value, area_key=a, grade=Grade.GOOD) for i, a in enumerate(areas, 1)
        ),
        improvements=tuple(ImprovementItem(item_no=i, kind=ItemKind.IMPROVE, text=t) for i, t in enumerate(items, 1)),
        paragraphs=(Paragraph(para_no=1, section=None, page=2, text="Children are seen."),),
    )


LISTED = dt.date(2022, 5, 1)
TEXT = "What needs to improve?\n"


def test_a_complete_ilacs_report_passes_every_check():
    assert check_report(_report(), LISTED, TEXT) == ()


def test_an_ilacs_report_without_its_overall_effectiveness_needs_a_look():
    failed = check_report(_report(areas=ILACS_AREAS[:3]), LISTED, TEXT)
    assert any(check.startswith("judgements:") for check in failed)


def test_an_april_2026_report_has_four_judgements_and_no_overall():
    areas = [AreaKey.IMPACT_OF_LEADERS, AreaKey.HELP_AND_PROTECTION, AreaKey.CHILDREN_IN_CARE, AreaKey.CARE_LEAVERS]
    assert check_report(_report(DocumentKind.ILACS_2026, areas), LISTED, TEXT) == ()
    assert check_report(_report(DocumentKind.ILACS_2026, ILACS_AREAS), LISTED, TEXT) != ()


def test_a_stand_alone_lscb_review_has_its_one_judgement():
    assert check_report(_report(DocumentKind.SIF, [AreaKey.LSCB]), LISTED, TEXT) == ()
    assert check_report(_report(DocumentKind.SIF, [AreaKey.OVERALL_EFFECTIVENESS]), LISTED, TEXT) != ()


@pytest.mark.parametrize(
    ("fields", "check"),
    [
        ({"local_authority": None}, "council:"),
        ({"inspection_start": None}, "dates:"),
        ({"inspection_start": dt.date(2022, 3, 19)}, "dates:"),  # after the end
        ({"lead_inspector": None}, "inspector:"),
    ],
)
def test_a_missing_or_misread_header_field_needs_a_look(fields, check):
    assert any(failed.startswith(check) for failed in check_report(_report(**fields), LISTED, TEXT))


def test_dates_far_from_the_publication_date_need_a_look():
    assert any(failed.startswith("dates:") for failed in check_report(_report(), dt.date(2024, 5, 1), TEXT))


def test_an_improvement_heading_with_no_items_read_needs_a_look():
    failed = check_report(_report(items=()), LISTED, TEXT)
    assert any("improvement heading but no items" in check for check in failed)


def test_a_letter_without_an_improvement_list_is_complete():
    letter = _report(DocumentKind.FOCUSED_VISIT, areas=[], items=())
    assert check_report(letter, LISTED, "Dear Jo\nFindings\nChildren are seen.\n") == ()


def test_a_strength_read_as_an_item_needs_a_look():
    """Unseen 2014 SIF report: its LSCB section's strengths were read as 11 recommendations."""
    items = ("Ensure that plans are consistently good.", "Children's centres contribute well to early help.")
    failed = check_report(_report(items=items), LISTED, TEXT)
    assert failed == ("items: item 2 reads as a strength, not something to improve",)


def test_a_report_kind_that_no_parser_reads_is_not_ok():
    assert check_unread(DocumentKind.MONITORING_VISIT, "Dear Jo") != ()
    assert check_unread(DocumentKind.COMMITTEE_PAPER, "Cabinet is asked to note the Ofsted report.") == ()


def test_a_paper_or_page_carrying_ofsteds_imprint_needs_a_look():
    """A report whose header fields were lost, or a paper with the whole report as an appendix,
    must not pass as an ordinary paper."""
    text = "Cabinet\nAppendix A\nOfsted\nPiccadilly Gate\nStore Street\nManchester\n"
    assert check_unread(DocumentKind.COMMITTEE_PAPER, text)[0].startswith("kind: it carries Ofsted's imprint")


# --- invariants over every real file ----------------------------------------------------------


@pytest.mark.corpus
def test_every_real_report_is_read_as_a_report_with_the_judgements_its_kind_requires(corpus_run):
    """Every file in the dev corpus is Ofsted's: none may come out as a paper, news or other, and
    none may fail the judgement checks of its kind. The HTML pages saved as .pdf are error rows."""
    documents = pd.read_csv(corpus_run / "tables" / "documents.csv", keep_default_na=False)
    print("\n", Counter(zip(documents.kind, documents.status)))
    errors = documents[documents.status == "error"]
    assert errors.error.str.contains("an HTML page, not a PDF").all(), errors[["source_path", "error"]]
    read = documents[documents.status != "error"]
    not_reports = read[~read.kind.isin([k.value for k in DocumentKind if k.is_inspection_report])]
    assert not_reports.empty, not_reports[["source_path", "kind"]]
    judgement_failures = read[read.checks.str.contains("judgements:")]
    assert judgement_failures.empty, judgement_failures[["source_path", "checks"]]


@pytest.mark.corpus
def test_every_real_focused_visit_letter_has_a_council_and_dates(letters_run):
    documents = pd.read_csv(letters_run / "tables" / "documents.csv", keep_default_na=False)
    print("\n", Counter(zip(documents.kind, documents.status)))
    assert (documents.kind == "focused_visit").all(), documents[documents.kind != "focused_visit"][
        ["source_path", "kind"]
    ]
    missing = documents[
        (documents.local_authority == "") | (documents.inspection_start == "") | (documents.inspection_end == "")
    ]
    assert missing.empty, missing[["source_path", "local_authority", "inspection_start"]]
    praise = documents[documents.checks.str.contains("reads as a strength")]
    assert praise.empty, praise[["source_path", "checks"]]
