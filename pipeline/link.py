"""Which inspection report a committee paper discusses, whether what it claims matches that
report, and whether its response covers every improvement item. Pure functions over records.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Iterable

from . import councils
from .areas import series_of
from .parse.common import listing_date, squash
from .schema import (
    AreaKey,
    Claim,
    ClaimType,
    CommitteePaper,
    CoverageRow,
    DateSpan,
    DocumentKind,
    Grade,
    InspectionReport,
    PaperLink,
    PaperReview,
)
from .text import overlap
from .timescales import DATE_PATTERN, precision, span

COVERED = 0.35  # word-overlap score at which a paper's line addresses an improvement item
COMMITMENT_SCORE = 0.5  # a promise to address every item covers one no line matched, at half weight


def review(papers: Iterable[CommitteePaper], reports: Iterable[InspectionReport]) -> list[PaperReview]:
    """Each paper linked, its claims checked and its coverage of the linked report's items. A
    paper that trips a bug keeps its row, with the reason, and the others go on."""
    reports = list(reports)
    by_id = {report.doc_id: report for report in reports}
    out = []
    for paper in papers:
        try:
            found = link(paper, reports)
            report = by_id.get(found.report_doc_id or "")
            out.append(
                PaperReview(
                    paper=paper,
                    link=found,
                    claims=tuple(claims(paper, report, reports)),
                    coverage=tuple(coverage(paper, report)) if report else (),
                )
            )
        except Exception as error:  # noqa: BLE001 - one paper's bug must not cost the others
            reason = f"internal error while linking ({type(error).__name__}: {error})"
            out.append(
                PaperReview(
                    paper=paper,
                    link=PaperLink(paper_doc_id=paper.doc_id, report_doc_id=None, confidence=0.0, reason=reason),
                )
            )
    return out


def council_timescales(reviews: Iterable[PaperReview]) -> dict[str, dict[int, DateSpan]]:
    """For each linked report, the council's own timescale per improvement item, from its most
    confidently linked paper that sets any: the `timescales` argument of `plan.plan_rows`."""
    out: dict[str, dict[int, DateSpan]] = {}
    for item in sorted(reviews, key=lambda r: r.link.confidence):
        own = plan_timescales(item.paper, item.coverage)
        if item.link.report_doc_id and own:
            out[item.link.report_doc_id] = own
    return out


# --- which report -----------------------------------------------------------------------------


def report_council(report: InspectionReport) -> str | None:
    folder = PurePosixPath(report.source_path).parts[0] if "/" in report.source_path else None
    return councils.council_key(report.local_authority, on=report.inspection_start) or councils.council_key(folder)


def _related(key: str) -> set[str]:
    """A council and the councils it was made from or became (unitary reorganisations)."""
    council = councils.councils().get(key)
    return {key} | (set(council.predecessors) | set(council.successors) if council else set())


def link(paper: CommitteePaper, reports: Iterable[InspectionReport]) -> PaperLink:
    """The report the paper discusses: the same council's report whose inspection or publication
    dates the paper states; else its latest report published before the meeting."""
    when = paper.meeting_date or paper.dated
    key = councils.council_key(paper.council, on=when)
    if key is None:
        return PaperLink(
            paper_doc_id=paper.doc_id,
            report_doc_id=None,
            confidence=0.0,
            reason=f"council not recognised ({paper.council or 'none named'})",
        )
    related = _related(key)
    kinds = _kinds_discussed(paper)
    candidates = [r for r in reports if report_council(r) in related and r.kind in kinds]
    if when:  # a paper cannot discuss a later report, unless it names that report's inspection dates
        stated = paper.inspection.dates
        candidates = [
            r
            for r in candidates
            if (listing_date(r) or dt.date.min) <= when
            or (stated and _overlaps(stated, r.inspection_start, r.inspection_end))
        ]
    if not candidates:
        before = f" published before the meeting on {when}" if when else ""
        return PaperLink(
            paper_doc_id=paper.doc_id, report_doc_id=None, confidence=0.0, reason=f"no report for {key}{before}"
        )
    scored = [(_date_evidence(paper, report), listing_date(report) or dt.date.min, report) for report in candidates]
    (evidence, reasons), _, best = max(scored, key=lambda item: (item[0][0], item[1]))
    council_reason = (
        f"same council ({key})"
        if report_council(best) == key
        else f"predecessor or successor council ({report_council(best)})"
    )
    if paper.council_source and paper.council_source != "named in the text":
        council_reason += f", council taken from the {paper.council_source}"
    if not reasons:
        reasons = [
            "no stated date matches; latest report published before the meeting"
            if when
            else "no stated date matches; the council's latest report"
        ]
    confidence = round(min(0.95, (0.5 if when else 0.3) + evidence), 2)
    return PaperLink(
        paper_doc_id=paper.doc_id,
        report_doc_id=best.doc_id,
        confidence=confidence,
        reason="; ".join([council_reason, *reasons]),
    )


# A paper on a focused visit, monitoring visit or JTAI discusses that letter; any other paper an
# inspection report, never a letter written between inspections.
_LETTERS_BY_FRAMEWORK = {
    "focused visit": DocumentKind.FOCUSED_VISIT,
    "monitoring visit": DocumentKind.MONITORING_VISIT,
    "JTAI": DocumentKind.JTAI,
}
_FULL_INSPECTIONS = frozenset(
    kind for kind in DocumentKind if kind.is_inspection_report and kind not in _LETTERS_BY_FRAMEWORK.values()
)


def _kinds_discussed(paper: CommitteePaper) -> frozenset[DocumentKind]:
    letter = _LETTERS_BY_FRAMEWORK.get(paper.inspection.framework or "")
    return frozenset({letter}) if letter else _FULL_INSPECTIONS


def _date_evidence(paper: CommitteePaper, report: InspectionReport) -> tuple[float, list[str]]:
    """How much the paper's stated dates add to the council match for this report: a day-exact
    match counts more than a month's, a month's more than a year's."""
    weights = {2: 0.45, 1: 0.35, 0: 0.25}
    score, reasons = 0.0, []
    stated = paper.inspection.dates
    if stated and _overlaps(stated, report.inspection_start, report.inspection_end):
        score += weights[precision(stated.phrase)]
        reasons.append(
            f"inspection dates '{stated.phrase}' match the report's {report.inspection_start} to {report.inspection_end}"
        )
    published, listed = paper.inspection.published, listing_date(report)
    if published and listed and _overlaps(published, listed, listed):
        score += weights[precision(published.phrase)]
        reasons.append(f"publication '{published.phrase}' matches the listing date {listed}")
    return score, reasons


