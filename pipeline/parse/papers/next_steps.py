"""What a paper says will happen: its promises to address every improvement item, the decisions it
asks of the committee, and its timescales (deadlines, periods, dated events, the next inspection)."""

from __future__ import annotations

import datetime as dt
import re

from ... import timescales
from ...schema import DateSpan
from ...timescales import DATE, DATE_PATTERN, MONTH
from ..common import squash
from .paragraphs import Sentence, Unit, list_after, list_item
from .tables import EMAIL, PHONE


_COMMITMENT = re.compile(
    r"\b(?:address|cover|tackle|respond to|complet)\w*\b.{0,80}?\b(?:all (?:of )?the (?:items|areas|recommendations|actions)|"
    r"the (?:formal |inspection |ofsted )?recommendations|the areas (?:for|of) improvement|every (?:recommendation|area))|"
    r"\ball (?:of )?the (?:items|recommendations|areas for improvement)\b.{0,40}?\b(?:addressed|completed|covered|delivered)",
    re.IGNORECASE,
)


def commitments(sentences: list[Sentence], previous: dict[int, int | None]) -> tuple[str, ...]:
    """Promises to address every improvement item ('the steps that will be taken to address the
    recommendations'); a past plan's promise is not this paper's."""
    return tuple(
        s.text for s in sentences if s.index not in previous and _COMMITMENT.search(s.text) and FUTURE.search(s.text)
    )


# --- recommendations to the committee ---------------------------------------------------------

_RECOMMENDATION_HEADING = re.compile(
    r"^(?:recommendations?|recommendation\(s\)|recommended decisions?|decisions? (?:required|sought)|"
    r"action required|summary of recommendations)$",
    re.IGNORECASE,
)
_ASKED = re.compile(
    r"\b(?:(?:is|are) (?:asked|recommended|invited|requested) to|it is recommended that(?: \w+){0,5})\s*:$"
    r"|\b(?:is|are) (?:asked|recommended|invited|requested) to$",
    re.IGNORECASE,
)


def recommendations(units: list[Unit]) -> tuple[str, ...]:
    for position, unit in enumerate(units):
        if unit.heading and _RECOMMENDATION_HEADING.match(unit.text):
            block = []
            for following in units[position + 1 :]:
                if following.heading or EMAIL.search(following.text) or PHONE.search(following.text):
                    break
                block.append(following)
            listed = [list_item(u.text) for u in block if u.marker and not u.text.endswith(":")]
            chosen = listed or [u.text for u in block if len(u.text.split()) > 4]
            if chosen:
                return tuple(chosen)
        if _ASKED.search(unit.text):
            return list_after(units, position, unit)
    return ()


# --- timescales -------------------------------------------------------------------------------

_COUNT = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty-six|an?"
_DEADLINE = re.compile(
    rf"\b(?:by|before|until|till|no later than|not later than)\s+(?:(?:the\s+)?end\s+of\s+(?:the\s+)?)?"
    rf"(?:(?P<date>{DATE})|(?P<month>{MONTH})(?!\s*\d))(?P<earliest>\s+at the earliest)?"
)
_RELATIVE = re.compile(
    rf"\b(?:within|in|over)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?(?:a\s+)?"
    rf"(?P<count>{_COUNT})[\s-]+(?P<unit>(?:working\s+)?(?:days?|weeks?|months?|quarters?|years?))\b"
    rf"(?:['’]?\s+time|[\s-]period)?",
    re.IGNORECASE,
)
_ON_DATE = re.compile(
    rf"\b(?:on|in|from|during|between|around)\s+(?:the\s+)?(?:week\s+(?:of|commencing)\s+)?(?P<date>{DATE})"
)
_AFTER = re.compile(
    rf"\b(?:{_COUNT})\s+(?:working\s+)?(?:days|weeks|months)\s+(?:after|following|from)\s+(?:the\s+)?\w+(?:\s+of\s+the\s+\w+)?",
    re.IGNORECASE,
)
_OF_PUBLICATION = re.compile(
    r"\s+(?:of|after|from|following)\s+(?:the\s+)?(?:report['’]?s?\s+)?(?:publication|receiv\w+ the report|receipt of the report)",
    re.I,
)
_NEXT = re.compile(r"\bnext\s+(?:month|week|year|financial year|quarter|municipal year)\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|would|shall|must|(?:is|are) (?:expected|due|planned|scheduled|intended|anticipated|likely|unlikely|required)|"
    r"intends?|aims?|targets?|plans? to|committed to|to be (?:completed|delivered|shared|submitted|reviewed|published))\b",
    re.IGNORECASE,
)
NEXT_INSPECTION = re.compile(
    r"\bnext\s+(?:\w+\s+){0,2}(?:inspection|visit)|\binspectors next\b|\bnext ILACS\b", re.IGNORECASE
)


