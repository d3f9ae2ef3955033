"""`findings-lab train-polarity`: sample sentences for polarity labels, train the sentence-polarity
classifier on them (`models/polarity_classifier.bin`) and cross-validate its settings."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click


@click.group("train-polarity")
def train_polarity() -> None:
    """Sample sentences for polarity labels, and train the sentence-polarity classifier on them."""


_polarity_corpus = click.argument(
    "corpus", type=click.Path(path_type=Path, file_okay=False), default=None, required=False
)


@train_polarity.command("sample")
@_polarity_corpus
def sample_sentences(corpus: Path | None) -> None:
    """Write the sampled sentences with their text, for a person to label, to standard output."""
    from pipeline.enrich import fingerprint

    from . import train_polarity as training

    writer = csv.writer(sys.stdout)
    writer.writerow(["path", "para_no", "sentence_no", "text_hash", "label", "split", "text"])
    for sentence, split in training.sample(training.read_corpus(corpus or training.CORPUS).values()):
        writer.writerow(
            [
                sentence.path,
                sentence.para_no,
                sentence.sentence_no,
                fingerprint(sentence.text),
                "",
                split,
                sentence.text,
            ]
        )


@train_polarity.command("train")
@_polarity_corpus
def train_classifier(corpus: Path | None) -> None:
    """Train the classifier on the labelled train sentences and write models/polarity_classifier.bin."""
    from pipeline import store
    from pipeline.enrich import nlp as language

    from . import train_polarity as training

    labels = training.train_labels()
    pairs = training.examples(training.read_corpus(corpus or training.CORPUS, {label.path for label in labels}), labels)
    classifier = training.train(pairs)
    with store.atomic_path(language.CLASSIFIER) as temporary:
        temporary.write_bytes(classifier.to_bytes(exclude=["vocab"]))
    size = language.CLASSIFIER.stat().st_size / 1e6
    click.echo(f"trained on {len(pairs)} sentences; wrote {language.CLASSIFIER} ({size:.1f} MB)")


@train_polarity.command("cross-validate")
@_polarity_corpus
@click.option("--folds", default=5, show_default=True, help="Train-split reports are dealt into this many folds.")
@click.option(
    "--praise",
    type=float,
    default=None,
    help="Strength probability that makes a sentence without a cue praise (default: the pipeline's, "
    "pipeline.enrich.nlp.SentencePolarity.PRAISE).",
)
def cross_validate(corpus: Path | None, folds: int, praise: float | None) -> None:
    """Score rules, classifier and pipeline on each fold of the train split with a classifier
    trained on the other folds: the figures settings are chosen by, leaving the test split unseen."""
    from pipeline.enrich import nlp as language

    from . import train_polarity as training
    from .evaluate_nlp import polarity_scores

    praise = language.SentencePolarity.PRAISE if praise is None else praise
    labels = training.train_labels()
    reports = training.read_corpus(corpus or training.CORPUS, {label.path for label in labels})
    paths = sorted(reports)
    totals = None
    for fold in range(folds):
        held = {path for i, path in enumerate(paths) if i % folds == fold}
        rules = language.PolarityCues(language.CUES)
        classifier = training.train(training.examples(reports, [label for label in labels if label.path not in held]))
        judge = language.SentencePolarity(rules, classifier, praise)
        scores = polarity_scores(reports, [label for label in labels if label.path in held], "train", judge)
        totals = scores if totals is None else [total.merged(score) for total, score in zip(totals, scores)]
    for score in totals:
        click.echo(score.line().replace("train labels", f"{folds}-fold cross-validation on train"))
