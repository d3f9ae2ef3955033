"""What analysts need beside the parsed rows: council identity, typed dates, grade ranks, publication
dates, the latest inspection of each council, and the recurring weaknesses.

`add` takes a run's tables as the parse wrote them and returns them with columns added (never
renamed: the CSVs are a contract) and two tables more, `latest_inspections` and
`recurring_weaknesses`. Everything here is derived from the tables alone, so it is computed again
whenever they are written and a table and its DuckDB view always agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import PurePosixPath

import pandas as pd

from ..compare import inspections, recurring_weaknesses
from ..councils import IDENTITY_COLUMNS, identity
from ..parse.common import parse_date
from ..schema import DocumentKind, Grade
from ..store import DATE_COLUMNS

# The column each table names its council in, and the date that settles a shared name.
_COUNCIL_NAMED = {
    "documents": ("local_authority", "inspection_start"),
    "committee_papers": ("council", "meeting_date"),
    "action_plan": ("council", "inspection_end"),
}
# Graded inspections: the frameworks that give a council its grade (a letter gives none).
_GRADED = (DocumentKind.ILACS, DocumentKind.ILACS_2026, DocumentKind.SIF, DocumentKind.LAC_2012)
# The ILACS cycle: a council is inspected again about three years after its last inspection,
# unless judged inadequate (then monitored until re-inspected).
_CYCLE_YEARS = 3


def add(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The run's tables with the analysts' columns added, and the derived tables."""
    tables = dict(tables)
    for name, (named, on) in _COUNCIL_NAMED.items():
        if name in tables:
            tables[name] = with_identity(tables[name], named, on)
    if "documents" in tables:
        tables["documents"] = with_publication(tables["documents"])
    if "judgements" in tables:
        judgements = tables["judgements"].copy()
        judgements["judgement_order"] = judgements["order"]
        judgements["grade_rank"] = pd.array([_rank(grade) for grade in judgements["grade"]], dtype="Int64")
        tables["judgements"] = judgements
    if "documents" in tables and "judgements" in tables:
        tables["latest_inspections"] = latest_inspections(tables["documents"], tables["judgements"])
        improvements = tables.get("improvements", pd.DataFrame(columns=["doc_id", "item_no", "text"]))
        tables["recurring_weaknesses"] = with_recurring_identity(
            recurring_weaknesses(improvements, inspections(tables["documents"])), tables["documents"]
        )
    return {name: typed_dates(frame) for name, frame in tables.items()}


def with_identity(frame: pd.DataFrame, named: str, on: str) -> pd.DataFrame:
    """`frame` with the council identity columns, from its `named` column (else its folder)."""
    frame = frame.copy()
    days = pd.to_datetime(frame[on], errors="coerce") if on in frame else pd.Series(pd.NaT, index=frame.index)
    paths = frame["source_path"] if "source_path" in frame else pd.Series("", index=frame.index)
    # A council's rows share their name, file and date (a report's 10 or so plan rows): each
    # identity found once. Columns as lists: pandas hands out Arrow-backed text one value at a time.
    found_once = functools.cache(identity)
    found = [
        found_once(name if isinstance(name, str) else None, str(path), None if pd.isna(day) else day.date())
        for name, path, day in zip(frame[named].tolist(), paths.tolist(), days.tolist())
    ]
    for column in IDENTITY_COLUMNS:
        frame[column] = pd.Series([getattr(one, column) for one in found], index=frame.index, dtype="object")
    return frame


def with_publication(documents: pd.DataFrame) -> pd.DataFrame:
    """`publication_date`: the date the report prints, else (reports and letters only) the date of
    Ofsted's listing that the file name keeps; `published_basis` says which ("printed", "listing")."""
    documents = documents.copy()
    printed = pd.to_datetime(documents["published"], errors="coerce")
    kinds = {kind.value for kind in DocumentKind if kind.is_inspection_report}
    listed = [
        parse_date(PurePosixPath(str(path)).stem) if kind in kinds else None
        for path, kind in zip(documents["source_path"], documents["kind"])
    ]
    documents["publication_date"] = [
        day.date() if not pd.isna(day) else listing for day, listing in zip(printed, listed)
    ]
    documents["published_basis"] = [
        "printed" if not pd.isna(day) else ("listing" if listing else None) for day, listing in zip(printed, listed)
    ]
    return documents


