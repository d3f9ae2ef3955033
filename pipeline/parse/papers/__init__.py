"""Read a council committee paper, or a news story about one, into a `CommitteePaper`.

Council templates differ (cabinet reports with numbered paragraphs, scrutiny briefings, news copy,
action-plan appendices as tables), so nothing here keys on a layout: the text is cut into paragraphs
and sentences, and each fact is found by what the sentence says ("published on ...", "graded ... as
good", "areas for improvement ... these being:", "will be completed by ...").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import PurePosixPath
from typing import NamedTuple

from ... import councils, timescales
from ..common import GRADE_PATTERN, join_lines, parse_grade, squash
from ..ilacs import FRAMEWORK_TAG
from ...schema import (
    AreaKey, CommitteePaper, Contact, DateSpan, Document, DocumentKind, Grade, GradeClaim,
    InspectionReference, PreviousJudgement,
)  # fmt: skip
from ...timescales import DATE, DATE_PATTERN, MONTH

PAPER_KINDS = frozenset({DocumentKind.COMMITTEE_PAPER, DocumentKind.NEWS_ARTICLE})
_OPENING_LINES = 15


def parse_paper(document: Document, kind: DocumentKind) -> CommitteePaper:
    lines = [_clean(line) for line in document.text.split("\n")]
    cover = _cover_rows(document)
    opening = cover + _title_block(lines)
    units = _units(lines)
    sentences = _sentences(units)
    committee, dated = _meeting(opening + [_clean(line) for line in document.running_lines], document.text)
    meeting_date = dated if kind is DocumentKind.COMMITTEE_PAPER else None  # a story's dateline is no meeting
    title = _title(opening, kind, committee, _full_width(lines), cover) or document.title
    inspection = _inspection(sentences)
    reference_year = _reference_year(inspection)
    previous = _previous_context(sentences, reference_year)
    inspection = inspection.model_copy(update={"framework": _framework(sentences, title, previous)})
    rows = _rows(document, units)
    action_rows = _action_rows(rows)
    grades, previous_judgements = _grades(sentences, previous, rows, reference_year)
    published = inspection.published.start if inspection.published else None
    timescale_spans = _timescales(sentences, previous, dated, published, action_rows)
    next_inspection = _next_inspection(timescale_spans)
    council, council_source = _council(document)
    return CommitteePaper(
        doc_id=document.doc_id,
        source_path=document.source_path,
        sha256=document.sha256,
        kind=kind,
        pages=len(document.pages),
        council=council,
        council_source=council_source,
        committee=committee,
        meeting_date=meeting_date,
        dated=dated,
        title=title,
        recommendations=_recommendations(units),
        inspection=inspection,
        grades=grades,
        improvement_areas=tuple(
            dict.fromkeys(_without_tag(area) for area in _improvement_areas(sentences, units) + _plan_areas(action_rows))
        ),
        timescales=tuple(s for s in timescale_spans if s is not next_inspection),
        next_inspection=next_inspection,
        previous_judgements=previous_judgements,
        contacts=_contacts(rows),
        action_rows=action_rows,
        commitments=_commitments(sentences, previous),
        dates_mentioned=_dates_mentioned(document.text),
    )


# --- paragraphs and sentences -----------------------------------------------------------------

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_DRESSING = re.compile(r"^\s*(?:#{1,6}\s+|>\s+)|\*\*|__|^\s*-{3,}\s*$")
_MARKER = re.compile(
    r"^(?:(?P<bullet>[◼•▪●◦*\-–])|(?P<section>\d{1,2}(?:\.\d{1,2})+)\.?|(?P<number>\d{1,2})[.)]"
    r"|\(?(?P<roman>[ivx]{1,5})\)|\(?(?P<letter>[a-z])\))\s+"
)


_JOINING_WORDS = {"and", "or", "of", "the", "to", "for", "in", "on", "with", "a", "an"}


class _Unit(NamedTuple):
    """A paragraph or list item: the marker printed before it ('bullet', 'number', 'section',
    'roman', 'letter' or '') and its text on one line."""

    marker: str
    text: str

    @property
    def heading(self) -> bool:
        words = self.text.split()
        return (
            0 < len(words) <= 10
            and self.text[-1] not in ".:;,?!"
            and ";" not in self.text
            and words[-1].lower() not in _JOINING_WORDS
            and not self.text[0].islower()
            and self.marker in ("", "number", "section")
            and not self.text.lower().startswith("that ")
        )

    @property
    def is_item(self) -> bool:
        return self.marker in ("bullet", "roman", "letter") or (
            not self.marker and self.text[:1].islower()
        )


class _Sentence(NamedTuple):
    index: int
    text: str
    items: tuple[str, ...]  # the list a sentence ending in ':' introduces
    section: int  # how many headings came before it


def _clean(line: str) -> str:
    """Markdown dressing off; a tab-separated table row as 'cell | cell', like Word's."""
    line = _MARKDOWN_LINK.sub(r"\1", line).replace("\t", " | ")
    return squash(_MARKDOWN_DRESSING.sub(" ", line)).strip("| ")


def _split_marker(line: str) -> tuple[str, str]:
    """Bullet or number off the front of a line; '- 1.1 text' is a numbered paragraph."""
    kind = ""
    while match := _MARKER.match(line):
        kind = next(name for name, value in match.groupdict().items() if value)
        line = line[match.end() :]
    return kind, line


def _units(lines: list[str]) -> list[_Unit]:
    """Lines into paragraphs: a wrapped line joins the one before unless a marker, a blank line or
    finished sentence starts something new."""
    units: list[list] = []
    last_line = ""
    gap = False
    full = _full_width(lines)
    for line in lines:
        if not line:
            gap = True
            continue
        marker, text = _split_marker(line)
        if not text:
            continue
        previous = units[-1][1] if units else ""
        continues = (
            units
            and text.lower() in _JOINING_WORDS  # '...; and' wrapped before its last word
        ) or (
            units
            and not marker
            and not _GRADE_LINE.match(text)
            and not _GRADE_LINE.match(previous)
            and " | " not in text
            and " | " not in previous
            and previous[-1] not in ".:;?!"
            and (
                text[0].islower()
                or previous.split()[-1].lower() in _JOINING_WORDS
                or (not gap and len(last_line) >= full and not _looks_like_heading(text))
            )
        )
        if continues:
            units[-1][1] = join_lines([previous, text])
        else:
            units.append([marker, text])
        last_line, gap = line, False
    return [_Unit(marker, text) for marker, text in units]


def _looks_like_heading(line: str) -> bool:
    return len(line.split()) <= 3 and line[-1] not in ".:;?!," and line[0].isupper()


