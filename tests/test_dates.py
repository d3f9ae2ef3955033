"""pipeline.parse.common: every printed form of inspection dates (the gold README's "Dates" notes),
grades as printed in every era, and joining an item's lines."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.parse.common import NotAGrade, join_lines, parse_date, parse_dates, parse_grade
from pipeline.schema import Grade

D = dt.date

DATES = [
    ("22 November to 3 December 2021", [D(2021, 11, 22), D(2021, 12, 3)]),
    ("15 to 26 November 2021", [D(2021, 11, 15), D(2021, 11, 26)]),
    ("6 to 17 December 2021", [D(2021, 12, 6), D(2021, 12, 17)]),
    ("2 May to 25 May 2017", [D(2017, 5, 2), D(2017, 5, 25)]),
    ("17 June 2019 to 28 June 2019", [D(2019, 6, 17), D(2019, 6, 28)]),
    ("11 – 22 July 2022", [D(2022, 7, 11), D(2022, 7, 22)]),
    ("11 January 2016–4 February 2016", [D(2016, 1, 11), D(2016, 2, 4)]),
    ("23 April–18 May 2018", [D(2018, 4, 23), D(2018, 5, 18)]),
    ("14 April – 8 May 2015", [D(2015, 4, 14), D(2015, 5, 8)]),
    ("18 March 2014 – 09 April 2014", [D(2014, 3, 18), D(2014, 4, 9)]),
    ("15-19 July 2013", [D(2013, 7, 15), D(2013, 7, 19)]),
    ("28 July 2016", [D(2016, 7, 28)]),
    ("30 December to 10 January 2020", [D(2019, 12, 30), D(2020, 1, 10)]),
    (
        "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019",
        [D(2019, 7, 8), D(2019, 7, 12), D(2019, 8, 7), D(2019, 8, 8)],
    ),
    (
        "5 to 9 December 2022 and 14 to 15 February 2023",
        [D(2022, 12, 5), D(2022, 12, 9), D(2023, 2, 14), D(2023, 2, 15)],
    ),
    (
        "30 September to 11 October 2024 and\n13 to 16 January 2025",  # the "and" part wraps
        [D(2024, 9, 30), D(2024, 10, 11), D(2025, 1, 13), D(2025, 1, 16)],
    ),
    ("12/09/2016 to 30/09/2016", [D(2016, 9, 12), D(2016, 9, 30)]),
    ("by 31.03.2025", [D(2025, 3, 31)]),
    ("between 01-05-2025 and 31-05-2026", [D(2025, 5, 1), D(2026, 5, 31)]),
]


@pytest.mark.parametrize("printed, dates", DATES, ids=[printed.replace("\n", " ") for printed, _ in DATES])
def test_every_printed_date_in_order(printed, dates):
    assert parse_dates(printed) == dates, f"printed {printed!r}"


@pytest.mark.parametrize("printed, dates", DATES, ids=[printed.replace("\n", " ") for printed, _ in DATES])
def test_start_is_the_first_date_printed(printed, dates):
    assert parse_date(printed) == dates[0]


@pytest.mark.parametrize(
    "text", ["", "Lead inspector: Alison Smale", "Requires improvement to be good", "paragraph 3.1.2", "31.03/2025"]
)
def test_text_without_a_date_gives_none(text):
    assert parse_dates(text) == [] and parse_date(text) is None


GRADES = [
    ("Outstanding", Grade.OUTSTANDING),
    ("Good", Grade.GOOD),
    ("Requires improvement to be good", Grade.REQUIRES_IMPROVEMENT),
    ("Requires improvement\nto be good", Grade.REQUIRES_IMPROVEMENT),
    ("Requires Improvement to be good", Grade.REQUIRES_IMPROVEMENT),
    ("Requires improvement", Grade.REQUIRES_IMPROVEMENT),
    ("require improvement to be good", Grade.REQUIRES_IMPROVEMENT),
    ("Inadequate", Grade.INADEQUATE),
    ("Grade 3 (Adequate)", Grade.ADEQUATE),
    ("Not judged", None),
]


@pytest.mark.parametrize("printed, grade", GRADES, ids=[printed.replace("\n", " / ") for printed, _ in GRADES])
def test_grade_as_printed(printed, grade):
    assert parse_grade(printed) is grade


def test_inadequate_is_never_read_as_adequate():
    assert parse_grade("The overall judgement is Inadequate") is Grade.INADEQUATE


def test_text_without_a_grade_is_refused():
    with pytest.raises(NotAGrade):
        parse_grade("Overall effectiveness")


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["The quality of multi-", "agency plans."], "The quality of multi-agency plans."),
        (["Oversight of ", "  decisions."], "Oversight of decisions."),
        (["Range of help – ", "including advice."], "Range of help – including advice."),
        (["", "Only line.", ""], "Only line."),
        (["Plans  are\tlate\u00a0and", "not\u2009reviewed."], "Plans are late and not reviewed."),
    ],
    ids=["real-hyphen-kept", "spaces-folded", "dash-keeps-space", "blank-lines", "whitespace-within-lines-folded"],
)
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined
