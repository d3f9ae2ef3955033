"""A run's workbooks: one for the run and one for each report, and what each holds."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import pydantic_core

from ..store import manifest
from ..schema import ActionPlanRow, DocumentRow, InspectionReport
from ..store import RUN_WORKBOOK
from .sheets import (
    Sheet,
    action_plan_sheet,
    errors_sheet,
    evidence_sheet,
    improvements_sheet,
    latest_inspections_sheet,
    needs_a_look_sheet,
    summary_sheet,
)
from .workbook import write_workbook


@dataclass(frozen=True)
class Workbooks:
    """What a run's workbooks show: one workbook for the run (`run_sheets`) and one for each report
    (`report_books`). Rows of `extra_sheets` that carry a report's doc_id also go into its workbook."""

    reports: Sequence[InspectionReport]
    plan: Sequence[ActionPlanRow]
    documents: Sequence[DocumentRow]
    files: Mapping[str, str] = field(default_factory=dict)  # doc_id -> URL of its source file (see `links`)
    extra_sheets: Sequence[Sheet] = ()

    def run_sheets(self) -> list[Sheet]:
        sheets = [
            summary_sheet(self.reports, self.files),
            latest_inspections_sheet(self.reports),
            action_plan_sheet(self.plan, self.files),
            improvements_sheet(self.reports, self.files),
            errors_sheet(self.documents),
            needs_a_look_sheet(self.documents),
            *self.extra_sheets,
        ]
        return [sheet for sheet in sheets if sheet.in_run_workbook]

    def report_books(self) -> list[ReportBook]:
        plans = _rows_by_doc(self.plan, key=lambda row: row.doc_id)
        extras = [(sheet, _rows_by_doc(sheet.rows)) for sheet in self.extra_sheets if sheet.in_report_workbooks]
        books = []
        for report in self.reports:
            own_extras = tuple(replace(sheet, rows=rows.get(report.doc_id, ())) for sheet, rows in extras)
            plan = plans.get(report.doc_id, ())
            fingerprint = report_fingerprint(report, plan, own_extras, self.files.get(report.doc_id))
            books.append(ReportBook(report, plan, own_extras, self.files, fingerprint))
        return books


@dataclass(frozen=True)
class ReportBook:
    """A report's own workbook, not yet laid out, and the `fingerprint` of what it is built from: a
    workbook built from the same things as last time need not be built again."""

    report: InspectionReport  # its paragraphs may be left out: see `sheets`
    plan: tuple[ActionPlanRow, ...]
    extra_sheets: tuple[Sheet, ...]
    files: Mapping[str, str]
    fingerprint: str

    @property
    def name(self) -> str:
        return f"{self.report.doc_id}.xlsx"

    def sheets(self, paragraphs: Sequence[Mapping[str, Any]] | None = None) -> list[Sheet]:
        """Its sheets, with `paragraphs` (as JSON, see `stored_paragraphs`) where `report` lacks them."""
        return report_sheets(self.report, self.plan, self.extra_sheets, self.files, paragraphs)


def stored_paragraphs(out: Path, doc_id: str) -> list[dict[str, Any]]:
    """A report's paragraphs as its stored result holds them, JSON not models: rebuilding each report
    as models for its Evidence sheet took 0.3-0.45 CPU s of a run from scratch."""
    return pydantic_core.from_json(manifest.stored(out, doc_id)[1])["paragraphs"]


def write_workbooks(folder: Path, workbooks: Workbooks) -> list[Path]:
    """`folder/all-reports.xlsx` for the run and `folder/<doc_id>.xlsx` for each report, every one
    of them; returns the paths written."""
    run_book = write_workbook(folder / f"{RUN_WORKBOOK}.xlsx", workbooks.run_sheets())
    return [run_book, *(write_workbook(folder / book.name, book.sheets()) for book in workbooks.report_books())]


def report_sheets(
    report: InspectionReport,
    plan: Sequence[ActionPlanRow],
    extra_sheets: Sequence[Sheet],
    files: Mapping[str, str],
    paragraphs: Sequence[Mapping[str, Any]] | None = None,
) -> list[Sheet]:
    """A report's own workbook: its summary, plan, improvements, every paragraph (Evidence: the
    report's own, or `paragraphs` as JSON where given), and its rows of the other sheets."""
    reports = [report]
    if paragraphs is None:
        paragraphs = [paragraph.model_dump(mode="json") for paragraph in report.paragraphs]
    return [
        summary_sheet(reports, files),
        action_plan_sheet(plan, files),
        improvements_sheet(reports, files),
        evidence_sheet(report, paragraphs, files),
        *extra_sheets,
    ]


def report_fingerprint(
    report: InspectionReport, plan: Sequence[ActionPlanRow], extra_sheets: Sequence[Sheet], file: str | None
) -> str:
    """A hash of what a report's workbook is built from: the report (as the hash of its source file
    read by this version of the pipeline, the rule by which the run decides to read it again), its
    plan, its rows of the other sheets and the link to its file."""
    digest = hashlib.sha256(json.dumps([manifest.pipeline_version(), report.doc_id, report.sha256, file]).encode())
    # The plan as pydantic's JSON in one call: the dev corpus's 540 fingerprints took 0.04 CPU s, not 0.07.
    digest.update(pydantic_core.to_json(plan))
    extras = [(sheet.title, sheet.columns, sheet.rows) for sheet in extra_sheets]
    digest.update(json.dumps(extras, default=repr).encode())
    return digest.hexdigest()


def _rows_by_doc(
    rows: Iterable[Any], key: Callable[[Any], str | None] = lambda row: row.get("doc_id")
) -> dict[str | None, tuple]:
    grouped: dict[str | None, list] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return {doc_id: tuple(group) for doc_id, group in grouped.items()}
