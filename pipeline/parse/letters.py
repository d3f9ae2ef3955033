"""Ofsted's letters: focused visits, monitoring visits and joint targeted area inspections (JTAI).

Every letter has the same skeleton, whatever its year: Ofsted's address block, the letter's date,
the addressee(s), "Dear ...", a title line naming the visit and the council, the sentence "This
letter summarises the findings of ..." with the visit's dates and its inspectors, a sentence on what
inspectors looked at, then headed sections (an overview, the lists of priority actions and of what
needs to improve, the findings), the closing paragraph, "Yours sincerely" and the signatory. The
parser reads each part from that skeleton. Letters carry no judgements and no numbered paragraphs:
the findings paragraphs and bullets are numbered here, 1..n in printed order.

Ofsted's address block is printed at the top of the first page in early letters and at the foot of
the first page (between two lines of a sentence, or of a list) in later ones, so it is taken out of
the lines before anything else is read.
"""

from __future__ import annotations

import datetime as dt
import re

from ..schema import (
    Document,
    DocumentKind,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    Paragraph,
    Section,
)
from .common import MONTHS, ParseError, join_lines, parse_dates, report_of, squash
from .ilacs import _INSPECTOR_TITLE, _LIST_HEADINGS, Line, _item, _without_footnotes


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_APOSTROPHE = "[’']"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

# --- Ofsted's address block ---------------------------------------------------------------------

# Its telephone, textphone, email and web lines (a textphone number can wrap: "8524" alone); the
# postal lines above them are short lines of capitalised words ("Piccadilly Gate", "Manchester M1 2WD").
_CONTACT_LINE = _rx(
    r"^(?:T\s+0\d{3}\b|Textphone\b|\S+@ofsted\.gov\.uk$|www\.(?:gov\.uk/ofsted|ofsted\.gov\.uk)$|\d{4}$)"
)
_POSTAL_LINE = re.compile(r"^(?:[A-Z0-9][\w’'&.-]*\s?){1,4}$")
_POSTAL_LINES = 5
_POSTAL_WIDTH = 30

# --- header -------------------------------------------------------------------------------------

_SALUTATION = _rx(r"^Dear\b")
_DATE_LINE = _rx(rf"^\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\s+(?:19|20)\d\d$")
_SUMMARY = _rx(r"\bThis letter summarises\b")
_TITLE_LINES = 3
_CHILDRENS_SERVICES = rf"(?:local\s+authority\s+)?children{_APOSTROPHE}s\s+services\b"
# The council as the title prints it; "the" before a name ("the Isle of Wight") is not part of it.
_TITLES = {
    DocumentKind.FOCUSED_VISIT: _rx(rf"^Focused visit to\s+(?:the\s+(?=[A-Z]))?(?P<name>.+?)\s+{_CHILDRENS_SERVICES}"),
    DocumentKind.MONITORING_VISIT: _rx(
        rf"^Monitoring visit (?:to|of)\s+(?:the\s+(?=[A-Z]))?(?P<name>.+?)\s+{_CHILDRENS_SERVICES}"
    ),
    # "Joint targeted area inspection of the multi-agency response to ... in Bolton": the area ends it.
    DocumentKind.JTAI: _rx(r"^Joint targeted area inspection\b.*\bin\s+(?:the\s+(?=[A-Z]))?(?P<name>[A-Z][^.,]*?)\.?$"),
}
_INTRO_SENTENCES = 3  # the visit's dates are in the summary sentence or, in a JTAI letter, just after it
_DAY_MONTH = _rx(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b")
# A focus sentence can end in a colon over bullets naming the topics looked at.
_SENTENCE_BREAK = re.compile(r"(?<=[.?!])[’”)]?\s+(?=[A-Z‘“(])|\s*◼\s*")
# A lead inspector named as such: "Jane Smith, lead inspector", "The lead inspector was Jane Smith".
_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}"
_NAMED_LEAD = [
    re.compile(rf"(?P<name>{_NAME}),?\s+(?:\(?(?:HMI|Her|His)\b[^,]*?,\s+)?(?:the\s+)?lead inspector\b"),
    re.compile(rf"\blead inspector(?:\s+for this visit)?(?:\s+was|\s+is|,)\s+(?P<name>{_NAME})"),
]
_CLOSING = _rx(r"^(?:Yours|Your)\s+(?:sincerely|faithfully)\b")
# Lines under "Yours sincerely" that are not a person: an inspectorate's name, a role.
_NOT_A_SIGNATORY = _rx(
    r"\b(?:Ofsted|Commission|Inspectorate|HMICFRS|Probation|Majesty|Inspector|Director|Chief|Deputy|"
    r"National|Regional|Policy|Care|Constabulary|Services?)\b"
)
# What inspectors looked at: "Inspectors looked at ...", "This visit looked at ...", "The focus of
# the monitoring visit was ...".
_FOCUS = _rx(
    r"^(?:During this visit,\s+)?(?:inspectors|this visit|the visit|this inspection)\b[^.]{0,30}?\b"
    r"(?:looked at|reviewed|evaluated|considered|examined|focused on)\b"
    r"|^The focus of (?:the|this) (?:focused |monitoring )?(?:visit|inspection)\b"
)

