"""The draft rows: each improvement item's actions, lead, measure and dates, and why a person
should check it first."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Mapping

from ..schema import ActionPlanRow, AreaKey, DateSpan, ImprovementItem, InspectionReport, ItemKind, ReportPart
from .dates import plan_due, report_label, target, urgency
from .items import (
    ItemObject,
    as_board,
    content_terms,
    coordinated,
    has_verb,
    item_object,
    item_result,
    means_result,
    listed_parts,
    noun_phrase,
    object_kind,
    own_purpose,
    result_about_casework,
)
from .review import counts_activity, ends_cut, fragment, misread_object, names_nothing, reread, unnamed_terms
from .playbook import (
    cohorts,
    GENERAL_PLAY,
    KINDS,
    NO_ASPECT,
    Mechanism,
    Owner,
    Play,
    aspect_steps,
    aspect_templates,
    aspects,
    FocusTerm,
    focus,
    kind_of,
    mechanism_of,
    mechanisms,
    owners,
    owners_in,
    playbook,
    process_templates,
    subjects,
    term_matches,
    theme_names,
)

# The primary theme's lead over the runner-up, as a share of its score, below which the theme is a
# guess between two (`theme_confidence`). On the 411 labelled items (`findings-lab evaluate-nlp`) 0.74
# of those below it have the right theme, 0.96 of those above: it marks 26% of items and 28 of
# the 41 wrong themes.
UNCERTAIN_THEME = 0.2
# On the enrich stage's scale the best paragraph scores 0.6 to 1 on shared words alone, more where it
# also names the item's services, cohorts or processes, speaks to its theme and criticises: below 0.8
# it shares words and little else.
WEAK_EVIDENCE_SCORE = 0.8

# Where the theme's own judgement area is not in this report's framework, the nearest one that is.
_AREA_FALLBACKS = {
    AreaKey.HELP_AND_PROTECTION: (AreaKey.HELP_AND_PROTECTION,),
    AreaKey.CHILDREN_IN_CARE: (AreaKey.CHILDREN_IN_CARE, AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS),
    AreaKey.CARE_LEAVERS: (
        AreaKey.CARE_LEAVERS,
        AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        AreaKey.CHILDREN_IN_CARE,
    ),
    AreaKey.IMPACT_OF_LEADERS: (AreaKey.IMPACT_OF_LEADERS, AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE),
}

# A SIF recommendation may end with its evidence pointer after the full stop: "... plans. (Paras 59, 76)".
_TRAILING_POINTER = re.compile(r"\s*\([^()]*\)\s*$")


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
    ordered = sorted(report.improvements, key=lambda item: (item.kind is not ItemKind.PRIORITY_ACTION, item.item_no))
    published = report.published or published
    confidences = [theme_confidence(item) for item in ordered]
    visited = visited_cohort(report)
    drafts = [_draft(item, parse_items, confidence, visited) for item, confidence in zip(ordered, confidences)]
    actions = distinct_actions(drafts)
    shared = _Shared(
        report_label(report),
        plan_due(report, published),
        {paragraph.para_no: paragraph.section for paragraph in report.paragraphs},
    )
    return [
        _row(
            report, item, str(ref), published, (timescales or {}).get(item.item_no), draft, numbered, confidence, shared
        )
        for ref, (item, draft, numbered, confidence) in enumerate(zip(ordered, drafts, actions, confidences), start=1)
    ]


@dataclass(frozen=True)
class _Shared:
    """What every row of a report takes from the report alone, worked out once for them all."""

    label: str
    plan_due: dt.date | None
    section_of: Mapping[int, str | None]  # each paragraph's section


@dataclass(frozen=True)
class Draft:
    """An item's proposed response before the report's rows are made distinct from each other."""

    play: Play
    object: ItemObject | None
    actions: tuple[str, ...]  # the object's own action first, then the playbook steps that fit
    fits: bool  # some playbook step shares the item's subject
    measure_fits: bool = False  # the playbook's success measure is about the item's subject
    borrowed: bool = False  # the play is another theme's, whose steps share more of an uncertain item's subject
    mechanism: Mechanism | None = None  # the mechanism the object is, whose purpose gives the measure
    purpose: str | None = None  # the result the item asks for, where the measure would otherwise count work done
    parts: tuple[str, ...] = ()  # the things the item lists, each of which the measure must cover
    theme_measure: str | None = None  # the theme's measure without its clauses of time, where the item asks none
    cut: bool = False  # the object is a fragment of the ask: the row is built on the item's whole ask
    state: str | None = None  # what the item asks its casework consistently to be or do, audited team by team


def _visited(report: InspectionReport) -> Owner | None:
    """The cohort a letter's visit looked at, where its focus names one alone ("arrangements for
    children in care"): none for a report, or a visit to several cohorts."""
    return _cohort_of_focus((report.focus or "").lower())


_PERMANENCE_VISIT = re.compile(r"\barrangements for (?:achieving )?permanence\b")


@lru_cache(maxsize=64)  # asked again for every item of the letter (`owner`)
def _cohort_of_focus(focus: str) -> Owner | None:
    if _PERMANENCE_VISIT.search(focus):
        # A visit to the arrangements for permanence looks at children in care, which its focus
        # does not name: their care plans are the children in care service's.
        focus = "children in care"
    named = [o for o in owners() if o.cohort and o.pattern.search(focus)]
    return named[0] if len(named) == 1 else None


def visited_cohort(report: InspectionReport) -> dict[str, str]:
    """The visit's cohort as a step's slot, where a service of its own leads it: children in need's
    and children on protection plans' visits are to two cohorts, whose steps keep the play's words."""
    visited = _visited(report)
    named = {term.name for _, _, term in term_matches(report.focus or "") if term.slot == "cohort"}
    return {"cohort": named.pop()} if visited and visited.lead and len(named) == 1 else {}


def _visiting(play: Play, visited: Mapping[str, str] | None) -> Mapping[str, str]:
    return visited or {} if play.slots["cohort"] not in cohorts() else {}


