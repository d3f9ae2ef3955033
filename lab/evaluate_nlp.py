"""Scores for the enrich stage: primary-theme accuracy against the hand-labelled items, and
evidence recall@k against the gold evidence lists and against SIF recommendations' own
"(paragraph N)" pointers.

The labelled items are stored without report text: corpus path, item number and a fingerprint of
the item's wording, so a parser change that alters an item shows up as a missing match instead of
silently scoring a different item.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline import enrich
from pipeline.enrich import nlp as language
from pipeline.store.runfolder import RunFolder
from pipeline.schema import Grade, ImprovementItem, InspectionReport, Polarity
from .train_polarity import PolarityLabel
from .train_polarity import labelled as labelled_sentences, read_labels as read_polarity_labels  # noqa: F401 (the CLI's)

K = 3
TARGET = 0.85  # the issue sets 0.85 for both theme accuracy and evidence recall@3


fingerprint = enrich.fingerprint


@dataclass(frozen=True)
class ThemeLabel:
    path: str
    item_no: int
    text_hash: str
    theme: str
    secondary: tuple[str, ...] = ()
    # `dev`: items the rules were adjusted on after reading their mistakes; `test`: items
    # labelled after the rules were frozen and never used to change a rule (see theme_accuracy).
    split: str = "dev"


def read_labels(path: Path) -> list[ThemeLabel]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            ThemeLabel(
                path=row["path"],
                item_no=int(row["item_no"]),
                text_hash=row["text_hash"],
                theme=row["theme"],
                secondary=tuple(t for t in row["secondary"].split(";") if t),
                split=row["split"],
            )
            for row in csv.DictReader(handle)
        ]


def reports_by_path(out: Path) -> dict[str, InspectionReport]:
    """Every report of a run (the run enriched them), keyed by its corpus path."""
    return {report.source_path: report for report in RunFolder(out).read_reports()}


def labelled_item(report: InspectionReport | None, label: ThemeLabel | EvidenceLabel) -> ImprovementItem | None:
    """The item a label was made for: same wording, wherever the parser numbered it."""
    if report is None:
        return None
    return next((item for item in report.improvements if fingerprint(item.text) == label.text_hash), None)


@dataclass
class Score:
    name: str
    hits: float = 0.0
    total: int = 0
    unmatched: int = 0  # labels whose item the run does not have
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def line(self) -> str:
        text = f"{self.name:<40} {self.value:6.3f}  ({self.hits:g} of {self.total}"
        return text + (f"; {self.unmatched} labels unmatched)" if self.unmatched else ")")


def theme_accuracy(reports: dict[str, InspectionReport], labels: Iterable[ThemeLabel], split: str) -> Score:
    """Share of one split's labelled items whose primary theme the run gives as labelled.

    Only the `test` split measures the rules, and only once: a held-out set is drawn by a stated
    rule, kept unread while the rules are tuned on `dev`, labelled by reading each item before
    seeing any prediction once the rules are frozen (committed), then scored. Its mistakes are then
    seen, so the next round of tuning makes it `dev` and draws a new `test` set. The first held-out
    figure, 0.811 (43 of 53), was made dev this way; the sample rule of the current test split is in
    the README ("Themes").
    """
    score = Score(f"primary theme accuracy, {split} labels")
    for label in (label for label in labels if label.split == split):
        item = labelled_item(reports.get(label.path), label)
        if item is None:
            score.unmatched += 1
            continue
        score.total += 1
        if item.theme == label.theme:
            score.hits += 1
        else:
            score.misses.append(f"{label.path} item {item.item_no}: labelled {label.theme}, got {item.theme}")
    return score


def recall_at(ranked: list[int], expected: list[int], k: int = K) -> float:
    """Share of the expected paragraphs found in the top k, out of as many as k could hold."""
    if not expected:
        return 0.0
    return len(set(ranked[:k]) & set(expected)) / min(k, len(set(expected)))


@dataclass(frozen=True)
class EvidenceLabel:
    """The numbered paragraphs that evidence one improvement item, read by hand from a report
    outside the gold set."""

    path: str
    item_no: int
    text_hash: str
    kind: str
    evidence: tuple[int, ...]


EVIDENCE_LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "evidence_labels.csv"
# Sets labelled the same way on reports of councils in no earlier set nor the gold, each committed
# before the ranker was run on them. Once a set has been scored twice it is tuned on like the dev
# labels; the first four have been, the fifth (the last four councils of the corpus) is the blind
# measure of the fifth round's ranking (docs/evidence-by-meaning.md).
UNTOUCHED_EVIDENCE_LABELS = EVIDENCE_LABELS.with_name("evidence_labels_untouched.csv")
FRESH_EVIDENCE_LABELS = EVIDENCE_LABELS.with_name("evidence_labels_untouched2.csv")
THIRD_EVIDENCE_LABELS = EVIDENCE_LABELS.with_name("evidence_labels_untouched3.csv")
FOURTH_EVIDENCE_LABELS = EVIDENCE_LABELS.with_name("evidence_labels_untouched4.csv")
FIFTH_EVIDENCE_LABELS = EVIDENCE_LABELS.with_name("evidence_labels_untouched5.csv")
# Each set as `findings-lab evaluate-nlp` names it, in the order they were labelled.
HELD_OUT_EVIDENCE_LABELS = {
    "untouched": UNTOUCHED_EVIDENCE_LABELS,
    "fresh untouched": FRESH_EVIDENCE_LABELS,
    "third untouched": THIRD_EVIDENCE_LABELS,
    "fourth untouched": FOURTH_EVIDENCE_LABELS,
    "fifth untouched": FIFTH_EVIDENCE_LABELS,
}


def read_evidence_labels(path: Path = EVIDENCE_LABELS) -> list[EvidenceLabel]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            EvidenceLabel(
                path=row["path"],
                item_no=int(row["item_no"]),
                text_hash=row["text_hash"],
                kind=row["kind"],
                evidence=tuple(int(n) for n in row["evidence"].split(";")),
            )
            for row in csv.DictReader(handle)
        ]


def evidence_recall(
    reports: dict[str, InspectionReport], labels: Iterable[EvidenceLabel], k: int = K, name: str = "dev"
) -> Score:
    """Recall@k against the hand-labelled evidence of reports outside the gold set: on the dev
    labels, the figure the ranking may be adjusted on; on the untouched labels, only measured."""
    score = Score(f"{name} evidence recall@{k} (labelled, not gold)")
    for label in labels:
        _score_evidence(score, label.path, labelled_item(reports.get(label.path), label), list(label.evidence), k)
    return score


def gold_evidence_recall(reports: dict[str, InspectionReport], gold: list[dict], k: int = K) -> Score:
    """Recall@k against the gold `evidence` lists, item i of the gold matched to the run's item
    with the same wording."""
    score = Score(f"gold evidence recall@{k}")
    for record in gold:
        report = reports.get(record["path"])
        for expected, gold_item in zip(record.get("evidence") or [], record.get("improvements") or []):
            _score_evidence(score, record["path"], _same_item(report, gold_item["text"]), expected, k)
    return score


def _score_evidence(score: Score, path: str, item: ImprovementItem | None, expected: list[int], k: int) -> None:
    if item is None:
        score.unmatched += 1
        return
    ranked = [link.para_no for link in item.evidence]
    score.total += 1
    score.hits += recall_at(ranked, expected, k)
    if recall_at(ranked, expected, k) < 1:
        score.misses.append(f"{path} item {item.item_no}: expected {expected}, got {ranked[:k]}")


def pointer_recall(reports: dict[str, InspectionReport], k: int = K) -> Score:
    """A check nobody labelled: SIF recommendations that cite "(paragraph N)" are ranked with the
    citation removed, and the cited paragraphs must come back in the top k."""
    nlp = language.pipeline()
    score = Score(f"SIF pointer recall@{k} (pointer hidden)")
    for report in reports.values():
        if not report.improvements:
            continue
        findings = enrich.Findings.of(report, list(nlp.pipe(p.text for p in report.paragraphs)))
        numbered = {finding.paragraph.para_no for finding in findings.findings}
        for item in report.improvements:
            expected = [n for n in enrich.pointed_paragraphs(item.text) if n in numbered]
            if not expected:
                continue
            hidden = enrich.POINTER.sub(" ", item.text)
            ranked = [f.paragraph.para_no for _, f in enrich.rank_evidence(hidden, nlp(hidden), findings, item.part)]
            score.total += 1
            score.hits += recall_at(ranked, expected, k)
    return score


def _same_item(report: InspectionReport | None, text: str) -> ImprovementItem | None:
    if report is None:
        return None
    wanted = fingerprint(text)
    return next((item for item in report.improvements if fingerprint(item.text) == wanted), None)


def enrich_timing(reports: dict[str, InspectionReport]) -> str:
    """How long the enrich stage takes over a run's reports in one process, pipeline load included."""
    started = time.perf_counter()
    language.pipeline()
    loaded = time.perf_counter()
    for report in reports.values():
        enrich.enrich_report(report)
    done = time.perf_counter()
    paragraphs = sum(len(report.paragraphs) for report in reports.values())
    items = sum(len(report.improvements) for report in reports.values())
    return (
        f"enrich stage: {done - started:.1f} s in one process ({loaded - started:.1f} s loading the pipeline) "
        f"for {len(reports)} reports, {paragraphs} paragraphs, {items} improvement items"
    )


