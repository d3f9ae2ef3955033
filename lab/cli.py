"""The `findings-lab` command: the lab's verbs, which measure the product (accuracy against hand
labels, a peer's table, speed, hostile input) and train its polarity classifier. The product's own
verbs are `findings`; nothing in `pipeline/` imports this package.

Exit codes as `findings`: 0 done (and every target met, where --check asks), 1 a target missed or a
promise broken, 2 a usage mistake (nothing was run).
"""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from pipeline import __version__
from pipeline.cli import EXIT_SOME_FAILED, UsageMistake, progress_bar
from pipeline.store.runfolder import RunFolder


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="findings-lab")
def main() -> None:
    """Measure the product: score runs against hand labels and a peer's table, time it, fuzz it,
    and train its sentence-polarity classifier."""


_GOLD = Path("../shared/eval/gold_reports.jsonl")
_CORPUS = Path("../shared/corpus/dev")
_measured_run_option = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A run's outputs to measure. Where it holds none, the corpus is run into it first "
    "(default: a temporary folder).",
)


def _gold_option(help: str):
    return click.option(
        "--gold", type=click.Path(path_type=Path, dir_okay=False), default=_GOLD, show_default=True, help=help
    )


def _corpus_option(help: str):
    return click.option(
        "--corpus", type=click.Path(path_type=Path, file_okay=False), default=_CORPUS, show_default=True, help=help
    )


@main.command()
@_gold_option("Hand-checked labels, one JSON object a line.")
@_corpus_option("The folder the gold paths are relative to; run when --out holds no run.")
@_measured_run_option
@click.option("--check", is_flag=True, help="Exit 1 if any target is missed.")
def evaluate(gold: Path, corpus: Path, out: Path | None, check: bool) -> None:
    """Score a run against the gold labels: every figure per kind, then every mismatch."""
    from . import evaluate as scoring

    if not gold.is_file():
        raise UsageMistake(f"no gold file at {gold}; pass --gold PATH (a gold_reports.jsonl).")
    if not corpus.is_dir() and not (out and RunFolder(out).has_run()):
        raise UsageMistake(f"no corpus folder at {corpus} and no run in --out; pass --corpus DIR or --out DIR.")
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
    from .evaluate import read_run

    with _a_run(corpus, out) as folder:
        return read_run(folder)


@contextmanager
def _a_run(corpus: Path, out: Path | None) -> Iterator[Path]:
    """`out`, or a temporary folder, holding a run: a run of `corpus` is made there first where none is."""
    from pipeline import batch

    with _run_folder(out) as folder:
        if not RunFolder(folder).has_run():
            click.echo(f"Running {corpus} into {folder} ...", err=True)
            batch.run([corpus], folder, progress=progress_bar)
        yield folder


@contextmanager
def _run_folder(out: Path | None) -> Iterator[Path]:
    if out is not None:
        yield out
        return
    with tempfile.TemporaryDirectory(prefix="findings-run-") as temporary:
        yield Path(temporary)


