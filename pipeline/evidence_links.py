"""Word links for the evidence ranking: an item's word also looks for the paragraph words the
corpus's evidence for such items uses ("sufficiency" -> "carers", "shortage", "local"), learnt by
`python -m lab.train_evidence_links train` into models/evidence_links.json.

A linked word counts as a fraction of an exact match, the log of its learnt lift over the
report's other paragraphs, and only for words the paragraph does not already share with the item.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

from . import nlp as language

LINKS = language.MODELS / "evidence_links.json"


@lru_cache(maxsize=1)
def links() -> dict[str, tuple[tuple[str, float], ...]]:
    if not LINKS.is_file():
        return {}
    with open(LINKS, encoding="utf-8") as handle:
        return {word: tuple((linked, weight) for linked, weight in pairs) for word, pairs in json.load(handle).items()}


def linked_terms(query: Counter) -> dict[str, float]:
    """The words an item's words link to, each with its strongest link's weight; never one of the
    item's own words."""
    table = links()
    found: dict[str, float] = {}
    for word in query:
        for linked, weight in table.get(word, ()):
            if linked not in query and weight > found.get(linked, 0.0):
                found[linked] = weight
    return found


def linked_scores(findings, query: Counter, k1: float = 1.2, b: float = 0.75) -> list[float]:
    """BM25 of every finding over the item's linked words, each weighted by its link."""
    weights = [(term, weight * findings.idf(term)) for term, weight in linked_terms(query).items()]
    scores = []
    for finding in findings.findings:
        norm = k1 * (1 - b + b * finding.length / findings.average_length)
        score = 0.0
        for term, weight in weights:
            tf = finding.terms.get(term)
            if tf:
                score += weight * tf * (k1 + 1) / (tf + norm)
        scores.append(score)
    return scores