# --- sentence polarity -------------------------------------------------------------------------


@dataclass
class PolarityScore:
    """Labelled against predicted polarity of hand-labelled sentences."""

    name: str
    pairs: list[tuple[Polarity, Polarity]] = field(default_factory=list)  # (labelled, predicted)
    unmatched: int = 0  # labels whose sentence the run does not have
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.share(self.pairs, lambda labelled, predicted: labelled is predicted)

    def precision(self, polarity: Polarity) -> float:
        predicted = [pair for pair in self.pairs if pair[1] is polarity]
        return self.share(predicted, lambda labelled, _: labelled is polarity)

    def recall(self, polarity: Polarity) -> float:
        labelled = [pair for pair in self.pairs if pair[0] is polarity]
        return self.share(labelled, lambda _, predicted: predicted is polarity)

    def merged(self, other: PolarityScore) -> PolarityScore:
        pairs, misses = self.pairs + other.pairs, self.misses + other.misses
        return PolarityScore(self.name, pairs, self.unmatched + other.unmatched, misses)

    @staticmethod
    def share(pairs: list[tuple[Polarity, Polarity]], right) -> float:
        return sum(right(*pair) for pair in pairs) / len(pairs) if pairs else 0.0

    def line(self) -> str:
        hits = sum(labelled is predicted for labelled, predicted in self.pairs)
        text = f"{self.name:<40} {self.value:6.3f}  ({hits} of {len(self.pairs)}"
        text += f"; {self.unmatched} labels unmatched)" if self.unmatched else ")"
        classes = ", ".join(f"{p.value} P {self.precision(p):.2f} R {self.recall(p):.2f}" for p in Polarity)
        return f"{text}  {classes}"


