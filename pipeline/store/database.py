"""The embedded store: every table of a run in one DuckDB file, `<out>/findings.duckdb`.

Rows are upserted by document: a document's rows are replaced as a whole, in one transaction, so
rerunning never duplicates a row and an interrupted write leaves the previous state. Reference data
(councils, judgement-area series) and each document's council key are stored beside the tables so
that SQL alone can compare councils across years.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Collection, Mapping

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import __version__, store
from ..areas import SeriesLink, series_links
from ..compare import day_of
from ..councils import Council, councils, document_council
from ..queries import SAVED_QUERIES
from . import arrays
from .runfolder import RunFolder

if TYPE_CHECKING:  # pandas loads for a query's answer: a run fills the database from Arrow
    import pandas as pd

SCHEMA_VERSION = 2  # 2: dates typed DATE, derived tables and the views
LOADED_FILES = "loaded_files"  # each table's Parquet file as the database last loaded it (its hash)


def update(
    out: Path,
    changed: Collection[str] | None = None,
    before: Mapping[str, str] | None = None,
    tables: Mapping[str, pa.Table] | None = None,
    parts: Mapping[str, Collection[str]] | None = None,
    written: Mapping[str, str] = {},
) -> Path:
    """Upsert every `tables/*.parquet` of the run in `out` into its database; returns its path.
    `tables`: those files' tables as the run just wrote them, so that none is read back.

    With `changed` (the documents whose rows may differ from the last run's) and `before` (the
    `table_digests` of the tables as they were before this run wrote them), a table of documents'
    own rows (`store.DOCUMENT_TABLES`) whose previous file is the one the database last loaded has
    only the changed documents' rows replaced: adding one report then writes kilobytes, not every
    table again. Anything else (a first run, a run interrupted before its database was written, a
    new column) replaces the table's rows for every document of the run. With `changed`, a table
    whose file is the one the database last loaded is left as it is: nothing in it changed.
    `parts`: the tables whose rows differ only for some documents, and those documents, where not
    the tables of documents' own rows and the `changed` documents (the action plan's, say).
    `written`: the sha256 of the files the run has just written, which need not be read to hash."""
    folder = RunFolder(out)
    files = {path.stem: path for path in folder.table_files()}
    now = {name: written[name] if name in written else _digest(path) for name, path in files.items()}
    tables = tables if tables is not None else {name: pq.read_table(path) for name, path in files.items()}
    path = folder.database
    parts = dict.fromkeys(store.DOCUMENT_TABLES, changed) if parts is None else parts
    with duckdb.connect(str(path)) as connection:
        connection.execute("BEGIN TRANSACTION")
        _check_schema_version(connection)
        documents = tables.get("documents", _table({name: [] for name in _COUNCIL_NAMED}))
        doc_ids = documents["doc_id"].to_pylist()
        # The tables there, asked once: a question of the catalogue per table took a tenth of filling it.
        existing = _table_names(connection)
        loaded = _loaded_digests(connection) if LOADED_FILES in existing else {}
        for name in files:
            if changed is not None and loaded.get(name) == now[name] and name in existing:
                continue  # its rows are this very file's: writing them again changes nothing
            unchanged_since_loaded = (
                before is not None and loaded.get(name) is not None and loaded[name] == before.get(name)
            )
            if (
                changed is not None
                and parts.get(name) is not None
                and unchanged_since_loaded
                and _replace_documents(connection, name, tables[name], parts[name])
            ):
                continue
            if "doc_id" not in tables[name].column_names:  # a table about councils, derived from the rest
                _replace(connection, name, tables[name])
            else:
                _upsert(connection, name, tables[name], doc_ids, name in existing)
        _upsert(connection, "document_councils", document_councils(documents), doc_ids, "document_councils" in existing)
        _replace(connection, "councils", _councils_table())
        links = [link.model_dump(mode="json") for link in series_links()]
        _replace(connection, "area_series", _table(_columns(links, SeriesLink.model_fields), {"combined": pa.bool_()}))
        _create_views(connection, existing | set(files))
        _replace(connection, LOADED_FILES, _table({"table_name": list(now), "sha256": list(now.values())}))
        connection.execute("COMMIT")
    return path


def table_digests(out: Path) -> dict[str, str]:
    """Each `tables/*.parquet` file's hash, to pass to `update` as `before`."""
    return {path.stem: _digest(path) for path in RunFolder(out).table_files()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _table_names(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _loaded_digests(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(connection.execute(f"SELECT table_name, sha256 FROM {LOADED_FILES}").fetchall())


def _replace_documents(connection, name: str, table: pa.Table, changed: Collection[str]) -> bool:
    """The changed documents' rows replaced, the others' left as they are, when the table's columns
    are still what they were; False, with nothing done, where they are not."""
    rows = table.filter(pc.is_in(table["doc_id"], arrays.array(sorted(changed), table["doc_id"].type)))
    connection.register("incoming", rows)
    same_columns = (
        connection.execute("DESCRIBE SELECT * FROM incoming").fetchall()
        == connection.execute(f'DESCRIBE "{name}"').fetchall()
    )
    if same_columns:
        connection.register("changed", _table({"doc_id": sorted(changed)}))
        connection.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT doc_id FROM changed)')
        connection.execute(f'INSERT INTO "{name}" SELECT * FROM incoming')
        connection.unregister("changed")
    connection.unregister("incoming")
    return same_columns


# The documents' columns that name their council.
_COUNCIL_NAMED = ("doc_id", "local_authority", "source_path", "inspection_start")


def document_councils(documents: pa.Table) -> pa.Table:
    """Each document's council key, whatever name it prints."""
    rows = documents.select(list(_COUNCIL_NAMED)).to_pylist()
    keys = [
        document_council(row["local_authority"], str(row["source_path"]), day_of(row["inspection_start"]))
        for row in rows
    ]
    return _table({"doc_id": documents["doc_id"].to_pylist(), "council_key": keys})


def _check_schema_version(connection: duckdb.DuckDBPyConnection) -> None:
    """A database written by another schema version is emptied and rebuilt: the tables of the run
    hold everything needed to fill it again."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, pipeline_version VARCHAR, written_at TIMESTAMP)"
    )
    found = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if found is not None and found != SCHEMA_VERSION:
        for name, kind in connection.execute(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_name <> 'schema_version'"
        ).fetchall():
            connection.execute(f'DROP {"VIEW" if kind == "VIEW" else "TABLE"} IF EXISTS "{name}"')
    connection.execute("DELETE FROM schema_version")
    connection.execute("INSERT INTO schema_version VALUES (?, ?, now())", [SCHEMA_VERSION, __version__])


def _upsert(connection, name: str, table: pa.Table, documents: list[str], exists: bool) -> None:
    """Replace the rows of every document the run knows about, keep the others. A document no
    longer producing rows in this table (e.g. one removed from the input) loses its old rows. The
    union by name lets later versions add columns, and fills a column's type once data arrives
    (a list column is untyped while every list is empty)."""
    connection.register("incoming", table)
    connection.register("run_documents", _table({"doc_id": documents}))
    kept = (
        f'SELECT * FROM "{name}" WHERE doc_id NOT IN '
        "(SELECT doc_id FROM run_documents UNION SELECT doc_id FROM incoming) UNION ALL BY NAME "
        if exists
        else ""
    )
    connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS {kept}SELECT * FROM incoming')
    connection.unregister("incoming")
    connection.unregister("run_documents")


def _replace(connection, name: str, table: pa.Table) -> None:
    connection.register("incoming", table)
    connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM incoming')
    connection.unregister("incoming")


# The reference table of councils: its lists ";"-joined; `start` and `end` are SQL reserved words,
# so the same dates are also given names that need no quotes.
_COUNCIL_TYPES = {"start": pa.date32(), "end": pa.date32(), "la_code_checked": pa.bool_()}
_COUNCIL_LISTS = ("previous_gss_codes", "predecessors", "successors", "aliases")


def _councils_table() -> pa.Table:
    rows = []
    for council in councils().values():
        row = council.model_dump()
        for column in _COUNCIL_LISTS:
            row[column] = ";".join(row[column])
        row["period_start"], row["period_end"] = council.start, council.end
        rows.append(row)
    names = [*Council.model_fields, "period_start", "period_end"]
    return _table(_columns(rows, names), {**_COUNCIL_TYPES, "period_start": pa.date32(), "period_end": pa.date32()})


def _columns(rows: list[dict], names) -> dict[str, list]:
    return {name: [row[name] for row in rows] for name in names}


def _table(columns: dict[str, list], types: Mapping[str, pa.DataType] = {}) -> pa.Table:
    """A table of these columns, text unless `types` says otherwise (see `arrays`: Arrow's own
    conversion loads pandas)."""
    return arrays.table(columns, pa.schema([(name, types.get(name, pa.string())) for name in columns]))


# The views answer the common questions without joins; docs/database.md describes each.
VIEWS = {
    "judgements_over_time": """
        SELECT d.council_key, d.council_name, d.la_code, d.region, j.doc_id, d.kind, d.framework,
               d.inspection_start, d.inspection_end, d.publication_date, d.published_basis,
               j.judgement_order, j.area, j.area_key, j.grade, j.grade_rank, j.page
        FROM judgements j JOIN documents d USING (doc_id)
        WHERE d.status = 'ok' AND j.grade IS NOT NULL
        ORDER BY d.council_name, d.inspection_start, j.judgement_order""",
    "latest_grades": """
        SELECT * EXCLUDE (newest) FROM (
            SELECT *, row_number() OVER (PARTITION BY council_name, area_key
                                         ORDER BY inspection_start DESC, doc_id DESC) AS newest
            FROM judgements_over_time WHERE kind IN ('ilacs', 'ilacs_2026', 'sif', 'lac_2012'))
        WHERE newest = 1
        ORDER BY council_name, judgement_order""",
    "recurring_councils": """
        SELECT council_key, council AS council_name, la_code, region, theme, count(*) AS pairs,
               min(earlier_date) AS first_seen, max(later_date) AS last_seen
        FROM recurring_weaknesses
        GROUP BY ALL ORDER BY pairs DESC, council_name, theme""",
}
_VIEW_NEEDS = {
    "judgements_over_time": ("judgements", "documents"),
    "latest_grades": ("judgements", "documents"),
    "recurring_councils": ("recurring_weaknesses",),
}


def _create_views(connection, tables: set[str]) -> None:
    """The views over the `tables` this run has (a run of papers alone has no judgements)."""
    for name, sql in VIEWS.items():
        if all(table in tables for table in _VIEW_NEEDS[name]):
            connection.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')
        else:
            connection.execute(f'DROP VIEW IF EXISTS "{name}"')


def saved_query(out: Path, name: str, **parameters) -> pd.DataFrame:
    """The answer to one of `queries.SAVED_QUERIES`; an option a query does not use is ignored."""
    sql = SAVED_QUERIES[name].sql
    used = {key: value for key, value in parameters.items() if f"${key}" in sql}
    with duckdb.connect(str(RunFolder(out).database), read_only=True) as connection:
        answer = connection.execute(sql, used).df()
    for column in answer.select_dtypes("datetime").columns:  # DuckDB's DATE arrives as a timestamp
        answer[column] = answer[column].dt.date
    return answer


def query(out: Path, sql: str) -> pd.DataFrame:
    """Run read-only SQL over a run's database."""
    with duckdb.connect(str(RunFolder(out).database), read_only=True) as connection:
        return connection.execute(sql).df()
