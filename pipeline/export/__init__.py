"""Excel workbooks for analysts and officers: one per report and one for the whole run. The only
module that writes Excel.

Every sheet is a `Sheet`: a title, its columns and its rows. A later stage adds its own sheet (the
council's response to a report) by passing more `Sheet`s to `write_workbooks`; rows carrying a
`doc_id` also go into that report's own workbook. openpyxl lays out each sheet and
`spreadsheetml` writes its cells, so a run of hundreds of reports stays quick; every workbook is
written atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from concurrent.futures import Executor
from copy import copy
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence
from urllib.parse import quote

import pandas as pd
from openpyxl import Workbook
from PIL import Image, ImageOps
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import cells, manifest, store
from . import spreadsheetml
from ..councils import identity
from ..derived import latest_inspections
from ..plan import report_label, theme_names
from ..link import listing_date, paper_label
from ..schema import ActionPlanRow, AreaKey, DocumentRow, DocumentStatus, Grade, InspectionReport, PaperReview, Record
from ..store import RUN_WORKBOOK, run_workbook_path as run_workbook_path, workbooks_folder as workbooks_folder
RAG_CHOICES = ("Red", "Amber", "Green", "Complete")
EXCEL_CELL_LIMIT = 32_767

# Ofsted's own colours are not fixed across eras; these follow the usual RAG reading of grades.
_GRADE_FILLS = {
    Grade.OUTSTANDING: "C6EFCE",
    Grade.GOOD: "E2EFDA",
    Grade.REQUIRES_IMPROVEMENT: "FFEB9C",
    Grade.ADEQUATE: "FFEB9C",
    Grade.INADEQUATE: "FFC7CE",
}
_RAG_FILLS = {"Red": "FFC7CE", "Amber": "FFEB9C", "Green": "C6EFCE", "Complete": "BDD7EE"}

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


class Link(NamedTuple):  # a tuple: a run makes ~30,000 of them
    text: str
    target: str | None  # None where the source file is not known: the text alone is shown


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
    printed_columns: int | None = None  # print these first columns landscape, one page wide
    frozen_columns: int = 0  # columns kept in view when scrolling right (the item beside its actions)


# --- sheets -----------------------------------------------------------------------------------


def summary_sheet(reports: Sequence[InspectionReport], files: Mapping[str, str]) -> Sheet:
    keys = [key for key in _AREA_HEADERS if any(j.area_key is key for r in reports for j in r.judgements)]
    columns = (
        Column("Council", "council", 28, Format.WRAPPED),
        Column("LA code", "la_code", 8),
        Column("Region", "region", 16, Format.WRAPPED),
        Column("Report", "report", 40, Format.WRAPPED),
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
        rows.append({
            "doc_id": report.doc_id,
            "council": council.council_name,
            "la_code": council.la_code,
            "region": council.region,
            "report": report_label(report),
            "inspection_start": report.inspection_start,
            "inspection_end": report.inspection_end,
            "published": published,
            "published_basis": None if published is None else "the report" if report.published else "Ofsted's listing",
            "lead_inspector": report.lead_inspector,
            **grades,
            "items": len(report.improvements),
            "pages": report.pages,
            "source": page_link(files.get(report.doc_id), 1, text="Open report"),
        })  # fmt: skip
    return Sheet("Summary", columns, tuple(rows))


def action_plan_sheet(plan: Sequence[ActionPlanRow], files: Mapping[str, str]) -> Sheet:
    columns = (
        Column("Ref", "ref", 6, Format.NUMBER),
        Column("Council", "council", 20, Format.WRAPPED),
        # Beside the council, so that every printed row says which report its Ref numbers: two
        # councils' (or one council's two reports') "Ref 1" are told apart on paper.
        Column("Report", "report", 24, Format.WRAPPED),
        Column("Judgement area", "judgement_area", 24, Format.WRAPPED),
        Column("Area for improvement", "area_for_improvement", 45, Format.WRAPPED),
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
    # Printed up to "Why check"; Ref to the area for improvement stay in view beside the actions.
    return Sheet("Action plan", columns, rows, printed_columns=25, frozen_columns=5)


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


def evidence_sheet(reports: Sequence[InspectionReport], files: Mapping[str, str]) -> Sheet:
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
    rows = tuple(
        {
            "doc_id": report.doc_id,
            "council": _identity(report).council_name,
            "section": paragraph.section,
            "para_no": paragraph.para_no,
            "page": page_link(files.get(report.doc_id), paragraph.page),
            "theme": names.get(paragraph.theme or "", paragraph.theme),
            "polarity": paragraph.polarity.value if paragraph.polarity else None,
            "text": paragraph.text,
        }
        for report in reports
        for paragraph in report.paragraphs
    )
    return Sheet("Evidence", columns, rows, in_run_workbook=False)


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
    documents = pd.DataFrame(
        [{"doc_id": r.doc_id, "source_path": r.source_path, "kind": r.kind.value, "status": "ok",
          "local_authority": r.local_authority, "inspection_start": r.inspection_start,
          "inspection_end": r.inspection_end, "published": r.published, "framework": None} for r in reports],
        columns=["doc_id", "source_path", "kind", "status", "local_authority", "inspection_start", "inspection_end", "published", "framework"],
    )  # fmt: skip
    judgements = pd.DataFrame(
        [{"doc_id": r.doc_id, "area_key": j.area_key.value, "grade": j.grade.value if j.grade else None}
         for r in reports for j in r.judgements],
        columns=["doc_id", "area_key", "grade"],
    )  # fmt: skip
    latest = latest_inspections(documents, judgements)
    words = {"printed": "the report", "listing": "Ofsted's listing"}
    rows = tuple(
        {**row, "latest_kind": _kind_words(row["latest_kind"]), "latest_letter_kind": _kind_words(row["latest_letter_kind"]),
         "latest_published_basis": words.get(row["latest_published_basis"])}
        for row in latest.astype(object).where(latest.notna(), None).to_dict("records")
    )  # fmt: skip
    return Sheet("Latest inspections", columns, rows, in_report_workbooks=False, frozen_columns=1)


def _kind_words(kind: str | None) -> str | None:
    return {"ilacs": "ILACS", "ilacs_2026": "ILACS 2026", "sif": "SIF", "lac_2012": "2012-13 framework", "jtai": "JTAI"}.get(
        kind, _words(kind) if kind else None
    )


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
            rows.append({"paper": paper_label(review.paper), "meeting_date": review.paper.meeting_date,
                         "link_reason": review.link.reason, "paper_doc_id": review.paper.doc_id, "doc_id": None})  # fmt: skip
        for row in review.coverage:
            rows.append({
                "paper": paper_label(review.paper), "meeting_date": review.paper.meeting_date,
                "item_no": row.item_no, "improvement_text": row.improvement_text,
                "covered": "Yes" if row.covered else "No", "matched_text": row.matched_text,
                "basis": row.basis, "score": row.score, "contradicted": wrong or None,
                "link_reason": review.link.reason, "paper_doc_id": review.paper.doc_id, "doc_id": row.report_doc_id,
            })  # fmt: skip
    return Sheet("Council response", columns, tuple(rows))


def page_link(file: str | None, page: int | None, text: str | None = None) -> Link | None:
    """A link that opens the source file (a URL from `file_links`) at `page`."""
    if page is None:
        return None
    return Link(text or f"p. {page}", f"{file}#page={page}" if file else None)


def file_links(sources: Mapping[str, Path], folder: Path) -> dict[str, str]:
    """Each source file as a URL relative to the workbooks' folder, so the output folder and the
    reports can move together."""
    base = folder.resolve()
    return {
        doc_id: quote(Path(os.path.relpath(Path(path).resolve(), base)).as_posix())
        for doc_id, path in sources.items()
    }


def base_links(documents: Sequence[DocumentRow], base: str) -> dict[str, str]:
    """Each document as a URL under `base` (a web address or a shared folder that holds the reports
    as the run read them): links that work wherever the workbooks are copied."""
    return {row.doc_id: f"{base.rstrip('/')}/{quote(row.source_path)}" for row in documents}


def copy_sources(sources: Mapping[str, Path], documents: Sequence[DocumentRow], folder: Path) -> dict[str, Path]:
    """Each source file copied to `folder/sources/<source_path>`, so that the workbooks' folder
    carries its reports and its links work wherever it is moved or shared."""
    paths = {row.doc_id: row.source_path for row in documents}
    copies = {}
    for doc_id, source in sources.items():
        target = folder / "sources" / paths[doc_id]
        if not target.exists() or target.stat().st_size != Path(source).stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        copies[doc_id] = target
    return copies


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


# --- writing ----------------------------------------------------------------------------------


def write_workbooks(
    folder: Path,
    reports: Sequence[InspectionReport],
    plan: Sequence[ActionPlanRow],
    documents: Sequence[DocumentRow],
    sources: Mapping[str, Path] | None = None,
    extra_sheets: Sequence[Sheet] = (),
    fingerprints: Path | None = None,
    writers: Executor | None = None,
    whole: Callable[[str], InspectionReport] | None = None,
    links: Mapping[str, str] | None = None,
) -> list[Path]:
    """`folder/<doc_id>.xlsx` for each report and `folder/all-reports.xlsx` for the run; returns
    the paths written. `sources` maps a doc_id to its source file, for links to its pages. Where
    `reports` lack their paragraphs, `whole` gives a report whole for its own workbook.

    `fingerprints` is a file that remembers what each report's workbook was built from: a report's
    workbook that exists and would be built from exactly the same things as last time is neither
    built nor written again, which is most of the cost of a run that adds one report to hundreds.
    `writers`, a pool of processes, writes the workbooks side by side. `links` (doc_id -> URL), where
    given, replaces the links made from `sources` (see `base_links`)."""
    files = dict(links) if links is not None else file_links(sources or {}, folder)
    run_sheets = [
        summary_sheet(reports, files),
        latest_inspections_sheet(reports),
        action_plan_sheet(plan, files),
        improvements_sheet(reports, files),
        errors_sheet(documents),
        needs_a_look_sheet(documents),
        *extra_sheets,
    ]
    run_book = (folder / f"{RUN_WORKBOOK}.xlsx", [sheet for sheet in run_sheets if sheet.in_run_workbook])
    # The run's workbook takes longest to write: it starts while the reports' are being chosen.
    run_written = writers.submit(write_workbook, *run_book) if writers else None
    books = []
    plans = _rows_by_doc(plan, key=lambda row: row.doc_id)
    extras = [(sheet, _rows_by_doc(sheet.rows)) for sheet in extra_sheets if sheet.in_report_workbooks]
    last_time = _read_fingerprints(fingerprints)
    this_time = {}
    for report in reports:
        own_extras = [replace(sheet, rows=rows.get(report.doc_id, ())) for sheet, rows in extras]
        path = folder / f"{report.doc_id}.xlsx"
        this_time[report.doc_id] = report_fingerprint(report, plans.get(report.doc_id, ()), own_extras, files.get(report.doc_id))
        if this_time[report.doc_id] != last_time.get(report.doc_id) or not path.exists():
            full = whole(report.doc_id) if whole else report
            books.append((path, report_sheets(full, plans.get(report.doc_id, ()), own_extras, files)))
    written = [run_written.result() if run_written else write_workbook(*run_book), *_write_each(books, writers)]
    if fingerprints is not None:
        store.write_text(fingerprints, json.dumps(this_time, indent=1, sort_keys=True) + "\n")
    return written


def report_sheets(
    report: InspectionReport, plan: Sequence[ActionPlanRow], extra_sheets: Sequence[Sheet], files: Mapping[str, str]
) -> list[Sheet]:
    """A report's own workbook: its summary, plan, improvements, every paragraph (Evidence), and its
    rows of the other sheets."""
    reports = [report]
    return [
        summary_sheet(reports, files),
        action_plan_sheet(plan, files),
        improvements_sheet(reports, files),
        evidence_sheet(reports, files),
        *extra_sheets,
    ]


def report_fingerprint(
    report: InspectionReport, plan: Sequence[ActionPlanRow], extra_sheets: Sequence[Sheet], file: str | None
) -> str:
    """A hash of what a report's workbook is built from: the report (as the hash of its source file
    read by this version of the pipeline, the rule by which the run decides to read it again), its
    plan, its rows of the other sheets and the link to its file."""
    built_from = [
        manifest.pipeline_version(), report.doc_id, report.sha256, file,
        [row.model_dump_json() for row in plan],  # pydantic's own JSON: a third of the time of json.dumps
        [(sheet.title, sheet.columns, sheet.rows) for sheet in extra_sheets],
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(built_from, default=repr).encode()).hexdigest()


def _write_each(books: list[tuple[Path, list[Sheet]]], writers: Executor | None) -> list[Path]:
    """After a run from scratch, ~300 workbooks: written in the run's process alone, they would
    leave the other cores idle."""
    if writers is None or not books:
        return [write_workbook(path, sheets) for path, sheets in books]
    return list(writers.map(write_workbook, *zip(*books), chunksize=max(1, len(books) // 16)))


def _read_fingerprints(path: Path | None) -> dict[str, str]:
    if path is None or not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # half-written by an older layout: every workbook is written again
        return {}


def _rows_by_doc(rows: Iterable[Any], key: Callable[[Any], str | None] = lambda row: row.get("doc_id")) -> dict[str | None, tuple]:
    grouped: dict[str | None, list] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return {doc_id: tuple(group) for doc_id, group in grouped.items()}


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """openpyxl saves the workbook's frame (styles, widths, tables, drop-downs, page setup), once
    for each layout (see `_frame`); the cells are written by `spreadsheetml`, six to ten times
    quicker than a Python object per cell."""
    frame = _frame(tuple((sheet.title, sheet.columns, sheet.printed_columns, sheet.frozen_columns) for sheet in sheets))
    cells = [_sheet_cells(sheet, frame.styles) for sheet in sheets]
    with store.atomic_path(path) as temporary:
        spreadsheetml.save_parts(frame.for_rows([len(sheet.rows) for sheet in sheets]), cells, temporary)
    return path


# The frame is saved with sheet N holding _ROWS_STANDIN + N rows, a number no sheet of ours reaches
# and no other part of the frame holds, which each workbook's own row counts then replace.
_ROWS_STANDIN = 1_040_000


@dataclass(frozen=True)
class _Frame:
    parts: dict[str, bytes]  # the frame's files, as `spreadsheetml.parts_of` reads them
    styles: _CellMaker

    def for_rows(self, rows: Sequence[int]) -> dict[str, bytes]:
        """The frame for sheets of `rows` rows each (their header aside). The print area ends at
        the last row; a table, its drop-downs and colours at least one row below the header."""
        parts = {}
        for name, part in self.parts.items():
            for number, count in enumerate(rows, start=1):
                last = count + 1 if name == "xl/workbook.xml" else max(2, count + 1)
                part = part.replace(str(_ROWS_STANDIN + number + 1).encode(), str(last).encode())
            parts[name] = _ONE_CELL_RANGE.sub(rb'sqref="\1"', part)
        return parts


# openpyxl writes a drop-down's or a colour rule's cells "R2", not "R2:R2", where a sheet has one row.
_ONE_CELL_RANGE = re.compile(rb'sqref="([A-Z]+[0-9]+):\1"')


@lru_cache(maxsize=32)
def _frame(layout: tuple[tuple[str, tuple[Column, ...], int | None, int], ...]) -> _Frame:
    """The frame of a workbook of sheets of `layout` (title, columns, printed and frozen columns): ~300
    report workbooks share a handful of layouts, and openpyxl takes most of a workbook's time to
    lay one out (its styles, tables and page setup as XML)."""
    workbook = Workbook(write_only=True)
    for style in _named_styles():
        workbook.add_named_style(style)
    styles = _CellMaker(workbook)
    for number, (title, columns, printed_columns, frozen_columns) in enumerate(layout, start=1):
        standin = Sheet(title, columns, printed_columns=printed_columns, frozen_columns=frozen_columns)
        _frame_sheet(workbook.create_sheet(title), standin, table_name=f"Table{number}", rows=_ROWS_STANDIN + number)
    saved = io.BytesIO()
    workbook.save(saved)
    return _Frame(spreadsheetml.parts_of(saved), styles)


def _named_styles() -> list[NamedStyle]:
    """Fills and borders are on the cells, not only in the table style, so the sheet still reads
    as a grid where a table style is not drawn (LibreOffice, printing)."""
    edge = Side(style="thin", color="BFBFBF")
    grid = Border(left=edge, right=edge, top=edge, bottom=edge)
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    styles = [
        NamedStyle("text", alignment=top, border=grid),
        NamedStyle("wrapped", alignment=wrapped, border=grid),
        NamedStyle("number", alignment=top, border=grid),
        NamedStyle("date", alignment=top, border=grid, number_format="d mmm yyyy"),
        NamedStyle("link", alignment=top, border=grid, font=Font(color="0563C1", underline="single")),
        NamedStyle(
            "header",
            alignment=Alignment(wrap_text=True, vertical="center"),
            border=grid,
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F4E78"),
        ),
    ]
    styles += [
        NamedStyle(f"grade-{grade.value}", alignment=top, border=grid, fill=PatternFill("solid", fgColor=colour))
        for grade, colour in _GRADE_FILLS.items()
    ]
    return styles


def _frame_sheet(worksheet, sheet: Sheet, table_name: str, rows: int) -> None:
    """Everything about a sheet of `rows` rows (the header aside) but its cells."""
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
    # Every sheet prints: landscape, one page wide, the header on every page. A wide sheet (the
    # action plan, the summary's many judgements) goes on A3 so its text stays readable.
    wide = sheet.printed_columns or sum(column.width for column in sheet.columns) > _A4_WIDTH
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A3 if wide else Worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = "1:1"
    if sheet.printed_columns:
        worksheet.print_area = f"A1:{get_column_letter(sheet.printed_columns)}{rows + 1}"

    last_row = max(2, rows + 1)  # a table needs one data row, even a blank one
    last_column = get_column_letter(len(sheet.columns))
    table = Table(
        displayName=table_name,
        ref=f"A1:{last_column}{last_row}",
        tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
    )
    table.tableColumns = [TableColumn(id=i, name=c.header) for i, c in enumerate(sheet.columns, start=1)]
    with warnings.catch_warnings():  # the columns are named above, as write-only mode requires
        warnings.simplefilter("ignore")
        worksheet.add_table(table)
    for index, column in enumerate(sheet.columns, start=1):
        if column.format is Format.RAG:
            _add_rag(worksheet, f"{get_column_letter(index)}2:{get_column_letter(index)}{last_row}")


_A4_WIDTH = 200  # column-width units that fit across landscape A4 at a readable size


def _row_height(columns: Sequence[Column], row: Mapping[str, Any], all_wrapped: bool = False) -> float:
    """Points for the row's longest wrapped cell. Neither LibreOffice nor every Excel fits a row to
    wrapped text on opening, so the height is estimated from the text (about 1.1 characters per
    unit of column width, 15 points a line). The header row wraps every column."""
    lines = 1
    for column in columns:
        value = row.get(column.key)
        if isinstance(value, str) and (all_wrapped or column.format is Format.WRAPPED):
            per_line = max(1, int(column.width * 1.1))
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    return min(409.0, 15.0 * lines)  # 409 points is Excel's tallest row


def _add_rag(worksheet, cells: str) -> None:
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(RAG_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="RAG status",
        error=f"Choose one of: {', '.join(RAG_CHOICES)}.",
    )
    choices.add(cells)
    worksheet.data_validations.append(choices)
    for choice, colour in _RAG_FILLS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        worksheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{choice}"'], fill=fill))


def _sheet_cells(sheet: Sheet, styles: _CellMaker) -> spreadsheetml.SheetCells:
    headers = {column.key: column.header for column in sheet.columns}
    cells = spreadsheetml.SheetCells()
    cells.append([styles.text(column.header, "header") for column in sheet.columns],
                 _row_height(sheet.columns, headers, all_wrapped=True) + 15)  # fmt: skip  # bold
    makers = [(column.key, styles.maker(column.format)) for column in sheet.columns]
    for row in sheet.rows:
        cells.append([make(row.get(key)) for key, make in makers], _row_height(sheet.columns, row))
    return cells


class _CellMaker:
    """Each cell's value and style. Report text is always stored as text, never a formula (see `cells`)."""

    def __init__(self, workbook: Workbook) -> None:
        # A style's index is where openpyxl registers its array: the index it would give a cell
        # of that style when saving.
        arrays = {style.name: style.as_tuple() for style in workbook._named_styles}
        self.ids = {name: workbook._cell_styles.add(array) for name, array in arrays.items()}
        self.quoted = {}
        for name, array in arrays.items():
            quoted = copy(array)
            quoted.quotePrefix = True  # stays text when someone edits the cell in Excel
            self.quoted[name] = workbook._cell_styles.add(quoted)

    def maker(self, format: Format) -> Callable[[Any], spreadsheetml.Cell]:
        """What makes the cells of a column of `format`, made once per column (its empty cell and its
        text style settled then): a run's workbook has ~120,000 cells."""
        # Drawn empty, so the grid and the RAG column show.
        empty = (None, self.ids["number" if format is Format.NUMBER else "wrapped"], None)
        style = "wrapped" if format in (Format.WRAPPED, Format.RAG) else "text"

        def make(value: Any) -> spreadsheetml.Cell:
            if value is None or value == "":
                return empty
            if format is Format.LINK:
                return self.text(value.text, "link" if value.target else "text", value.target)
            if format is Format.GRADE:
                grade = Grade(value)
                return self.text(grade.official, f"grade-{grade.value}")
            if format is Format.DATE:
                return (value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)), self.ids["date"], None)
            if format is Format.NUMBER:
                return (value, self.ids["number"], None)
            return self.text(value, style) if isinstance(value, str) else (value, self.ids[style], None)

        return make

    def text(self, value: str, style: str, link: str | None = None) -> spreadsheetml.Cell:
        value = cells.cleaned(value)[:EXCEL_CELL_LIMIT]
        return (value, (self.quoted if cells.is_formula_like(value) else self.ids)[style], link)


