"""A run over many files: discover -> load -> classify -> parse -> store.

Runs are incremental (see `manifest`): only new or changed files are read, in parallel processes;
the tables get those documents' rows in place of their old ones, and the workbooks that show them
are written again.

`process` never raises: a document that fails becomes an error row with a one-line reason, and the
batch goes on.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import os
import time
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pydantic_core

from . import store, workers as budgeted
from .store import manifest
from .discover import SourceFile, discover
from .store.runfolder import RunFolder
from .schema import (
    ActionPlanRow,
    CommitteePaper,
    DateSpan,
    DocumentRow,
    DocumentStatus,
    InspectionReport,
    PaperReview,
    Record,
)
from .store.writing import Links, Results, tables_writer, workbook_frames, write_outputs

# The reading (spaCy, the parsers' patterns), the database (DuckDB) and the workbooks (openpyxl)
# are imported in the functions that use them: a rerun with nothing new loads none of them.


class Outcome(Record):
    row: DocumentRow
    report: InspectionReport | None = None
    paper: CommitteePaper | None = None
    # The report's draft action plan as if no council paper set its own timescales: drafted while
    # reading, in parallel, so that a rerun redrafts only the plans that a paper's timescales change.
    plan: tuple[ActionPlanRow, ...] = ()


class RunSummary(Record):
    out: Path
    documents: int
    by_kind: dict[str, int]
    errors: tuple[DocumentRow, ...]
    warnings: tuple[DocumentRow, ...] = ()  # read, but failed a self-check: they need a look
    processed: int = 0  # documents read this time; the rest were unchanged since the last run
    removed: int = 0  # documents gone from the input since the last run
    reading_seconds: float = 0.0  # reading the new and changed documents
    reading_cpu_seconds: float = 0.0  # CPU time of every process while reading, workers' start-up included
    document_cpu_seconds: float = 0.0  # CPU time of reading the documents themselves, summed over workers
    seconds: float = 0.0  # the whole run, tables and workbooks included

    @property
    def ok(self) -> bool:
        return not self.errors


def process(source: SourceFile) -> Outcome:
    from . import link
    from .checks import check_report, check_unread
    from .classify import classify
    from .discover import sha256_of
    from .enrich import enrich_report
    from .load import LoadError, damage_note, load, with_tables
    from .parse.papers import PAPER_KINDS, parse_paper
    from .parse import ParseError, parse_report

    doc_id = source.doc_id
    sha256 = ""
    kind = None
    damage = None
    try:
        if source.problem:  # a link out of the input, a named pipe ...: never opened
            raise LoadError(source.problem)
        sha256 = sha256_of(source.path)
        document = load(source, sha256)
        damage = damage_note(document)
        damaged = (f"damaged_text: {damage}",) if damage else ()  # pages lost: read only in part
        kind = classify(document)
        report = parse_report(document, kind)
        report = enrich_report(report) if report is not None else None
        plan = tuple(draft_plan(report)) if report is not None else ()
        paper = parse_paper(with_tables(document, source), kind) if kind in PAPER_KINDS else None
    except (LoadError, ParseError) as error:
        reason = f"{error} ({damage})" if damage else str(error)
    except MemoryError:  # over the file's budget: its worker says so and is replaced (see workers)
        raise
    except Exception as error:  # a bug must cost one document, never the batch
        reason = f"internal error while reading this file ({type(error).__name__}: {error})"
    else:
        if report is None:
            row = DocumentRow(
                doc_id=doc_id,
                source_path=source.source_path,
                sha256=sha256,
                kind=kind,
                pages=len(document.pages),
                status=DocumentStatus.OK,
            )
            return Outcome(row=_checked(row, (*damaged, *check_unread(kind, document.text))), paper=paper)
        failed = check_report(report, link.listing_date(report), document.text)
        return Outcome(row=_checked(store.document_row(report), (*damaged, *failed)), report=report, plan=plan)
    return _failed(source, reason, sha256, kind)


def _checked(row: DocumentRow, failed: tuple[str, ...]) -> DocumentRow:
    """A document that fails a self-check, or was read only in part, is a warning, with the checks it failed."""
    if not failed:
        return row
    return row.model_copy(update={"status": DocumentStatus.WARNING, "checks": "; ".join(failed)})


def draft_plan(report: InspectionReport, timescales: dict[int, DateSpan] | None = None) -> list[ActionPlanRow]:
    """The report's draft action plan, its target dates counted from the council's own `timescales`
    where a committee paper sets them, else from the publication date (from the listing if the
    report does not print it)."""
    from . import link, plan

    return plan.plan_rows(report, timescales, published=link.listing_date(report))


def _failed(source: SourceFile, reason: str, sha256: str = "", kind=None) -> Outcome:
    row = DocumentRow(
        doc_id=source.doc_id,
        source_path=source.source_path,
        sha256=sha256,
        kind=kind,
        status=DocumentStatus.ERROR,
        error=" ".join(reason.split())[:300],
    )
    return Outcome(row=row)


def run(
    inputs: Iterable[Path],
    out: Path,
    progress: Callable[[Iterable[Read]], Iterable[Read]] = iter,
    workers: int | None = None,
    force: bool = False,
    budget: budgeted.Budget = budgeted.Budget(),
    allow_mass_removal: bool = False,
    links: Links = Links(),
) -> RunSummary:
    """Read what is new or changed under `inputs` (everything with `force`) in `workers` processes
    (default: one per core), each file within `budget`, then bring the tables, the database and the
    workbooks (their page links as `links` says) up to date with the per-document results. Raises store.OutputBusy where another run
    holds `out`, and MassRemoval where more than half the documents would be marked removed (unless
    `allow_mass_removal`)."""
    with store.locked(out), _young_collected_rarely():
        store.remove_temporaries(out)  # left by a run killed while writing
        return _run(inputs, out, progress, workers, force, budget, allow_mass_removal, links)


# The collector walks every young object still alive each 700 allocations by default; a run makes
# millions (records, spaCy's docs, table rows), most freed by their reference count within a few
# thousand. Walked each 20,000, a whole run (one worker, dev corpus and letters) spent 0.19 CPU s
# collecting, not 0.55, at the same peak memory: the ones that die young are never walked.
YOUNG_THRESHOLD = 20_000


@contextmanager
def _young_collected_rarely() -> Iterator[None]:
    """The run (and the workers forked in it) with young objects collected each YOUNG_THRESHOLD
    allocations; the caller's thresholds back afterwards."""
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class MassRemoval(Exception):
    """Most of the documents are gone from the input: more likely a share not mounted than a purge."""


