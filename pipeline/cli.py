"""The `findings` command: one verb per job.

Exit codes: 0 every document read, 1 some documents failed (everything else was still written)
or the input held none, 2 a usage mistake (nothing was run), 3 another run is writing to the same
--out (nothing was run), 4 the outputs could not be written (a read-only or full folder: the next
run repairs what this one left), 5 more than half the documents are gone from the input (nothing
was changed).
"""

from __future__ import annotations

import json
import sys
import tempfile
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
def run(inputs: tuple[Path, ...], out: Path, quiet: bool, workers: int | None, force: bool, allow_mass_removal: bool) -> None:
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

    from . import batch  # spaCy, pandas and the rest load only for the verbs that use them

    try:
        with _writing(out):
            summary = batch.run(
                inputs, out, progress=iter if quiet else _progress_bar, workers=workers, force=force,
                allow_mass_removal=allow_mass_removal,
            )  # fmt: skip
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
        click.echo(f"{count} document{'s' if count > 1 else ''} need{'' if count > 1 else 's'} a look "
                   "(read, but a self-check failed; the run workbook's 'Needs a look' sheet lists why):")  # fmt: skip
        for row in summary.warnings:
            click.echo(f"  {row.source_path}: {row.checks}")
    if not summary.ok:
        raise SystemExit(EXIT_SOME_FAILED)


def _progress_bar(outcomes):
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
    click.echo("  findings.duckdb                    every table and the views; `findings query --help` for the saved questions")


_GOLD = Path("../shared/eval/gold_reports.jsonl")
_CORPUS = Path("../shared/corpus/dev")
_measured_run_option = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A run's outputs to measure. Where it holds none, the corpus is run into it first "
    "(default: a temporary folder).",
)


@main.command()
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=_GOLD,
    show_default=True,
    help="Hand-checked labels, one JSON object a line.",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=_CORPUS,
    show_default=True,
    help="The folder the gold paths are relative to; run when --out holds no run.",
)
@_measured_run_option
@click.option("--check", is_flag=True, help="Exit 1 if any target is missed.")
def evaluate(gold: Path, corpus: Path, out: Path | None, check: bool) -> None:
    """Score a run against the gold labels: every figure per kind, then every mismatch."""
    from . import evaluate as scoring

    if not gold.is_file():
        raise UsageMistake(f"no gold file at {gold}; pass --gold PATH (a gold_reports.jsonl).")
    if not corpus.is_dir() and not (out and scoring.has_run(out)):
        raise UsageMistake(
            f"no corpus folder at {corpus} and no run in --out; pass --corpus DIR or --out DIR."
        )
    run = _measured_run(corpus, out)
    evaluation = scoring.evaluate(scoring.read_gold(gold), run, corpus if corpus.is_dir() else None)
    consistency = scoring.consistency(run)
    click.echo(scoring.figures_table(evaluation))
    click.echo(f"\nMismatches ({len(evaluation.mismatches)}):")
    click.echo(scoring.mismatches_table(evaluation.mismatches))
    click.echo("\nEvery report of the run, checked without labels (a failure may be the report's own slip):")
    click.echo(scoring.figures_table(consistency, scoring.CONSISTENCY_METRICS))
    click.echo(scoring.mismatches_table(consistency.mismatches, expected="expected"))
    missed = scoring.missed_targets(evaluation)
    click.echo("\nTargets: " + ("all met" if not missed else "missed " + ", ".join(t.metric for t in missed)))
    if check and missed:
        raise SystemExit(EXIT_SOME_FAILED)


def _measured_run(corpus: Path, out: Path | None):
    """The run in `out`, or a run of `corpus` made there (or in a temporary folder) first."""
    from . import batch
    from .evaluate import has_run, read_run

    with _run_folder(out) as folder:
        if not has_run(folder):
            click.echo(f"Running {corpus} into {folder} ...", err=True)
            batch.run([corpus], folder, progress=_progress_bar)
        return read_run(folder)


