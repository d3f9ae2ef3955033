"""The plan's reference data, read from `pipeline/data`: each theme's playbook (`playbook.csv`),
the aspects an item may ask to change (`aspects.csv`) and their templates for each kind of object
(`aspect_templates.csv`), the kinds of object by head noun (`object_kinds.csv`), the measures of
mechanisms by what they are for (`mechanisms.csv`), the owners of
particular subjects (`owners.csv`), the themes' names (`themes.csv`) and the cohort, service,
process and subject terms (`focus_terms.csv`)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Sequence

from ..patterns import Screened, bit_numbers, found_in, literal_automaton, screened
from ..schema import AreaKey

DATA = resources.files("pipeline") / "data"  # shipped with the package, wherever it is installed
GENERAL_PLAY = "general"  # the playbook row for an item with no theme


class Screens:
    """Which of several screened patterns match a text: the words they need are found in one pass
    of an Aho-Corasick automaton over it (and one over it lowered, for those that ignore case), and
    only the patterns some word lets through are searched. Each pattern's words looked for in turn
    took most of the time of matching a list of them (the 27 owners' for each of 3,745 items: 0.14
    CPU s, against 0.03)."""

    def __init__(self, patterns: Sequence[Screened]) -> None:
        self.patterns = tuple(patterns)
        self.unscreened = 0  # patterns as bits of their numbers, as in `enrich.nlp._Patterns`
        self.folded = 0  # those whose words are looked for in the lowered text
        needs: tuple[dict[str, int], dict[str, int]] = ({}, {})  # by word, for the text as it is and lowered
        for i, pattern in enumerate(self.patterns):
            if not pattern.needs:
                self.unscreened |= 1 << i
            elif pattern.ignores_case:
                self.folded |= 1 << i
            for word in pattern.needs:
                needs[pattern.ignores_case][word] = needs[pattern.ignores_case].get(word, 0) | 1 << i
        self.automata = tuple(literal_automaton(words) for words in needs)

    def matches(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """The number and match of each pattern `Screened.search` finds in `text`, in their order."""
        candidates = self.unscreened | found_in(self.automata[0], text)
        # Lowered, a text that is not ASCII may not hold a word where the pattern matches (see `screened`).
        candidates |= found_in(self.automata[1], text.lower()) if text.isascii() else self.folded
        return [
            (i, match) for i in bit_numbers(candidates) if (match := self.patterns[i].pattern.search(text)) is not None
        ]


@dataclass(frozen=True)
class Play:
    """What a council usually does about one theme."""

    theme_id: str
    area_key: AreaKey
    lead: str
    partners: str
    slots: dict[str, str]  # default cohort, service and process, used where the item names none
    actions: tuple[str, ...]  # templates with {cohort}, {service} and {process} slots
    subjects: tuple[frozenset[str], ...]  # what each action is about: focus terms' names, or kinds of object
    success_measure: str
    measure_subjects: frozenset[str]
    process_measure: bool = False  # its measure counts work done (plan actions on track), not what it achieves

    @cached_property  # compared with each uncertain item's terms, for every play
    def topics(self) -> frozenset[str]:
        """Every subject some step of the play is about."""
        return frozenset().union(*self.subjects)

    @cached_property
    def partner_terms(self) -> frozenset[str]:
        """The subjects its partners' names carry ("Health") that its steps are not about: who its
        steps work with ("police and health attendance" at strategy discussions)."""
        return subjects(self.partners) - self.topics


@dataclass(frozen=True)
class Aspect:
    """A respect in which an item asks for change ("timeliness"), with the action and measure for it."""

    name: str
    head: frozenset[str]  # its words at the head of an item: "the timeliness of ...", "management oversight of ..."
    cues: Screened  # its words anywhere, for an item whose head names none


@dataclass(frozen=True)
class Mechanism:
    """What a kind of mechanism is for, and so how to measure it: designated officer arrangements
    exist to resolve allegations in time, a board's business plan to get its actions done."""

    name: str
    objects: Screened  # its words in an item's object
    items: Screened | None  # words the item must also use, where the object's alone are ambiguous
    action: str  # the first action, with {object}
    step: str  # a second step where fewer than two playbook steps fit the item, with {object}
    measure: str  # of what the mechanism is for, in words that fit any item about it
    process: bool = False  # its measure counts the mechanism's own work (audits done), not what that achieves


@dataclass(frozen=True)
class Owner:
    subject: str
    pattern: Screened  # of lower-case words, searched in the lowered item (twice as fast as IGNORECASE)
    lead: str  # replaces the playbook's lead where set
    joint: str  # shares the lead where set
    partners: tuple[str, ...]
    keeps: frozenset[str] = frozenset()  # playbook leads that already serve this subject, and so stay
    cohort: bool = False  # a group of children with a service of its own (care leavers), not an activity
    addressee: bool = False  # a body an item is addressed to (the board), which leads wherever the item names it