def _run(
    inputs: Iterable[Path],
    out: Path,
    progress,
    workers: int | None,
    force: bool,
    budget: budgeted.Budget,
    allow_mass_removal: bool,
    links: Links,
) -> RunSummary:
    started = time.perf_counter()
    inputs = list(inputs)
    sources = discover(inputs)
    done = manifest.read(out)
    todo = manifest.plan(done, sources, out, force)
    _refuse_mass_removal(inputs, done, todo.removed, allow_mass_removal)
    if todo.nothing_to_do and _up_to_date(out, done, links):
        return _summary(out, [done.entries[source.doc_id].row for source in sources], started)
    workers = workers or os.cpu_count() or 1
    fresh = {source.doc_id for source in todo.todo}
    # The briefs of the documents not read again, read while the workers read the others.
    briefs: dict[str, Outcome] = {}
    unchanged = partial(_read_briefs, out, [source for source in sources if source.doc_id not in fresh], briefs)
    with tables_writer(workers, first_tables=not RunFolder(out).has_run()) as tables_by:
        done, reckoning = _read_new(todo.todo, out, done, progress, workers, budget, unchanged)
        reading = time.perf_counter() - started
        done = _forget(out, done, todo.removed)
        # The run's modules and NLP pipeline, then its results too, live to its end: left out of the
        # collector's walks, which took a tenth of the CPU of gathering and writing the outputs.
        with budgeted.frozen():
            results = _gather(out, sources, done, fresh, briefs)
            with budgeted.frozen():
                try:
                    write_outputs(out, results, workers, links, tables_by)
                except BrokenProcessPool:  # a writer process was killed (out of memory, say): write them here
                    write_outputs(out, results, 1, links)
    return _summary(
        out,
        results.documents,
        started,
        processed=len(todo.todo),
        removed=len(todo.removed),
        reading_seconds=round(reading, 3),
        reading_cpu_seconds=reckoning.cpu_seconds,
        document_cpu_seconds=reckoning.document_cpu_seconds,
    )


