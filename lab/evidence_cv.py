"""Leave one label set out: does tuning the evidence ranking's constants carry over to a set it was
not tuned on?

Each round of ranking changes raised the label sets it was tuned on by 0.01-0.02 and moved no item
of the next unseen set (docs/evidence-by-meaning.md). This check asks the same of the ranking's
constants on the sets already labelled: every configuration (the constants as they are, each moved
alone to a few other values, and optionally random combinations) is scored on every evidence label
set and the gold; then each set in turn is held out, the configuration best on the other sets
(gold kept at or above 0.85) is chosen, and its gain on the held-out set is what tuning would have
given a set nobody tuned on. The reports are annotated by the spaCy pipeline once; each
configuration re-ranks them, as the enrich stage does.
"""

from __future__ import annotations

import random
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Iterable, Mapping
from unittest import mock

from pipeline import enrich
from pipeline.enrich import nlp as language
from pipeline.schema import EvidenceLink, InspectionReport
from .evaluate_nlp import (
    EVIDENCE_LABELS,
    HELD_OUT_EVIDENCE_LABELS,
    K,
    TARGET,
    EvidenceLabel,
    evidence_recall,
    gold_evidence_recall,
    read_evidence_labels,
)

# The constants of `pipeline.enrich` that weigh the ranking's signals, and other values each is
# tried at; the first value of each is not listed: it is the constant as it stands.
KNOBS: dict[str, tuple[float, ...]] = {
    "SECTION_WEIGHT": (0.0, 0.15, 0.5),
    "PART_WEIGHT": (0.0, 0.15, 0.45),
    "PRAISE_WEIGHT": (0.3, 0.7, 1.0),
    "CONCEPT_WEIGHT": (1.0, 3.0),
    "CRITICISM_FLOOR": (0.45, 0.75),
    "ENTITY_WEIGHT": (0.0, 0.2),
    "THEME_WEIGHT": (0.1, 0.4),
    "K1": (0.8, 1.6, 2.0),
    "B": (0.5, 1.0),
}
GOLD = "gold"

Config = Mapping[str, float]  # constants moved from their values in `pipeline.enrich`; empty: as they are


def label_sets() -> dict[str, list[EvidenceLabel]]:
    """Every evidence label set `findings-lab evaluate-nlp` scores, by its name there."""
    return {"dev": read_evidence_labels(EVIDENCE_LABELS)} | {
        name: read_evidence_labels(path) for name, path in HELD_OUT_EVIDENCE_LABELS.items()
    }


def configs(extra: int = 0, seed: int = 0) -> list[dict[str, float]]:
    """The constants as they are, each moved alone to each of its other values, then `extra` random
    combinations (each constant moved with a chance of one in three)."""
    alone = [{name: value} for name, values in KNOBS.items() for value in values]
    chance = random.Random(seed)
    mixed = [
        {name: chance.choice(values) for name, values in KNOBS.items() if chance.random() < 1 / 3} for _ in range(extra)
    ]
    return [{}, *alone, *(config for config in mixed if config)]


@dataclass(frozen=True)
class Annotated:
    """A labelled report with its paragraphs' and items' spaCy docs, as the enrich stage reads them."""

    report: InspectionReport
    paragraph_docs: list
    item_docs: list


def annotate(reports: Iterable[InspectionReport]) -> list[Annotated]:
    nlp = language.pipeline()
    return [
        Annotated(
            report,
            list(nlp.pipe(paragraph.text for paragraph in report.paragraphs)),
            list(nlp.pipe((item.text for item in report.improvements), disable=enrich.UNREAD_FOR_ITEMS)),
        )
        for report in reports
    ]


def figures(
    annotated: list[Annotated], sets: Mapping[str, list[EvidenceLabel]], gold: list[dict], config: Config
) -> dict[str, float]:
    """Recall@3 summed over each set's items (and the gold's), with the ranking's constants as
    `config` moves them."""
    with ExitStack() as patched:
        for name, value in config.items():
            patched.enter_context(mock.patch.object(enrich, name, value))
        reports = {entry.report.source_path: _ranked(entry) for entry in annotated}
    hits = {name: evidence_recall(reports, labels).hits for name, labels in sets.items()}
    return hits | {GOLD: gold_evidence_recall(reports, gold).hits}


def _ranked(entry: Annotated) -> InspectionReport:
    """The report with each item's first three paragraphs as its evidence (none where nothing
    scores), as the enrich stage would rank them."""
    findings = enrich.Findings.of(entry.report, entry.paragraph_docs)
    items = []
    for item, doc in zip(entry.report.improvements, entry.item_docs):
        ranked = enrich.rank_evidence(item.text, doc, findings, item.part)
        first = ranked[:K] if ranked and ranked[0][0] > 0 else []
        links = tuple(EvidenceLink(para_no=f.paragraph.para_no, page=f.paragraph.page, score=s) for s, f in first)
        items.append(item.model_copy(update={"evidence": links}))
    return entry.report.model_copy(update={"improvements": tuple(items)})


@dataclass(frozen=True)
class HeldOut:
    name: str  # the set held out
    chosen: Config  # the configuration best on the other sets
    gain_elsewhere: float  # its gain over the constants as they are, on the other sets (items)
    gain: float  # and on the set held out


def leave_one_out(rows: list[tuple[Config, dict[str, float]]], gold_floor: float) -> list[HeldOut]:
    """For each label set: the configuration best on the other sets, among those keeping the gold at
    `gold_floor` or above (the fewest constants moved where several tie), and its gain on that set
    and on the others. `rows[0]` is the constants as they are."""
    base = rows[0][1]
    names = [name for name in base if name != GOLD]
    held = []
    for name in names:
        others = [other for other in names if other != name]

        def elsewhere(row: tuple[Config, dict[str, float]]) -> float:
            return sum(row[1][other] - base[other] for other in others)

        allowed = [row for row in rows if row[1][GOLD] >= gold_floor] or rows[:1]
        best = max(allowed, key=lambda row: (round(elsewhere(row), 6), -len(row[0])))
        held.append(HeldOut(name, best[0], elsewhere(best), best[1][name] - base[name]))
    return held


def gold_floor(annotated: list[Annotated], gold: list[dict]) -> float:
    """The gold's recall@3 target in items: 0.85 of the gold items the run has."""
    reports = {entry.report.source_path: entry.report for entry in annotated}
    return TARGET * gold_evidence_recall(reports, gold).total


def lines(rows: list[tuple[Config, dict[str, float]]], held: list[HeldOut]) -> list[str]:
    """The figures of every configuration, then each set held out in turn."""
    names = list(rows[0][1])
    out = ["".join(f"{name:>18}" for name in names) + "  configuration"]
    for config, hits in rows:
        label = ", ".join(f"{name} {value:g}" for name, value in config.items()) or "as it is"
        out.append("".join(f"{hits[name]:>18.1f}" for name in names) + f"  {label}")
    for entry in held:
        chosen = ", ".join(f"{name} {value:g}" for name, value in entry.chosen.items()) or "as it is"
        out.append(
            f"held out {entry.name}: chosen on the others ({chosen}) gains {entry.gain_elsewhere:+.1f} items there "
            f"and {entry.gain:+.1f} on {entry.name}"
        )
    total = sum(entry.gain for entry in held)
    out.append(
        f"held-out gain over all sets: {total:+.1f} items (tuning that carries over gains here, not just elsewhere)"
    )
    return out