@main.command("evaluate-letters")
@click.option(
    "--labels",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("tests/data/focused_visit_labels.jsonl"),
    show_default=True,
    help="Hand labels of letters, one JSON object a line (see docs/focused-visit-labels.md).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "untouched", "all"]),
    default="all",
    show_default=True,
    help="Which labels to score: the dev split, the untouched check, or both.",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("../shared/corpus/focused_visits"),
    show_default=True,
    help="The folder the label paths are relative to; run when --out holds no run.",
)
@_measured_run_option
def evaluate_letters(labels: Path, split: str, corpus: Path, out: Path | None) -> None:
    """Score a run's letters against hand labels: council, visit dates, letter date, lead
    inspector (else signatory), items precision and recall, item kinds and framework tags; then
    every mismatch."""
    from . import evaluate_letters as scoring

    if not labels.is_file():
        raise UsageMistake(f"no label file at {labels}; pass --labels PATH.")
    if not corpus.is_dir() and not (out and RunFolder(out).has_run()):
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
@_gold_option("Gold labels with `evidence` lists.")
@click.option(
    "--labels",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("tests/data/theme_labels.csv"),
    show_default=True,
    help="Hand-labelled primary themes (path, item number, text hash, theme).",
)
@_corpus_option("The folder the label paths are relative to; run when --out holds no run.")
@_measured_run_option
@click.option("--misses", is_flag=True, help="List every wrong theme and every missed evidence paragraph.")
@click.option(
    "--timing",
    is_flag=True,
    help="Also time the enrich stage, and sentence polarity with and without the classifier, over the run's reports.",
)
@click.option(
    "--plans",
    is_flag=True,
    help="Also check the run's action plan: repeated actions within a report, measures per theme, praise quoted as evidence.",
)
@click.option(
    "--quotes-against",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="With --plans: a run before a change; count the quotes that differ from it by their hand labels, before and after.",
)
@click.option("--check", is_flag=True, help="Exit 1 if theme accuracy or evidence recall@3 is below 0.85.")
def evaluate_nlp(
    gold: Path,
    labels: Path,
    corpus: Path,
    out: Path | None,
    misses: bool,
    timing: bool,
    plans: bool,
    quotes_against: Path | None,
    check: bool,
) -> None:
    """Score the enrich stage: primary-theme accuracy on the labelled items, evidence recall@3 on
    the gold, recall@3 of SIF recommendations' own "(paragraph N)" pointers with them hidden, and
    sentence polarity on the held-out labelled sentences (rules, classifier, and the two combined)."""
    from . import evaluate_nlp as scoring

    for path in (gold, labels):
        if not path.is_file():
            raise UsageMistake(f"no file at {path}; pass --gold/--labels PATH.")
    with _a_run(corpus, out) as folder:
        reports = scoring.reports_by_path(folder)
        plan_lines = scoring.plan_checks(folder, reports, quotes_against) if plans else []
    gold_records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    themes = scoring.read_labels(labels)
    targeted = [
        scoring.theme_accuracy(reports, themes, "test"),
        scoring.gold_evidence_recall(reports, gold_records),
    ]
    held_out = [
        scoring.evidence_recall(reports, scoring.read_evidence_labels(path), name=name)
        for name, path in scoring.HELD_OUT_EVIDENCE_LABELS.items()
    ]
    measured = [
        scoring.theme_accuracy(reports, themes, "dev"),
        scoring.evidence_recall(reports, scoring.read_evidence_labels()),
        *held_out,
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
    # Issue 14 asks the same of every untouched set; they are measured only, never tuned on, so
    # `--check` leaves them out, but a figure below it is said here rather than hidden above.
    below = [f"{s.name} {s.value:.3f}" for s in held_out if s.value < scoring.TARGET]
    click.echo(
        f"Untouched evidence sets at {scoring.TARGET} or above: " + ("all" if not below else "not " + ", ".join(below))
    )
    # Every set comes from councils no other set or the dev labels hold, so pooled they are the
    # largest sample of councils the ranking was not tuned on.
    pooled = scoring.Score(
        "untouched evidence sets pooled, recall@3", sum(s.hits for s in held_out), sum(s.total for s in held_out)
    )
    click.echo(pooled.line())
    if check and missed:
        raise SystemExit(EXIT_SOME_FAILED)


@main.command("evidence-cv")
@_gold_option("Gold labels with `evidence` lists (a check: a configuration must keep them at 0.85).")
@_corpus_option("The folder the label paths are relative to; run when --out holds no run.")
@_measured_run_option
@click.option(
    "--random", "extra", type=click.IntRange(min=0), default=0, help="Also try this many random combinations."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random combinations.")
def evidence_cv(gold: Path, corpus: Path, out: Path | None, extra: int, seed: int) -> None:
    """Leave one evidence label set out: score the ranking with its constants moved on every set,
    choose on all sets but one and measure on that one, so a gain that does not carry over shows."""
    from . import evidence_cv as cv

    if not gold.is_file():
        raise UsageMistake(f"no file at {gold}; pass --gold PATH.")
    gold_records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    sets = cv.label_sets()
    wanted = {label.path for labels in sets.values() for label in labels} | {r["path"] for r in gold_records}
    with _a_run(corpus, out) as folder:
        annotated = cv.annotate(r for r in RunFolder(folder).read_reports() if r.source_path in wanted)
    rows = [(config, cv.figures(annotated, sets, gold_records, config)) for config in cv.configs(extra, seed)]
    for line in cv.lines(rows, cv.leave_one_out(rows, cv.gold_floor(annotated, gold_records))):
        click.echo(line)


@main.command("review-flag")
@_corpus_option("The corpus to run when --out holds no run.")
@_measured_run_option
def review_flag(corpus: Path, out: Path | None) -> None:
    """How well "Check before use" tells rows to rework from rows to adopt: the rated rows of
    docs/action-plan-review.csv re-planned from the run's reports, adoptable among flagged and
    unflagged per sample, before (the run's own table) and after (this code), each check's share."""
    from .review_flag import flag_report

    with _a_run(corpus, out) as folder:
        for line in flag_report(folder, RunFolder(folder).read_reports()):
            click.echo(line)


@main.command("peer-compare")
@click.option(
    "--peer",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("../shared/corpus/peer_ilacs_history.csv"),
    show_default=True,
    help="The peer scraper's table, one row per file.",
)
@_corpus_option("The corpus the peer's files are in; run when --out holds no run, and searched for pages.")
@_measured_run_option
@_gold_option("Gold labels; where they label a field they decide who is wrong (skipped if absent).")
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
    from pipeline import store
    from pipeline.cells import csv_frame

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
    "--markdown",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Also replace the table between the benchmark markers in this Markdown file (docs/benchmarks.md) with this run's.",
)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Time our stages and raw pypdfium2 this many times, one after the other, and judge each ratio "
    "on its median (the machine's speed drifts between runs; about 80 s a round on the default corpus).",
)
@click.option("--check", is_flag=True, help="Exit 1 if a parse speed or memory target (issue 2) is missed.")
def benchmark(
    corpora: tuple[Path, ...], every: int, json_path: Path | None, markdown: Path | None, rounds: int, check: bool
) -> None:
    """Time each stage of our whole run against raw pypdfium2 (and pdfplumber) text extraction over
    the same pages, with the peak memory of our parse and of our run."""
    from . import benchmark as timing
    from pipeline import store

    missing = [str(corpus) for corpus in corpora if not corpus.is_dir()]
    if missing:
        raise UsageMistake(f"no corpus folder at {', '.join(missing)}; pass --corpus DIR.")
    result = timing.run_benchmark(corpora, every, say=lambda line: click.echo(line, err=True), rounds=rounds)
    click.echo(timing.report_table(result))
    if json_path is not None:
        store.write_text(json_path, timing.as_json(result))
    if markdown is not None:
        store.write_text(markdown, timing.with_table(markdown.read_text(encoding="utf-8"), result))
    if check and not result.targets_met:
        raise SystemExit(EXIT_SOME_FAILED)


