"""Draft action-plan rows: each improvement item with its evidence and a proposed response.

A council has 70 working days after an ILACS report to send Ofsted its written action plan. These
rows are the officer's first draft, not the plan. Each item names what must change (its object,
"initial health assessments") and often in what respect (its aspect, "timeliness"): the first action
addresses that object in the item's own words, and the success measure is the aspect's measure of it
(`data/aspects.csv`). The theme's playbook (`data/playbook.csv`) adds the steps that share the item's
subject, its lead and partners, with the item's own cohort, service and process (`data/focus_terms.csv`)
in its slots; an item about the safeguarding board, health or education goes to that owner
(`data/owners.csv`). Rows a person should check first carry a review flag and the reason.
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

from ..schema import (
    ActionPlanRow,
    AreaKey,
    DateSpan,
    DocumentKind,
    Framework,
    Grade,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    ReportPart,
)

DATA = Path(__file__).parents[1] / "data"

# Target dates by urgency: a priority action or an item in an area judged inadequate first, then
# requires improvement, then the rest (good or better, or no graded area found).
PHASE_MONTHS = {1: 3, 2: 6, 3: 9}
# ILACS: the council sends Ofsted its written action plan within 70 working days of the report.
PLAN_WORKING_DAYS = 70
# The primary theme's lead over the runner-up, as a share of its score, below which the theme is a
# guess between two (`theme_confidence`). On the 411 labelled items (`findings evaluate-nlp`) 0.74
# of those below it have the right theme, 0.96 of those above: it marks 26% of items and 28 of
# the 41 wrong themes.
UNCERTAIN_THEME = 0.2
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
# ... or before it: "... plans (paragraph 12)."
_POINTER = re.compile(r"\s*\([^()]*\bpara(?:graph)?s?\b[^()]*\)|\s*\([^()]*\)\s*$", re.IGNORECASE)

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
class Aspect:
    """A respect in which an item asks for change ("timeliness"), with the action and measure for it."""

    name: str
    head: frozenset[str]  # its words at the head of an item: "the timeliness of ...", "management oversight of ..."
    cues: re.Pattern[str]  # its words anywhere, for an item whose head names none
    action: str  # templates with {object}
    measure: str  # a template with {object}, or {Object} where it opens the sentence


@dataclass(frozen=True)
class ItemObject:
    """What an item asks to change, in the item's own words, and in what respects."""

    text: str  # "initial health assessments for children newly into care"
    aspects: tuple[str, ...] = ()  # best first, at most two


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
def aspects() -> dict[str, Aspect]:
    with open(DATA / "aspects.csv", encoding="utf-8", newline="") as handle:
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
    with open(DATA / "owners.csv", encoding="utf-8", newline="") as handle:
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
    parse_items: bool = True,
) -> list[ActionPlanRow]:
    """One draft row per improvement item, priority actions first, then in printed order.

    `timescales` maps an item number to the council's own timescale for it (from its committee
    papers); `published` is the publication date where the caller knows it and the report does
    not print it (ILACS reports never do; the Ofsted listing does). `parse_items=False` drafts
    from the playbook alone, without reading each item's object (to measure what the parse adds).
    """
    ordered = sorted(
        report.improvements, key=lambda item: (item.kind is not ItemKind.PRIORITY_ACTION, item.item_no)
    )
    published = report.published or published
    drafts = [_draft(item, parse_items) for item in ordered]
    actions = distinct_actions(drafts)
    return [
        _row(report, item, str(ref), published, (timescales or {}).get(item.item_no), draft, numbered)
        for ref, (item, draft, numbered) in enumerate(zip(ordered, drafts, actions), start=1)
    ]


@dataclass(frozen=True)
class Draft:
    """An item's proposed response before the report's rows are made distinct from each other."""

    play: Play
    object: ItemObject | None
    actions: tuple[str, ...]  # the object's own action first, then the playbook steps that fit
    fits: bool  # some playbook step shares the item's subject


