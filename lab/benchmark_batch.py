"""`findings-lab benchmark-batch`: whole-corpus runs from scratch in parallel and in one process,
a rerun with nothing new, and a rerun with one new report, all measured in one go.

The full runs are separate processes so that each one's peak memory can be read; the reruns are timed
around `batch.run` itself, the work a rerun does (interpreter start-up and imports come on top).
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from pydantic import computed_field

from pipeline import batch
from pipeline.discover import discover
from pipeline.schema import Record

# Issue 13: a rerun that adds one report costs less than this beyond that report's own processing.
ADD_ONE_OVERHEAD_SECONDS_BELOW = 1.0


class FullRun(Record):
    workers: int
    seconds: float  # the whole run, interpreter start-up, tables and workbooks included
    cpu_seconds: float  # the whole run's CPU time, every process
    reading_seconds: float  # reading the documents, the part that runs in parallel
    reading_cpu_seconds: float  # CPU time of every process while reading, workers' start-up included
    document_cpu_seconds: float  # CPU time of the documents' own reading, summed over the workers
    peak_mb: float  # the largest process of the run (the main one, or one worker)

    @computed_field
    @property
    def cores_busy(self) -> float:
        """How many cores the reading kept busy on average: near the worker count when the machine
        is free and the work divides well; near 1 with two workers when other jobs take a core."""
        return round(self.reading_cpu_seconds / self.reading_seconds, 2) if self.reading_seconds else 0.0


class Phase(Record):
    """One part of a rerun, timed in the process that ran it."""

    process: str  # "run" (the run's own), or "writer N" (one forked to write the tables or workbooks)
    name: str
    start: float  # seconds after the rerun started, on the clock
    end: float
    cpu_seconds: float


class BatchBenchmark(Record):
    documents: int
    one_process: FullRun | None  # None: the reruns alone were measured (`reruns_only`)
    parallel: FullRun
    speed_up: float | None  # whole run
    reading_speed_up: float | None
    rerun_seconds: float  # nothing new
    add_one_seconds: float  # one new report: the whole rerun
    add_one_own_seconds: float  # that report's own processing, measured alone
    add_one_overhead_seconds: float  # the rerun less the report's own processing
    add_one_cpu_seconds: float  # the rerun's CPU time in the run's own process
    add_one_workers_cpu_seconds: float  # ... and in the processes writing the workbooks beside it
    add_one_phases: tuple[Phase, ...] = ()  # where its seconds went: the critical path, process by process

    @computed_field
    @property
    def add_one_target_met(self) -> bool:
        return self.add_one_overhead_seconds < ADD_ONE_OVERHEAD_SECONDS_BELOW


def run_benchmark(
    corpus: Path, workers: int | None = None, say: Callable[[str], None] = print, reruns_only: bool = False
) -> BatchBenchmark:
    """Every measurement; with `reruns_only`, no run in one process: the reruns alone, after the
    parallel run they start from (a third of the time, to compare the reruns of two versions)."""
    workers = workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="findings-benchmark-") as temporary:
        root = Path(temporary)
        inputs, held_back = _corpus_less_one(corpus, root / "raw")
        one = None if reruns_only else _full_run(inputs, root / "one", 1, say)
        parallel = _full_run(inputs, root / "parallel", workers, say)
        out = root / "parallel"
        started = time.perf_counter()
        batch.run([inputs], out)
        rerun = time.perf_counter() - started
        say(f"rerun with nothing new: {rerun:.2f} s")
        target = inputs / held_back.relative_to(corpus)
        shutil.copyfile(held_back, target)
        own = _own_processing(inputs, target)
        log = root / "phases.jsonl"
        with _phases_logged(log):
            started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
            clock = time.time()
            summary = batch.run([inputs], out)
            add_one = time.perf_counter() - started
            cpu, children = time.process_time() - cpu, _children_cpu() - children
        phases = _read_phases(log, clock)
        met = "met" if add_one - own < ADD_ONE_OVERHEAD_SECONDS_BELOW else "MISSED"
        say(
            f"one new report: {add_one:.2f} s ({own:.2f} s its own processing, {summary.processed} file read; "
            f"CPU {cpu:.2f} s in the run's process, {children:.2f} s in the workbook writers); "
            f"{add_one - own:.2f} s beyond its own processing, target < {ADD_ONE_OVERHEAD_SECONDS_BELOW:g} s: {met}"
        )
        for phase in phases:
            say(
                f"  {phase.process:9} {phase.name:32} {phase.start:6.2f} -> {phase.end:6.2f} s, "
                f"CPU {phase.cpu_seconds:.2f} s"
            )
    return BatchBenchmark(
        documents=len(discover([corpus])),
        one_process=one,
        parallel=parallel,
        speed_up=None if one is None else round(one.seconds / parallel.seconds, 2),
        reading_speed_up=None if one is None else round(one.reading_seconds / parallel.reading_seconds, 2),
        rerun_seconds=round(rerun, 3),
        add_one_seconds=round(add_one, 3),
        add_one_own_seconds=round(own, 3),
        add_one_overhead_seconds=round(add_one - own, 3),
        add_one_cpu_seconds=round(cpu, 3),
        add_one_workers_cpu_seconds=round(children, 3),
        add_one_phases=tuple(phases),
    )


# The parts of a rerun timed in every process that runs them: the run's own (reading, with the
# unchanged documents' briefs read and the writers' modules loaded meanwhile, where the reading
# lasts long enough; gathering the results; laying out the workbooks) and the writer processes
# forked from it (the tables, the database, the workbooks). The tables' modules load before the
# writers are forked, so theirs are wrapped once the tables are written, in the writer.
_PHASES = (
    ("pipeline.batch", "_read_new"),
    ("pipeline.batch", "_read_briefs"),
    ("pipeline.batch", "_import_writing"),
    ("pipeline.batch", "_gather"),
    ("pipeline.store.writing", "write_outputs"),
    ("pipeline.store.writing", "_write_workbooks"),
    ("pipeline.store.writing", "_write_run_workbook"),
    ("pipeline.store.writing", "write_tables"),
)
_TABLE_PHASES = (
    ("pipeline.store.splice", "rerun_tables"),
    ("pipeline.store.writing", "_built_tables"),
    ("pipeline.store", "build_tables"),
    ("pipeline.store", "with_unchanged_rows"),
    ("pipeline.store.derived", "add"),
    ("pipeline.store", "write_tables"),
    ("pipeline.store.database", "update"),
)


@contextmanager
def _phases_logged(log: Path) -> Iterator[None]:
    """`_PHASES` (and, where the tables are written, `_TABLE_PHASES`) each logged to `log` as it
    ends, in whichever process it runs; the functions as they were once the block ends."""
    wrapped: list[tuple[object, str, Callable]] = []

    def timed(module_name: str, name: str, then: Callable[[], None] = lambda: None) -> None:
        module = importlib.import_module(module_name)
        function = getattr(module, name)

        @functools.wraps(function)  # the same name: a writer is handed it by name
        def timing(*args, **kwargs):
            then()
            start, cpu = time.time(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                line = {"pid": os.getpid(), "name": f"{module_name.split('.')[-1]}.{name}", "start": start}
                line.update(end=time.time(), cpu=time.process_time() - cpu)
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(line) + "\n")

        setattr(module, name, timing)
        wrapped.append((module, name, function))

    def table_phases() -> None:
        if not any(name == "update" for _, name, _ in wrapped):  # once per process
            for module_name, name in _TABLE_PHASES:
                timed(module_name, name)

    for module_name, name in _PHASES:
        timed(module_name, name, table_phases if name == "write_tables" else lambda: None)
    try:
        yield
    finally:
        for module, name, function in reversed(wrapped):
            setattr(module, name, function)


def _read_phases(log: Path, clock: float) -> list[Phase]:
    """The phases `log` holds, in the order they started, timed from `clock`."""
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    writers = list(dict.fromkeys(line["pid"] for line in sorted(lines, key=lambda line: line["start"])))
    writers = [pid for pid in writers if pid != os.getpid()]
    return [
        Phase(
            process="run" if line["pid"] == os.getpid() else f"writer {writers.index(line['pid']) + 1}",
            name=line["name"],
            start=round(line["start"] - clock, 3),
            end=round(line["end"] - clock, 3),
            cpu_seconds=round(line["cpu"], 3),
        )
        for line in sorted(lines, key=lambda line: line["start"])
    ]


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def _corpus_less_one(corpus: Path, folder: Path) -> tuple[Path, Path]:
    """A copy of the corpus (hard links where possible) without its last report, which is held back
    to be added later."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    held_back = files[-1]
    for path in files[:-1]:
        target = folder / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
    return folder, held_back


