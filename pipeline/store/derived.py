"""What analysts need beside the parsed rows: council identity, typed dates, grade ranks, publication
dates, the latest inspection of each council, and the recurring weaknesses.

`add` takes a run's tables as the parse wrote them and returns them with columns added (never
renamed: the CSVs are a contract) and two tables more, `latest_inspections` and
`recurring_weaknesses`. Everything here is derived from the tables alone, so it is computed again
whenever they are written and a table and its DuckDB view always agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Iterable

from .. import compare
from ..compare import day_of, inspection_rows, recurring_rows
from ..councils import IDENTITY_COLUMNS, identity
from ..parse.common import parse_date
from ..schema import DocumentKind, Grade
from ..store import DATE_COLUMNS

if TYPE_CHECKING:  # a rerun derives its rows without pandas (`with_derived`, `derived_tables`)
    import pandas as pd

# The column each table names its council in, and the date that settles a shared name.
_COUNCIL_NAMED = {
    "documents": ("local_authority", "inspection_start"),
    "committee_papers": ("council", "meeting_date"),
    "action_plan": ("council", "inspection_end"),
}
# Graded inspections: the frameworks that give a council its grade (a letter gives none).
_GRADED = (DocumentKind.ILACS, DocumentKind.ILACS_2026, DocumentKind.SIF, DocumentKind.LAC_2012)
_REPORT_KINDS = frozenset(kind.value for kind in DocumentKind if kind.is_inspection_report)
# The ILACS cycle: a council is inspected again about three years after its last inspection,
# unless judged inadequate (then monitored until re-inspected).
_CYCLE_YEARS = 3


def add(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The run's tables with the analysts' columns added, and the derived tables."""
    import pandas as pd

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
        used = [
            column for column in ("doc_id", "item_no", "text", "theme", "secondary_themes") if column in improvements
        ]
        recurring = recurring_with_identity(
            improvements[used].to_dict("records"), tables["documents"].to_dict("records")
        )
        tables["recurring_weaknesses"] = pd.DataFrame(recurring, columns=RECURRING_COLUMNS)
    return {name: typed_dates(frame) for name, frame in tables.items()}


def with_derived(name: str, rows: list[dict]) -> list[dict]:
    """Table `name`'s rows with the columns `add` adds, in the same order, and their dates as dates:
    `add` one row at a time, for a rerun that builds only the new rows."""
    named, on = _COUNCIL_NAMED.get(name, (None, None))
    derived = []
    for row in rows:
        row = dict(row)
        if named is not None:
            row.update(council_identity(row.get(named), row.get("source_path", ""), row.get(on)))
        if name == "documents":
            row["publication_date"], row["published_basis"] = publication(
                row["published"], row["source_path"], row["kind"]
            )
        if name == "judgements":
            row["judgement_order"], row["grade_rank"] = row["order"], _rank(row["grade"])
        for column in DATE_COLUMNS.intersection(row):
            row[column] = _day(row[column])
        derived.append(row)
    return derived


def derived_tables(
    documents: list[dict], judgements: Iterable[dict], improvements: list[dict]
) -> dict[str, list[dict]]:
    """The derived tables' rows from every document's row as `with_derived` gives it, the
    judgements' `doc_id`, `area_key` and `grade`, and the improvement items' rows."""
    return {
        "latest_inspections": latest_rows(documents, judgements),
        "recurring_weaknesses": recurring_with_identity(improvements, documents),
    }


def with_identity(frame: pd.DataFrame, named: str, on: str) -> pd.DataFrame:
    """`frame` with the council identity columns, from its `named` column (else its folder)."""
    import pandas as pd

    frame = frame.copy()
    # Columns as lists: pandas hands out Arrow-backed text one value at a time.
    days = frame[on].tolist() if on in frame else [None] * len(frame)
    paths = frame["source_path"].tolist() if "source_path" in frame else [""] * len(frame)
    found = [council_identity(name, path, day) for name, path, day in zip(frame[named].tolist(), paths, days)]
    for column in IDENTITY_COLUMNS:
        frame[column] = pd.Series([one[column] for one in found], index=frame.index, dtype="object")
    return frame