def _draft(
    item: ImprovementItem,
    parse_items: bool = True,
    confidence: float | None = 1.0,
    visited: Mapping[str, str] | None = None,
) -> Draft:
    """`visited` is the cohort the visit looked at, which the steps take where the item names none
    and the play's own is no cohort ("children and families"): a children in care play's health
    assessments stay children in care's in a care leavers visit."""
    play = playbook().get(item.theme or GENERAL_PLAY) or playbook()[GENERAL_PLAY]
    thing = reread(found) if parse_items and (found := item_object(item.text)) else None
    if thing is None:
        slots = {**play.slots, **_visiting(play, visited), **focus(item.text)}
        return Draft(play, None, tuple(action.format(**slots) for action in play.actions), True)
    if item.part is ReportPart.LSCB:
        thing = as_board(thing)
    if "participation" in thing.aspects and (
        (_AGENCIES.search(thing.head) and not _CHILDREN.search(thing.head)) or _BODY.search(thing.head)
    ):
        # "The involvement of health agencies in strategy discussions" asks agencies to take part,
        # not children's and families' views of them: what they take part in, or its theme, measures it.
        thing = replace(thing, aspects=tuple(name for name in thing.aspects if name != "participation"))
    if (
        thing.aspects[:1] == ("oversight",)
        and thing.kind in ("casework", "services")
        and _OVERSEERS.search(item.text)
        and not _MANAGERS_OVERSIGHT.search(item.text)
    ):
        # "Monitor the progress of over-16s through the virtual head", "escalation by IROs to challenge
        # plans": the item names who oversees, and they are not managers, whom the oversight template
        # sets to record theirs. What they oversee is measured by its other aspect, its theme, the
        # result the item states or its kind. Oversight the item names as such ("the oversight of care
        # plans by IROs") and supervision, the workforce's own, keep the template.
        thing = replace(thing, aspects=thing.aspects[1:])
    thing, council = _as_childrens_council(thing, item.text)
    about = subjects(item.text) | {thing.kind}
    if thing.board:
        about -= _CASEWORK_SUBJECTS  # the board's business plan is not a child's plan
    core = own_core = subjects(thing.text) & about
    particulars = _particulars(item.text, thing)
    if particulars:
        # "Services for care leavers, particularly the range of suitable accommodation, responses to
        # emotional health needs and ...": the object names only whom the service is for, and the
        # particulars are what must change: each step must be about one of them, not the service.
        core = frozenset().union(*particulars) & about
    steps = _fitting(play, about, core)
    borrowed = False
    if play.theme_id == item.theme and confidence is not None and confidence < UNCERTAIN_THEME:
        # The theme is a guess between two: the playbook whose steps are about more of the item's
        # terms (not merely its kind of object) is the better guess.
        named = about - set(KINDS)
        central = named & subjects(thing.text)  # the object's own terms count twice

        def covered(other: Play) -> int:
            return len(named & other.topics) + len(central & other.topics)

        other = max(playbook().values(), key=covered)
        if covered(other) > covered(play):
            play, steps, borrowed = other, _fitting(other, about, core), True
    terms = {**_visiting(play, visited), **focus(item.text)}
    # A step must name something the item is about: one of its content words, or a term both name,
    # in the step's own words or the service or process it takes from the item because it is about
    # them; not the item's cohort, which every step takes: a step tagged with the item's subjects
    # but naming none of them ("hold each agency to account through the corporate parenting board"
    # for a children's-views item) is about something else.
    named, named_terms = content_terms(item.text), subjects(item.text)
    steps = [step for step in steps if _names(_filled(play, step, {**terms, "cohort": ""}), named, named_terms)]
    # So does a council's document or arrangement whose respects no aspect names ("the clarity and
    # structure of letters before proceedings"), where nothing in the item asks about time, progress,
    # oversight or stability (Derbyshire 2025's letter).
    delay_off = (
        thing.aspects
        and not any(name in thing.aspects or aspects()[name].cues.search(thing.text) for name in _AGAINST_DELAY)
    ) or (
        not thing.aspects
        and thing.kind == "governance"
        and not (_TIME_ASK.search(item.text) or _PROGRESS.search(item.text))
        and not any(aspects()[name].cues.search(item.text) for name in _AGAINST_DELAY)
    )
    if delay_off:
        # A step about delay ("audit ... for drift and delay") is another aspect's work where the item
        # names its own and the object names none that acts on delay: the quality of letters before
        # proceedings is not their pace, where the quality of IROs' challenge is about stopping drift.
        steps = [step for step in steps if not _DELAY.search(step)]
    # A step is about what it names, in its own words or the slots its play fills where the item
    # names nothing for them ("child protection plans" for an item on planning as children come into
    # care): one that names more subjects the item does not name than it does is about something
    # else, whichever theme it comes from ("a target number of local foster carers" for the
    # sufficiency of accommodation for care leavers).
    # The cohort every step takes is the item's, or its play's where the item names none: its words
    # make a step about no other subject.
    cohort = frozenset({terms.get("cohort", play.slots["cohort"])})
    fitting = [
        text for step in steps if _on_subject(play, text := _filled(play, step, terms), named_terms, aside=cohort)
    ]
    # Which steps are shown reads the item's terms as a step's are read, without the qualifiers
    # inside a longer term; whether the theme fits at all (and the flag) does not turn on it.
    own_terms = _qualifiers_dropped(item.text)
    filled = [text for text in fitting if _on_subject(play, text, own_terms, aside=cohort)]
    if len(filled) < 2 and (core or named_terms - _MEANS):
        # Too few of the theme's steps are about the item: those of other themes that name only
        # what the item names, and share the object's own subjects, those sharing most first.
        filled += _borrowed_steps(play, about, core, named, named_terms, terms, bool(delay_off), filled)
    if particulars:
        filled = _each_particular(filled, particulars, play, about, named, named_terms, terms, bool(delay_off))
    fits = bool(fitting or filled)
    if thing.board or council:
        # A board hears children, scrutinises and holds partners to account: a step on children's
        # own casework (what they say about their plans, case records audited), borrowed or not, is
        # the service's work, not the board's, unless the item names that casework itself (hearing
        # children "with a child protection plan"). So is it not a children's council's or forum's.
        casework = _CHILDS_CASEWORK - named_terms
        filled = [text for text in filled if not subjects(text) & casework]
    # "Designated officer arrangements" exist to resolve allegations in time: reviewing them, or
    # recording challenge about them, measures the activity and not what it is for. Where the item
    # asks for the time taken, the record kept, stability or numbers, those are what it is for.
    mechanism = None if set(thing.aspects[:1]) & _COUNTED else mechanism_of(thing.head, item.text)
    misread = misread_object(thing) is not None
    cut = not misread and fragment(thing, item.text) is not None
    if not misread and not cut:
        # Last, a step from the item's own ask, taken where fewer than two of the playbook's remain
        # (too few fit, or earlier rows of the report took them), so that no row is only a review
        # and a progress check. An object misread (the item's verb kept, people alone) would carry
        # its slip into a second line.
        filled.append(own_step(thing, mechanism))
    # Where the measure would count the work done (a framework reviewed, challenges tracked, audits
    # held, plan actions on track) or users' general satisfaction, the result the item names is
    # measured instead: the work is not the change. Where no aspect or known mechanism measures the
    # item, so is a result it states as a clause ("so that service effectiveness can be evaluated",
    # "Ensure that care leavers are in education, employment or training"), not the theme's measure.
    # Where the theme is a guess, so is the fit of its measure to words elsewhere in the item: it
    # must be about the object's own terms, else the object (its aspect, its kind, the result the
    # item states) is measured in its own words.
    # And a sure theme's measure that is about a term elsewhere in the item must also name something
    # the item is about (`content_terms`, in its words or its subjects'): plan actions on track do not
    # measure online-safety work because the item mentions the partnership.
    uncertain = confidence is not None and confidence < UNCERTAIN_THEME
    measure_fits = bool(
        # A guessed theme's measure is about the object's own terms, not its particulars'.
        play.measure_subjects & (own_core if borrowed else core)
        or (
            not uncertain
            and play.measure_subjects & about
            and content_terms(" ".join((play.success_measure, *play.measure_subjects))) & content_terms(item.text)
        )
    )
    if measure_fits and _sibling_measure(play, named_terms):
        measure_fits = False
    if measure_fits and _FALLING.search(play.success_measure.split(", and ")[0]) and not _FEWER.search(item.text):
        # A rate the measure brings down ("early help cases stepped up ... (target: falling)") is the
        # item's result only where it asks for less: "improve systems for stepping up support when
        # needs warrant it" asks for step-ups when they are needed, not fewer of them.
        measure_fits = False
    theme_measure = None
    timed, more = _TIME_ASK.search(item.text), _MORE.search(item.text)
    if measure_fits and not play.process_measure and not (timed and more):
        # A theme's measure of time (within 45 working days, a permanence plan by the second review)
        # is the item's result only where it asks about time: "improve the analysis in assessments"
        # is not met by assessments done in time. So is a count it raises ("notifications received
        # (target: rising)") only where the item asks for more: the response to privately fostered
        # children is not how many are notified. So is partners' attendance only where it asks who
        # takes part: what strategy meeting records show, or written reports for conferences, are not
        # who was present (Northumberland 2018's and Lambeth 2023's letters). Its other clauses stay
        # where they name what the item is about; with none, the object's own aspect, result or kind
        # measures it.
        clauses = play.success_measure.split(", and ")
        attends = _ATTENDANCE_ASK.search(item.text)
        kept = [
            clause
            for clause in clauses
            if (timed or not _TIME_MEASURE.search(clause))
            and (more or not _RISING.search(clause))
            and (attends or not _ATTENDANCE.search(clause))
        ]
        if len(kept) < len(clauses):
            kept = [clause for clause in kept if _names(clause, named, named_terms)]
            theme_measure = _sentence(", and ".join(kept)) if kept else None
            # An object misread (a verb phrase, the whole item) fills no template: the theme's
            # measure, which names no slot, stays.
            measure_fits = bool(kept) or misread
    fitted = theme_measure or play.success_measure
    if measure_fits and (workforce := _as_workforce(fitted, item.text)) != fitted:
        theme_measure = workforce
    filled = [_as_workforce(text, item.text) for text in filled]
    if (
        measure_fits
        and not (mechanism or thing.aspects)
        and not counts_activity(aspect_templates()[(NO_ASPECT, thing.kind)][1])
        and not misread
        and _leaves_out(thing, theme_measure or play.success_measure)
        and not (listed_parts(item.text, thing) or coordinated(thing.text)[1])
    ):
        # A theme's measure that names none of what the object is ("parental consent to
        # information-sharing in the MASH" against contacts decided in a day), or under half of its
        # subjects, measures a neighbour:
        # the measure of the object's kind judges the object itself, in its own words, where that
        # measure judges a result rather than counting activity (an audit grade, staff meeting a
        # standard, a council's or board's arrangement judged effective in an independent review:
        # links with a family justice board are not plan actions on track), the object is read
        # right, and it lists no parts for the theme's measure to be joined by.
        measure_fits = False
    if measure_fits and not (mechanism or thing.aspects):
        # "Risk assessments to articulate measures to address and minimise risk", "assessments and
        # plans that respond to changes in children's circumstances": the item asks for one feature
        # of its casework, which a grade of that casework in general does not measure (Brent 2019's
        # and Cheshire East 2018's letters): the audit counts the cases that show the feature.
        theme_measure = _feature_measure(item.text, thing, theme_measure or play.success_measure) or theme_measure
    # An object that no mechanism, aspect or theme measures and none of whose words has a kind ("the
    # 'pledge'", "the successful action taken") is not known to be casework: a case audit of it
    # measures nothing, and a result the item states measures it instead.
    known = mechanism or thing.aspects or measure_fits or any(map(kind_of, thing.text.lower().split()))
    process = _process(thing, mechanism, play, measure_fits) or not known
    purpose = item_result(item.text, thing) if process or not (mechanism or thing.aspects) else None
    if process and purpose is None:
        # "Improve the service to care leavers by ensuring that there is a sufficient range of
        # support": what the item makes the object better by is the result, not users' satisfaction
        # with it. Else nothing outside the object says what it is for, but the object may
        # ("partnership arrangements to enable effective working together"): that, not the work
        # done, is the result.
        purpose = (
            means_result(item.text) or _state_of_named_mechanism(item.text, thing, mechanism) or own_purpose(thing)
        )
    if (
        process
        and purpose is None
        and mechanism is not None
        and not _judged(thing, mechanism)
        and _RESULT_HEAD.match(thing.text)
        and not _CHECKS_CHANGE.search(mechanism.measure)
    ):
        # "Learning and change as a result of complaints": the object is the result a mechanism
        # brings, which counting the mechanism's own work (complaints answered in time) does not
        # measure, unless the measure also checks the change in practice (case reviews' actions, with
        # the change checked in audit six months later).
        purpose = f"of {thing.text}"
    if measure_fits and not process and purpose is not None and " working to " in purpose:
        # "To help them ...": what the object is for, which the theme's measure about the item may
        # measure; where none does, that purpose measures it, not the object graded against a standard.
        purpose = None
    first = object_action(thing, mechanism)
    state = None if mechanism or misread or cut else _consistent_state(item.text, thing)
    if state:
        first = first.replace(
            f"standard for {thing.text} across all teams,", f"standard across all teams by which {state},"
        )
    if cut:
        # A fragment of the ask ("making sure", "work with some children", cut from "by out-of-hours
        # staff when children need to come into care") fills no template: the first action and the
        # measure take the item's whole ask in its own words, and the row stays flagged (`review_reasons`).
        first, purpose = whole_ask(item.text, thing.kind)
    return Draft(
        play,
        thing,
        (first, *filled),
        fits,
        measure_fits,
        borrowed,
        mechanism,
        purpose,
        listed_parts(item.text, thing),
        theme_measure,
        cut,
        state,
    )