# --- body ---------------------------------------------------------------------------------------

# The reports' list headings, and the JTAI's and monitoring visit's "Areas for improvement".
_LISTS = [
    *_LIST_HEADINGS,
    (_rx(r"^Areas? for improvement\??:?(?P<note>\d{0,2})$"), ItemKind.IMPROVE),
]
# Section headings every era prints: a heading even after an item that has no full stop.
_SECTION_HEADING = _rx(
    r"^(?:Overview|(?:Headline|Main|Summary of|Key) findings|Findings(?: and evaluation of progress)?|"
    r"Strengths|Areas of strength|Next steps|Case study\b.*)$"
)
# A lead-in that announces the list ("... the following areas of practice:") is not an item.
_ANNOUNCES_LIST = _rx(r"\b(?:the following|as follows|these areas)\b")
# A monitoring visit's heading over its focus: part of the letter's opening, not a finding.
_INTRO_HEADING = _rx(r"^Areas covered by the visit$")
_HEADING_WIDTH = 60
_HEADING_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?:;][’”)'\"]?$|\)$")
# The closing paragraph and sign-off: nothing after them is a finding.
_BODY_END = _rx(
    r"^(?:Ofsted will take the findings|Yours\s+sincerely|Your\s+sincerely|I am copying this letter|"
    r"We have notified the (?:Department|DfE)|The local authority should prepare a written statement)"
)
_BULLET = "◼"
_SUB_BULLET = re.compile(r"^[⎯–—-]\s+")  # a list nested in an item: its glyphs are dropped, as ILACS's are
_WIDEST = 0.95  # the share of lines no longer than a full line
_ROOM = 0.97  # characters vary in width: a word fits where its letters take a little less than the room


def parse(document: Document, kind: DocumentKind) -> InspectionReport:
    lines = _without_footnotes(
        _without_address_block(
            [
                Line(page.number, stripped)
                for page in document.pages
                for stripped in (line.strip() for line in page.text.split("\n"))
                if stripped
            ]
        )
    )
    dear = next((i for i, line in enumerate(lines) if _SALUTATION.match(line.text)), None)
    if dear is None:
        raise ParseError(f"no 'Dear ...' line: this {_kind_words(kind)} is not laid out as Ofsted's letters are")
    letter_date = next((_date(line.text) for line in lines[:dear] if _DATE_LINE.match(line.text)), None)
    end = next((i for i in range(dear, len(lines)) if _BODY_END.match(lines[i].text)), len(lines))
    body_at = next((i for i in range(dear + 1, end) if _is_heading(lines, i)), end)
    intro = [line for line in lines[dear + 1 : body_at] if not _INTRO_HEADING.match(line.text)]
    summary = next((i for i, line in enumerate(intro) if _SUMMARY.search(line.text)), None)
    title = join_lines([line.text for line in intro[: summary if summary is not None else _TITLE_LINES]])
    sentences = _sentences(intro[summary:] if summary is not None else intro)
    dates = _visit_dates(sentences[:_INTRO_SENTENCES], letter_date)
    improvements, paragraphs, sections = _body(lines[:end], body_at)
    return report_of(
        document,
        kind,
        local_authority=_council(title, kind) or _council_in_opening(sentences[:1]),
        inspection_start=dates[0] if dates else None,
        inspection_end=dates[-1] if dates else None,
        published=letter_date,
        lead_inspector=_named_lead(sentences) or _signatory(_sign_off(lines)),
        framework=None,
        focus=next((sentence for sentence in sentences if _FOCUS.match(sentence)), None),
        improvements=tuple(improvements),
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
    )


def _kind_words(kind: DocumentKind) -> str:
    return {DocumentKind.JTAI: "JTAI letter"}.get(kind, kind.value.replace("_", " ") + " letter")