def stated_timescales(
    sentences: list[Sentence],
    previous: dict[int, int | None],
    meeting: dt.date | None,
    published: dt.date | None,
    action_rows: tuple[tuple[str, ...], ...] = (),
) -> tuple[DateSpan, ...]:
    """Every time phrase in a sentence about what is to happen: deadlines ("by June 2022"),
    periods ("within the next six months", counted from the meeting, or from publication where
    the paper says "of publication"), dated events ("shared with
    Ofsted on 13 May 2022") and windows ("between May 2025 and May 2026"). An action plan's
    cells are left out: each row has its own timescale column, and a phrase inside an action
    ("requests are sent within five working days") is a service standard, not a deadline."""
    cells = [squash(cell) for row in action_rows[1:] for cell in row]
    found: list[DateSpan] = []
    for sentence in sentences:
        text = sentence.text
        deadlines = list(_DEADLINE.finditer(text))
        relatives = list(_RELATIVE.finditer(text))
        if sentence.index in previous and not FUTURE.search(text):
            continue
        if not (FUTURE.search(text) or deadlines or relatives or _NEXT.search(text)):
            continue
        taken: list[tuple[int, int]] = []
        for match, derive in (
            *((m, _deadline_span) for m in deadlines),
            *((m, _relative_span) for m in relatives),
            *((m, _dated_span) for m in _ON_DATE.finditer(text)),
            *((m, _undated) for m in _NEXT.finditer(text)),
            *((m, _undated) for m in _AFTER.finditer(text)),
        ):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            if _in_cell(text, match, cells):
                continue
            after_publication = published and _OF_PUBLICATION.match(text, match.end())
            start, end = derive(match, published if after_publication else meeting)
            found.append(DateSpan(phrase=match.group(0).rstrip("."), start=start, end=end, sentence=text))
    return tuple({(span.phrase, span.start, span.end): span for span in found}.values())


def _in_cell(text: str, match: re.Match[str], cells: list[str]) -> bool:
    """The phrase with the words that lead into it is printed in one of the cells."""
    lead_in = " ".join(text[: match.start()].split()[-3:] + [match.group(0)])
    return any(lead_in in cell for cell in cells)


def next_inspection(spans: tuple[DateSpan, ...]) -> DateSpan | None:
    """The expectation for the next inspection: of the phrases in sentences about it, a printed
    window ('between May 2025 and May 2026') before a relative one ('in three years')."""
    about = [span for span in spans if NEXT_INSPECTION.search(span.sentence or "")]
    return max(
        about,
        key=lambda span: (bool(DATE_PATTERN.search(span.phrase)), span.start is not None and span.end is not None),
        default=None,
    )


def _deadline_span(match: re.Match[str], meeting: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    if match.group("date"):
        start, end = timescales.span(match.group("date"))
    elif meeting:
        start, end = timescales.month_on_or_after(match.group("month"), meeting)
    else:
        return None, None
    return (start, None) if match.group("earliest") else (None, end)


def _relative_span(match: re.Match[str], meeting: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    unit = match.group("unit").split()[-1]
    if unit.lower().startswith("day"):
        count = match.group("count").lower()
        days = int(count) if count.isdigit() else timescales.NUMBERS.get(count, 0)
        working = match.group("unit").lower().startswith("working")
        months = days * (7 / 5 if working else 1) / 30.44
    else:
        months = timescales.duration_months(match.group("count"), unit)
    if not meeting or not months:
        return None, None
    return meeting, timescales.months_after(meeting, months)


def _undated(match: re.Match[str], meeting: dt.date | None) -> tuple[None, None]:
    return None, None


def _dated_span(match: re.Match[str], meeting: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    return timescales.span(match.group("date"))


def dates_mentioned(text: str) -> tuple[DateSpan, ...]:
    seen: dict[str, DateSpan] = {}
    for match in DATE_PATTERN.finditer(text):
        phrase = squash(match.group(0))
        start, end = timescales.span(phrase)
        seen.setdefault(phrase, DateSpan(phrase=phrase, start=start, end=end))
    return tuple(seen.values())
