"""A rerun's tables in Arrow, without pandas: each table as last written, with the changed
documents' rows replaced (or the whole table built again from its rows, where it is one of every
document's), and the derived tables worked out again from rows (`derived.with_derived`,
`derived.derived_tables`).

A run from scratch builds its tables in pandas, which types each column by the values it holds
(whole numbers with gaps stay whole, a column with no value is text or dates) and records the
types it gave in the Parquet file's metadata. A table spliced here keeps the file's schema, that
metadata included, so it must be sure that pandas would give every column the same type now:
the same kind of values (a whole number in a column of fractions is fine, a fraction in a column of
whole numbers is not), the same libraries as wrote the file, and each column with a gap, or a
value, exactly where it had one before. Where it cannot be sure, `rerun_tables` gives None and the
run builds its tables in pandas.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from . import DOCUMENT_TABLES, arrays, atomic_path
from .runfolder import RunFolder

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

# The tables `derived.derived_tables` works out from the others, and the columns they read.
DERIVED_TABLES = ("latest_inspections", "recurring_weaknesses")
_JUDGEMENT_COLUMNS = ("doc_id", "area_key", "grade")
_ITEM_COLUMNS = ("doc_id", "item_no", "text", "theme", "secondary_themes")


def kept_path(out: Path, name: str) -> Path:
    """Where table `name` is kept as Arrow's own file beside its Parquet file (see `keep`)."""
    return RunFolder(out).state / "tables" / f"{name}.arrow"