# Runs a command, passes on what it prints, then prints the peak resident memory (KiB) of its
# largest process, workers included, and the CPU seconds of all its processes.
_PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(done.stdout); usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)"
)
# One run from scratch in a fresh interpreter, printing its RunSummary.
_RUN = (
    "import sys; from pathlib import Path; from pipeline import batch; "
    "print(batch.run([Path(sys.argv[1])], Path(sys.argv[2]), workers=int(sys.argv[3])).model_dump_json())"
)


def _full_run(inputs: Path, out: Path, workers: int, say: Callable[[str], None]) -> FullRun:
    command = [sys.executable, "-c", _PEAK, sys.executable, "-c", _RUN, str(inputs), str(out), str(workers)]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    printed = [line for line in output.splitlines() if line.strip()]
    seconds = time.perf_counter() - started
    summary = batch.RunSummary.model_validate_json(printed[-2])
    peak_kib, cpu = printed[-1].split()
    peak = int(peak_kib) / 1024  # ru_maxrss is in KiB on Linux
    run = FullRun(
        workers=workers,
        seconds=round(seconds, 2),
        cpu_seconds=round(float(cpu), 2),
        reading_seconds=summary.reading_seconds,
        reading_cpu_seconds=summary.reading_cpu_seconds,
        document_cpu_seconds=summary.document_cpu_seconds,
        peak_mb=round(peak, 1),
    )
    say(
        f"from scratch, {workers} worker(s): {seconds:.1f} s, {run.cpu_seconds:.1f} s CPU ({summary.reading_seconds:.1f} s reading the "
        f"{summary.processed} files: {summary.reading_cpu_seconds:.1f} s CPU, {summary.document_cpu_seconds:.1f} s "
        f"of it in the documents' own reading, {run.cores_busy} cores busy), largest process {peak:.0f} MB"
    )
    return run


def _own_processing(inputs: Path, path: Path) -> float:
    """The report's reading, timed the second time: the first loads the NLP pipeline, which the
    rerun measured after it then finds loaded, so both times leave that out alike."""
    source = next(s for s in discover([inputs]) if s.path == path)
    batch.process(source)
    started = time.perf_counter()
    batch.process(source)
    return time.perf_counter() - started
