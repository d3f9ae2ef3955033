"""`RunFolder`: the one place that knows the layout of a run's output folder, and reads a run back
as the writers wrote it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline import store
from pipeline.store.runfolder import RunFolder
from pipeline.schema import DocumentKind, DocumentRow, ImprovementItem, InspectionReport, ItemKind


def our_report() -> InspectionReport:
    return InspectionReport(
        doc_id="somewhere-2022",
        source_path="somewhere/2022.pdf",
        sha256="0",
        kind=DocumentKind.ILACS,
        local_authority="=Somewhere Council",  # a formula's first character: escaped in the CSV
        inspection_start=dt.date(2022, 3, 7),
        inspection_end=dt.date(2022, 3, 18),
        published=None,
        lead_inspector="A Person",
        framework=None,
        pages=9,
        improvements=(ImprovementItem(item_no=1, kind=ItemKind.IMPROVE, text="The 'front door' response."),),
    )


def test_every_output_has_its_place_in_the_folder(tmp_path):
    run = RunFolder(tmp_path)
    places = {
        run.report("a"): "reports/a.json",
        run.paper("b"): "papers/b.json",
        run.table("documents"): "tables/documents.parquet",
        run.table("documents", "csv"): "tables/documents.csv",
        run.workbook("a"): "workbooks/a.xlsx",
        run.run_workbook: "workbooks/all-reports.xlsx",
        run.database: "findings.duckdb",
        run.lock: "state/lock",
    }
    for path, expected in places.items():
        assert path == tmp_path / expected


def _write_run(out: Path) -> DocumentRow:
    report = our_report()
    store.write_model(RunFolder(out).report(report.doc_id), report)
    rows = {name: [] for name in store.TABLE_COLUMNS}
    rows["documents"].append(store.document_row(report).model_dump(mode="json"))
    store.write_tables(out, store.build_tables(rows))
    return store.document_row(report)


def test_a_run_is_proved_by_its_documents_table(tmp_path):
    assert not RunFolder(tmp_path).has_run()
    _write_run(tmp_path)
    assert RunFolder(tmp_path).has_run()
    RunFolder(tmp_path).table("documents").unlink()
    assert not RunFolder(tmp_path).has_run(), "a CSV alone is what a run interrupted between the two left"


def test_a_run_is_read_back_as_it_was_written_and_the_csv_escaping_undone(tmp_path):
    row = _write_run(tmp_path)
    run = RunFolder(tmp_path)
    assert run.read_documents() == [row]
    assert run.read_reports() == [our_report()]
    assert run.read_reviews() == []
    assert list(run.read_table("documents")["doc_id"]) == [row.doc_id]
    assert set(run.read_tables()) == set(store.TABLE_COLUMNS)