@contextmanager
def _run_folder(out: Path | None) -> Iterator[Path]:
    if out is not None:
        yield out
        return
    with tempfile.TemporaryDirectory(prefix="findings-run-") as temporary:
        yield Path(temporary)


@main.command("evaluate-letters")
@click.option(
    "--labels", type=click.Path(path_type=Path, dir_okay=False),
    default=Path("tests/data/focused_visit_labels.jsonl"), show_default=True,
    help="Hand labels of letters, one JSON object a line (see docs/focused-visit-labels.md).",
)  # fmt: skip
@click.option(
    "--split", type=click.Choice(["dev", "untouched", "all"]), default="all", show_default=True,
    help="Which labels to score: the dev split, the untouched check, or both.",
)  # fmt: skip
@click.option(
    "--corpus", type=click.Path(path_type=Path, file_okay=False),
    default=Path("../shared/corpus/focused_visits"), show_default=True,
    help="The folder the label paths are relative to; run when --out holds no run.",
)  # fmt: skip
@_measured_run_option
def evaluate_letters(labels: Path, split: str, corpus: Path, out: Path | None) -> None:
    """Score a run's letters against hand labels: council, visit dates, letter date, lead
    inspector (else signatory), items precision and recall, item kinds and framework tags; then
    every mismatch."""
    from . import evaluate_letters as scoring
    from .evaluate import has_run

    if not labels.is_file():
        raise UsageMistake(f"no label file at {labels}; pass --labels PATH.")
    if not corpus.is_dir() and not (out and has_run(out)):
        raise UsageMistake(f"no corpus folder at {corpus} and no run in --out; pass --corpus DIR or --out DIR.")
    letters = scoring.read_labels(labels, None if split == "all" else split)
    run = _measured_run(corpus, out)
    evaluation = scoring.evaluate(letters, run)
    click.echo(scoring.figures_table(evaluation, len(letters)))
    click.echo(f"\nMismatches ({len(evaluation.mismatches)}):")
    click.echo(scoring.mismatches_table(evaluation))
    every = scoring.checks(run)
    click.echo("\nEvery file of the run, checked without labels:")
    click.echo(scoring.figures_table(every, len(run.rows), scoring.CHECKS, "files"))
    click.echo(scoring.mismatches_table(every, expected="expected"))