def _refuse_mass_removal(inputs: list[Path], done: manifest.Manifest, removed: tuple[str, ...], allowed: bool) -> None:
    present = sum(entry.row.status is not DocumentStatus.REMOVED for entry in done.entries.values())
    if len(removed) * 2 > present and not allowed:
        raise MassRemoval(
            f"{len(removed)} of the {present} documents the last run read are gone from "
            f"{', '.join(map(str, inputs))}: is it the right folder, and mounted? Nothing was changed; "
            "if they were removed on purpose, run again with --allow-mass-removal"
        )


def _up_to_date(out: Path, done: manifest.Manifest, links: Links) -> bool:
    """Whether the tables, the database and the workbooks (their links as `links` says) were all
    written, to the end, from the results `done` records."""
    if not _written(out):
        return False
    stamps = manifest.stamps(done)
    return manifest.changed_since_tables(out, stamps) == set() and manifest.workbooks_current(out, links.stamps(stamps))


def _gather(
    out: Path, sources: list[SourceFile], done: manifest.Manifest, fresh: set[str], briefs: dict[str, Outcome]
) -> Results:
    """Every document's result, the committee papers linked to the reports they answer, and the
    plans redrafted where a paper sets its council's own timescales. Briefs are enough for most
    documents (a third of the reading); a report is read whole only where its paragraphs are
    needed: its rows, its plan redrafted, its own workbook rebuilt. `briefs`: those already read
    (see `_read_briefs`)."""
    outcomes = [briefs.get(source.doc_id) or _stored_brief(out, source) for source in sources]
    reports = [outcome.report for outcome in outcomes if outcome.report is not None]
    # One report at a time: reading a report again costs a millisecond, keeping every one ~80 MB.
    whole = lru_cache(maxsize=1)(lambda doc_id: _stored(out, doc_id).report)
    stamps = manifest.stamps(done)
    changed = manifest.changed_since_tables(out, stamps)
    changed = None if changed is None else changed | fresh  # --force: every document's rows again
    _keep_reports(out, outcomes, fresh, whole)
    reviews = _review_papers(out, [outcome.paper for outcome in outcomes if outcome.paper is not None], reports)
    action_plan, redrafted = _action_plan(outcomes, reviews, whole)
    plans_changed = manifest.plans_changed(out, changed, redrafted)
    removed = [entry.row for entry in done.entries.values() if entry.row.status is DocumentStatus.REMOVED]
    rows = _table_rows(
        outcomes, removed, reviews, action_plan, changed, plans_changed, partial(_stored_report_json, out)
    )
    documents = [o.row for o in outcomes]
    return Results(
        sources, documents, reports, whole, reviews, action_plan, rows, changed, stamps, plans_changed, redrafted
    )


def _keep_reports(
    out: Path, outcomes: list[Outcome], fresh: set[str], whole: Callable[[str], InspectionReport]
) -> None:
    """Each report's JSON, where it was deleted since the worker that read it wrote it; a document
    read again (`fresh`) loses the outputs it no longer gives."""
    for outcome in outcomes:
        if outcome.row.doc_id in fresh:
            _clear_stale(out, outcome)
        if outcome.report is not None and not RunFolder(out).report(outcome.report.doc_id).exists():
            store.write_model(RunFolder(out).report(outcome.report.doc_id), whole(outcome.row.doc_id))


