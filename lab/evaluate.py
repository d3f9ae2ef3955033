"""Score a run's outputs against the hand-checked gold labels.

Every figure is a tally (right out of total) per metric and per gold kind, so the same numbers
print as a table, feed the tests and decide `--check`. Gold kinds map onto ours like this:

- gold `other` is what we call `lac_2012`: the pre-2014 looked-after-children inspections;
- gold `not_a_pdf` has no kind of ours: the file must be an error row (status `error`), and that is
  all that is scored for it.

Text is compared the way a reader would: whitespace collapsed, curly and straight quotes alike,
and the bullet glyphs the text layers use ("◼", U+F06E, U+F02D) read as the " – " the gold writes.

The gold's `evidence` lists are scored apart, by `evaluate_nlp` (evidence recall@3), because a
run's reports have to go through the enrich stage first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from pydantic import ConfigDict

from pipeline.discover import sniff
from pipeline.parse.common import parse_dates
from pipeline.store.runfolder import RunFolder
from pipeline.schema import (
    AreaKey,
    DocumentKind,
    DocumentRow,
    DocumentStatus,
    InspectionReport,
    Record,
    SourceFormat,
)

ALL = "all"
NOT_A_PDF = "not_a_pdf"
GOLD_KIND_TO_OURS = {
    "ilacs": DocumentKind.ILACS,
    "ilacs_2026": DocumentKind.ILACS_2026,
    "sif": DocumentKind.SIF,
    "other": DocumentKind.LAC_2012,
}
HEADER_FIELDS = ("local_authority", "inspection_start", "inspection_end", "published", "lead_inspector")


# --- the gold ---------------------------------------------------------------------------------


class Gold(Record):
    model_config = ConfigDict(frozen=True, extra="ignore")  # notes and later labels are not scored


class GoldJudgement(Gold):
    area: str
    grade: str | None


class GoldItem(Gold):
    text: str
    kind: str
    outcome: str | None = None
    part: str | None = None


class GoldSection(Gold):
    title: str
    grade: str | None
    first_para: int | None
    last_para: int | None


class GoldReport(Gold):
    path: str  # relative to the corpus folder, as our `source_path` is
    kind: str
    local_authority: str | None
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    published: dt.date | None
    lead_inspector: str | None
    judgements: tuple[GoldJudgement, ...] | None  # None = not labelled: do not score
    improvements: tuple[GoldItem, ...] | None
    sections: tuple[GoldSection, ...] | None


def read_gold(path: Path) -> list[GoldReport]:
    with open(path, encoding="utf-8") as handle:
        return [GoldReport.model_validate_json(line) for line in handle if line.strip()]


# --- our outputs ------------------------------------------------------------------------------


class Run(Record):
    """A run as the lab scores it: its document rows and the reports it read, by source path."""

    rows: dict[str, DocumentRow]
    reports: dict[str, InspectionReport]


def read_run(out: Path) -> Run:
    folder = RunFolder(out)
    rows = {row.source_path: row for row in folder.read_documents()}
    by_id = {report.doc_id: report for report in folder.read_reports()}
    reports = {path: by_id[row.doc_id] for path, row in rows.items() if row.status in _READ and row.doc_id in by_id}
    return Run(rows=rows, reports=reports)


# --- figures ----------------------------------------------------------------------------------


class Tally(Record):
    metric: str
    scope: str  # a gold kind, or "all"
    right: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.right / self.total if self.total else None


class Mismatch(Record):
    path: str
    metric: str  # the figure it counts against
    field: str
    gold: str
    ours: str


class Target(Record):
    metric: str
    minimum: float


class Evaluation(Record):
    tallies: tuple[Tally, ...]  # per gold kind and "all"
    mismatches: tuple[Mismatch, ...]

    def tally(self, metric: str, scope: str = ALL) -> Tally:
        for tally in self.tallies:
            if tally.metric == metric and tally.scope == scope:
                return tally
        return Tally(metric=metric, scope=scope, right=0, total=0)

    def mismatches_of(self, metric: str) -> list[Mismatch]:
        return [mismatch for mismatch in self.mismatches if mismatch.metric == metric]


METRICS = (
    "kind",
    "status",
    "status (whole corpus)",
    "local_authority",
    "inspection_start",
    "inspection_end",
    "published",
    "lead_inspector",
    "judgement grade",
    "judgement area",
    "items precision",
    "items recall",
    "item kind",
    "item outcome",
    "item part",
    "section title",
    "section grade",
    "section range",
)
TARGETS = (
    Target(metric="kind", minimum=1.0),
    Target(metric="status", minimum=1.0),
    Target(metric="status (whole corpus)", minimum=1.0),
    Target(metric="judgement grade", minimum=1.0),
    *(Target(metric=field, minimum=0.99) for field in HEADER_FIELDS),
    Target(metric="items precision", minimum=0.98),
    Target(metric="items recall", minimum=0.98),
)


def missed_targets(evaluation: Evaluation) -> list[Target]:
    """Targets not met. A metric with nothing to count (e.g. no gold file of that kind) misses
    too: an empty run must not pass."""
    return [
        target for target in TARGETS if (rate := evaluation.tally(target.metric).rate) is None or rate < target.minimum
    ]


class _Scorer:
    """Collects tallies and mismatches for one gold file at a time."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        self.mismatches: list[Mismatch] = []

    def count(self, metric: str, scope: str, right: int, total: int) -> None:
        for key in ((metric, scope), (metric, ALL)):
            self.counts[key][0] += right
            self.counts[key][1] += total

    def check(self, metric: str, scope: str, path: str, field: str, gold, ours) -> None:
        right = gold == ours
        self.count(metric, scope, int(right), 1)
        if not right:
            self.note(metric, path, field, gold, ours)

    def miss(self, metric: str, scope: str, path: str, field: str, gold, ours) -> None:
        """Something that counts as wrong without a value to compare (missing or extra)."""
        self.count(metric, scope, 0, 1)
        self.note(metric, path, field, gold, ours)

    def note(self, metric: str, path: str, field: str, gold, ours) -> None:
        self.mismatches.append(Mismatch(path=path, metric=metric, field=field, gold=_shown(gold), ours=_shown(ours)))

    def evaluation(self) -> Evaluation:
        order = {metric: i for i, metric in enumerate(METRICS)}
        tallies = sorted(
            (Tally(metric=m, scope=s, right=r, total=t) for (m, s), (r, t) in self.counts.items()),
            key=lambda tally: (order.get(tally.metric, len(order)), tally.metric, tally.scope),
        )
        return Evaluation(tallies=tuple(tallies), mismatches=tuple(self.mismatches))