# The mechanism whose object is a council or forum of children in care or care leavers.
CHILDRENS_COUNCIL = "children's council"


def _as_childrens_council(thing: ItemObject, text: str) -> tuple[ItemObject, bool]:
    """The object as the children's council or forum the item names, and whether it is one.
    Participation in it ("increase the participation of children looked after and care leavers in
    the Children in Care Council", "the voice and influence of young people through the care leaver
    forum") and an object naming it ("the influence of the Children in Care Council and the extent to
    which ...") are the body's work, which the corporate parenting board hears: not children's views
    recorded case by case, nor asked of them through another body (Sutton 2017, Wokingham 2022's and
    East Riding of Yorkshire 2024's letters). The object is the body, by its printed name."""
    body = next(found for found in mechanisms() if found.name == CHILDRENS_COUNCIL)
    named = body.objects.search(text)
    if named is None or not ("participation" in thing.aspects or body.objects.search(thing.text)):
        return thing, False
    start = named.start() - 4 if text[max(named.start() - 4, 0) : named.start()].lower() == "the " else named.start()
    name = text[start : named.end()]
    return replace(thing, text=name, head=name, kind="governance", bare=""), True


# Workforces other than social workers that an item may name as its own, each by its singular.
_OTHER_WORKFORCES = (
    ("personal adviser", re.compile(r"\b(?:personal advis[eo]rs?|(?-i:PAs?))\b", re.IGNORECASE)),
    (
        "independent reviewing officer",
        re.compile(r"\b(?:independent reviewing officers?|(?-i:IROs?))\b", re.IGNORECASE),
    ),
    ("family support worker", re.compile(r"\bfamily support workers?\b", re.IGNORECASE)),
)
_SOCIAL_WORKERS = re.compile(r"\b([Ss])ocial worker(s?)\b")


def _as_workforce(text: str, item_text: str) -> str:
    """A step or measure of social workers' posts and caseloads as one of the workforce the item
    names instead, where it names another and not social workers: "the caseloads of personal
    advisers" are not measured by social workers' (West Sussex 2024's letter)."""
    if _SOCIAL_WORKERS.search(item_text) or not _SOCIAL_WORKERS.search(text):
        return text
    role = next((name for name, pattern in _OTHER_WORKFORCES if pattern.search(item_text)), None)
    if role is None:
        return text
    return _SOCIAL_WORKERS.sub(lambda found: (role.capitalize() if found[1] == "S" else role) + found[2], text)


def _consistent_state(text: str, thing: ItemObject) -> str | None:
    """What an item asks its casework consistently to be or do, with the casework ("assessments of
    need take into account culture and ethnicity" in "Ensure that assessments of need consistently
    take into account culture and ethnicity, so that ..."): the standard each team is audited
    against, which "met the practice standard" leaves out (Sutton 2017). None where the aspect is
    not consistency, or the state is not said after the object."""
    if thing.aspects[:1] != ("consistency",) or thing.kind != "casework":
        return None
    found = re.search(rf"\b{re.escape(thing.text)} ((?:are |is )?)consistently ([a-z][^,.;:()]+)", text, re.IGNORECASE)
    if found is None or len(found[2].split()) > 24:
        return None
    return f"{thing.text} {found[1]}{found[2].strip()}"


def _sibling_measure(play: Play, named_terms: frozenset[str]) -> bool:
    """Whether the theme's measure is about another of the subjects its theme covers than the item's:
    a theme of neglect and domestic abuse measures "audited neglect cases", which an item on services
    where domestic abuse is identified, naming no neglect, is not measured by (Lewisham 2019)."""
    own = subjects(play.success_measure) & play.measure_subjects
    return bool(own) and not own & named_terms and bool((play.measure_subjects - own) & named_terms)