def _draft(item: ImprovementItem, parse_items: bool = True) -> Draft:
    play = playbook().get(item.theme or GENERAL_PLAY) or playbook()[GENERAL_PLAY]
    thing = item_object(item.text) if parse_items else None
    slots = {**play.slots, **focus(item.text)}
    steps = [action.format(**slots) for action in play.actions]
    if thing is None:
        return Draft(play, None, tuple(steps), True)
    wanted = _content(item.text)
    # Judged on the theme's own wording: the item's terms in the slots would make every step fit.
    # A step that shares nothing with the item is left out: a wrong step costs the officer more
    # than a missing one.
    shared = [len(_content(action.format(**play.slots)) & wanted) for action in play.actions]
    fitting = tuple(step for step, n in sorted(zip(steps, shared), key=lambda pair: -pair[1]) if n)
    return Draft(play, thing, (object_action(thing), *fitting), bool(fitting))


def object_action(thing: ItemObject) -> str:
    """The first action: the item's own object, in its words, under its first aspect."""
    if thing.aspects:
        template = aspects()[thing.aspects[0]].action
    else:
        template = "Review {object} with the staff and partners involved: agree what must change for children, who does it and by when, and check the change in casework audits."
    return _sentence(template.format(object=thing.text))


def success_measure(draft: Draft) -> str:
    """The measure of what the item asks to improve: its aspects' measures of its object; else the
    theme's measure where the theme's playbook fits the item, an audit grade of the object where not."""
    thing = draft.object
    if thing is None or (not thing.aspects and draft.fits):
        return draft.play.success_measure
    if not thing.aspects:
        thing = ItemObject(thing.text, ("quality",))
    names = [name for name in thing.aspects if name not in _AUDITED or name == thing.aspects[0] or thing.aspects[0] not in _AUDITED]
    measures = [aspects()[name].measure.format(object=thing.text, Object=_sentence(thing.text)) for name in names]
    return _sentence("; and ".join(measures)).rstrip(".")


