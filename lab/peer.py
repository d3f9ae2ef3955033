"""Compare our outputs with the peer scraper's table (`peer_ilacs_history.csv`), and say who is wrong.

The peer has one row per file, joined to ours on the file (urn folder + PDF name). What is
comparable:

- `publication_date`: the peer's is the listing date, which is the date in the file name. A report
  prints its own publication date only in the SIF and 2013 layouts, so only there do we have one to
  compare; an ILACS report has none and is not compared.
- `inspector_name`, `inspection_start_date`, `inspection_end_date`, `inspection_framework`: as
  printed.
- the five grade columns, with our area keys mapped onto them as the gold README does: leaders is
  ILACS "impact of leaders" or SIF "leadership, management and governance"; in care is the
  2018-23 joint "children in care and care leavers" judgement or the later "children in care".
  The peer's special values mean: `data_unreadable` it could not read the report (no value);
  `inspection_pre_dates_judgement` care leavers were not judged apart (the 2018-23 four-row table);
  `not_reported_post_reform` the April 2026 framework has no overall effectiveness. We derive the
  same specials from what the report prints, so they compare like grades.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

import pandas as pd

from .evaluate import GoldReport, Run, comparable, looks_like_a_name
from pipeline.discover import discover, sniff
from pipeline.load import LoadError, load
from pipeline.parse.common import GRADE_PATTERN, parse_dates, parse_grade
from pipeline.schema import (
    AreaKey,
    DocumentKind,
    DocumentStatus,
    Grade,
    InspectionReport,
    Record,
    SourceFormat,
)

DATA_UNREADABLE = "data_unreadable"
PRE_DATES_JUDGEMENT = "inspection_pre_dates_judgement"
NOT_REPORTED_POST_REFORM = "not_reported_post_reform"
NO_VALUE = ("", DATA_UNREADABLE)  # what the peer writes when it has nothing
GRADE_WORDS = {"outstanding", "good", "requires improvement", "inadequate", "adequate", "not judged"}

# The peer's grade columns and the area keys of ours that fill each, in order of preference.
GRADE_COLUMNS: dict[str, tuple[AreaKey, ...]] = {
    "overall_effectiveness_grade": (AreaKey.OVERALL_EFFECTIVENESS,),
    "impact_of_leaders_grade": (AreaKey.IMPACT_OF_LEADERS, AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE),
    "help_and_protection_grade": (AreaKey.HELP_AND_PROTECTION,),
    "in_care_grade": (AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS, AreaKey.CHILDREN_IN_CARE),
    "care_leavers_grade": (AreaKey.CARE_LEAVERS,),
}
HEADER_COLUMNS = {  # peer column -> our field
    "publication_date": "published",
    "inspector_name": "lead_inspector",
    "inspection_start_date": "inspection_start",
    "inspection_end_date": "inspection_end",
    "inspection_framework": "framework",
}
DOCUMENT = "document"  # the field of a disagreement about the file itself (the peer lists a non-report)


class PeerRow(Record):
    file: str  # "<urn>_<council>/<pdf name>", as our source_path
    values: dict[str, str]  # peer column -> value, dates made ISO, "" where blank


class Disagreement(Record):
    file: str
    field: str  # the peer's column name, or "document"
    peer: str
    ours: str


class Comparison(Record):
    disagreements: tuple[Disagreement, ...]
    compared: dict[str, int]  # field -> files where both sides were compared
    unmatched: tuple[str, ...]  # peer files with no output of ours


def read_peer(path: Path) -> list[PeerRow]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for record in frame.to_dict("records"):
        values = {column: _iso(record[column]) for column in (*HEADER_COLUMNS, *GRADE_COLUMNS)}
        file = f"{record['urn']}_{record['local_authority']}/{record['pdf_filename']}"
        rows.append(PeerRow(file=file, values=values))
    return rows


def _iso(value: str) -> str:
    """The peer's day-first dates ("19/09/2019", "09/05/25") as ISO; anything else as it is."""
    match = re.fullmatch(r"(\d\d)/(\d\d)/(\d\d|\d{4})", value.strip())
    if not match:
        return value.strip()
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year if year > 99 else 2000 + year, month, day).isoformat()