@dataclass(frozen=True)
class FocusTerm:
    slot: str  # cohort, service or process, which fill the playbook's slots; or subject, which only tags
    name: str  # the words the action uses
    pattern: re.Pattern[str]
    alternatives: tuple[str, ...]  # the patterns it joins, each starting with a letter

    @property
    def starts(self) -> frozenset[str]:
        """The letters its matches can start with."""
        return frozenset(alternative[0].lower() for alternative in self.alternatives)


@cache
def playbook() -> dict[str, Play]:
    with (DATA / "playbook.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["theme_id"]: Play(
                theme_id=row["theme_id"],
                area_key=AreaKey(row["area_key"]),
                lead=row["lead"],
                partners=row["partners"],
                slots={slot: row[slot] for slot in ("cohort", "service", "process")},
                actions=tuple(action.strip() for action in row["actions"].split(" | ")),
                subjects=tuple(_names(tags) for tags in row["subjects"].split(" | ")),
                success_measure=row["success_measure"],
                measure_subjects=_names(row["measure_subjects"]),
                process_measure=row["measures"] == "process",
            )
            for row in csv.DictReader(handle)
        }


@cache
def aspects() -> dict[str, Aspect]:
    with (DATA / "aspects.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["aspect"]: Aspect(
                name=row["aspect"],
                head=frozenset(row["head"].split(";")),
                cues=screened(re.compile(rf"\b(?:{row['cues'].replace(';', '|')})\b", re.IGNORECASE)),
            )
            for row in csv.DictReader(handle)
        }


KINDS = ("casework", "services", "governance", "workforce")
NO_ASPECT = "none"  # the templates row for an item that names no aspect


@cache
def aspect_templates() -> dict[tuple[str, str], tuple[str, str]]:
    """The action and measure for each aspect ("none" for an item that names none) and kind of
    object: "the timeliness of ..." is tracked case by case for casework, as waits for a service,
    and as dated steps for a board's arrangements. Actions are templates with {object}, measures
    with {object}, or {Object} where it opens the sentence."""
    with (DATA / "aspect_templates.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["aspect"], kind): (row["action"], row["measure"])
            for row in csv.DictReader(handle)
            for kind in row["kinds"].split(";")
        }


@cache
def aspect_steps() -> dict[tuple[str, str], str]:
    """A second step for each aspect and kind of object, built from the item's own ask where fewer
    than two playbook steps fit it: the aspect's other way of acting on the object (training on what
    the audits find for casework's quality, a list of overdue cases for its timeliness, a
    commissioning plan for a service's sufficiency), never a review of the object or a progress check,
    which the first action and the follow-up already are. Templates with {object}."""
    with (DATA / "aspect_templates.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["aspect"], kind): row["step"] for row in csv.DictReader(handle) for kind in row["kinds"].split(";")
        }


@cache
def process_templates() -> frozenset[tuple[str, str]]:
    """The aspects and kinds whose template measures the work done, or users' general satisfaction,
    rather than a result ("in place and in use", "challenges tracked", "say it met
    their needs"): where an item names the result it wants, that result is the measure instead."""
    with (DATA / "aspect_templates.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(
            (row["aspect"], kind)
            for row in csv.DictReader(handle)
            if row["measures"] == "process"
            for kind in row["kinds"].split(";")
        )


@cache
def mechanisms() -> tuple[Mechanism, ...]:
    """The first actions and measures of mechanisms by what they are for (`mechanisms.csv`), the
    narrower first."""
    with (DATA / "mechanisms.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Mechanism(
                name=row["mechanism"],
                objects=_alternatives(row["objects"]),
                items=_alternatives(row["items"]) if row["items"] else None,
                action=row["action"],
                step=row["step"],
                measure=row["measure"],
                process=row["measures"] == "process",
            )
            for row in csv.DictReader(handle)
        )


def mechanism_of(object_text: str, item_text: str) -> Mechanism | None:
    """The first mechanism whose words the object uses (and the item, where the row asks)."""
    return next(
        (
            found
            for found in mechanisms()
            if found.objects.search(object_text) and (found.items is None or found.items.search(item_text))
        ),
        None,
    )


def _alternatives(patterns: str) -> Screened:
    return screened(re.compile(rf"\b(?:{patterns.replace(';', '|')})", re.IGNORECASE))


@cache
def object_kinds() -> dict[str, str]:
    """Each head noun's stem and the kind of object it names: "assessments" casework, "placements"
    services, "arrangements" governance, "supervision" workforce."""
    with (DATA / "object_kinds.csv").open(encoding="utf-8", newline="") as handle:
        return {stem: row["kind"] for row in csv.DictReader(handle) for stem in row["heads"].split(";")}


