"""What one file may cost is bounded for every format: each is read in a worker process with a
memory and a time budget. A file over it, or whose worker dies, gets an error row that says so, and
a fresh worker reads the rest; a worker that dies takes no other file with it, and the next run
reads its file again."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import batch
from pipeline.workers import STOPPED, Budget, each, frozen

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
real_process = batch.process


@pytest.fixture
def raw(tmp_path) -> Path:
    raw = shutil.copytree(SAMPLES, tmp_path / "raw")
    shutil.copy(raw / "ilacs-2019-fernhallow.pdf", raw / "trouble.pdf")
    return raw


def _rows(summary: batch.RunSummary, out: Path) -> dict[str, tuple[str, str | None]]:
    documents = pd.read_parquet(out / "tables" / "documents.parquet")
    return {row.doc_id: (row.status, row.error) for row in documents.itertuples()}


def _misbehaving(monkeypatch, how):
    """Reading `trouble.pdf` does `how` (in the worker: it is forked with this patch)."""

    def process(source):
        if source.source_path == "trouble.pdf":
            how()
        return real_process(source)

    monkeypatch.setattr(batch, "process", process)


def _the_rest_are_read(rows):
    assert all(status == "ok" for doc_id, (status, _) in rows.items() if doc_id != "trouble"), rows


def test_a_file_that_takes_too_long_is_stopped_and_the_rest_are_read(raw, tmp_path, monkeypatch):
    _misbehaving(monkeypatch, lambda: time.sleep(60))
    started = time.monotonic()
    summary = batch.run([raw], tmp_path / "out", workers=2, budget=Budget(seconds=3))
    rows = _rows(summary, tmp_path / "out")
    assert rows["trouble"] == ("error", "took longer than 3 s to read (the limit for one file)")
    _the_rest_are_read(rows)
    assert time.monotonic() - started < 40


def test_a_file_that_needs_too_much_memory_is_stopped_and_the_rest_are_read(raw, tmp_path, monkeypatch):
    _misbehaving(monkeypatch, lambda: bytearray(2**31))  # 2 GiB, over a 256 MB budget
    summary = batch.run([raw], tmp_path / "out", workers=2, budget=Budget(megabytes=256))
    rows = _rows(summary, tmp_path / "out")
    assert rows["trouble"] == ("error", "needed more than 256 MB of memory to read (the limit for one file)")
    _the_rest_are_read(rows)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_killed_mid_run_costs_its_file_alone_and_the_next_run_reads_it_again(
    raw, tmp_path, monkeypatch, workers
):
    clean = tmp_path / "clean"
    batch.run([raw], clean, workers=workers)
    _misbehaving(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))  # as the out-of-memory killer would
    out = tmp_path / "out"
    rows = _rows(batch.run([raw], out, workers=workers), out)
    assert rows["trouble"][0] == "error" and rows["trouble"][1].startswith(STOPPED)
    assert "SIGKILL" in rows["trouble"][1]
    _the_rest_are_read(rows)
    monkeypatch.setattr(batch, "process", real_process)
    rerun = batch.run([raw], out, workers=workers)
    assert rerun.processed == 1 and rerun.ok
    for table in ("documents", "judgements", "improvements", "paragraphs", "action_plan"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / "tables" / f"{table}.parquet"),
            pd.read_parquet(clean / "tables" / f"{table}.parquet"),
            obj=table,
        )


def _read_after(seconds: float, marker: Path | None = None):
    def read(item):
        time.sleep(seconds)
        if marker is not None:
            marker.write_text(str(item))
        return item

    return read


def test_the_runs_own_work_is_done_in_order_while_the_workers_read():
    done = []
    steps = [lambda: done.append("briefs"), lambda: done.append("modules")]
    results = list(each([1, 2], _read_after(0.5), workers=1, budget=Budget(), meanwhile=steps))
    assert [item for item, _ in results] == [1, 2] and done == ["briefs", "modules"]


def test_work_left_when_a_short_reading_ends_is_not_done_there(tmp_path):
    """A rerun adding one report: its worker is done before the run's process has read the other
    documents' briefs; loading the workbooks' modules there would hold up the tables' writer, which
    waits on the briefs, so the run loads them after handing the tables over."""
    marker = tmp_path / "read"
    done = []

    def briefs():
        while not marker.exists():
            time.sleep(0.01)
        time.sleep(0.2)  # the worker's answer is in the pipe by now
        done.append("briefs")

    steps = [briefs, lambda: done.append("modules")]
    results = list(each([1], _read_after(0, marker), workers=1, budget=Budget(), meanwhile=steps))
    assert results == [(1, 1)] and done == ["briefs"]


def test_objects_frozen_for_a_block_stay_frozen_until_the_outermost_block_ends():
    """The run freezes its modules while it gathers, then its results too while it writes: leaving
    the inner block must not hand the modules back to the collector's walks."""
    assert gc.get_freeze_count() == 0
    with frozen():
        with frozen():
            kept = [object()]  # made inside: frozen by the inner block
        assert gc.get_freeze_count() > 0 and kept
    assert gc.get_freeze_count() == 0


def test_a_block_within_another_does_not_count_the_frozen_objects(monkeypatch):
    """Counting them walks every frozen object: at each block nested in the one around a run's
    results, 5 to 20 ms of adding one report."""
    with frozen():
        counted = []
        monkeypatch.setattr(gc, "get_freeze_count", lambda: counted.append(1) or 1)
        with frozen():
            pass
        assert counted == []
        monkeypatch.undo()
    assert gc.get_freeze_count() == 0


def test_objects_frozen_outside_any_block_stay_frozen_after_one():
    gc.freeze()
    try:
        with frozen():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_run_and_its_workers_collect_young_objects_rarely_and_leave_the_callers_thresholds(
    raw, tmp_path, monkeypatch
):
    seen = tmp_path / "threshold"  # written by the worker that reads trouble.pdf
    _misbehaving(monkeypatch, lambda: seen.write_text(str(gc.get_threshold()[0])))
    before = gc.get_threshold()
    assert batch.run([raw], tmp_path / "out", workers=1).ok
    assert seen.read_text() == str(batch.YOUNG_THRESHOLD) != str(before[0])
    assert gc.get_threshold() == before