def council_identity(name, path, on) -> dict:
    """The identity columns of a row naming its council `name`, from the file at `path`, dated `on`.
    A council's rows share their name, file and date (a report's 10 or so plan rows): `identity`
    finds each once."""
    found = identity(name if isinstance(name, str) else None, str(path), _day(on))
    return {column: getattr(found, column) for column in IDENTITY_COLUMNS}


def with_publication(documents: pd.DataFrame) -> pd.DataFrame:
    """`publication_date` and `published_basis` (see `publication`) of each document."""
    documents = documents.copy()
    found = [
        publication(printed, path, kind)
        for printed, path, kind in zip(
            documents["published"].tolist(), documents["source_path"].tolist(), documents["kind"].tolist()
        )
    ]
    documents["publication_date"] = [day for day, _ in found]
    documents["published_basis"] = [basis for _, basis in found]
    return documents


def publication(printed, path, kind) -> tuple[dt.date | None, str | None]:
    """The date the report prints, else (reports and letters only) the date of Ofsted's listing
    that the file name keeps; and which it is ("printed", "listing")."""
    day = _day(printed)
    if day is not None:
        return day, "printed"
    listing = parse_date(PurePosixPath(str(path)).stem) if kind in _REPORT_KINDS else None
    return listing, "listing" if listing else None


def latest_inspections(documents: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """`latest_rows` as a frame."""
    import pandas as pd

    grades = judgements[["doc_id", "area_key", "grade"]].to_dict("records")
    frame = pd.DataFrame(latest_rows(documents.to_dict("records"), grades), columns=LATEST_COLUMNS)
    for column in ("latest_grade_rank", "previous_grade_rank"):
        frame[column] = frame[column].astype("Int64")
    return frame


def latest_rows(documents: Iterable[dict], judgements: Iterable[dict]) -> list[dict]:
    """One row per council, in the style of the ADCS summary: its latest and previous graded
    inspections (overall effectiveness, dates, publication), its latest letter (focused or
    monitoring visit, JTAI) and when the next inspection falls due. `documents` are the
    documents' rows with their identity and publication (`with_derived`)."""
    overall: dict[str, object] = {}
    for judgement in judgements:
        if judgement["area_key"] == "overall_effectiveness":
            overall.setdefault(judgement["doc_id"], judgement["grade"])
    read = [
        {**document, "started": started, "grade": overall.get(document["doc_id"])}
        for document in documents
        if document["status"] == "ok"
        and isinstance(document["council_name"], str)
        and (started := _day(document["inspection_start"])) is not None
    ]
    read.sort(key=lambda document: (document["started"], document["doc_id"]))
    graded = {kind.value for kind in _GRADED}
    letter_kinds = {kind.value for kind in DocumentKind if kind.is_letter}
    # Each council's latest letter, found once: picking every council's letters from all of them
    # took most of the table's time.
    last_letters = {letter["council_name"]: letter for letter in read if letter["kind"] in letter_kinds}
    histories: dict[str, list[dict]] = {}
    for inspection in read:
        if inspection["kind"] in graded:
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
    return rows


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


RECURRING_COLUMNS = ["council_key", "council", "la_code", *compare.RECURRING_COLUMNS[1:]]


def recurring_with_identity(improvements: list[dict], documents: list[dict]) -> list[dict]:
    """The comparison's recurring weaknesses (the same pairs as its workbook) from the improvement
    items' and documents' rows, with the council's key and LA code, so SQL can join them."""
    codes = {document["doc_id"]: document for document in documents}
    rows = []
    for pair in recurring_rows(improvements, inspection_rows(documents)):
        later = codes.get(pair["later_doc"], {})
        rows.append(
            {
                "council_key": later.get("council_key"),
                "council": pair["council"],
                "la_code": later.get("la_code"),
                **pair,
            }
        )
    return rows


def typed_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns as dates (text such as '2022-01-31' or datetimes in, `datetime.date` out)."""
    import pandas as pd

    columns = [column for column in frame.columns if column in DATE_COLUMNS]
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.Series([_day(value) for value in frame[column].tolist()], index=frame.index, dtype="object")
    return frame


_day = day_of


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _rank(grade) -> int | None:
    return Grade(grade).rank if _text(grade) else None


def _change(latest, previous) -> str | None:
    if _rank(latest) is None or _rank(previous) is None:
        return None
    difference = _rank(previous) - _rank(latest)
    return "improved" if difference > 0 else "declined" if difference < 0 else "same"
