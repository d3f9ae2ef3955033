"""Everything in the input folder is accounted for: links, pipes and devices get rows saying why
they were not read; a link is followed only to a file inside the input; and a run that would mark
most documents removed (an empty folder: a share not mounted) changes nothing unless told to."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from pipeline import batch
from pipeline.cli import EXIT_MASS_REMOVAL, main

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
REPORT = SAMPLES / "ilacs-2022-brackenford.pdf"


def _documents(out: Path) -> dict[str, tuple[str, str | None]]:
    frame = pd.read_parquet(out / "tables" / "documents.parquet")
    return {
        row.source_path: (row.status, row.error if isinstance(row.error, str) else None) for row in frame.itertuples()
    }


def test_links_and_special_files_get_rows_and_only_links_inside_are_followed(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "elsewhere"
    raw.mkdir()
    outside.mkdir()
    shutil.copy(REPORT, raw / "report.pdf")
    shutil.copy(REPORT, outside / "secret.pdf")
    (raw / "sub").mkdir()
    shutil.copy(SAMPLES / "sif-2014-coldbrook.pdf", raw / "sub" / "sif.pdf")
    os.symlink(raw / "sub" / "sif.pdf", raw / "link-inside.pdf")
    os.symlink(outside / "secret.pdf", raw / "link-outside.pdf")
    os.symlink(outside, raw / "folder-outside")
    os.symlink(raw / "sub", raw / "folder-inside")
    os.symlink(raw / "gone.pdf", raw / "dangling.pdf")
    os.symlink(raw / "loop-b.pdf", raw / "loop-a.pdf")
    os.symlink(raw / "loop-a.pdf", raw / "loop-b.pdf")
    os.mkfifo(raw / "pipe.pdf")
    summary = batch.run([raw], tmp_path / "out", workers=1)
    rows = _documents(tmp_path / "out")
    assert rows["report.pdf"] == ("ok", None)
    assert rows["link-inside.pdf"] == ("ok", None) and "sub/sif.pdf" not in rows  # one file, read once
    assert "outside the input folder" in rows["link-outside.pdf"][1]
    assert "outside the input folder" in rows["folder-outside"][1]
    assert "does not exist" in rows["dangling.pdf"][1]
    assert "loops" in rows["loop-a.pdf"][1] and "loops" in rows["loop-b.pdf"][1]
    assert "named pipe" in rows["pipe.pdf"][1]
    assert not any(path.startswith("folder-inside") for path in rows)
    assert summary.documents == len(rows) == 8
    assert not any("secret" in str(path) for path in (tmp_path / "out").rglob("*"))
    # A rerun finds them all the same, reads none of them again, and does not hang on the pipe.
    assert batch.run([raw], tmp_path / "out", workers=1).processed == 0


def _three_reports(raw: Path) -> Path:
    raw.mkdir()
    for name in ("ilacs-2022-brackenford.pdf", "sif-2014-coldbrook.pdf", "lac-2013-wexmoor.pdf"):
        shutil.copy(SAMPLES / name, raw / name)
    return raw


def test_an_empty_input_folder_changes_nothing_and_says_how_to_go_on(tmp_path):
    raw = _three_reports(tmp_path / "raw")
    out = tmp_path / "out"
    batch.run([raw], out, workers=1)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*") if "state" not in p.parts)
    for path in raw.iterdir():
        path.unlink()
    result = CliRunner().invoke(main, ["run", str(raw), "--out", str(out), "-q"])
    assert result.exit_code == EXIT_MASS_REMOVAL
    assert "--allow-mass-removal" in result.output and result.output.strip().count("\n") == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if "state" not in p.parts) == before
    allowed = CliRunner().invoke(main, ["run", str(raw), "--out", str(out), "-q", "--allow-mass-removal"])
    assert allowed.exit_code == 0, allowed.output
    assert {status for status, _ in _documents(out).values()} == {"removed"}


def test_removing_a_few_documents_needs_no_permission(tmp_path):
    raw = _three_reports(tmp_path / "raw")
    batch.run([raw], tmp_path / "out", workers=1)
    (raw / "ilacs-2022-brackenford.pdf").unlink()
    assert batch.run([raw], tmp_path / "out", workers=1).removed == 1
