"""Sentence polarity: the component on a blank English pipeline, the trained classifier read from
models/, the hand-labelled sentences it was trained and measured on, and its accuracy on the
held-out reports of the real corpus."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter

import pytest
import spacy

from lab import evaluate_nlp, train_polarity
from pipeline.enrich import nlp
from pipeline.schema import Polarity


@pytest.fixture(scope="module")
def blank():
    reader = spacy.blank("en")
    reader.add_pipe("ofsted_sentences")
    reader.add_pipe("ofsted_polarity")
    return reader


@pytest.mark.parametrize(
    "text, expected",
    [
        # A cue decides, whatever the classifier would say.
        ("Too many actions lack timescales.", Polarity.WEAKNESS),
        ("Most plans are clear, but some lack timescales.", Polarity.WEAKNESS),
        ("Leaders know their services well.", Polarity.STRENGTH),
        # No cue: the classifier tells plain-worded praise from background.
        ("Children are seen alone and their wishes inform their plans.", Polarity.STRENGTH),
        ("Parents say their family support worker listens to them.", Polarity.STRENGTH),
        ("The council has three area teams.", Polarity.NEUTRAL),
        ("The authority has twelve social work teams across four localities.", Polarity.NEUTRAL),
        ("In 2024, 310 children were in care.", Polarity.NEUTRAL),
    ],
)
def test_component_on_a_blank_pipeline_gives_each_sentence_a_polarity(blank, text, expected):
    got = [sentence._.polarity for sentence in blank(text).sents]
    assert got == [expected], f"{text!r}: expected {expected.value}, got {[p.value for p in got]}"


@pytest.mark.parametrize(
    "text",
    [
        "Leaders are not yet ensuring that plans are effective and timely.",
        "The impact of help is not yet well understood and more work will ensure it is strengthened.",
        "Managers have not improved plans, nor improved visits, and rarely ensure that they are clear.",
        "Plans don't consistently ensure good, timely and effective help.",
    ],
)
def test_a_praise_word_after_a_negator_is_no_praise(blank, text):
    """Each of these states a weakness, though it holds more praise words than weakness cues."""
    got = [sentence._.polarity for sentence in blank(text).sents]
    assert got == [Polarity.WEAKNESS], f"{text!r}: got {[p.value for p in got]}"


@pytest.mark.parametrize(
    "text, strength_cues",
    [
        ("plans are not effective", 0),
        ("plans are not yet effective", 0),
        ("plans are not always fully effective", 0),  # two words between: still negated
        ("plans are not in every case effective", 1),  # three words between: out of its reach
        ("plans are not, in most cases, effective", 1),  # a comma ends its reach
        ("plans have never been effective", 0),
        ("plans are no longer effective", 0),
        ("plans cannot be effective", 0),
        ("plans don't ensure help", 0),
        ("help is not only timely but effective", 3),  # "not only" praises: a neutraliser, not a negator
        ("knot effective", 1),  # a negator is a whole word
    ],
)
def test_a_negator_reaches_the_praise_cue_at_most_two_words_on(text, strength_cues):
    assert nlp.PolarityCues(nlp.CUES).counts(text)[1] == strength_cues


class _Convinced:
    """A stand-in classifier sure of one class, to test how the rules and the classifier combine."""

    def __init__(self, polarity: Polarity):
        self.polarity = polarity

    labels = tuple(p.value for p in Polarity)

    def predict(self, sentences):
        return [[float(p is self.polarity) for p in Polarity] for _ in sentences]


@pytest.mark.parametrize(
    "text, classifier_says, expected",
    [
        ("The council has three area teams.", Polarity.WEAKNESS, Polarity.NEUTRAL),
        ("The council has three area teams.", Polarity.STRENGTH, Polarity.STRENGTH),
        ("Plans do not say who will act.", Polarity.STRENGTH, Polarity.WEAKNESS),
        ("Plans are clear.", Polarity.NEUTRAL, Polarity.STRENGTH),
    ],
)
def test_classifier_decides_only_sentences_without_a_cue_and_never_makes_a_weakness(text, classifier_says, expected):
    judge = nlp.SentencePolarity(nlp.PolarityCues(nlp.CUES), _Convinced(classifier_says))
    got = judge.polarities([spacy.blank("en").make_doc(text)])
    assert got == [expected], f"{text!r} with a classifier saying {classifier_says.value}: got {got[0].value}"


def test_cues_scanned_one_by_one_match_as_their_alternation():
    """Where two cues can match at one place, the first listed still wins; no match overlaps the
    one before."""
    cues = ["not(?<!\\wnot)\\b", "lack(?<!\\wlack)", "not yet", "never", "lacking support"]
    text = "plans are not yet done; not many lack a plan, lacking support, never knot"
    alternation = re.compile("|".join(f"(?:{cue})" for cue in cues))
    scan = nlp._Patterns(cues, "test")
    assert [m.span() for m in scan.matches(list(range(len(cues))), text)] == [
        m.span() for m in alternation.finditer(text)
    ]
    cues = json.loads(nlp.CUES.read_text(encoding="utf-8"))
    sentences = [
        "Too many plans lack timescales, and supervision is not yet regular or reflective.",
        "Leaders know their services well; most plans are clear and children are seen without delay.",
        "Managers don't always check that the weak, poorly recorded assessments improve.",
    ]
    for name in ("weakness", "strength"):
        alternation = re.compile("|".join(f"(?:{cue})" for cue in cues[name]))
        scan = nlp._Patterns(cues[name], "test")
        for text in map(nlp.normalise, sentences):
            found = scan.matches(scan.ids(scan.candidates(text)), text)
            assert [m.span() for m in found] == [m.span() for m in alternation.finditer(text)]


def test_a_cue_is_scanned_for_only_where_a_string_it_needs_is_found():
    scan = nlp._Patterns(["not(?<!\\wnot)\\b", "clear", "timel(?:y|iness)", "without delay", r"\d+"], "test")
    assert scan.ids(scan.candidates("plans are not clear")) == [0, 1, 4]  # `\d+` needs no one string
    assert scan.ids(scan.candidates("plans are clear without delay")) == [1, 3, 4]
    assert scan.ids(scan.candidates("visits are timely")) == [2, 4]
    assert scan.ids(scan.candidates("knot")) == [0, 4]  # the automaton finds strings; the cue checks words


def test_a_cue_that_matches_an_empty_string_is_refused():
    with pytest.raises(ValueError, match="can match no text"):
        nlp._Patterns(["not", "(?:never)?"], "test")


def test_the_classifier_scores_sentences_counted_a_batch_at_a_time_as_one_at_a_time():
    reader = spacy.blank("en")
    reader.add_pipe("ofsted_sentences")
    doc = reader("Children are seen alone. Plans are clear and plans are reviewed. The council has three teams.")
    judge = nlp.SentencePolarity(nlp.PolarityCues(nlp.CUES), nlp.sentence_classifier())
    for sentences in (list(doc.sents), [reader.make_doc("Children are seen alone, children are heard."), doc]):
        assert (judge.counted.predict(nlp._word_counts(sentences)) == judge.classifier.predict(sentences)).all()


def test_pipeline_reads_the_trained_classifier_from_models():
    config = nlp.pipeline().get_pipe_config("ofsted_polarity")
    assert config["classifier"] == str(nlp.CLASSIFIER), config
    classifier = nlp.sentence_classifier()
    assert set(classifier.labels) == {p.value for p in Polarity}, classifier.labels
    megabytes = nlp.CLASSIFIER.stat().st_size / 1e6
    assert megabytes < 2, f"{nlp.CLASSIFIER} is {megabytes:.1f} MB"


def test_training_is_deterministic():
    pairs = [
        ("Plans are thorough and detailed.", Polarity.STRENGTH),
        ("Children wait too long for an assessment.", Polarity.WEAKNESS),
        ("The council has three area teams.", Polarity.NEUTRAL),
    ] * 4
    first, second = (train_polarity.train(pairs).to_bytes(exclude=["vocab"]) for _ in range(2))
    assert first == second, "two trainings on the same sentences and seed gave different weights"


@pytest.fixture(scope="module")
def labels() -> list[train_polarity.PolarityLabel]:
    return train_polarity.read_labels()


def test_labels_hold_no_report_text():
    with open(train_polarity.LABELS, encoding="utf-8", newline="") as handle:
        columns = csv.DictReader(handle).fieldnames
    assert columns == ["path", "para_no", "sentence_no", "text_hash", "label", "split"], columns


def test_labels_cover_every_class_and_split_by_report(labels):
    counts = Counter((label.split, label.label) for label in labels)
    assert len(labels) >= 400 and all(counts[(s, p)] >= 20 for s in ("train", "test") for p in Polarity), counts
    train_reports = {label.path for label in labels if label.split == "train"}
    test_reports = {label.path for label in labels if label.split == "test"}
    assert not train_reports & test_reports, f"reports in both splits: {sorted(train_reports & test_reports)}"
    assert 0.25 <= len(test_reports) / (len(train_reports) + len(test_reports)) <= 0.35, (train_reports, test_reports)


# Measured with `findings-lab evaluate-nlp`: the pipeline's polarity scores 0.753 on the 170 test
# sentences, the rules alone 0.647. One standard error on 170 sentences is about 0.033, so 0.70
# allows for a few sentences re-split or re-labelled, but not for losing the classifier.
FLOOR = 0.70


@pytest.fixture(scope="module")
def test_scores(corpus_run, labels) -> dict[str, evaluate_nlp.PolarityScore]:
    scores = evaluate_nlp.polarity_scores(evaluate_nlp.reports_by_path(corpus_run), labels, "test")
    return {score.name.rsplit(": ", 1)[1]: score for score in scores}


def test_held_out_sentences_are_found_in_the_run(test_scores):
    pipeline = test_scores["rules, else classifier (the pipeline)"]
    assert pipeline.unmatched <= 5, f"{pipeline.unmatched} labelled test sentences not in the run"


def test_pipeline_polarity_on_held_out_reports_beats_the_floor_and_the_rules(test_scores):
    pipeline, rules = test_scores["rules, else classifier (the pipeline)"], test_scores["rules"]
    misses = "\n".join(pipeline.misses)
    assert pipeline.value >= FLOOR, f"accuracy {pipeline.value:.3f} below {FLOOR}:\n{misses}"
    assert pipeline.value > rules.value, f"pipeline {pipeline.value:.3f}, rules alone {rules.value:.3f}"


def test_weakness_grows_as_the_section_grade_falls(corpus_run):
    """A check nobody labelled, over the whole corpus: the worse the grade of the section a paragraph
    is printed under, the larger the share of its paragraphs the pipeline calls a weakness."""
    by_grade = evaluate_nlp.weakness_by_grade(evaluate_nlp.reports_by_path(corpus_run))
    shares = list(by_grade.values())  # outstanding, good, requires improvement, inadequate
    assert shares == sorted(shares) and len(set(shares)) == len(shares), evaluate_nlp.weakness_by_grade_line(by_grade)
