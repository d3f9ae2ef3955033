"""The whole dev corpus, run once, scored against the hand-checked gold: one test per target.

`pytest -s tests/test_corpus_eval.py` prints every figure; a failing test prints them too, with each
file that missed and what the report said against what we extracted.
"""

from __future__ import annotations

import pytest

from lab import evaluate

pytestmark = pytest.mark.corpus

SHOWN_MISMATCHES = 40  # enough to see the pattern; `findings-lab evaluate` lists them all


@pytest.fixture(scope="module")
def evaluation(corpus_run, gold, corpus_dir) -> evaluate.Evaluation:
    labels = [evaluate.GoldReport.model_validate(label) for label in gold]
    result = evaluate.evaluate(labels, evaluate.read_run(corpus_run), corpus_dir)
    print("\n" + evaluate.figures_table(result))
    consistency = evaluate.consistency(evaluate.read_run(corpus_run))
    print("\nEvery report, checked without labels (a failure may be the report's own slip):")
    print(evaluate.figures_table(consistency, evaluate.CONSISTENCY_METRICS))
    print(evaluate.mismatches_table(consistency.mismatches, expected="expected"))
    return result


@pytest.mark.parametrize("target", evaluate.TARGETS, ids=lambda target: target.metric)
def test_target(evaluation: evaluate.Evaluation, target: evaluate.Target):
    tally = evaluation.tally(target.metric)
    if tally.rate is not None and tally.rate >= target.minimum:
        return
    mismatches = evaluation.mismatches_of(target.metric)
    listed = evaluate.mismatches_table(mismatches[:SHOWN_MISMATCHES])
    more = len(mismatches) - SHOWN_MISMATCHES
    pytest.fail(
        f"{target.metric}: {tally.right}/{tally.total} right, target {target.minimum:.0%}.\n"
        f"file | field | what the report says | what we extracted:\n{listed}"
        + (f"\n... and {more} more (run `findings-lab evaluate` for all)" if more > 0 else "")
        + f"\n\nEvery figure:\n{evaluate.figures_table(evaluation)}",
        pytrace=False,
    )
