"""Pieces every parser needs: grades, printed dates, lines and whitespace; and when a report was
published, the date every later stage reads."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from ..schema import Document, DocumentKind, Grade, InspectionReport

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_TOKEN = re.compile(
    rf"\b(?:(?P<year>(?:19|20)\d\d)|(?P<month>{_MONTH_ALTERNATION})\.?|(?P<day>[0-3]?\d)(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)

# Longest spellings first, and "inadequate" before "adequate".
GRADE_PATTERN = re.compile(
    r"requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate|not\s+judged",
    re.IGNORECASE,
)


# "(outcome 1, national framework)", "(Enabler two)", "(National Framework, Outcome 1)": a
# bracket at the end of an item, before or after its full stop, that names a principle, enabler or
# outcome of the national framework, or the framework itself. ILACS items carry it, and so
# do council papers quoting them.
FRAMEWORK_TAG = re.compile(
    r"\s*\((?P<tag>[^()]*\b(?:outcome|enabler|principle|national\s+framework)\b[^()]*)\)\s*(?P<stop>\.?)$",
    re.IGNORECASE,
)


class ParseError(Exception):
    """A report whose structure cannot be read; the message is the one-line reason."""


class NotAGrade(ValueError):
    pass


def parse_grade(text: str) -> Grade | None:
    """A printed grade to the enum; 'Not judged' is None. Raises NotAGrade for anything else."""
    match = GRADE_PATTERN.search(text)
    if not match:
        raise NotAGrade(f"no grade in {text!r}")
    word = " ".join(match.group(0).lower().split())
    if word == "not judged":
        return None
    if word.startswith("require"):
        return Grade.REQUIRES_IMPROVEMENT
    return Grade(word)


def parse_dates(text: str) -> list[dt.date]:
    """Every date in a printed range, in printed order, with a month or year printed only once
    carried back to the dates before it.

    "6 to 17 December 2021" -> [2021-12-06, 2021-12-17]; "23 April–18 May 2018" -> two dates;
    "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019" -> four dates;
    "30 December to 10 January 2020" -> [2019-12-30, 2020-01-10].
    """
    text = _NUMERIC_DATE.sub(_spelled_date, text)
    parts: list[list[int | None]] = []  # [day, month, year]
    for token in _DATE_TOKEN.finditer(text):
        if token.group("day"):
            day = int(token.group("day"))
            if 1 <= day <= 31:
                parts.append([day, None, None])
        elif token.group("month") and parts and parts[-1][1] is None and parts[-1][2] is None:
            parts[-1][1] = MONTHS[token.group("month").lower()]
        elif token.group("year") and parts and parts[-1][2] is None and parts[-1][1] is not None:
            parts[-1][2] = int(token.group("year"))
    dates: list[dt.date] = []
    next_month = next_year = None
    later: dt.date | None = None
    for day, month, year in reversed(parts):
        month = month or next_month
        year = year or next_year
        if month is None or year is None:
            continue
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if later is not None and date > later and year == next_year:
            date = date.replace(year=year - 1)  # the year printed once belongs to the end date
        dates.append(date)
        next_month, next_year, later = month, date.year, date
    return list(reversed(dates))


# A few SIF reports print dates as "12/09/2016", and council papers "31.03.2025" or "31-03-2025"
# (day first, as everywhere in England); one separator throughout.
_NUMERIC_DATE = re.compile(r"\b([0-3]?\d)([/.\-])([01]?\d)\2((?:19|20)\d\d)\b")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _spelled_date(match: re.Match[str]) -> str:
    day, month, year = (int(match.group(number)) for number in (1, 3, 4))
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{day} {_MONTH_NAMES[month - 1]} {year}"


def parse_date(text: str) -> dt.date | None:
    dates = parse_dates(text)
    return dates[0] if dates else None


def listing_date(report: InspectionReport) -> dt.date | None:
    """When the report was published: as printed (SIF, 2013), else the Ofsted listing's date that
    the corpus keeps in the file name ("children's services inspection - 01 february 2022.pdf")."""
    if report.published:
        return report.published
    return parse_date(PurePosixPath(report.source_path).stem)


def squash(text: str) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split())


_SPLIT_RANGE = re.compile(r"(?:19|20)\d\d[–−]$")
_RANGE_END = re.compile(r"(?:\d\d|(?:19|20)\d\d)\b")


def _split_range(text: str) -> bool:
    # The dash first: a search anchored at the end still walks the whole text, which grows with
    # every line joined onto a paragraph.
    return text.endswith(("–", "−")) and _SPLIT_RANGE.search(text) is not None


def join_lines(lines: list[str]) -> str:
    """Lines of one item or paragraph as one line: a line-final hyphen is a real hyphen in these
    reports ("multi-" + "agency" -> "multi-agency"), so it is kept and no space is added after it;
    nor inside a year range broken after its dash ("2014–" + "15")."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") or _split_range(out) and _RANGE_END.match(line):
            out += line
        else:
            out += " " + line
    # Stripped lines joined by single spaces need folding only where a line held a run of spaces
    # or other whitespace, which no printable text does but the ASCII space: rare, and splitting
    # every paragraph into its words to join them again cost a seventh of the parse.
    return out if "  " not in out and out.isprintable() else squash(out)


# --- lines of the 2013–2018 reports, shared by the SIF and 2013 parsers -----------------------

_FOOTNOTE = re.compile(r"^\[?\d{1,2}\]?(?:\s+\D.*)?$")
_FOOTNOTE_MARKER = re.compile(r"\d{1,2}")
NUMBERED_PARAGRAPH = re.compile(r"^(\d{1,3})\.(?:\s+|(?=[A-Z‘“(]))(\S.*)$")  # "12. Text", "10.Ensure"
BULLET = re.compile(r"^◼\s*(.*)$")


def page_lines(text: str) -> list[str]:
    """A page's non-empty lines, stripped, without its footnotes (what follows a blank line at the
    foot of the page when it opens with a footnote number) and without footnote markers standing
    on a line of their own."""
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            following = next((later for later in lines[i + 1 :] if later), "")
            if _FOOTNOTE.match(following):
                break
        elif not _FOOTNOTE_MARKER.fullmatch(line):
            out.append(line)
    return out


def item_text(lines: list[str]) -> str:
    """An improvement item's lines as one line; a list nested in the item loses its bullet glyphs."""
    return join_lines([BULLET.sub(r"\1", line) for line in lines])


def report_of(document: Document, kind: DocumentKind, **fields) -> InspectionReport:
    """A report's record: what every era takes from the document it read, and `fields`."""
    return InspectionReport(
        doc_id=document.doc_id,
        source_path=document.source_path,
        sha256=document.sha256,
        kind=kind,
        pages=len(document.pages),
        **fields,
    )