def compare(peer: Iterable[PeerRow], run: Run) -> Comparison:
    disagreements: list[Disagreement] = []
    compared: Counter[str] = Counter()
    unmatched = []
    for row in peer:
        ours = run.rows.get(row.file)
        if ours is None:
            unmatched.append(row.file)
            continue
        report = run.reports.get(row.file)
        if report is None or not report.kind.is_inspection_report:
            compared[DOCUMENT] += 1
            shown = f"error: {ours.error}" if ours.status is DocumentStatus.ERROR else f"kind {_value(ours.kind)}"
            disagreements.append(Disagreement(file=row.file, field=DOCUMENT, peer="a report", ours=shown))
            continue
        for field, our_value in our_values(report).items():
            if field == "publication_date" and not our_value:
                continue  # the report prints no publication date: nothing to compare with
            compared[field] += 1
            peer_value = row.values[field]
            if not _agree(peer_value, our_value):
                disagreements.append(Disagreement(file=row.file, field=field, peer=peer_value, ours=our_value))
    return Comparison(disagreements=tuple(disagreements), compared=dict(compared), unmatched=tuple(unmatched))


def our_values(report: InspectionReport) -> dict[str, str]:
    """Our report in the peer's columns and vocabulary."""
    values = {column: _value(getattr(report, field)) for column, field in HEADER_COLUMNS.items()}
    values.update({column: our_grade(report, column) for column in GRADE_COLUMNS})
    return values


def our_grade(report: InspectionReport, column: str) -> str:
    judgement = judgement_for(report, column)
    if judgement is not None:
        return judgement.grade.value if judgement.grade else "not judged"
    keys = {j.area_key for j in report.judgements}
    if column == "care_leavers_grade" and AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS in keys:
        return PRE_DATES_JUDGEMENT
    if column == "overall_effectiveness_grade" and report.kind is DocumentKind.ILACS_2026:
        return NOT_REPORTED_POST_REFORM
    return ""


def judgement_for(report: InspectionReport, column: str):
    for key in GRADE_COLUMNS[column]:
        for judgement in report.judgements:
            if judgement.area_key is key:
                return judgement
    return None


def _agree(peer: str, ours: str) -> bool:
    if peer in NO_VALUE:
        return ours == ""
    return " ".join(peer.split()) == " ".join(ours.split())


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def summary_table(comparison: Comparison) -> str:
    by_field = Counter(d.field for d in comparison.disagreements)
    fields = [DOCUMENT, *HEADER_COLUMNS, *GRADE_COLUMNS]
    lines = [f"{'field':<30} {'compared':>9} {'disagree':>9}"]
    lines += [f"{f:<30} {comparison.compared.get(f, 0):>9} {by_field.get(f, 0):>9}" for f in fields]
    lines.append(f"{'total':<30} {'':>9} {len(comparison.disagreements):>9}")
    if comparison.unmatched:
        lines.append(f"peer files with no output of ours: {len(comparison.unmatched)}")
    return "\n".join(lines)


def verdicts_frame(verdicts: Iterable["Verdict"]) -> pd.DataFrame:
    """One row per disagreement: file, field, peer, ours, then the verdict, reason and page."""
    records = [{**v.disagreement.model_dump(), **v.model_dump(exclude={"disagreement"})} for v in verdicts]
    columns = ["file", "field", "peer", "ours", "verdict", "reason", "page", "gold_agrees"]
    return pd.DataFrame.from_records(records, columns=columns)


# --- who is wrong -----------------------------------------------------------------------------

OURS_WRONG = "ours wrong"
THEIRS_WRONG = "theirs wrong"
UNDECIDED = "check by hand"


class Verdict(Record):
    disagreement: Disagreement
    verdict: str  # OURS_WRONG, THEIRS_WRONG or UNDECIDED
    reason: str  # the class of disagreement, in a reader's words
    page: int | None = None  # the PDF page that prints our value
    gold_agrees: bool = False  # the gold labels this field with our value