def _state_of_named_mechanism(text: str, thing: ItemObject, mechanism: Mechanism | None) -> str | None:
    """The state an "Ensure that ..." item asks of a mechanism whose respects are only its own name:
    "Ensure that performance information provides information about the impact of the strategies"
    reads the understanding aspect from "performance information" itself, but asks what the
    information is to do, which its being complete and on time does not show. None where the item
    names a respect of its own ("the timeliness of performance data") or no mechanism."""
    if mechanism is None or not thing.aspects:
        return None
    unnamed = mechanism.objects.pattern.sub(" ", thing.text)
    if any(aspects()[name].cues.search(unnamed) for name in thing.aspects):
        return None
    return item_result(text, replace(thing, aspects=()))


# Who takes part, where an item asks for agencies' part rather than children's.
_AGENCIES = re.compile(r"\b(?:agenc(?:y|ies)|partners?|police|professionals|practitioners)\b", re.I)
# A body whose influence or involvement an item asks for, by the last word of the object's head.
_BODY = re.compile(r"\b(?:board|partnership|virtual school|\w*scb|\w*scp)(?:\s*\([^()]*\))?$", re.I)
_CHILDREN = re.compile(r"\b(?:child(?:ren)?|young|famil(?:y|ies)|parents|carers|leavers)\b", re.I)


# The head of an object that is what a mechanism brings about, not the mechanism.
_RESULT_HEAD = re.compile(
    r"(?:the )?(?:learning|lessons|impact|changes?|improvements?|outcomes?)(?: and \w+| learn(?:ed|t))? (?:from|of|as a result of)\b",
    re.I,
)


_CHECKS_CHANGE = re.compile(r"\bchange in practice\b|\bshowing the change\b", re.I)


# Who oversees or challenges children's casework besides their managers, where an item names them.
_OVERSEERS = re.compile(
    r"\b(?:independent reviewing officers?|iros?|(?:conference )?chairs?|virtual (?:school|head)\w*)\b", re.I
)
_MANAGERS_OVERSIGHT = re.compile(r"\bmanage(?:rs?|ment|rial)\b|\boversight of\b", re.I)


# What a contribution is to, in the object's words, short of who makes it ("... from key partners").
_CONTRIBUTED_TO = re.compile(
    r"\b(?:contributions?|involvement|engagement|attendance)(?: of [^,]+?)? ((?:to|at|in) .+?)(?: from .*)?$",
    re.IGNORECASE,
)


def _leaves_out(thing: ItemObject, measure: str) -> bool:
    """Whether a theme's measure leaves out most of what the object is: all its words and heads, or
    more than half of the subjects it names other than means ("children who go missing from care or
    at risk of criminal exploitation" against risk assessments of children at risk of
    exploitation). A measure of a kind of thing ("plans") names each kind of it ("child in need
    plans"), and one that names no group of children is about any group."""
    if names_nothing(thing, measure):
        return True
    wanted, named = subjects(thing.text) - _MEANS, _said(measure)[1]
    anyone = not named & cohorts()
    covered = sum(term in named or term.split()[-1] in named or (anyone and term in cohorts()) for term in wanted)
    return 2 * covered < len(wanted)


def _feature_measure(text: str, thing: ItemObject, measure: str) -> str | None:
    """The audit of the feature an item asks of its casework, where a measure grades that casework
    in general ("audited assessments graded good or better") and names none of the feature's words:
    its purpose in the object ("risk assessments | to articulate measures ...") or a closing clause
    after it ("assessments and plans | that respond to changes ..."), not a state ("that are ...")."""
    grade = _GRADE.search(measure)
    if grade is None:
        return None
    own = thing.text[len(thing.head) :].strip()
    after = (
        text[text.lower().find(thing.text.lower()) + len(thing.text) :] if thing.text.lower() in text.lower() else ""
    )
    # A purpose of a document of casework ("risk assessments | to articulate ..."), not what a
    # response, an ability or support is to ("the response | to risks", "ability | to sustain change").
    purposed = own.startswith("to ") and thing.head.lower().endswith(_DOCUMENTS)
    subject, feature = (thing.head, own[3:]) if purposed else (thing.text, "")
    clause = _CLOSING_CLAUSE.match(after)
    if not feature and clause and not own:
        feature = clause.group(1)
    if not feature:
        return _graded_for_whom(thing, measure)
    if (
        not feature
        or len(feature.split()) > 16
        or not content_terms(feature)
        or content_terms(feature) & content_terms(measure)
    ):
        return None
    subject = subject[0].lower() + subject[1:] if subject[1:2].islower() else subject
    return f"Percentage of audited cases in which {subject} {feature} (target: {grade.group(1)})"


def _graded_for_whom(thing: ItemObject, measure: str) -> str | None:
    """A grade of casework in general, of the casework of those the object names ("the assessment of
    children looked after placed with parents": audited assessments of them), where the measure names
    none of their words (Devon 2020)."""
    graded = _GRADED.search(measure)
    if graded is None:
        return None
    whom = re.match(rf"(?:the )?{re.escape(graded[1].removesuffix('s'))}s? ((?:of|for) .+)$", thing.text, re.I)
    if (
        whom is None
        or has_verb(whom[1])
        or not content_terms(whom[1])
        or content_terms(whom[1]) & content_terms(measure)
    ):
        return None
    return measure[: graded.end(1)] + f" {whom[1]}" + measure[graded.end(1) :]


_GRADED = re.compile(r"\baudited ([a-z]+) graded good or better\b")
_DOCUMENTS = ("assessment", "assessments", "plan", "plans", "records", "reports", "chronologies")
_GRADE = re.compile(r"\bgraded good or better \(target: (\d+%)\)", re.IGNORECASE)
# "... that respond to changes in children's circumstances." to the item's end, not a state ("that are").
_CLOSING_CLAUSE = re.compile(
    r"\s+that\s+(?!(?:is|are|be|been|was|were|the|a|an|their|its|all|every|any|this|these|those)\b)([^.;:]+)\.?\s*$",
    re.IGNORECASE,
)


def _names(text: str, words: frozenset[str], terms: frozenset[str]) -> bool:
    """Whether a text names one of an item's content words or terms."""
    said, named = _said(text)
    return bool(said & words or named & terms)


@lru_cache(maxsize=4096)  # a playbook's steps are read for every item of its theme
def _said(text: str) -> tuple[frozenset[str], frozenset[str]]:
    return content_terms(text), subjects(text)


# Subjects that say how a step is done or to whom it is reported (an audit, data, a board, a plan
# with its actions), not what it is about; and risk, which any safeguarding step names.
_MEANS = frozenset(
    {"audits", "quality assurance", "data", "performance information", "governance", "case records", "plans"}
    | {"training", "decisions", "reviews", "the corporate parenting board", "the safeguarding partnership", "risk"}
)


def _on_subject(
    play: Play, step: str, named_terms: frozenset[str], strict: bool = False, aside: frozenset[str] = frozenset()
) -> bool:
    """Whether a step, as filled for the item, names no more things the item leaves unnamed than it
    names (`strict`: none it leaves unnamed, and one it names besides a means), leaving out the
    things named by the terms set `aside` (what its slots take). The play's partners are who a step
    works with ("police and health attendance"), not what it is about."""
    means = _MEANS | play.partner_terms
    things = [names - means for names in _things(step) if not (names <= means or names & aside)]
    if strict:  # every term of every thing named: "personal education plans" is not education
        return bool(things) and all(names <= named_terms for names in things)
    unnamed = sum(not names & named_terms for names in things)
    return 2 * unnamed <= len(things)


