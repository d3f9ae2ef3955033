"""The `findings` command: one verb per job.

Exit codes: 0 every document read, 1 some documents failed (everything else was still written)
or the input held none, 2 a usage mistake (nothing was run), 3 another run is writing to the same
--out (nothing was run), 4 the outputs could not be written (a read-only or full folder: the next
run repairs what this one left), 5 more than half the documents are gone from the input (nothing
was changed).
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import click

from . import __version__

if TYPE_CHECKING:  # imported where a command runs, so that --help stays quick
    from . import batch

EXIT_SOME_FAILED = 1
EXIT_BUSY = 3
EXIT_UNWRITABLE = 4
EXIT_MASS_REMOVAL = 5


class UsageMistake(click.ClickException):
    """A mistake in how the command was called; the message says how to fix it."""

    exit_code = 2


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """A run that cannot write its outputs ends with one line saying why, and an exit code of its
    own: 1 would say that some documents failed."""
    from .store import OutputBusy

    try:
        yield
    except OutputBusy as error:
        click.echo(f"findings: {error}.", err=True)
        raise SystemExit(EXIT_BUSY) from None
    except Exception as error:
        if not _unwritable(error):
            raise
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        reason = error.strerror if getattr(error, "strerror", None) else str(error).splitlines()[0]
        click.echo(
            f"findings: could not write the outputs in {out}: {reason}{where}. Free some space or choose "
            "a writable --out; the next run repairs what this one left.",
            err=True,
        )
        raise SystemExit(EXIT_UNWRITABLE) from None


def _unwritable(error: Exception) -> bool:
    # A run that never opened the database (a rerun with nothing new) has not imported DuckDB, so
    # cannot have raised its error: importing DuckDB only to compare would cost that run more than its work.
    duckdb = sys.modules.get("duckdb")
    return isinstance(error, OSError) or (duckdb is not None and isinstance(error, duckdb.IOException))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="findings")
def main() -> None:
    """Turn Ofsted children's services inspection reports into structured tables."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),  # checked in `run`, whose message says how to fix it
    default=Path("data/processed"),
    show_default=True,
    help="Folder for reports/*.json, tables/*.csv|parquet and workbooks/*.xlsx.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary; errors only.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Documents read at once, in separate processes (default: one per core).",
)
@click.option("--force", is_flag=True, help="Read every file again, not only new or changed ones.")
@click.option(
    "--allow-mass-removal",
    is_flag=True,
    help="Mark more than half of the documents removed when they are gone from INPUTS (refused "
    "otherwise: an empty folder is more often a share not mounted).",
)
@click.option(
    "--link-base",
    default=None,
    help="Link the workbooks' page numbers to the reports under this web address or shared folder "
    "(each report's source_path appended), not to the files where they were read.",
)
@click.option(
    "--copy-sources",
    is_flag=True,
    help="Copy each report to workbooks/sources/ and link there, so the output folder can be moved or "
    "shared whole (a rerun copies only what changed).",
)
def run(
    inputs: tuple[Path, ...],
    out: Path,
    quiet: bool,
    workers: int | None,
    force: bool,
    allow_mass_removal: bool,
    link_base: str | None,
    copy_sources: bool,
) -> None:
    """Parse every file under INPUTS (folders are walked; default data/raw) into OUT.

    Files are recognised by content, whatever their names say: PDF, HTML, DOCX and text. A file
    that cannot be read becomes an error row with its reason; the rest of the batch still runs.
    """
    inputs = inputs or (Path("data/raw"),)
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        raise UsageMistake(
            f"no such file or folder: {', '.join(missing)}. Pass the folder that holds the "
            "reports, e.g. `findings run ../shared/corpus/dev`."
        )
    if out.exists() and not out.is_dir():
        raise UsageMistake(f"--out {out} is a file; give a folder for the outputs.")
    if link_base and copy_sources:
        raise UsageMistake("--link-base and --copy-sources each say where the page links go: give one.")

    from . import batch  # spaCy, pandas and the rest load only for the verbs that use them
    from .store.writing import Links

    try:
        with _writing(out):
            summary = batch.run(
                inputs,
                out,
                progress=iter if quiet else progress_bar,
                workers=workers,
                force=force,
                allow_mass_removal=allow_mass_removal,
                links=Links(link_base, copy_sources),
            )
    except batch.MassRemoval as error:
        click.echo(f"findings: {error}.", err=True)
        raise SystemExit(EXIT_MASS_REMOVAL) from None
    if summary.documents == 0 and summary.removed == 0:  # an emptied input allowed to remove all is no mistake
        click.echo(
            f"warning: no files found under {', '.join(str(path) for path in inputs)}, so nothing was read. "
            "Folders reached through a symbolic link are not walked: pass the real folder.",
            err=True,
        )
        raise SystemExit(EXIT_SOME_FAILED)
    if not quiet:
        _print_summary(summary)
    for row in summary.errors:
        click.echo(f"error: {row.source_path}: {row.error}", err=True)
    if summary.warnings and not quiet:
        count = len(summary.warnings)
        click.echo(
            f"{count} document{'s' if count > 1 else ''} need{'' if count > 1 else 's'} a look "
            "(read, but a self-check failed; the run workbook's 'Needs a look' sheet lists why):"
        )
        for row in summary.warnings:
            click.echo(f"  {row.source_path}: {row.checks}")
    if not summary.ok:
        raise SystemExit(EXIT_SOME_FAILED)


