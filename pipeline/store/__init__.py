"""Write outputs: one JSON per document and the flat tables, every file written atomically.

The table columns are a contract with users and later stages: add columns, never rename them.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import fcntl
import json
import os
import re
import tempfile
import typing
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from pydantic import BaseModel

from .runfolder import DATABASE_NAME as DATABASE_NAME, RUN_WORKBOOK as RUN_WORKBOOK, RunFolder
from .runfolder import read_report as read_report, read_review as read_review
from ..schema import (
    ActionPlanRow,
    Claim,
    CommitteePaperRow,
    CoverageRow,
    DocumentRow,
    ImprovementItem,
    ImprovementRow,
    InspectionReport,
    JudgementRow,
    PaperReview,
    ParagraphRow,
    SectionRow,
)

if TYPE_CHECKING:  # pandas and Arrow load where tables are built: a rerun with nothing new never needs them
    import pandas as pd
    import pyarrow as pa

# Each table's row model: its fields, in order, are the table's columns.
TABLE_ROWS: dict[str, type[BaseModel]] = {
    "documents": DocumentRow,
    "judgements": JudgementRow,
    "improvements": ImprovementRow,
    "sections": SectionRow,
    "paragraphs": ParagraphRow,
    "committee_papers": CommitteePaperRow,
    "claims": Claim,
    "coverage": CoverageRow,
    "action_plan": ActionPlanRow,
}
TABLE_COLUMNS: dict[str, list[str]] = {name: list(row.model_fields) for name, row in TABLE_ROWS.items()}
# Every column that holds a date, in any table: stored as dates (Parquet date32, DuckDB DATE), even
# where no row has one yet, so that no query needs a cast. The CSVs print them as before (2022-01-31).
# A row model's date fields are found from their types; the tables built from the whole run
# (`derived`: council identity, latest inspections, recurring weaknesses) have no row model, so
# theirs are named here.
RUN_DATE_COLUMNS = frozenset(
    {
        "publication_date",
        "earlier_date",
        "later_date",
        "latest_inspection_start",
        "latest_inspection_end",
        "latest_published",
        "previous_inspection_start",
        "previous_inspection_end",
        "previous_published",
        "latest_letter_date",
        "next_inspection_by",
    }
)
DATE_COLUMNS = RUN_DATE_COLUMNS | {
    name
    for row in TABLE_ROWS.values()
    for name, field in row.model_fields.items()
    if field.annotation is dt.date or dt.date in typing.get_args(field.annotation)
}
# Tables of each document's own rows, which change only when the document is read again. The
# others also depend on the rest of the run (a paper's link, a plan's dates set by a paper).
DOCUMENT_TABLES = frozenset({"judgements", "improvements", "sections", "paragraphs"})


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_CREATE_MODE = _umask_mode()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed over it only when the block finishes: an interrupted
    run never leaves a half-written file or loses the previous one."""
    with _temporary_beside(path) as (handle, temporary):
        os.close(handle)
        yield Path(temporary)


