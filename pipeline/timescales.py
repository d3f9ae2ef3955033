"""Time phrases as councils print them, and the dates each one allows.

Committee papers state dates loosely: "13 May 2022", "June 2019", "2021", "between May 2025 and May
2026", "by June", "within the next six months", "by spring 2025", "Q3 2024/25" (a quarter of the
financial year, which starts in April). `DATE` finds the printed phrases; `span` turns one
into the first and last day it can mean; `months_after` counts a relative phrase on from a meeting.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .parse.common import MONTHS, parse_dates

# Months as printed in running text or capitals: never lower case, so "may" the verb is no month.
_MONTH_WORDS = sorted({form for name in MONTHS for form in (name.capitalize(), name.upper())}, key=len, reverse=True)
MONTH = r"(?:" + "|".join(_MONTH_WORDS) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_NUMERIC = rf"[0-3]?\d/[01]?\d/{_YEAR}"  # day first, as British papers print it
_FULL = rf"{_DAY}\s+{MONTH},?\s+{_YEAR}|{MONTH}\s+{_DAY},\s+{_YEAR}|{_NUMERIC}"
_MONTH_YEAR = rf"{MONTH},?\s+{_YEAR}"
_FINANCIAL_YEAR = rf"{_YEAR}\s*[/–-]\s*(?:19|20)?\d\d\b"
_SEASON = rf"(?i:spring|summer|autumn|winter)\s+{_YEAR}"
_QUARTER = rf"Q[1-4]\s+{_YEAR}(?:\s*/\s*\d\d\b)?"
_LINK = r"\s*(?:to|and|until|till|through|-|–|—)\s*"
_RANGE = (
    rf"(?:{_FULL}|{_DAY}\s+{MONTH}|{_DAY}){_LINK}(?:{_FULL})"
    rf"|(?:{_MONTH_YEAR}|{MONTH}){_LINK}(?:{_MONTH_YEAR})"
    rf"|{_YEAR}{_LINK}{_YEAR}"
)
DATE = rf"(?:{_RANGE}|{_FULL}|{_MONTH_YEAR}|{_SEASON}|{_QUARTER}|{_FINANCIAL_YEAR}|{_YEAR})"
DATE_PATTERN = re.compile(rf"(?<![\w/]){DATE}(?![\w/])")
_MONTH_IN = re.compile(MONTH)
_NAMES_A_DAY = re.compile(rf"\d(?:st|nd|rd|th)?\s+{MONTH}|{MONTH}\s+\d{{1,2}},|{_NUMERIC}")
_YEAR_IN = re.compile(rf"\b{_YEAR}\b")

NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
_UNIT_MONTHS = {"week": 0.25, "month": 1, "quarter": 3, "year": 12}


def span(phrase: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a printed date phrase can mean: a day is itself, a month runs from
    its 1st to its last day, a year from 1 January to 31 December, "2022/23" is that financial
    year (April to March)."""
    if _NAMES_A_DAY.search(phrase):
        days = parse_dates(phrase)
        if days:
            return days[0], days[-1]
    season = _season_or_quarter(phrase)
    if season:
        return season
    financial = re.fullmatch(rf"\s*({_YEAR})\s*[/–-]\s*((?:19|20)?\d\d)\s*", phrase)
    if financial and not re.fullmatch(rf"\s*{_YEAR}{_LINK}{_YEAR}\s*", phrase):
        first = int(financial.group(1))
        return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
    months = _month_years(phrase)
    if months:
        (y1, m1), (y2, m2) = months[0], months[-1]
        return dt.date(y1, m1, 1), _month_end(y2, m2)
    years = [int(y) for y in _YEAR_IN.findall(phrase)]
    if years:
        return dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    return None, None


def precision(phrase: str) -> int:
    """2 for a phrase naming a day, 1 a month (or a season or quarter), 0 only a year."""
    if _NAMES_A_DAY.search(phrase):
        return 2
    return 1 if _MONTH_IN.search(phrase) or _season_or_quarter(phrase) else 0


_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # the first of its three months


def _season_or_quarter(phrase: str) -> tuple[dt.date, dt.date] | None:
    """'spring 2025' is March to May, 'winter 2024' December 2024 to February 2025; 'Q3 2024/25'
    is the third quarter of that financial year (October to December 2024), 'Q3 2024' of the
    calendar year (July to September)."""
    season = re.fullmatch(rf"\s*({_SEASON})\s*", phrase)
    quarter = re.fullmatch(rf"\s*Q([1-4])\s+({_YEAR})(\s*/\s*\d\d)?\s*", phrase)
    if season:
        year, month = int(phrase.split()[-1]), _SEASON_MONTHS[phrase.split()[0].lower()]
    elif quarter:
        year, month = int(quarter.group(2)), 3 * int(quarter.group(1)) - 2 + (3 if quarter.group(3) else 0)
    else:
        return None
    start = dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, months_after(start, 3) - dt.timedelta(days=1)


def _month_years(phrase: str) -> list[tuple[int, int]]:
    """(year, month) pairs in order, a year printed once carried back ("May and June 2022")."""
    tokens = re.finditer(rf"(?P<month>{MONTH})|(?P<year>\b{_YEAR}\b)", phrase)
    pending: list[int] = []
    out: list[tuple[int, int]] = []
    for token in tokens:
        if token.group("month"):
            pending.append(MONTHS[token.group("month").rstrip(".").lower()])
        elif pending:
            out.extend((int(token.group("year")), month) for month in pending)
            pending = []
    return out


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_on_or_after(month_word: str, reference: dt.date) -> tuple[dt.date, dt.date]:
    """A month printed without a year ("by June") in a paper dated `reference`: the next such month."""
    month = MONTHS[month_word.rstrip(".").lower()]
    year = reference.year if month >= reference.month else reference.year + 1
    return dt.date(year, month, 1), _month_end(year, month)


def months_after(day: dt.date, months: float) -> dt.date:
    """`day` moved on by a number of months (a week counts as a quarter month), clamped to the
    month's last day."""
    if months != int(months):
        return day + dt.timedelta(days=round(months * 30.44))
    total = day.month - 1 + int(months)
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def duration_months(count: str, unit: str) -> float | None:
    """ "six" "months" -> 6; "2" "years" -> 24; None for a count that is not a number."""
    count = count.lower()
    number = int(count) if count.isdigit() else NUMBERS.get(count)
    if number is None:
        return None
    return number * _UNIT_MONTHS[unit.lower().rstrip("s")]
