"""Time our whole parse against the two text extractors it is judged by, over the same pages.

In one run: raw pypdfium2 text extraction over every page of the corpus; pdfplumber's
`extract_text` and pypdfium2 again over a sample (every Nth page); and, in a child process whose
peak resident memory the operating system reports when it ends, our parse alone (every document
loaded, classified and parsed) and our whole `findings run` (every table, report and workbook
written). The targets are judged on the whole run; the parse alone shows what the outputs cost.

Times are CPU seconds of the process doing the work (`time.process_time`), not wall-clock time:
the benchmark runs on shared machines, and other load there would otherwise skew the ratios. pdfplumber over every page takes about ten minutes, so with a sample its full-corpus time is
estimated: the pdfplumber/pypdfium2 ratio measured on the sample, times pypdfium2's measured time
over every page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import pdfplumber
import pypdfium2

from .discover import discover
from .schema import Record, SourceFormat

OURS_PER_PYPDFIUM2_AT_MOST = 1.5
PDFPLUMBER_PER_OURS_AT_LEAST = 20.0
PEAK_MEMORY_MB_BELOW = 400.0


class Benchmark(Record):
    corpus: str
    pdfs: int
    pages: int
    every: int  # the sample is every Nth page of the corpus, counted across files
    sample_pages: int
    pypdfium2_seconds: float  # every page
    pypdfium2_sample_seconds: float
    pdfplumber_sample_seconds: float
    ours_parse_seconds: float  # every document read, classified and parsed; nothing written
    ours_seconds: float  # `batch.run` over the whole corpus, every output written
    ours_peak_rss_mb: float
    machine: str
    measured_at: str  # UTC, ISO

    @property
    def pdfplumber_seconds(self) -> float:
        """Every page: measured when the sample is every page, else estimated (see the module)."""
        if self.every == 1:
            return self.pdfplumber_sample_seconds
        return self.pdfplumber_sample_seconds / self.pypdfium2_sample_seconds * self.pypdfium2_seconds

    @property
    def ours_per_pypdfium2(self) -> float:
        return self.ours_seconds / self.pypdfium2_seconds

    @property
    def pdfplumber_per_ours(self) -> float:
        return self.pdfplumber_seconds / self.ours_seconds

    @property
    def parse_per_pypdfium2(self) -> float:
        return self.ours_parse_seconds / self.pypdfium2_seconds

    @property
    def pdfplumber_per_parse(self) -> float:
        return self.pdfplumber_seconds / self.ours_parse_seconds

    @property
    def targets_met(self) -> bool:
        return (
            self.ours_per_pypdfium2 <= OURS_PER_PYPDFIUM2_AT_MOST
            and self.pdfplumber_per_ours >= PDFPLUMBER_PER_OURS_AT_LEAST
            and self.ours_peak_rss_mb < PEAK_MEMORY_MB_BELOW
        )


def run_benchmark(corpus: Path, every: int = 1, say: Callable[[str], None] = lambda _: None) -> Benchmark:
    pdfs = [source.path for source in discover([corpus]) if source.format is SourceFormat.PDF]
    say(f"our parse and our whole run of {corpus} in a child process ...")
    ours_parse_seconds, ours_seconds, peak_mb = time_our_run(corpus)
    say("pypdfium2 over every page ...")
    pypdfium2_seconds, pages = time_extraction(pdfs, 1, _pypdfium2_pages)
    say(f"pypdfium2 and pdfplumber over {_sample(every)} ...")
    if every == 1:
        pypdfium2_sample_seconds, sample_pages = pypdfium2_seconds, pages
    else:
        pypdfium2_sample_seconds, sample_pages = time_extraction(pdfs, every, _pypdfium2_pages)
    pdfplumber_sample_seconds, _ = time_extraction(pdfs, every, _pdfplumber_pages)
    return Benchmark(
        corpus=str(corpus), pdfs=len(pdfs), pages=pages, every=every, sample_pages=sample_pages,
        pypdfium2_seconds=pypdfium2_seconds, pypdfium2_sample_seconds=pypdfium2_sample_seconds,
        pdfplumber_sample_seconds=pdfplumber_sample_seconds, ours_parse_seconds=ours_parse_seconds,
        ours_seconds=ours_seconds,
        ours_peak_rss_mb=peak_mb, machine=_machine(),
        measured_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="minutes"),
    )  # fmt: skip


# A fresh interpreter, so that its peak memory is our run's alone (a forked child would share the
# parent's pages), and one worker, so that all the work is in the process that is timed. It times the parse alone (every document through `batch.process`, results
# dropped as they come, as an extractor's text is), then the whole `batch.run` with every output
# written; interpreter start-up and imports are left out, as they are from the extractors' timings.
_CHILD = """
import sys, time
from pathlib import Path
from pipeline import batch
from pipeline.discover import discover
start = time.process_time()
for source in discover([Path(sys.argv[1])]):
    batch.process(source)