def progress_bar(outcomes):
    with click.progressbar(
        outcomes,
        label="Reading",
        show_eta=True,
        show_pos=True,
        item_show_func=lambda outcome: outcome.row.source_path[-50:] if outcome else None,
        file=sys.stderr,
    ) as bar:
        yield from bar


def _print_summary(summary: "batch.RunSummary") -> None:
    click.echo("")
    click.echo(f"{'kind':<20} {'documents':>9}")
    for kind, count in sorted(summary.by_kind.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"{kind:<20} {count:>9}")
    click.echo(f"{'total':<20} {summary.documents:>9}")
    click.echo(f"{'errors':<20} {len(summary.errors):>9}")
    click.echo(f"{'need a look':<20} {len(summary.warnings):>9}")
    click.echo(
        f"Read {summary.processed} new or changed in {summary.reading_seconds:.1f} s; "
        f"{summary.documents - summary.processed} unchanged since the last run; "
        f"{summary.removed} gone from the input (marked removed); {summary.seconds:.1f} s in all"
    )
    click.echo(f"Outputs in {summary.out}/:")
    click.echo("  reports/*.json and papers/*.json   one record per document")
    click.echo("  tables/*.csv and tables/*.parquet  the tables (documents, judgements, ..., latest_inspections)")
    click.echo("  workbooks/all-reports.xlsx         the run's workbook; workbooks/<doc_id>.xlsx one per report")
    click.echo(
        "  findings.duckdb                    every table and the views; `findings query --help` for the saved questions"
    )


_run_folder_option = click.option(
    "--run",
    "run_folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/processed"),
    show_default=True,
    help="A run's outputs (the --out of `findings run`).",
)


@main.command("compare")
@_run_folder_option
@click.option("--council", "council_names", multiple=True, help="A council, as any report names it; repeatable.")
@click.option("--region", "regions", multiple=True, help="An English region, e.g. 'North West'; repeatable.")
@click.option("--since", help="First inspection date to include: YYYY or YYYY-MM-DD.")
@click.option("--until", help="Last inspection date to include: YYYY or YYYY-MM-DD.")
@click.option(
    "--area",
    "areas",
    multiple=True,
    help="A judgement series (overall_effectiveness, leadership, help_and_protection, children_in_care, "
    "care_leavers, ...) or an area_key; repeatable. The first is the one the distributions count.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for comparison.xlsx and the PNG charts (default: RUN/compare).",
)
@click.option(
    "--sample",
    type=int,
    default=0,
    help="Also print this many recurring weaknesses, drawn at random (seeded), to read.",
)
def compare_councils(
    run_folder: Path,
    council_names: tuple[str, ...],
    regions: tuple[str, ...],
    since: str | None,
    until: str | None,
    areas: tuple[str, ...],
    out: Path | None,
    sample: int,
) -> None:
    """Compare councils across inspections: grade timeline, changes, distributions by year and
    region, recurring weaknesses and themes, as a workbook with charts and a short summary."""
    from . import compare
    from .compare import charts as compare_charts
    from .store.runfolder import RunFolder

    if not RunFolder(run_folder).has_run():
        raise UsageMistake(f"no run in {run_folder}; run `findings run INPUT --out {run_folder}` first.")
    filters = compare.Filters(
        councils=tuple(_council_key(name) for name in council_names),
        regions=tuple(_region(name) for name in regions),
        since=_day(since, "--since", first=True),
        until=_day(until, "--until", first=False),
        series=tuple(dict.fromkeys(_series(name) for name in areas)),
    )
    comparison = compare.compare(RunFolder(run_folder).read_tables(), filters)
    for line in compare.summary(comparison):
        click.echo(line)
    recurring = comparison.recurring
    for row in recurring.sample(min(sample, len(recurring)), random_state=0).itertuples(index=False):
        click.echo(f"\n{row.council} ({row.similarity:.2f}, theme {row.theme or '-'})")
        click.echo(f"  {row.earlier_date} item {row.earlier_item}: {row.earlier_text}")
        click.echo(f"  {row.later_date} item {row.later_item}: {row.later_text}")
    written = compare_charts.write(comparison, out or run_folder / "compare")
    click.echo(f"Wrote {', '.join(str(path) for path in written)}")


def _council_key(name: str) -> str:
    from .councils import council_key

    key = council_key(name)
    if key is None:
        raise UsageMistake(f"--council {name!r} names no English council; try its usual name, e.g. 'Warwickshire'.")
    return key


def _region(name: str) -> str:
    from .councils import REGIONS

    match = [region for region in REGIONS if region.lower() == name.lower()]
    if not match:
        raise UsageMistake(f"--region {name!r} is not one of: {', '.join(REGIONS)}.")
    return match[0]