def _date(text: str) -> dt.date | None:
    dates = parse_dates(text)
    return dates[0] if dates else None


# --- Ofsted's address block ---------------------------------------------------------------------


def _without_address_block(lines: list[Line]) -> list[Line]:
    """The lines without Ofsted's address: its contact lines and the short postal lines just above
    them ("Ofsted", "Piccadilly Gate", "Store Street", "Manchester", "M1 2WD")."""
    dropped: set[int] = set()
    for i, line in enumerate(lines):
        if not _CONTACT_LINE.match(line.text) or line.text.isdigit() and i - 1 not in dropped:
            continue
        dropped.add(i)
        above = i - 1
        while above >= 0 and above not in dropped and i - above <= _POSTAL_LINES and _is_postal(lines[above]):
            dropped.add(above)
            above -= 1
    return [line for i, line in enumerate(lines) if i not in dropped]


def _is_postal(line: Line) -> bool:
    return len(line.text) <= _POSTAL_WIDTH and bool(_POSTAL_LINE.match(line.text)) and not _list_kind(line.text)


# --- header -------------------------------------------------------------------------------------


def _council(title: str, kind: DocumentKind) -> str | None:
    """The council as the title prints it, without a possessive that belongs to the services
    ("London Borough of Lewisham’s children’s services")."""
    pattern = _TITLES.get(kind)
    match = pattern.match(title) if pattern else None
    return re.sub(rf"{_APOSTROPHE}s$", "", squash(match.group("name"))) if match else None


# "This letter summarises the findings of the focused visit to Camden children's services on ...":
# the opening sentence names the council where a title line ("Focused visit to children's services")
# does not.
_OPENING_COUNCIL = _rx(
    rf"\bfindings\s+of\s+(?:a|the)\s+(?:\w+\s+)?(?:focused|monitoring)\s+visit\s+(?:to|of)\s+(?:the\s+(?=[A-Z]))?"
    rf"(?P<name>[A-Z].*?)\s+{_CHILDRENS_SERVICES}"
)


def _council_in_opening(sentences: list[str]) -> str | None:
    match = _OPENING_COUNCIL.search(sentences[0]) if sentences else None
    return re.sub(rf"{_APOSTROPHE}s$", "", squash(match.group("name"))) if match else None


def _sentences(lines: list[Line]) -> list[str]:
    return [sentence for sentence in _SENTENCE_BREAK.split(join_lines([line.text for line in lines])) if sentence]


def _visit_dates(sentences: list[str], letter_date: dt.date | None) -> list[dt.date]:
    """The dates of the first sentence that prints a day and month. A date printed without a year is
    in the letter's year, or the year before where that would put the visit after the letter."""
    sentence = next((sentence for sentence in sentences if _DAY_MONTH.search(sentence)), None)
    if sentence is None:
        return []
    dates = parse_dates(sentence)
    if dates or letter_date is None:
        return dates
    dates = parse_dates(f"{sentence} {letter_date.year}")
    if dates and dates[-1] > letter_date:
        dates = parse_dates(f"{sentence} {letter_date.year - 1}")
    return dates


def _named_lead(sentences: list[str]) -> str | None:
    for sentence in sentences:
        for pattern in _NAMED_LEAD:
            match = pattern.search(sentence)
            if match:
                return squash(_INSPECTOR_TITLE.sub("", match.group("name"))).strip(" ,")
    return None


def _sign_off(lines: list[Line]) -> list[str]:
    """The letter's last lines, from its sign-off: where the signatory is."""
    closing = next((i for i in range(len(lines) - 1, -1, -1) if _CLOSING.match(lines[i].text)), None)
    tail = lines[closing + 1 :] if closing is not None else lines[-_SIGNATURE_LINES:]
    return [line.text for line in tail]


_SIGNATURE_LINES = 4
_PERSON = re.compile(rf"^(?:(?:Dr|Professor|Mr|Mrs|Ms|Miss)\s+)?{_NAME}$")


def _signatory(lines: list[str]) -> str | None:
    """The first person's name under the sign-off; in a JTAI letter, signed by each inspectorate,
    that is Ofsted's. Early letters without "Yours sincerely" end with the name over the title."""
    for line in lines:
        name = squash(_INSPECTOR_TITLE.sub("", line)).strip(" ,.")
        if _PERSON.match(name) and not _NOT_A_SIGNATORY.search(name):
            return name
    return None


# --- body ---------------------------------------------------------------------------------------