parsed = time.process_time()
batch.run([Path(sys.argv[1])], Path(sys.argv[2]), workers=1)
print(parsed - start, time.process_time() - parsed)
"""


def time_our_run(corpus: Path) -> tuple[float, float, float]:
    """Seconds of our parse and of our whole run over `corpus`, and the peak resident memory of
    the process, in MB (the whole run, which keeps every report until its tables are written)."""
    with tempfile.TemporaryDirectory(prefix="findings-benchmark-") as out:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(corpus), out], capture_output=True, text=True, check=True
        )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    parse_seconds, run_seconds = (float(value) for value in done.stdout.split()[-2:])
    return parse_seconds, run_seconds, peak_kib / 1024


def time_extraction(pdfs: list[Path], every: int, extract_pages) -> tuple[float, int]:
    """Seconds to open every PDF and extract the text of every `every`th page, counted across the
    whole corpus; and how many pages that was."""
    pages = 0
    counter = 0
    start = time.process_time()
    for path in pdfs:
        counter, extracted = extract_pages(path, every, counter)
        pages += extracted
    return time.process_time() - start, pages


def _pypdfium2_pages(path: Path, every: int, counter: int) -> tuple[int, int]:
    extracted = 0
    document = pypdfium2.PdfDocument(path)
    try:
        for index in range(len(document)):
            if counter % every == 0:
                page = document[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                extracted += 1
            counter += 1
    finally:
        document.close()
    return counter, extracted


def _pdfplumber_pages(path: Path, every: int, counter: int) -> tuple[int, int]:
    extracted = 0
    with pdfplumber.open(path) as document:
        for page in document.pages:
            if counter % every == 0:
                page.extract_text()
                page.close()
                extracted += 1
            counter += 1
    return counter, extracted


def _machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {load} at the end"
    )


def _sample(every: int) -> str:
    return "every page" if every == 1 else f"1 page in {every}"


def report_table(result: Benchmark) -> str:
    estimated = result.every != 1
    plumber = f"{result.pdfplumber_seconds:.1f}" + (" (estimated)" if estimated else "")
    rows = [
        ("pypdfium2 get_text_range, every page", f"{result.pypdfium2_seconds:.1f}", result.pages),
        ("our parse (load, classify, parse), no outputs", f"{result.ours_parse_seconds:.1f}", result.pages),
        ("our whole findings run, every output written", f"{result.ours_seconds:.1f}", result.pages),
        ("pdfplumber extract_text, every page", plumber, result.pages),
    ]
    if estimated:
        rows[3:3] = [
            (f"pypdfium2, {_sample(result.every)}", f"{result.pypdfium2_sample_seconds:.1f}", result.sample_pages),
            (f"pdfplumber, {_sample(result.every)}", f"{result.pdfplumber_sample_seconds:.1f}", result.sample_pages),
        ]  # fmt: skip
    lines = [f"{'what':<45} {'CPU seconds':>18} {'pages':>7}"]
    lines += [f"{what:<45} {seconds:>18} {pages:>7}" for what, seconds, pages in rows]
    lines += [
        "",
        f"{'figure':<45} {'value':>18} {'target':>10}",
        _figure("whole run / pypdfium2", result.ours_per_pypdfium2, "<=", OURS_PER_PYPDFIUM2_AT_MOST),
        _figure("pdfplumber / whole run", result.pdfplumber_per_ours, ">=", PDFPLUMBER_PER_OURS_AT_LEAST),
        _figure("parse alone / pypdfium2", result.parse_per_pypdfium2, "<=", OURS_PER_PYPDFIUM2_AT_MOST),
        _figure("pdfplumber / parse alone", result.pdfplumber_per_parse, ">=", PDFPLUMBER_PER_OURS_AT_LEAST),
        _figure("peak memory of our run (MB, RSS)", result.ours_peak_rss_mb, "<", PEAK_MEMORY_MB_BELOW),
        "",
        f"{result.pdfs} PDFs, {result.pages} pages in {result.corpus}; {result.machine}; {result.measured_at}.",
    ]
    if estimated:
        lines.append(
            f"pdfplumber over every page is estimated: its time on {_sample(result.every)} "
            f"({result.pdfplumber_sample_seconds / result.pypdfium2_sample_seconds:.1f}x pypdfium2's on "
            "the same pages) times pypdfium2's time over every page. Pass --every 1 to measure it (~10 min)."
        )
    return "\n".join(lines)


def _figure(name: str, value: float, comparison: str, target: float) -> str:
    met = {"<=": value <= target, ">=": value >= target, "<": value < target}[comparison]
    return f"{name:<45} {value:>18.2f} {comparison + ' ' + format(target, 'g'):>10}  {'met' if met else 'MISSED'}"


def as_json(result: Benchmark) -> str:
    figures = {
        "pdfplumber_seconds": result.pdfplumber_seconds,
        "pdfplumber_estimated": result.every != 1,
        "ours_per_pypdfium2": result.ours_per_pypdfium2,
        "pdfplumber_per_ours": result.pdfplumber_per_ours,
        "parse_per_pypdfium2": result.parse_per_pypdfium2,
        "pdfplumber_per_parse": result.pdfplumber_per_parse,
        "targets_met": result.targets_met,
    }
    return json.dumps({**result.model_dump(), **figures}, indent=2) + "\n"
