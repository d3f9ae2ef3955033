"""Who and when: the committee a paper goes to, the meeting's date, the paper's title and the council
it speaks for, read from its opening lines, cover table and text."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import PurePosixPath

from ... import councils, timescales
from ...schema import Document, DocumentKind
from ...timescales import DATE, DATE_PATTERN, MONTH
from ..common import join_lines, squash
from .paragraphs import JOINING_WORDS, looks_like_heading, split_marker

_OPENING_LINES = 15

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


def committee_and_date(opening: list[str], text: str) -> tuple[str | None, dt.date | None]:
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
            if (
                _BODY.search(body)
                and len(body.split()) <= 14
                and not _NOT_A_BODY.search(body)
                and not _SAYS.search(body)
            ):
                committee = body
    if committee is None and (prose := _PROSE_BODY.search(text)):
        committee = squash(prose.group("body"))
    if meeting_date is None and (prose := _PROSE_MEETING.search(text)):
        meeting_date = _full_date(prose.group("date"))
    return committee, meeting_date


# An email's own header lines: when it was sent is not when the meeting is.
_EMAIL_HEADER = re.compile(r"^(?:from|sent|cc|bcc|received|importance)\s*:", re.IGNORECASE)
# A cover table drawn without rules comes out of a PDF as 'Meeting Cabinet', 'Title Ofsted ...'.
_BARE_LABEL = re.compile(
    r"^(?:meeting|committee|report to|decision maker|title|subject|report title)\s+(?=[A-Z])", re.IGNORECASE
)
_MEMBERS_OF = re.compile(r"^(?:all\s+)?members of (?:the\s+)?", re.IGNORECASE)
_PROSE_MEETING = re.compile(
    rf"\b[Mm]eeting (?:on|of|held on)\s+(?:the\s+)?(?:(?i:{_WEEKDAY.pattern})\s*)?(?P<date>{DATE})"
)


def _full_date(text: str) -> dt.date | None:
    for match in DATE_PATTERN.finditer(text):
        if timescales.precision(match.group(0)) == 2:
            return timescales.span(match.group(0))[0]
    return None


def _short(line: str, day: dt.date) -> bool:
    """A line that is little more than a date, or a body's name with its date."""
    rest = _WEEKDAY.sub("", DATE_PATTERN.sub("", line))
    return len(rest.split()) <= 3 or bool(_BODY.search(rest))


def title_block(lines: list[str]) -> list[str]:
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
    marker, text = split_marker(line)
    return marker == "bullet" and len(text.split()) <= 4


def cover_rows(document: Document) -> list[str]:
    """A PDF cover table's rows ('Meeting' | 'Cabinet') as labelled lines: PDF text runs the cells
    together ('Meeting Cabinet'). Word and HTML text keep a row's cells apart, as 'cell | cell'."""
    rows = ([cell for cell in row if cell] for table in document.tables if table.page == 1 for row in table.rows)
    return [line for row in rows if len(row) == 2 and _LABEL.match(line := f"{row[0]}: {row[1]}")]


def title(opening: list[str], kind: DocumentKind, committee: str | None, full: float, cover: list[str]) -> str | None:
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
        ends_open = last.split()[-1].lower() in JOINING_WORDS or last.endswith((":", "-", "–", ","))
        capitals_tail = last.isupper() and line.isupper() and len(line.split()) <= 3
        filled = len(last) >= full and not (
            _SECTION_START.match(line) or looks_like_heading(line) or _FURNITURE.match(line)
        )
        if not (line[:1].islower() or ends_open or capitals_tail or filled):
            break
        title, last = join_lines([title, line]), line
    return title


_MINUTE_NUMBER = re.compile(r"^\d{1,3}\.?\s+(?=[A-Z])")  # minutes number their items: '23. OFSTED INSPECTION ...'
_ITEM_NUMBER = re.compile(
    r"^(?:agenda\s+)?item\s+\d+[a-z]?\s*[-–:.]\s*", re.IGNORECASE
)  # an email's 'Subject: Item 6 - ...'


def _wrapped_value(lines: list[str], position: int, full: float) -> str:
    """A labelled line with the lines its value wrapped onto: unlabelled lines under a line that
    fills the width."""
    value, last = lines[position], lines[position]
    for line in lines[position + 1 :]:
        if len(last) < full or _LABELLED.match(line) or _SECTION_START.match(line):
            break
        value, last = join_lines([value, line]), line
    return value


_LABELLED = re.compile(r"^[A-Z][\w .()’'/-]{0,30}:\s*\S")  # 'Officer name: Sam Patel', 'Tel no.: 01603 ...'
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
        name for council in councils.councils().values() for name in (council.name, *council.aliases) if len(name) > 2
    }
    forms = {form for name in names for form in (name, name.upper()) if name[:1].isupper()}
    alternation = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


_EMAIL_DOMAIN = re.compile(r"@([a-z0-9-]+)\.gov\.uk", re.IGNORECASE)
_WEB_DOMAIN = re.compile(r"(?<![@\w.-])(?:[a-z0-9-]+\.)*?([a-z0-9-]+)\.gov\.uk\b", re.IGNORECASE)
_DRESSED = r"(?:{name})(?:\s+(?:County|City|Borough|Metropolitan Borough|District))?\s+Council"


def council(document: Document) -> tuple[str | None, str | None]:
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
    return next(
        (name for name in spellings if printed.isupper() and name.upper() == printed and not name.isupper()), printed
    )


_LOWER_WORDS = {"of", "and", "upon", "on", "the", "in"}


def _in_mixed_case(printed: str, name: str) -> str:
    """'NORFOLK COUNTY COUNCIL' as 'Norfolk County Council', with the council's own name as it
    is spelt elsewhere in the paper."""
    if not printed.isupper():
        return printed
    at = printed.upper().index(name.upper())
    return f"{_capitalised(printed[:at])}{name}{_capitalised(printed[at + len(name) :])}"


def _capitalised(words: str) -> str:
    return " ".join(word.lower() if word.lower() in _LOWER_WORDS else word.capitalize() for word in words.split(" "))
