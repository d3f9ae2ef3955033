"""ILACS reports: 2018 to March 2026 (standard and short) and the April 2026 framework.

A report reads, top to bottom: the title block (authority, inspection dates, lead inspector), the
judgement table, the "What needs to improve?" list, then one section per judgement whose heading
carries the grade, holding numbered paragraphs that run 1..N across the report, then Ofsted's
boilerplate. The parser walks the report's lines once, in that order.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from ..schema import (
    AreaKey,
    Document,
    DocumentKind,
    Framework,
    Grade,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    Judgement,
    Paragraph,
    Section,
)
from .common import FRAMEWORK_TAG, MONTHS, ParseError, join_lines, parse_dates, parse_grade, report_of, squash


class Line(NamedTuple):
    page: int
    text: str  # stripped, never empty


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_APOSTROPHE = "[’']"

# --- title block ------------------------------------------------------------------------------

_DATES_LINE = _rx(r"^Inspection dates?:?\s*(?P<rest>.*)$")
_DATE_CONTINUES = _rx(rf"^(?:and|to|–|-|\d{{1,2}}|{'|'.join(MONTHS)})\b")
_LEAD_LINE = _rx(r"^Lead inspectors?:?\s*(?P<rest>.*)$")
_INSPECTOR_TITLE = _rx(
    rf",?\s*(?:Senior\s+)?(?:Her|His)\s+Majesty{_APOSTROPHE}s\s+Inspectors?\b"
    r"|\s*\b(?:Senior\s+)?HMI\b"
)
# 2018-19: the council's name on its own line(s) over a generic title.
_NAME_OVER_TITLE = _rx(
    rf"^(?P<name>.+?)\s+Inspection of (?:children{_APOSTROPHE}s social care|local authority "
    rf"children{_APOSTROPHE}s) services$"
)
# 2019 onwards: the name inside the title; Doncaster 2022 and others leave out "local authority".
_NAME_IN_TITLE = _rx(
    rf"\bInspection of\s+(?:the\s+(?=[A-Z]))?(?P<name>.+?)\s+(?:local\s+authority\s+)?"
    rf"children{_APOSTROPHE}s\s+services\b"
)
_HEADER_PAGES = 2  # the title block and table are on page 1, or on page 2 after a cover
_SHORT_INSPECTION_DAYS = 5  # a short inspection is one week on site; a standard one is two

# --- judgement table --------------------------------------------------------------------------

_GRADE_WORDS = r"requires?\s+improvement(?:\s+to(?:\s+be\s+good)?)?|good|outstanding|inadequate|not\s+judged"
_TABLE_HEADER = _rx(r"^\|?\s*Judgements?\s*\|?\s*Grades?\s*\|?$")
_CELL_EDGE = re.compile(r"\s*\|\s*")  # HTML and Word tables come out as "cell | cell" lines
# The judgement areas' printed openings; Oldham 2019 prints "The experience and progress".
_ROW_START = _rx(r"^(?:the\s+)?(?:experiences?\s+and\s+progress|impact\s+of\s+leaders|overall\s+effectiveness)\b")
_ENDS_WITH_GRADE = _rx(rf"^(?P<label>.*?)\s*\b(?P<grade>{_GRADE_WORDS})\.?$")
_GRADE_TAIL = _rx(r"^(?:to\s+)?be\s+good\.?$")  # "Requires improvement" / "to be good"
_LABEL_LINES = 3

# --- improvement lists ------------------------------------------------------------------------

_LIST_HEADINGS = [
    (_rx(r"^Areas? for priority action\??:?(?P<note>\d{0,2})$"), ItemKind.PRIORITY_ACTION),
    # Focused-visit letters add "in this area of (social work) practice".
    (
        _rx(r"^What needs to improve(?:\s+in this area of (?:social work )?practice)?\??:?(?P<note>\d{0,2})$"),
        ItemKind.IMPROVE,
    ),
]
_FOOTNOTE_MARK = re.compile(r"^\d{1,2}$")  # a superscript marker the text layer put on its own line
_BULLET = re.compile(r"^◼\s*")

# --- sections and paragraphs ------------------------------------------------------------------

# Headings are freer than table rows: Manchester 2025 prints "The experiences of children in care".
_HEADING_START = _rx(r"^(?:the\s+)?(?:experiences?\b|impact\s+of\s+leaders)")
_HEADING = _rx(rf"^(?P<title>.+?)(?:\s*:|\s+is:?)?\s+(?P<grade>{_GRADE_WORDS})\.?$")
_HEADING_LINES = 3
_PARA_START = re.compile(r"^(?P<no>\d{1,3})(?:(?P<dot>\.)\s*|\s+(?=[A-Z‘“'\"(]))(?P<rest>.*)$")
_SENTENCE_END = re.compile(r"[.!?:;)’”'\"]$")
# Ofsted's back page, which follows the last numbered paragraph.
_BOILERPLATE = _rx(
    r"^(?:The Office for Standards in Education|©\s*Crown copyright|If you would like a copy of "
    r"this document|You may reuse this information)"
)


def parse(document: Document, kind: DocumentKind) -> InspectionReport:
    lines = [
        Line(page.number, stripped)
        for page in document.pages
        for stripped in (line.strip() for line in page.text.split("\n"))
        if stripped
    ]
    lines = _without_footnotes(lines)
    dates_at = _find(lines, _DATES_LINE, pages=_HEADER_PAGES)
    if dates_at is None:
        raise ParseError("no 'Inspection dates:' line on the first page of this ILACS report")
    table_at = _find(lines, _TABLE_HEADER, pages=_HEADER_PAGES)
    if table_at is None:
        raise ParseError("no judgement table ('Judgement Grade') on the first pages of the report")
    judgements, table_end = _judgements(lines, table_at + 1)
    if not judgements:
        raise ParseError("the judgement table has no rows that end in a grade")
    improvements, body_at = _improvements(lines, table_end)
    sections, paragraphs = _sections(lines, body_at)
    dates = _inspection_dates(lines, dates_at)
    return report_of(
        document,
        kind,
        local_authority=_local_authority([line.text for line in lines[:dates_at]]),
        inspection_start=dates[0] if dates else None,
        inspection_end=dates[-1] if dates else None,
        published=None,  # ILACS reports never print one
        lead_inspector=_lead_inspector(lines, dates_at, table_at),
        framework=_framework(dates),
        judgements=tuple(judgements),
        improvements=tuple(improvements),
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
    )


def _find(lines: list[Line], pattern: re.Pattern[str], pages: int) -> int | None:
    for i, line in enumerate(lines):
        if line.page > pages:
            return None
        if pattern.match(line.text):
            return i
    return None


# --- title block ------------------------------------------------------------------------------


def _local_authority(title_lines: list[str]) -> str | None:
    """The authority as the title names it; never from the running footer, which shortens it."""
    title = squash(" ".join(title_lines))
    match = _NAME_OVER_TITLE.search(title) or _NAME_IN_TITLE.search(title)
    return match.group("name") if match else None


def _inspection_dates(lines: list[Line], at: int) -> list[dt.date]:
    """Every printed date; a split inspection ("... and ...") can wrap onto the next line."""
    text = _DATES_LINE.match(lines[at].text).group("rest")
    for line in lines[at + 1 : at + 3]:
        if not _DATE_CONTINUES.match(line.text):
            break
        text += " " + line.text
    return parse_dates(text)


def _lead_inspector(lines: list[Line], dates_at: int, table_at: int) -> str | None:
    """The name(s) only. 2018-19 reports put "Her Majesty's Inspector" on the next line, and a
    report with two lead inspectors wraps after the comma."""
    at = next((i for i in range(dates_at, table_at) if _LEAD_LINE.match(lines[i].text)), None)
    if at is None:
        return None  # some reports name none
    text = _LEAD_LINE.match(lines[at].text).group("rest")
    for line in lines[at + 1 : table_at]:
        if not (_INSPECTOR_TITLE.match(line.text) or text.endswith((",", " and"))):
            break
        text += " " + line.text
    name = squash(_INSPECTOR_TITLE.sub("", text)).strip(" ,.")
    return re.sub(r",?\s+and\s+", " and ", name) or None


def _framework(dates: list[dt.date]) -> Framework | None:
    """A short inspection is one week on site, a standard one two: the printed dates are the
    report's own statement of which it was. In a split inspection the later part is inspectors
    returning to gather more evidence, so the first part says which framework was planned."""
    if not dates:
        return None
    days = _working_days(dates[0], dates[1] if len(dates) > 1 else dates[0])
    return Framework.SHORT if days <= _SHORT_INSPECTION_DAYS else Framework.STANDARD


def _working_days(start: dt.date, end: dt.date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5)


# --- judgement table --------------------------------------------------------------------------


def _judgements(lines: list[Line], at: int) -> tuple[list[Judgement], int]:
    """The table's rows in printed order, and the index of the first line after the table.

    A row is label lines then a grade, which may share the label's last line ("... and families
    Good") and may wrap ("Requires improvement" / "to be good"). The table ends after "Overall
    effectiveness", or, in the 2026 framework which has no such row, at the first line that
    starts no row.
    """
    judgements: list[Judgement] = []
    label: list[str] = []
    i = at
    while i < len(lines):
        text = _CELL_EDGE.sub(" ", lines[i].text).strip()
        if judgements and not label and _GRADE_TAIL.match(text):
            i += 1
            continue
        if not label and not _ROW_START.match(text) or len(label) == _LABEL_LINES:
            break
        if judgements and judgements[-1].area_key is AreaKey.OVERALL_EFFECTIVENESS:
            break
        row = _ENDS_WITH_GRADE.match(text)
        if row is None:
            label.append(text)
        else:
            area = join_lines(label + [row.group("label")])
            judgements.append(
                Judgement(
                    order=len(judgements) + 1,
                    area=area,
                    area_key=area_key(area),
                    grade=parse_grade(row.group("grade")),
                    page=lines[i].page,
                )
            )
            label = []
        i += 1
    return judgements, i


def area_key(area: str) -> AreaKey:
    """The stable key of an ILACS judgement area, from its printed wording (table row or section
    heading)."""
    text = " ".join(area.lower().split())
    if "overall effectiveness" in text:
        return AreaKey.OVERALL_EFFECTIVENESS
    if "impact of leaders" in text:
        return AreaKey.IMPACT_OF_LEADERS
    if "help and protection" in text:
        return AreaKey.HELP_AND_PROTECTION
    in_care, leavers = "in care" in text, "care leavers" in text
    if in_care and leavers:
        return AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS
    if leavers:
        return AreaKey.CARE_LEAVERS
    if in_care:
        return AreaKey.CHILDREN_IN_CARE
    return AreaKey.OTHER


# --- improvement lists ------------------------------------------------------------------------


def _improvements(lines: list[Line], at: int) -> tuple[list[ImprovementItem], int]:
    """The bullets of "Areas for priority action" (where a report has one) and "What needs to
    improve?", in printed order, and the index where the judgement sections begin."""
    items: list[ImprovementItem] = []
    body_at = _first_heading(lines, at)
    kind: ItemKind | None = None
    bullet: list[Line] = []

    def close() -> None:
        if bullet and kind is not None:
            items.append(_item(len(items) + 1, kind, bullet))

    bulleted = any(line.text.startswith("◼") for line in lines[at:body_at])
    for line in lines[at:body_at]:
        heading = _list_heading(line.text)
        if heading is not None:
            close()
            kind, bullet = heading[0], []
        elif _starts_item(line.text, bullet, bulleted):
            close()
            bullet = [line]
        elif bullet:
            bullet.append(line)
    close()
    return items, body_at


def _starts_item(text: str, item: list[Line], bulleted: bool) -> bool:
    """A bullet; where the text layer lost the bullets, a capital after a line that ended the item
    before (a lead-in line ending in a colon is no item)."""
    if bulleted:
        return text.startswith("◼")
    ended = not item or item[-1].text.endswith(".")
    return ended and text[0].isupper() and not text.endswith(":")


def _list_heading(text: str) -> tuple[ItemKind, str] | None:
    for pattern, kind in _LIST_HEADINGS:
        match = pattern.match(text)
        if match:
            return kind, match.group("note")
    return None


def _without_footnotes(lines: list[Line]) -> list[Line]:
    """The lines without the footnote a list heading's marker points to ("What needs to
    improve?1"): it runs from "1 The areas ..." at the foot of the heading's page to the page's end.
    The text layer sometimes puts the marker on a line of its own under the heading, and sometimes
    glues the footnote onto a body line that ends in a hyphen ("decision-1 The areas ...")."""
    for i, line in enumerate(lines):
        heading = _list_heading(line.text)
        if heading is None:
            continue
        marker = heading[1]
        if not marker and i + 1 < len(lines) and _FOOTNOTE_MARK.match(lines[i + 1].text):
            marker = lines[i + 1].text
            lines = lines[: i + 1] + lines[i + 2 :]
        if not marker:
            continue
        footnote = re.compile(rf"(?:^|(?<=\w-)){marker} [A-Z]")
        page_end = next((j for j in range(i, len(lines)) if lines[j].page != line.page), len(lines))
        for j in range(page_end - 1, i, -1):
            found = footnote.search(lines[j].text)
            if found:
                kept = [Line(line.page, lines[j].text[: found.start()])] if found.start() else []
                return lines[:j] + kept + lines[page_end:]
    return lines


