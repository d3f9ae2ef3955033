"""The sheets of the workbooks: each a `Sheet`, a title, its columns and its rows, built from a run's
records in the words an officer uses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping, Sequence

from ..councils import identity
from ..store.derived import latest_rows, with_derived
from ..link import listing_date, paper_label
from ..plan import report_label, theme_names
from ..schema import ActionPlanRow, AreaKey, DocumentRow, DocumentStatus, InspectionReport, PaperReview
from .links import page_link

_AREA_HEADERS = {
    AreaKey.OVERALL_EFFECTIVENESS: "Overall effectiveness",
    AreaKey.IMPACT_OF_LEADERS: "Impact of leaders",
    AreaKey.HELP_AND_PROTECTION: "Help and protection",
    AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS: "Children in care and care leavers",
    AreaKey.CHILDREN_IN_CARE: "Children in care",
    AreaKey.CARE_LEAVERS: "Care leavers",
    AreaKey.ADOPTION_PERFORMANCE: "Adoption performance",
    AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE: "Leadership, management and governance",
    AreaKey.LSCB: "Safeguarding board (LSCB)",
    AreaKey.CAPACITY_TO_IMPROVE: "Capacity to improve",
}


class Format(str, Enum):
    TEXT = "text"
    WRAPPED = "wrapped"  # long text: wrapped, top-aligned
    NUMBER = "number"
    DATE = "date"
    GRADE = "grade"  # a Grade, shown in Ofsted's wording on its colour
    RAG = "rag"  # a drop-down of RAG_CHOICES, coloured by choice
    LINK = "link"  # a Link to a page of the source report


@dataclass(frozen=True)
class Column:
    header: str  # plain English: what an officer calls it
    key: str
    width: int = 14
    format: Format = Format.TEXT


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...] = ()
    in_report_workbooks: bool = True  # False: only in the run's workbook (e.g. Errors)
    # False: only in each report's own workbook. Every paragraph of every report (Evidence) would be
    # most of the run workbook's size and most of the time a run spends rewriting it.
    in_run_workbook: bool = True
    printed_columns: int | None = None  # print only these first columns
    # Columns kept in view when scrolling right (the item beside its actions), and on every page
    # of a sheet printed more than one page wide.
    frozen_columns: int = 0


# --- sheets -----------------------------------------------------------------------------------


def summary_sheet(reports: Sequence[InspectionReport], files: Mapping[str, str]) -> Sheet:
    keys = [key for key in _AREA_HEADERS if any(j.area_key is key for r in reports for j in r.judgements)]
    columns = (
        Column("Council", "council", 28, Format.WRAPPED),
        Column("Report", "report", 40, Format.WRAPPED),  # with the council, on every printed page
        Column("LA code", "la_code", 8),
        Column("Region", "region", 16, Format.WRAPPED),
        Column("Inspection started", "inspection_start", 13, Format.DATE),
        Column("Inspection ended", "inspection_end", 13, Format.DATE),
        Column("Published", "published", 13, Format.DATE),
        Column("Publication date from", "published_basis", 13),
        Column("Lead inspector", "lead_inspector", 20),
        *(Column(_AREA_HEADERS[key], key.value, 18, Format.GRADE) for key in keys),
        Column("Areas for improvement", "items", 12, Format.NUMBER),
        Column("Pages", "pages", 8, Format.NUMBER),
        Column("Report file", "source", 14, Format.LINK),
        Column("Document", "doc_id", 30),
    )
    rows = []
    for report in reports:
        grades = {}
        for judgement in report.judgements:
            grades.setdefault(judgement.area_key.value, judgement.grade)
        council = _identity(report)
        published = listing_date(report)
        rows.append(
            {
                "doc_id": report.doc_id,
                "council": council.council_name,
                "la_code": council.la_code,
                "region": council.region,
                "report": report_label(report),
                "inspection_start": report.inspection_start,
                "inspection_end": report.inspection_end,
                "published": published,
                "published_basis": None
                if published is None
                else "the report"
                if report.published
                else "Ofsted's listing",
                "lead_inspector": report.lead_inspector,
                **grades,
                "items": len(report.improvements),
                "pages": report.pages,
                "source": page_link(files.get(report.doc_id), 1, text="Open report"),
            }
        )
    return Sheet("Summary", columns, tuple(rows), frozen_columns=2)


def action_plan_sheet(plan: Sequence[ActionPlanRow], files: Mapping[str, str]) -> Sheet:
    columns = (
        Column("Ref", "ref", 6, Format.NUMBER),
        Column("Council", "council", 20, Format.WRAPPED),
        # Beside the council, so that every printed row says which report its Ref numbers: two
        # councils' (or one council's two reports') "Ref 1" are told apart on paper.
        Column("Report", "report", 24, Format.WRAPPED),
        Column("Area for improvement", "area_for_improvement", 45, Format.WRAPPED),
        # After the area, not before: the first four columns are repeated on every printed page.
        Column("Judgement area", "judgement_area", 24, Format.WRAPPED),
        Column("Type", "kind", 15),
        Column("Theme", "theme_name", 18, Format.WRAPPED),
        Column("Evidence (paragraphs)", "evidence_paras", 12, Format.WRAPPED),
        Column("Evidence quote", "evidence_quote", 40, Format.WRAPPED),
        Column("Source page", "source", 10, Format.LINK),
        Column("Draft actions", "draft_actions", 60, Format.WRAPPED),
        Column("Lead", "lead", 20, Format.WRAPPED),
        Column("Partners", "partners", 20, Format.WRAPPED),
        Column("Phase", "phase", 7, Format.NUMBER),
        Column("Target date", "target_date", 12, Format.DATE),
        Column("How the target date was set", "target_date_basis", 24, Format.WRAPPED),
        Column("Success measure", "success_measure", 40, Format.WRAPPED),
        Column("Baseline", "baseline", 16, Format.WRAPPED),
        Column("RAG status", "rag_status", 10, Format.RAG),
        Column("Progress notes", "progress_notes", 30, Format.WRAPPED),
        Column("Evidence of impact", "evidence_of_impact", 30, Format.WRAPPED),
        Column("Last updated", "last_updated", 12, Format.DATE),
        Column("Check before use", "review", 10),
        Column("Why check", "review_reason", 30, Format.WRAPPED),
        Column("Theme confidence", "theme_confidence", 10, Format.NUMBER),
        Column("Evidence check", "evidence_check", 30, Format.WRAPPED),
        Column("Action plan due at Ofsted", "plan_due", 12, Format.DATE),
        Column("Quoted paragraph", "evidence_quote_para", 10, Format.NUMBER),
        Column("Published", "published", 12, Format.DATE),
        Column("Evidence pages", "evidence_pages", 10),
        Column("Item no.", "item_no", 8, Format.NUMBER),
        Column("LA code", "la_code", 8),
        Column("Region", "region", 16, Format.WRAPPED),
        Column("Document", "doc_id", 30),
    )
    rows = tuple(
        {
            **row.model_dump(),
            **_plan_identity(row),
            "ref": int(row.ref) if row.ref.isdigit() else row.ref,  # a number: sorts 1, 2, ... 10
            "kind": _words(row.kind.value),
            "review": "Yes" if row.needs_review else "No",
            "source": page_link(files.get(row.doc_id), row.source_page),
        }
        for row in plan
    )
    # Printed up to "Theme confidence", several pages across (see `workbook._frame_sheet`); Ref to
    # the area for improvement stay in view beside the actions, and on every printed page.
    return Sheet("Action plan", columns, rows, printed_columns=25, frozen_columns=4)


def improvements_sheet(reports: Sequence[InspectionReport], files: Mapping[str, str]) -> Sheet:
    names = theme_names()
    columns = (
        Column("Council", "council", 24, Format.WRAPPED),
        Column("Item no.", "item_no", 8, Format.NUMBER),
        Column("Type", "kind", 14),
        Column("Part", "part", 14),
        Column("Area for improvement", "text", 60, Format.WRAPPED),
        Column("Framework tag", "outcome", 18, Format.WRAPPED),
        Column("Page", "page", 8, Format.LINK),
        Column("Theme", "theme", 22, Format.WRAPPED),
        Column("Other themes", "secondary_themes", 22, Format.WRAPPED),
        Column("Evidence (paragraphs, best first)", "evidence", 14, Format.WRAPPED),
        Column("Evidence quote", "quote", 45, Format.WRAPPED),
        Column("Document", "doc_id", 30),
    )
    rows = tuple(
        {
            "doc_id": report.doc_id,
            "council": _identity(report).council_name,
            "item_no": item.item_no,
            "kind": _words(item.kind.value),
            "part": _words(item.part.value) if item.part else None,
            "text": item.text,
            "outcome": item.outcome,
            "page": page_link(files.get(report.doc_id), item.page),
            "theme": names.get(item.theme or "", item.theme),
            "secondary_themes": "; ".join(names.get(theme, theme) for theme in item.secondary_themes),
            "evidence": "; ".join(str(link.para_no) for link in item.evidence),
            "quote": item.evidence[0].quote if item.evidence else None,
        }
        for report in reports
        for item in report.improvements
    )
    return Sheet("Improvements", columns, rows, frozen_columns=2)


def evidence_sheet(
    report: InspectionReport, paragraphs: Sequence[Mapping[str, Any]], files: Mapping[str, str]
) -> Sheet:
    """Every paragraph of `report`, given as JSON (`Paragraph.model_dump(mode="json")`, or its stored
    result read back): reading them back as models was most of the time of a report's workbook."""
    names = theme_names()
    columns = (
        Column("Council", "council", 24, Format.WRAPPED),
        Column("Section", "section", 30, Format.WRAPPED),
        Column("Paragraph", "para_no", 10, Format.NUMBER),
        Column("Page", "page", 8, Format.LINK),
        Column("Theme", "theme", 22, Format.WRAPPED),
        Column("Strength or weakness", "polarity", 12),
        Column("Text", "text", 90, Format.WRAPPED),
        Column("Document", "doc_id", 30),
    )
    council = _identity(report).council_name
    file = files.get(report.doc_id)
    rows = tuple(
        {
            "doc_id": report.doc_id,
            "council": council,
            "section": paragraph["section"],
            "para_no": paragraph["para_no"],
            "page": page_link(file, paragraph["page"]),
            "theme": names.get(paragraph["theme"] or "", paragraph["theme"]),
            "polarity": paragraph["polarity"],
            "text": paragraph["text"],
        }
        for paragraph in paragraphs
    )
    # A report's own workbook: every row's document is the workbook's, so its print stops at the text.
    return Sheet("Evidence", columns, rows, in_run_workbook=False, printed_columns=len(columns) - 1)