def keep(out: Path, name: str, table: pa.Table, digest: str) -> None:
    """`table`, just written as table `name`'s Parquet file of sha256 `digest`, kept as an Arrow file
    too, with that digest: a rerun maps it into memory for next to nothing where decoding the Parquet
    file took most of a fifth of a CPU second of adding one report (the paragraphs' above all)."""
    import pyarrow as pa

    path = kept_path(out, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary, pa.OSFile(str(temporary), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema, metadata={_PARQUET_FILE: digest.encode()}) as writer:
            writer.write_table(table)


_PARQUET_FILE = b"parquet_sha256"


def _previous(out: Path, name: str, file: pq.ParquetFile, digest: str | None) -> pa.Table:
    """Table `name` as its Parquet `file` (of sha256 `digest`) holds it: as kept beside it where the
    kept copy is of this very file and of its schema, else read from the file."""
    import pyarrow as pa

    try:
        kept = pa.ipc.open_file(pa.memory_map(str(kept_path(out, name))))
        same = digest is not None and kept.metadata.get(_PARQUET_FILE) == digest.encode()
        if same and kept.schema.equals(file.schema_arrow, check_metadata=True):
            return kept.read_all()
    except (OSError, ValueError, AttributeError):  # missing, damaged, or without its digest
        pass
    return file.read(use_threads=False)


def rerun_tables(
    out: Path,
    rows: dict[str, list[dict]],
    changed: set[str],
    order: list[str],
    parts: Mapping[str, set[str]] | None = None,
    digests: Mapping[str, str] = {},
) -> dict[str, pa.Table] | None:
    """Every table as a run from scratch would write it now, from the tables in `out` and `rows`:
    of each table in `parts` only the rows of the documents it names (by default, of the tables of
    documents' own rows, `DOCUMENT_TABLES`, the `changed` documents'), of the others every row.
    `order` is the documents' order in the tables. None where a table might not be the one a run
    from scratch writes; also where every document changed (a new pipeline version reads them all
    again, and its tables are built whole). `digests`: the sha256 of each table's Parquet file as it
    is, to take the tables in `parts` from their kept copies (see `keep`)."""
    import pyarrow.parquet as pq

    from . import derived

    folder = RunFolder(out)
    names = [*rows, *DERIVED_TABLES]
    parts = dict.fromkeys(DOCUMENT_TABLES, changed) if parts is None else parts
    if any(not set(order) - documents for documents in [changed, *parts.values()]):
        return None
    if not all(folder.table(name).is_file() for name in names):
        return None
    try:
        # `ParquetFile`, not `read_table`: that loads Arrow's datasets, which load pandas. In one
        # thread: Arrow's threads took 0.06 CPU s reading the dev corpus's paragraphs, one 0.024.
        files = {name: pq.ParquetFile(folder.table(name)) for name in names}
        previous = {
            name: _previous(out, name, file, digests.get(name)) if name in parts else file.metadata
            for name, file in files.items()
        }
    except (OSError, ValueError):  # damaged (Arrow's errors are both): left to pandas, as if not there
        return None
    schemas = {name: file.schema_arrow for name, file in files.items()}
    if not all(_written_by_these_libraries(schema) for schema in schemas.values()):
        return None
    derived_rows = {name: derived.with_derived(name, table_rows) for name, table_rows in rows.items()}
    tables = {name: _as_written(table_rows, schemas[name]) for name, table_rows in derived_rows.items()}
    for name in parts.keys() & tables.keys():
        new = tables[name]
        tables[name] = None if new is None else _spliced(previous[name], new, parts[name], order)
    if any(table is None for table in tables.values()):
        return None
    judgements = tables["judgements"].select(list(_JUDGEMENT_COLUMNS)).to_pylist()
    items = tables["improvements"]
    items = items.select([column for column in _ITEM_COLUMNS if column in items.column_names]).to_pylist()
    for name, table_rows in derived.derived_tables(derived_rows["documents"], judgements, items).items():
        tables[name] = _as_written(table_rows, schemas[name])
    same = all(
        table is not None and _gaps_and_values(table) == _previous_gaps_and_values(previous[name])
        for name, table in tables.items()
    )
    return tables if same else None


def _written_by_these_libraries(schema: pa.Schema) -> bool:
    """Whether pandas' metadata in the file names the versions of pandas and Arrow loaded now (read
    from pandas' installed metadata, without loading it)."""
    import pyarrow as pa

    try:
        written = json.loads(schema.metadata[b"pandas"])
        return written["creator"]["version"] == pa.__version__ and written["pandas_version"] == _pandas_version()
    except (KeyError, TypeError, ValueError):
        return False


@cache  # read from pandas' installed metadata: a millisecond or two each time, for each of the eleven tables
def _pandas_version() -> str:
    return metadata.version("pandas")


def _as_written(rows: list[dict], schema: pa.Schema) -> pa.Table | None:
    """`rows` as a table of `schema` (a column a row leaves out is a gap, as in pandas), or None
    where a column's values are of another kind than the schema's type, which pandas would then
    type otherwise (a whole number may join fractions, not a fraction whole numbers), or a row has
    a column the schema has not."""
    columns = set(schema.names)
    if not all(row.keys() <= columns for row in rows):
        return None
    try:
        return arrays.table({name: [row.get(name) for row in rows] for name in schema.names}, schema)
    except (TypeError, ValueError, KeyError):  # KeyError: a type no table of a run holds
        return None


def _spliced(previous: pa.Table, new: pa.Table, changed: set[str], order: list[str]) -> pa.Table | None:
    """`previous` with the `changed` documents' rows replaced by `new` and documents gone from
    `order` left out, in `order`: slices of both (each document's rows are together, in `order`,
    in both), its kept rows never made Python objects and back."""
    import pyarrow as pa

    kept, added = row_ranges(previous), row_ranges(new)
    if kept is None or added is None:
        return None
    pieces = [
        new.slice(*added[doc_id]) if doc_id in changed else previous.slice(*kept[doc_id])
        for doc_id in order
        if doc_id in (added if doc_id in changed else kept)
    ]
    # One chunk, as a table built whole is: Parquet's pages would otherwise part where the pieces do.
    return pa.concat_tables([previous.slice(0, 0), *pieces]).combine_chunks()


def row_ranges(table: pa.Table) -> dict[str, tuple[int, int]] | None:
    """Where each document's rows are: their first row and how many; None where a document's rows
    are not together."""
    import pyarrow.compute as pc

    runs = pc.run_end_encode(table["doc_id"].combine_chunks())
    doc_ids, ends = runs.values.to_pylist(), runs.run_ends.to_pylist()
    if len(set(doc_ids)) != len(doc_ids):
        return None
    return {doc_id: (start, end - start) for doc_id, start, end in zip(doc_ids, [0, *ends], ends)}


def _gaps_and_values(table: pa.Table) -> list[tuple[bool, bool]]:
    """Whether each column has a gap, and a value: what decides the types pandas gives it."""
    return [(column.null_count > 0, column.null_count < len(column)) for column in table.columns]


def _previous_gaps_and_values(previous) -> list[tuple[bool, bool] | None]:
    """`_gaps_and_values` of a table, or of a Parquet file from its statistics (None for a column
    without them, which then never agrees)."""
    if hasattr(previous, "columns"):
        return _gaps_and_values(previous)
    if previous.num_rows == 0:  # its one row group has no statistics
        return [(False, False)] * previous.num_columns
    found = []
    for index in range(previous.num_columns):
        groups = [previous.row_group(group).column(index).statistics for group in range(previous.num_row_groups)]
        if not all(statistics is not None and statistics.has_null_count for statistics in groups):
            found.append(None)
            continue
        gaps = sum(statistics.null_count for statistics in groups)
        found.append((gaps > 0, gaps < previous.num_rows))
    return found
