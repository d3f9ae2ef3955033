"""What a regular expression requires of any text it matches, read from the parse tree `re` itself
compiles from: a substring test for those strings rules a pattern out of most texts far quicker
than its search, which tries it at every character (the theme patterns, the plan's owners and cues).
`re._parser` is private, but it is the standard library's own reading of the pattern, so what is
found is what `re` matches. `Screened` is a pattern with that test in front of it; for many patterns
at once, one pass of an Aho-Corasick automaton finds the strings a text holds (`literal_automaton`),
the patterns being bits of their numbers."""

from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own pattern parser, to read what a pattern requires
from dataclasses import dataclass
from re import _constants

import ahocorasick


def required_literals(pattern) -> frozenset[str] | None:
    """Strings one of which is in every match of a parsed pattern (`re._parser`'s tree, the form
    `re` itself compiles from), or None. A run of literal characters is one such string; so is any
    of a group's, a branch's every alternative's, or a repeat's that must happen at least once.
    Zero-width checks (`\b`, lookarounds) consume nothing, so a run goes on across them, and a
    class of a few characters (`['’]`) makes it one string per character. Of the candidates, the
    one whose shortest string is longest lets the fewest texts through, and of those the one of
    fewest strings."""
    candidates: list[frozenset[str]] = []
    runs = frozenset([""])
    for op, value in pattern:
        if op is _constants.LITERAL:
            runs = frozenset(run + chr(value) for run in runs)
            continue
        if op is _constants.IN and len(value) <= 4 and all(item is _constants.LITERAL for item, _ in value):
            runs = frozenset(run + chr(code) for run in runs for _, code in value)
            continue
        if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue
        if op is _constants.MAX_REPEAT and value[0] >= 1 and [item for item, _ in value[2]] == [_constants.LITERAL]:
            # `s+`: the run takes one "s" and ends, as more may follow; the next one starts with it.
            character = chr(value[2][0][1])
            candidates.append(frozenset(run + character for run in runs))
            runs = frozenset([character])
            continue
        found = None
        if op is _constants.BRANCH:
            # Each alternative takes back the run before it: `re` moves the start alternatives share
            # in front of them (`caf|common` is parsed `c(?:af|ommon)`).
            leads = [[(_constants.LITERAL, ord(character)) for character in run] for run in runs]
            each = [required_literals(lead + list(branch)) for lead in leads for branch in value[1]]
            found = None if None in each else frozenset().union(*each)
        elif op is _constants.SUBPATTERN and not (value[1] or value[2]):  # not "(?i:...)": its case differs
            found = required_literals(value[3])
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and value[0] >= 1:
            found = required_literals(value[2])
        if runs != {""}:
            candidates.append(runs)
            runs = frozenset([""])
        if found:
            candidates.append(found)
    if runs != {""}:
        candidates.append(runs)
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


@dataclass(frozen=True)
class Screened:
    """A pattern and the words one of which every match of it contains: most texts hold none of
    them, and a substring test rules the pattern out there without the search, which tries it at
    every character."""

    pattern: re.Pattern[str]
    needs: frozenset[str]  # lower case where case is ignored; empty where they are not known
    ignores_case: bool  # read once: a flag test at each search costs as much as the screen saves

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def sub(self, replacement: str, text: str) -> str:
        return self.pattern.sub(replacement, text) if self.may_match(text) else text

    def may_match(self, text: str) -> bool:
        if not self.needs:
            return True
        if not self.ignores_case:
            haystack = text
        elif text.isascii():  # where `str.lower` folds case as the pattern does ("ſ" matches "s")
            haystack = text.lower()
        else:
            return True
        return any(map(haystack.__contains__, self.needs))


def screened(pattern: re.Pattern[str]) -> Screened:
    needs = required_literals(sre_parse.parse(pattern.pattern, pattern.flags)) or frozenset()
    ignores_case = bool(pattern.flags & re.IGNORECASE)
    if ignores_case:
        # Only ASCII words, in lower case, are sure to be found in a lowered ASCII text wherever they match.
        needs = frozenset() if not all(map(str.isascii, needs)) else frozenset(map(str.lower, needs))
    return Screened(pattern, needs, ignores_case)


def literal_automaton(words: dict[str, int]) -> ahocorasick.Automaton | None:
    """An automaton finding each of `words` in a text, each valued by the patterns (bits) that need
    it; None where there are no words."""
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, patterns in words.items():
        automaton.add_word(word, patterns)
    automaton.make_automaton()
    return automaton


def found_in(automaton: ahocorasick.Automaton | None, text: str) -> int:
    """The patterns (bits) whose words `automaton` finds in `text`."""
    found = 0
    for _, patterns in automaton.iter(text) if automaton is not None else ():
        found |= patterns
    return found


def bit_numbers(patterns: int) -> list[int]:
    """The numbers of `patterns` (bits), in order."""
    numbers = []
    while patterns:
        lowest = patterns & -patterns
        numbers.append(lowest.bit_length() - 1)
        patterns ^= lowest
    return numbers