def errors_sheet(documents: Sequence[DocumentRow]) -> Sheet:
    columns = (
        Column("File", "source_path", 50, Format.WRAPPED),
        Column("What it looked like", "kind", 16),
        Column("Why it failed", "error", 80, Format.WRAPPED),
        Column("Document", "doc_id", 30),
    )
    rows = tuple(
        {
            "source_path": row.source_path,
            "kind": _words(row.kind.value) if row.kind else "unreadable",
            "error": row.error,
            "doc_id": row.doc_id,
        }
        for row in documents
        if row.status is DocumentStatus.ERROR
    )
    return Sheet("Errors", columns, rows, in_report_workbooks=False)


def needs_a_look_sheet(documents: Sequence[DocumentRow]) -> Sheet:
    """Documents read with a failed self-check: what to open and why."""
    columns = (
        Column("File", "source_path", 50, Format.WRAPPED),
        Column("Read as", "kind", 16),
        Column("Council", "local_authority", 24, Format.WRAPPED),
        Column("What to check", "checks", 80, Format.WRAPPED),
        Column("Document", "doc_id", 30),
    )
    rows = tuple(
        {
            "source_path": row.source_path,
            "kind": _words(row.kind.value) if row.kind else "unreadable",
            "local_authority": identity(row.local_authority, row.source_path, row.inspection_start).council_name,
            "checks": row.checks,
            "doc_id": row.doc_id,
        }
        for row in documents
        if row.status is DocumentStatus.WARNING
    )
    return Sheet("Needs a look", columns, rows, in_report_workbooks=False)