# --- from a run's outputs ---------------------------------------------------------------------


class MissingOutputs(Exception):
    """The folder holds no run outputs to build workbooks from."""


class Unlinked(Exception):
    """Reports whose source files were not found, so their page links could not be written."""

    def __init__(self, source_paths: Sequence[str]) -> None:
        super().__init__(f"{len(source_paths)} report files not found (e.g. {source_paths[0]})")
        self.source_paths = tuple(source_paths)


class MissingTool(Exception):
    """A program the preview needs is not installed."""


@dataclass(frozen=True)
class RunOutputs:
    reports: list[InspectionReport]
    plan: list[ActionPlanRow]
    documents: list[DocumentRow]
    sources: dict[str, Path]  # doc_id -> the source file, where it was found


def read_outputs(out: Path, source_folders: Sequence[Path] = ()) -> RunOutputs:
    """A run's outputs (reports/*.json and tables/) as records, without re-parsing anything.
    `source_folders` are the folders the run read, for links to the reports' pages."""
    documents_csv = out / "tables" / "documents.csv"
    if not documents_csv.exists():
        raise MissingOutputs(f"{out} holds no run outputs (no tables/documents.csv)")
    documents = _read_rows(documents_csv, DocumentRow)
    plan_csv = out / "tables" / "action_plan.csv"
    sources: dict[str, Path] = {}
    for row in documents:
        found = (Path(folder) / row.source_path for folder in source_folders)
        path = next((path for path in found if path.is_file()), None)
        if path:
            sources[row.doc_id] = path
    return RunOutputs(
        reports=[store.read_report(path) for path in sorted((out / "reports").glob("*.json"))],
        plan=_read_rows(plan_csv, ActionPlanRow) if plan_csv.exists() else [],
        documents=documents,
        sources=sources,
    )