def _review_papers(out: Path, papers: list[CommitteePaper], reports: list[InspectionReport]) -> list[PaperReview]:
    """Each committee paper linked to the report it answers and checked against it, kept as papers/<doc_id>.json."""
    from . import link

    reviews = link.review(papers, reports)
    for review in reviews:
        store.write_model(RunFolder(out).paper(review.paper.doc_id), review)
    return reviews


def _action_plan(
    outcomes: list[Outcome], reviews: list[PaperReview], whole: Callable[[str], InspectionReport]
) -> tuple[list[ActionPlanRow], dict[str, str]]:
    """Each report's plan as drafted while reading, or drafted again where a linked paper sets the
    council's own timescales; and a hash of each plan drafted again."""
    from . import link

    timescales = link.council_timescales(reviews)
    plan: list[ActionPlanRow] = []
    redrafted: dict[str, str] = {}
    for outcome in outcomes:
        doc_id = outcome.row.doc_id
        if outcome.report is None:
            continue
        if doc_id in timescales:
            rows = draft_plan(whole(doc_id), timescales[doc_id])
            redrafted[doc_id] = hashlib.sha256(pydantic_core.to_json(rows)).hexdigest()[:16]
            plan += rows
        else:
            plan += outcome.plan
    return plan, redrafted


def _table_rows(
    outcomes: list[Outcome],
    removed: list[DocumentRow],
    reviews: list[PaperReview],
    action_plan: list[ActionPlanRow],
    changed: set[str] | None,
    plans_changed: set[str] | None,
    report_json: Callable[[str], dict],
) -> dict[str, list[dict]]:
    """Every table's rows: every document's own row, those removed last; of the tables of each
    report's own rows, only the `changed` reports' (every report's where None), from each one's
    `report_json`; of the action plan, only the `plans_changed` reports' (every report's where None:
    the others' rows are kept from the table, as 3,745 rows made table rows again took a tenth of a
    second of adding one report)."""
    rows: dict[str, list[dict]] = {name: [] for name in store.TABLE_COLUMNS}
    rows["documents"] = [row.model_dump(mode="json") for row in [*(outcome.row for outcome in outcomes), *removed]]
    for outcome in outcomes:
        if outcome.report is not None and (changed is None or outcome.row.doc_id in changed):
            for name, table_rows in store.report_json_rows(report_json(outcome.row.doc_id)).items():
                rows[name].extend(table_rows)
    for review in reviews:
        for name, table_rows in store.paper_rows(review).items():
            rows[name].extend(table_rows)
    plans = (row for row in action_plan if plans_changed is None or row.doc_id in plans_changed)
    rows["action_plan"] = [row.model_dump(mode="json") for row in plans]
    return rows


def _summary(out: Path, rows: list[DocumentRow], started: float, **measured) -> RunSummary:
    kinds = Counter(row.kind.value if row.kind else "unreadable" for row in rows)
    errors = tuple(row for row in rows if row.status is DocumentStatus.ERROR)
    warnings = tuple(row for row in rows if row.status is DocumentStatus.WARNING)
    return RunSummary(
        out=out,
        documents=len(rows),
        by_kind=dict(kinds),
        errors=errors,
        warnings=warnings,
        seconds=round(time.perf_counter() - started, 3),
        **measured,
    )


# --- incremental and parallel reading ---------------------------------------------------------


class Read(Record):
    """What reading one document hands back to the run: its row (the full result is already kept
    in the run's state) and the CPU time the reading took."""

    row: DocumentRow
    cpu_seconds: float = 0.0


def read_and_keep(source: SourceFile, out: Path) -> Read:
    """Read one document and keep its result, in the process that read it: only a small row then
    crosses back to the run's process, which would otherwise spend its time unpickling and writing
    every result while the workers wait."""
    started = time.process_time()
    outcome = process(source)
    _keep(out, outcome)
    return Read(row=outcome.row, cpu_seconds=round(time.process_time() - started, 3))


