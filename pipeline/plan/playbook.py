"""The plan's reference data, read from `pipeline/data`: each theme's playbook (`playbook.csv`),
the aspects an item may ask to change (`aspects.csv`), the owners of particular subjects
(`owners.csv`), the themes' names (`themes.csv`) and the cohort, service and process terms
(`focus_terms.csv`)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..schema import AreaKey

DATA = resources.files("pipeline") / "data"  # shipped with the package, wherever it is installed
GENERAL_PLAY = "general"  # the playbook row for an item with no theme


@dataclass(frozen=True)
class Play:
    """What a council usually does about one theme."""

    theme_id: str
    area_key: AreaKey
    lead: str
    partners: str
    slots: dict[str, str]  # default cohort, service and process, used where the item names none
    actions: tuple[str, ...]  # templates with {cohort}, {service} and {process} slots
    success_measure: str


@dataclass(frozen=True)
class Aspect:
    """A respect in which an item asks for change ("timeliness"), with the action and measure for it."""

    name: str
    head: frozenset[str]  # its words at the head of an item: "the timeliness of ...", "management oversight of ..."
    cues: re.Pattern[str]  # its words anywhere, for an item whose head names none
    action: str  # templates with {object}
    measure: str  # a template with {object}, or {Object} where it opens the sentence


@dataclass(frozen=True)
class Owner:
    subject: str
    pattern: re.Pattern[str]
    lead: str  # replaces the playbook's lead where set
    joint: str  # shares the lead where set
    partners: tuple[str, ...]


@dataclass(frozen=True)
class FocusTerm:
    slot: str  # cohort, service or process
    name: str  # the words the action uses
    pattern: re.Pattern[str]


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
                success_measure=row["success_measure"],
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
                cues=re.compile(rf"\b(?:{row['cues'].replace(';', '|')})\b", re.IGNORECASE),
                action=row["action"],
                measure=row["measure"],
            )
            for row in csv.DictReader(handle)
        }


@cache
def owners() -> tuple[Owner, ...]:
    with (DATA / "owners.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Owner(
                subject=row["subject"],
                pattern=re.compile(row["patterns"].replace(";", "|"), re.IGNORECASE),
                lead=row["lead"],
                joint=row["joint"],
                partners=tuple(p.strip() for p in row["partners"].split(";") if p.strip()),
            )
            for row in csv.DictReader(handle)
        )


@cache
def theme_names() -> dict[str, str]:
    with (DATA / "themes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["theme_id"]: row["name"] for row in csv.DictReader(handle)}


@cache
def focus_terms() -> tuple[FocusTerm, ...]:
    with (DATA / "focus_terms.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            FocusTerm(
                slot=row["slot"],
                name=row["name"],
                pattern=re.compile(rf"\b(?:{row['patterns'].replace(';', '|')})\b", re.IGNORECASE),
            )
            for row in csv.DictReader(handle)
        )


def focus(text: str) -> dict[str, str]:
    """The cohort, service and process an item names: for each slot the term printed first, the
    longest where two start together ("children missing education" over "missing")."""
    found: dict[str, tuple[int, int, str]] = {}
    for term in focus_terms():
        match = term.pattern.search(text)
        if match:
            candidate = (match.start(), match.start() - match.end(), term.name)
            found[term.slot] = min(found.get(term.slot, candidate), candidate)
    return {slot: name for slot, (_, _, name) in found.items()}
