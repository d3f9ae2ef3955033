"""`findings-lab benchmark-batch` times each phase of a rerun in the process that runs it."""

import multiprocessing

from lab import benchmark_batch
from pipeline import batch
from pipeline.store import writing


def test_each_phase_is_logged_in_the_process_that_runs_it_and_the_functions_restored(tmp_path):
    log, original = tmp_path / "phases.jsonl", batch._import_writing
    with benchmark_batch._phases_logged(log):
        batch._import_writing(1, tmp_path)
        writer = multiprocessing.get_context("fork").Process(target=batch._import_writing, args=(1, tmp_path))
        writer.start()
        writer.join()
    assert batch._import_writing is original
    phases = benchmark_batch._read_phases(log, clock=0.0)
    assert sorted((phase.process, phase.name) for phase in phases) == [
        ("run", "batch._import_writing"),
        ("writer 1", "batch._import_writing"),
    ]
    assert all(0 <= phase.cpu_seconds and phase.start <= phase.end for phase in phases)


def test_the_tables_parts_are_timed_where_the_tables_are_written(tmp_path, monkeypatch):
    log = tmp_path / "phases.jsonl"
    monkeypatch.setattr("pipeline.store.database.update", lambda *args, **kwargs: None)
    with benchmark_batch._phases_logged(log):
        writing.write_tables(tmp_path / "out", {"documents": []}, None, [])
    names = [phase.name for phase in benchmark_batch._read_phases(log, clock=0.0)]
    assert names == [
        "writing.write_tables",
        "writing._built_tables",
        "store.build_tables",
        "derived.add",
        "store.write_tables",
        "database.update",
    ]