@main.command("benchmark-batch")
@_corpus_option("The corpus to run from scratch (copied, less one report that is then added).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Parallel workers (default: one per core).")
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the figures here.",
)
@click.option("--reruns-only", is_flag=True, help="No run in one process: the reruns alone, after the parallel run.")
def benchmark_batch(corpus: Path, workers: int | None, json_path: Path | None, reruns_only: bool) -> None:
    """Time whole-corpus runs (parallel and one process), a rerun with nothing new and one with a
    new report (each phase of it, process by process), and the peak memory of each full run."""
    from . import benchmark_batch as timing
    from pipeline import store

    if not corpus.is_dir():
        raise UsageMistake(f"no corpus folder at {corpus}; pass --corpus DIR.")
    result = timing.run_benchmark(corpus, workers, say=lambda line: click.echo(line, err=True), reruns_only=reruns_only)
    click.echo(result.model_dump_json(indent=2))
    if json_path:
        store.write_text(json_path, result.model_dump_json(indent=2) + "\n")


@main.command()
@click.option(
    "--files", type=click.IntRange(min=1), default=1200, show_default=True, help="Mutated files to make and run."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the mutations, so a figure can be made again."
)
@click.option(
    "--samples",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/raw/samples"),
    show_default=True,
    help="The reports the mutants are made from (as PDF, and their text as Word, HTML and text).",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Parallel workers of the run (default: one per core)."
)
@click.option(
    "--keep",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Make the files and the run here and keep them.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the figures here.",
)
@click.option(
    "--kills",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Then kill a run with kill -9 at this many moments, and one of its workers; each rerun must equal a clean run.",
)
def fuzz(
    files: int, seed: int, samples: Path, workers: int | None, keep: Path | None, json_path: Path | None, kills: int
) -> None:
    """Run `findings run` over mutated copies of the sample reports in every format and report
    aborted runs, hangs, rows, error reasons, each process's peak memory and unescaped formula cells;
    with --kills, also kill runs with kill -9 and a worker, and compare each rerun with a clean run.
    Exit 1 if a promise is broken."""
    from . import fuzz as fuzzing
    from pipeline import store

    if not samples.is_dir():
        raise UsageMistake(f"no folder at {samples}; pass --samples DIR.")
    with _run_folder(keep) as work:
        result = fuzzing.campaign(work, files, seed, workers, samples, kills)
    click.echo(result.model_dump_json(indent=2))
    if json_path:
        store.write_text(json_path, result.model_dump_json(indent=2) + "\n")
    if not result.holds or result.exception_names:
        raise SystemExit(EXIT_SOME_FAILED)


from .training_cli import train_polarity  # noqa: E402 - the group joins the lab's verbs here

main.add_command(train_polarity)