def evaluate(gold: Iterable[GoldReport], run: Run, corpus: Path | None = None) -> Evaluation:
    """Every figure for `run` against `gold`. With `corpus`, also checks that every file of the run
    whose content is a PDF was read and every other file is an error row."""
    scorer = _Scorer()
    for label in gold:
        _score_file(scorer, label, run.rows.get(label.path), run.reports.get(label.path))
    if corpus is not None:
        _score_corpus_status(scorer, run, corpus)
    return scorer.evaluation()


def _score_file(scorer: _Scorer, label: GoldReport, row: DocumentRow | None, report) -> None:
    scope, path = label.kind, label.path
    if row is None:
        scorer.miss("kind", scope, path, "file", "in the run", "not in the outputs")
        return
    expected_status = DocumentStatus.ERROR if label.kind == NOT_A_PDF else DocumentStatus.OK
    _check_status(scorer, "status", scope, row, expected_status)
    if label.kind == NOT_A_PDF:
        scorer.count("kind", scope, int(row.status is DocumentStatus.ERROR), 1)
        return
    expected_kind = GOLD_KIND_TO_OURS[label.kind]
    scorer.check("kind", scope, path, "kind", expected_kind.value, row.kind.value if row.kind else None)
    for field in HEADER_FIELDS:
        scorer.check(field, scope, path, field, getattr(label, field), getattr(row, field))
    if label.judgements is not None:
        _score_judgements(scorer, label, report.judgements if report else ())
    if label.improvements is not None:
        score_items(scorer, scope, path, label.improvements, report.improvements if report else (), comparable)
    if label.sections is not None:
        _score_sections(scorer, label, report.sections if report else ())