def judge(
    comparison: Comparison,
    run: Run,
    corpus: Path,
    gold: Iterable[GoldReport] = (),
    hand_checks: dict[tuple[str, str], HandCheck] | None = None,
) -> list[Verdict]:
    """A verdict on every disagreement: a person's check of the PDF (`hand_checks`), or else a
    general rule that blames the peer only where the PDF prints our value, at the page given;
    what neither decides is left for a person. Where the gold labels the field it has the last
    word: it confirms the verdict, or finds ours wrong."""
    truths = {label.path: label for label in gold}
    hand_checks = hand_checks or {}
    pages = _PageFinder(corpus)
    verdicts = []
    for disagreement in comparison.disagreements:
        report = run.reports.get(disagreement.file)
        page = _printed_at(disagreement, report, pages)
        verdict = _by_hand(disagreement, hand_checks) or _by_rule(disagreement, corpus, pages, page)
        verdict = _checked_by_gold(verdict, report, truths.get(disagreement.file))
        verdicts.append(verdict.model_copy(update={"page": page}))
    return verdicts


class HandCheck(Record):
    file: str
    field: str
    verdict: str
    reason: str


def read_hand_checks(path: Path) -> dict[tuple[str, str], HandCheck]:
    """Verdicts a person reached by reading the PDF, for disagreements no rule decides."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    checks = [HandCheck.model_validate(record) for record in frame.to_dict("records")]
    return {(check.file, check.field): check for check in checks}


def gold_value(label: GoldReport, field: str, report: InspectionReport | None) -> str | None:
    """The gold's value in the peer's vocabulary, or None where the gold does not label it."""
    if field == "inspection_framework" or field == DOCUMENT:
        return None  # the gold labels neither
    if field in HEADER_COLUMNS:
        return _value(getattr(label, HEADER_COLUMNS[field]))
    if label.judgements is None or report is None:
        return None
    judgement = judgement_for(report, field)
    if judgement is None:
        return None
    for gold_judgement in label.judgements:
        if comparable(gold_judgement.area) == comparable(judgement.area):
            return gold_judgement.grade or "not judged"
    return None


def _checked_by_gold(verdict: Verdict, report, label: GoldReport | None) -> Verdict:
    disagreement = verdict.disagreement
    truth = gold_value(label, disagreement.field, report) if label else None
    if truth is None:
        return verdict
    if truth != disagreement.ours:
        return _verdict(disagreement, OURS_WRONG, f"the gold label says {truth!r}")
    return verdict.model_copy(update={"verdict": THEIRS_WRONG, "gold_agrees": True})


def _by_hand(disagreement: Disagreement, checks: dict[tuple[str, str], HandCheck]) -> Verdict | None:
    check = checks.get((disagreement.file, disagreement.field))
    if check is None:
        return None
    return _verdict(disagreement, check.verdict, f"checked by hand: {check.reason}")


def _by_rule(disagreement: Disagreement, corpus: Path, pages: "_PageFinder", page: int | None) -> Verdict:
    field, peer, ours = disagreement.field, disagreement.peer, disagreement.ours
    if field == DOCUMENT:
        if sniff(corpus / disagreement.file) is not SourceFormat.PDF:
            return _verdict(disagreement, THEIRS_WRONG, "not a report: an HTML page saved as .pdf")
        return _verdict(disagreement, OURS_WRONG, "a real report that we could not read")
    if page is None:
        return _verdict(disagreement, UNDECIDED, "our value was not found printed as such in the PDF")
    if peer in NO_VALUE:
        return _verdict(disagreement, THEIRS_WRONG, "the peer has no value; the report prints one")
    if field in GRADE_COLUMNS and peer not in GRADE_WORDS | {PRE_DATES_JUDGEMENT, NOT_REPORTED_POST_REFORM}:
        return _verdict(disagreement, THEIRS_WRONG, "the peer's value is not a grade (a scraping slip)")
    if field == "care_leavers_grade" and ours == PRE_DATES_JUDGEMENT:
        return _verdict(
            disagreement,
            THEIRS_WRONG,
            "no separate care leavers judgement: the table judges children in care and care leavers together",
        )
    if field == "inspection_end_date" and peer in {d.isoformat() for d in pages.printed_dates(disagreement.file)[1:-1]}:
        return _verdict(disagreement, THEIRS_WRONG, "split inspection: the peer took the end of the first part")
    if field == "inspector_name" and re.sub(r"\s*-\s*", "-", peer) == ours:
        return _verdict(disagreement, THEIRS_WRONG, "the peer put a space into a hyphenated name")
    if field == "publication_date" and peer == _listing_date(disagreement.file):
        return _verdict(
            disagreement,
            THEIRS_WRONG,
            "the peer gives the listing date (the file name's); the report prints its own publication date",
        )
    return _verdict(disagreement, UNDECIDED, "values differ")


def _verdict(disagreement: Disagreement, verdict: str, reason: str) -> Verdict:
    return Verdict(disagreement=disagreement, verdict=verdict, reason=reason)


def _listing_date(file: str) -> str | None:
    dates = parse_dates(file.rsplit("/", 1)[-1])
    return dates[-1].isoformat() if dates else None


def _printed_at(disagreement: Disagreement, report, pages: "_PageFinder") -> int | None:
    """The page of the PDF that prints our value, or None where we cannot show it is printed."""
    field, ours, file = disagreement.field, disagreement.ours, disagreement.file
    if field in GRADE_COLUMNS and report is not None:
        column = "in_care_grade" if ours == PRE_DATES_JUDGEMENT else field  # the joint row shows it
        judgement = judgement_for(report, column)
        if judgement is None or judgement.page is None:
            return None
        printed = _grades_in(pages.text(file, judgement.page))
        return judgement.page if judgement.grade in printed else None
    if field == "inspector_name" and ours:
        if not all(looks_like_a_name(name) for name in ours.split(" and ")):
            return None  # words of a sentence printed near the label are not an inspector
        # Each name printed as an inspector's: beside the "inspector" label or an "HMI" after it.
        names = [r"\s+".join(map(re.escape, name.split())) for name in ours.split(" and ")]
        near_label = [rf"(?:inspectors?\b.{{0,120}}{name}|{name}.{{0,60}}(?:HMI|inspector))" for name in names]
        return pages.first_page(file, "(?s)" + ".*".join(near_label))
    if field in ("inspection_start_date", "inspection_end_date", "inspection_framework"):
        printed = {d.isoformat() for d in pages.printed_dates(file)}
        wanted = ours if field != "inspection_framework" else _value(report.inspection_start if report else None)
        return pages.dates_page(file) if wanted in printed else None
    if field == "publication_date":
        return pages.first_page(file, r"published:?\s*" + _printed_date_pattern(ours))
    return None


def _grades_in(text: str) -> set[Grade | None]:
    return {parse_grade(match.group(0)) for match in GRADE_PATTERN.finditer(text)}


def _printed_date_pattern(iso: str) -> str:
    """'2015-10-19' as it is printed: '19 October 2015', '19 Oct 2015' or '19/10/2015'."""
    date = dt.date.fromisoformat(iso)
    words = rf"0?{date.day}\s+{date.strftime('%b')}[a-z]*\s+{date.year}"
    return rf"(?:{words}|0?{date.day}/0?{date.month}/{date.year})"


class _PageFinder:
    """Pages of corpus files as the pipeline reads them, loaded once each."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self.loaded: dict[str, tuple[str, ...]] = {}

    def pages(self, file: str) -> tuple[str, ...]:
        if file not in self.loaded:
            try:
                [source] = discover([self.corpus / file])
                self.loaded[file] = tuple(page.text for page in load(source, "").pages)
            except (LoadError, ValueError):
                self.loaded[file] = ()
        return self.loaded[file]

    def text(self, file: str, page: int) -> str:
        pages = self.pages(file)
        return pages[page - 1] if 0 < page <= len(pages) else ""

    def first_page(self, file: str, pattern: str) -> int | None:
        for number, text in enumerate(self.pages(file), 1):
            if re.search(pattern, text, re.IGNORECASE):
                return number
        return None

    def dates_page(self, file: str) -> int | None:
        return self.first_page(file, _DATES_LINE.pattern)

    def printed_dates(self, file: str) -> list[dt.date]:
        """The dates of the "Inspection date(s):" line, which may wrap onto the next line."""
        for text in self.pages(file):
            match = _DATES_LINE.search(text)
            if match:
                return parse_dates(" ".join(match.group(1).splitlines()[:2]).split(":")[0])
        return []


