"""When: each row's urgency and target date, when the written plan is due at Ofsted, and what was
inspected when, in a reader's words."""

from __future__ import annotations

import calendar
import datetime as dt

from ..schema import DateSpan, DocumentKind, Framework, Grade, ImprovementItem, InspectionReport, ItemKind

# Target dates by urgency: a priority action or an item in an area judged inadequate first, then
# requires improvement, then the rest (good or better, or no graded area found).
PHASE_MONTHS = {1: 3, 2: 6, 3: 9}
# ILACS: the council sends Ofsted its written action plan within 70 working days of the report.
PLAN_WORKING_DAYS = 70

_KIND_WORDS = {
    DocumentKind.ILACS: "ILACS inspection",
    DocumentKind.ILACS_2026: "Inspection of children's services (2026 framework)",
    DocumentKind.SIF: "Single inspection",
    DocumentKind.LAC_2012: "Inspection of looked after children services",
    DocumentKind.FOCUSED_VISIT: "Focused visit",
    DocumentKind.MONITORING_VISIT: "Monitoring visit",
    DocumentKind.JTAI: "Joint targeted area inspection",
}
_FRAMEWORK_WORDS = {Framework.SHORT: "short", Framework.REINSPECTION: "re-inspection"}


def urgency(report: InspectionReport, item: ImprovementItem, area: str | None) -> int:
    """1: a priority action, or an item in an area judged inadequate; 2: requires improvement;
    3: the rest (an area judged good or better, or no graded area found)."""
    if item.kind is ItemKind.PRIORITY_ACTION:
        return 1
    grades = {judgement.area: judgement.grade for judgement in report.judgements}
    grades.update({section.title: section.grade for section in report.sections})
    grade = grades.get(area or "")
    if grade is Grade.INADEQUATE:
        return 1
    if grade in (Grade.REQUIRES_IMPROVEMENT, Grade.ADEQUATE):
        return 2
    return 3


def plan_due(report: InspectionReport, published: dt.date | None) -> dt.date | None:
    """When the written action plan is due at Ofsted: for ILACS, 70 working days after the report
    (weekdays counted; bank holidays are not, so the date is at worst a few days early)."""
    if report.kind is not DocumentKind.ILACS or published is None:
        return None
    return add_working_days(published, PLAN_WORKING_DAYS)


def add_working_days(date: dt.date, days: int) -> dt.date:
    while days:
        date += dt.timedelta(days=1)
        days -= date.weekday() < 5
    return date


def report_label(report: InspectionReport) -> str:
    """What was inspected and when, in a reader's words: "ILACS inspection (short), 6 to 10 May 2024"."""
    words = _KIND_WORDS.get(report.kind, report.kind.value)
    if report.framework in _FRAMEWORK_WORDS:
        words += f" ({_FRAMEWORK_WORDS[report.framework]})"
    dates = date_range(report.inspection_start, report.inspection_end)
    return f"{words}, {dates}" if dates else words


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    if not (start or end):
        return ""
    start, end = start or end, end or start
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {_day(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {_day(end)}"
    return f"{_day(start)} to {_day(end)}"


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def target(
    item: ImprovementItem,
    published: dt.date | None,
    inspection_end: dt.date | None,
    timescale: DateSpan | None,
    published_is_printed: bool = True,
    phase: int = 2,
) -> tuple[dt.date | None, str]:
    """The target date and why: the council's own timescale where it set one, else a time after
    publication (after the inspection where no publication date is known, or the one printed is
    before the inspection ended) set by the item's
    urgency: 3 months for a priority action or an inadequate area, 6 for requires improvement, 9
    for the rest."""
    if timescale and (timescale.end or timescale.start):
        return timescale.end or timescale.start, f"the council's own timescale: {timescale.phrase}"
    months = PHASE_MONTHS[phase]
    why = {
        1: " (priority action)" if item.kind is ItemKind.PRIORITY_ACTION else " (area judged inadequate)",
        2: "",
        3: " (area judged good or better, or not graded)",
    }[phase]
    if published and not (inspection_end and published < inspection_end):
        listed = "" if published_is_printed else " (the date Ofsted listed it; the report prints none)"
        return add_months(published, months), f"phase {phase}: {months} months after publication{why}{listed}"
    if inspection_end:
        # A publication date before the inspection ended is a misprint (Dudley's 2020 letter prints
        # January 2019 for January 2020): counted from it, every target would fall before the visit.
        unknown = (
            f"the publication date it prints ({published.isoformat()}) is before the inspection ended"
            if published
            else "the report prints no publication date"
        )
        basis = f"phase {phase}: {months} months after the inspection ended{why}; {unknown}"
        return add_months(inspection_end, months), basis
    return None, "no publication or inspection date to count from"


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it is shorter (31 Aug + 6 -> 28 Feb)."""
    year, month = divmod(date.month - 1 + months, 12)
    year, month = date.year + year, month + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))
