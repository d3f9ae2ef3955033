"""Output names cannot fail or collide: every document's id is short enough to name its files
under any folder, unique within a run, and never a name the run keeps for its own files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import batch
from pipeline.discover import MAX_DOC_ID, RESERVED_IDS, discover, doc_id_for
from pipeline.store.runfolder import RUN_WORKBOOK

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
# Path parts as a file system allows them: anything but "/" and NUL, under 255 characters.
parts = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=254)
source_paths = st.lists(parts, min_size=1, max_size=6).map("/".join)


@settings(max_examples=300)
@given(source_paths)
def test_any_path_gives_a_short_safe_id(source_path):
    doc_id = doc_id_for(source_path)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc_id)
    assert len(doc_id) <= MAX_DOC_ID
    assert doc_id not in RESERVED_IDS
    assert doc_id == doc_id_for(source_path)  # stable from run to run


@given(parts, st.text("abcdefghij", min_size=1, max_size=5), st.text("klmnopqrst", min_size=1, max_size=5))
def test_long_paths_alike_but_for_their_ends_get_different_ids(stem, one, other):
    long = ("x" * MAX_DOC_ID) + stem
    assert doc_id_for(f"{long}{one}/report.pdf") != doc_id_for(f"{long}{other}/report.pdf")


def test_the_run_workbook_name_is_kept_from_documents():
    assert RUN_WORKBOOK in RESERVED_IDS
    assert doc_id_for("All Reports.pdf") != RUN_WORKBOOK


def test_a_file_called_all_reports_does_not_overwrite_the_run_workbook(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES / "ilacs-2022-brackenford.pdf", raw / "All reports.pdf")
    shutil.copy(SAMPLES / "sif-2014-coldbrook.pdf", raw / "sif.pdf")
    batch.run([raw], tmp_path / "out", workers=1)
    books = sorted(path.stem for path in (tmp_path / "out" / "workbooks").glob("*.xlsx"))
    assert len(books) == 3 and "all-reports" in books
    from openpyxl import load_workbook

    assert "Errors" in load_workbook(tmp_path / "out" / "workbooks" / "all-reports.xlsx", read_only=True).sheetnames


def test_a_very_long_name_in_deep_folders_is_read_and_written(tmp_path):
    deep = tmp_path / "raw"
    for level in range(6):
        deep = deep / (f"{level}" + "f" * 240)
    deep.mkdir(parents=True)
    shutil.copy(SAMPLES / "ilacs-2022-brackenford.pdf", deep / ("r" * 250 + ".pdf"))
    summary = batch.run([tmp_path / "raw"], tmp_path / "out", workers=1)
    assert summary.ok and summary.documents == 1
    (doc_id,) = [source.doc_id for source in discover([tmp_path / "raw"])]
    assert (tmp_path / "out" / "reports" / f"{doc_id}.json").exists()
    assert (tmp_path / "out" / "workbooks" / f"{doc_id}.xlsx").exists()