def _qualifiers_dropped(text: str) -> frozenset[str]:
    """The terms a text names, less those said only inside a longer term's words as a qualifier of
    it: "missing" in "children missing education" (whose name ends in what the group is about,
    education) names no missing child, where "children who go missing" are what "missing" names;
    and those said of a later process (`_of_later_process`)."""
    found = term_matches(text)
    named = frozenset(
        term.name
        for start, end, term in found
        if all(
            outer.name.endswith(term.name)
            for a, b, outer in found
            if a <= start and end <= b and (a, b) != (start, end)
        )
        and not _of_later_process(text, end, term, found)
        and not _AWAITED.search(text, 0, start)
    )
    # Which children an item is about names their plans only as theirs where it names a subject of
    # its own other than plans: the visits to "children on child protection plans" are visits, where
    # the work for "children subject to child protection plans", or "all plans for ... children
    # subject to child protection plans", is those plans' work.
    whose = {start: bool(_WHOSE.search(text, 0, start)) for start, _, _ in found}
    cohort = frozenset(term.name for start, _, term in found if whose[start] and term.name.endswith("plans"))
    cohort -= frozenset(term.name for start, _, term in found if not whose[start])
    others = named - cohort
    return others if others and not any(name.endswith("plans") for name in others) else named


# "cases awaiting social work assessment": a process named only as what the cases wait for is not
# the item's subject (Durham 2019's allocation took assessment-quality steps).
_AWAITED = re.compile(r"\b(?:awaiting|waiting for|pending)(?: an?| the| their)?(?: [a-z-]+){0,2} $", re.IGNORECASE)
# "children on child protection plans" (Stoke-on-Trent 2024's visits took plan steps).
_WHOSE = re.compile(
    r"\b(?:children|young people)(?: who are)? (?:on|subject to)(?: an?| the| their)?(?: [a-z-]+){0,2} $",
    re.IGNORECASE,
)


# "for holding an": a few words between a process and the process it is said of, none of them joining
# a second thing to the first ("supervision for personal advisers and management oversight").
_FOR_PROCESS = re.compile(r"\s+for\b(?:\s+(?!(?:and|or)\b)[a-z]+){0,3}\s+", re.IGNORECASE)


def _of_later_process(text: str, end: int, term: FocusTerm, found: tuple[tuple[int, int, FocusTerm], ...]) -> bool:
    """Whether a process is named only as a step of another process the item names next ("thresholds
    for holding an initial child protection conference"): it is that process's own, decided where
    that process is, and the steps of the first process's setting (threshold decisions at the front
    door) are about something else."""
    return term.slot == "process" and any(
        outer.slot == "process" and outer.name != term.name and _FOR_PROCESS.fullmatch(text, end, start)
        for start, _, outer in found
        if start > end
    )


@lru_cache(maxsize=4096)  # the same steps are read for many items
def _things(step: str) -> tuple[frozenset[str], ...]:
    """The things a step names: the terms at each place it names something, those sharing a term
    joined ("children's homes places" and "placements"); a word inside a longer term's words
    ("education" in "personal education plans") is that term's."""
    found = term_matches(step)
    spans = {(start, end) for start, end, _ in found}
    tags: dict[int, set[str]] = {}
    for start, end, term in found:
        if not any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans):
            tags.setdefault(start, set()).add(term.name)
    things: list[frozenset[str]] = []
    for names in map(frozenset, tags.values()):  # a subject named at two places is one thing
        joined = [thing for thing in things if thing & names]
        things = [thing for thing in things if not thing & names] + [names.union(*joined)]
    return tuple(things)


@cache
def _every_step() -> tuple[tuple[Play, str, frozenset[str]], ...]:
    """Every playbook step, with its play and the subjects it is tagged with."""
    return tuple((play, step, tags) for play in playbook().values() for step, tags in zip(play.actions, play.subjects))


# What a step's tags may share with an item without being about it: a kind of object or a means.
_NOT_A_SUBJECT = frozenset(KINDS) | _MEANS


def _slot_terms(play: Play, terms: dict[str, str]) -> frozenset[str]:
    """What another play's steps take into their slots for an item that says nothing of whether a
    step is about it: the item's own cohort, and the play's service and process where the item
    names none ("personal education plans" do not make a step about education). The play's own
    cohort is another subject ("16- and 17-year-olds" for staying put)."""
    own = {terms["cohort"]} if "cohort" in terms else set()
    return frozenset(own | {play.slots[slot] for slot in ("service", "process") if slot not in terms})


def _particulars(text: str, thing: ItemObject) -> list[frozenset[str]]:
    """The subjects of each particular an item lists after an object that names only whom it is for
    ("services for care leavers, particularly ..."): empty where the object names a subject of its
    own, or the item lists nothing particular."""
    head = re.findall(r"[a-z]+", thing.head.lower())
    if not head or head[-1] not in _SERVICE_HEADS or subjects(thing.text) - cohorts() or not _PARTICULARLY.search(text):
        return []
    # A list of groups ("including those in custody, going missing or ...") says whom, not what about
    # the service.
    parts = listed_parts(text, thing)[1:]
    if parts and _GROUP.match(parts[0]):
        return []
    found = [subjects(part) - cohorts() for part in parts]
    return [terms for terms in found if terms]


_GROUP = re.compile(r"(?:those|children|young people|care leavers|families|parents)\b", re.IGNORECASE)
# Heads that name a service for a group and nothing of its own: what it is for is in its particulars.
_SERVICE_HEADS = frozenset({"services", "service", "support", "provision", "offer"})
_PARTICULARLY = re.compile(r",\s*(?:particularly|in particular|especially|including)\b", re.IGNORECASE)


def _each_particular(
    filled: list[str],
    particulars: list[frozenset[str]],
    play: Play,
    about: frozenset[str] | set[str],
    named: frozenset[str],
    named_terms: frozenset[str],
    terms: dict[str, str],
    delay_off: bool,
) -> list[str]:
    """The steps ordered so that the first ones reach different particulars, in the item's order,
    then what a particular's first step left unreached ("education, employment and training and
    broader housing options"); a particular no step of the play reaches takes one of another
    theme's about it."""
    first: list[str] = []
    reached: set[str] = set()
    for _ in range(2):
        for wanted in particulars:
            if not (left := wanted - reached):
                continue
            about_it = [step for step in filled if subjects(step) & left and step not in first] or _borrowed_steps(
                play, about, left, named, named_terms, terms, delay_off, first + filled
            )
            if about_it:
                first.append(about_it[0])
                reached |= subjects(about_it[0]) & wanted
    return first + [step for step in filled if step not in first]


def _borrowed_steps(
    play: Play,
    about: frozenset[str] | set[str],
    core: frozenset[str] | set[str],
    named: frozenset[str],
    named_terms: frozenset[str],
    terms: dict[str, str],
    delay_off: bool,
    taken: list[str],
) -> list[str]:
    """Other themes' steps about the item: sharing the object's own subjects (or, where it names
    none, the item's), naming one of its words and no subject it does not name."""
    found = []
    for other, step, tags in _every_step():
        shared = tags & about
        if other is play or not shared - _NOT_A_SUBJECT - other.partner_terms or (core and not tags & core):
            continue
        text = _filled(other, step, terms)
        if (
            text not in taken
            and not (delay_off and _DELAY.search(step))
            and _names(_filled(other, step, {**terms, "cohort": ""}), named, named_terms)
            and _on_subject(other, text, named_terms, strict=True, aside=_slot_terms(other, terms))
        ):
            found.append((len(shared), text))
    return [text for _, text in sorted(found, key=lambda pair: -pair[0])]


def _process(thing: ItemObject, mechanism: Mechanism | None, play: Play, measure_fits: bool) -> bool:
    """Whether the measure the item would get counts work done rather than what it achieves."""
    if mechanism is not None:
        return mechanism.process
    if thing.aspects:
        return (thing.aspects[0], thing.kind) in process_templates()
    if thing.kind == "governance" or thing.bare:
        # A document or a framework with no aspect is not the change; nor are "systems" or
        # "services" that the item names only with what they are for.
        return True
    if measure_fits:
        return play.process_measure
    return (NO_ASPECT, thing.kind) in process_templates()