@contextmanager
def _temporary_beside(path: Path) -> Iterator[tuple[int, str]]:
    """An open temporary file beside `path` (its descriptor and name), renamed over `path` when the
    block finishes and deleted if it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        yield handle, temporary
        os.chmod(temporary, _CREATE_MODE)  # mkstemp makes it owner-only; outputs are for sharing
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# The temporary name `atomic_path` gives: ".<name>.<random>.tmp".
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def remove_temporaries(out: Path) -> int:
    """Delete the temporary files a run killed while writing left under `out` (only ever called
    with `out` locked, so no other run is writing them); returns how many."""
    removed = 0
    for folder, _, names in os.walk(out):
        for name in names:
            if _TEMPORARY.fullmatch(name):
                os.unlink(os.path.join(folder, name))
                removed += 1
    return removed


class OutputBusy(Exception):
    """Another run holds the output folder."""


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """`out` for this process alone while the block runs. The kernel drops the lock when the process
    ends, however it ends, so a killed run never leaves the folder locked. A POSIX lock, which the
    process owns: its forked workers do not inherit it, so one left running cannot hold it."""
    path = RunFolder(out).lock
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise OutputBusy(f"another findings run is writing to {out}; wait for it to finish") from None
        yield


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """`data` written atomically through the descriptor `mkstemp` opened: opening the file again
    by its name, as text, cost more than writing it (three files a document: 0.3 of a run's CPU s)."""
    with _temporary_beside(path) as (handle, _):
        with open(handle, "wb") as file:
            file.write(data)


def write_model(path: Path, model: BaseModel, indent: int | None = 2) -> None:
    write_bytes(path, model_json(model, indent))


def model_json(model: BaseModel, indent: int | None = 2) -> bytes:
    """The model as JSON (pydantic's bytes, never decoded to text and encoded again), ending in a
    new line where indented."""
    data = model.__pydantic_serializer__.to_json(model, indent=indent)
    return data + b"\n" if indent else data


# Shorthands for the paths the writers below and the batch ask for most; `RunFolder` knows them all.


def report_rows(report: InspectionReport) -> dict[str, list[dict]]:
    """A report's rows for every table except `documents`."""
    return report_json_rows(report.model_dump(mode="json"))


def report_json_rows(report: dict) -> dict[str, list[dict]]:
    """`report_rows` from the report as JSON (`model_dump(mode="json")`, or its stored JSON read
    back): a run's tables need no report rebuilt as models, the slow part of reading one back."""
    doc_id = report["doc_id"]

    def rows(records: Iterable[dict]) -> list[dict]:
        return [{"doc_id": doc_id, **record} for record in records]

    return {
        "judgements": rows(report["judgements"]),
        "improvements": [{"doc_id": doc_id, **_improvement_json_row(item)} for item in report["improvements"]],
        "sections": rows(report["sections"]),
        "paragraphs": rows(report["paragraphs"]),
    }


def improvement_row(item: ImprovementItem) -> dict:
    """An item's row with its lists flattened: themes and evidence ";"-separated, best first."""
    return _improvement_json_row(item.model_dump(mode="json"))


def _improvement_json_row(item: dict) -> dict:
    evidence = item["evidence"]
    return {
        **{name: value for name, value in item.items() if name not in ("secondary_themes", "evidence")},
        "secondary_themes": ";".join(item["secondary_themes"]),
        "evidence_paras": ";".join(str(link["para_no"]) for link in evidence),
        "evidence_pages": ";".join(str(link["page"]) for link in evidence),
        "evidence_quote": evidence[0]["quote"] if evidence else None,
    }


def paper_rows(review: PaperReview) -> dict[str, list[dict]]:
    """A committee paper's rows for `committee_papers`, `claims` and `coverage`."""
    paper, link = review.paper, review.link
    row = {
        **paper.model_dump(mode="json", include=set(CommitteePaperRow.model_fields)),
        "linked_doc_id": link.report_doc_id,
        "link_confidence": link.confidence,
        "link_reason": link.reason,
    }
    return {
        "committee_papers": [row],
        "claims": [claim.model_dump(mode="json") for claim in review.claims],
        "coverage": [coverage.model_dump(mode="json") for coverage in review.coverage],
    }


def document_row(report: InspectionReport) -> DocumentRow:
    fields = set(DocumentRow.model_fields) - {"status", "error", "checks"}
    return DocumentRow(status="ok", **{name: getattr(report, name) for name in fields})


def with_unchanged_rows(
    out: Path, name: str, changed_rows: pd.DataFrame, changed: set[str], order: list[str]
) -> pd.DataFrame:
    """Table `name` as last written, the `changed` documents' rows replaced by `changed_rows` and the
    documents in `order`: what writing it from every document would give, without building every
    document's rows again."""
    import pandas as pd

    previous = RunFolder(out).read_table(name)
    kept = previous[~previous["doc_id"].isin(changed) & previous["doc_id"].isin(order)]
    frames = [frame for frame in (kept, changed_rows) if len(frame)]  # an empty frame would loosen the types
    merged = pd.concat(frames, ignore_index=True) if frames else kept
    position = merged["doc_id"].map({doc_id: number for number, doc_id in enumerate(order)})
    return _typed_as_built(merged.iloc[position.argsort(kind="stable")].reset_index(drop=True))


def _typed_as_built(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each column of the type `build_tables` gives its values. Rows kept as read back
    and rows built apart each have their own types, and pandas' union of the two is not always the
    whole column's: a column with no value in the new rows (the outcome of a report's items that
    prints none) is untyped there and made the kept text untyped too, so the Parquet file was not
    the one a run from scratch writes. A value and a gap of each column are enough to decide."""
    import pandas as pd

    picked: set[int] = set()
    for column in frame.columns:
        present = frame[column].notna()
        picked.update(int(found.idxmax()) for found in (present, ~present) if found.any())
    if not picked:  # no rows: nothing to type
        return frame
    records = [
        {name: None if pd.api.types.is_scalar(value) and pd.isna(value) else value for name, value in row.items()}
        for row in frame.iloc[sorted(picked)].to_dict("records")
    ]
    built = build_tables({"sample": records})["sample"]
    for column in frame.columns:
        if frame[column].dtype != built[column].dtype:
            frame[column] = frame[column].astype(built[column].dtype)
    return frame


def build_tables(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """DataFrames in the contract's column order; extra columns follow the contract's."""
    import pandas as pd

    tables = {}
    for name, records in rows.items():
        frame = _whole_numbers(pd.DataFrame.from_records(records), records)
        columns = list(TABLE_ROWS[name].model_fields) if name in TABLE_ROWS else []
        for column in columns:
            if column not in frame.columns:
                frame[column] = None
        extra = [c for c in frame.columns if c not in columns]
        tables[name] = frame[columns + extra]
    return tables


def _whole_numbers(frame: pd.DataFrame, records: list[dict]) -> pd.DataFrame:
    """Integer columns with gaps (the page count of an unreadable file) stay integers: pandas would
    make them floats and the CSV would say '4.0'."""
    for column in frame.columns:
        if frame[column].dtype.kind != "f":  # checked first: scanning every record is the slow part
            continue
        values = [r.get(column) for r in records if r.get(column) is not None]
        if values and all(type(v) is int for v in values):
            frame[column] = frame[column].astype("Int64")
    return frame


def write_tables(
    out: Path, tables: dict[str, pd.DataFrame | pa.Table], parts: typing.Mapping[str, set[str]] = {}
) -> dict[str, str]:
    """Each table as CSV and Parquet, from one Arrow table so both hold the same types (a frame is
    made one as `arrow_table` says). Arrow writes the CSV about twenty-five times quicker than pandas
    (it quotes every text value; the data read back is the same). The CSV's text is escaped as
    `cells` says; Parquet keeps it as read. `parts`: the tables whose rows may differ from the
    files' only for some documents, and those documents, whose rows alone the CSVs encode anew
    (see `csvpieces`). Returns each Parquet file's sha256."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from . import csvpieces, splice

    folder = RunFolder(out)
    tables = {name: frame if isinstance(frame, pa.Table) else arrow_table(frame) for name, frame in tables.items()}
    csvpieces.write_csvs(out, tables, parts)
    digests = {}
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        data = sink.getvalue()
        write_bytes(folder.table(name), data)
        digests[name] = hashlib.sha256(data).hexdigest()
        if name in csvpieces.PIECEWISE:  # the tables a rerun splices
            splice.keep(out, name, table, digests[name])
    return digests


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The Arrow table a frame is written from."""
    import pyarrow as pa

    return _one_text_type(pa.Table.from_pandas(_for_parquet(frame), preserve_index=False))


def _for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet wants one type per column; an all-empty column is stored as text (a date column as
    dates)."""
    import pandas as pd
    import pyarrow as pa

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].isna().all():
            frame[column] = frame[column].astype(pd.ArrowDtype(pa.date32()) if column in DATE_COLUMNS else "string")
    return frame


def _one_text_type(table: pa.Table) -> pa.Table:
    """Text as Arrow's large_string, however pandas held it: a rerun keeps rows read back from
    Parquet, which can come back as Arrow's `string`, and must write the file a clean run writes
    (the database records each file's hash)."""
    import pyarrow as pa

    fields = [field.with_type(pa.large_string()) if pa.types.is_string(field.type) else field for field in table.schema]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def _booleans_as_words(table: pa.Table) -> pa.Table:
    """True and False as the CSVs have always spelled them (Arrow writes 'true'): each picked from
    the two words by its value as a number (a gap stays one)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .arrays import array

    words = array(["False", "True"], pa.string())
    for index, column in enumerate(table.schema):
        if pa.types.is_boolean(column.type):
            table = table.set_column(index, column.name, pc.take(words, table.column(index).cast(pa.int8())))
    return table


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