def distinct_actions(drafts: list[Draft]) -> list[str]:
    """Each draft's actions, numbered, with no action repeated within the report: a playbook step
    an earlier row has taken gives way to one of the playbook's other steps. Two items with the
    same object and aspect say so instead of repeating it."""
    used: dict[str, int] = {}
    numbered = []
    for ref, draft in enumerate(drafts, start=1):
        first, *steps = draft.actions
        lines = [first if first not in used else f"Deliver together with row {used[first]}, which has the same first action (this is row {ref})."]
        wanted = 3 if draft.object is not None else len(draft.actions)
        for step in steps:
            if len(lines) >= wanted:
                break
            if step not in used and step not in lines:
                lines.append(step)
        follow_up = _sentence(FOLLOW_UP.format(object=draft.object.text)) if draft.object else None
        if len(lines) < 2 and follow_up and follow_up not in used:  # every playbook step is taken already
            lines.append(follow_up)
        used.update({line: ref for line in (first, *lines) if line not in used})
        numbered.append("\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1)))
    return numbered


# Measured by the same audit grade: "the consistency and quality of ..." needs one measure.
_AUDITED = frozenset({"quality", "consistency"})
FOLLOW_UP = "Check progress on {object} at the monthly performance meeting, and report it to the improvement board each quarter."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


_CONTENT = re.compile(r"[a-z]{4,}")
_COMMON = frozenset(
    """that with their each every from into this they what have been more when where which about after
    children child young people families family month monthly quarter quarterly report review audit sample
    findings managers senior leaders social workers work practice make sure record agree""".split()
)


def _content(text: str) -> set[str]:
    """A text's telling words, crudely stemmed, to judge whether a playbook step is about the item."""
    return {word[:6] for word in _CONTENT.findall(text.lower()) if word not in _COMMON}


def _row(
    report: InspectionReport,
    item: ImprovementItem,
    ref: str,
    published: dt.date | None,
    timescale: DateSpan | None,
    draft: Draft,
    actions: str,
) -> ActionPlanRow:
    play = draft.play
    area = judgement_area(report, item, play)
    phase = urgency(report, item, area)
    target_date, basis = target(item, published, report.inspection_end, timescale, report.published is not None, phase)
    quoted = next((link for link in item.evidence if link.quote), None)
    best = item.evidence[0] if item.evidence else None
    confidence = theme_confidence(item)
    lead, partners = owner(report, item, play)
    return ActionPlanRow(
        doc_id=report.doc_id,
        ref=ref,
        item_no=item.item_no,
        council=report.local_authority,
        report=report_label(report),
        inspection_end=report.inspection_end,
        published=published,
        judgement_area=area,
        area_for_improvement=item.text,
        kind=item.kind,
        theme=item.theme,
        theme_name=theme_names().get(item.theme or ""),
        theme_confidence=confidence,
        evidence_paras=_joined(link.para_no for link in item.evidence),
        evidence_pages=_joined(dict.fromkeys(link.page for link in item.evidence)),
        evidence_quote=quoted.quote if quoted else None,
        evidence_quote_para=quoted.para_no if quoted else None,
        draft_actions=actions,
        lead=lead,
        partners=partners,
        phase=phase,
        target_date=target_date,
        target_date_basis=basis,
        plan_due=plan_due(report, published),
        success_measure=success_measure(draft),
        **_review(report, item, draft, target_date, confidence),
        source_path=report.source_path,
        source_page=best.page if best else item.page,
    )


def owner(report: InspectionReport, item: ImprovementItem, play: Play) -> tuple[str, str | None]:
    """The lead role and partners by the item's subject: an item about the safeguarding board or
    partnership goes to it, one about health is led jointly with health, one about education by the
    virtual school, ...; the theme's lead and partners otherwise."""
    matched = [o for o in owners() if o.pattern.search(item.text)]
    if item.part is ReportPart.LSCB:
        matched.insert(0, next(o for o in owners() if o.subject == "safeguarding board"))
    lead = next((o.lead for o in matched if o.lead), play.lead)
    joint = next((o.joint for o in matched if o.joint), None)
    partners = [p.strip() for p in play.partners.split(";") if p.strip()]
    partners += [p for o in matched for p in o.partners]
    return (f"{lead}, with {joint}" if joint else lead), _joined(dict.fromkeys(partners))


@cache
def _theme_rules():
    from ..nlp import MODELS, ThemePatterns  # the enrich stage's own theme scores

    return ThemePatterns(MODELS / "theme_patterns.jsonl")


def theme_confidence(item: ImprovementItem) -> float | None:
    """How clearly the item's wording picks its theme: the theme's lead over the runner-up as a
    share of its score (1 where no other theme scores; 0 where the theme came from the best
    evidence paragraph because the item's words name none). None for an item with no theme."""
    if item.theme is None:
        return None
    scores = _theme_rules().scores(item.text)
    mine = scores.get(item.theme, 0.0)
    if not mine:
        return 0.0
    runner_up = max((score for theme, score in scores.items() if theme != item.theme), default=0.0)
    return round(max(mine - runner_up, 0.0) / mine, 2)


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
    phase: int = 2,
) -> tuple[dt.date | None, str]:
    """The target date and why: the council's own timescale where it set one, else a time after
    publication (after the inspection where no publication date is known) set by the item's
    urgency: 3 months for a priority action or an inadequate area, 6 for requires improvement, 9
    for the rest."""
    if timescale and (timescale.end or timescale.start):
        return timescale.end or timescale.start, f"the council's own timescale: {timescale.phrase}"
    months = PHASE_MONTHS[phase]
    why = {1: " (priority action)" if item.kind is ItemKind.PRIORITY_ACTION else " (area judged inadequate)",
           2: "", 3: " (area judged good or better, or not graded)"}[phase]  # fmt: skip
    if published:
        listed = "" if published_is_printed else " (the date Ofsted listed it; the report prints none)"
        return add_months(published, months), f"phase {phase}: {months} months after publication{why}{listed}"
    if inspection_end:
        return (
            add_months(inspection_end, months),
            f"phase {phase}: {months} months after the inspection ended{why}; the report prints no publication date",
        )
    return None, "no publication or inspection date to count from"


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it is shorter (31 Aug + 6 -> 28 Feb)."""
    year, month = divmod(date.month - 1 + months, 12)
    year, month = date.year + year, month + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def _review(
    report: InspectionReport, item: ImprovementItem, draft: Draft, target_date: dt.date | None, confidence: float | None
) -> dict:
    reasons = review_reasons(report, item, draft, target_date, confidence)
    return {"needs_review": bool(reasons), "review_reason": "; ".join(reasons) or None}


def review_reasons(
    report: InspectionReport,
    item: ImprovementItem,
    draft: Draft,
    target_date: dt.date | None,
    confidence: float | None = 1.0,
) -> list[str]:
    """Why a person should check this row before relying on it: weak extraction, linking or theme."""
    play = draft.play
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
    if item.evidence and not any(link.quote for link in item.evidence):
        reasons.append("no linked paragraph states a weakness to quote")
    if item.theme is None:
        reasons.append("no theme, so the draft actions are generic")
    elif play.theme_id != item.theme:
        reasons.append(f"theme {item.theme!r} has no playbook entry, so the draft actions are generic")
    elif confidence is not None and confidence < UNCERTAIN_THEME:
        reasons.append(f"theme uncertain (confidence {confidence:.2f}): check the theme, lead and playbook steps")
    elif not draft.fits:
        reasons.append(f"no {theme_names().get(item.theme, item.theme)} playbook step shares the item's subject: check the steps")
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


# --- what the item asks to change ----------------------------------------------------------------

# An item opens with who should act ("The LSCB should", "Senior leaders to") and an instruction
# ("Ensure that", "Further improve", "Take action to"): neither is what must change.
_MODALS = frozenset({"should", "must"})
_OPENERS = frozenset(
    """ensure ensuring improve improving further continue continuing to strengthen strengthening develop
    developing review reviewing increase increasing reduce reducing establish embed sustain secure raise
    urgently significantly rapidly swiftly carry out undertake implement address prioritise take steps
    action immediate urgent prompt and evaluate make sure achieve achieving complete build introduce provide agree promote clarify
    consider revise update produce publish extend set put collate analyse seek conduct monitor""".split()
)
# "When children go missing, ensure that ...": the condition comes before what must change.
_CONDITIONS = frozenset({"when", "where", "if", "once", "while", "for"})
_ARTICLES = frozenset({"the", "a", "an"})
# Qualities asked for before what they apply to ("effective monitoring of ...", "a timely return
# home interview"): the aspect, where one names it, but no part of the object.
_QUALIFIERS = frozenset(
    """more better greater stronger clearer improved effective sufficient robust rigorous good regular
    consistent timely appropriate clear high-quality strong""".split()
)
# Words that only measure what follows: "the level of critical challenge" is about the challenge.
_MEASURE_WORDS = frozenset({"level", "extent", "degree"})
# Respects no aspect measures, which may stand beside one: "the timeliness and effectiveness of
# pre-proceedings work", "the effectiveness of scrutiny and management oversight".
_OTHER_RESPECTS = frozenset({"effectiveness", "impact", "application", "implementation", "use"})
# Words that begin the verb of an "Ensure that <subject> <verb> ..." clause.
_VERBS = frozenset(
    """is are was were be been being has have had can could should will would must do does receive receives
    get gets provide provides understand understands comply complies meet meets know knows gain gains
    offer include includes use take make attend attends agree agrees record contain contains manage manages
    drive work hold benefit remain continue continues consider considers see sees identify identifies
    respond responds undertake undertakes complete completes carry carries supports enables informs reflects
    addresses follows""".split()
)
# A clause whose subject is people ("managers provide ...", "care leavers receive ...") asks for
# something done by or for them, and "there is ..." names nothing: the object is in the predicate.
_PEOPLE = frozenset(
    """managers manager leaders leader staff workers worker practitioners partners partner agencies board
    lscb authority council members iros officers officer partnership chairs professionals children child
    people leavers families carers parents adults everyone they he she there all""".split()
)
_PARTICIPLES = frozenset({"taken", "given", "seen", "held", "made", "done", "kept", "known", "put", "set"})
# "Appropriate action is taken to increase ...": the thing to change is in what follows.
_PLACEHOLDERS = frozenset({"action", "steps", "consideration", "attention", "priority", "focus"})
# After a comma these words start a new clause; "identify, track and respond" does not.
_CLAUSE_AFTER_COMMA = frozenset(
    """so including include particularly in to which who and with ensuring that as for especially where when
    while by through both not from at are is alongside supported underpinned""".split()
)
_CLAUSE_WORDS = frozenset({"so", "such", "including", "particularly", "especially", "ensuring", "which", "that", "where", "when", "whether", "because", "through"})  # fmt: skip
_PURPOSE_VERBS = frozenset({"ensure", "enable", "make", "improve", "reduce", "support", "help", "provide", "promote", "inform", "meet", "drive", "assure"})  # fmt: skip
_LINKS = frozenset({"of", "in", "for", "with", "to", "across", "within", "about", "on", "at"})
_LOOSE_ENDS = frozenset({"and", "or", "of", "the", "a", "an", "for", "to", "in", "with", ",", "-", "–", "on", "at", "by"})
MAX_OBJECT_WORDS = 16


@cache
def _tokenizer():
    import spacy  # a blank English tokenizer: no model to download, and only plans that parse load it

    return spacy.blank("en").tokenizer


def item_object(text: str) -> ItemObject | None:
    """What the item asks to change: "The timeliness of initial health assessments for children
    in care." -> "initial health assessments for children in care", aspect timeliness. None where
    nothing is left once the opening instruction is set aside."""
    text = _POINTER.sub("", text)
    tokens = [t for t in _tokenizer()(text) if not t.is_space]
    lower = [t.lower_.replace("’", "'") for t in tokens]
    i = _past_condition(lower, _after_actor(lower))
    opened = i
    i = _past_openers(lower, i)
    clause = i < len(lower) and lower[i] == "that"
    i = _past_condition(lower, i + clause)
    if clause or lower[opened:i][:1] in (["ensure"], ["ensuring"]):
        verb = _verb_at(lower, i)
        if verb is not None:
            subject_end = verb
            while subject_end > i + 1 and _adverb(lower[subject_end - 1]):
                subject_end -= 1  # "plans routinely include ...", "social workers always provide ..."
            if not _is_people(lower[i:subject_end]):
                # The aspect may be in the predicate: "conferences are held within timescales".
                return _object(text, tokens, lower, i, subject_end, [], _clause_end(lower, verb))
            i = _past_verb(lower, verb)
    elif i == opened and lower[i : i + 1] and lower[i] in _PEOPLE | _QUALIFIERS:
        verb = _verb_at(lower, i)  # "all are offered and receive a timely return home interview"
        if verb is not None and _is_people(lower[i:verb]):
            i = _past_verb(lower, verb)
    i, head = _aspect_head(lower, i)
    return _object(text, tokens, lower, i, len(lower), head, _clause_end(lower, i))


def _after_actor(lower: list[str]) -> int:
    """Past "The LSCB should" or "The BSCB to" at the start, if the item opens so."""
    for n, word in enumerate(lower[:8]):
        if word in _MODALS or (word == "to" and n and lower[n - 1].isalpha() and lower[n - 1].endswith("scb")):
            return n + 1 + (lower[n + 1 : n + 2] == ["need"]) if n + 1 < len(lower) else n
        if word in (",", "."):
            break
    return 0


def _past_condition(lower: list[str], i: int) -> int:
    if i < len(lower) and lower[i] in _CONDITIONS and "," in lower[i:]:
        return lower.index(",", i) + 1
    return i


def _past_openers(lower: list[str], i: int) -> int:
    start = i
    while i < len(lower) and lower[i] in _OPENERS:
        i += 1
    if i > start and i + 1 < len(lower) and lower[i] == "and" and lower[i + 1] not in _ARTICLES:
        i += 2  # "collate and analyse information", "review and strengthen the ..."
    if lower[i : i + 4] == ["work", "with", "partners", "to"]:
        return _past_openers(lower, i + 4)
    return i


def _is_people(subject: list[str]) -> bool:
    """Whether a clause's subject is people ("all social workers", "the board"), not a thing
    ("children's records")."""
    words = [w for w in subject if w not in _ARTICLES | _QUALIFIERS | {"all", "every", "each", "relevant"}]
    if not words or words[-1] in _PEOPLE | _PLACEHOLDERS:
        return True
    # "children and young people assessed as in need", "children in care": people described;
    # "child protection conferences", "children's records": things.
    return any(
        word in _PEOPLE and (n + 1 == len(words) or words[n + 1] in _LINKS | {"and", "who"} or words[n + 1].endswith("ed"))
        for n, word in enumerate(words[:3])
    )


def _past_verb(lower: list[str], verb: int) -> int:
    """The start of a clause's predicate past its verb: "provide regular supervision" -> "regular
    supervision"; "appropriate action is taken to increase the range" -> "the range"."""
    i = verb
    while i < len(lower) and _adverb(lower[i]):
        i += 1
    i += 1  # the verb itself: "managers provide ...", "the board reviews ..."
    while i < len(lower) and (
        lower[i] in _VERBS | _LINKS | _PARTICIPLES | _PLACEHOLDERS | {"and"} or _adverb(lower[i]) or lower[i].endswith("ed")
    ):
        i += 1
    return _past_openers(lower, i)