def polarity_scores(
    reports: dict[str, InspectionReport],
    labels: Iterable[PolarityLabel],
    split: str = "test",
    judge: language.SentencePolarity | None = None,
) -> list[PolarityScore]:
    """The cue rules alone, the trained classifier alone, and the two as the pipeline combines them,
    on the labelled sentences of one split; `judge` holds the rules and classifier (models/ by default)."""
    found = list(labelled_sentences(reports, [label for label in labels if label.split == split]))
    matched = [(label, text) for label, text in found if text is not None]
    make_doc = language.pipeline().make_doc
    docs = [make_doc(text) for _, text in matched]
    judge = judge or language.SentencePolarity(language.PolarityCues(language.CUES), language.sentence_classifier())
    predictions = {
        "rules": [judge.rules.polarity(doc.text) for doc in docs],
        "classifier": judge.classify(docs),
        "rules, else classifier (the pipeline)": judge.polarities(docs),
    }
    scores = []
    for name, predicted in predictions.items():
        score = PolarityScore(f"sentence polarity, {split} labels: {name}", unmatched=len(found) - len(matched))
        for (label, _), polarity in zip(matched, predicted):
            score.pairs.append((label.label, polarity))
            if polarity is not label.label:
                where = f"{label.path} paragraph {label.para_no} sentence {label.sentence_no}"
                score.misses.append(f"{where}: labelled {label.label.value}, got {polarity.value}")
        scores.append(score)
    return scores


