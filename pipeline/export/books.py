"""A run's workbooks: one for the run and one for each report, and what each holds."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .. import manifest, store
from ..schema import ActionPlanRow, DocumentRow, InspectionReport
from ..store import RUN_WORKBOOK
from .links import file_links
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