def _score_judgements(scorer: _Scorer, label: GoldReport, ours) -> None:
    scope, path = label.kind, label.path
    for order in range(1, max(len(label.judgements), len(ours)) + 1):
        gold_area = _nth_area(label.judgements, order)
        our_area = _nth_area(ours, order)
        scorer.check("judgement area", scope, path, f"judgement {order} area", gold_area, our_area)
    for gold_judgement, our_judgement in _pair(label.judgements, ours, key=lambda j: comparable(j.area)):
        field = f"grade of {gold_judgement.area!r}"
        if our_judgement is None:
            scorer.miss("judgement grade", scope, path, field, gold_judgement.grade, "no judgement with this area")
            continue
        our_grade = our_judgement.grade.value if our_judgement.grade else None
        scorer.check("judgement grade", scope, path, field, gold_judgement.grade, our_grade)


def score_items(scorer: _Scorer, scope: str, path: str, gold_items, ours, same) -> None:
    """Items precision and recall, pairing texts that are the `same`; then each pair's kind, and
    its framework tag and part where the gold gives them."""
    pairs = _pair(gold_items, ours, key=lambda item: same(item.text))
    paired = {id(our) for _, our in pairs if our is not None}
    extra = [item for item in ours if id(item) not in paired]
    matched = sum(our is not None for _, our in pairs)
    scorer.count("items precision", scope, matched, matched)
    scorer.count("items recall", scope, matched, matched)
    for number, (gold_item, our_item) in enumerate(pairs, 1):
        if our_item is None:
            nearest = _nearest(gold_item.text, [item.text for item in extra])
            scorer.miss("items recall", scope, path, f"item {number} not found", gold_item.text, nearest)
            continue
        scorer.check("item kind", scope, path, f"item {number} kind", gold_item.kind, our_item.kind.value)
        if gold_item.outcome is not None:
            scorer.check("item outcome", scope, path, f"item {number} outcome", gold_item.outcome, our_item.outcome)
        if gold_item.part is not None:
            our_part = our_item.part.value if our_item.part else None
            scorer.check("item part", scope, path, f"item {number} part", gold_item.part, our_part)
    unmatched_gold = [gold_item.text for gold_item, our in pairs if our is None]
    for item in extra:
        nearest = _nearest(item.text, unmatched_gold)
        scorer.miss("items precision", scope, path, f"our item {item.item_no} not in the gold", nearest, item.text)


def _score_sections(scorer: _Scorer, label: GoldReport, ours) -> None:
    scope, path = label.kind, label.path
    pairs = _pair(label.sections, ours, key=lambda section: comparable(section.title))
    paired = {id(our) for _, our in pairs if our is not None}
    for gold_section, our_section in pairs:
        title = gold_section.title
        if our_section is None:
            scorer.miss("section title", scope, path, "section not found", title, None)
            continue
        scorer.count("section title", scope, 1, 1)
        our_grade = our_section.grade.value if our_section.grade else None
        scorer.check("section grade", scope, path, f"section {title!r} grade", gold_section.grade, our_grade)
        scorer.check(
            "section range",
            scope,
            path,
            f"section {title!r} paragraphs",
            (gold_section.first_para, gold_section.last_para),
            (our_section.first_para, our_section.last_para),
        )
    for section in ours:
        if id(section) not in paired:
            scorer.miss("section title", scope, path, "our section not in the gold", None, section.title)