def polarity_timing(reports: dict[str, InspectionReport]) -> str:
    """CPU time of judging the polarity of every paragraph sentence of a run: the cue rules alone,
    and with the classifier deciding the sentences without a cue, as the pipeline does."""
    nlp = language.pipeline()
    with nlp.select_pipes(enable=["ofsted_sentences"]):
        docs = list(nlp.pipe(p.text for report in reports.values() for p in report.paragraphs))
    rules = language.PolarityCues(language.CUES)
    seconds = []
    for classifier in (None, language.sentence_classifier()):
        judge = language.SentencePolarity(rules, classifier)
        started = time.process_time()
        for doc in docs:
            judge.polarities(list(doc.sents))
        seconds.append(time.process_time() - started)
    per_report = [f"{s / max(len(reports), 1):.3f}" for s in seconds]
    return (
        f"sentence polarity: {seconds[0]:.1f} s CPU with the rules alone, {seconds[1]:.1f} s with the classifier "
        f"({per_report[0]} and {per_report[1]} s a report) over {len(docs)} paragraphs of {len(reports)} reports"
    )


FALLING = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


def weakness_by_grade(reports: dict[str, InspectionReport]) -> dict[Grade, float]:
    """A check nobody labelled: the share of paragraphs called a weakness under sections of each
    grade, which should grow as the grade falls."""
    counts: dict[Grade, Counter] = {grade: Counter() for grade in FALLING}
    for report in reports.values():
        grades = {section.title: section.grade for section in report.sections}
        for paragraph in report.paragraphs:
            grade = grades.get(paragraph.section)
            if grade in counts:
                counts[grade][paragraph.polarity is Polarity.WEAKNESS] += 1
    return {grade: count[True] / max(sum(count.values()), 1) for grade, count in counts.items()}


def weakness_by_grade_line(shares: dict[Grade, float]) -> str:
    return "weakness paragraphs by section grade: " + ", ".join(f"{g.value} {s:.2f}" for g, s in shares.items())


# --- themes: confidence and close-theme confusion ----------------------------------------------


def theme_confidence_bands(
    reports: dict[str, InspectionReport], labels: Iterable[ThemeLabel], edges: tuple[float, ...] | None = None
) -> str:
    """Primary-theme accuracy of every labelled item by the action plan's theme confidence: whether
    a low confidence marks the items whose theme is wrong (the "Check before use" threshold)."""
    from pipeline.plan import UNCERTAIN_THEME, theme_confidence

    edges = edges or (UNCERTAIN_THEME, 0.5)
    bands: dict[str, list[bool]] = {}
    for label in labels:
        item = labelled_item(reports.get(label.path), label)
        if item is None:
            continue
        confidence = theme_confidence(item) or 0.0
        band = next((f"< {edge}" for edge in edges if confidence < edge), f">= {edges[-1]}")
        bands.setdefault(band, []).append(item.theme == label.theme)
    order = [f"< {edge}" for edge in edges] + [f">= {edges[-1]}"]
    parts = [f"{band}: {sum(b)}/{len(b)} right ({sum(b) / len(b):.2f})" for band in order if (b := bands.get(band))]
    return "theme accuracy by confidence, all labels: " + "; ".join(parts)


def theme_confusion(reports: dict[str, InspectionReport], labels: Iterable[ThemeLabel], top: int = 12) -> str:
    """The labelled theme against the one given, for the commonest mistakes over all labels."""
    pairs = Counter()
    for label in labels:
        item = labelled_item(reports.get(label.path), label)
        if item is not None and item.theme != label.theme:
            pairs[(label.theme, item.theme)] += 1
    lines = [f"  {n} labelled {want}, given {got}" for (want, got), n in pairs.most_common(top)]
    return "close-theme confusion (labelled -> given), all labels:\n" + "\n".join(lines)


# --- action-plan rows ----------------------------------------------------------------------------


