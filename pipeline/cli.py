"""The `findings` command: one verb per job.

Exit codes: 0 every document read, 1 some documents failed (everything else was still written),
2 a usage mistake (nothing was run).
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from . import __version__, batch

EXIT_SOME_FAILED = 1


class UsageMistake(click.ClickException):
    """A mistake in how the command was called; the message says how to fix it."""

    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="findings")
def main() -> None:
    """Turn Ofsted children's services inspection reports into structured tables."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/processed"),
    show_default=True,
    help="Folder for reports/*.json and tables/*.csv|parquet.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary; errors only.")
def run(inputs: tuple[Path, ...], out: Path, quiet: bool) -> None:
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

    summary = batch.run(inputs, out, progress=iter if quiet else _progress_bar)
    if not quiet:
        _print_summary(summary)
    for row in summary.errors:
        click.echo(f"error: {row.source_path}: {row.error}", err=True)
    if not summary.ok:
        raise SystemExit(EXIT_SOME_FAILED)


def _progress_bar(sources):
    with click.progressbar(
        sources,
        label="Reading",
        show_eta=True,
        show_pos=True,
        item_show_func=lambda source: source.source_path[-50:] if source else None,
        file=click.get_text_stream("stderr"),
    ) as bar:
        yield from bar


def _print_summary(summary: batch.RunSummary) -> None:
    click.echo("")
    click.echo(f"{'kind':<20} {'documents':>9}")
    for kind, count in sorted(summary.by_kind.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"{kind:<20} {count:>9}")
    click.echo(f"{'total':<20} {summary.documents:>9}")
    click.echo(f"{'errors':<20} {len(summary.errors):>9}")
    click.echo(f"Outputs in {summary.out}/ (reports/*.json, tables/*.csv and *.parquet)")


_GOLD = Path("../shared/eval/gold_reports.jsonl")
_CORPUS = Path("../shared/corpus/dev")


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
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A run's outputs to score. Where it holds none, the corpus is run into it first "
    "(default: a temporary folder).",
)
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
    with _run_folder(out) as folder:
        if not scoring.has_run(folder):
            click.echo(f"Running {corpus} into {folder} ...", err=True)
            batch.run([corpus], folder, progress=_progress_bar)
        evaluation = scoring.evaluate(
            scoring.read_gold(gold), scoring.read_run(folder), corpus if corpus.is_dir() else None
        )
    click.echo(scoring.figures_table(evaluation))
    click.echo(f"\nMismatches ({len(evaluation.mismatches)}):")
    click.echo(scoring.mismatches_table(evaluation.mismatches))
    missed = scoring.missed_targets(evaluation)
    click.echo("\nTargets: " + ("all met" if not missed else "missed " + ", ".join(t.metric for t in missed)))
    if check and missed:
        raise SystemExit(EXIT_SOME_FAILED)


@contextmanager
def _run_folder(out: Path | None) -> Iterator[Path]:
    if out is not None:
        yield out
        return
    with tempfile.TemporaryDirectory(prefix="findings-evaluate-") as temporary:
        yield Path(temporary)