_DATES_LINE = re.compile(r"Inspection dates?:?\s*(.*\n?.*)", re.IGNORECASE)


# --- the write-up -----------------------------------------------------------------------------

HAND_NOTES_MARKER = (
    "<!-- Everything above is generated by `findings-lab peer-compare`; notes below this line are kept. -->"
)


def write_up(comparison: Comparison, verdicts: list[Verdict]) -> str:
    """docs/peer-comparison.md: the summary, then every disagreement grouped by verdict and reason,
    every file listed."""
    counts = Counter(v.verdict for v in verdicts)
    lines = [
        "# Disagreements with the peer scraper",
        "",
        "Regenerate with `findings-lab peer-compare --doc docs/peer-comparison.md` (runs the dev corpus "
        "unless `--out` holds a run). Each disagreement is one file and one of the peer's columns; "
        "`ours` is in the peer's vocabulary. Where the gold labels the field the gold decides the "
        "verdict; elsewhere a general rule gives the reason and the page of the PDF that shows it.",
        "",
        *_comparable_notes(),
        "",
        "## Summary",
        "",
        "```",
        summary_table(comparison),
        "```",
        "",
        "| verdict | disagreements |",
        "| --- | --- |",
        *(f"| {name} | {counts.get(name, 0)} |" for name in (OURS_WRONG, THEIRS_WRONG, UNDECIDED)),
    ]
    groups: dict[tuple[str, str], dict[str, list[Verdict]]] = {}
    for verdict in verdicts:
        by_file = groups.setdefault((verdict.verdict, verdict.reason), {})
        by_file.setdefault(verdict.disagreement.file, []).append(verdict)
    order = {OURS_WRONG: 0, UNDECIDED: 1, THEIRS_WRONG: 2}
    for (name, reason), by_file in sorted(groups.items(), key=lambda g: (order[g[0][0]], -len(g[1]), g[0][1])):
        lines += [
            "",
            f"## {name}: {reason} ({len(by_file)} files)",
            "",
            "| file | field: peer → ours (page of the PDF) |",
            "| --- | --- |",
        ]
        lines += [f"| `{file}` | {'; '.join(map(_shown, members))} |" for file, members in sorted(by_file.items())]
    lines += ["", "A field marked ✓ is labelled in the gold with our value."]
    return "\n".join(lines) + "\n\n" + HAND_NOTES_MARKER + "\n"


def _shown(verdict: Verdict) -> str:
    d = verdict.disagreement
    page = f" (p. {verdict.page})" if verdict.page else ""
    return f"{d.field}: {d.peer or '(blank)'} → {d.ours or '(none)'}{page}{' ✓' if verdict.gold_agrees else ''}"


def _comparable_notes() -> list[str]:
    """The module's account of what is comparable, as the write-up's introduction."""
    doc = __doc__.split("comparable:", 1)[1].split('"""')[0]
    return ["What is comparable:", "", *doc.strip().splitlines()]


def with_hand_notes(generated: str, previous: str | None) -> str:
    """The generated write-up followed by the hand-written notes kept from the previous one."""
    if previous and HAND_NOTES_MARKER in previous:
        return generated + "\n" + previous.split(HAND_NOTES_MARKER, 1)[1].lstrip("\n")
    return generated