def rebuild(
    out: Path, source_folders: Sequence[Path] = (), link_base: str | None = None, copy: bool = False, links: bool = True
) -> list[Path]:
    """The workbooks again from a run's outputs. Page links go to the source files found under
    `source_folders` (relative to the workbooks), to the same files under `link_base`, or, with
    `copy`, to copies beside the workbooks. A report whose file cannot be linked stops the rebuild
    (`Unlinked`), unless `links` is False: a "p. 8" cell must open page 8."""
    outputs = read_outputs(out, source_folders)
    folder = workbooks_folder(out)
    reports = {report.doc_id for report in outputs.reports}
    documents = [row for row in outputs.documents if row.doc_id in reports]
    if not links:
        files: dict[str, str] | None = {}
    elif link_base:
        files = base_links(documents, link_base)
    else:
        missing = [row.source_path for row in documents if row.doc_id not in outputs.sources]
        if missing:
            raise Unlinked(missing)
        files = file_links(copy_sources(outputs.sources, documents, folder), folder) if copy else None
    reviews = [store.read_review(path) for path in sorted((out / "papers").glob("*.json"))]
    with store.locked(out):  # not while a run writes the same workbooks
        return write_workbooks(
            folder, outputs.reports, outputs.plan, outputs.documents, outputs.sources,
            extra_sheets=[council_response_sheet(reviews)], links=files,
        )