_NOT_ADVERBS = frozenset({"timely", "early", "family", "only", "likely", "friendly", "weekly", "monthly", "quarterly", "daily", "elderly"})  # fmt: skip


def _adverb(word: str) -> bool:
    return (word.endswith("ly") and word not in _NOT_ADVERBS) or word == "always"


def _verb_at(lower: list[str], start: int) -> int | None:
    """Where the verb of a clause starting at `start` begins, if within its first fourteen words."""
    relative = False
    for n in range(start + 1, min(start + 15, len(lower))):
        if lower[n - 1] == "to":
            continue  # "the system to manage contacts" names the system
        if lower[n] == "who":
            relative = True  # "children who are looked after have ...": the subject goes on
            continue
        if relative and (lower[n] in _VERBS or lower[n].endswith("ed") or lower[n] == "after"):
            relative = lower[n] in _VERBS
            continue
        if lower[n] in _VERBS or (_adverb(lower[n]) and n + 1 < len(lower) and lower[n + 1] not in _LINKS):
            return n
        if lower[n] in (",", ";", "."):
            return None
    return None


def _aspect_head(lower: list[str], i: int) -> tuple[int, list[str]]:
    """The aspects an item names before its object ("the quality and timeliness of ..."), and where
    the object starts."""
    start = i
    while i < len(lower) and lower[i] in _ARTICLES:
        i += 1
    if _aspect_at(lower, i) is None:
        while i < len(lower) and lower[i] in _QUALIFIERS:
            i += 1
    # "Managers' oversight of", "leaders' knowledge of": whose it is does not change what it is.
    for possessor in (1, 2):
        if i + possessor + 1 < len(lower) and lower[i + possessor] in ("'s", "'"):
            if _aspect_at(lower, i + possessor + 1):
                i += possessor + 1
            break
    if lower[i : i + 2] == ["approach", "to"]:
        return i + 2, []  # "a more robust approach to the use of the PLO"
    if i + 1 < len(lower) and lower[i] in _MEASURE_WORDS and lower[i + 1] == "of":
        return _aspect_head(lower, i + 2)
    if lower[i : i + 2] in ([w, "of"] for w in _OTHER_RESPECTS) and _aspect_at(lower, i + 2):
        return _aspect_head(lower, i + 2)
    found: list[str] = []
    j = i
    while (match := _aspect_at(lower, j)) is not None:
        name, width = match
        found.append(name)
        j += width
        if j < len(lower) and lower[j] in ("and", ",") and _aspect_at(lower, j + 1):
            j += 1
            continue
        if j + 2 < len(lower) and lower[j] == "and" and lower[j + 1] in _OTHER_RESPECTS and lower[j + 2] in _LINKS:
            j += 2
        break
    if found and j + 1 < len(lower) and _links(lower, j):
        j += 1 + (lower[j + 1] == "which")
        return j, list(dict.fromkeys(found))
    return start, []