@main.command("evaluate-nlp")
@click.option(
    "--gold", type=click.Path(path_type=Path, dir_okay=False), default=_GOLD, show_default=True,
    help="Gold labels with `evidence` lists.",
)  # fmt: skip
@click.option(
    "--labels", type=click.Path(path_type=Path, dir_okay=False), default=Path("tests/data/theme_labels.csv"),
    show_default=True, help="Hand-labelled primary themes (path, item number, text hash, theme).",
)  # fmt: skip
@click.option(
    "--corpus", type=click.Path(path_type=Path, file_okay=False), default=_CORPUS, show_default=True,
    help="The folder the label paths are relative to; run when --out holds no run.",
)  # fmt: skip
@_measured_run_option
@click.option("--misses", is_flag=True, help="List every wrong theme and every missed evidence paragraph.")
@click.option(
    "--timing", is_flag=True,
    help="Also time the enrich stage, and sentence polarity with and without the classifier, over the run's reports.",
)  # fmt: skip
@click.option(
    "--plans", is_flag=True,
    help="Also check the run's action plan: repeated actions within a report, measures per theme, praise quoted as evidence.",
)  # fmt: skip
@click.option("--check", is_flag=True, help="Exit 1 if theme accuracy or evidence recall@3 is below 0.85.")
def evaluate_nlp(
    gold: Path, labels: Path, corpus: Path, out: Path | None, misses: bool, timing: bool, plans: bool, check: bool
) -> None:
    """Score the enrich stage: primary-theme accuracy on the labelled items, evidence recall@3 on
    the gold, recall@3 of SIF recommendations' own "(paragraph N)" pointers with them hidden, and
    sentence polarity on the held-out labelled sentences (rules, classifier, and the two combined)."""
    from . import batch
    from . import evaluate_nlp as scoring
    from .evaluate import has_run

    for path in (gold, labels):
        if not path.is_file():
            raise UsageMistake(f"no file at {path}; pass --gold/--labels PATH.")
    with _run_folder(out) as folder:
        if not has_run(folder):
            click.echo(f"Running {corpus} into {folder} ...", err=True)
            batch.run([corpus], folder, progress=_progress_bar)
        reports = scoring.read_run(folder)
        plan_lines = scoring.plan_checks(folder, reports) if plans else []
    gold_records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    themes = scoring.read_labels(labels)
    targeted = [
        scoring.theme_accuracy(reports, themes, "test"),
        scoring.gold_evidence_recall(reports, gold_records),
    ]
    measured = [
        scoring.theme_accuracy(reports, themes, "dev"),
        scoring.evidence_recall(reports, scoring.read_evidence_labels()),
        scoring.evidence_recall(reports, scoring.read_evidence_labels(scoring.UNTOUCHED_EVIDENCE_LABELS), name="untouched"),
        *targeted,
        scoring.pointer_recall(reports),
    ]
    for score in [*measured, *scoring.polarity_scores(reports, scoring.read_polarity_labels())]:
        click.echo(score.line())
        if misses:
            click.echo("".join(f"  {miss}\n" for miss in score.misses), nl=False)
    click.echo(scoring.weakness_by_grade_line(scoring.weakness_by_grade(reports)))
    click.echo(scoring.theme_confidence_bands(reports, themes))
    click.echo(scoring.theme_confusion(reports, themes))
    for line in plan_lines:
        click.echo(line)
    if timing:
        click.echo(scoring.enrich_timing(reports))
        click.echo(scoring.polarity_timing(reports))
    missed = [s.name for s in targeted if s.value < scoring.TARGET]
    click.echo("Targets: " + ("all met" if not missed else "missed " + ", ".join(missed)))
    if check and missed:
        raise SystemExit(EXIT_SOME_FAILED)


@main.command("peer-compare")
@click.option(
    "--peer",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("../shared/corpus/peer_ilacs_history.csv"),
    show_default=True,
    help="The peer scraper's table, one row per file.",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=_CORPUS,
    show_default=True,
    help="The corpus the peer's files are in; run when --out holds no run, and searched for pages.",
)
@_measured_run_option
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=_GOLD,
    show_default=True,
    help="Gold labels; where they label a field they decide who is wrong (skipped if absent).",
)
@click.option(
    "--hand-checks",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("docs/peer-hand-checks.csv"),
    show_default=True,
    help="Verdicts reached by reading the PDF (file, field, verdict, reason), used where no "
    "rule decides (skipped if absent).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write every disagreement (file, field, peer, ours, verdict, reason, page) here.",
)
@click.option(
    "--doc",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the classified write-up here, e.g. docs/peer-comparison.md (hand notes kept).",
)
def peer_compare(
    peer: Path,
    corpus: Path,
    out: Path | None,
    gold: Path,
    hand_checks: Path,
    csv_path: Path | None,
    doc: Path | None,
) -> None:
    """List every disagreement with the peer's table, and say who is wrong and why."""
    from . import evaluate as scoring
    from . import peer as peers
    from . import store
    from .cells import csv_frame

    if not peer.is_file():
        raise UsageMistake(f"no peer table at {peer}; pass --peer PATH (peer_ilacs_history.csv).")
    if not corpus.is_dir():
        raise UsageMistake(f"no corpus folder at {corpus}; pass --corpus DIR.")
    run = _measured_run(corpus, out)
    comparison = peers.compare(peers.read_peer(peer), run)
    labels = scoring.read_gold(gold) if gold.is_file() else []
    checks = peers.read_hand_checks(hand_checks) if hand_checks.is_file() else {}
    verdicts = peers.judge(comparison, run, corpus, labels, checks)
    click.echo(peers.summary_table(comparison))
    for verdict in verdicts:
        d = verdict.disagreement
        click.echo(f"{verdict.verdict}: {d.file} | {d.field} | peer: {d.peer} | ours: {d.ours} | {verdict.reason}")
    if csv_path is not None:
        with store.atomic_path(csv_path) as temporary:
            csv_frame(peers.verdicts_frame(verdicts)).to_csv(temporary, index=False)
    if doc is not None:
        previous = doc.read_text(encoding="utf-8") if doc.is_file() else None
        store.write_text(doc, peers.with_hand_notes(peers.write_up(comparison, verdicts), previous))


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
@click.option("--sample", type=int, default=0, help="Also print this many recurring weaknesses, drawn at random (seeded), to read.")
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
    from . import compare, compare_charts

    if not (run_folder / "tables" / "documents.parquet").exists():
        raise UsageMistake(f"no run in {run_folder}; run `findings run INPUT --out {run_folder}` first.")
    filters = compare.Filters(
        councils=tuple(_council_key(name) for name in council_names),
        regions=tuple(_region(name) for name in regions),
        since=_day(since, "--since", first=True),
        until=_day(until, "--until", first=False),
        series=tuple(dict.fromkeys(_series(name) for name in areas)),
    )
    comparison = compare.compare(compare.read_tables(run_folder), filters)
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