def _list_kind(text: str) -> ItemKind | None:
    return next((kind for pattern, kind in _LISTS if pattern.match(text)), None)


def _is_heading(lines: list[Line], i: int) -> bool:
    """A list heading, or a short line of a few words without a full stop after a line that ended
    a sentence and before a line that starts one: "Overview", "Main findings"."""
    text = lines[i].text
    if _INTRO_HEADING.match(text):
        return False
    if _list_kind(text) or _SECTION_HEADING.match(text):
        return True
    if len(text) > _HEADING_WIDTH or len(text.split()) > _HEADING_WORDS or not text[0].isupper():
        return False
    if _SENTENCE_END.search(text) or text.startswith(_BULLET):
        return False
    before = lines[i - 1].text if i else ""
    after = lines[i + 1].text if i + 1 < len(lines) else ""
    return bool(_SENTENCE_END.search(before) or _list_kind(before)) and (
        after[:1].isupper() or after.startswith(_BULLET)
    )


def _body(lines: list[Line], at: int) -> tuple[list[ImprovementItem], list[Paragraph], list[Section]]:
    """The lists' items and the other sections' paragraphs, section by section."""
    items: list[ImprovementItem] = []
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    starts = [i for i in range(at, len(lines)) if _is_heading(lines, i)] + [len(lines)]
    width = _text_width(lines[at:])
    for start, stop in zip(starts, starts[1:]):
        heading, block = lines[start].text, lines[start + 1 : stop]
        kind = _list_kind(heading)
        if kind is not None:
            for bullet in _list_items(block):
                items.append(_item(len(items) + 1, kind, bullet))
            continue
        first = len(paragraphs) + 1
        for para in _paragraphs(block, width):
            text = join_lines([para[0].text.removeprefix(_BULLET)] + [line.text for line in para[1:]])
            paragraphs.append(Paragraph(para_no=len(paragraphs) + 1, section=heading, page=para[0].page, text=text))
        if len(paragraphs) >= first:
            sections.append(
                Section(title=heading, grade=None, first_para=first, last_para=len(paragraphs), page=lines[start].page)
            )
    return items, paragraphs, sections


def _list_items(block: list[Line]) -> list[list[Line]]:
    """A list's items, each with its wrapped lines. Lines before the first bullet are a lead-in
    ("The local authority needs to take swift and decisive action on the following:"), not an item,
    unless its bullets only finish its sentence: they start in lower case after a lead-in that does
    not announce a list ("... delays in ensuring permanence for children, including:"). Then the
    lead-in and those bullets are one item. Every list the letters print is bulleted: sentences
    under a list heading without bullets point back to an earlier visit's list ("The areas for
    priority action set at the last focused visit remain."), so they are no items."""
    items: list[list[Line]] = []
    current: list[Line] = []
    sublist = False
    for line in block:
        if not line.text.startswith(_BULLET):
            current.append(Line(line.page, _SUB_BULLET.sub("", line.text)))
            continue
        text = line.text.removeprefix(_BULLET).strip()
        finishes = (
            sublist
            or current
            and current[-1].text.endswith(":")
            and not _ANNOUNCES_LIST.search(join_lines([line.text for line in current]))
        )
        if finishes and text[:1].islower():
            current.append(Line(line.page, text))
            sublist = True
            continue
        if current and current[0].text.startswith(_BULLET) or sublist:
            items.append(current)
        current, sublist = [line], False
    if current and (current[0].text.startswith(_BULLET) or sublist):
        items.append(current)
    return items


def _text_width(lines: list[Line]) -> int:
    """How many characters a full line of the letter's text holds (a few lines run long where the
    text layer joined a hyphenated word onto them)."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * _WIDEST)] if lengths else 0


def _paragraphs(block: list[Line], width: int) -> list[list[Line]]:
    """A section's bullets or paragraphs. The text layer keeps no blank lines, so an unbulleted
    paragraph ends on a line that ends a sentence with room left for the next line's first word:
    within a paragraph that word would have been printed there. A bullet runs to the next bullet."""
    paras: list[list[Line]] = []
    for line in block:
        if not paras or line.text.startswith(_BULLET):
            paras.append([line])
            continue
        last = paras[-1][-1].text
        word = line.text.split()[0]
        room = len(last) + 1 + len(word) <= _ROOM * width
        ended = _SENTENCE_END.search(last) and room and line.text[:1].isupper()
        if ended and not paras[-1][0].text.startswith(_BULLET):
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras
