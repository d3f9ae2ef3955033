"""Draft action-plan rows: each improvement item with its evidence and a proposed response.

A council has 70 working days after publication to send Ofsted its written statement of action.
These rows are the officer's first draft, not the plan: the playbook (`data/playbook.csv`) says per
theme what councils usually do, who leads and how success is measured, and the item's own cohort,
service and process (`data/focus_terms.csv`) fill its slots, so two items on one theme get
different actions. Rows a person should check first carry a review flag and the reason.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Mapping

from .schema import (
    ActionPlanRow,
    AreaKey,
    DateSpan,
    DocumentKind,
    Framework,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    ReportPart,
)

DATA = Path(__file__).parent / "data"

DEFAULT_MONTHS = 6
PRIORITY_MONTHS = 3  # Ofsted asks for priority actions to be addressed first
# On the enrich stage's scale the best paragraph scores 0.6 to 1 on shared words alone, more where it
# also names the item's services, cohorts or processes, speaks to its theme and criticises: below 0.8
# it shares words and little else.
WEAK_EVIDENCE_SCORE = 0.8
GENERAL_PLAY = "general"  # the playbook row for an item with no theme

# Where the theme's own judgement area is not in this report's framework, the nearest one that is.
_AREA_FALLBACKS = {
    AreaKey.HELP_AND_PROTECTION: (AreaKey.HELP_AND_PROTECTION,),
    AreaKey.CHILDREN_IN_CARE: (AreaKey.CHILDREN_IN_CARE, AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS),
    AreaKey.CARE_LEAVERS: (
        AreaKey.CARE_LEAVERS, AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS, AreaKey.CHILDREN_IN_CARE,
    ),
    AreaKey.IMPACT_OF_LEADERS: (AreaKey.IMPACT_OF_LEADERS, AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE),
}

# A SIF recommendation may end with its evidence pointer after the full stop: "... plans. (Paras 59, 76)".
_TRAILING_POINTER = re.compile(r"\s*\([^()]*\)\s*$")

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
class FocusTerm:
    slot: str  # cohort, service or process
    name: str  # the words the action uses
    pattern: re.Pattern[str]


@cache
def playbook() -> dict[str, Play]:
    with open(DATA / "playbook.csv", encoding="utf-8", newline="") as handle:
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
def theme_names() -> dict[str, str]:
    with open(DATA / "themes.csv", encoding="utf-8", newline="") as handle:
        return {row["theme_id"]: row["name"] for row in csv.DictReader(handle)}


@cache
def focus_terms() -> tuple[FocusTerm, ...]:
    with open(DATA / "focus_terms.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            FocusTerm(
                slot=row["slot"],
                name=row["name"],
                pattern=re.compile(rf"\b(?:{row['patterns'].replace(';', '|')})\b", re.IGNORECASE),
            )
            for row in csv.DictReader(handle)
        )


def plan_rows(
    report: InspectionReport,
    timescales: Mapping[int, DateSpan] | None = None,
    published: dt.date | None = None,
) -> list[ActionPlanRow]:
    """One draft row per improvement item, priority actions first, then in printed order.

    `timescales` maps an item number to the council's own timescale for it (from its committee
    papers); `published` is the publication date where the caller knows it and the report does
    not print it (ILACS reports never do; the Ofsted listing does).
    """
    ordered = sorted(
        report.improvements, key=lambda item: (item.kind is not ItemKind.PRIORITY_ACTION, item.item_no)
    )
    published = report.published or published
    return [
        _row(report, item, str(ref), published, (timescales or {}).get(item.item_no))
        for ref, item in enumerate(ordered, start=1)
    ]


def _row(
    report: InspectionReport,
    item: ImprovementItem,
    ref: str,
    published: dt.date | None,
    timescale: DateSpan | None,
) -> ActionPlanRow:
    play = playbook().get(item.theme or GENERAL_PLAY) or playbook()[GENERAL_PLAY]
    target_date, basis = target(item, published, report.inspection_end, timescale, report.published is not None)
    best = item.evidence[0] if item.evidence else None
    return ActionPlanRow(
        doc_id=report.doc_id,
        ref=ref,
        item_no=item.item_no,
        council=report.local_authority,
        report=report_label(report),
        inspection_end=report.inspection_end,
        published=published,
        judgement_area=judgement_area(report, item, play),
        area_for_improvement=item.text,
        kind=item.kind,
        theme=item.theme,
        theme_name=theme_names().get(item.theme or ""),
        evidence_paras=_joined(link.para_no for link in item.evidence),
        evidence_pages=_joined(dict.fromkeys(link.page for link in item.evidence)),
        evidence_quote=best.quote if best else None,
        draft_actions=draft_actions(item, play),
        lead=play.lead,
        partners=play.partners or None,
        target_date=target_date,
        target_date_basis=basis,
        success_measure=play.success_measure,
        **_review(report, item, play, target_date),
        source_path=report.source_path,
        source_page=best.page if best else item.page,
    )


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


def draft_actions(item: ImprovementItem, play: Play) -> str:
    """The playbook's actions for the item's theme, numbered, with the item's own cohort, service
    and process in place of the theme's defaults."""
    slots = {**play.slots, **focus(item.text)}
    return "\n".join(f"{n}. {action.format(**slots)}" for n, action in enumerate(play.actions, 1))