def plan_checks(out: Path, reports: dict[str, InspectionReport], before: Path | None = None) -> list[str]:
    """Issue 14's checks on a run's action plan: repeated action texts within a report, distinct
    measures per theme, evidence quotes read as praise by the pipeline's own judge and by hand
    labels; then the same rows drafted again from the run's reports with and without reading each
    item's object."""
    import pandas as pd

    from pipeline.plan import plan_rows

    from pipeline.cells import from_csv

    def action_plan(run: Path):
        return pd.read_csv(RunFolder(run).table("action_plan", "csv"), dtype=str).map(
            lambda v: from_csv(v) if isinstance(v, str) else v
        )

    table = action_plan(out)
    lines = [f"action plan: {len(table)} rows of {table.doc_id.nunique()} reports"]
    lines.append(_repeats("  the run's rows", table))
    for parse in (True, False):
        drafted = pd.DataFrame(
            [row.model_dump() for report in reports.values() for row in plan_rows(report, parse_items=parse)]
        )
        lines.append(_repeats(f"  drafted again, {'with' if parse else 'without'} the item parse", drafted))
    lines.append(_measures(table))
    lines.append(_slips(table))
    lines.append(_objects(reports))
    lines.append(_strength_quotes(table.evidence_quote.dropna().tolist()))
    lines.append(_shared_quotes(table))
    lines += quote_label_counts(table)
    lines += quote_choice_counts(table)
    if before is not None:
        lines += changed_quote_counts(action_plan(before), table)
    flagged = table[table.needs_review.str.lower() == "true"]
    reasons = Counter(
        re.sub(
            r"^no .* playbook step .*",
            "no playbook step shares the item's subject",
            reason.split(" (")[0].split(":")[0],
        )
        for text in flagged.review_reason.dropna()
        for reason in text.split("; ")
    )
    lines.append(f'rows marked "Check before use": {len(flagged)} of {len(table)}; reasons:')
    lines += [f"  {n} {reason}" for reason, n in reasons.most_common()]
    same_date = int((table.groupby("doc_id").target_date.nunique(dropna=False) == 1).sum())
    lines.append(f"reports whose rows all share one target date: {same_date} of {table.doc_id.nunique()}")
    return lines + review_tally() + rater_agreement()


REVIEW = Path(__file__).resolve().parents[1] / "docs" / "action-plan-review.csv"
# A sample rated again by a second rater who saw none of the first one's ratings.
SECOND_RATINGS = REVIEW.with_name("action-plan-review-second.csv")
SECOND_RATER = ", second rater"  # a second rating's version: the first rating's, with this added
RUBRIC = ("specific", "measurable", "owned", "dated", "evidenced", "adoptable")