# What a step about delay looks for: not a timescale set in passing ("actions and timescales").
_DELAY = re.compile(r"\b(?:drift|delay)", re.IGNORECASE)
_PROGRESS = re.compile(r"\bprogress|\bperformance\b", re.IGNORECASE)
_AGAINST_DELAY = frozenset({"timeliness", "oversight", "stability"})
_FALLING = re.compile(r"\(target: falling")
_RISING = re.compile(r"\(target: rising")
# What asks for more of something: the direction a rising target measures.
_MORE = re.compile(
    r"\b(?:increas\w*|more|rais\w*|greater|higher|awareness|promot\w*|publici[sz]\w*|identif\w*|notif\w*|grow\w*|expand\w*"
    r"|extend\w*|widen\w*)",
    re.IGNORECASE,
)
# A measure of the time a thing takes, and the words of an item that ask about time.
_TIME_MEASURE = re.compile(
    r"\bwithin (?:\d+|one|two|three|five|ten)(?: working)? (?:hours?|days?|weeks?)|within timescale|\bon time\b"
    r"|\bby (?:their|the) \w+ review|average time|duration|drifted",
    re.IGNORECASE,
)
_TIME_ASK = re.compile(
    r"\b(?:time\w*|wait\w*|delay\w*|drift\w*|prompt\w*|swift\w*|quick\w*|urgen\w*|overdue|backlog\w*|late"
    r"|durations?|days|weeks|hours|within|pace|speed)\b",
    re.IGNORECASE,
)
_ATTENDANCE = re.compile(r"\bpresent\b|\battend", re.IGNORECASE)
_ATTENDANCE_ASK = re.compile(
    r"\b(?:attend\w*|present\b|presence|involv\w*|participat\w*|represent\w*|contribut\w*|engag\w*"
    r"|multi-agency work\w*|includ\w* (?:[\w-]+ ){0,4}(?:professionals|agencies|partners|police|health))",
    re.IGNORECASE,
)
# What asks for less of something: the direction a falling target measures.
_FEWER = re.compile(
    r"\b(?:reduc\w*|fewer|less|lower\w*|too many|too high|minimi[sz]\w*|minimum|decreas\w*|prevent\w*|avoid\w*"
    r"|repeat\w*|unnecessar\w*|inappropriate\w*)",
    re.IGNORECASE,
)
# Subjects of a child's casework, which a board item names only as the board's business.
_CASEWORK_SUBJECTS = frozenset(
    {"casework", "plans", "assessments", "visits", "reviews", "decisions", "case records", "risk", "care plans"}
    | {"child protection plans", "child in need plans"}
)
# Of those, the work and records of one child's case; not risk, reviews or decisions, which a board
# has too (exploitation risk reported to it, learning reviews, its decisions).
_CHILDS_CASEWORK = _CASEWORK_SUBJECTS - {"risk", "reviews", "decisions"} | {"direct work"}


def _filled(play: Play, step: str, named: dict[str, str]) -> str:
    """A step in the item's words: its cohort always; its service and process only where the step is
    about them ("review management oversight at every core group" is not a planning step), and never
    where the step already names them."""
    tags = play.subjects[play.actions.index(step)]
    slots = {
        slot: name
        for slot, name in named.items()
        if (slot == "cohort" or name in tags) and name.lower() not in step.lower()
    }
    return step.format(**{**play.slots, **slots})


