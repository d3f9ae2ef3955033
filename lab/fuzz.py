"""Mutation fuzzing: damaged and hostile copies of the sample reports in every format, run through
`findings run` in a child process, to measure what the reliability promises (README, Reliability)
say: no run aborted, none hung, every file a row, no process over the memory target.

The seeds are the bundled fictional sample reports (PDF) and the same text written as Word, HTML
and plain text; each mutated file is one seed changed by one or two of the mutations below, chosen
by a seeded random generator, so a figure can be made again.
"""

from __future__ import annotations

import io
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.store.runfolder import RunFolder
from pipeline.schema import Record
from pipeline.workers import STOPPED
from .faults import KillCampaign, unescaped_cells
from .faults import campaign as kill_campaign

SAMPLES = Path("data/raw/samples")
MEMORY_TARGET_MB = 1536


class FuzzResult(Record):
    files: int
    rows: int  # rows in the documents table: every file must have one
    ok: int
    warnings: int  # read in part: damaged pages named in `checks`
    errors: int
    over_budget: int  # errors for a file over its time or memory budget, or whose worker died
    exception_names: int  # error reasons that name a Python exception instead of saying what is wrong
    exit_code: int | None  # None: the run hung and was killed
    aborted: bool  # the run ended in a traceback, or other than 0 (all read) or 1 (some failed)
    hung: bool
    seconds: float
    peak_rss_mb: float  # the largest process of the run, its workers included
    run_peak_rss_mb: float  # the run's own process (sampled; the figures below are too)
    worker_peak_rss_mb: float  # the largest of its workers and writers
    processes: int  # the run's process and every worker and writer seen
    unescaped_cells: int  # formula-like cells in the run's CSVs and workbooks a spreadsheet would run
    kills: KillCampaign | None = None  # `--kills`: the run killed at moments, and a worker

    @property
    def holds(self) -> bool:
        return (
            not self.aborted
            and not self.hung
            and self.rows == self.files
            and self.peak_rss_mb <= MEMORY_TARGET_MB
            and not self.unescaped_cells
            and (self.kills is None or self.kills.holds)
        )


def seeds(samples: Path = SAMPLES) -> dict[str, bytes]:
    """Each sample report as PDF, and its text as Word, HTML and plain text."""
    from pipeline.discover import discover
    from pipeline.load import load

    found = {}
    for source in discover([samples]):
        pages = [page.text for page in load(source, "").pages]
        stem = source.doc_id
        found[f"{stem}.pdf"] = source.path.read_bytes()
        found[f"{stem}.txt"] = "\f".join(pages).encode("utf-8")
        body = "".join(f"<p>{line}</p>" for page in pages for line in page.split("\n"))
        found[f"{stem}.html"] = (
            f"<!DOCTYPE html><html><head><title>{stem}</title></head><body>{body}</body></html>".encode()
        )
        found[f"{stem}.docx"] = _word(pages)
    return found