def _ratings(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rater_agreement(first: Path = REVIEW, second: Path = SECOND_RATINGS) -> list[str]:
    """How far two raters of the same rows agree, per criterion: each one's yes count, the rows they
    rate alike, and Cohen's kappa (agreement beyond what their yes rates give by chance). A sample's
    figure from one rater moves by the rater as much as by the rules; this says by how much."""
    if not (first.is_file() and second.is_file()):
        return []
    firsts = {(row["version"], row["doc_id"], row["item_no"]): row for row in _ratings(first)}
    lines = []
    seconds = _ratings(second)
    pooled = Counter()
    for version in dict.fromkeys(row["version"] for row in seconds):
        rated = version.removesuffix(SECOND_RATER)  # the same rows may be rated in other versions too
        pairs = [
            (firsts[key], row)
            for row in seconds
            if row["version"] == version and (key := (rated, row["doc_id"], row["item_no"])) in firsts
        ]
        if not pairs:
            continue
        pooled.update(
            samples=1, ratings=2 * len(pairs), adoptable=sum(r["adoptable"] == "y" for pair in pairs for r in pair)
        )
        lines.append(f"two raters of the same {len(pairs)} rows ({rated}; the first rater's in {first.name}):")
        for criterion in RUBRIC:
            yes = [(a[criterion] == "y", b[criterion] == "y") for a, b in pairs]
            alike = sum(a == b for a, b in yes) / len(yes)
            p, q = sum(a for a, _ in yes) / len(yes), sum(b for _, b in yes) / len(yes)
            chance = p * q + (1 - p) * (1 - q)
            kappa = f"{(alike - chance) / (1 - chance):.2f}" if chance < 1 else "-"
            lines.append(
                f"  {criterion}: yes {sum(a for a, _ in yes)} and {sum(b for _, b in yes)}, "
                f"both {sum(a and b for a, b in yes)}; alike {alike:.0%}, kappa {kappa}"
            )
    if pooled:
        # The figure no single draw or rater gives: a draw moves the figure by as much as a rater.
        lines.append(
            f"every rating of the {pooled['samples']} samples rated by two raters: adoptable {pooled['adoptable']} "
            f"of {pooled['ratings']} ({pooled['adoptable'] / pooled['ratings']:.1%})"
        )
    return lines


def review_tally(path: Path = REVIEW) -> list[str]:
    """The hand ratings of the reviewed sample (docs/action-plan-review.md), counted per version."""
    if not path.is_file():
        return []
    rows = _ratings(path)
    lines = ["reviewed sample (docs/action-plan-review.csv), rows rated yes:"]
    for version in dict.fromkeys(row["version"] for row in rows):
        rated = [row for row in rows if row["version"] == version]
        if not any(row["adoptable"] for row in rated):  # a sample drawn blind and not yet rated
            lines.append(f"  {version}: {len(rated)} rows, not yet rated")
            continue
        counts = ", ".join(f"{c} {sum(row[c] == 'y' for row in rated)}" for c in RUBRIC)
        lines.append(f"  {version}: {len(rated)} rows; {counts}")
    return lines


def _repeats(name: str, rows) -> str:
    """Action lines that a report repeats word for word, rows whose whole draft repeats another's."""
    lines = rows.assign(action=rows.draft_actions.str.split("\n")).explode("action")
    lines["action"] = lines.action.str.replace(r"^\d+\.\s*", "", regex=True)
    repeated_lines = int(lines.duplicated(["doc_id", "action"]).sum())
    repeated_rows = int(rows.duplicated(["doc_id", "draft_actions"]).sum())
    reports = rows[rows.duplicated(["doc_id", "draft_actions"], keep=False)].doc_id.nunique()
    return (
        f"{name}: {rows.draft_actions.nunique()} distinct drafts, {lines.action.nunique()} distinct action lines; "
        f"{repeated_rows} rows repeat another row's whole draft ({reports} reports), "
        f"{repeated_lines} action lines repeat one of the same report"
    )


def _slips(table) -> str:
    """Rows whose first action or measure shows a wording slip a template slot left
    (`pipeline.plan.wording`), and how many of each."""
    from pipeline.plan.wording import slips

    found = [
        set(slips(first)) | set(slips(measure))
        for first, measure in zip(
            table.draft_actions.fillna("").str.split("\n").str[0], table.success_measure.fillna("")
        )
    ]
    kinds = Counter(name for names in found for name in names)
    listed = ", ".join(f"{name} {n}" for name, n in kinds.most_common())
    return f"wording slips in first actions and measures: {sum(map(bool, found))} rows" + (
        f" ({listed})" if listed else ""
    )


def _measures(table) -> str:
    per_theme = table.groupby(table.theme.fillna("(none)")).agg(
        rows=("success_measure", "size"), measures=("success_measure", "nunique")
    )
    short = per_theme[per_theme.measures < 3]
    text = (
        f"success measures: {table.success_measure.nunique()} distinct; per theme, fewest "
        f"{per_theme.measures.min()}, median {per_theme.measures.median():g}; themes with fewer than 3: "
    )
    return text + (", ".join(f"{t} ({r.measures} of {r.rows} rows)" for t, r in short.iterrows()) or "none")


def _objects(reports: dict[str, InspectionReport]) -> str:
    """How many items the parse finds an object and an aspect in, and the kinds of measure each
    theme's rows get: an aspect's, or the theme's own (or an audit grade) where the item names none."""
    from pipeline.plan import item_object

    items = [item for report in reports.values() for item in report.improvements]
    found = [item_object(item.text) for item in items]
    kinds: dict[str, set[str]] = {}
    for item, thing in zip(items, found):
        kinds.setdefault(item.theme or "(none)", set()).add(
            thing.aspects[0] if thing and thing.aspects else "no aspect"
        )
    fewest = min(kinds.items(), key=lambda pair: len(pair[1]))
    return (
        f"item parse: an object in {sum(t is not None for t in found)} of {len(items)} items, an aspect in "
        f"{sum(bool(t and t.aspects) for t in found)}; kinds of measure per theme: fewest {len(fewest[1])} "
        f"({fewest[0]}), median {sorted(len(k) for k in kinds.values())[len(kinds) // 2]}"
    )


def _shared_quotes(table) -> str:
    """Sentences quoted as the evidence of two or more items of the same report."""
    quoted = table[table.evidence_quote.notna()]
    counts = quoted.groupby(["doc_id", "evidence_quote"]).size()
    return (
        f"evidence quotes: {len(quoted)} of {len(table)} rows have one; {int((counts > 1).sum())} sentences are "
        f"quoted for two or more items of a report ({int(counts[counts > 1].sum())} rows)"
    )


def _strength_quotes(quotes: list[str]) -> str:
    """Quotes read as praise, by the pipeline's judge (cue rules, else the classifier) and by the
    trained classifier alone."""
    make_doc = language.pipeline().make_doc
    docs = [make_doc(quote) for quote in quotes]
    judge = language.SentencePolarity(language.PolarityCues(language.CUES), language.sentence_classifier())
    by_judge = sum(polarity is Polarity.STRENGTH for polarity in judge.polarities(docs))
    by_classifier = sum(polarity is Polarity.STRENGTH for polarity in judge.classify(docs))
    return (
        f"evidence quotes read as a strength by the pipeline judging itself (its judge chose them): "
        f"{by_judge} of {len(quotes)} by its judge, {by_classifier} by its classifier alone"
    )


ROOT = EVIDENCE_LABELS.parents[2]
QUOTE_LABELS = EVIDENCE_LABELS.with_name("quote_labels.csv")
QUOTE_KINDS = ("praise", "mixed", "neutral", "weakness")


def quote_label_counts(table, path: Path = QUOTE_LABELS) -> list[str]:
    """The hand labels of a sample of evidence quotes (docs/evaluation.md), counted per split over
    the run's rows that still carry the labelled quote: the measure of praise quoted as evidence
    that does not rest on the judge that picked the quotes. A row is matched by its report and
    item number and its quote's fingerprint, so a quote that changed since labelling is not
    counted under a label it was never given. A sampled row may carry several labels, one per
    quote it has had (`origin` "changed": labelled when a rule changed it); rows labelled only
    because a rule changed their quote are counted on lines of their own, as they were not drawn
    at random."""
    with open(path, encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    quotes = {
        (doc_id, str(item_no)): quote
        for doc_id, item_no, quote in zip(table.doc_id, table.item_no, table.evidence_quote)
        if isinstance(quote, str)
    }
    given: dict[tuple[str, str], dict[str, str]] = {}
    for label in labels:
        given.setdefault((label["doc_id"], label["item_no"]), {})[label["quote_hash"]] = label["label"]
    drawn = {(label["doc_id"], label["item_no"]) for label in labels if label.get("origin", "sample") == "sample"}
    rows: dict[str, set] = {}
    for label in labels:
        rows.setdefault(label["split"], set()).add((label["doc_id"], label["item_no"]))
    lines = []
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    splits = sorted(rows)
    every = "both splits" if len(splits) == 2 else "every split"
    for split in splits + [every] * (len(splits) > 1):
        keys = set().union(*rows.values()) if split == every else rows[split]
        for sampled in (True, False):
            counts, changed, missing = Counter(), 0, 0
            for key in sorted(key for key in keys if (key in drawn) == sampled):
                quote = quotes.get(key)
                if quote is None:
                    missing += 1
                elif fingerprint(quote) not in given[key]:
                    changed += 1
                else:
                    counts[given[key][fingerprint(quote)]] += 1
            if not sampled and not (counts or changed or missing):
                continue
            matched = sum(counts.values())
            what = (
                "evidence quotes labelled by hand" if sampled else "quotes labelled when a rule changed them, not drawn"
            )
            line = f"{what} ({shown}), {split}: {matched} matched in the run; " + ", ".join(
                f"{kind} {counts[kind]}" for kind in QUOTE_KINDS
            )
            if matched and sampled:
                low, high = _wilson(counts["praise"], matched)
                line += f" (praise {counts['praise'] / matched:.1%}, 95% interval {low:.1%} to {high:.1%})"
            if changed or missing:
                line += f"; unmatched: {changed} quotes changed since labelling, {missing} rows not in the run or without a quote"
            lines.append(line)
    return lines


QUOTE_CHOICE_LABELS = EVIDENCE_LABELS.with_name("quote_choice_labels.csv")
# Labellers A, B (dev) and C (untouched) each labelled their own items; D labelled 30 of A's again.
SECOND_LABELLER = "D"


def quote_choice_counts(table, path: Path = QUOTE_CHOICE_LABELS) -> list[str]:
    """Whether a row quotes, of its quoted paragraph's candidate sentences, one that states its
    item's own weakness (docs/evaluation.md, "Which sentence is quoted"): per split, the labelled
    items whose row still quotes a labelled candidate of the labelled paragraph, those that quote
    one stating the item's weakness, and the paragraphs where no candidate does."""
    with open(path, encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    quotes = {
        (doc_id, str(item_no)): (quote, str(para))
        for doc_id, item_no, quote, para in zip(
            table.doc_id, table.item_no, table.evidence_quote, table.evidence_quote_para
        )
        if isinstance(quote, str)
    }
    first = [label for label in labels if label["labeller"] != SECOND_LABELLER]
    lines = []
    for split in sorted({label["split"] for label in first}):
        found = Counter()
        for label in (label for label in first if label["split"] == split):
            quote, para = quotes.get((label["doc_id"], label["item_no"]), (None, None))
            said = fingerprint(quote) if quote else None
            if para != label["para_no"] or said not in {*label["good"].split(), *label["others"].split()}:
                found["changed"] += 1
            elif not label["good"]:
                found["none"] += 1
            else:
                found["hit" if said in label["good"].split() else "miss"] += 1
        chosen = found["hit"] + found["miss"]
        lines.append(
            f"quoted sentence states the item's own weakness ({path.name}), {split}: {found['hit']} of {chosen}"
            + (f" ({found['hit'] / chosen:.1%})" if chosen else "")
            + f" where the quoted paragraph has such a sentence; {found['none']} quoted paragraphs have none"
            + (
                f"; {found['changed']} rows quote another paragraph or sentence since labelling"
                if found["changed"]
                else ""
            )
        )
    by_first = {(label["doc_id"], label["item_no"]): label for label in first}
    again = [label for label in labels if label["labeller"] == SECOND_LABELLER]
    same = sum(label["best"] == by_first[(label["doc_id"], label["item_no"])]["best"] for label in again)
    if again:
        lines.append(
            f"  a second labeller's choice of the one sentence to quote, on {len(again)} dev items: {same} the same"
        )
    return lines


def changed_quote_counts(before, after, path: Path = QUOTE_LABELS) -> list[str]:
    """The hand labels of the quotes that differ between two runs' action plans (`before` and
    `after` tables), per split: what a rule changed, old quotes against new. A quote without a
    label is counted as unlabelled, never guessed."""
    with open(path, encoding="utf-8", newline="") as handle:
        labels = {(row["doc_id"], row["item_no"], row["quote_hash"]): row for row in csv.DictReader(handle)}
    quotes = [
        {
            (doc_id, str(item_no)): quote if isinstance(quote, str) else None
            for doc_id, item_no, quote in zip(t.doc_id, t.item_no, t.evidence_quote)
        }
        for t in (before, after)
    ]
    changed = sorted(key for key in quotes[0].keys() & quotes[1].keys() if quotes[0][key] != quotes[1][key])
    lines = []
    for split in sorted({quote_split(doc_id) for doc_id, _ in changed}):
        keys = [key for key in changed if quote_split(key[0]) == split]
        for when, run in (("before", quotes[0]), ("after", quotes[1])):
            counts = Counter(
                labels.get((*key, fingerprint(run[key])), {}).get("label", "unlabelled")
                if isinstance(run[key], str)
                else "no quote"
                for key in keys
            )
            kinds = [*QUOTE_KINDS, "no quote", "unlabelled"]
            lines.append(
                f"quotes changed between the runs, {split} ({len(keys)}), {when}: "
                + ", ".join(f"{kind} {counts[kind]}" for kind in kinds if counts[kind] or kind in QUOTE_KINDS)
            )
    return lines or ["quotes changed between the runs: none"]


def quote_split(doc_id: str) -> str:
    """A report's split for the quote labels: `dev` where its doc_id's SHA-1 ends in 0 to 7."""
    return "dev" if hashlib.sha1(doc_id.encode()).hexdigest()[-1] in "01234567" else "untouched"


def _wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson's score interval for a share: unlike the normal approximation it stays inside 0..1
    and is honest for a rate as small as a few in a hundred."""
    centre = (hits + z * z / 2) / (n + z * z)
    spread = z / (n + z * z) * (hits * (n - hits) / n + z * z / 4) ** 0.5
    # Clamped: at no hits the bounds are 0 and 1 in exact arithmetic, but floats can print "-0.0%".
    return max(0.0, centre - spread), min(1.0, centre + spread)