def _overlaps(span: DateSpan, start: dt.date | None, end: dt.date | None) -> bool:
    if not (span.start and start):
        return False
    return span.start <= (end or start) and start <= (span.end or span.start)


# --- claims -----------------------------------------------------------------------------------


def claims(
    paper: CommitteePaper,
    report: InspectionReport | None,
    others: Iterable[InspectionReport] = (),
) -> list[Claim]:
    """Every checkable statement in the paper beside the linked report's value. `others` are the
    council's other reports, where a previous judgement can be checked."""

    def claim(claim_type: ClaimType, value: str, **fields) -> Claim:
        return Claim(
            doc_id=paper.doc_id,
            claim_type=claim_type,
            value=value,
            report_doc_id=report.doc_id if report else None,
            **fields,
        )

    rows = [
        claim(ClaimType.GRADE, grade.grade.value, area=grade.area, **_grade_check(grade.area_key, grade.grade, report))
        for grade in paper.grades
    ]
    rows += _inspection_claims(paper, report, claim)
    if paper.inspection.published:
        stated = paper.inspection.published
        listed = listing_date(report) if report else None
        rows.append(
            claim(
                ClaimType.PUBLISHED,
                stated.phrase,
                area=None,
                value_date=stated.start,
                report_value=listed.isoformat() if listed else None,
                agrees=_overlaps(stated, listed, listed) if report and listed else None,
            )
        )
    for area in paper.improvement_areas:
        item, score = _best_item(area, report)
        rows.append(
            claim(
                ClaimType.IMPROVEMENT_AREA,
                area,
                area=None,
                report_value=item.text if item else None,
                agrees=(score >= COVERED) if report and report.improvements else None,
            )
        )
    for timescale in paper.timescales:
        rows.append(
            claim(
                ClaimType.TIMESCALE,
                timescale.phrase,
                area=timescale.sentence,
                value_date=timescale.end or timescale.start,
            )
        )
    for previous in paper.previous_judgements:
        rows.append(
            claim(
                ClaimType.PREVIOUS_JUDGEMENT,
                previous.grade.value,
                area=str(previous.year or ""),
                value_date=dt.date(previous.year, 1, 1) if previous.year else None,
                **_previous_check(previous.grade, previous.year, report, others),
            )
        )
    if paper.next_inspection:
        span = paper.next_inspection
        rows.append(
            claim(ClaimType.NEXT_INSPECTION, span.phrase, area=span.sentence, value_date=span.start or span.end)
        )
    return rows


def _grade_check(key: AreaKey | None, grade: Grade, report: InspectionReport | None) -> dict:
    """The report's grade(s) for the claimed area; 'all areas' is checked against every graded
    judgement."""
    if report is None:
        return {}
    if key is None:
        judged = [j for j in report.judgements if j.grade is not None and j.area_key is not AreaKey.LSCB]
    else:
        series = {link.series for link in series_of(key)}
        judged = [
            j
            for j in report.judgements
            if j.grade is not None and (j.area_key is key or series & {link.series for link in series_of(j.area_key)})
        ]
    if not judged:
        return {}
    return {
        "report_value": "; ".join(f"{j.area}: {j.grade.value}" for j in judged),
        "agrees": all(j.grade.rank == grade.rank for j in judged),
    }


