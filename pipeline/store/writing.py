"""A run's outputs written: the tables and the database by one writer process, the workbooks by the
others, each recorded in the run's state once written (see `manifest`), so that a run stopped at any
moment leaves what it had not recorded to the next.
"""

from __future__ import annotations

import importlib
import json
import os
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .. import store

from . import manifest
from .runfolder import RunFolder
from ..discover import SourceFile
from ..schema import ActionPlanRow, DocumentRow, InspectionReport, PaperReview
from ..workers import die_with_parent, frozen

if TYPE_CHECKING:  # openpyxl loads where workbooks are written
    from .. import export


@dataclass(frozen=True)
class Results:
    """Every document's result as the run writes it."""

    sources: list[SourceFile]  # in the input's order, the tables' order
    documents: list[DocumentRow]  # in the same order
    reports: list[InspectionReport]  # without their paragraphs (see `batch.brief`)
    whole: Callable[[str], InspectionReport | None]  # a report with its paragraphs, read back where needed
    reviews: list[PaperReview]
    action_plan: list[ActionPlanRow]
    rows: dict[str, list[dict]]  # the tables' rows; of the documents' own tables, only the `changed` documents'
    changed: set[str] | None  # None: every document's rows are in `rows`
    stamps: dict[str, str]  # which result of each document these are (see `manifest.stamps`)
    plans_changed: set[str] | None = None  # the action plan's rows in `rows` are only these documents'
    redrafted: dict[str, str] = field(default_factory=dict)  # a hash of each plan redrafted (`manifest.plans_changed`)


@dataclass(frozen=True)
class Links:
    """Where the workbooks' page links point (see `export.source_links`): by default the source files
    where the run read them, relative to the workbooks."""

    base: str | None = None  # a web address or shared folder holding the reports as the run read them
    copy: bool = False  # copies in workbooks/sources/, so the output folder can be moved or shared whole

    def stamps(self, stamps: dict[str, str]) -> dict[str, str]:
        """The workbooks' state: the results' `stamps`, and where the links point where that is not
        the default, so that a run told to link elsewhere writes the workbooks again."""
        where = f"base {self.base}" if self.base else "copies" if self.copy else None
        return {**stamps, " links": where} if where else stamps  # a space: no doc_id has one


def write_outputs(
    out: Path,
    results: Results,
    workers: int,
    links: Links = Links(),
    tables_writer: ProcessPoolExecutor | None = None,
) -> None:
    """The tables, the database and the workbooks, each recorded in the run's state once written.
    `tables_writer`: the process that writes the tables and the database (see `tables_writer`);
    without it, one of the workbooks' writers does."""
    order = [source.doc_id for source in results.sources]
    # The tables' writer starts first, while this process gets the workbooks' modules ready.
    parts = _parts(results.changed, results.plans_changed)
    tables = (
        _submit(tables_writer, write_tables, out, results.rows, results.changed, order, parts)
        if tables_writer
        else None
    )
    # Before the writers are forked, or each would load them itself (openpyxl only where a layout's
    # frame is not kept; a run has loaded them already while its workers read).
    importlib.import_module("..export", __package__).load_unless_kept(workbook_frames(out))
    # The tables and the database are written by one writer process, the workbooks by the others,
    # while this process lays out the workbooks' sheets: each is a second or so of Python, and in
    # one process they would take turns.
    processes = workers - 1 if tables_writer else workers if workers > 1 else 0
    with _books_for_writers(_workbooks(out, results, links)), _writers(processes) as writers:
        with ThreadPoolExecutor(max_workers=1) as background:
            # With no writer processes the tables are written first: beside the workbooks, in one
            # process, their peaks of memory would add up.
            if tables is None and writers is None:
                tables = _submit(None, write_tables, out, results.rows, results.changed, order, parts)
            workbooks = background.submit(_write_workbooks, out, writers)
            tables = tables or _submit(writers, write_tables, out, results.rows, results.changed, order, parts)
            tables.result()
            manifest.write_plans_state(out, results.redrafted)
            manifest.write_tables_state(out, results.stamps)  # last: a run stopped before here leaves them to the next
            workbooks.result()
            manifest.write_workbooks_state(out, links.stamps(results.stamps))


@contextmanager
def tables_writer(workers: int, first_tables: bool) -> Iterator[ProcessPoolExecutor | None]:
    """The process that will write the run's tables and its database, forked now, before the run
    loads anything else: it loads their modules (Arrow, DuckDB; pandas where the run writes its
    first tables, which are built in pandas) while the run reads and gathers its results, not
    after (a fifth of a second of adding one report). None with one worker: the run writes all."""
    if workers <= 1:
        yield None
        return
    with ProcessPoolExecutor(
        max_workers=1, initializer=_tables_writer_started, initargs=(os.getpid(), first_tables)
    ) as pool:
        # The run's objects frozen for the fork, as for the workbooks' writers (see `_writers`).
        with frozen():
            pool.submit(int)  # a forking pool forks its process on its first task, here and now
        yield pool


def _tables_writer_started(parent: int, first_tables: bool) -> None:
    die_with_parent(parent)
    for name in (".database", ".splice", ".derived"):
        importlib.import_module(name, __package__)
    if first_tables:
        importlib.import_module("pandas")


# The run's workbooks as `write_outputs` builds them, set before the workbooks' writers are forked,
# so that each holds them: the run workbook's sheets are then laid out by the writer that writes it,
# not laid out here and pickled to it (~7 MB of rows for the dev corpus: 0.08 CPU s both ways).
_books: export.Workbooks | None = None


@contextmanager
def _books_for_writers(books: export.Workbooks) -> Iterator[None]:
    global _books
    _books = books
    try:
        yield
    finally:
        _books = None


