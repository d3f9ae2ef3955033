"""The hand-labelled polarity sentences, and the trained sentence-polarity classifier made from them.

The labels (tests/data/polarity_labels.csv) hold no report text: the corpus path, the paragraph
number, the sentence's index in its paragraph and a fingerprint of its first words, so a parser or
splitter change that alters a sentence shows up as an unmatched label instead of silently scoring a
different sentence.

    findings-lab train-polarity sample [CORPUS] > sentences.csv   # the sentences to label
    findings-lab train-polarity cross-validate [CORPUS]           # scores on the train split's folds
    findings-lab train-polarity train [CORPUS]                    # writes models/polarity_classifier.bin
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from pipeline.enrich import nlp as language
from pipeline.classify import classify
from pipeline.discover import discover
from pipeline.enrich import fingerprint
from pipeline.load import LoadError, load
from pipeline.parse import ParseError, parse_report
from pipeline.schema import InspectionReport, Polarity

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "polarity_labels.csv"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

# The sampling rule: of the reports with numbered paragraphs, sorted by path, every 4th; of each
# one's sentences, counted through its paragraphs in printed order, every 50th from the 25th. The
# sampled reports go to the test split three in ten, by their place in the sample, so no report
# has sentences in both splits.
EVERY_REPORT = 4
EVERY_SENTENCE = 50
FIRST_SENTENCE = 25
TEST_PLACES = frozenset({1, 4, 7})

# Chosen by five-fold cross-validation over the train split's reports, never by the test split.
SEED = 0
EPOCHS = 5
BATCH = 8


@dataclass(frozen=True)
class PolarityLabel:
    path: str
    para_no: int
    sentence_no: int  # 0-based, within the paragraph, as pipeline.enrich.nlp splits it
    text_hash: str
    label: Polarity
    split: str  # `train` or `test`; a report's sentences are all in one


@dataclass(frozen=True)
class Sentence:
    path: str
    para_no: int
    sentence_no: int
    text: str


def read_labels(path: Path = LABELS) -> list[PolarityLabel]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            PolarityLabel(
                path=row["path"],
                para_no=int(row["para_no"]),
                sentence_no=int(row["sentence_no"]),
                text_hash=row["text_hash"],
                label=Polarity(row["label"]),
                split=row["split"],
            )
            for row in csv.DictReader(handle)
        ]


def sentences(report: InspectionReport) -> Iterator[Sentence]:
    """A report's paragraph sentences in printed order, split as the pipeline splits them."""
    docs = splitter().pipe(paragraph.text for paragraph in report.paragraphs)
    for paragraph, doc in zip(report.paragraphs, docs):
        for sentence_no, sentence in enumerate(doc.sents):
            yield Sentence(report.source_path, paragraph.para_no, sentence_no, sentence.text)


@lru_cache(maxsize=1)
def splitter() -> Language:
    """The pipeline's sentence splitter alone, so labels can be read before any classifier exists."""
    nlp = spacy.blank("en")
    nlp.add_pipe("ofsted_sentences")
    return nlp


def sample(reports: Iterable[InspectionReport]) -> Iterator[tuple[Sentence, str]]:
    """The sentences the sampling rule picks, each with its split."""
    numbered = sorted((report for report in reports if report.paragraphs), key=lambda report: report.source_path)
    for place, report in enumerate(numbered[::EVERY_REPORT]):
        split = "test" if place % 10 in TEST_PLACES else "train"
        for count, sentence in enumerate(sentences(report)):
            if count % EVERY_SENTENCE == FIRST_SENTENCE:
                yield sentence, split


def labelled(
    reports: dict[str, InspectionReport], labels: Iterable[PolarityLabel]
) -> Iterator[tuple[PolarityLabel, str | None]]:
    """Each label with the sentence it was made for (None where the run no longer has it): found by
    its fingerprint anywhere in the same report, so renumbered paragraphs still match."""
    by_path: dict[str, list[PolarityLabel]] = {}
    for label in labels:
        by_path.setdefault(label.path, []).append(label)
    for path, wanted in by_path.items():
        report = reports.get(path)
        found = {fingerprint(s.text): s.text for s in sentences(report)} if report is not None else {}
        for label in wanted:
            yield label, found.get(label.text_hash)


def read_corpus(corpus: Path, paths: set[str] | None = None) -> dict[str, InspectionReport]:
    """The corpus's inspection reports, parsed but not enriched, keyed by path; only `paths` if given."""
    reports = {}
    for source in discover([corpus]):
        if paths is not None and source.source_path not in paths:
            continue
        try:
            document = load(source, "")
            report = parse_report(document, classify(document))
        except (LoadError, ParseError):
            continue
        if report is not None:
            reports[report.source_path] = report
    return reports


def train(examples: list[tuple[str, Polarity]], seed: int = SEED) -> TextCategorizer:
    """The polarity classifier trained on (sentence, label) pairs; the same pairs and seed give the
    same weights."""
    fix_random_seed(seed)
    classifier = language.sentence_classifier(None)
    make_doc = spacy.blank("en").make_doc  # the pipeline's own tokeniser
    cats = {polarity.value: 0.0 for polarity in Polarity}
    data = [Example.from_dict(make_doc(text), {"cats": {**cats, label.value: 1.0}}) for text, label in examples]
    classifier.initialize(lambda: data)
    optimizer = classifier.create_optimizer()
    order = random.Random(seed)
    for _ in range(EPOCHS):
        order.shuffle(data)
        for batch in minibatch(data, BATCH):
            classifier.update(batch, sgd=optimizer)
    return classifier


def examples(reports: dict[str, InspectionReport], labels: Iterable[PolarityLabel]) -> list[tuple[str, Polarity]]:
    return [(text, label.label) for label, text in labelled(reports, labels) if text is not None]


def train_labels() -> list[PolarityLabel]:
    return [label for label in read_labels() if label.split == "train"]