def _keep(out: Path, outcome: Outcome) -> None:
    """The result (see `manifest.keep`) and the report's JSON, written here once, the report
    serialised once for both: the run's process would otherwise read the whole result back only to
    write the report again, one document at a time."""
    report = None if outcome.report is None else store.model_json(outcome.report)
    kept = brief(outcome)
    manifest.keep(out, outcome.row.doc_id, store.model_json(kept, indent=None), report)
    if report is not None:
        store.write_bytes(RunFolder(out).report(outcome.row.doc_id), report)


def brief(outcome: Outcome) -> Outcome:
    """The outcome without its report's paragraphs and sections: what a run needs of a document it
    did not read again (its row, plan and paper, its report's metadata, judgements and items)."""
    if outcome.report is None:
        return outcome
    return outcome.model_copy(update={"report": outcome.report.model_copy(update={"paragraphs": (), "sections": ()})})


class Reading:
    """The documents to read, yielded as each finishes; sized, so a progress bar can show an ETA."""

    def __init__(
        self,
        todo: tuple[SourceFile, ...],
        out: Path,
        workers: int,
        budget: budgeted.Budget = budgeted.Budget(),
        meanwhile: Callable[[], object] = lambda: None,
    ) -> None:
        self.todo, self.out, self.workers, self.budget, self.meanwhile = todo, out, workers, budget, meanwhile

    def __len__(self) -> int:
        return len(self.todo)

    def __iter__(self) -> Iterator[Read]:
        if not self.todo:  # a rerun that only removes files loads nothing to read them
            return
        _import_reading()
        # Largest files first, so that no long document is left running alone at the end.
        ordered = sorted(self.todo, key=lambda source: -source.size)
        reading = partial(read_and_keep, out=self.out)
        meanwhile = (self.meanwhile, partial(_import_writing, self.workers, self.out))
        for source, read in budgeted.each(ordered, reading, self.workers, self.budget, meanwhile):
            if isinstance(read, budgeted.OverBudget):
                outcome = _failed(source, read.reason)
                _keep(self.out, outcome)
                read = Read(row=outcome.row)
            yield read


def _read_briefs(out: Path, sources: list[SourceFile], into: dict[str, Outcome]) -> None:
    """The briefs of `sources`' results, into `into` by doc_id: while the workers read, for `_gather`,
    which otherwise reads them after the reading, before it can hand the tables to their writer
    (0.07 CPU s of adding one report to the dev corpus, the run's process idle while the worker reads).
    A brief that cannot be read is left to `_gather`."""
    for source in sources:
        try:
            into[source.doc_id] = Outcome.model_validate_json(manifest.stored_brief(out, source.doc_id))
        except (OSError, ValueError):
            continue


def _import_reading() -> None:
    """The modules `process` uses, and the NLP pipeline, loaded here before the workers are forked
    from this process: each would otherwise load them (spaCy among them) on its first file, within
    that file's time budget, and hold its own copy."""
    with _collector_paused():
        for name in ("checks", "classify", "enrich", "link", "load", "parse", "parse.papers", "plan"):
            importlib.import_module(f".{name}", __package__)
        importlib.import_module(".enrich.nlp", __package__).pipeline()


def _import_writing(workers: int, out: Path) -> None:
    """The workbooks' modules, loaded while the workers read (openpyxl only where `out` keeps no
    workbook frame of this version, which writers would lay out); with one worker, which leaves
    this process to write every output, the tables' too (DuckDB, Arrow). With more, the tables'
    writer loads its own (see `writing.tables_writer`). Where the reading ends first (a rerun
    adding one report, once the briefs are read), `write_outputs` and `write_tables` load them as
    they need them, after the tables are handed to their writer, which otherwise waited on them:
    the workbooks, written beside the tables, end a fifth of a second before them."""
    with _collector_paused():
        importlib.import_module(".export", __package__).load_unless_kept(workbook_frames(out))
        if workers <= 1:
            importlib.import_module(".store.database", __package__)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while modules load: they make objects to keep, which the collector
    walked again and again as they grew (a sixth of a second of loading spaCy, pandas and the rest)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Reckoning(Record):
    """Where the reading's time went: CPU time against the clock shows how many cores it kept busy."""

    seconds: float = 0.0  # on the clock
    cpu_seconds: float = 0.0  # every process of the reading: the run's own and its workers, start-up included
    document_cpu_seconds: float = 0.0  # reading the documents themselves, summed over the workers


