"""Single inspection framework (SIF) reports, 2013–2018, re-inspections included.

Page 1 holds the header, the headline judgement and the judgement list (and, in the early-2014
layout, the LSCB judgement): `sif_judgements` reads them. The body, read here, is one run of
numbered paragraphs, 1…N across the whole report: the recommendation lists are numbered paragraphs
too, so one walk over the body lines reads paragraphs, sections and improvement items together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..schema import (
    AreaKey,
    Document,
    DocumentKind,
    Grade,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    Judgement,
    Paragraph,
    ReportPart,
    Section,
)
from .common import (
    BULLET,
    GRADE_PATTERN,
    NUMBERED_PARAGRAPH,
    ParseError,
    item_text,
    join_lines,
    page_lines,
    parse_grade,
    report_of,
    squash,
)
from .sif_judgements import (
    INSPECTION_DATES,
    graded_sentence,
    headline_and_list,
    lead_inspector,
    lscb_graded_sentence,
    read_header,
)


def parse(document: Document, kind: DocumentKind) -> InspectionReport:
    if not document.pages:
        raise ParseError("the report has no pages")
    first_page = page_lines(document.pages[0].text)
    # The judgement list can run on to page 2.
    opening = first_page + (page_lines(document.pages[1].text) if len(document.pages) > 1 else [])
    header = read_header(first_page)
    body = _read_body(*_body_lines(document))
    judgements = headline_and_list(opening) + _lscb_judgement(first_page, body)
    return report_of(
        document,
        kind,
        lead_inspector=lead_inspector(document),
        judgements=tuple(
            Judgement(order=order, area=area, area_key=key, grade=grade, page=page)
            for order, (area, key, grade, page) in enumerate(judgements, 1)
        ),
        improvements=body.improvements(),
        sections=body.sections(),
        paragraphs=body.paragraphs(),
        **header,
    )


def _lscb_judgement(first_page: list[str], body: _Body) -> list[tuple[str, AreaKey, Grade | None, int]]:
    """On page 1 in the early-2014 layout; otherwise the sentence opening the LSCB part."""
    for i, line in enumerate(first_page):
        if found := lscb_graded_sentence(first_page, i):
            return [(found[0], AreaKey.LSCB, found[1], 1)]
    if body.lscb_sentence:
        text, grade, page = body.lscb_sentence
        return [(text, AreaKey.LSCB, grade, page)]
    return []


# --- the body: paragraphs, sections and improvement lists -----------------------------------


# A list's entry numbered like an item that says the list is empty ("16. There are no areas of
# priority action.", "No areas were identified for immediate improvement"): items are instructions
# or the thing to improve, never a denial that there is one.
_NOTHING_LISTED = re.compile(
    r"^(?:there\s+(?:are|were|is|was)\s+no|none|nothing"
    r"|no\s+(?:areas?|priority|immediate|actions?|recommendations?|further)"
    r"|the\s+inspection\s+did\s+not\s+(?:find|identify)\s+any)\b",
    re.IGNORECASE,
)
_PAGE_IS_CONTENTS = re.compile(r"^contents$", re.IGNORECASE)


def _body_lines(document: Document) -> tuple[list[int], list[str]]:
    """Every line after page 1 that can hold report text, and the number of its page; contents
    pages are left out. Two lists, not an object a line: the reading looks at the texts, and
    making ~150,000 objects cost a tenth of the SIF parse."""
    numbers: list[int] = []
    texts: list[str] = []
    pages = [page_lines(page.text) for page in document.pages]
    running = _running_heads(pages)
    for page, lines in zip(document.pages[1:], pages[1:]):
        if running:
            lines = [
                line
                for n, line in enumerate(lines)
                if n not in (0, len(lines) - 1) or _DIGITS.sub("#", line) not in running
            ]
        if lines and lines[-1].lower().rstrip(":") in _LIST_HEADINGS and NUMBERED_PARAGRAPH.match(lines[0]):
            # Some text layers emit a list's heading after the page's text; it heads the page.
            lines = lines[-1:] + lines[:-1]
        if not _PAGE_IS_CONTENTS.match(next(iter(lines), "")):
            numbers += [page.number] * len(lines)
            texts += lines
    return numbers, texts


_DIGITS = re.compile(r"\d+")
_NUMBERED_HEAD = re.compile(r"^\d+\s.*\D$|^\D.*\s\d+$")


def _running_heads(pages: list[list[str]]) -> set[str]:
    """Running heads with a page number that the loader kept because they run on fewer than half
    the pages (an LSCB review bound in after the local authority's report): a numbered first or
    last line whose shape repeats on three or more pages."""
    shapes: dict[str, int] = {}
    for lines in pages:
        for line in {lines[0], lines[-1]} if lines else ():
            if _NUMBERED_HEAD.match(line):
                shape = _DIGITS.sub("#", line)
                shapes[shape] = shapes.get(shape, 0) + 1
    return {shape for shape, count in shapes.items() if count >= 3}


@dataclass
class _Section:
    title: str
    grade: Grade | None
    part: ReportPart
    list_kind: ItemKind | None = None  # the items' kind, for an improvement list
    parent: _Section | None = None
    numbers: list[int] = field(default_factory=list)
    page: int | None = None  # of its first paragraph
    first_block: int = 0  # its first paragraph's place among the blocks read


@dataclass
class _Block:
    """A paragraph or an unnumbered (bulleted) improvement item being read."""

    section: _Section | None
    page: int
    lines: list[str]
    number: int | None = None


_LIST_HEADINGS = {
    "recommendations": ItemKind.RECOMMENDATION,
    "areas for improvement": ItemKind.RECOMMENDATION,
    "priority and immediate action": ItemKind.PRIORITY_ACTION,
    "priority actions": ItemKind.PRIORITY_ACTION,
}
_BLOCK_HEADINGS = re.compile(
    r"^(?:section\s+1:\s+the\s+local\s+authority\s*[-–]\s*)?"
    r"(summary\s+of\s+(?:key\s+)?findings|the\s+local\s+authority[’']s\s+strengths"
    r"|progress\s+since\s+the\s+last\s+inspection)$",
    re.IGNORECASE,
)
# Sub-headings inside a graded part: what follows belongs to the part's graded section again.
_RETURN_HEADINGS = re.compile(
    r"^(?:summary|executive\s+summary"
    r"|inspection\s+findings(?:\s*[-–]\s*the\s+local\s+safeguarding\s+children\s+board)?"
    r"|inspection\s+judgements?\s+about\s+the\s+\w*scb|key\s+strengths\s+and\s+weaknesses\s+of\s+the\s+\w*scb"
    r"|the\s+\w*scb[’']s\s+strengths|key\s+judgement\s+judgement\s+grade)$",
    re.IGNORECASE,
)
# Headings of parts that hold no findings paragraphs.
_OTHER_HEADINGS = re.compile(
    r"^(?:summary\s+for\s+children\s+and\s+young\s+people"
    r"|information\s+about\s+th(?:is|e)\s+(?:(?:\w+\s+){0,2}inspection(?:\s+and\s+the\s+review)?"
    r"|local\s+authority\s+area\d*)"
    r"|what\s+the\s+(?:\w+\s+){0,2}inspection\s+judge?ments\s+mean.*"
    r"|the\s+inspection\s+team|what\s+does\s+the\s+.{3,30}\s+need\s+to\s+improve\??"
    r"|inspection\s+judgements\s+about\s+the\s+local\s+authority|section\s+1:\s+the\s+local\s+authority"
    r"|the\s+local\s+authority|local\s+leadership|children\s+living\s+in\s+this\s+area"
    r"|(?:child\s+protection|children\s+looked\s+after)\s+in\s+this\s+area"
    r"|(?:other|previous)\s+ofsted\s+inspections"
    r"|other\s+information\s+about\s+this\s+area)$",
    re.IGNORECASE,
)
_GRADED_HEADING = re.compile(
    r"^(the\s+experiences\s+and\s+progress\s+of\s+children\s+(?:who\s+need\s+help\s+and\s+protection"
    r"|looked\s+after\s+and\s+achieving\s+permanence)|leadership,\s+management\s+and\s+governance)"
    rf"(?:\s+(?:is|are))?\s*:?\s*(?P<grade>{GRADE_PATTERN.pattern})?\.?$",
    re.IGNORECASE,
)
_GRADED_HEADING_START = re.compile(
    r"^(?:the\s+experiences\s+and\s+progress\s+of\b|leadership,\s+management\s+and\b)", re.IGNORECASE
)
_LSCB_HEADING = re.compile(
    r"^(?:section\s+2:\s+)?(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?"
    r"local\s+safeguarding\s+children\s+board(?:\s+\(lscb\))?$",
    re.IGNORECASE,
)
_SUB_JUDGEMENT = re.compile(
    r"(?P<named>the\s+graded\s+judge?ment\s+(?:for|about)\s+)?(?:the\s+)?"
    r"(?:(?P<adoption>adoption)(?:\s+performance)?|(?:experiences?\s+and\s+progress\s+of\s+)?care\s+leavers)"
    rf"(?:(?:\s+is(?:\s+that)?(?:\s+(?:it|they))?(?:\s+is)?)?\s+(?P<grade>{GRADE_PATTERN.pattern}))?",
    re.IGNORECASE,
)
_SUB_JUDGEMENT_START = re.compile(r"(?:The\s+graded|Adoption|(?:The\s+)?(?:[Ee]xperiences?\s+and|[Cc]are\s+leavers))")
_STRENGTHS = re.compile(r"^the\s+local\s+authority\s+has\s+the\s+following\s+strengths:?$", re.IGNORECASE)
_SENTENCE_END = tuple(".?!:)’”")
# How every heading and judgement sentence `_read_heading` looks for begins (lower case): the list
# headings, the block, return, other, graded, sub-judgement and LSCB headings, the strengths line and
# the LSCB's judgement sentence ("the" also opens "there", as `lscb_graded_sentence` checks only that).
_HEADING_STARTS = (
    *sorted({heading.split()[0] for heading in _LIST_HEADINGS}),
    "section",
    "summary",
    "the",
    "progress",
    "executive",
    "inspection",
    "key",
    "information",
    "what",
    "local",
    "child",
    "other",
    "previous",
    "leadership",
    "effectiveness",
    "adoption",
    "experience",
    "care",
)
_LONGEST_START = max(map(len, _HEADING_STARTS))


class _Body:
    def __init__(self) -> None:
        self.part = ReportPart.LOCAL_AUTHORITY
        self.section: _Section | None = None
        self.graded: _Section | None = None  # the current part's graded section
        self.all_sections: list[_Section] = []
        self.blocks: list[_Block] = []
        self.open: _Block | None = None
        self.expected = 1
        self.lscb_sentence: tuple[str, Grade | None, int] | None = None
        # The first 2014 reports bullet their findings instead of numbering them: there, a bullet
        # from the first graded section on is the next paragraph, unless it is an item.
        self.bullets_are_paragraphs = False

    # -- results --

    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(
            Paragraph(
                para_no=block.number,
                section=block.section.title if block.section else None,
                page=block.page,
                text=join_lines(block.lines),
            )
            for block in self.blocks
            if block.number is not None
        )

    def improvements(self) -> tuple[ImprovementItem, ...]:
        items = [
            block
            for block in self.blocks
            if block.section and block.section.list_kind and not _NOTHING_LISTED.match(block.lines[0])
        ]
        return tuple(
            ImprovementItem(
                item_no=n,
                kind=block.section.list_kind,
                text=item_text(block.lines),
                part=block.section.part,
                page=block.page,
            )
            for n, block in enumerate(items, 1)
        )

    def sections(self) -> tuple[Section, ...]:
        spans: dict[int, list[int]] = {}
        starts: dict[int, int] = {}  # where in the text each section's first paragraph is
        for section in self.all_sections:
            for owner in (section, section.parent):
                if owner is not None and section.numbers:
                    spans.setdefault(id(owner), []).extend(section.numbers)
                    starts[id(owner)] = min(starts.get(id(owner), section.first_block), section.first_block)
        entries = []
        for section in self.all_sections:
            numbers = spans.get(id(section))
            if numbers:
                depth = 1 if section.parent else 0
                entries.append(
                    (
                        (starts[id(section)], depth),
                        Section(
                            title=section.title,
                            grade=section.grade,
                            first_para=min(numbers),
                            last_para=max(numbers),
                            page=section.page,
                        ),
                    )
                )
        return tuple(entry for _, entry in sorted(entries, key=lambda pair: pair[0]))

    # -- reading --

    def enter(self, section: _Section | None) -> None:
        self.open = None
        self.section = section
        if section is not None and section not in self.all_sections:
            self.all_sections.append(section)

    def start_block(self, page: int, text: str, number: int | None = None) -> None:
        self.open = _Block(self.section, page, [text], number)
        self.blocks.append(self.open)
        if number is not None:
            self.expected = number + 1
            if self.section is not None:
                if not self.section.numbers:
                    self.section.first_block, self.section.page = len(self.blocks), page
                self.section.numbers.append(number)


def _read_body(pages: list[int], texts: list[str]) -> _Body:
    body = _Body()
    body.bullets_are_paragraphs = not any(NUMBERED_PARAGRAPH.match(text) for text in texts)
    i = 0
    while i < len(texts):
        i += _read_line(body, pages, texts, i)
    return body


def _read_line(body: _Body, pages: list[int], texts: list[str], i: int) -> int:
    """Read the line at i (and any lines a heading wraps onto); returns how many were used."""
    page, previous = pages[i], texts[i - 1] if i else ""
    line = _without_echo(texts[i], texts[i + 1] if i + 1 < len(texts) else "")

    if INSPECTION_DATES.match(line):
        body.expected = 1  # a second report bound into the file numbers its paragraphs afresh
        return 1
    match = NUMBERED_PARAGRAPH.match(line)
    if match and _is_next_paragraph(int(match.group(1)), match.group(2), previous, body.expected):
        body.start_block(page, match.group(2), int(match.group(1)))
        return 1

    used = _read_heading(body, texts, i, page)
    if used:
        return used

    bullet = BULLET.match(line)
    in_list = body.section is not None and body.section.list_kind is not None
    if bullet and in_list and (body.open is None or body.open.number is None):
        body.start_block(page, bullet.group(1))
        return 1
    if bullet and not in_list and body.bullets_are_paragraphs and body.graded is not None and body.section is not None:
        if body.section is not body.graded and body.section.parent is None:
            body.section.parent = body.graded  # "Key strengths and weaknesses" under the LSCB's judgement
        body.start_block(page, bullet.group(1), body.expected)
        return 1
    if body.open is not None:
        if _is_sub_heading(body, texts, i):
            body.open = None
        else:
            body.open.lines.append(line)
    return 1


def _is_next_paragraph(number: int, text: str, previous: str, expected: int) -> bool:
    """The expected number opens the next paragraph unless the line before broke a year range
    ("2014–" / "15. However"). A number one further on counts too after a finished sentence and
    before a capital, so one misprinted or lost number does not swallow the rest of the report."""
    if previous.endswith(("–", "-")):
        return False
    if number == expected:
        return True
    return number == expected + 1 and previous.endswith(_SENTENCE_END) and text[:1].isupper()


def _read_heading(body: _Body, texts: list[str], i: int, page: int) -> int:
    line = texts[i]
    if line.strip() and not line.lstrip()[:_LONGEST_START].lower().startswith(_HEADING_STARTS):
        return 0  # most lines: no heading or judgement sentence below opens with their first word
    key = line.rstrip(":").strip().lower()
    if line.endswith("."):
        return _read_graded_heading(body, texts, i, page)
    if key in _LIST_HEADINGS:
        body.enter(_Section(line.rstrip(":").strip(), None, body.part, _LIST_HEADINGS[key]))
        return 1
    if match := _BLOCK_HEADINGS.match(line):
        body.enter(_Section(match.group(1), None, body.part))
        return 1
    if _RETURN_HEADINGS.match(line):
        body.enter(body.graded)
        return 1
    if _OTHER_HEADINGS.match(line):
        body.enter(None)
        return 1
    if _STRENGTHS.match(line):
        # Strengths listed in a summary belong to it; after an improvement list they are a block.
        if body.section is not None and body.section.list_kind is not None:
            body.enter(_Section(line.rstrip(":"), None, body.part))
        body.open = None
        return 1
    return _read_graded_heading(body, texts, i, page)


def _read_graded_heading(body: _Body, texts: list[str], i: int, page: int) -> int:
    """A judgement section's heading, a sub-judgement's opening sentence or the LSCB part's
    heading or judgement sentence; these can wrap over several lines and end with a full stop."""
    line = texts[i]
    if _GRADED_HEADING_START.match(line):
        for used in range(6, 0, -1):
            match = _GRADED_HEADING.match(join_lines(texts[i : i + used]))
            if match and match.group("grade"):
                body.graded = _Section(squash(match.group(1)), parse_grade(match.group("grade")), body.part)
                body.enter(body.graded)
                return used
            if match:
                # Without a grade it is a theme sub-heading inside a list, or the heading printed
                # once more above its "Key judgement / Judgement grade" table: it only ends the
                # paragraph or item before it.
                body.open = None
                return used
    if sub := _sub_judgement(texts, i):
        title, grade, used = sub
        parent = body.graded.parent if body.graded and body.graded.parent else body.graded
        body.graded = _Section(title, grade, body.part, parent=parent)
        body.enter(body.graded)
        return used
    # The judgement sentence first: its first line alone can read as the part's heading.
    if found := lscb_graded_sentence(texts, i):
        return _read_lscb_sentence(body, found, page)
    for used in (2, 1) if "safeguarding" in line.lower() else ():
        if _LSCB_HEADING.match(join_lines(texts[i : i + used])):
            body.part = ReportPart.LSCB
            body.graded = _Section(join_lines(texts[i : i + used]), None, body.part)
            body.enter(body.graded)
            return used
    return 0


def _sub_judgement(texts: list[str], i: int) -> tuple[str, Grade | None, int] | None:
    """The sentence that opens a sub-judgement block ("The graded judgement for adoption
    performance is that it is good", "Adoption performance is good"), as (the judgement-list
    name, grade, lines used). Without a grade it counts only when it names itself a graded
    judgement (City of London's adoption performance, not judged)."""
    if not _SUB_JUDGEMENT_START.match(texts[i]):
        return None
    found = graded_sentence(texts, i)
    if found and (match := _SUB_JUDGEMENT.fullmatch(found[0])) and match.group("grade"):
        grade, used = found[1], found[2]
    elif (match := _SUB_JUDGEMENT.fullmatch(texts[i])) and match.group("named"):
        grade, used = None, 1
    else:
        return None
    title = "Adoption performance" if match.group("adoption") else "Experiences and progress of care leavers"
    return title, grade, used


def _read_lscb_sentence(body: _Body, found: tuple[str, Grade | None, int], page: int) -> int:
    text, grade, used = found
    if body.part is not ReportPart.LSCB or body.graded is None:
        body.part = ReportPart.LSCB
        body.graded = _Section("The Local Safeguarding Children Board (LSCB)", None, body.part)
    if body.graded.grade is None:
        body.graded.grade = grade
    if body.lscb_sentence is None:
        body.lscb_sentence = (text, grade, page)
    body.enter(body.graded)
    return used


def _is_sub_heading(body: _Body, texts: list[str], i: int) -> bool:
    """An unnumbered sub-heading inside a list or findings ("Capacity", "Quality of practice"):
    a short line without closing punctuation, after a finished sentence, before a new paragraph
    or bullet. It ends the item before it and is not part of any item."""
    line = texts[i]
    if not (3 <= len(line) <= 70 and line[0].isupper()) or line.endswith((".", ",", ";", ":", "–", "-", ")")):
        return False
    if not body.open.lines[-1].endswith(_SENTENCE_END):
        return False
    following = texts[i + 1] if i + 1 < len(texts) else ""
    match = NUMBERED_PARAGRAPH.match(following)
    return bool(BULLET.match(following) or (match and int(match.group(1)) == body.expected))


def _without_echo(line: str, following: str) -> str:
    """Some text layers repeat the next heading at the end of the line before it ("… care. Areas
    for improvement" / "Areas for improvement")."""
    if following.lower().rstrip(":") in _LIST_HEADINGS and line.endswith(" " + following):
        return line[: -len(following)].rstrip()
    return line
