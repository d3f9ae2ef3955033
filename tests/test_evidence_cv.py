"""The leave-one-set-out check of the evidence ranking's constants (`findings-lab evidence-cv`)."""

from __future__ import annotations

import pytest

from lab import evidence_cv as cv
from lab.evaluate_nlp import EvidenceLabel
from pipeline import enrich
from tests.test_enrich import _report

ITEM = "Children's progress at school and the support of the virtual school."


def test_a_configuration_is_scored_with_the_constants_it_moves_and_only_while_scored():
    # The only paragraph on schooling praises it: with no floor under the criticism factor a paragraph
    # of pure praise scores nothing and falls out of the first three.
    floor = enrich.CRITICISM_FLOOR
    annotated = cv.annotate([_report([ITEM])])
    sets = {"set": [EvidenceLabel("fictional.pdf", 1, enrich.fingerprint(ITEM), "ilacs", (5,))]}
    assert cv.figures(annotated, sets, [], {}) == {"set": 1.0, cv.GOLD: 0.0}
    assert cv.figures(annotated, sets, [], {"CRITICISM_FLOOR": 0.0}) == {"set": 0.0, cv.GOLD: 0.0}
    assert enrich.CRITICISM_FLOOR == floor


def test_a_set_held_out_is_scored_with_what_was_chosen_on_the_others():
    rows = [
        ({}, {"a": 10.0, "b": 10.0, "c": 10.0, cv.GOLD: 40.0}),
        ({"K1": 2.0}, {"a": 12.0, "b": 12.0, "c": 8.0, cv.GOLD: 40.0}),
        ({"B": 0.5}, {"a": 20.0, "b": 20.0, "c": 20.0, cv.GOLD: 30.0}),  # best everywhere, but loses the gold
    ]
    held = {entry.name: entry for entry in cv.leave_one_out(rows, gold_floor=37.4)}
    assert (held["c"].chosen, held["c"].gain_elsewhere, held["c"].gain) == ({"K1": 2.0}, 4.0, -2.0)
    # On a and c together K1 2.0 gains nothing: the constants as they are are kept.
    assert (held["b"].chosen, held["b"].gain) == ({}, 0.0)


@pytest.mark.parametrize("name, values", cv.KNOBS.items())
def test_each_constant_tried_is_one_of_the_rankings_and_moved_from_its_value(name, values):
    assert getattr(enrich, name) not in values


def test_configurations_start_with_the_constants_as_they_are_then_move_each_alone():
    configs = cv.configs(extra=5, seed=1)
    alone = sum(len(values) for values in cv.KNOBS.values())
    assert configs[0] == {} and all(len(config) == 1 for config in configs[1 : 1 + alone])
    assert cv.configs(extra=5, seed=1) == configs