@lru_cache(maxsize=4096)  # an item's words are read for their kind several times over
def kind_of(word: str) -> str | None:
    """The kind of object a word names, by its longest listed stem ("caseloads" is workforce, not
    the casework of "case")."""
    stems = object_kinds()
    return next((stems[word[:n]] for n in range(len(word), 2, -1) if word[:n] in stems), None)


@cache
def owners() -> tuple[Owner, ...]:
    with (DATA / "owners.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Owner(
                subject=row["subject"],
                pattern=screened(re.compile(row["patterns"].replace(";", "|"))),  # lower case, for lowered text
                lead=row["lead"],
                joint=row["joint"],
                partners=tuple(p.strip() for p in row["partners"].split(";") if p.strip()),
                keeps=frozenset(lead.strip() for lead in row["keeps"].split(";") if lead.strip()),
                cohort=row["cohort"] == "yes",
                addressee=row["addressee"] == "yes",
            )
            for row in csv.DictReader(handle)
        )


@cache
def _owner_screens() -> Screens:
    return Screens([owner.pattern for owner in owners()])


def owners_in(lowered: str) -> list[Owner]:
    """The owners whose patterns match a lowered text, in `owners.csv`'s order."""
    every = owners()
    return [every[i] for i, _ in _owner_screens().matches(lowered)]


@cache
def theme_names() -> dict[str, str]:
    with (DATA / "themes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["theme_id"]: row["name"] for row in csv.DictReader(handle)}


def _names(tags: str) -> frozenset[str]:
    return frozenset(tag.strip() for tag in tags.split(";") if tag.strip())


@cache
def focus_terms() -> tuple[FocusTerm, ...]:
    with (DATA / "focus_terms.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            FocusTerm(
                slot=row["slot"],
                name=row["name"],
                pattern=re.compile(rf"\b(?:{row['patterns'].replace(';', '|')})\b", re.IGNORECASE),
                alternatives=tuple(row["patterns"].split(";")),
            )
            for row in csv.DictReader(handle)
        )


@cache
def cohorts() -> frozenset[str]:
    """The terms that name a group of children."""
    return frozenset(term.name for term in focus_terms() if term.slot == "cohort")


@cache
def _term_scan() -> tuple[re.Pattern[str], dict[str, tuple[FocusTerm, ...]]]:
    """One pattern that finds where any term starts, and the terms by the letters they can start
    with: a text is searched once, and each term tried only where it could begin."""
    terms = focus_terms()
    by_letter: dict[str, list[str]] = {}
    for term in terms:
        for alternative in term.alternatives:
            by_letter.setdefault(alternative[0].lower(), []).append(alternative)
    # Tried only at a word's start with a letter some term starts with, and there only against the
    # terms that start with that letter: most places fail at once, and the rest after a few tries.
    grouped = "|".join(rf"(?={letter})(?:{'|'.join(found)})\b" for letter, found in sorted(by_letter.items()))
    anywhere = re.compile(rf"\b(?=[{''.join(sorted(by_letter))}])(?=(?:{grouped}))", re.IGNORECASE)
    by_start: dict[str, list[FocusTerm]] = {}
    for term in terms:
        for first in term.starts:
            by_start.setdefault(first, []).append(term)
    return anywhere, {first: tuple(found) for first, found in by_start.items()}


@lru_cache(maxsize=64)  # focus and subjects read the same item one after the other
def term_matches(text: str) -> tuple[tuple[int, int, FocusTerm], ...]:
    """Every term that matches, at every place one starts: (start, end, term)."""
    anywhere, by_start = _term_scan()
    found = []
    for place in anywhere.finditer(text):
        start = place.start()
        for term in by_start.get(text[start].lower(), ()):
            if match := term.pattern.match(text, start):
                found.append((start, match.end(), term))
    return tuple(found)


def focus(text: str) -> dict[str, str]:
    """The cohort, service and process an item names: for each slot the term printed first, the
    longest where two start together ("children missing education" over "missing")."""
    found: dict[str, tuple[int, int, str]] = {}
    for start, end, term in term_matches(text):
        if term.slot != "subject":
            candidate = (start, start - end, term.name)
            found[term.slot] = min(found.get(term.slot, candidate), candidate)
    return {slot: name for slot, (_, _, name) in found.items()}


@lru_cache(maxsize=64)  # a draft asks it of the item's and the object's text again and again
def subjects(text: str) -> frozenset[str]:
    """Every term a text names, of any slot: what a playbook step must share to fit an item."""
    return frozenset(term.name for _, _, term in term_matches(text))