def _fitting(play: Play, about: frozenset[str] | set[str], core: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The playbook's steps about the item's subjects (its terms, and its kind of object), those
    sharing most first. A step that shares none is left out: a wrong step costs the officer more
    than a missing one. Where the object names terms of its own (`core`), a step must share one of
    them: one that shares only the kind of object, or a word of the item's purpose, is about
    something else ("a recruitment plan" for evaluating training)."""
    shared = [
        (len(tags & about), -n, action)
        for n, (action, tags) in enumerate(zip(play.actions, play.subjects))
        if not core or tags & core
    ]
    return [action for count, _, action in sorted(shared, reverse=True) if count]


def object_action(thing: ItemObject, mechanism: Mechanism | None = None) -> str:
    """The first action: the item's own object, in its words, as what the mechanism it is exists
    for needs, else under its first aspect, in the form that suits its kind of object."""
    if mechanism is not None:
        return _sentence(mechanism.action.format(object=thing.text))
    action, _ = aspect_templates()[(thing.aspects[0] if thing.aspects else NO_ASPECT, thing.kind)]
    return _sentence(action.format(object=thing.text))


def whole_ask(text: str, kind: str) -> tuple[str, str]:
    """The first action and the result to measure for an item whose object is a fragment of its ask:
    its first sentence quoted whole, under its kind's template (a casework audit for casework,
    partners' returns for a council's or board's arrangements)."""
    ask = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", text.strip(), maxsplit=1)[0].rstrip(" .;")
    quoted = f"what the item asks (\u201c{ask}\u201d)"
    action, _ = aspect_templates()[(NO_ASPECT, kind)]
    return _sentence(action.format(object=quoted)), f"of the change the item asks for (\u201c{ask}\u201d)"


def own_step(thing: ItemObject, mechanism: Mechanism | None = None) -> str:
    """A step built from the item's own ask, in the object's words: what else the mechanism it is
    needs (a threshold applied in every agency), else its first aspect's other way of acting on
    it for its kind (training on what the audits of casework's quality find, a weekly list of the
    cases where it is overdue, a commissioning plan for a service's sufficiency)."""
    if mechanism is not None:
        return _sentence(mechanism.step.format(object=thing.text))
    step = aspect_steps()[(thing.aspects[0] if thing.aspects else NO_ASPECT, thing.kind)]
    return _sentence(step.format(object=thing.text))


def success_measure(draft: Draft) -> str:
    """The measure of what the item asks to improve, reported for each thing the item lists where
    the measure does not already name them all: an item on disabled children, private fostering and
    homeless 16- and 17-year-olds is not met by a measure of disabled children. A theme's or a
    mechanism's measure is of its own subject: the parts it does not name, whether listed after the
    object or within it ("the response to neglect, domestic abuse and extra-familial harm"), get
    the measure of their kind of object as well."""
    measure = _measure(draft)
    thing = draft.object
    if draft.state and thing is not None:
        measure = measure.replace(f"{thing.text} met the practice standard", draft.state, 1)
    own = draft.purpose is None and (
        draft.mechanism is not None or thing is None or (not thing.aspects and draft.measure_fits)
    )
    prefix, parts, suffix = "", draft.parts, ""
    # Parts read from the item's commas alone may be a clause's ("their families from workforce
    # changes"): only those the object's own list shows (`coordinated`), or a list read after the
    # object by "including", "particularly" and the like (which begins with the object), are measured.
    trusted = not parts or (thing is not None and parts[0] == thing.text)
    if own and thing is not None and not trusted:
        # The object cut short at its list: the list read whole, with the words its parts share.
        prefix, listed, suffix = coordinated(", ".join(parts[:-1]) + ", and " + parts[-1])
        parts, trusted = (listed, True) if listed else (parts, False)
    elif own and thing is not None and not parts:
        prefix, parts, suffix = coordinated(thing.text)
        if all(not _covers(draft, measure, part) for part in parts):
            parts = ()  # a measure of the object as a whole, by what it is for, not of one of its parts
    missing = [part for part in parts if part.lower() not in measure.lower()]
    if not missing:
        return measure
    if not own:
        return f"{measure}; reported separately for: {'; '.join(parts)}"
    uncovered = [part for part in missing if not _covers(draft, measure, part)]
    # A part that is no noun phrase ("those provided", "have impacted upon practice") fills no
    # template slot: the row names it as unmeasured instead.
    measured = [part for part in uncovered if trusted and noun_phrase(part)]
    unnamed = [part for part in uncovered if part not in measured]
    if measured and thing is not None:
        measure = f"{measure}; and {_part_measure(thing, prefix, measured, suffix)}"
    if unnamed:
        measure = f"{measure}; not measured by it: {'; '.join(unnamed)} (add a measure for each)"
    return measure


def _covers(draft: Draft, measure: str, part: str) -> bool:
    """Whether the theme's or mechanism's measure is about a part the item lists: it names the
    part's terms or words, as its text says, not as its theme's subjects say (a measure of neglect
    cases is tagged with domestic abuse too, and does not measure it)."""
    if draft.mechanism is not None and draft.mechanism.objects.search(part):
        return True
    # A part that names no term is covered only where the measure names all its words: "harm" in
    # "cumulative harm in neglect cases" does not measure extra-familial harm.
    (words, named), (measure_words, measure_named) = _said(part), _said(measure)
    return bool(named & measure_named if named else words <= measure_words)


def _part_measure(thing: ItemObject, prefix: str, parts: list[str], suffix: str) -> str:
    """The measure, under the object's aspect, of the parts another measure leaves, with the words
    every part shares ("the response to | domestic abuse and extra-familial harm"), in the form that
    suits their own kind of object: "the application of the legal framework" is no placement."""
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    narrowed = " ".join(words for words in (prefix, listed, suffix) if words)
    kind = object_kind(narrowed)
    _, measure = aspect_templates()[(thing.aspects[0] if thing.aspects else NO_ASPECT, kind)]
    text = measure.format(object=narrowed, Object=_sentence(narrowed))
    return text[:1].lower() + text[1:]


def _measure(draft: Draft) -> str:
    """The measure of what the item asks to improve: the result it names, where the draft found one
    (`Draft.purpose`); else a known mechanism's measure of what it is for; else its aspects'
    measures of its object, in the form that suits its kind; else the theme's measure where it is
    about the item's subject, else the measure of its kind of object."""
    thing = draft.object
    if draft.purpose is not None:
        casework = thing is None or result_about_casework(draft.purpose)
        source, target = RESULT_SOURCES["casework" if casework else thing.kind]
        return _sentence(PURPOSE_MEASURE.format(purpose=draft.purpose, source=source, target=target))
    if draft.mechanism is not None and not _judged(thing, draft.mechanism):
        # Partners' contribution to what the object names ("to the reviews of children's plans", "at
        # strategy meetings"), not their contribution in general.
        found = _CONTRIBUTED_TO.search(thing.text)
        return draft.mechanism.measure.replace("{to}", f" {found.group(1)}" if found else "")
    if draft.mechanism is not None:
        # How good audits or a strategy are is not the audits completed or the strategy's milestones
        # met: a mechanism whose measure counts its own work is judged, as a council's or board's
        # mechanism, against the standard the item asks of it.
        return _sentence(aspect_templates()[("quality", "governance")][1].format(Object=_sentence(thing.text)))
    if thing is None or (not thing.aspects and draft.measure_fits):
        return draft.theme_measure or draft.play.success_measure
    # A second aspect the object already names is its own ("the quality of management oversight"):
    # "oversight of ... management oversight" measures nothing more.
    aspects = thing.aspects or (NO_ASPECT,)
    names = [
        name
        for name in aspects
        if name == aspects[0]
        or ((name not in _AUDITED or aspects[0] not in _AUDITED) and name not in thing.text.lower())
    ]
    templates = [aspect_templates()[(name, thing.kind)][1] for name in names]
    # A later aspect's measure that counts work done (management reviews held) adds nothing to a
    # first that measures a result (the wait): the work is the action's, and the result its measure.
    templates = [
        template
        for n, template in enumerate(templates)
        if n == 0 or counts_activity(templates[0]) or not counts_activity(template)
    ]
    measures = [template.format(object=thing.text, Object=_sentence(thing.text)) for template in templates]
    return _sentence("; and ".join(dict.fromkeys(measures))).rstrip(".")


def _judged(thing: ItemObject, mechanism: Mechanism) -> bool:
    """Whether the item asks how good a mechanism is whose measure counts its own work (audits
    completed, milestones met): then it is judged against the agreed standard instead."""
    return thing.aspects[:1] == ("quality",) and counts_activity(mechanism.measure)


def distinct_actions(drafts: list[Draft]) -> list[str]:
    """Each draft's actions, numbered, with no action repeated within the report: a playbook step
    an earlier row has taken gives way to one of the playbook's other steps. Two items with the
    same object and aspect say so instead of repeating it."""
    used: dict[str, int] = {}
    numbered = []
    for ref, draft in enumerate(drafts, start=1):
        first, *steps = draft.actions
        lines = [
            first
            if first not in used
            else f"Deliver together with row {used[first]}, which has the same first action (this is row {ref})."
        ]
        wanted = 3 if draft.object is not None else len(draft.actions)
        for step in steps:
            if len(lines) >= wanted:
                break
            if step not in used and step not in lines:
                lines.append(step)
        # A fragment's follow-up is of the whole ask, which the first action quotes.
        followed = "the change the item asks for" if draft.cut else draft.object.text if draft.object else None
        follow_up = _sentence(FOLLOW_UP.format(object=followed)) if followed else None
        if len(lines) < 2 and follow_up and follow_up not in used:  # every playbook step is taken already
            lines.append(follow_up)
        used.update({line: ref for line in (first, *lines) if line not in used})
        numbered.append("\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1)))
    return numbered


# Aspects whose own action and measure a mechanism's does not replace.
_COUNTED = frozenset({"timeliness", "recording", "stability", "numbers", "consistency"})
# Measured by the same audit grade: "the consistency and quality of ..." needs one measure.
_AUDITED = frozenset({"quality", "consistency"})
PURPOSE_MEASURE = "Evidence {purpose}, from {source} against a baseline taken at the start (target: {target})"
# Where a result is looked for, by the kind of thing the item asks to change: a casework audit shows
# casework, not governance between boards or a service's reach.
RESULT_SOURCES = {
    "casework": ("a quarterly audit sample of cases", "shown in 80% of the sample"),
    "services": (
        "service data and a quarterly sample of the children and families using it",
        "shown for 80% of them",
    ),
    "governance": (
        "partners' returns and the quarterly performance report to senior leaders",
        "shown in each quarter's report by the target date",
    ),
    "workforce": ("workforce data and a quarterly sample of supervision records", "shown in 80% of the sample"),
}
FOLLOW_UP = "Check progress on {object} at the monthly performance meeting, and report it to the improvement board each quarter."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row(
    report: InspectionReport,
    item: ImprovementItem,
    ref: str,
    published: dt.date | None,
    timescale: DateSpan | None,
    draft: Draft,
    actions: str,
    confidence: float | None,
    shared: _Shared,
) -> ActionPlanRow:
    play = draft.play
    # The area follows the item's own theme: a playbook borrowed for its steps does not move it.
    area = judgement_area(report, item, playbook().get(item.theme or GENERAL_PLAY) or play, shared.section_of)
    phase = urgency(report, item, area)
    target_date, basis = target(item, published, report.inspection_end, timescale, report.published is not None, phase)
    quoted = item.quoted
    best = item.evidence[0] if item.evidence else None
    lead, partners = owner(report, item, play, draft.object)
    return ActionPlanRow(
        doc_id=report.doc_id,
        ref=ref,
        item_no=item.item_no,
        council=report.local_authority,
        report=shared.label,
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
        plan_due=shared.plan_due,
        success_measure=success_measure(draft),
        **_review(report, item, draft, target_date, confidence),
        source_path=report.source_path,
        source_page=best.page if best else item.page,
    )


_REVIEWERS = re.compile(r"\b(?:independent reviewing officers?|iros?|(?:conference|child protection) chairs?)\b")


def owner(
    report: InspectionReport, item: ImprovementItem, play: Play, thing: ItemObject | None = None
) -> tuple[str, str | None]:
    """The lead role and partners by the item's subject, the first `owners.csv` names: an item
    about the safeguarding board or partnership goes to it; then the cohort's service before the
    activity's (children in care's assessments to the children in care service, not the
    assessment service), unless the theme's lead already serves that cohort or the item spans
    several cohorts; one about health is led jointly with health; the theme's lead and partners
    otherwise. A cohort or service leads only where it is what the item asks to change (its object),
    not a word elsewhere in it: out-of-area placements "including their schooling" are not the
    virtual school's to lead. The body an item is addressed to leads wherever it is named. A
    letter's item that names no cohort is about the one its visit looked at, where its focus names
    one: care plans in a children in care visit are the children in care service's, unless a
    service the item names leads it."""
    lowered = item.text.lower()
    matched = owners_in(lowered)
    theme_lead = play.lead
    named = [o for o in matched if o.cohort]
    if not named and (visited := _visited(report)):
        # After the item's own subjects: statutory reviews stay the reviewing service's.
        named = [visited]
        matched += named
    shared = None
    if len(named) > 1:
        # "Plans for children in need, children in care and care leavers": no one cohort's service
        # owns an item that spans several; the activity's does, where it serves the cohort named
        # first. A later cohort's service (the care leavers' head, from a care leavers' theme, for
        # child-in-need, child protection and pathway plans) gives way to the leader over them all;
        # where the first cohort's service works with it (children in care's and care leavers'
        # homes, leisure or entitlements), the two lead together, the first cohort's named first.
        first = min(named, key=lambda o: o.pattern.search(lowered).start())
        if theme_lead in {o.lead for o in named} and theme_lead != first.lead:
            if theme_lead not in first.keeps:
                theme_lead = playbook()[GENERAL_PLAY].lead
            elif first.lead:
                shared, theme_lead = theme_lead, first.lead
        matched = [o for o in matched if not o.cohort]
    if item.part is ReportPart.LSCB:
        matched.insert(0, next(o for o in owners() if o.subject == "safeguarding board"))
    read = thing is not None and misread_object(thing) is None and fragment(thing, item.text) is None
    own = thing.text.lower() if read else lowered
    leading = next((o for o in matched if o.lead and (o.addressee or o.cohort or o.pattern.search(own))), None)
    # Reviewing officers' or chairs' own work named in the object ("scrutiny of permanence planning by
    # independent reviewing officers") is the reviewing service's to lead, though the cohort's service
    # keeps the reviews of its children's plans (Bournemouth, Christchurch and Poole 2019's letter).
    reviewers = leading is not None and leading.subject == "children's reviews" and _REVIEWERS.search(own)
    lead = theme_lead if leading is None or (theme_lead in leading.keeps and not reviewers) else leading.lead
    joint = next((o.joint for o in matched if o.joint), shared if lead == theme_lead else None)
    partners = [p.strip() for p in play.partners.split(";") if p.strip()]
    partners += [p for o in matched for p in o.partners]
    return (f"{lead}, with {joint}" if joint else lead), _joined(dict.fromkeys(partners))


@cache
def _theme_rules():
    from ..enrich.nlp import MODELS, theme_patterns  # the enrich stage's own, which keep its items' scores

    return theme_patterns(MODELS / "theme_patterns.jsonl")


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


def judgement_area(
    report: InspectionReport, item: ImprovementItem, play: Play, section_of: Mapping[int, str | None] | None = None
) -> str | None:
    """The graded section most of the item's evidence sits in; failing that, the report's
    judgement area for the item's theme (or the LSCB's, for an LSCB item). `section_of` is each
    paragraph's section, where the caller has it for all the report's items."""
    graded = {section.title for section in report.sections if section.grade is not None}
    if section_of is None:
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


def _review(
    report: InspectionReport, item: ImprovementItem, draft: Draft, target_date: dt.date | None, confidence: float | None
) -> dict:
    reasons = review_reasons(report, item, draft, target_date, confidence)
    return {
        "needs_review": bool(reasons),
        "review_reason": "; ".join(reasons) or None,
        "evidence_check": "; ".join(evidence_reasons(report, item)) or None,
    }


def review_reasons(
    report: InspectionReport,
    item: ImprovementItem,
    draft: Draft,
    target_date: dt.date | None,
    confidence: float | None = 1.0,
) -> list[str]:
    """Why a person should check this row before relying on it: a draft that does not fit its item
    (`review`), no theme, or an item or date the parse may have got wrong. A doubtful quote is no
    reason: swapping it is a light edit (`evidence_reasons`)."""
    play, thing = draft.play, draft.object
    reasons = []
    if item.theme is None:
        reasons.append("no theme, so the draft actions are generic")
    elif play.theme_id != item.theme and not draft.borrowed:
        reasons.append(f"theme {item.theme!r} has no playbook entry, so the draft actions are generic")
    elif not draft.fits and confidence is not None and confidence < UNCERTAIN_THEME:
        reasons.append(
            f"theme uncertain (confidence {confidence:.2f}) and no "
            f"{theme_names().get(play.theme_id, play.theme_id)} playbook step shares the item's subject"
        )
    if thing is not None and (misread := misread_object(thing) or fragment(thing, item.text)):
        reasons.append(misread)
    elif thing is not None and draft.purpose is None:
        # The measure's template, before the object fills it: a theme's or a mechanism's is written for
        # any item about it, an aspect's for any object of its kind.
        themes = draft.mechanism is None and not thing.aspects and draft.measure_fits
        template = (
            draft.mechanism.measure
            if draft.mechanism and not _judged(thing, draft.mechanism)
            else aspect_templates()[("quality", "governance")][1]
            if draft.mechanism
            else draft.theme_measure or play.success_measure
            if themes
            else aspect_templates()[(thing.aspects[0] if thing.aspects else NO_ASPECT, thing.kind)][1]
        )
        if _process(thing, draft.mechanism, play, draft.measure_fits) and counts_activity(template):
            done = (
                f"the {draft.mechanism.name} mechanism's own work"
                if draft.mechanism
                else "work done or a thing in place"
            )
            reasons.append(
                f"the measure counts {done}, not the change the item asks for: write the result it should show"
            )
        elif themes and (unnamed := unnamed_terms(thing, template)):
            reasons.append(
                f"the {theme_names().get(play.theme_id, play.theme_id)} measure leaves out most of what "
                f"the item asks to change: {', '.join(unnamed)}"
            )
    if not _ends_sentence(item.text) and (
        ends_cut(item.text) or any(_ends_sentence(other.text) for other in report.improvements)
    ):
        # An item ending on "and" or "of" was cut short; one without a full stop where the document
        # ends its other items with one may be cut or run on; where none has one (a letter's bulleted
        # noun phrases), it is the document's style.
        reasons.append("the item does not end with a full stop: it may be cut short or run on")
    if item.page is None:
        reasons.append("no page number for the item")
    if target_date is None:
        reasons.append("no target date")
    return reasons


def _ends_sentence(text: str) -> bool:
    unpointed = _TRAILING_POINTER.sub("", text) if "(" in text else text  # most have no bracket
    return unpointed.rstrip(" )’”'\"").endswith((".", "?", "!"))


def evidence_reasons(report: InspectionReport, item: ImprovementItem) -> list[str]:
    """Why the linked evidence or its quote may not be the item's: worth a look, and mended by
    choosing another paragraph or sentence, so not a reason to rework the row."""
    reasons = []
    if not item.evidence:
        reasons.append("no evidence paragraph linked")
    elif item.evidence[0].score < WEAK_EVIDENCE_SCORE:
        reasons.append(f"weak evidence link (best score {item.evidence[0].score:.2f})")
    elif item.theme and (about := _theme_of(report, item.evidence[0].para_no)) not in (
        None,
        item.theme,
        *item.secondary_themes,
    ):
        best = item.evidence[0].para_no
        reasons.append(
            f"the best evidence (paragraph {best}) is about {theme_names().get(about, about)}, not the item's theme"
        )
    if item.evidence and item.quoted is None:
        reasons.append("no linked paragraph states a weakness to quote")
    return reasons


def _theme_of(report: InspectionReport, para_no: int) -> str | None:
    return next((p.theme for p in report.paragraphs if p.para_no == para_no), None)


def _joined(values) -> str | None:
    return "; ".join(str(value) for value in values) or None