def latest_inspections_sheet(reports: Sequence[InspectionReport]) -> Sheet:
    """One row per council, as the ADCS summary lays it out: the latest and previous graded
    inspections and when the next is due (the `latest_inspections` table)."""
    columns = (
        Column("Council", "council_name", 24, Format.WRAPPED),
        Column("LA code", "la_code", 8),
        Column("Region", "region", 16, Format.WRAPPED),
        Column("Latest inspection", "latest_kind", 16),
        Column("Inspection ended", "latest_inspection_end", 13, Format.DATE),
        Column("Published", "latest_published", 13, Format.DATE),
        Column("Publication date from", "latest_published_basis", 13),
        Column("Overall effectiveness", "latest_grade", 26, Format.GRADE),
        Column("Previous inspection ended", "previous_inspection_end", 13, Format.DATE),
        Column("Previous overall effectiveness", "previous_grade", 26, Format.GRADE),
        Column("Change", "grade_change", 10),
        Column("Latest visit since", "latest_letter_kind", 14),
        Column("Visit published", "latest_letter_date", 13, Format.DATE),
        Column("Next inspection by", "next_inspection_by", 13, Format.DATE),
        Column("Next inspection", "next_inspection_window", 40, Format.WRAPPED),
        Column("Document", "latest_doc_id", 30),
    )
    documents = with_derived(
        "documents",
        [
            {
                "doc_id": r.doc_id,
                "source_path": r.source_path,
                "kind": r.kind.value,
                "status": "ok",
                "local_authority": r.local_authority,
                "inspection_start": r.inspection_start,
                "inspection_end": r.inspection_end,
                "published": r.published,
                "framework": None,
            }
            for r in reports
        ],
    )
    judgements = (
        {"doc_id": r.doc_id, "area_key": j.area_key.value, "grade": j.grade.value if j.grade else None}
        for r in reports
        for j in r.judgements
    )
    words = {"printed": "the report", "listing": "Ofsted's listing"}
    rows = tuple(
        {
            **row,
            "latest_kind": _kind_words(row["latest_kind"]),
            "latest_letter_kind": _kind_words(row["latest_letter_kind"]),
            "latest_published_basis": words.get(row["latest_published_basis"]),
        }
        for row in latest_rows(documents, judgements)
    )
    return Sheet("Latest inspections", columns, rows, in_report_workbooks=False, frozen_columns=1)