def preview(out: Path, source_folders: Sequence[Path] = (), rows: int = 6) -> Path:
    """A PNG of the first rows of the run's Action plan sheet as LibreOffice prints it, to check the
    layout by eye: `workbooks/action-plan-preview.png`. Needs LibreOffice and poppler-utils."""
    outputs = read_outputs(out, source_folders)
    folder = workbooks_folder(out)
    missing = [tool for tool in ("soffice", "pdftoppm") if not shutil.which(tool)]
    if missing:
        raise MissingTool(f"the preview needs {' and '.join(missing)} (apt-get install libreoffice-calc poppler-utils)")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        sheet = action_plan_sheet(outputs.plan[:rows], file_links(outputs.sources, folder))
        write_workbook(scratch / "action-plan.xlsx", [sheet])
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{scratch}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(scratch), str(scratch / "action-plan.xlsx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
             str(scratch / "action-plan.pdf"), str(scratch / "preview")],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        target = folder / "action-plan-preview.png"
        with Image.open(scratch / "preview.png") as page, store.atomic_path(target) as temporary:
            _trimmed(page).save(temporary, format="PNG")
    return target


def _trimmed(page: Image.Image, margin: int = 20) -> Image.Image:
    """The page without its empty paper."""
    left, upper, right, lower = ImageOps.invert(page.convert("L")).getbbox() or (0, 0, *page.size)
    return page.crop((max(0, left - margin), max(0, upper - margin), right + margin, lower + margin))


def _read_rows(path: Path, record: type[Record]) -> list:
    """A table's rows as records, their text as written before the CSV escaped it; columns a later
    version added are ignored."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    fields = [column for column in frame.columns if column in record.model_fields]
    return [
        record.model_validate({name: cells.from_csv(value) or None for name, value in zip(fields, values)})
        for values in frame[fields].itertuples(index=False)
    ]
