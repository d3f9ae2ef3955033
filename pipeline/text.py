"""Words, stems, stop words and similarity: how the pipeline cuts a text into words it can compare.

Plain Python, no spaCy, so anything that compares wording can use it without loading a language
pipeline. Two vocabularies, each with the measures that were tuned on it:
- `words`: the evidence ranking (`enrich`, BM25 over a report's paragraphs) and the recurring
  weaknesses (`compare`, TF-IDF cosine between two inspections' items);
- `paper_words`: whether a committee paper's line addresses a report's item (`link`, `overlap`).
They differ in a few stop words and suffixes; `link.COVERED` was set on the second, so they stay apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable

WORD = re.compile(r"[a-z0-9]+")

# Function words both vocabularies drop.
_FUNCTION_WORDS = frozenset(
    """a all an and any are as at be been being both by can could did do does for from had has have in
    into is it its more most no nor not of on only or other own same should so some such than that the
    their then there these this those to too very was were when where which while who whom will with
    would ensure ensuring including make""".split()
)
# `words` also drops the rest of the common function words and the words nearly every finding and
# item uses ("children", "practice", "improve"), which tell one paragraph from another not at all.
STOP_WORDS = _FUNCTION_WORDS | frozenset(
    """about above after again also but child children consistency consistent consistently continue
    develop doing effective effectiveness families family further having he her here him his how i if
    impact improve improvement improving include itself need needs off once our out over people
    practice quality she strengthen them they through timeliness timely under until up we well what
    why work you young your""".split()
)
# `paper_words` also drops modal verbs and the wording of a promise ("ensures", "make sure").
PAPER_STOP_WORDS = _FUNCTION_WORDS | frozenset("each ensures made making may might must shall sure".split())

# A stem loses the first of these suffixes it ends with where four letters or more are left, so
# "assessments" meets "assessed".
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "es", "ed", "ly", "s")
# `paper_words` keeps "-ment" ("placement" stays whole) and strips "-ied".
PAPER_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


def normalise(text: str) -> str:
    """Lower case with straight apostrophes and single spaces, the form every pattern is written in."""
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


@lru_cache(maxsize=None)
def stem(word: str, suffixes: tuple[str, ...] = SUFFIXES) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# Each byte that is not a lower-case letter or a digit, as a space: what `split` then finds in a
# lower-cased text's UTF-8 is what `WORD.findall` finds in the text (a character beyond ASCII is
# bytes of 128 and above, and so a space), at two thirds of the cost.
_WORD_BYTES = bytes(code if 97 <= code <= 122 or 48 <= code <= 57 else 32 for code in range(256))


class _Stems(dict):
    """Each word's stem, or "" for a stop word, worked out the first time the word is looked up:
    `words` then maps its words through one dictionary in C, without a Python call for each."""

    def __missing__(self, word: str) -> str:
        self[word] = found = "" if word in STOP_WORDS else stem(word)
        return found


_STEMS = _Stems()


def words(text: str, expansions: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Content words, crudely stemmed so "assessments" meets "assessed"; an abbreviation the
    report spells out ("personal advisers (PAs)") also counts as the words it stands for."""
    # Lower case alone gives the words `normalise` would: its spaces and quotes only part them.
    tokens = text.lower().encode("utf-8", "surrogatepass").translate(_WORD_BYTES).decode("ascii").split()
    if not expansions or expansions.keys().isdisjoint(tokens):
        return list(filter(None, map(_STEMS.__getitem__, tokens)))
    found: list[str] = []
    for word in tokens:
        if word not in STOP_WORDS:
            found.append(stem(word))
        if word in expansions:
            found.extend(expansions[word])
    return found


def paper_words(text: str) -> set[str]:
    """The distinct content words of a paper's line or a report's item: letters only, three or more."""
    return {
        stem(word, PAPER_SUFFIXES)
        for word in re.findall(r"[a-z]+", text.lower())
        if word not in PAPER_STOP_WORDS and len(word) > 2
    }


# --- similarity --------------------------------------------------------------------------------


def overlap(item: str, line: str) -> float:
    """Shared content words over the geometric mean of both lengths (0 to 1); fewer than two shared
    words is no match."""
    a, b = paper_words(item), paper_words(line)
    shared = len(a & b)
    if shared < 2:
        return 0.0
    return round(shared / (len(a) * len(b)) ** 0.5, 3)


def idf(texts: Iterable[str], split: Callable[[str], list[str]] = words) -> dict[str, float]:
    """Rarer words weigh more: 'children' says little, 'supervision' a lot."""
    documents = [set(split(text)) for text in texts]
    counts = Counter(word for document in documents for word in document)
    total = len(documents) or 1
    return {word: math.log((1 + total) / (1 + count)) + 1 for word, count in counts.items()}


def weighted(text, weights: dict[str, float], split: Callable[[str], list[str]] = words) -> dict[str, float]:
    """A text's words counted and weighed (TF-IDF); a missing text (a table's NaN) has none."""
    counts = Counter(split(text if isinstance(text, str) else ""))
    return {word: count * weights.get(word, 1.0) for word, count in counts.items()}


def cosine(one: dict[str, float], other: dict[str, float], lengths: tuple[float, float] | None = None) -> float:
    """`lengths`: both vectors' `length`, where a caller compares each vector many times."""
    shared = one.keys() & other.keys()
    if not shared:
        return 0.0
    dot = sum(one[word] * other[word] for word in shared)
    norm = lengths[0] * lengths[1] if lengths else length(one) * length(other)
    return dot / norm


def length(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))