@main.command("query", help="Answer a common question from a run's database without writing SQL.\n\n"
              "NAME is one of:\n\n" + _saved_queries_help())
@click.argument("name")
@_run_folder_option
@click.option("--year", type=int, default=None, help="inadequate-since: the first year of inspections to include.")
@click.option("--theme", default=None, help="recurring: a theme_id (pipeline/data/themes.csv) or its start, e.g. care_leavers.")
@click.option("--region", default=None, help="Only councils in this English region, e.g. 'North West'.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the answer to this CSV file.",
)
def query(name: str, run_folder: Path, year: int | None, theme: str | None, region: str | None, csv_path: Path | None) -> None:
    from .queries import SAVED_QUERIES

    if name not in SAVED_QUERIES:
        raise UsageMistake(f"no saved query '{name}'; choose one of {', '.join(SAVED_QUERIES)}.")
    if name == "inadequate-since" and year is None:
        raise UsageMistake("inadequate-since needs --year, e.g. `findings query inadequate-since --year 2022`.")
    from . import database
    from .plan import theme_names

    if theme is not None and not any(known.startswith(theme) for known in theme_names()):
        raise UsageMistake(f"no theme '{theme}'; themes are {', '.join(theme_names())} (pipeline/data/themes.csv).")
    if not database.database_path(run_folder).exists():
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
    help="Copy each report to workbooks/sources/ and link there, so the workbooks folder can be moved "
    "or shared whole.",
)
@click.option("--no-links", is_flag=True, help="Write page numbers without links (no source files needed).")
@click.option(
    "--preview",
    is_flag=True,
    help="Also render the first rows of the Action plan sheet to workbooks/action-plan-preview.png "
    "(needs LibreOffice and pdftoppm).",
)
def export_workbooks(
    out: Path, source_folders: tuple[Path, ...], link_base: str | None, copy_sources: bool, no_links: bool, preview: bool
) -> None:
    """Rebuild the Excel workbooks from the outputs in OUT, without reading any report again."""
    from . import export

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
    click.echo(f"Wrote {len(written)} workbooks to {export.workbooks_folder(out)}/ in {elapsed:.1f} s")
    if preview:
        try:
            click.echo(f"Action plan preview: {export.preview(out, source_folders)}")
        except export.MissingTool as error:
            raise click.ClickException(str(error)) from error