def _inspection_claims(paper, report, claim) -> list[Claim]:
    """A stated range or day checks both ends; a month or year ("the 2021 inspection") checks that
    the inspection fell in it."""
    stated = paper.inspection.dates
    if not stated:
        return []
    if report is None:
        return [claim(ClaimType.INSPECTION_START, stated.phrase, area=None, value_date=stated.start)]
    if precision(stated.phrase) < 2:
        return [
            claim(
                ClaimType.INSPECTION_START,
                stated.phrase,
                area=None,
                value_date=stated.start,
                report_value=_iso(report.inspection_start),
                agrees=_overlaps(stated, report.inspection_start, report.inspection_end)
                if report.inspection_start
                else None,
            )
        ]
    return [
        claim(
            claim_type,
            stated.phrase,
            area=None,
            value_date=mine,
            report_value=_iso(theirs),
            agrees=(mine == theirs) if theirs else None,
        )
        for claim_type, mine, theirs in (
            (ClaimType.INSPECTION_START, stated.start, report.inspection_start),
            (ClaimType.INSPECTION_END, stated.end, report.inspection_end),
        )
    ]


def _previous_check(
    grade: Grade, year: int | None, report: InspectionReport | None, others: Iterable[InspectionReport]
) -> dict:
    """An earlier judgement against the council's report of that year (its overall grade)."""
    if report is None or year is None:
        return {}
    council = report_council(report)
    earlier = [
        r
        for r in others
        if r.doc_id != report.doc_id
        and report_council(r) == council
        and year in {d.year for d in (r.inspection_start, r.inspection_end, listing_date(r)) if d}
    ]
    for other in earlier:
        overall = next((j for j in other.judgements if j.area_key is AreaKey.OVERALL_EFFECTIVENESS and j.grade), None)
        if overall:
            return {
                "report_value": f"{overall.grade.value} ({other.doc_id})",
                "agrees": overall.grade.rank == grade.rank,
            }
    return {}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- coverage ---------------------------------------------------------------------------------


def _best_item(area: str, report: InspectionReport | None):
    if report is None or not report.improvements:
        return None, 0.0
    return max(((item, overlap(item.text, area)) for item in report.improvements), key=lambda pair: pair[1])


def _response_lines(paper: CommitteePaper) -> list[tuple[str, str]]:
    """What the paper sets against the report: its listed areas, action-plan rows and
    recommendations, each with its basis."""
    rows = paper.action_rows[1:] if paper.action_rows else ()
    return (
        [("area", area) for area in paper.improvement_areas]
        + [("action", " | ".join(row)) for row in rows]
        + [("recommendation", text) for text in paper.recommendations]
    )


def coverage(paper: CommitteePaper, report: InspectionReport) -> list[CoverageRow]:
    """For every improvement item of the report, the paper line that best addresses it. An item
    no line matches is still covered, at `COMMITMENT_SCORE`, where the paper promises to address
    every item; otherwise it is flagged uncovered."""
    lines = _response_lines(paper)
    out = []
    for item in report.improvements:
        scored = [(overlap(item.text, text), basis, text) for basis, text in lines]
        score, basis, text = max(scored, default=(0.0, None, None), key=lambda triple: triple[0])
        if score < COVERED and paper.commitments:
            score, basis, text = COMMITMENT_SCORE, "commitment", paper.commitments[0]
        covered = score >= COVERED
        out.append(
            CoverageRow(
                doc_id=paper.doc_id,
                report_doc_id=report.doc_id,
                item_no=item.item_no,
                improvement_text=item.text,
                covered=covered,
                matched_text=text if covered else None,
                score=score,
                basis=basis if covered else None,
            )
        )
    return out


def plan_timescales(paper: CommitteePaper, rows: Iterable[CoverageRow]) -> dict[int, DateSpan]:
    """The council's own timescale for each covered item, for the draft action plan: the
    timescale printed in the item's action-plan row, else the paper's deadline for completing its
    plan."""
    deadline = _plan_deadline(paper)
    plan_rows = [" | ".join(cells) for cells in paper.action_rows[1:]]
    out: dict[int, DateSpan] = {}
    for row in rows:
        own = next((_row_timescale(text) for text in plan_rows if row.matched_text and row.matched_text in text), None)
        chosen = own or deadline
        if row.covered and chosen:
            out[row.item_no] = chosen
    return out


def _row_timescale(text: str | None) -> DateSpan | None:
    match = DATE_PATTERN.search(text or "")
    if not match:
        return None
    return DateSpan(phrase=match.group(0), end=span(match.group(0))[1], sentence=text)


_COMPLETION = re.compile(r"\bcomplet\w*|\baddress\w*|\bdeliver\w*|\bimplement\w*", re.IGNORECASE)


def _plan_deadline(paper: CommitteePaper) -> DateSpan | None:
    """The earliest dated deadline in a sentence about completing or addressing the plan."""
    dated = [span for span in paper.timescales if span.end and _COMPLETION.search(span.sentence or "")]
    return min(dated, key=lambda span: span.end, default=None)


def paper_label(paper: CommitteePaper) -> str:
    """ "Cabinet, 12 April 2022: Inspection ... Action Plan" for the workbook."""
    when = f"{paper.meeting_date.day} {paper.meeting_date:%B %Y}" if paper.meeting_date else ""
    head = ", ".join(part for part in (paper.committee, when) if part)
    return squash(f"{head}: {paper.title}" if head and paper.title else head or paper.title or paper.doc_id)