def _full_width(lines: list[str]) -> float:
    """How long a line is when it was wrapped at the margin: near the longest line. A paper saved
    from Word or a web page has one line per paragraph, so its longest line is far longer than any
    heading."""
    return max([40.0] + [0.75 * len(line) for line in lines])


_SENTENCE_END = re.compile(r"(?<=[.!?])[’”\"']?\s+(?=[A-Z0-9‘“\"'(\[])")


def _sentences(units: list[_Unit]) -> list[_Sentence]:
    out: list[_Sentence] = []
    section = 0
    for position, unit in enumerate(units):
        if unit.heading:
            section += 1
            continue
        parts = _SENTENCE_END.split(unit.text)
        for part in parts:
            # a list follows a colon, or a question Ofsted's heading asks ('What needs to improve?')
            items = _list_after(units, position, unit) if part is parts[-1] and part.endswith((":", "?")) else ()
            out.append(_Sentence(len(out), part, items, section))
    return out


def _list_after(units: list[_Unit], position: int, intro: _Unit) -> tuple[str, ...]:
    """The items of a list that a unit ending in ':' introduces: bullets, or numbers of another
    kind than the introducing paragraph's."""
    items = []
    for unit in units[position + 1 :]:
        if unit.is_item or (unit.marker and unit.marker != intro.marker and not unit.heading):
            items.append(_item_text(unit.text))
        else:
            break
    return tuple(items)


def _item_text(text: str) -> str:
    """A list item without the punctuation that joins it to the next: '...; and' -> '...'."""
    return re.sub(r"(?:[;,]?\s+(?:and|or))?[;,.]?$", "", text)


# --- who, when, what --------------------------------------------------------------------------

_BODY = re.compile(
    r"\b(?:cabinet|(?:sub-)?committee|panel|board|executive|forum|commission|full council|"
    r"council meeting|meeting of)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?P<label>meeting|committee|decision[- ]maker|report (?:to|for)|to|meeting date|date of (?:the )?meeting|"
    r"date|title(?: of (?:the )?report)?|subject|report title|name of (?:the )?(?:committee|meeting))"
    r"(?:\s*[:|])+\s*(?P<value>.+)$",  # 'Label: value', or a cover table's row 'Label | value' ('Label: | value')
    re.IGNORECASE,
)
_TITLE_LABEL = re.compile(r"^(?:title|subject|report title)", re.IGNORECASE)
_SAYS = re.compile(r":$|\b(?:is|are|was|were|will|has|have)\b", re.IGNORECASE)  # a sentence, not a name
_NOT_A_BODY = re.compile(r"^(?:report|inspection|ofsted|title|agenda|item|appendix|that)\b|\.$", re.IGNORECASE)
_LONE_LABEL = re.compile(r"^[A-Z][\w ]{1,30}:?$")
_SECOND_LABEL = re.compile(r"\s+(?=(?:Date|Time|Venue|Meeting|Subject|Title|Report to|Wards? affected)\b[\w ]{0,16}:)")
_NAVIGATION = re.compile(r"\s[>›»]\s")  # a web page's breadcrumb trail: 'Home > Committees > Cabinet'
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:agenda item|item\b|part [1i]|public|open|exempt|report of|report by|report from|report for|"
    r"wards? affected|key decision|classification|latest news|news|date|meeting|"
    r"committee|report to|to\b|portfolio|cabinet member|lead member|status|confidential|not for publication|"
    r"author|lead officer|contact|skip to|home\b|menu|search|cookies|accessibility|sign in|log in|"
    r"minutes\b|present\b|apologies|in attendance|chair\b)",
    re.IGNORECASE,
)
_PROSE_BODY = re.compile(
    r"\b(?:presented to|considered by|went before|discussed (?:by|at)|meeting of|told|reported to|"
    r"brought to)\s+(?:the\s+|this week['’]s\s+|last week['’]s\s+|a\s+)?(?:\[[^\]]*\]\s+)?"
    r"(?P<body>(?:[\w&,'’-]+\s+){0,8}?(?:(?:sub-)?committee|panel|cabinet|board))\b",
    re.IGNORECASE,
)


def _meeting(opening: list[str], text: str) -> tuple[str | None, dt.date | None]:
    committee = meeting_date = None
    for line in opening:
        if _NAVIGATION.search(line) or _EMAIL_HEADER.match(line):
            continue
        labelled = _LABEL.match(line)
        label = labelled.group("label").lower() if labelled else ""
        value = labelled.group("value") if labelled else line
        day = _full_date(value)
        if meeting_date is None and day and (label.startswith(("date", "meeting date")) or _short(value, day)):
            meeting_date = day
        if committee is None and not _TITLE_LABEL.match(label) and not label.startswith("date"):
            body = _BARE_LABEL.sub("", _MEMBERS_OF.sub("", DATE_PATTERN.sub("", value))).strip(" ,–-")
            if _BODY.search(body) and len(body.split()) <= 14 and not _NOT_A_BODY.search(body) and not _SAYS.search(body):
                committee = body
    if committee is None and (prose := _PROSE_BODY.search(text)):
        committee = squash(prose.group("body"))
    if meeting_date is None and (prose := _PROSE_MEETING.search(text)):
        meeting_date = _full_date(prose.group("date"))
    return committee, meeting_date


# An email's own header lines: when it was sent is not when the meeting is.
_EMAIL_HEADER = re.compile(r"^(?:from|sent|cc|bcc|received|importance)\s*:", re.IGNORECASE)
# A cover table drawn without rules comes out of a PDF as 'Meeting Cabinet', 'Title Ofsted ...'.
_BARE_LABEL = re.compile(r"^(?:meeting|committee|report to|decision maker|title|subject|report title)\s+(?=[A-Z])", re.IGNORECASE)
_MEMBERS_OF = re.compile(r"^(?:all\s+)?members of (?:the\s+)?", re.IGNORECASE)
_PROSE_MEETING = re.compile(rf"\b[Mm]eeting (?:on|of|held on)\s+(?:the\s+)?(?:(?i:{_WEEKDAY.pattern})\s*)?(?P<date>{DATE})")


def _full_date(text: str) -> dt.date | None:
    for match in DATE_PATTERN.finditer(text):
        if timescales.precision(match.group(0)) == 2:
            return timescales.span(match.group(0))[0]
    return None


def _short(line: str, day: dt.date) -> bool:
    """A line that is little more than a date, or a body's name with its date."""
    rest = _WEEKDAY.sub("", DATE_PATTERN.sub("", line))
    return len(rest.split()) <= 3 or bool(_BODY.search(rest))


