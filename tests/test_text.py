"""How `pipeline.text` cuts a text into words, on invented wording."""

from __future__ import annotations

import re

import pytest

from pipeline.text import STOP_WORDS, stem, words


@pytest.mark.parametrize(
    "text",
    [
        "Assessments of Children's needs: 12 were late (s.47).",
        "Café-based ‘drop-in’ work – ﬁve sessions, ½ of them İstanbul-style; 3² visits",
        "A lone surrogate \ud800 between words, tabs\tand\nlines",
        "",
    ],
)
def test_a_word_is_a_run_of_ascii_letters_and_digits_after_lower_casing(text):
    """Any other character parts words, whatever its encoding."""
    runs = re.findall(r"[a-z0-9]+", text.lower())
    assert words(text) == [stem(run) for run in runs if run not in STOP_WORDS]


def test_words_are_stemmed_without_stop_words_and_abbreviations_count_as_their_words():
    assert words("The assessments were assessed, and the plans reviewed") == ["assess", "assess", "plan", "review"]
    assert words("PAs visit", {"pas": ("personal", "adviser")}) == ["pas", "personal", "adviser", "visit"]
