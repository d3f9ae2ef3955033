"""Judgement areas across frameworks: which printed judgements form one comparable series.

A council judged "children looked after and achieving permanence" under SIF (2013-2018), "children in
care and care leavers" under ILACS 2018-2023 and "children in care" since 2023 has one series of
grades for its children in care. `pipeline/data/area_series.csv` holds the mapping and why; the
ILACS 2018-2023 combined judgement stands in two series and is flagged `combined`.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from .schema import AreaKey, Record

SERIES_ORDER = (
    "overall_effectiveness",
    "leadership",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
    "adoption_performance",
    "lscb",
    "capacity_to_improve",
)


class SeriesLink(Record):
    area_key: AreaKey
    series: str
    combined: bool  # one grade judged two things together (ILACS 2018-2023 care)
    frameworks: str
    note: str


@cache
def series_links() -> tuple[SeriesLink, ...]:
    text = resources.files("pipeline").joinpath("data/area_series.csv").read_text(encoding="utf-8")
    return tuple(
        SeriesLink(**{**row, "combined": row["combined"] == "yes"}) for row in csv.DictReader(text.splitlines())
    )


def series_of(area_key: str | AreaKey) -> tuple[SeriesLink, ...]:
    """The series a judgement with this area key stands in: none for `other`, two for the combined
    ILACS care judgement."""
    return tuple(link for link in series_links() if link.area_key == AreaKey(area_key))