def _title_block(lines: list[str]) -> list[str]:
    """The opening lines, with a date the layout broke after its day ("PANEL 11" / "SEPTEMBER
    2019") put back together, and a label printed above its value ("Date of meeting:" /
    "12 March 2024") joined to it; a web site's menu links (short list items) are no part of it."""
    out: list[str] = []
    split = (part for line in lines for part in _SECOND_LABEL.split(line))
    for line in (line for line in split if line and not _menu_link(line)):
        if out and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?$", out[-1]) and re.match(MONTH, line):
            out[-1] = f"{out[-1]} {line}"
        elif out and _LABEL.match(f"{out[-1].rstrip(' :')}: {line}") and _LONE_LABEL.match(out[-1]):
            out[-1] = f"{out[-1].rstrip(' :')}: {line}"
        else:
            out.append(line)
    return out[:_OPENING_LINES]


def _menu_link(line: str) -> bool:
    marker, text = _split_marker(line)
    return marker == "bullet" and len(text.split()) <= 4


def _cover_rows(document: Document) -> list[str]:
    """A PDF cover table's rows ('Meeting' | 'Cabinet') as labelled lines: PDF text runs the cells
    together ('Meeting Cabinet'). Word and HTML text keep a row's cells apart, as 'cell | cell'."""
    rows = ([cell for cell in row if cell] for table in document.tables if table.page == 1 for row in table.rows)
    return [line for row in rows if len(row) == 2 and _LABEL.match(line := f"{row[0]}: {row[1]}")]


def _title(opening: list[str], kind: DocumentKind, committee: str | None, full: float, cover: list[str]) -> str | None:
    """The labelled title (a cover table's cell holds all of it; a line's may wrap), else the
    first line of the title block that is not furniture, a body's name, a date or the council."""
    for position, line in enumerate(opening):
        labelled = _LABEL.match(line)
        if labelled and _TITLE_LABEL.match(labelled.group("label")):
            value = line if line in cover else _wrapped_value(opening, position, full)
            return _ITEM_NUMBER.sub("", value[labelled.start("value") :])
    for position, line in enumerate(opening):
        if kind is DocumentKind.NEWS_ARTICLE:
            if len(line.split()) >= 4 and " | " not in line:  # a headline, not the site's menu
                return _wrapped(opening, position, full)
            continue
        if (committee and committee in line) or _FURNITURE.match(line) or len(line.split()) < 3:
            continue
        if DATE_PATTERN.fullmatch(_WEEKDAY.sub("", line).strip()) or _is_council_line(line) or _NAVIGATION.search(line):
            continue
        return _BARE_LABEL.sub("", _MINUTE_NUMBER.sub("", _wrapped(opening, position, full)))
    return None


def _wrapped(lines: list[str], position: int, full: float) -> str:
    """A title with the lines it wrapped onto: a line that starts in lower case, follows a line
    ending mid-phrase or filling the width, or a short capitals line under a capitals title."""
    title, last = lines[position], lines[position]
    for line in lines[position + 1 :]:
        ends_open = last.split()[-1].lower() in _JOINING_WORDS or last.endswith((":", "-", "–", ","))
        capitals_tail = last.isupper() and line.isupper() and len(line.split()) <= 3
        filled = len(last) >= full and not (_SECTION_START.match(line) or _looks_like_heading(line) or _FURNITURE.match(line))
        if not (line[:1].islower() or ends_open or capitals_tail or filled):
            break
        title, last = join_lines([title, line]), line
    return title


_MINUTE_NUMBER = re.compile(r"^\d{1,3}\.?\s+(?=[A-Z])")  # minutes number their items: '23. OFSTED INSPECTION ...'
_ITEM_NUMBER = re.compile(r"^(?:agenda\s+)?item\s+\d+[a-z]?\s*[-–:.]\s*", re.IGNORECASE)  # an email's 'Subject: Item 6 - ...'


def _wrapped_value(lines: list[str], position: int, full: float) -> str:
    """A labelled line with the lines its value wrapped onto: unlabelled lines under a line that
    fills the width."""
    value, last = lines[position], lines[position]
    for line in lines[position + 1 :]:
        if len(last) < full or _LABELLED.match(line) or _SECTION_START.match(line):
            break
        value, last = join_lines([value, line]), line
    return value


_SECTION_START = re.compile(
    r"^(?:\d|recommendation|summary|background|purpose|introduction|contact|executive|report|"
    r"decision|key decision|wards?|appendi|that\b)",
    re.IGNORECASE,
)


def _is_council_line(line: str) -> bool:
    return bool(re.fullmatch(r"[\w ,&'’-]*\b(?:Council|COUNCIL)", line)) and len(line.split()) <= 6


@cache
def _council_names() -> re.Pattern[str]:
    """Every council name and alias, as a capitalised word sequence."""
    names = {
        name
        for council in councils.councils().values()
        for name in (council.name, *council.aliases)
        if len(name) > 2
    }
    forms = {form for name in names for form in (name, name.upper()) if name[:1].isupper()}
    alternation = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


_EMAIL_DOMAIN = re.compile(r"@([a-z0-9-]+)\.gov\.uk", re.IGNORECASE)
_WEB_DOMAIN = re.compile(r"(?<![@\w.-])(?:[a-z0-9-]+\.)*?([a-z0-9-]+)\.gov\.uk\b", re.IGNORECASE)
_DRESSED = r"(?:{name})(?:\s+(?:County|City|Borough|Metropolitan Borough|District))?\s+Council"


def _council(document: Document) -> tuple[str | None, str | None]:
    """The council the paper speaks for and where that was read: named in the text, else a web
    address or e-mail domain in it, else the name of the folder or file it came in (minutes pages
    often never name their council)."""
    named = _named_council(document.text)
    if named:
        return named, "named in the text"
    for pattern, source in ((_WEB_DOMAIN, "web address in the text"), (_EMAIL_DOMAIN, "e-mail domain in the text")):
        for domain in pattern.findall(document.text):
            key = councils.council_key(domain)
            if key:
                return councils.councils()[key].name, source
    path = PurePosixPath(document.source_path)
    for part, source in [*((folder, "folder name") for folder in reversed(path.parts[:-1])), (path.stem, "file name")]:
        key = councils.council_key(re.sub(r"[-_.]+", " ", part))
        if key:
            return councils.councils()[key].name, source
    return None, None