def _read_new(
    todo,
    out: Path,
    done: manifest.Manifest,
    progress,
    workers: int,
    budget: budgeted.Budget,
    meanwhile: Callable[[], object] = lambda: None,
) -> tuple[manifest.Manifest, Reckoning]:
    """Each result is kept the moment it finishes, so a run killed halfway loses nothing it read.
    `meanwhile`: the run's own work while the workers read."""
    by_id = {source.doc_id: source for source in todo}
    started, clock, documents = os.times(), time.perf_counter(), 0.0
    for read in progress(Reading(todo, out, workers, budget, meanwhile)):
        entry = manifest.entry(by_id[read.row.doc_id], read.row)
        manifest.append(out, read.row.doc_id, entry)
        done = manifest.record(done, read.row.doc_id, entry)
        documents += read.cpu_seconds
    manifest.write(out, done)
    ended = os.times()
    cpu = sum(
        getattr(ended, name) - getattr(started, name) for name in ("user", "system", "children_user", "children_system")
    )
    return done, Reckoning(
        seconds=round(time.perf_counter() - clock, 3),
        cpu_seconds=round(cpu, 3),
        document_cpu_seconds=round(documents, 3),
    )


def _forget(out: Path, done: manifest.Manifest, removed: tuple[str, ...]) -> manifest.Manifest:
    """A file gone from the input keeps its `documents` row, marked removed, and nothing else."""
    if not removed:
        return done
    for doc_id in removed:
        own_files = (
            manifest.result_path(out, doc_id),
            RunFolder(out).report(doc_id),
            RunFolder(out).paper(doc_id),
            RunFolder(out).workbook(doc_id),
        )
        for path in own_files:
            path.unlink(missing_ok=True)
    done = manifest.mark_removed(done, removed)
    manifest.write(out, done)
    return done


def _clear_stale(out: Path, outcome: Outcome) -> None:
    """A document read again that no longer gives a report (it fails now, say) or a paper loses the
    outputs it gave before."""
    doc_id = outcome.row.doc_id
    stale = [RunFolder(out).report(doc_id), RunFolder(out).workbook(doc_id)] if outcome.report is None else []
    stale += [RunFolder(out).paper(doc_id)] if outcome.paper is None else []
    for path in stale:
        path.unlink(missing_ok=True)


def _stored_brief(out: Path, source: SourceFile) -> Outcome:
    try:
        return Outcome.model_validate_json(manifest.stored_brief(out, source.doc_id))
    except ValueError:  # damaged outside the run, yet whole at its ends (`manifest.kept_whole`)
        outcome = process(source)
        _keep(out, outcome)
        return brief(outcome)


def _stored_report_json(out: Path, doc_id: str) -> dict:
    """The report of a stored result as JSON, not models: a third of the time of `_stored`, which a
    run from scratch would otherwise spend twice on every report (its rows, its workbook)."""
    return pydantic_core.from_json(manifest.stored(out, doc_id)[1])


def _stored(out: Path, doc_id: str) -> Outcome:
    # Bytes: pydantic reads UTF-8 itself, quicker than decoding ~25 MB of results to text first.
    kept, report = manifest.stored(out, doc_id)
    outcome = Outcome.model_validate_json(kept)
    return (
        outcome
        if report is None
        else outcome.model_copy(update={"report": InspectionReport.model_validate_json(report)})
    )


def _written(out: Path) -> bool:
    return all(
        path.exists()
        for path in (RunFolder(out).table("documents"), RunFolder(out).database, RunFolder(out).run_workbook)
    )