def _word(pages: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for page in pages:
        for line in page.split("\n"):
            document.add_paragraph(line.lstrip("◼ "), style="List Bullet" if line.startswith("◼") else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- mutations: each takes the bytes and a random generator ------------------------------------

_MAGIC = [
    b"999999999",
    b"-1",
    b"0",
    b"/Length 0",
    b"obj",
    b"endstream",
    b"<<",
    b">>",
    b"%%EOF",
    b"\x00" * 8,
    b"\xff\xfe",
    b"<script>",
    b"=cmd|' /C calc'!A0",
    b"\x1b\x07",
    b"\xef\xbb\xbf",
    b"</p><p>",
]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _delete(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, max(1, len(data) // 20)) :]


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _duplicate(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(16, 4096)]
    return data[:at] + chunk * rng.randint(2, 50) + data[at:]


def _append(data: bytes, rng: random.Random) -> bytes:
    return data + rng.randbytes(rng.randint(1, 8192))


def _magic(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    value = rng.choice(_MAGIC)
    return data[:at] + value + data[at + len(value) :]


def _inside_zip(data: bytes, rng: random.Random) -> bytes:
    """A Word file whose one part is mutated, or made to declare a size it does not hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except Exception:  # noqa: BLE001 - a mutant of a mutant may be no zip at all, or a broken one
        return _flip(data, rng)
    name = rng.choice(sorted(parts))
    if rng.random() < 0.1:
        parts[name] += b" " * (100 * 2**20)  # a zip bomb: compresses to ~100 KB
    else:
        parts[name] = rng.choice(_BYTE_MUTATIONS)(parts[name] or b" ", rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return buffer.getvalue()


_BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip,
    _delete,
    _insert,
    _truncate,
    _duplicate,
    _append,
    _magic,
]


def mutate(name: str, data: bytes, rng: random.Random) -> bytes:
    mutations = _BYTE_MUTATIONS + ([_inside_zip] * 3 if name.endswith(".docx") else [])
    for _ in range(rng.randint(1, 2)):
        data = rng.choice(mutations)(data or b" ", rng)
    return data


def write_mutants(folder: Path, count: int, seed: int = 0, samples: Path = SAMPLES) -> list[Path]:
    """`count` mutated files in `folder`, spread evenly over the seeds (so over every format)."""
    rng = random.Random(seed)
    originals = sorted(seeds(samples).items())
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        name, data = originals[number % len(originals)]
        path = folder / f"{number:05d}-{name}"
        path.write_bytes(mutate(name, data, rng))
        written.append(path)
    return written


def run(folder: Path, out: Path, workers: int | None = None, timeout: float | None = None) -> FuzzResult:
    """`findings run folder --out out` in a child process, measured."""
    files = sum(1 for path in folder.iterdir() if path.is_file())
    command = [
        sys.executable,
        "-c",
        "from pipeline.cli import main; main()",
        "run",
        str(folder),
        "--out",
        str(out),
        "-q",
    ]
    command += ["--workers", str(workers)] if workers else []
    timeout = timeout or 120 + 5 * files
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = _Peaks(child.pid)
    try:
        stderr = child.communicate(timeout=timeout)[1]
        exit_code: int | None = child.returncode
    except subprocess.TimeoutExpired:
        child.kill()
        stderr, exit_code = child.communicate()[1], None
    seconds = time.monotonic() - started
    peaks.stop()
    traceback = b"Traceback (most recent call last)" in stderr  # exit 1, but not "some failed"
    # The largest process among the run and its workers (Linux counts every waited-for descendant).
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    run = RunFolder(out)
    rows = run.read_table("documents") if run.has_run() else pd.DataFrame({"status": [], "error": []})
    reasons = rows["error"].dropna().astype(str)
    return FuzzResult(
        files=files,
        rows=len(rows),
        ok=int((rows["status"] == "ok").sum()),
        warnings=int((rows["status"] == "warning").sum()),
        errors=int((rows["status"] == "error").sum()),
        over_budget=int(reasons.str.startswith(("took longer than", "needed more than", STOPPED)).sum()),
        exception_names=int(reasons.str.contains(r"internal error|[A-Z][a-z]+(?:Error|Exception)\b").sum()),
        exit_code=exit_code,
        aborted=traceback or exit_code not in (0, 1, None),
        hung=exit_code is None,
        seconds=round(seconds, 1),
        peak_rss_mb=round(max([peak, *peaks.by_process.values()]), 1),
        run_peak_rss_mb=round(peaks.by_process.get(child.pid, 0.0), 1),
        worker_peak_rss_mb=round(max([mb for pid, mb in peaks.by_process.items() if pid != child.pid], default=0.0), 1),
        processes=len(peaks.by_process),
        unescaped_cells=len(unescaped_cells(out)) if out.exists() else 0,
    )


class _Peaks:
    """Each process of a run (the run's, its workers', its writers') and its peak resident memory,
    read from /proc every 0.2 s while the run lasts: the kernel keeps each process's peak
    (VmHWM), so a sample misses only what a process reached in its last 0.2 s. `getrusage` gives the
    largest exactly, but not whose it was."""

    def __init__(self, root: int) -> None:
        import threading

        self.by_process: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(root,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self, root: int) -> None:
        while not self._done.wait(0.2):
            for pid in _descendants(root) | {root}:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:  # it ended
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.by_process[pid] = max(self.by_process.get(pid, 0.0), int(line.split()[1]) / 1024)


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def campaign(
    work: Path, count: int, seed: int = 0, workers: int | None = None, samples: Path = SAMPLES, kills: int = 0
) -> FuzzResult:
    """`count` mutants run through `findings run`; with `kills`, then the fault campaign over the
    samples and 16 more mutants (every format): the run killed at `kills` moments, and a worker."""
    write_mutants(work / "mutants", count, seed, samples)
    result = run(work / "mutants", work / "out", workers)
    if not kills:
        return result
    raw = shutil.copytree(samples, work / "kill-input")
    write_mutants(raw / "mutants", 16, seed + 1, samples)
    return result.model_copy(update={"kills": kill_campaign(raw, work / "kills", kills)})
