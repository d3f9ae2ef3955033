"""Issue 11's fault campaign as a command (`findings fuzz --kills N`): `findings run` killed with
kill -9 at N moments spread over its stages, at N/4 more clock times, and one of its workers killed
mid-run; after each, a plain rerun's outputs must equal a clean run's, with no temporary file left
and no formula-like cell unescaped.

The N moments are the run's own steps, not clock times, so each kill lands where it was meant to
whatever the machine's load: a traced clean run lists every step the run's process takes (each
document recorded as read, each file renamed into place, the tables, the database, the recorded
state), and the kills fall on steps evenly spaced along that list. The child kills itself
(SIGKILL) just before the chosen step, as a power cut would; `tests/test_faults.py` holds nine
such moments by hand. The clock kills come from outside, with two workers, so they also fall
while the writer processes write.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline.schema import Record

# The run's steps a kill can fall before: MODULE.FUNCTION, each looked up through its module by
# the run, so patching the module's attribute reaches every call.
STEPS = (
    "store.manifest.append",
    "os.replace",
    "store.write_tables",
    "store.database.update",
    "store.manifest.write_tables_state",
    "store.manifest.write_workbooks_state",
)
WORKERS = 1  # the run's writing in its own process, so that every step is one the kill can fall on


class KillResult(Record):
    moment: str  # "step #n of the run's N", or "a worker" for the killed worker
    killed: bool  # the child died by SIGKILL where it was meant to
    repaired: bool  # the rerun's outputs equal the clean run's
    differences: tuple[str, ...] = ()  # what differed, where not repaired
    temporaries_left: int = 0
    unescaped_cells: int = 0


class KillCampaign(Record):
    files: int
    steps: int  # steps the run's process takes in a clean run
    kills: tuple[KillResult, ...]

    @property
    def holds(self) -> bool:
        return all(k.killed and k.repaired and not k.temporaries_left and not k.unescaped_cells for k in self.kills)


def campaign(raw: Path, work: Path, kills: int) -> KillCampaign:
    """Kill a run over `raw` at `kills` moments and one of its workers, each in a fresh output
    folder under `work`, and compare every rerun with a clean run."""
    clean = work / "clean"
    work.mkdir(parents=True, exist_ok=True)
    trace = work / "trace.txt"
    _child(raw, clean, "trace", str(trace))
    steps = trace.read_text().split()
    expected = snapshot(clean)
    results = []
    for number, at in enumerate(_spread(len(steps), kills), 1):
        step = steps[at]
        nth = steps[: at + 1].count(step)
        out = work / f"kill-{number:02d}"
        code = _child(raw, out, "kill", step, str(nth))
        results.append(_repaired(raw, out, expected, f"before {step} #{nth} (step {at + 1} of {len(steps)})", code))
    results += _clock_kills(raw, work, expected, max(1, kills // 4))
    out = work / "worker"
    _child(raw, out, "kill-worker", "2")
    results.append(
        _repaired(raw, out, expected, "a worker, on its second file", 0, killed=_worker_marker(out).exists())
    )
    return KillCampaign(files=sum(1 for p in raw.rglob("*") if p.is_file()), steps=len(steps), kills=tuple(results))


def _clock_kills(raw: Path, work: Path, expected: dict, kills: int) -> list[KillResult]:
    """Kills at clock times evenly spread over a run with two workers, from outside, as a power cut
    would: these also fall while the writer processes (tables, workbooks) write, which the steps of
    the run's own process do not see."""
    started = time.monotonic()
    _child(raw, work / "clean-2-workers", "plain")
    seconds = time.monotonic() - started
    results = []
    for number in range(1, kills + 1):
        at = seconds * number / (kills + 1)
        out = work / f"clock-kill-{number:02d}"
        child = subprocess.Popen(
            [sys.executable, "-m", __name__, str(raw), str(out), "plain"], stdout=subprocess.DEVNULL
        )
        try:
            code = child.wait(timeout=at)  # the run ended before its moment came: not a kill
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            code = child.wait()
        results.append(_repaired(raw, out, expected, f"at {at:.1f} s of a {seconds:.1f} s run with 2 workers", code))
    return results


def _spread(steps: int, kills: int) -> list[int]:
    """`kills` step indexes evenly spaced from the first step to the last."""
    if kills >= steps:
        return list(range(steps))
    return sorted({round(i * (steps - 1) / max(kills - 1, 1)) for i in range(kills)})


def _repaired(raw: Path, out: Path, expected: dict, moment: str, code: int, killed: bool | None = None) -> KillResult:
    from pipeline.batch import run

    run([raw], out, workers=WORKERS)
    differ = differences(expected, snapshot(out))
    return KillResult(
        moment=moment,
        killed=code == -signal.SIGKILL if killed is None else killed,
        repaired=not differ,
        differences=differ[:20],
        temporaries_left=len(temporaries(out)),
        unescaped_cells=len(unescaped_cells(out)),
    )


def differences(expected: dict, found: dict) -> tuple[str, ...]:
    """The parts of two `snapshot`s that differ."""
    return tuple(key for key in sorted(set(expected) | set(found)) if not _same(expected.get(key), found.get(key)))


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        return a.equals(b)
    return a == b