def _links(lower: list[str], j: int) -> bool:
    """Whether an aspect at the head leads on to its object: "timeliness of", "capacity in"; not
    "capacity to manage" (a verb follows)."""
    if lower[j] != "to":
        return lower[j] in _LINKS
    return lower[j + 1] in _ARTICLES | _PEOPLE | {"all", "their", "its"}


def _aspect_at(lower: list[str], i: int) -> tuple[str, int] | None:
    for width in (4, 3, 2, 1):
        words = " ".join(lower[i : i + width])
        for aspect in aspects().values():
            if words in aspect.head:
                return aspect.name, width
    return None


def _clause_end(lower: list[str], start: int) -> int:
    return next((n for n in range(start, len(lower)) if lower[n] in {".", ";", *_CLAUSE_WORDS}), len(lower))


def _stop(lower: list[str], start: int, end: int) -> int:
    """Where the phrase starting at `start` ends: at a full stop, a new clause ("so that",
    ", including", "to ensure", "which", a verb), or the means ("by", "through")."""
    stop, relative = start, False
    while stop < end:
        word = lower[stop]
        following = lower[stop + 1] if stop + 1 < len(lower) else ""
        if word in (".", ";", ":", "?") or (word == "," and following in _CLAUSE_AFTER_COMMA):
            break
        relative |= word == "who"  # "children who are not yet approved": the cohort, not a new clause
        if stop > start and (
            word in _CLAUSE_WORDS
            or (word == "to" and following in _PURPOSE_VERBS)
            or (word == "in" and following == "order")
            or (word in ("is", "are", "was", "were") and not relative)
            or (word == "and" and following in _OPENERS | {"assure"})
            or (word == "by" and stop > start + 2 and following != "and")
            or (word == "within" and (following.startswith(("timescale", "statutory")) or following.isdigit()))
        ):
            break
        stop += 1
    return stop