def judgement_area(report: InspectionReport, item: ImprovementItem, play: Play) -> str | None:
    """The graded section most of the item's evidence sits in; failing that, the report's
    judgement area for the item's theme (or the LSCB's, for an LSCB item)."""
    graded = {section.title for section in report.sections if section.grade is not None}
    section_of = {paragraph.para_no: paragraph.section for paragraph in report.paragraphs}
    sections = [section_of.get(link.para_no) for link in item.evidence]
    sections = [section for section in sections if section in graded]
    if sections:
        return Counter(sections).most_common(1)[0][0]  # ties go to the better-ranked evidence
    printed = {judgement.area_key: judgement.area for judgement in report.judgements}
    if item.part is ReportPart.LSCB:
        keys: tuple[AreaKey, ...] = (AreaKey.LSCB,)
    else:
        keys = _AREA_FALLBACKS.get(play.area_key, (play.area_key,))
    return next((printed[key] for key in keys if key in printed), None)


def target(
    item: ImprovementItem,
    published: dt.date | None,
    inspection_end: dt.date | None,
    timescale: DateSpan | None,
    published_is_printed: bool = True,
) -> tuple[dt.date | None, str]:
    """The target date and why: the council's own timescale where it set one, else a fixed time
    after publication (after the inspection where no publication date is known), sooner for
    priority actions."""
    if timescale and (timescale.end or timescale.start):
        return timescale.end or timescale.start, f"the council's own timescale: {timescale.phrase}"
    priority = item.kind is ItemKind.PRIORITY_ACTION
    months = PRIORITY_MONTHS if priority else DEFAULT_MONTHS
    why = " (priority action)" if priority else ""
    if published:
        listed = "" if published_is_printed else " (the date Ofsted listed it; the report prints none)"
        return add_months(published, months), f"{months} months after publication{why}{listed}"
    if inspection_end:
        return (
            add_months(inspection_end, months),
            f"{months} months after the inspection ended{why}; the report prints no publication date",
        )
    return None, "no publication or inspection date to count from"


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it is shorter (31 Aug + 6 -> 28 Feb)."""
    year, month = divmod(date.month - 1 + months, 12)
    year, month = date.year + year, month + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def _review(report: InspectionReport, item: ImprovementItem, play: Play, target_date: dt.date | None) -> dict:
    reasons = review_reasons(report, item, play, target_date)
    return {"needs_review": bool(reasons), "review_reason": "; ".join(reasons) or None}


def review_reasons(
    report: InspectionReport, item: ImprovementItem, play: Play, target_date: dt.date | None
) -> list[str]:
    """Why a person should check this row before relying on it: weak extraction or linking."""
    reasons = []
    if not item.evidence:
        reasons.append("no evidence paragraph linked")
    elif item.evidence[0].score < WEAK_EVIDENCE_SCORE:
        reasons.append(f"weak evidence link (best score {item.evidence[0].score:.2f})")
    elif item.theme and (about := _theme_of(report, item.evidence[0].para_no)) not in (
        None, item.theme, *item.secondary_themes,
    ):  # fmt: skip
        best = item.evidence[0].para_no
        reasons.append(f"the best evidence (paragraph {best}) is about {theme_names().get(about, about)}, not the item's theme")
    if item.theme is None:
        reasons.append("no theme, so the draft actions are generic")
    elif play.theme_id != item.theme:
        reasons.append(f"theme {item.theme!r} has no playbook entry, so the draft actions are generic")
    if not _TRAILING_POINTER.sub("", item.text).rstrip(" )’”'\"").endswith((".", "?", "!")):
        reasons.append("the item does not end with a full stop: it may be cut short or run on")
    if item.page is None:
        reasons.append("no page number for the item")
    if target_date is None:
        reasons.append("no target date")
    return reasons


def _theme_of(report: InspectionReport, para_no: int) -> str | None:
    return next((p.theme for p in report.paragraphs if p.para_no == para_no), None)


def _joined(values) -> str | None:
    return "; ".join(str(value) for value in values) or None