@main.command()
@click.option(
    "--corpus",
    "corpora",
    type=click.Path(path_type=Path, file_okay=False),
    multiple=True,
    default=(_CORPUS, _CORPUS.with_name("focused_visits")),
    show_default=True,
    help="The PDFs to time (walked recursively); repeat for several, timed together.",
)
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Time pdfplumber (and pypdfium2 beside it) on 1 page in N and estimate the rest; "
    "1 measures every page (about 10 minutes).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write every timing and figure here as JSON.",
)
@click.option(
    "--readme",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Also replace the table between the benchmark markers in this README with this run's.",
)
@click.option("--check", is_flag=True, help="Exit 1 if a parse speed or memory target (issue 2) is missed.")
def benchmark(corpora: tuple[Path, ...], every: int, json_path: Path | None, readme: Path | None, check: bool) -> None:
    """Time each stage of our whole run against raw pypdfium2 (and pdfplumber) text extraction over
    the same pages, with the peak memory of our parse and of our run."""
    from . import benchmark as timing
    from . import store

    missing = [str(corpus) for corpus in corpora if not corpus.is_dir()]
    if missing:
        raise UsageMistake(f"no corpus folder at {', '.join(missing)}; pass --corpus DIR.")
    result = timing.run_benchmark(corpora, every, say=lambda line: click.echo(line, err=True))
    click.echo(timing.report_table(result))
    if json_path is not None:
        store.write_text(json_path, timing.as_json(result))
    if readme is not None:
        store.write_text(readme, timing.with_table(readme.read_text(encoding="utf-8"), result))
    if check and not result.targets_met:
        raise SystemExit(EXIT_SOME_FAILED)


@main.command("benchmark-batch")
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=_CORPUS,
    show_default=True,
    help="The corpus to run from scratch (copied, less one report that is then added).",
)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Parallel workers (default: one per core).")
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Also write the figures here.")
def benchmark_batch(corpus: Path, workers: int | None, json_path: Path | None) -> None:
    """Time whole-corpus runs (parallel and one process), a rerun with nothing new and one with a
    new report, and the peak memory of each full run."""
    from . import benchmark_batch as timing
    from . import store

    if not corpus.is_dir():
        raise UsageMistake(f"no corpus folder at {corpus}; pass --corpus DIR.")
    result = timing.run_benchmark(corpus, workers, say=lambda line: click.echo(line, err=True))
    click.echo(result.model_dump_json(indent=2))
    if json_path:
        store.write_text(json_path, result.model_dump_json(indent=2) + "\n")


@main.command()
@click.option("--files", type=click.IntRange(min=1), default=1200, show_default=True, help="Mutated files to make and run.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the mutations, so a figure can be made again.")
@click.option(
    "--samples",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/raw/samples"),
    show_default=True,
    help="The reports the mutants are made from (as PDF, and their text as Word, HTML and text).",
)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Parallel workers of the run (default: one per core).")
@click.option("--keep", type=click.Path(path_type=Path, file_okay=False), default=None, help="Make the files and the run here and keep them.")
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Also write the figures here.")
@click.option("--kills", type=click.IntRange(min=0), default=0, show_default=True,
              help="Then kill a run with kill -9 at this many moments, and one of its workers; each rerun must equal a clean run.")
def fuzz(files: int, seed: int, samples: Path, workers: int | None, keep: Path | None, json_path: Path | None, kills: int) -> None:
    """Run `findings run` over mutated copies of the sample reports in every format and report
    aborted runs, hangs, rows, error reasons, each process's peak memory and unescaped formula cells;
    with --kills, also kill runs with kill -9 and a worker, and compare each rerun with a clean run.
    Exit 1 if a promise is broken."""
    from . import fuzz as fuzzing
    from . import store

    if not samples.is_dir():
        raise UsageMistake(f"no folder at {samples}; pass --samples DIR.")
    with _run_folder(keep) as work:
        result = fuzzing.campaign(work, files, seed, workers, samples, kills)
    click.echo(result.model_dump_json(indent=2))
    if json_path:
        store.write_text(json_path, result.model_dump_json(indent=2) + "\n")
    if not result.holds or result.exception_names:
        raise SystemExit(EXIT_SOME_FAILED)
