"""A bounded mutation fuzz run, as CI runs it: 60 damaged and hostile copies of the sample reports
in every format go through `findings run`; the run neither aborts nor hangs, every file gets a row,
no reason names a Python exception, and no process passes the memory target. `findings-lab fuzz`
runs 1,200 (see docs/reliability.md)."""

from __future__ import annotations

from pathlib import Path

from lab import fuzz

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"


def test_sixty_mutated_files_of_every_format_cost_their_own_rows_only(tmp_path):
    mutants = fuzz.write_mutants(tmp_path / "mutants", 60, seed=11, samples=SAMPLES)
    assert {path.suffix for path in mutants} == {".pdf", ".docx", ".html", ".txt"}
    result = fuzz.run(tmp_path / "mutants", tmp_path / "out", workers=2, timeout=300)
    assert not result.aborted and not result.hung, result
    assert result.rows == result.files == 60
    assert result.exception_names == 0, result
    assert result.peak_rss_mb <= fuzz.MEMORY_TARGET_MB, result