def _day(text: str | None, option: str, first: bool):
    import datetime as dt

    if not text:
        return None
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1) if first else dt.date(int(text), 12, 31)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageMistake(f"{option} {text!r}: give a year (2019) or a date (2019-04-01).") from None


def _series(name: str) -> str:
    from .areas import SERIES_ORDER, series_of

    if name in SERIES_ORDER:
        return name
    try:
        links = series_of(name)
    except ValueError:
        links = ()
    if not links:
        raise UsageMistake(f"--area {name!r} is not one of: {', '.join(SERIES_ORDER)}.")
    return links[0].series


def _saved_queries_help() -> str:
    from .queries import SAVED_QUERIES

    return "\n\n".join(f"{name}: {saved.question}" for name, saved in SAVED_QUERIES.items())


@main.command(
    "query",
    help="Answer a common question from a run's database without writing SQL.\n\n"
    "NAME is one of:\n\n" + _saved_queries_help(),
)
@click.argument("name")
@_run_folder_option
@click.option("--year", type=int, default=None, help="inadequate-since: the first year of inspections to include.")
@click.option(
    "--theme", default=None, help="recurring: a theme_id (pipeline/data/themes.csv) or its start, e.g. care_leavers."
)
@click.option("--region", default=None, help="Only councils in this English region, e.g. 'North West'.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the answer to this CSV file.",
)
def query(
    name: str, run_folder: Path, year: int | None, theme: str | None, region: str | None, csv_path: Path | None
) -> None:
    from .queries import SAVED_QUERIES

    if name not in SAVED_QUERIES:
        raise UsageMistake(f"no saved query '{name}'; choose one of {', '.join(SAVED_QUERIES)}.")
    if name == "inadequate-since" and year is None:
        raise UsageMistake("inadequate-since needs --year, e.g. `findings query inadequate-since --year 2022`.")
    from .store import database
    from .plan import theme_names
    from .store.runfolder import RunFolder

    if theme is not None and not any(known.startswith(theme) for known in theme_names()):
        raise UsageMistake(f"no theme '{theme}'; themes are {', '.join(theme_names())} (pipeline/data/themes.csv).")
    if not RunFolder(run_folder).database.exists():
        raise UsageMistake(f"no database in {run_folder}; run `findings run INPUT --out {run_folder}` first.")
    answer = database.saved_query(run_folder, name, year=year, theme=theme, region=region)
    shown = answer.astype(object).where(answer.notna(), "")  # a blank, not None/NaT/NaN, for no value
    click.echo(shown.to_string(index=False) if len(answer) else "(no rows)")
    click.echo(f"{len(answer)} row{'' if len(answer) == 1 else 's'}: {SAVED_QUERIES[name].question}")
    if csv_path is not None:
        answer.to_csv(csv_path, index=False)
        click.echo(f"Wrote {csv_path}")


@main.command("export")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("data/processed"),
    show_default=True,
    help="The folder a `findings run` wrote (reports/*.json and tables/); workbooks go to its workbooks/.",
)
@click.option(
    "--sources",
    "source_folders",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    default=(Path("data/raw"),),
    show_default=True,
    help="A folder the run read, so the workbooks link to the reports' pages; repeat for several.",
)
@click.option(
    "--link-base",
    default=None,
    help="Link to the reports under this web address or shared folder instead (each report's "
    "source_path appended): links that work wherever the workbooks go.",
)
@click.option(
    "--copy-sources",
    is_flag=True,
    help="Copy each report to workbooks/sources/ and link there, so the workbooks folder can be moved or shared whole.",
)
@click.option("--no-links", is_flag=True, help="Write page numbers without links (no source files needed).")
@click.option(
    "--preview",
    is_flag=True,
    help="Also render the first rows of the Action plan sheet to workbooks/action-plan-preview.png "
    "(needs LibreOffice and pdftoppm).",
)
def export_workbooks(
    out: Path,
    source_folders: tuple[Path, ...],
    link_base: str | None,
    copy_sources: bool,
    no_links: bool,
    preview: bool,
) -> None:
    """Rebuild the Excel workbooks from the outputs in OUT, without reading any report again."""
    from . import export
    from .store.runfolder import RunFolder

    started = time.perf_counter()
    try:
        with _writing(out):
            written = export.rebuild(out, source_folders, link_base=link_base, copy=copy_sources, links=not no_links)
    except export.MissingOutputs as error:
        raise UsageMistake(f"{error}. Run `findings run INPUT --out {out}` first.") from error
    except export.Unlinked as error:
        raise UsageMistake(
            f"{error} under {', '.join(map(str, source_folders))}, so their page links cannot be written. "
            "Pass the folder the run read (`--sources ../shared/corpus/dev`), a place the reports are "
            "published (`--link-base https://...`), or `--no-links` for page numbers alone."
        ) from error
    elapsed = time.perf_counter() - started
    click.echo(f"Wrote {len(written)} workbooks to {RunFolder(out).workbooks}/ in {elapsed:.1f} s")
    if preview:
        try:
            click.echo(f"Action plan preview: {export.preview(out, source_folders)}")
        except export.MissingTool as error:
            raise click.ClickException(str(error)) from error