def _object(
    text: str, tokens, lower: list[str], start: int, end: int, head: list[str], clause_end: int
) -> ItemObject | None:
    """The object from `start`, cut at its phrase's end; its aspects from the head, else from the
    item's words up to the object's end (or `clause_end`, past it)."""
    stop = _stop(lower, start, end)
    if sum(word.isalpha() for word in lower[start:stop]) > MAX_OBJECT_WORDS:
        stop = next((n for n in range(start + 5, stop) if lower[n] in (",", "and")), stop)
    while start < stop and (lower[start] in _QUALIFIERS or (lower[start] in _ARTICLES and lower[start + 1 : start + 2] and lower[start + 1] in _QUALIFIERS)):
        start += 1 + (lower[start] in _ARTICLES)  # "a timely return home interview" is a return home interview
    if stop > start + 2 and lower[stop : stop + 1] == ["by"] and lower[stop - 1].endswith("ed"):
        stop -= 1  # "critical challenge provided (by ...)"
    while stop > start and lower[stop - 1] in _LOOSE_ENDS:
        stop -= 1
    while start < stop and lower[start] in _LOOSE_ENDS - _ARTICLES:
        start += 1
    if start >= stop:
        return None
    words = text[tokens[start].idx : tokens[stop - 1].idx + len(tokens[stop - 1].text)]
    first = tokens[start].text
    if start == 0 and first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        words = words[0].lower() + words[1:]  # the item's capital, not a name's
    last = tokens[min(max(stop, clause_end), len(tokens)) - 1]
    named = head or _aspects_named(text[: last.idx + len(last.text)])
    return ItemObject(text=words, aspects=tuple(named[:2]))


def _aspects_named(text: str) -> list[str]:
    """Aspects an item names in its main clause, earliest first: "Ensure that conferences are held
    within statutory timescales" is about timeliness."""
    found = [(match.start(), aspect.name) for aspect in aspects().values() if (match := aspect.cues.search(text))]
    return [name for _, name in sorted(found)]
