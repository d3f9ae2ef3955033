"""Score a run's letters (focused visits, monitoring visits, JTAIs) against hand labels (lab code).

A label file holds one JSON object a line: `path` (relative to the folder that was run), `kind`,
`local_authority`, `visit_start`, `visit_end`, `letter_date`, `lead_inspector` (the named lead, or
null), `signatory`, `items` [{text, kind, outcome}], and fields this scorer does not read
(inspectors, findings_paragraphs, pages, notes).

How each field is compared:

- council: through the project's council identity (`pipeline/councils.py`), so "Kingston upon Hull"
  and "Hull City Council" are one council; a name it does not know is compared as printed;
- visit dates and letter date: our `inspection_start`, `inspection_end` and `published`;
- lead inspector: the label's named lead, else its signatory, against our `lead_inspector`;
- focus: the sentence, compared as item texts are;
- items: verbatim text, casefolded, with whitespace, quotes and dashes made alike; precision is
  our items found in the labels, recall the labels' items we found; each pair's kind, and its
  framework tag (`outcome`) where the label has one, are scored apart (a bracket taken off an item
  that is no tag leaves a text that no label matches).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from pydantic import AliasChoices, ConfigDict, Field

from pipeline.councils import council_key
from .evaluate import ALL, Evaluation, Run, _Scorer, score_items
from pipeline.schema import Record

METRICS = (
    "kind",
    "council",
    "visit_start",
    "visit_end",
    "letter_date",
    "lead_inspector",
    "focus",
    "items precision",
    "items recall",
    "item kind",
    "item outcome",
)


class LabelItem(Record):
    model_config = ConfigDict(frozen=True, extra="ignore")
    # The repository's labels keep a hash of the normalised text, never the letter's own words.
    text: str = Field(validation_alias=AliasChoices("text", "text_hash"))
    kind: str
    outcome: str | None = None
    part: str | None = None  # never labelled for letters


class LetterLabel(Record):
    model_config = ConfigDict(frozen=True, extra="ignore")  # notes and counts are not scored
    path: str
    split: str | None = None  # "dev" or "untouched" (tests/data/focused_visit_labels.jsonl)
    kind: str
    local_authority: str | None
    visit_start: dt.date | None
    visit_end: dt.date | None
    letter_date: dt.date | None
    lead_inspector: str | None
    signatory: str | None
    focus: str | None = Field(default=None, validation_alias=AliasChoices("focus", "focus_hash"))
    items: tuple[LabelItem, ...] = ()


def read_labels(path: Path, split: str | None = None) -> list[LetterLabel]:
    """The labels of `split` ("dev", "untouched"), or every label where it is None."""
    with open(path, encoding="utf-8") as handle:
        labels = [LetterLabel.model_validate_json(line) for line in handle if line.strip()]
    return [label for label in labels if split is None or label.split == split]


def evaluate(labels: list[LetterLabel], run: Run) -> Evaluation:
    scorer = _Scorer()
    for label in labels:
        _score_letter(scorer, label, run)
    return scorer.evaluation()


def _score_letter(scorer: _Scorer, label: LetterLabel, run: Run) -> None:
    scope, path = label.kind, label.path
    row, report = run.rows.get(path), run.reports.get(path)
    if row is None:
        scorer.miss("kind", scope, path, "file", "in the run", "not in the outputs")
        return
    scorer.check("kind", scope, path, "kind", label.kind, row.kind.value if row.kind else row.error)
    on = label.visit_start
    scorer.check(
        "council",
        scope,
        path,
        "council",
        _council(label.local_authority, on),
        _council(row.local_authority, on),
    )
    scorer.check("visit_start", scope, path, "visit_start", label.visit_start, row.inspection_start)
    scorer.check("visit_end", scope, path, "visit_end", label.visit_end, row.inspection_end)
    scorer.check("letter_date", scope, path, "letter_date", label.letter_date, row.published)
    lead = label.lead_inspector or label.signatory
    scorer.check(
        "lead_inspector", scope, path, "lead (label lead, else signatory)", _name(lead), _name(row.lead_inspector)
    )
    focus = report.focus if report else None
    scorer.check("focus", scope, path, "focus", _same_or_none(label.focus), _same_or_none(focus))
    score_items(scorer, scope, path, label.items, report.improvements if report else (), same_text)


def _council(name: str | None, on: dt.date | None) -> str | None:
    """The council's key where the project knows the name, else the name as printed."""
    return council_key(name, on) or name if name else None


def _name(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) if name else None


def _same_or_none(text: str | None) -> str | None:
    return same_text(text) if text else None


def same_text(text: str) -> str:
    """Item text as compared: whitespace, quotes and dashes made alike, casefolded; where the label
    holds a hash (docs/focused-visit-labels.md), our text is compared by the same hash."""
    if _HASH.fullmatch(text):
        return text
    return label_hash(text)


_HASH = re.compile(r"[0-9a-f]{12}")
_HASHED = str.maketrans({"\ufffe": "-", "\u00ad": None, "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def label_hash(text: str) -> str:
    """The labels' hash of a text: see docs/focused-visit-labels.md."""
    normalised = " ".join(text.translate(_HASHED).split()).casefold().rstrip(" .;:")
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:12]


CHECKS = (
    "read as a letter",
    "council present",
    "dates present and in order",
    "lead or signatory present",
    "at least one item",
)
_CHECKED = "every letter"  # a scope of its own: the scorer adds every count to ALL as well


def checks(run: Run) -> Evaluation:
    """Every file of the run, without labels: is it read as a letter, and does each letter have a
    council, visit dates in order before its own date, a lead inspector or signatory, and at least
    one item (a letter may truly have none: some list no improvements)."""
    scorer = _Scorer()
    for path, row in sorted(run.rows.items()):
        kind = row.kind.value if row.kind else f"error: {row.error}"
        scorer.check(
            "read as a letter",
            _CHECKED,
            path,
            "kind",
            "a letter",
            "a letter" if row.kind and row.kind.is_letter else kind,
        )
        if not (row.kind and row.kind.is_letter):
            continue
        report = run.reports.get(path)
        dates = (row.inspection_start, row.inspection_end, row.published)
        in_order = None not in dates and dates[0] <= dates[1] <= dates[2]
        scorer.check("council present", _CHECKED, path, "council", True, row.local_authority is not None)
        scorer.check("dates present and in order", _CHECKED, path, "visit start <= end <= letter date", True, in_order)
        scorer.check(
            "lead or signatory present", _CHECKED, path, "lead_inspector", True, row.lead_inspector is not None
        )
        scorer.check("at least one item", _CHECKED, path, "items", True, bool(report and report.improvements))
    return scorer.evaluation()


def figures_table(
    evaluation: Evaluation, letters: int, metrics: tuple[str, ...] = METRICS, what: str = "labelled letters"
) -> str:
    width = max(len(metric) for metric in metrics) + 2
    lines = [f"{letters} {what}", f"{'metric':<{width}}{'right':>22}"]
    for metric in metrics:
        tally = evaluation.tally(metric, ALL)
        cell = f"{tally.rate:.1%} ({tally.right}/{tally.total})" if tally.total else "-"
        lines.append(f"{metric:<{width}}{cell:>22}")
    return "\n".join(lines)


def mismatches_table(evaluation: Evaluation, expected: str = "label") -> str:
    return "\n".join(f"{m.path} | {m.field} | {expected}: {m.gold} | ours: {m.ours}" for m in evaluation.mismatches)
