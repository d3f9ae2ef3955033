"""2013 inspections of looked after children services: the framework before the SIF, graded
outstanding / good / adequate / inadequate ("Grade 3 (Adequate)").

Page 1 is a title block; the body is numbered paragraphs under headings, each graded heading
followed by its "Grade N (…)" line; "Areas for improvement" lists bulleted actions under
timescales ("Immediately:", "Within three months:"); the "Record of main findings" table at the
end repeats every judgement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
from .common import (
    BULLET,
    NUMBERED_PARAGRAPH,
    ParseError,
    item_text,
    join_lines,
    page_lines,
    parse_date,
    parse_dates,
    parse_grade,
    report_of,
    squash,
)


def parse(document: Document, kind: DocumentKind) -> InspectionReport:
    if not document.pages:
        raise ParseError("the report has no pages")
    body = _read_body(document)
    if not body.judgements:
        raise ParseError("no graded judgement ('Grade N (…)' or 'Record of main findings') found")
    return report_of(
        document,
        kind,
        framework=Framework.STANDARD,
        judgements=tuple(
            Judgement(order=order, area=area, area_key=_area_key(area), grade=grade, page=page)
            for order, (area, grade, page) in enumerate(body.judgements, 1)
        ),
        improvements=tuple(
            ImprovementItem(item_no=n, kind=ItemKind.RECOMMENDATION, text=item_text(block.lines), page=block.page)
            for n, block in enumerate(body.items, 1)
        ),
        sections=tuple(
            Section(title=s.title, grade=s.grade, first_para=min(s.numbers), last_para=max(s.numbers), page=s.page)
            for s in body.sections
            if s.numbers
        ),
        paragraphs=tuple(
            Paragraph(
                para_no=block.number,
                section=block.section.title if block.section else None,
                page=block.page,
                text=join_lines(block.lines),
            )
            for block in body.paragraphs
        ),
        **_read_header(page_lines(document.pages[0].text)),
    )


# --- page 1 ----------------------------------------------------------------------------------

_TITLE = re.compile(r"^inspection of (?:safeguarding and )?looked after children\b|^services$", re.I)
_DATES = re.compile(r"^inspection dates?\s*:?\s*(.*)$", re.IGNORECASE)
_PUBLISHED = re.compile(r"^(?:report\s+)?published\s*:?\s*(.*)$", re.IGNORECASE)
_INSPECTOR = re.compile(r"^(?:reporting|lead)\s+inspector\s*:?\s*(.+?)(?:,?\s+(?:senior\s+)?HMI)?$", re.I)
_LABELLED = re.compile(r"^[A-Z][\w ]{2,30}:")


def _read_header(lines: list[str]) -> dict:
    fields: dict = {
        "local_authority": None,
        "inspection_start": None,
        "inspection_end": None,
        "published": None,
        "lead_inspector": None,
    }
    authority: list[str] = []
    for line in lines:
        if match := _DATES.match(line):
            dates = parse_dates(match.group(1))
            if dates:
                fields["inspection_start"], fields["inspection_end"] = dates[0], dates[-1]
        elif match := _PUBLISHED.match(line):
            fields["published"] = parse_date(match.group(1))
        elif match := _INSPECTOR.match(line):
            fields["lead_inspector"] = match.group(1).strip()
        elif not _TITLE.match(line) and not _LABELLED.match(line) and fields["inspection_start"] is None:
            authority.append(line)  # the authority's name sits between the title and the dates
    fields["local_authority"] = squash(" ".join(authority)) or None
    return fields


# --- the body --------------------------------------------------------------------------------

_GRADE_LINE = re.compile(r"^grade\s+\d\s*\(\s*(outstanding|good|adequate|inadequate)\s*\)$", re.IGNORECASE)
_TIMESCALE = re.compile(r"^(?:immediately|within\s+.{1,30}):$", re.IGNORECASE)
_LIST_HEADING = re.compile(r"^areas\s+for\s+improvement$", re.IGNORECASE)
_FINDINGS_TABLE = re.compile(r"^record\s+of\s+main\s+findings$", re.IGNORECASE)
_TABLE_ROW = re.compile(
    r"(?P<area>\S.*?)\s+(?P<grade>outstanding|good|inadequate|adequate)(?:\s+grade\s+\d)?(?=\s|$)", re.IGNORECASE
)
_CONTENTS = re.compile(r"^contents$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"\s+\d{1,3}$")


@dataclass
class _Section:
    title: str
    grade: Grade | None
    page: int
    is_list: bool = False
    numbers: list[int] = field(default_factory=list)


@dataclass
class _Block:
    section: _Section | None
    page: int
    lines: list[str]
    number: int | None = None


@dataclass
class _Body:
    sections: list[_Section] = field(default_factory=list)
    paragraphs: list[_Block] = field(default_factory=list)
    items: list[_Block] = field(default_factory=list)
    judgements: list[tuple[str, Grade | None, int]] = field(default_factory=list)
    headings: set[str] = field(default_factory=set)
    open: _Block | None = None
    expected: int = 1

    @property
    def section(self) -> _Section | None:
        return self.sections[-1] if self.sections else None


def _read_body(document: Document) -> _Body:
    pages = [page_lines(page.text) for page in document.pages[1:]]
    contents = [lines for lines in pages if lines and _CONTENTS.match(lines[0])]
    lines = [
        (page.number, line)
        for page, page_text in zip(document.pages[1:], pages)
        if page_text not in contents
        for line in page_text
    ]
    texts = [text for _, text in lines]
    body = _Body(headings=_contents_entries([line for page in contents for line in page[1:]]))
    headed: list[tuple[str, Grade | None, int]] = []
    i = 0
    while i < len(lines):
        page, line = lines[i]
        if _FINDINGS_TABLE.match(line):
            body.judgements = _findings_table(texts[i + 1 :], page) or headed
            return body
        used = _read_heading(body, texts, i, page, headed)
        if not used:
            _read_text(body, line, page)
        i += used or 1
    body.judgements = headed
    return body


def _contents_entries(lines: list[str]) -> set[str]:
    """The headings the contents page lists, each wrapped entry ending with its page number."""
    entries, entry = set(), []
    for line in lines:
        entry.append(line)
        if match := _PAGE_NUMBER.search(line):
            entries.add(_heading_key(join_lines(entry)[: -len(match.group(0))]))
            entry = []
    return entries


def _heading_key(text: str) -> str:
    return squash(text).lower()


def _read_heading(body: _Body, texts: list[str], i: int, page: int, headed: list) -> int:
    """A heading of one or two lines: one the contents page lists, "Areas for improvement", or
    any short lines followed by a grade line; returns the lines it used, 0 if it is no heading."""
    if not texts[i][:1].isupper():
        return 0  # the last line of a wrapped sentence
    for size in (1, 2):
        heading = texts[i : i + size]
        following = texts[i + size] if i + size < len(texts) else ""
        if len(heading) < size or any(len(line) > 75 or line.endswith((".", ",", ";", ":")) for line in heading):
            return 0
        if NUMBERED_PARAGRAPH.match(heading[-1]) or BULLET.match(heading[-1]) or _TIMESCALE.match(heading[-1]):
            return 0
        title = join_lines(heading)
        grade_line = _GRADE_LINE.match(following)
        if grade_line or _heading_key(title) in body.headings or _LIST_HEADING.match(title):
            grade = parse_grade(grade_line.group(1)) if grade_line else None
            body.sections.append(_Section(title, grade, page, is_list=bool(_LIST_HEADING.match(title))))
            body.open = None
            if grade_line:
                headed.append((title, grade, page))
            return size + (1 if grade_line else 0)
    return 0


def _read_text(body: _Body, line: str, page: int) -> None:
    section = body.section
    paragraph = NUMBERED_PARAGRAPH.match(line)
    if paragraph and int(paragraph.group(1)) == body.expected:
        body.open = _Block(section, page, [paragraph.group(2)], int(paragraph.group(1)))
        body.paragraphs.append(body.open)
        body.expected += 1
        if section is not None:
            section.numbers.append(body.open.number)
        return
    in_list = section is not None and section.is_list
    if in_list and _TIMESCALE.match(line):
        body.open = None  # "Within three months:" heads the actions that follow
        return
    bullet = BULLET.match(line)
    if in_list and bullet and (body.open is None or body.open.number is None):
        body.open = _Block(section, page, [bullet.group(1)])
        body.items.append(body.open)
    elif body.open is not None:
        body.open.lines.append(line)


def _findings_table(lines: list[str], page: int) -> list[tuple[str, Grade | None, int]]:
    """'Record of main findings': area / grade rows, labels and grades wrapping freely."""
    text = join_lines([line for line in lines if not re.match(r"^services\s+for\s+", line, re.I)])
    rows = _TABLE_ROW.finditer(text)
    return [(squash(row.group("area")), parse_grade(row.group("grade")), page) for row in rows]


def _area_key(area: str) -> AreaKey:
    lowered = area.lower()
    if lowered.startswith("overall effectiveness"):
        return AreaKey.OVERALL_EFFECTIVENESS
    if lowered.startswith("capacity to improve"):
        return AreaKey.CAPACITY_TO_IMPROVE
    return AreaKey.OTHER