_READ = frozenset({DocumentStatus.OK, DocumentStatus.WARNING})


def _score_corpus_status(scorer: _Scorer, run: Run, corpus: Path) -> None:
    for path, row in run.rows.items():
        file = corpus / path
        if not file.is_file():
            continue
        expected = DocumentStatus.OK if sniff(file) is SourceFormat.PDF else DocumentStatus.ERROR
        scope = row.kind.value if row.kind else "unreadable"
        _check_status(scorer, "status (whole corpus)", scope, row, expected)


def _check_status(scorer: _Scorer, metric: str, scope: str, row: DocumentRow, expected) -> None:
    """Statuses are compared alone; an error row's reason is shown to say what went wrong. A
    document read with a failed self-check (a warning) was read: the checks are scored apart."""
    if row.status is expected or (expected is DocumentStatus.OK and row.status in _READ):
        scorer.count(metric, scope, 1, 1)
    else:
        ours = row.status.value + (f" ({row.error})" if row.error else "")
        scorer.miss(metric, scope, row.source_path, "status", expected.value, ours)


# --- checks that need no labels --------------------------------------------------------------

CONSISTENCY_METRICS = (
    "header complete",
    "lead inspector is a name",
    "dates before listing",
    "judgement table shape",
    "paragraphs 1..N",
    "sections within paragraphs",
    "has improvement items",
)
_OURS_AS_GOLD_KIND = {ours: gold for gold, ours in GOLD_KIND_TO_OURS.items()}


def consistency(run: Run) -> Evaluation:
    """Checks every report of the run against what any report of its kind must satisfy, so rules
    are tried on the whole corpus and not only on the labelled files. A report passes or fails
    each check; a failure is a mismatch whose `gold` says what was expected."""
    scorer = _Scorer()
    for path, report in run.reports.items():
        if report.kind in _OURS_AS_GOLD_KIND:
            scope = _OURS_AS_GOLD_KIND[report.kind]
            for metric, problem in _consistency_problems(path, report).items():
                if problem:
                    scorer.miss(metric, scope, path, metric, problem[0], problem[1])
                else:
                    scorer.count(metric, scope, 1, 1)
    return scorer.evaluation()


def _consistency_problems(path: str, report: InspectionReport) -> dict[str, tuple[str, str] | None]:
    """Per check, None or (what was expected, what we have)."""
    missing = [
        f for f in ("local_authority", "inspection_start", "inspection_end", "lead_inspector") if not getattr(report, f)
    ]
    lead = report.lead_inspector
    not_names = [name for name in (lead or "").split(" and ") if lead and not looks_like_a_name(name)]
    listed = parse_dates(path.rsplit("/", 1)[-1])
    start, end = report.inspection_start, report.inspection_end
    in_order = start and end and start <= end and (not listed or end <= listed[-1])
    numbers = [paragraph.para_no for paragraph in report.paragraphs]
    shape = _table_shape(report)
    outside = [
        s.title
        for s in report.sections
        if s.first_para is not None and not (1 <= s.first_para <= (s.last_para or 0) <= max(numbers, default=0))
    ]
    return {
        "header complete": ("every header field", f"no {', '.join(missing)}") if missing else None,
        "lead inspector is a name": ("a person's name", lead) if not_names else None,
        "dates before listing": None
        if in_order
        else (f"start <= end <= listing date {listed[-1] if listed else '?'}", f"{_shown(start)} to {_shown(end)}"),
        "judgement table shape": None if shape is None else shape,
        "paragraphs 1..N": None
        if numbers == list(range(1, len(numbers) + 1))
        else ("paragraphs numbered 1 to N", _numbering_slips(numbers)),
        "sections within paragraphs": ("ranges inside the paragraphs' numbers", "; ".join(outside))
        if outside
        else None,
        "has improvement items": None
        if report.improvements or report.kind is DocumentKind.LAC_2012
        else ("at least one item", "none"),
    }