def snapshot(out: Path) -> dict:
    """What a reader sees of a run: every table (Parquet, CSV), every database table, the names of
    its files, the JSON of every report and paper, and every workbook's cells."""
    import duckdb
    from openpyxl import load_workbook

    from pipeline.store import database
    from pipeline.store.runfolder import RunFolder

    run = RunFolder(out)
    seen: dict = {}
    for path in run.table_files():
        seen[f"tables/{path.name}"] = pd.read_parquet(path)
    for path in sorted(run.tables.glob("*.csv")):
        seen[f"tables/{path.name}"] = path.read_bytes()
    with duckdb.connect(str(run.database), read_only=True) as db:
        for (name,) in db.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
            if name == database.LOADED_FILES:  # hashes of this folder's Parquet files' bytes: must be theirs
                loaded = dict(db.execute(f"SELECT * FROM {name}").fetchall())
                seen[f"findings.duckdb/{name} matches the tables"] = loaded == database.table_digests(out)
            else:
                seen[f"findings.duckdb/{name}"] = _rows(db.execute(f'SELECT * FROM "{name}"').df())
    files = [p for folder in (run.reports, run.papers, run.workbooks, run.tables) for p in sorted(folder.rglob("*"))]
    seen["files"] = [str(p.relative_to(out)) for p in files]
    for path in files:
        if path.suffix == ".json":
            seen[str(path.relative_to(out))] = path.read_bytes()
        elif path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            seen[str(path.relative_to(out))] = {
                sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets
            }
            book.close()
    return seen


def _rows(table: pd.DataFrame) -> pd.DataFrame:
    """A database table as a set of rows: SQL gives rows no order (an update appends the rows it
    replaces), and the time the database was made is no output of the run."""
    table = table.drop(columns=[c for c in table.columns if pd.api.types.is_datetime64_any_dtype(table[c])])
    return table.sort_values(list(table.columns), key=lambda column: column.astype(str)).reset_index(drop=True)


def temporaries(out: Path) -> list[Path]:
    return [path for path in out.rglob("*") if path.name.endswith(".tmp")]


def unescaped_cells(folder: Path) -> list[str]:
    """Every cell under `folder` a spreadsheet could run: a CSV cell that starts like a formula, a
    workbook cell that is a formula or is text starting like one without Excel's quote prefix."""
    from openpyxl import load_workbook

    from pipeline import cells

    found = []
    for path in sorted(folder.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            found += [
                f"{path.name}: {cell!r}" for row in csv.reader(handle) for cell in row if cells.is_formula_like(cell)
            ]
    for path in sorted(folder.rglob("*.xlsx")):
        for sheet in load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f" or (
                        isinstance(cell.value, str) and cells.is_formula_like(cell.value) and not cell.quotePrefix
                    ):
                        found.append(f"{path.name}/{sheet.title}!{cell.coordinate}: {cell.value!r}")
    return found


# --- the run in a child process, traced or killed -----------------------------------------------


def _child(raw: Path, out: Path, *how: str) -> int:
    command = [sys.executable, "-m", __name__, str(raw), str(out), *how]
    return subprocess.run(command, timeout=900, stdout=subprocess.DEVNULL).returncode


def _worker_marker(out: Path) -> Path:
    return out.with_name(out.name + ".worker-killed")


def _patched_run(raw: Path, out: Path, how: str, *arguments: str) -> None:
    """`batch.run` with its steps traced (`trace FILE`), the run's process killed before the n-th
    call of a step (`kill STEP N`), or a worker killed on its n-th file (`kill-worker N`); `plain`
    runs it with two workers, untouched."""
    import importlib

    from pipeline import batch

    main = os.getpid()
    if how == "plain":
        pass
    elif how == "kill-worker":
        nth, real, calls = int(arguments[0]), batch.process, [0]
        marker = _worker_marker(out)

        def process(source):
            calls[0] += 1
            if calls[0] == nth and os.getpid() != main and not marker.exists():  # once: fresh workers count anew
                marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
            return real(source)

        batch.process = process
    else:
        trace = open(arguments[0], "w") if how == "trace" else None  # noqa: SIM115 - open for the whole run
        for step in STEPS:
            module_name, name = step.rsplit(".", 1)
            module = os if module_name == "os" else importlib.import_module(f"pipeline.{module_name}")
            setattr(module, name, _watched(step, getattr(module, name), main, trace, arguments))
    batch.run([raw], out, workers=2 if how == "plain" else WORKERS)


def _watched(step: str, function, main: int, trace, arguments):
    calls = [0]

    def watched(*args, **kwargs):
        if os.getpid() == main:  # a worker's own steps (its reports' JSON) are not the run's
            calls[0] += 1
            if trace:
                trace.write(step + "\n")
                trace.flush()
            elif arguments == (step, str(calls[0])):
                os.kill(main, signal.SIGKILL)
        return function(*args, **kwargs)

    return watched


if __name__ == "__main__":
    _patched_run(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], *sys.argv[4:])
