"""Time our parse against the two text extractors it is judged by, over the same pages, and what
the later stages add to it.

In one run: raw pypdfium2 text extraction over every page of the corpus; pdfplumber's
`extract_text` and pypdfium2 again over a sample (every Nth page); and three fresh interpreters,
each reporting its own CPU time and peak resident memory: our parse alone (every document loaded,
classified and parsed, nothing kept), the parse with the enrich stage (themes, polarity, evidence)
timed apart, and our whole `findings run` (enrich, action plan, tables, database and every workbook
written). The parse is what issue 2's targets judge; the rest shows what each later stage costs
next to it.

Times are CPU seconds of the process doing the work (`time.process_time`), not wall-clock time:
the benchmark runs on shared machines, and other load there would otherwise skew the ratios.
pdfplumber over every page takes about ten minutes, so with a sample its full-corpus time is
estimated: the pdfplumber/pypdfium2 ratio measured on the sample, times pypdfium2's measured time
over every page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

import pdfplumber
import pypdfium2

from pipeline.discover import discover
from pipeline.schema import Record, SourceFormat

OURS_PER_PYPDFIUM2_AT_MOST = 1.5
PDFPLUMBER_PER_OURS_AT_LEAST = 20.0
PEAK_MEMORY_MB_BELOW = 400.0
# Issue 13: the whole run within 3x of reading the PDFs' text, the enrich stage within 1x.
RUN_PER_PYPDFIUM2_AT_MOST = 3.0
ENRICH_PER_PYPDFIUM2_AT_MOST = 1.0
WORKBOOKS_PER_PYPDFIUM2_AT_MOST = 0.3
RUN_PEAK_MEMORY_MB_BELOW = 600.0


# The enrich stage's parts, as the benchmark times them apart (see _STAGES).
ENRICH_PARTS = {
    "tokenizer": "spaCy tokenizer",
    "ofsted_sentences": "sentence starts",
    "entity_ruler": "entity ruler",
    "ofsted_polarity": "sentence polarity (cues, classifier)",
    "ofsted_themes": "theme scoring",
}


class Round(Record):
    """One round of the timings a ratio is taken from, measured one after the other."""

    pypdfium2_seconds: float
    parse_seconds: float
    enrich_seconds: float
    run_seconds: float
    workbooks_seconds: float


class Benchmark(Record):
    corpus: str  # the corpora timed together, joined with "; "
    pdfs: int
    pages: int
    every: int  # the sample is every Nth page of the corpus, counted across files
    sample_pages: int
    pypdfium2_seconds: float  # every page
    pypdfium2_sample_seconds: float
    pdfplumber_sample_seconds: float
    parse_seconds: float  # every document loaded, classified and parsed; nothing kept
    parse_peak_mb: float
    enrich_seconds: float  # the enrich stage over every parsed report
    # The CPU seconds of the enrich stage's spaCy parts (ENRICH_PARTS), within `enrich_seconds`.
    enrich_parts: dict[str, float]
    run_seconds: float  # `batch.run` in one process: every stage, every output written
    workbooks_seconds: float  # within `run_seconds`: every workbook written (`writing._write_workbooks`)
    run_peak_mb: float  # it keeps every report until the tables are written
    machine: str
    measured_at: str  # UTC, ISO
    # Every round when more than one was run (`rounds`): the figures above are the round whose
    # whole run is the median one's, and each ratio target is judged on its median over the rounds.
    rounds: tuple[Round, ...] = ()

    @property
    def pdfplumber_seconds(self) -> float:
        """Every page: measured when the sample is every page, else estimated (see the module)."""
        if self.every == 1:
            return self.pdfplumber_sample_seconds
        return self.pdfplumber_sample_seconds / self.pypdfium2_sample_seconds * self.pypdfium2_seconds

    @property
    def parse_per_pypdfium2(self) -> float:
        return self.ratio("parse_seconds")

    def ratio(self, stage: str) -> float:
        """A stage's CPU seconds per raw pypdfium2's, each round's taken in its own round; the median
        over the rounds where there were several."""
        rounds = self.rounds or (self,)
        return statistics.median(getattr(each, stage) / each.pypdfium2_seconds for each in rounds)

    @property
    def pdfplumber_per_parse(self) -> float:
        return self.pdfplumber_seconds / self.parse_seconds

    @property
    def evidence_seconds(self) -> float:
        """Evidence ranking and the rest of the enrich stage: the stage less its spaCy parts."""
        return max(self.enrich_seconds - sum(self.enrich_parts.values()), 0.0)

    @property
    def outputs_seconds(self) -> float:
        """The action plan, tables, database and workbooks: the whole run less what it read."""
        return max(self.run_seconds - self.parse_seconds - self.enrich_seconds, 0.0)

    @property
    def tables_seconds(self) -> float:
        """The action plan, JSON, tables and database: the outputs less the workbooks."""
        return max(self.outputs_seconds - self.workbooks_seconds, 0.0)

    @property
    def targets_met(self) -> bool:
        return (
            self.parse_per_pypdfium2 <= OURS_PER_PYPDFIUM2_AT_MOST
            and self.pdfplumber_per_parse >= PDFPLUMBER_PER_OURS_AT_LEAST
            and self.parse_peak_mb < PEAK_MEMORY_MB_BELOW
        )


def run_benchmark(
    corpora: Path | Sequence[Path], every: int = 1, say: Callable[[str], None] = lambda _: None, rounds: int = 1
) -> Benchmark:
    """The timings, in `rounds` rounds of our stages and raw pypdfium2 one after the other (the
    machine's speed drifts over minutes, and a ratio is fair only within a round), then pdfplumber."""
    corpora = [corpora] if isinstance(corpora, Path) else list(corpora)
    pdfs = [source.path for source in discover(corpora) if source.format is SourceFormat.PDF]
    timed = []
    for number in range(1, rounds + 1):
        if rounds > 1:
            say(f"round {number} of {rounds}:")
        timed.append(_round(corpora, pdfs, say))
    # The round whose whole run is the median one's (the lower middle of an even number).
    by_run = sorted(timed, key=lambda each: each[0].run_seconds / each[0].pypdfium2_seconds)
    chosen, pages, enrich_parts, _, _ = by_run[(rounds - 1) // 2]
    say(f"pypdfium2 and pdfplumber over {_sample(every)} ...")
    if every == 1:
        pypdfium2_sample_seconds, sample_pages = chosen.pypdfium2_seconds, pages
    else:
        pypdfium2_sample_seconds, sample_pages = time_extraction(pdfs, every, _pypdfium2_pages)
    pdfplumber_sample_seconds, _ = time_extraction(pdfs, every, _pdfplumber_pages)
    return Benchmark(
        corpus="; ".join(map(str, corpora)),
        pdfs=len(pdfs),
        pages=pages,
        every=every,
        sample_pages=sample_pages,
        pypdfium2_sample_seconds=pypdfium2_sample_seconds,
        pdfplumber_sample_seconds=pdfplumber_sample_seconds,
        parse_peak_mb=max(each[3] for each in timed),
        enrich_parts=enrich_parts,
        run_peak_mb=max(each[4] for each in timed),
        machine=_machine(),
        measured_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="minutes"),
        rounds=tuple(each[0] for each in timed) if rounds > 1 else (),
        **chosen.model_dump(),
    )


def _round(
    corpora: list[Path], pdfs: list[Path], say: Callable[[str], None]
) -> tuple[Round, int, dict[str, float], float, float]:
    """One round: our parse, the enrich stage part by part and our whole run, each in a fresh
    process, then raw pypdfium2 over every page; with the pages read, the enrich stage's parts and
    the parse's and the run's peak memory."""
    say(f"our parse alone over {', '.join(map(str, corpora))}, in a fresh process ...")
    (parse_seconds, _, _), parse_peak_mb = _child(_STAGES, "parse", *corpora)
    say("our parse and the enrich stage, part by part ...")
    (_, enrich_seconds, enrich_parts), _ = _child(_STAGES, "enrich", *corpora)
    say("our whole findings run, in one process ...")
    with tempfile.TemporaryDirectory(prefix="findings-benchmark-") as out:
        (run_seconds, workbooks_seconds), run_peak_mb = _child(_WHOLE_RUN, out, *corpora)
    say("pypdfium2 over every page ...")
    pypdfium2_seconds, pages = time_extraction(pdfs, 1, _pypdfium2_pages)
    timings = Round(
        pypdfium2_seconds=pypdfium2_seconds,
        parse_seconds=parse_seconds,
        enrich_seconds=enrich_seconds,
        run_seconds=run_seconds,
        workbooks_seconds=workbooks_seconds,
    )
    return timings, pages, enrich_parts, parse_peak_mb, run_peak_mb


# Each child is a fresh interpreter, so that its peak memory is its own, and does all its work in
# one process. It prints a JSON line of the CPU seconds of the timed work (interpreter start-up and
# imports left out, as they are from the extractors' timings), then its peak resident memory in MB.
# The peak is the kernel's high-water mark of the child's own memory (VmHWM): `ru_maxrss` carries
# over the parent's size at the fork across exec, which made a small child report the parent's peak.
_PEAK = """
from pathlib import Path
print(next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
           if line.startswith("VmHWM:")) / 1024)
"""
# The parse of every document, results dropped as they come (as an extractor's text is); with
# "enrich", also the enrich stage on each report, timed apart, with the time of each of its spaCy
# parts (the tokenizer and each component) counted as the stage runs them: each component is
# wrapped to time its batch (a report's paragraphs, or its items) after the parts before it have
# run. A second, warm pass would leave out each part's first-time costs (new words in the
# vocabulary, the theme alternations compiled). spaCy is imported only for "enrich", so the parse's
# peak memory is the parse's own.
_STAGES = """
import json, sys, time
from pathlib import Path
from pipeline.classify import classify
from pipeline.discover import discover, sha256_of
from pipeline.load import LoadError, load
from pipeline.parse import ParseError, parse_report
enrich = sys.argv[1] == "enrich"
parts = {}
if enrich:
    from pipeline.enrich import nlp
    from pipeline.enrich import enrich_report
    pipeline = nlp.pipeline()  # built once per process, as in a run

    class Timed:
        def __init__(self, name, step):
            self.name, self.step = name, step
            parts[name] = 0.0

        def __call__(self, item):
            start = time.process_time()
            done = self.step(item)
            parts[self.name] += time.process_time() - start
            return done

        def pipe(self, docs, **kwargs):
            docs = list(docs)  # the parts before this one run first, on their own clock
            start = time.process_time()
            done = list(self.step.pipe(docs, **kwargs) if hasattr(self.step, "pipe") else map(self.step, docs))
            parts[self.name] += time.process_time() - start
            return iter(done)

    pipeline.tokenizer = Timed("tokenizer", pipeline.tokenizer)
    # Language.pipe runs what this private list holds; spaCy has no public way to wrap a component.
    pipeline._components = [(name, Timed(name, component)) for name, component in pipeline._components]
parsing = enriching = 0.0
for source in discover([Path(path) for path in sys.argv[2:]]):
    start = time.process_time()
    try:
        document = load(source, sha256_of(source.path))
        report = parse_report(document, classify(document))
    except (LoadError, ParseError):
        report = None
    parsed = time.process_time()
    parsing += parsed - start
    if enrich and report is not None:
        enrich_report(report)
        enriching += time.process_time() - parsed
print(json.dumps([parsing, enriching, parts]))
"""
# The run reads each file in a worker process (see `workers`), even with one worker: its CPU time is
# counted with the run's own once the worker is reaped, and its peak memory beside the run's. With
# one worker every workbook is written in one thread of the run's process, whose CPU time is theirs.
_WHOLE_RUN = """
import json, os, resource, sys, time
from pathlib import Path
from pipeline import batch
from pipeline.store import writing
workbooks, write_workbooks = [0.0], writing._write_workbooks

def timed_workbooks(*args, **kwargs):
    start = time.thread_time()
    try:
        return write_workbooks(*args, **kwargs)
    finally:
        workbooks[0] += time.thread_time() - start

writing._write_workbooks = timed_workbooks
start = sum(os.times()[:4])
batch.run([Path(path) for path in sys.argv[2:]], Path(sys.argv[1]), workers=1)
print(json.dumps([sum(os.times()[:4]) - start, workbooks[0]]))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _child(script: str, *arguments) -> tuple[object, float]:
    """What a child script prints: its figures, and its peak memory in MB (of its largest process,
    where it prints its workers' peak too)."""
    done = subprocess.run(
        [sys.executable, "-c", script + _PEAK, *map(str, arguments)], capture_output=True, text=True, check=True
    )
    figures, *peaks = done.stdout.split("\n")[:-1]
    return json.loads(figures), max(map(float, peaks))


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


def stage_rows(result: Benchmark) -> list[tuple[str, float]]:
    """Each stage of the whole run with its CPU seconds, in the order a report goes through them."""
    parts = [(f"enrich: {ENRICH_PARTS.get(name, name)}", seconds) for name, seconds in result.enrich_parts.items()]
    return [
        ("parse: load, classify, parse", result.parse_seconds),
        *parts,
        ("enrich: evidence ranking and the rest", result.evidence_seconds),
        ("plan, JSON, tables, database", result.tables_seconds),
        ("workbooks", result.workbooks_seconds),
    ]


def figure_rows(result: Benchmark) -> list[tuple[str, float, str, float]]:
    """(figure, value, comparison, target): issue 2's targets for the parse, issue 13's for the run."""
    return [
        ("parse / pypdfium2", result.parse_per_pypdfium2, "<=", OURS_PER_PYPDFIUM2_AT_MOST),
        ("pdfplumber / parse", result.pdfplumber_per_parse, ">=", PDFPLUMBER_PER_OURS_AT_LEAST),
        ("peak memory of the parse (MB, RSS)", result.parse_peak_mb, "<", PEAK_MEMORY_MB_BELOW),
        ("whole run / pypdfium2", result.ratio("run_seconds"), "<=", RUN_PER_PYPDFIUM2_AT_MOST),
        ("enrich / pypdfium2", result.ratio("enrich_seconds"), "<=", ENRICH_PER_PYPDFIUM2_AT_MOST),
        ("all workbooks / pypdfium2", result.ratio("workbooks_seconds"), "<=", WORKBOOKS_PER_PYPDFIUM2_AT_MOST),
        ("peak memory of the whole run (MB, RSS)", result.run_peak_mb, "<", RUN_PEAK_MEMORY_MB_BELOW),
    ]


def rounds_line(result: Benchmark) -> str:
    """Each round's ratios, where there were several: how far the machine moved them."""
    if not result.rounds:
        return ""
    ratios = "; ".join(
        f"{what} " + ", ".join(f"{getattr(each, stage) / each.pypdfium2_seconds:.2f}x" for each in result.rounds)
        for what, stage in (
            ("whole run", "run_seconds"),
            ("enrich", "enrich_seconds"),
            ("workbooks", "workbooks_seconds"),
        )
    )
    return (
        f"{len(result.rounds)} rounds, one after the other: {ratios}. The stages are the round with the median "
        "whole run; each ratio target is judged on its median over the rounds."
    )


def report_table(result: Benchmark) -> str:
    estimated = result.every != 1
    plumber = f"{result.pdfplumber_seconds:.1f}" + (" (estimated)" if estimated else "")
    lines = [f"{'what':<45} {'CPU seconds':>12} {'share of run':>13} {'x pypdfium2':>12}"]
    lines.append(
        f"{'raw pypdfium2 text extraction, every page':<45} {result.pypdfium2_seconds:>12.1f} {'':>13} {1:>12.2f}"
    )
    for what, seconds in [*stage_rows(result), ("our whole findings run", result.run_seconds)]:
        share = f"{seconds / result.run_seconds:.0%}"
        lines.append(f"{what:<45} {seconds:>12.1f} {share:>13} {seconds / result.pypdfium2_seconds:>12.2f}")
    lines.append(f"{'pdfplumber extract_text, every page':<45} {plumber:>12}")
    if estimated:
        lines += [
            f"{'pypdfium2, ' + _sample(result.every):<45} {result.pypdfium2_sample_seconds:>12.1f}",
            f"{'pdfplumber, ' + _sample(result.every):<45} {result.pdfplumber_sample_seconds:>12.1f}",
        ]
    lines += ["", f"{'figure':<45} {'value':>12} {'target':>10}"]
    lines += [_figure(*row) for row in figure_rows(result)]
    lines += [
        "",
        f"{result.pdfs} PDFs, {result.pages} pages in {result.corpus}; {result.machine}; {result.measured_at}.",
        "Evidence ranking is the enrich stage less its spaCy parts (timed as it runs them); the workbooks",
        "are timed as the run writes them, and the plan/JSON/tables/database line is the whole run less",
        "the parse, the enrich stage and the workbooks.",
        "--check judges issue 2's three targets.",
    ]
    if result.rounds:
        lines.append(rounds_line(result))
    if estimated:
        lines.append(
            f"pdfplumber over every page is estimated: its time on {_sample(result.every)} "
            f"({result.pdfplumber_sample_seconds / result.pypdfium2_sample_seconds:.1f}x pypdfium2's on "
            "the same pages) times pypdfium2's time over every page. Pass --every 1 to measure it (~10 min)."
        )
    return "\n".join(lines)


def markdown_table(result: Benchmark) -> str:
    """docs/benchmarks.md's table: the same figures as `report_table`, in Markdown."""
    lines = [
        f"{result.pdfs} PDFs, {result.pages} pages ({result.corpus}); pdfplumber timed on {_sample(result.every)}; "
        f"{result.machine}; {result.measured_at}.",
        "",
        "| stage | CPU seconds | share of the run | x raw pypdfium2 |",
        "| --- | ---: | ---: | ---: |",
        f"| raw pypdfium2 text extraction, every page | {result.pypdfium2_seconds:.1f} | | 1.00 |",
    ]
    for what, seconds in [*stage_rows(result), ("**our whole `findings run`, one worker**", result.run_seconds)]:
        lines.append(
            f"| {what} | {seconds:.1f} | {seconds / result.run_seconds:.0%} | {seconds / result.pypdfium2_seconds:.2f} |"
        )
    lines += ["", "| figure | measured | target |", "| --- | ---: | --- |"]
    for name, value, comparison, target in figure_rows(result):
        met = _met(value, comparison, target)
        lines.append(f"| {name} | {value:.2f} | {comparison} {target:g}: {'met' if met else 'MISSED'} |")
    if result.rounds:
        lines += ["", rounds_line(result)]
    return "\n".join(lines)


TABLE_START, TABLE_END = "<!-- findings-lab benchmark: table start -->", "<!-- findings-lab benchmark: table end -->"


def with_table(readme: str, result: Benchmark) -> str:
    """The Markdown text with the table between its two markers replaced by this run's."""
    before, rest = readme.split(TABLE_START, 1)
    _, after = rest.split(TABLE_END, 1)
    return f"{before}{TABLE_START}\n{markdown_table(result)}\n{TABLE_END}{after}"


def _met(value: float, comparison: str, target: float) -> bool:
    return {"<=": value <= target, ">=": value >= target, "<": value < target}[comparison]


def _figure(name: str, value: float, comparison: str, target: float) -> str:
    verdict = "met" if _met(value, comparison, target) else "MISSED"
    return f"{name:<45} {value:>12.2f} {comparison + ' ' + format(target, 'g'):>10}  {verdict}"


def as_json(result: Benchmark) -> str:
    figures = {
        "pdfplumber_seconds": result.pdfplumber_seconds,
        "pdfplumber_estimated": result.every != 1,
        "parse_per_pypdfium2": result.parse_per_pypdfium2,
        "pdfplumber_per_parse": result.pdfplumber_per_parse,
        "outputs_seconds": result.outputs_seconds,
        "tables_seconds": result.tables_seconds,
        "targets_met": result.targets_met,
    }
    return json.dumps({**result.model_dump(), **figures}, indent=2) + "\n"
