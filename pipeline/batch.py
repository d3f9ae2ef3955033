"""A run over many files: discover -> load -> classify -> parse -> store.

`process` never raises: a document that fails becomes an error row with a one-line reason, and the
batch goes on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

from . import export, link, store
from .classify import classify
from .discover import SourceFile, discover, sha256_of
from .load import LoadError, load, with_tables
from .papers import PAPER_KINDS, parse_paper
from .parse import ParseError, parse_report
from .plan import plan_rows
from .schema import CommitteePaper, DocumentRow, DocumentStatus, InspectionReport, Record


class Outcome(Record):
    row: DocumentRow
    report: InspectionReport | None = None
    paper: CommitteePaper | None = None


class RunSummary(Record):
    out: Path
    documents: int
    by_kind: dict[str, int]
    errors: tuple[DocumentRow, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def process(source: SourceFile) -> Outcome:
    doc_id = source.doc_id
    sha256 = ""
    kind = None
    try:
        sha256 = sha256_of(source.path)
        document = load(source, sha256)
        kind = classify(document)
        report = parse_report(document, kind)
        paper = parse_paper(with_tables(document, source), kind) if kind in PAPER_KINDS else None
    except (LoadError, ParseError) as error:
        reason = str(error)
    except Exception as error:  # a bug must cost one document, never the batch
        reason = f"internal error while reading this file ({type(error).__name__}: {error})"
    else:
        if report is None:
            row = DocumentRow(
                doc_id=doc_id, source_path=source.source_path, sha256=sha256, kind=kind,
                pages=len(document.pages), status=DocumentStatus.OK,
            )  # fmt: skip
            return Outcome(row=row, paper=paper)
        return Outcome(row=store.document_row(report), report=report)
    row = DocumentRow(
        doc_id=doc_id, source_path=source.source_path, sha256=sha256, kind=kind,
        status=DocumentStatus.ERROR, error=" ".join(reason.split())[:300],
    )  # fmt: skip
    return Outcome(row=row)


def run(
    inputs: Iterable[Path],
    out: Path,
    progress: Callable[[Iterable[SourceFile]], Iterable[SourceFile]] = iter,
) -> RunSummary:
    sources = discover(inputs)
    outcomes = [process(source) for source in progress(sources)]
    rows: dict[str, list[dict]] = {name: [] for name in store.TABLE_COLUMNS}
    for outcome in outcomes:
        rows["documents"].append(outcome.row.model_dump(mode="json"))
        if outcome.report is not None:
            store.write_model(store.report_path(out, outcome.report.doc_id), outcome.report)
            for name, table_rows in store.report_rows(outcome.report).items():
                rows[name].extend(table_rows)
    reports = [o.report for o in outcomes if o.report is not None]
    reviews = link.review([o.paper for o in outcomes if o.paper is not None], reports)
    for review in reviews:
        store.write_model(store.paper_path(out, review.paper.doc_id), review)
        for name, table_rows in store.paper_rows(review).items():
            rows[name].extend(table_rows)
    timescales = link.council_timescales(reviews)
    action_plan = [row for report in reports for row in plan_rows(report, timescales.get(report.doc_id))]
    rows["action_plan"] = [row.model_dump(mode="json") for row in action_plan]
    store.write_tables(out, store.build_tables(rows))
    export.write_workbooks(
        export.workbooks_folder(out), reports, action_plan, [o.row for o in outcomes],
        sources={source.doc_id: source.path for source in sources},
        extra_sheets=[export.council_response_sheet(reviews)],
    )  # fmt: skip
    kinds = Counter(o.row.kind.value if o.row.kind else "unreadable" for o in outcomes)
    errors = tuple(o.row for o in outcomes if o.row.status is DocumentStatus.ERROR)
    return RunSummary(out=out, documents=len(outcomes), by_kind=dict(kinds), errors=errors)

