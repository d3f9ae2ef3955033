"""Word links for the evidence ranking, learnt from the corpus's own item-evidence pairs.

An item names its weakness in its own words ("sufficiency of homes"); the paragraphs that evidence
it often use others ("not enough foster carers", "shortage of local placements"). Where the corpus
pairs an item with its evidence, a paragraph word that turns up in the evidence of items naming a
word far more often than in those reports' other paragraphs is linked to that word, with the log
of that lift as its weight (models/evidence_links.json, read by pipeline/evidence_links.py).

The pairs: every SIF recommendation's own "(paragraph N)" pointer in a run of the corpus, on
reports that no evidence label set nor the gold uses, so every recall figure stays out of sample.

    python -m lab.train_evidence_links train --run RUN    # RUN: a `findings run` of the dev corpus
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import click

from pipeline import enrich, evidence_links
from pipeline.runfolder import RunFolder
from pipeline.schema import InspectionReport
from . import evaluate_nlp

# A link needs this many evidence paragraphs showing it, and this lift over the reports' other
# paragraphs; each item word keeps its strongest few links.
MIN_SUPPORT = 3
MIN_LIFT = 2.0
MAX_LINKS = 8
GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "gold_reports.jsonl"


def pairs(reports: dict[str, InspectionReport]) -> list[tuple[InspectionReport, str, set[int]]]:
    """Each (report, item text without its pointer, evidence paragraph numbers) the corpus gives."""
    found = []
    for report in reports.values():
        for item in report.improvements:
            pointed = set(enrich.pointed_paragraphs(item.text))
            if pointed:
                found.append((report, enrich.POINTER.sub(" ", item.text), pointed))
    return found


def labelled_paths(gold: Path) -> set[str]:
    """The reports any label set or the gold uses: left out, so every score stays out of sample."""
    paths = {label.path for path in (evaluate_nlp.EVIDENCE_LABELS, evaluate_nlp.UNTOUCHED_EVIDENCE_LABELS, evaluate_nlp.FRESH_EVIDENCE_LABELS) for label in evaluate_nlp.read_evidence_labels(path)}  # fmt: skip
    lines = gold.read_text(encoding="utf-8").splitlines() if gold.is_file() else []
    return paths | {json.loads(line)["path"] for line in lines if line.strip()}


def learn(found: list[tuple[InspectionReport, str, set[int]]]) -> dict[str, list[tuple[str, float]]]:
    """For each item word, the paragraph words its evidence uses far more than its report does."""
    evidence, everywhere = defaultdict(Counter), defaultdict(Counter)
    evidence_count, paragraph_count = Counter(), Counter()
    terms_of: dict[tuple[str, int], set[str]] = {}
    for report, text, numbers in found:
        item_terms = {term for term in enrich.ranking_terms(text) if not term.startswith("~")}
        items = {enrich._wording(i.text) for i in report.improvements}
        for paragraph in report.paragraphs:
            if paragraph.para_no is None or enrich._wording(paragraph.text) in items:
                continue
            key = (report.source_path, paragraph.para_no)
            if key not in terms_of:
                terms_of[key] = {t for t in enrich.ranking_terms(paragraph.text) if not t.startswith("~")}
            is_evidence = paragraph.para_no in numbers
            for word in item_terms:
                paragraph_count[word] += 1
                everywhere[word].update(terms_of[key])
                if is_evidence:
                    evidence_count[word] += 1
                    evidence[word].update(terms_of[key])
    links = {}
    for word, counts in evidence.items():
        scored = []
        for linked, n in counts.items():
            if linked == word or n < MIN_SUPPORT:
                continue
            lift = (n / evidence_count[word]) / (everywhere[word][linked] / paragraph_count[word])
            if lift >= MIN_LIFT:
                scored.append((linked, round(math.log(lift), 3)))
        if scored:
            links[word] = sorted(scored, key=lambda pair: -pair[1])[:MAX_LINKS]
    return dict(sorted(links.items()))


@click.group()
def main() -> None:
    """Learn the evidence ranking's word links."""


@main.command()
@click.option("--run", "run", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="A `findings run` of the dev corpus.")  # fmt: skip
@click.option("--gold", type=click.Path(path_type=Path), default=GOLD, show_default=True)
def train(run: Path, gold: Path) -> None:
    """Write models/evidence_links.json from RUN's item-evidence pairs."""
    left_out = labelled_paths(gold)
    reports = {r.source_path: r for r in RunFolder(run).read_reports() if r.source_path not in left_out}
    found = pairs(reports)
    links = learn(found)
    evidence_links.LINKS.write_text(json.dumps(links, indent=0) + "\n", encoding="utf-8")
    click.echo(f"{len(links)} item words linked from {len(found)} item-evidence pairs -> {evidence_links.LINKS}")


if __name__ == "__main__":
    main()
