"""Wording slips a template slot can leave in a drafted line: the checks that `findings-lab
evaluate-nlp --plans` counts over a run, so that a generator that produces them is found by a count
over every row, not by a reader's luck."""

from __future__ import annotations

import re

# Each slip, named, with the pattern that finds it. A slot that takes a noun phrase and is given a
# clause or a verb ("the timeliness of no delay in ...", "oversight of managers' oversight",
# "whose the services meets", "Measure how long children wait for coordinate ..."), a word or a
# determiner doubled where two templates' words meet, punctuation doubled where a clause ended in it.
_SLIPS = {
    "a negative as the object": re.compile(r"\b(?:of|for|in|on|about) no\b", re.IGNORECASE),
    "a determiner after another": re.compile(
        r"\b(?:the|a|an|its|their|whose|this|these|of the)\s+(?:the|a|an|its|their)\b", re.IGNORECASE
    ),
    "a word doubled": re.compile(r"\b(\w{2,})\s+\1\b", re.IGNORECASE),
    "punctuation doubled": re.compile(r"[,;:]\s*[,;:.]|\.\s*\."),
    "an aspect applied to itself": re.compile(
        r"\b(oversight|timeliness|quality|consistency|sufficiency) of [^.;:]{0,60}?\b\1\b(?! assurance)", re.IGNORECASE
    ),
    "a verb where a noun phrase belongs": re.compile(
        r"\b(?:of|for|on|about|Review|Track|Measure|Assess|that) (?:coordinate|champion|establish|develop|ensure|"
        r"improve|provide|strengthen|work closely|prioritised|overseen|undertake|deliver|promote|embed)\b"
    ),
}


def slips(text: str) -> list[str]:
    """The names of the slips a drafted line shows, in `_SLIPS` order; [] for a clean line."""
    return [name for name, pattern in _SLIPS.items() if pattern.search(text)]