def _named_council(text: str) -> str | None:
    """The council most named in the text, printed with its dressing ("Warwickshire County
    Council") where the text gives one."""
    votes: dict[str, int] = {}
    printed: dict[str, str] = {}
    for match in _council_names().finditer(text):
        key = councils.council_key(match.group(0))
        if key:
            votes[key] = votes.get(key, 0) + 1
            if key not in printed or printed[key].isupper():
                printed[key] = squash(match.group(0))
    if not votes:
        return None
    key = max(votes, key=votes.get)
    name = _spelt(printed[key], councils.councils()[key])
    dressed = rf"(?:(?:London|Royal) Borough of {re.escape(name)}\b|{_DRESSED.format(name=re.escape(name))})"
    printed_dressed = re.search(dressed, text) or next(
        (m for m in re.finditer(dressed, text, re.IGNORECASE) if m.group(0).isupper()), None
    )  # a letterhead in capitals: 'NORFOLK COUNTY COUNCIL'
    return _in_mixed_case(printed_dressed.group(0), name) if printed_dressed else name


def _spelt(printed: str, council) -> str:
    """A name printed only in capitals ('WIRRAL') as the council spells it ('Wirral'); an
    acronym ('BCP') as printed."""
    spellings = (council.name, *council.aliases)
    return next((name for name in spellings if printed.isupper() and name.upper() == printed and not name.isupper()), printed)


_LOWER_WORDS = {"of", "and", "upon", "on", "the", "in"}


def _in_mixed_case(printed: str, name: str) -> str:
    """'NORFOLK COUNTY COUNCIL' as 'Norfolk County Council', with the council's own name as it
    is spelt elsewhere in the paper."""
    if not printed.isupper():
        return printed
    at = printed.upper().index(name.upper())
    return f"{_capitalised(printed[:at])}{name}{_capitalised(printed[at + len(name):])}"


def _capitalised(words: str) -> str:
    return " ".join(word.lower() if word.lower() in _LOWER_WORDS else word.capitalize() for word in words.split(" "))


# --- the inspection the paper discusses -------------------------------------------------------

_FRAMEWORKS = [
    (re.compile(r"\bILACS?\b|inspecting local authority children[’']?s services|inspection of local authority children[’']?s services", re.I), "ILACS"),
    (re.compile(r"\bSIF\b|single inspection\b|services for children in need of help and protection", re.I), "SIF"),
    (re.compile(r"\bJTAI\b|joint targeted area inspection", re.I), "JTAI"),
    (re.compile(r"\bfocused visit\b", re.I), "focused visit"),
    (re.compile(r"\bmonitoring visit\b", re.I), "monitoring visit"),
]  # fmt: skip
_PUBLISHED = re.compile(
    rf"\bpublish(?:ed|es)?\b[^.;()]{{0,60}}?\b(?:on|in|dated)\s+(?P<after>{DATE})"
    rf"|\b(?:on|in)\s+(?P<before>{DATE}),?\s+(?:\w+\s+){{0,3}}?published\b"
    rf"|\bpublished\s+(?P<bare>{DATE})",
    re.IGNORECASE,
)
_INSPECTED = re.compile(
    rf"\b(?:took place|carried out|conducted|undertaken|inspected|on[- ]site|visited|inspection)\b"
    rf"(?:[^.;()]|\([^.;()]{{1,20}}\)){{0,160}}?\b(?:between|from|on|in|during)\s+(?P<after>{DATE})"
    rf"|\binspection\s+(?:report\s+)?(?:of\s+|in\s+)?(?P<next>{DATE})\b"
    rf"|\b(?:the|their|our|its)\s+(?P<before>{DATE})\s+(?:ofsted\s+)?(?:\w+\s+)?inspection\b",
    re.IGNORECASE,
)


def _inspection(sentences: list[_Sentence]) -> InspectionReference:
    return InspectionReference(dates=_latest(_INSPECTED, sentences), published=_latest(_PUBLISHED, sentences))


def _framework(sentences: list[_Sentence], title: str | None, previous: dict[int, int | None]) -> str | None:
    """The framework named in the title, else in the first sentence not about an earlier inspection."""
    texts = [title or ""] + [s.text for s in sentences if s.index not in previous]
    return next((name for text in texts for pattern, name in _FRAMEWORKS if pattern.search(text)), None)


def _latest(pattern: re.Pattern[str], sentences: list[_Sentence]) -> DateSpan | None:
    """The latest date the pattern finds (an earlier one is a previous inspection's), the most
    precise of equals: '1 February 2022' over 'February 2022'."""
    found = []
    for sentence in sentences:
        if _FUTURE.search(sentence.text) or _NEXT_INSPECTION.search(sentence.text):
            continue  # what will happen is not what did
        for match in pattern.finditer(sentence.text):
            if _PREVIOUS_WORDS.search(sentence.text, max(0, match.start() - 25), match.start() + 1):
                continue  # 'at the previous inspection in 2011'
            phrase = next(value for value in match.groupdict().values() if value)
            start, end = timescales.span(phrase)
            if start:
                rank = (start.year, start.month, timescales.precision(phrase), start)
                found.append((rank, DateSpan(phrase=phrase, start=start, end=end, sentence=sentence.text)))
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _reference_year(inspection: InspectionReference) -> int | None:
    """The year the discussed inspection happened: judgements stated for earlier years are
    previous ones."""
    if inspection.dates and inspection.dates.start:
        return inspection.dates.start.year
    if inspection.published and inspection.published.start:
        return inspection.published.start.year - (inspection.published.start.month <= 3)
    return None