def _item(item_no: int, kind: ItemKind, bullet: list[Line]) -> ImprovementItem:
    text = join_lines([_BULLET.sub("", bullet[0].text)] + [line.text for line in bullet[1:]])
    outcome = None
    tag = FRAMEWORK_TAG.search(text)
    if tag:
        outcome = squash(tag.group("tag"))
        text = text[: tag.start()].rstrip()
        if tag.group("stop") and not text.endswith("."):
            text += "."  # "... improvement (Enabler two)." keeps its full stop
    return ImprovementItem(item_no=item_no, kind=kind, text=text, outcome=outcome, page=bullet[0].page)


# --- sections and paragraphs ------------------------------------------------------------------


def _first_heading(lines: list[Line], at: int) -> int:
    for i in range(at, len(lines)):
        if _heading(lines, i, expected=1):
            return i
    raise ParseError("no judgement section heading followed by paragraph 1 in this ILACS report")


def _heading(
    lines: list[Line], i: int, expected: int, done: frozenset[AreaKey] = frozenset()
) -> tuple[str, Grade | None, int] | None:
    """A judgement section heading starting at line i: (title, grade, lines used). It may wrap
    over a few lines, names a judgement area not `done` already, ends in a grade, and a numbered
    paragraph follows. (A paragraph line such as "The impact of leaders is good." is no heading
    when that area's section has been read.)"""
    first = lines[i].text
    if not (first[0].isupper() and _HEADING_START.match(first)):
        return None
    text = ""
    for used in range(1, min(_HEADING_LINES, len(lines) - i - 1) + 1):
        text = join_lines([text, lines[i + used - 1].text])
        match = _HEADING.match(text)
        if match and area_key(match.group("title")) not in done | {AreaKey.OTHER}:
            if _numbered(lines[i + used].text, expected, after_heading=True) is not None:
                return match.group("title"), parse_grade(match.group("grade")), used
    return None