def looks_like_a_name(text: str) -> bool:
    """Two to five words, each starting with a capital ("Fiona J Millns", "Jenny-ellen Scotland")."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(word[0].isupper() for word in words)


def _table_shape(report: InspectionReport) -> tuple[str, str] | None:
    """None if the judgements have the shape of the report's kind, else (expected, ours)."""
    keys = [judgement.area_key for judgement in report.judgements]
    overall = AreaKey.OVERALL_EFFECTIVENESS
    expected, ok = {
        DocumentKind.ILACS: (
            "4 or 5 judgements, overall effectiveness last",
            len(keys) in (4, 5) and keys[-1:] == [overall],
        ),
        DocumentKind.ILACS_2026: ("4 judgements, no overall effectiveness", len(keys) == 4 and overall not in keys),
        DocumentKind.SIF: (
            "the headline, 5 judgements, then the LSCB's if any",
            len(keys) in (6, 7) and keys[0] is overall,
        ),
        DocumentKind.LAC_2012: ("at least one judgement", bool(keys)),
    }[report.kind]
    return None if ok else (expected, ", ".join(key.value for key in keys) or "none")


def _numbering_slips(numbers: list[int]) -> str:
    slips = [f"{a} then {b}" for a, b in zip([0, *numbers], numbers) if b != a + 1]
    return f"{len(numbers)} paragraphs; " + ", ".join(slips[:5])


# --- comparing text ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_BULLET = re.compile("[\u25fc\uf06e\uf02d]")


def comparable(text: str) -> str:
    """Text as a reader compares it: one space between words, straight quotes, and a bullet glyph
    at the start dropped or inside read as the ' – ' that introduces a nested bullet."""
    text = _BULLET.sub("–", text.translate(_QUOTES))
    return " ".join(text.split()).lstrip("– ").strip()


def _pair(gold: Iterable, ours: Iterable, key) -> list[tuple]:
    """Each gold record with the first unused record of ours that has the same key, in printed
    order (so the second of two equal texts pairs with the second), or None."""
    unused: dict[str, list] = defaultdict(list)
    for record in ours:
        unused[key(record)].append(record)
    return [(record, unused[key(record)].pop(0) if unused[key(record)] else None) for record in gold]


def _nth_area(judgements, order: int) -> str | None:
    return " ".join(judgements[order - 1].area.split()) if order <= len(judgements) else None


def _nearest(text: str, candidates: list[str]) -> str | None:
    """The candidate most like `text`, to show what we extracted instead of a missing item."""
    close = difflib.get_close_matches(text, candidates, n=1, cutoff=0.5)
    return close[0] if close else None


def _shown(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- the table --------------------------------------------------------------------------------

SCOPES = (ALL, "ilacs", "ilacs_2026", "sif", "other", NOT_A_PDF)


def figures_table(evaluation: Evaluation, metrics: Iterable[str] = METRICS) -> str:
    """Every figure, one metric a line, per gold kind; targets marked."""
    minimum = {target.metric: target.minimum for target in TARGETS}
    width = max(len(m) for m in (*METRICS, *CONSISTENCY_METRICS)) + 2
    lines = [f"{'metric':<{width}}" + "".join(f"{scope:>17}" for scope in SCOPES) + "  target"]
    for metric in metrics:
        cells = "".join(f"{_cell(evaluation.tally(metric, scope)):>17}" for scope in SCOPES)
        target = f"  >= {minimum[metric]:.0%}" if metric in minimum else ""
        lines.append(f"{metric:<{width}}{cells}{target}")
    return "\n".join(lines)


def _cell(tally: Tally) -> str:
    if not tally.total:
        return "-"
    return f"{tally.rate:.1%} ({tally.right}/{tally.total})"


def mismatches_table(mismatches: Iterable[Mismatch], expected: str = "gold") -> str:
    return "\n".join(f"{m.path} | {m.field} | {expected}: {m.gold} | ours: {m.ours}" for m in mismatches)