def latest_inspections(documents: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """One row per council, in the style of the ADCS summary: its latest and previous graded
    inspections (overall effectiveness, dates, publication), its latest letter (focused or
    monitoring visit, JTAI) and when the next inspection falls due."""
    if "council_key" not in documents:
        documents = with_publication(with_identity(documents, "local_authority", "inspection_start"))
    elif "publication_date" not in documents:
        documents = with_publication(documents)
    read = documents[(documents["status"] == "ok") & documents["council_name"].notna()].copy()
    read["started"] = pd.to_datetime(read["inspection_start"], errors="coerce")
    read = read[read["started"].notna()].sort_values(["started", "doc_id"])
    overall = judgements[judgements["area_key"] == "overall_effectiveness"].drop_duplicates("doc_id")
    read = read.merge(overall[["doc_id", "grade"]], on="doc_id", how="left")
    graded = read[read["kind"].isin([kind.value for kind in _GRADED])]
    letters = read[read["kind"].isin([kind.value for kind in DocumentKind if kind.is_letter])]
    # Each council's latest letter, found once: picking every council's letters from all of them took
    # most of the table's time. Rows as dicts, grouped here: pandas' groupby and a Series per row
    # were most of what was left.
    last_letters = {letter["council_name"]: letter for letter in letters.to_dict("records")}
    histories: dict[str, list[dict]] = {}
    for inspection in graded.to_dict("records"):
        histories.setdefault(inspection["council_name"], []).append(inspection)
    rows = []
    for name in sorted(histories):
        history = histories[name]
        latest = history[-1]
        previous = history[-2] if len(history) > 1 else None
        letter = last_letters.get(name)
        letter = letter if letter is not None and letter["started"] > latest["started"] else None
        by, window = next_inspection(latest["kind"], latest["grade"], _day(latest["inspection_end"]))
        rows.append(
            {
                **{column: latest[column] for column in IDENTITY_COLUMNS},
                "latest_doc_id": latest["doc_id"],
                "latest_kind": latest["kind"],
                "latest_inspection_start": _day(latest["inspection_start"]),
                "latest_inspection_end": _day(latest["inspection_end"]),
                "latest_published": latest["publication_date"],
                "latest_published_basis": latest["published_basis"],
                "latest_grade": _text(latest["grade"]),
                "latest_grade_rank": _rank(latest["grade"]),
                "previous_doc_id": None if previous is None else previous["doc_id"],
                "previous_kind": None if previous is None else previous["kind"],
                "previous_inspection_start": None if previous is None else _day(previous["inspection_start"]),
                "previous_inspection_end": None if previous is None else _day(previous["inspection_end"]),
                "previous_published": None if previous is None else previous["publication_date"],
                "previous_grade": None if previous is None else _text(previous["grade"]),
                "previous_grade_rank": None if previous is None else _rank(previous["grade"]),
                "grade_change": _change(latest["grade"], None if previous is None else previous["grade"]),
                "latest_letter_kind": None if letter is None else letter["kind"],
                "latest_letter_date": None if letter is None else letter["publication_date"],
                "next_inspection_by": by,
                "next_inspection_window": window,
            }
        )
    frame = pd.DataFrame(rows, columns=LATEST_COLUMNS)
    for column in ("latest_grade_rank", "previous_grade_rank"):
        frame[column] = frame[column].astype("Int64")
    return frame


LATEST_COLUMNS = [
    *IDENTITY_COLUMNS,
    "latest_doc_id",
    "latest_kind",
    "latest_inspection_start",
    "latest_inspection_end",
    "latest_published",
    "latest_published_basis",
    "latest_grade",
    "latest_grade_rank",
    "previous_doc_id",
    "previous_kind",
    "previous_inspection_start",
    "previous_inspection_end",
    "previous_published",
    "previous_grade",
    "previous_grade_rank",
    "grade_change",
    "latest_letter_kind",
    "latest_letter_date",
    "next_inspection_by",
    "next_inspection_window",
]


def next_inspection(kind: str, grade: str | None, ended: dt.date | None) -> tuple[dt.date | None, str]:
    """When the council's next graded inspection falls due, and why: the ILACS cycle of about three
    years, or monitoring first after an inadequate judgement."""
    if _text(grade) == Grade.INADEQUATE.value:
        return None, "monitoring visits, then a re-inspection when Ofsted judges the council ready"
    if ended is None:
        return None, "unknown: the report gives no inspection dates"
    due = ended.replace(year=ended.year + _CYCLE_YEARS, day=28 if (ended.month, ended.day) == (2, 29) else ended.day)
    framework = "short" if _text(grade) in (Grade.GOOD.value, Grade.OUTSTANDING.value) else "standard"
    overdue = (
        ""
        if kind in (DocumentKind.ILACS.value, DocumentKind.ILACS_2026.value)
        else " (its framework has since been replaced)"
    )
    return due, f"ILACS {framework} inspection about {_CYCLE_YEARS} years after the last{overdue}"


def with_recurring_identity(recurring: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The comparison's recurring weaknesses (the same pairs as its workbook) with the council's
    key and LA code, so SQL can join them."""
    if "council_key" not in documents:
        documents = with_identity(documents, "local_authority", "inspection_start")
    codes = documents.set_index("doc_id")[["council_key", "la_code"]]
    found = codes.reindex(recurring["later_doc"])
    recurring = recurring.copy()
    recurring.insert(0, "council_key", found["council_key"].to_numpy())
    recurring.insert(2, "la_code", found["la_code"].to_numpy())
    return recurring


def typed_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns as dates (text such as '2022-01-31' or datetimes in, `datetime.date` out)."""
    columns = [column for column in frame.columns if column in DATE_COLUMNS]
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.Series([_day(value) for value in frame[column].tolist()], index=frame.index, dtype="object")
    return frame


def _day(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        # The tables' dates are ISO text: pandas would guess each one's format afresh (5 s a run).
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    parsed = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(parsed) else parsed.date()


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _rank(grade) -> int | None:
    return Grade(grade).rank if _text(grade) else None


def _change(latest, previous) -> str | None:
    if _rank(latest) is None or _rank(previous) is None:
        return None
    difference = _rank(previous) - _rank(latest)
    return "improved" if difference > 0 else "declined" if difference < 0 else "same"