def _workbooks(out: Path, results: Results, links: Links) -> export.Workbooks:
    """What the run's workbooks show, their page links as `links` says."""
    from .. import export

    reports = {report.doc_id for report in results.reports}
    sources = {
        source.doc_id: source.path for source in results.sources if not source.problem and source.doc_id in reports
    }
    files = export.source_links(sources, results.documents, RunFolder(out).workbooks, links.base, links.copy)
    return export.Workbooks(
        results.reports,
        results.action_plan,
        results.documents,
        files,
        extra_sheets=[export.council_response_sheet(results.reviews)],
    )


def workbook_frames(out: Path) -> Path:
    """Where each layout of workbook is kept once laid out (see `export.write_workbook`)."""
    return RunFolder(out).state / "workbook-frames"


def _write_run_workbook(path: Path, frames: Path) -> Path:
    """The run's workbook, from the workbooks this process was forked with (or set in it)."""
    from .. import export

    return export.write_workbook(path, _books.run_sheets(), frames)


def _write_workbooks(out: Path, writers: ProcessPoolExecutor | None) -> None:
    """The run's workbook, and each report's own where it is missing or would not be built from the
    same things as last time (its fingerprint): rebuilding every report's is most of the cost of a
    run that adds one report to hundreds."""
    from .. import export

    folder = RunFolder(out).workbooks
    # The run's workbook takes longest to write: it starts while the reports' are being chosen.
    frames = workbook_frames(out)
    run_book = _submit(writers, _write_run_workbook, RunFolder(out).run_workbook, frames)
    last_time = _read_fingerprints(manifest.workbook_fingerprints(out))
    books = _books.report_books()
    laid_out = [
        (folder / book.name, book.sheets(export.stored_paragraphs(out, book.report.doc_id)), frames)
        for book in books
        if book.fingerprint != last_time.get(book.report.doc_id) or not (folder / book.name).exists()
    ]
    # This process, idle while a writer writes the run's workbook, writes the reports' meanwhile (the
    # one of a rerun that adds a report, say), then hands what is left to the writers.
    while laid_out and writers is not None and not run_book.done():
        export.write_workbook(*laid_out.pop())
    run_book.result()
    _write_each(laid_out, writers)
    fingerprints = {book.report.doc_id: book.fingerprint for book in books}
    store.write_text(manifest.workbook_fingerprints(out), json.dumps(fingerprints, indent=1, sort_keys=True) + "\n")


def _write_each(books: list[tuple[Path, list, Path]], writers: ProcessPoolExecutor | None) -> None:
    """After a run from scratch, ~300 workbooks: written in the run's process alone, they would
    leave the other cores idle."""
    from .. import export

    if writers is None or not books:
        for book in books:
            export.write_workbook(*book)
    else:
        list(writers.map(export.write_workbook, *zip(*books), chunksize=max(1, len(books) // 16)))


def _read_fingerprints(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # half-written by an older layout: every workbook is written again
        return {}


def _parts(changed: set[str] | None, plans_changed: set[str] | None) -> dict[str, set[str]]:
    """The tables whose rows the run gives for some documents only, and those documents."""
    parts = dict.fromkeys(store.DOCUMENT_TABLES, changed) | {"action_plan": plans_changed}
    return {name: documents for name, documents in parts.items() if documents is not None}


def write_tables(
    out: Path,
    rows: dict[str, list[dict]],
    changed: set[str] | None,
    order: list[str],
    parts: dict[str, set[str]] | None = None,
) -> None:
    """The run's tables and the database. Where `changed` names the documents whose rows are new,
    `rows` holds only theirs in the tables of documents' own rows (by default; `parts` names each
    table given so, and its documents), and the others' rows are kept from the tables as they are;
    with None, `rows` holds every document's. `order` is the documents' order in the tables."""
    from . import database, splice

    parts = _parts(changed, None) if parts is None else parts
    before = database.table_digests(out)
    manifest.forget_plans_state(out)  # the action plan's file is about to differ from it
    # A rerun's tables in Arrow where it can be sure of writing what a run from scratch writes
    # (pandas, loading alone, took a third of a second of adding one report); else in pandas.
    tables = None if changed is None else splice.rerun_tables(out, rows, changed, order, parts, before)
    tables = tables or _built_tables(out, rows, parts, order)
    written = store.write_tables(out, tables, parts)
    database.update(out, changed=changed, before=before, tables=tables, parts=parts, written=written)


def _built_tables(out: Path, rows: dict[str, list[dict]], parts: dict[str, set[str]], order: list[str]) -> dict:
    """`write_tables`' tables built in pandas, as a run from scratch builds them."""
    from . import derived

    tables = store.build_tables(rows)
    tables = {
        name: store.with_unchanged_rows(out, name, frame, parts[name], order) if name in parts else frame
        for name, frame in tables.items()
    }
    tables = derived.add(tables)  # after the merge: the derived tables need every document's rows
    return {name: store.arrow_table(frame) for name, frame in tables.items()}


def _submit(pool: ProcessPoolExecutor | None, function: Callable, *args, **kwargs) -> Future:
    """`function` run by the pool, or here and now where there is none."""
    if pool is not None:
        return pool.submit(function, *args, **kwargs)
    done: Future = Future()
    done.set_result(function(*args, **kwargs))
    return done


@contextmanager
def _writers(processes: int) -> Iterator[ProcessPoolExecutor | None]:
    """Processes that write workbooks, started at once: they are forked from this process, which is
    safe only while it runs one thread (not beside the database's threads). None for none."""
    if processes < 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        # The run's objects (its modules, the NLP pipeline) frozen for the fork, as for the reading
        # workers: a writer's collections then never walk them, nor write to their pages and so copy them.
        with frozen():
            pool.submit(int)  # a forking pool forks every process on its first task, here and now
        yield pool