_PREVIOUS_WORDS = re.compile(
    r"\b(?:previous(?:ly)?|last inspect\w*|earlier|prior|former(?:ly)?)\b", re.IGNORECASE
)
_CURRENT_WORDS = re.compile(r"\b(?:now|currently|latest|most recent|this inspection)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LOOK_BACK = 2


def _previous_context(sentences: list[_Sentence], reference_year: int | None) -> dict[int, int | None]:
    """Sentences about an earlier inspection, with its year where known: the nearest year printed
    in the sentence or the two before it under the same heading is before the discussed
    inspection's, or the sentence
    says 'previous', 'earlier', ...; unless it says 'now' or 'latest'."""
    previous: dict[int, int | None] = {}
    for sentence in sentences:
        if _CURRENT_WORDS.search(sentence.text):
            continue
        year = None
        for back in range(_LOOK_BACK + 1):
            if sentence.index - back < 0 or sentences[sentence.index - back].section != sentence.section:
                break
            years = [int(y) for y in _YEAR.findall(sentences[sentence.index - back].text)]
            if years:
                year = max(years) if back else min(years)
                break
        if reference_year and year and year < reference_year:
            previous[sentence.index] = year
        elif _PREVIOUS_WORDS.search(sentence.text) and (not year or not reference_year or year < reference_year):
            previous[sentence.index] = year
    return previous


# --- grades -----------------------------------------------------------------------------------

_GRADE_CONTEXT = re.compile(
    r"\b(?:grade[ds]?|grading|judged|judgements?|rated|rating|marked|assessed as|found to be|"
    r"overall effectiveness|ofsted)\b",
    re.IGNORECASE,
)
_QUOTES = "'‘’\"“”"
_AMBIGUOUS = {Grade.GOOD, Grade.OUTSTANDING}  # also everyday words: 'good practice'
_AREAS = [
    (re.compile(r"all (?:\w+ ){0,2}(?:areas|judgements)|every (?:\w+ )?area|each area|across the board", re.I), None),
    (re.compile(r"leadership,? management and governance", re.I), AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE),
    (re.compile(r"impact of leaders|leadership", re.I), AreaKey.IMPACT_OF_LEADERS),
    (re.compile(r"help and protection", re.I), AreaKey.HELP_AND_PROTECTION),
    (re.compile(r"children in care and care leavers|looked after children and care leavers", re.I), AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS),
    (re.compile(r"care leavers|leaving care", re.I), AreaKey.CARE_LEAVERS),
    (re.compile(r"children in care|looked after|achieving permanence", re.I), AreaKey.CHILDREN_IN_CARE),
    (re.compile(r"adoption", re.I), AreaKey.ADOPTION_PERFORMANCE),
    (re.compile(r"safeguarding children board|\bLSCB\b", re.I), AreaKey.LSCB),
    (re.compile(r"overall", re.I), AreaKey.OVERALL_EFFECTIVENESS),
]  # fmt: skip


def _grades(
    sentences: list[_Sentence], previous: dict[int, int | None], rows: list[tuple[str, ...]],
    reference_year: int | None = None,
) -> tuple[tuple[GradeClaim, ...], tuple[PreviousJudgement, ...]]:
    """Grades stated in sentences (those about an earlier inspection are previous judgements) and
    in judgement tables the paper reproduces (a row with an area and a grade)."""
    claims: dict[tuple, GradeClaim] = {}
    earlier: dict[tuple, PreviousJudgement] = {}
    table_claims, table_earlier = _table_grades(rows)
    for judgement in table_earlier:
        earlier.setdefault((judgement.grade, judgement.year), judgement)
    for claim in table_claims:
        claims.setdefault((claim.area_key, claim.grade, claim.area.lower() if claim.area_key is AreaKey.OTHER else ""), claim)
    for sentence in sentences:
        for grade, position in _grade_mentions(sentence.text):
            year = previous.get(sentence.index)
            given_earlier = _given_earlier(sentence, position, previous, reference_year)
            same_as_earlier = sentence.index in previous and _SAME_GRADE.search(sentence.text, _clause_bounds(sentence.text, position)[1])
            if given_earlier or same_as_earlier:
                earlier.setdefault((grade, year), PreviousJudgement(grade=grade, year=year, quote=sentence.text))
            if given_earlier:
                continue
            if sentence.items:
                areas = [(item, _area_key(item)) for item in sentence.items]
            else:
                areas = [_area_near(sentence.text, position)]
            for area, key in areas:
                claim = GradeClaim(area=area, area_key=key, grade=grade, quote=sentence.text)
                claims.setdefault((key, grade, area.lower() if key is AreaKey.OTHER else ""), claim)
    if reference_year and reference_year >= _CARE_JUDGED_APART:
        claims = {
            (key, claim.grade, claim.area.lower() if key is AreaKey.OTHER else ""):
                claim if key is claim.area_key else claim.model_copy(update={"area_key": key})
            for claim in claims.values()
            for key in _apart(claim.area_key)
        }  # fmt: skip
    return tuple(claims.values()), tuple(earlier.values())


# From January 2023 ILACS judges children in care and care leavers apart, so "children in care and
# care leavers were judged to require improvement" gives both judgements.
_CARE_JUDGED_APART = 2023


def _apart(key: AreaKey | None) -> tuple[AreaKey | None, ...]:
    if key is AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS:
        return AreaKey.CHILDREN_IN_CARE, AreaKey.CARE_LEAVERS
    return (key,)


def _table_grades(rows: list[tuple[str, ...]]) -> tuple[list[GradeClaim], list[PreviousJudgement]]:
    """Judgement tables the paper reproduces: a row with an area and its grade. Under a header
    that names inspection years ('Judgement | 2019 | 2024') a row has a grade a year: the latest
    year's is the discussed inspection's, the others are earlier judgements."""
    claims: list[GradeClaim] = []
    earlier: list[PreviousJudgement] = []
    years: list[int | None] = []
    for row in rows:
        grades = [i for i, cell in enumerate(row) if GRADE_PATTERN.fullmatch(cell.strip(" .*"))]
        row_years = [_column_year(cell) for cell in row]
        if not grades and sum(year is not None for year in row_years) >= 2:
            years = row_years
            continue
        areas = [cell for i, cell in enumerate(row) if i not in grades and _area_key(cell) not in (None, AreaKey.OTHER)]
        if not areas or not grades or (len(grades) > 1 and len(years) != len(row)):
            continue
        latest = max((years[i] for i in grades if years[i]), default=None) if len(grades) > 1 else None
        for i in grades:
            grade, quote = parse_grade(row[i]), " | ".join(row)
            if grade and latest and years[i] != latest:
                earlier.append(PreviousJudgement(grade=grade, year=years[i], quote=quote))
            elif grade:
                claims.append(GradeClaim(area=areas[0], area_key=_area_key(areas[0]), grade=grade, quote=quote))
    return claims, earlier


def _column_year(cell: str) -> int | None:
    """The year a column header names: '2019', 'March 2019', 'Previous inspection (2019)'."""
    found = re.fullmatch(r"\D{0,30}\b((?:19|20)\d\d)\b\D{0,30}", cell)
    return int(found.group(1)) if found and len(cell.split()) <= 5 else None


_EARLIER_CLAUSE = re.compile(
    r"\b(?:previous(?:ly)?|last inspect\w*|(?:years?|months?) (?:ago|after|before|earlier)|no longer|used to be)\b", re.I
)


_SAME_GRADE = re.compile(r"\bsame (?:grade|judgement|rating|outcome)\b|\bas (?:it was )?at the (?:previous|last)\b", re.I)


def _given_earlier(sentence: _Sentence, position: int, previous: dict[int, int | None], reference_year: int | None) -> bool:
    """A grade given at an earlier inspection: its clause says so ('two years after inspectors
    judged them inadequate'), or the sentence is about an earlier inspection and says so before
    the grade's clause ends. An earlier inspection named only in a later clause ('... to be good,
    the same grade as at the previous inspection in 2019') leaves the grade the discussed one's."""
    text = sentence.text
    start, end = _clause_bounds(text, position)
    if _EARLIER_CLAUSE.search(text[max(0, start - 20) : end]):
        return True
    if sentence.index not in previous:
        return False
    cues = [m.start() for m in _PREVIOUS_WORDS.finditer(text)]
    cues += [m.start() for m in _YEAR.finditer(text) if reference_year and int(m.group(0)) < reference_year]
    return not cues or min(cues) < end


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    """Where the clause a position falls in starts and ends: between commas, semicolons, dashes
    and 'after', 'since', 'when', 'but'."""
    start = max([0, *(m.start() for m in _CLAUSE_BREAK.finditer(text) if m.end() <= position)])
    following = [m.start() for m in _CLAUSE_BREAK.finditer(text) if m.start() > position]
    return start, following[0] if following else len(text)


_CLAUSE_BREAK = re.compile(r"[,;–—]|\s(?:after|since|when|but|whereas)\s", re.I)
_GRADE_MENTION = re.compile(rf"{GRADE_PATTERN.pattern}|requir(?:ing|ed)\s+improvement", re.I)


def _grade_mentions(text: str) -> list[tuple[Grade, int]]:
    found = []
    context = bool(_GRADE_CONTEXT.search(text))
    for match in _GRADE_MENTION.finditer(text):
        grade = parse_grade(re.sub(r"(?i)requir(?:ing|ed)", "requires", match.group(0)))
        if grade is None:
            continue
        quoted = text[max(0, match.start() - 1) : match.start()] in _QUOTES and match.start() > 0
        unambiguous = grade not in _AMBIGUOUS and grade is not Grade.ADEQUATE
        official = " ".join(match.group(0).lower().split()).endswith("to be good")  # only ever a grade
        if quoted or official or (context and (unambiguous or _stands_as_grade(text, match))):
            found.append((grade, match.start()))
    return found


def _stands_as_grade(text: str, match: re.Match[str]) -> bool:
    """'judged good.', 'as good in all areas', 'good overall': the word ends the phrase, where in
    'good practice' or 'good progress' it describes the next word."""
    after = text[match.end() :].split()[:1] or [""]
    return after[0].strip(".,;:)'’\"”").lower() in {"", "in", "across", "for", "overall", "and", "at", "by", "with", "or"}


def _area_key(text: str) -> AreaKey | None:
    return next((key for pattern, key in _AREAS if pattern.search(text)), AreaKey.OTHER)


def _area_near(text: str, position: int) -> tuple[str, AreaKey | None]:
    """The judgement area a grade is given to: the nearest printed before it since the last grade
    ("help and protection as good"), else the nearest after it ("good for help and protection");
    the overall judgement where the sentence names none."""
    since = max((m.end() for m in _GRADE_MENTION.finditer(text, 0, position)), default=0)
    found = [
        (match.start(), match.end(), match.group(0), key)
        for pattern, key in _AREAS
        for match in pattern.finditer(text)
    ]
    before = [f for f in found if since <= f[0] and f[1] <= position]
    after = [f for f in found if f[0] >= position]
    if before:
        return max(before, key=lambda f: (f[1], f[1] - f[0]))[2:]
    if after:
        return min(after, key=lambda f: (f[0], f[0] - f[1]))[2:]
    return "overall effectiveness", AreaKey.OVERALL_EFFECTIVENESS


# --- improvement areas ------------------------------------------------------------------------

_IMPROVEMENT_INTRO = re.compile(
    r"\bareas? (?:for|of|requiring|needing|to) (?:further )?(?:improvement|development|improve)|"
    r"\bimprovement areas\b|\bwhat needs to improve\b|\b(?:asked|told|required)\s+(?:the\s+)?(?:council|local authority|us)\s+to\s+improve\b|\bimprove (?:in|on) (?:the following |\w+ )?areas\b|\b(?:need(?:s|ed)? to|should|must) improve\b|\bweakness(?:es)?\b|"
    r"\b(?:flagged|identified|highlighted|noted)\b[^.]{0,60}\b(?:requiring|needing|for) improvement\b|"
    r"\brecommendations (?:made |set out )?(?:by|from|in) (?:the )?(?:ofsted|inspectors|report)\b|"
    r"\bofsted['’]?s? recommendations\b|\bpriority actions\b|"
    r"\b(?:inspectors|ofsted|the (?:inspection )?report)\b[^.]{0,40}\brecommendations (?:for|to) the (?:local authority|council)\b",
    re.IGNORECASE,
)
_INLINE_LIST = re.compile(
    r"(?:\b(?:including|include[sd]?|such as|namely|these being|which (?:are|were)|as follows|(?:to|should|must) improve)\b:?|:)"
    r"\s+(?P<list>.+)$", re.I
)
_ITEM_SPLIT = re.compile(r";\s+|,\s+(?:and\s+)?|\s+and\s+(?=(?:the|a|an|their|its|our|\w+ing)\b)")


def _improvement_areas(sentences: list[_Sentence], units: list[_Unit]) -> tuple[str, ...]:
    areas: list[str] = []
    for sentence in sentences:
        if not _IMPROVEMENT_INTRO.search(sentence.text):
            continue
        if sentence.items:
            areas.extend(sentence.items)
        elif not sentence.text.endswith("?") and (inline := _INLINE_LIST.search(sentence.text)):
            areas.extend(part.strip(" .") for part in _ITEM_SPLIT.split(inline.group("list")) if len(part.split()) >= 2)
    for position, unit in enumerate(units):
        if unit.heading and _IMPROVEMENT_INTRO.search(unit.text):
            areas.extend(_list_after(units, position, unit))
    return tuple(dict.fromkeys(areas))


def _without_tag(area: str) -> str:
    """An item as Ofsted worded it, its national-framework cross-reference off, as in the report's
    own items: '... over (outcome 3, national framework)'."""
    return FRAMEWORK_TAG.sub("", area)


_COMMITMENT = re.compile(
    r"\b(?:address|cover|tackle|respond to|complet)\w*\b.{0,80}?\b(?:all (?:of )?the (?:items|areas|recommendations|actions)|"
    r"the (?:formal |inspection |ofsted )?recommendations|the areas (?:for|of) improvement|every (?:recommendation|area))|"
    r"\ball (?:of )?the (?:items|recommendations|areas for improvement)\b.{0,40}?\b(?:addressed|completed|covered|delivered)",
    re.IGNORECASE,
)


def _commitments(sentences: list[_Sentence], previous: dict[int, int | None]) -> tuple[str, ...]:
    """Promises to address every improvement item ('the steps that will be taken to address the
    recommendations'); a past plan's promise is not this paper's."""
    return tuple(
        s.text for s in sentences if s.index not in previous and _COMMITMENT.search(s.text) and _FUTURE.search(s.text)
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


def _recommendations(units: list[_Unit]) -> tuple[str, ...]:
    for position, unit in enumerate(units):
        if unit.heading and _RECOMMENDATION_HEADING.match(unit.text):
            block = []
            for following in units[position + 1 :]:
                if following.heading or _EMAIL.search(following.text) or _PHONE.search(following.text):
                    break
                block.append(following)
            listed = [_item_text(u.text) for u in block if u.marker and not u.text.endswith(":")]
            chosen = listed or [u.text for u in block if len(u.text.split()) > 4]
            if chosen:
                return tuple(chosen)
        if _ASKED.search(unit.text):
            return _list_after(units, position, unit)
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
_ON_DATE = re.compile(rf"\b(?:on|in|from|during|between|around)\s+(?:the\s+)?(?:week\s+(?:of|commencing)\s+)?(?P<date>{DATE})")
_AFTER = re.compile(
    rf"\b(?:{_COUNT})\s+(?:working\s+)?(?:days|weeks|months)\s+(?:after|following|from)\s+(?:the\s+)?\w+(?:\s+of\s+the\s+\w+)?",
    re.IGNORECASE,
)
_OF_PUBLICATION = re.compile(
    r"\s+(?:of|after|from|following)\s+(?:the\s+)?(?:report['’]?s?\s+)?(?:publication|receiv\w+ the report|receipt of the report)", re.I
)
_NEXT = re.compile(r"\bnext\s+(?:month|week|year|financial year|quarter|municipal year)\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|must|(?:is|are) (?:expected|due|planned|scheduled|intended|anticipated|likely|unlikely|required)|"
    r"intends?|aims?|targets?|plans? to|committed to|to be (?:completed|delivered|shared|submitted|reviewed|published))\b",
    re.IGNORECASE,
)
_NEXT_INSPECTION = re.compile(
    r"\bnext\s+(?:\w+\s+){0,2}(?:inspection|visit)|\binspectors next\b|\bnext ILACS\b", re.IGNORECASE
)


def _timescales(
    sentences: list[_Sentence], previous: dict[int, int | None], meeting: dt.date | None,
    published: dt.date | None, action_rows: tuple[tuple[str, ...], ...] = (),
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
        if sentence.index in previous and not _FUTURE.search(text):
            continue
        if not (_FUTURE.search(text) or deadlines or relatives or _NEXT.search(text)):
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


def _next_inspection(spans: tuple[DateSpan, ...]) -> DateSpan | None:
    """The expectation for the next inspection: of the phrases in sentences about it, a printed
    window ('between May 2025 and May 2026') before a relative one ('in three years')."""
    about = [span for span in spans if _NEXT_INSPECTION.search(span.sentence or "")]
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


def _dates_mentioned(text: str) -> tuple[DateSpan, ...]:
    seen: dict[str, DateSpan] = {}
    for match in DATE_PATTERN.finditer(text):
        phrase = squash(match.group(0))
        start, end = timescales.span(phrase)
        seen.setdefault(phrase, DateSpan(phrase=phrase, start=start, end=end))
    return tuple(seen.values())


# --- tables: contacts and action plans --------------------------------------------------------


def _rows(document: Document, units: list[_Unit]) -> list[tuple[str, ...]]:
    """Table rows from the document's tables (else from tab- or bar-separated lines of its text),
    then every paragraph that holds an email address or a phone number, as a row of one cell."""
    rows = [tuple(cell for cell in row if cell) for table in document.tables for row in table.rows]
    if not document.tables:
        for line in document.text.split("\n"):
            separator = "\t" if "\t" in line else " | " if " | " in line else None
            if separator:
                cells = tuple(squash(_clean(cell)) for cell in line.split(separator))
                rows.append(tuple(cell for cell in cells if cell))
    rows.extend((labelled["area"], labelled["grade"]) for unit in units if (labelled := _GRADE_LINE.match(unit.text)))
    rows.extend(_contact_rows(units))
    return rows


_GRADE_LINE = re.compile(  # 'Overall effectiveness: Good', 'Impact of leaders – Requires improvement to be good'
    rf"^(?P<area>[^:|]{{3,160}}?)(?::|\s[–—-])\s*(?P<grade>{GRADE_PATTERN.pattern})\.?$", re.IGNORECASE
)
_LABELLED = re.compile(r"^[A-Z][\w .()’'/-]{0,30}:\s*\S")  # 'Officer name: Sam Patel', 'Tel no.: 01603 ...'
_CONTACT_LINE = re.compile(
    r"^[\w .()’'/-]{0,20}\b(?:name|officer|author|contact|tel(?:ephone)?|phone|mobile|e-?mail|job title|position|"
    r"role|designation|direct line|post)\b[\w .()]{0,12}:\s*\S",
    re.IGNORECASE,
)


def _contact_rows(units: list[_Unit]) -> list[tuple[str, ...]]:
    """Every paragraph that holds an email address or a phone number, as a row of one cell; a
    run of short contact lines ('Officer name: ...', 'Job title: ...', 'Tel: ...', 'Email: ...')
    about one person (one email address at most) is one row of one cell."""
    rows: list[tuple[str, ...]] = []
    run: list[str] = []
    for unit in [*units, _Unit("", "")]:
        text = unit.text
        labelled = _CONTACT_LINE.match(text) and len(text.split()) <= 12 and " | " not in text
        if labelled and not (_EMAIL.search(text) and _EMAIL.search(" ".join(run))):
            run.append(text)
            continue
        if _EMAIL.search(" ".join(run)) or _PHONE.search(" ".join(run)):
            rows.append((" ".join(run),))
        run = [text] if labelled else []
        if not labelled and (_EMAIL.search(text) or _PHONE.search(text)) and " | " not in text:
            rows.append((text,))
    return rows


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?|\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b(?:/\d{3,8})*")
_ROLE_WORDS = re.compile(
    r"\b(?:officer|officers|director|manager|head|author|councillor|cllr|member|holder|chief|executive|"
    r"lead|service|services|scrutiny|cabinet|assistant|strategic|portfolio|team|council|children|"
    r"families|adviser|advisor|democratic|clerk|leader|principal|senior|deputy|contact|information|"
    r"details|name|email|e-mail|telephone|tel|phone|for|of|and)\b",
    re.IGNORECASE,
)
_CONTACT_LABEL = re.compile(
    r"\b(?:e-?mail|tel(?:ephone)?|phone|mobile|contact(?: points?| officers?| details)?|lead officer|report author|author)\s*:",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}\b")
_TITLES = re.compile(r"^(?:Councillor|Cllr\.?|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Professor)\s+")


def _contacts(rows: list[tuple[str, ...]]) -> tuple[Contact, ...]:
    contacts: dict[tuple, Contact] = {}
    last: list[Contact] = []
    for row in rows:
        text = " ".join(row)
        if not (_EMAIL.search(text) or _PHONE.search(text)):
            continue
        people = _people(row)
        emails = _EMAIL.findall(text)
        if not people and emails:  # an 'Email: ...' line under the names it belongs to
            for person in last:
                if contacts[(person.name,)].email is None:
                    contacts[(person.name,)] = person.model_copy(update={"email": emails[0]})
            continue
        last = people or last
        for person in people:
            contacts.setdefault((person.name,), person)
    return tuple(contacts.values())


def _people(row: tuple[str, ...]) -> list[Contact]:
    text = " ".join(row)
    emails = _EMAIL.findall(text)
    phones = _phones(text)
    rest = _CONTACT_LABEL.sub(" , ", _PHONE.sub(" ", _EMAIL.sub(" ", text)))
    names = [_name_for(email, rest) for email in emails]
    if not any(names):
        names = [_TITLES.sub("", part.strip()) for part in re.split(r"[/,;]|\s+-\s+", rest) if _is_name(part)]
        emails = emails * len(names) if len(emails) == 1 else emails
    if not any(names):
        return []
    role = _role(row, names)
    return [
        Contact(
            role=role,
            name=name,
            email=emails[i] if i < len(emails) else None,
            phone=phones[i] if i < len(phones) else (phones[0] if phones else None),
        )
        for i, name in enumerate(names)
    ]


def _name_for(email: str, text: str) -> str | None:
    """The person an address belongs to: capitalised words whose letters spell its local part
    ('johncoleman', 'john.coleman', 'jcoleman')."""
    local = re.sub(r"[^a-z]", "", email.split("@")[0].lower())
    words = re.findall(r"[A-Z][a-zA-Z'’-]+", text)
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            parts = [re.sub(r"[^a-z]", "", w.lower()) for w in words[i : i + size]]
            if local in ("".join(parts), parts[0][0] + "".join(parts[1:]), "".join(parts[1:]) + parts[0]):
                return " ".join(words[i : i + size])
    return None


def _is_name(part: str) -> bool:
    part = _TITLES.sub("", part.strip())
    return bool(_PERSON.fullmatch(part)) and not _ROLE_WORDS.search(part)


def _role(row: tuple[str, ...], names: list[str | None]) -> str | None:
    """A table's first cell where it is not a name; else the words around the names that say what
    the person does."""
    first = row[0]
    if len(row) > 1 and not _EMAIL.search(first) and not any(name and name in first for name in names):
        return first
    rest = _PHONE.sub(" ", _EMAIL.sub(" ", " ".join(row)))
    for name in names:
        rest = rest.replace(name or "\0", " ")
    label, _, after = rest.partition(":") if re.match(r"^[^:,]{1,40}:", rest) else ("", "", rest)
    return _role_in(after) or _role_in(f"{label}:")


_TITLES_LEFT = re.compile(r"\b(?:Councillor|Cllr\.?|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Professor)\s*(?=[,;|/]|$)")


def _role_in(text: str) -> str | None:
    text = re.sub(r"\(\s*\)", " ", _TITLES_LEFT.sub(" ", _NOT_A_ROLE.sub(" ", text)))  # '(01234 ...)' taken out
    parts = [squash(part).strip(" ,:-") for part in re.split(r"[/,;|]", text)]
    roles = [part for part in parts if part and _ROLE_WORDS.search(part) and len(part.split()) <= 10]
    return roles[0] if roles else None


# Labels that say what a value is, not what the person does ('Report author: ...', 'Tel no.: ...').
_NOT_A_ROLE = re.compile(
    r"\b(?:(?:report |paper )?author|(?:officer |contact )?name|(?:e-?mail|postal) address|tel(?:ephone)? no\.?|"
    r"(?:tele)?phone number|job title|position|designation)\s*:|"
    r"\b(?:e-?mail|tel(?:ephone)?|phone|contact(?: points?| officer| details)?)\b\s*:?|"
    r"\b(?:for (?:further|more) (?:information|details)|if you have any questions)\b[^,]*?\b(?:contact|get in touch with)\b",
    re.IGNORECASE,
)


def _phones(text: str) -> list[str]:
    """'01905 844962/844963' is two numbers sharing a dialling code."""
    out = []
    for match in _PHONE.finditer(text):
        first, *more = match.group(0).split("/")
        out.append(first)
        out.extend(first[: len(first) - len(extra)] + extra for extra in more)
    return out


_ACTION_HEADER = re.compile(
    r"\b(?:actions?|lead|owner|responsible|timescales?|target|deadline|by when|due|rag|status|"
    r"progress|measures?|outcomes?|recommendations?|areas? for improvement|improvement|"
    r"what (?:we will do|will we do|will be done)|who|when|by whom|completion(?: date)?|milestones?|success (?:measures?|criteria))\b",
    re.IGNORECASE,
)


_AREA_COLUMN = re.compile(r"\b(?:areas? for (?:improvement|development)|recommendations?|improvement|findings?|ofsted)\b", re.I)


def _plan_areas(action_rows: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The action plan's column of Ofsted's areas for improvement, where it has one."""
    if not action_rows:
        return ()
    header = action_rows[0]
    column = next((i for i, cell in enumerate(header) if _AREA_COLUMN.search(cell) and not re.search(r"\baction", cell, re.I)), None)
    if column is None:
        return ()
    return tuple(row[column] for row in action_rows[1:] if column < len(row) and len(row) == len(header))


def _action_rows(rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """An action-plan table, header first: the rows under a header naming two or more of action,
    lead, timescale, RAG, ..., while they have about as many cells."""
    out: list[tuple[str, ...]] = []
    width = 0
    for row in rows:
        header_hits = sum(1 for cell in row if _ACTION_HEADER.search(cell) and len(cell.split()) <= 5)
        if len(row) >= 3 and header_hits >= 2:
            if not out or row != out[0]:
                out.append(row)
            width = len(row)
        elif width and len(row) >= max(2, width - 2) and row not in out:
            out.append(row)
        elif width:
            width = 0
    return tuple(out)