def _kind_words(kind: str | None) -> str | None:
    return {
        "ilacs": "ILACS",
        "ilacs_2026": "ILACS 2026",
        "sif": "SIF",
        "lac_2012": "2012-13 framework",
        "jtai": "JTAI",
    }.get(kind, _words(kind) if kind else None)


def _identity(report: InspectionReport):
    return identity(report.local_authority, report.source_path, report.inspection_start)


def _plan_identity(row: ActionPlanRow) -> dict:
    found = identity(row.council, row.source_path, row.inspection_end)
    return {"council": found.council_name, "la_code": found.la_code, "region": found.region}


def council_response_sheet(reviews: Sequence[PaperReview]) -> Sheet:
    """Each council paper's response to a report, item by item: whether it covers the item, with
    what, and the paper's claims the report contradicts. Rows carry the report's doc_id, so the
    sheet also lands in that report's own workbook."""
    columns = (
        Column("Council paper", "paper", 40, Format.WRAPPED),
        Column("Meeting date", "meeting_date", 12, Format.DATE),
        Column("Item no.", "item_no", 8, Format.NUMBER),
        Column("Area for improvement (report)", "improvement_text", 45, Format.WRAPPED),
        Column("Covered", "covered", 9),
        Column("Paper's response", "matched_text", 45, Format.WRAPPED),
        Column("Covered by", "basis", 14),
        Column("Match score", "score", 9, Format.NUMBER),
        Column("Claims the report contradicts", "contradicted", 45, Format.WRAPPED),
        Column("Link to the report", "link_reason", 40, Format.WRAPPED),
        Column("Paper", "paper_doc_id", 30),
        Column("Document", "doc_id", 30),
    )
    rows = []
    for review in reviews:
        wrong = "; ".join(
            f"{claim.claim_type.value.replace('_', ' ')}: paper says {claim.value!r}, report {claim.report_value!r}"
            for claim in review.claims
            if claim.agrees is False
        )
        if not review.coverage:  # unlinked: the run workbook still says which paper and why
            rows.append(
                {
                    "paper": paper_label(review.paper),
                    "meeting_date": review.paper.meeting_date,
                    "link_reason": review.link.reason,
                    "paper_doc_id": review.paper.doc_id,
                    "doc_id": None,
                }
            )
        for row in review.coverage:
            rows.append(
                {
                    "paper": paper_label(review.paper),
                    "meeting_date": review.paper.meeting_date,
                    "item_no": row.item_no,
                    "improvement_text": row.improvement_text,
                    "covered": "Yes" if row.covered else "No",
                    "matched_text": row.matched_text,
                    "basis": row.basis,
                    "score": row.score,
                    "contradicted": wrong or None,
                    "link_reason": review.link.reason,
                    "paper_doc_id": review.paper.doc_id,
                    "doc_id": row.report_doc_id,
                }
            )
    return Sheet("Council response", columns, tuple(rows), frozen_columns=1)


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()