def _numbered(text: str, expected: int, after_heading: bool = False, previous: str = "") -> int | None:
    """The printed number if this line starts the paragraph numbered `expected`.

    "10.Creative" and "10. Creative" are sure starts unless the line before broke a year range
    ("2015–" / "16. However"); "34     Most children" (no full stop) is one only after a line that
    ended a sentence, as lines inside a paragraph can begin with a number ("26 weeks.", "629").
    Straight after a heading, a number one off is accepted: some reports skip or repeat one.
    """
    start = _PARA_START.match(text)
    if start is None:
        return None
    number = int(start.group("no"))
    if after_heading:
        return number if abs(number - expected) <= 1 else None
    if number != expected:
        return None
    if start.group("dot"):
        return None if previous.endswith(("–", "-")) else number
    return number if _SENTENCE_END.search(previous) else None


def _sections(lines: list[Line], at: int) -> tuple[list[Section], list[Paragraph]]:
    """Judgement sections and their numbered paragraphs, from the first section heading to Ofsted's
    closing boilerplate."""
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    title, grade, page, first = "", None, 0, 0
    para: list[Line] = []
    number = 0
    done: frozenset[AreaKey] = frozenset()

    def close_para() -> None:
        if para:
            rest = _PARA_START.match(para[0].text).group("rest")
            paragraphs.append(
                Paragraph(
                    para_no=number,
                    section=title,
                    page=para[0].page,
                    text=join_lines([rest] + [line.text for line in para[1:]]),
                )
            )

    def close_section() -> None:
        if title:
            sections.append(Section(title=title, grade=grade, first_para=first, last_para=number, page=page))

    i = at
    while i < len(lines) and not _BOILERPLATE.match(lines[i].text):
        line = lines[i]
        heading = _heading(lines, i, number + 1, done)
        if heading:
            close_para()
            close_section()
            title, grade, used = heading
            done |= {area_key(title)}
            page, i = line.page, i + used
            number = _numbered(lines[i].text, number + 1, after_heading=True)
            first, para = number, [lines[i]]
        elif (found := _numbered(line.text, number + 1, previous=para[-1].text)) is not None:
            close_para()
            number, para = found, [line]
        else:
            para.append(line)
        i += 1
    close_para()
    close_section()
    return sections, paragraphs
