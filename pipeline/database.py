"""The embedded store: every table of a run in one DuckDB file, `<out>/findings.duckdb`.

Rows are upserted by document: a document's rows are replaced as a whole, in one transaction, so
rerunning never duplicates a row and an interrupted write leaves the previous state. Reference data
(councils, judgement-area series) and each document's council key are stored beside the tables so
that SQL alone can compare councils across years.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from . import __version__
from .areas import series_links
from .councils import councils, document_council

SCHEMA_VERSION = 1
DATABASE_NAME = "findings.duckdb"


def database_path(out: Path) -> Path:
    return out / DATABASE_NAME


def update(out: Path) -> Path:
    """Upsert every `tables/*.parquet` of the run in `out` into its database; returns its path."""
    tables = {path.stem: pd.read_parquet(path) for path in sorted((out / "tables").glob("*.parquet"))}
    if "documents" in tables:
        tables["document_councils"] = document_councils(tables["documents"])
    path = database_path(out)
    with duckdb.connect(str(path)) as connection:
        connection.execute("BEGIN TRANSACTION")
        _check_schema_version(connection)
        documents = tables.get("documents", pd.DataFrame({"doc_id": []}))["doc_id"]
        for name, frame in tables.items():
            _upsert(connection, name, frame, documents)
        _replace(connection, "councils", _councils_frame())
        _replace(connection, "area_series", pd.DataFrame([link.model_dump(mode="json") for link in series_links()]))
        connection.execute("COMMIT")
    return path


def document_councils(documents: pd.DataFrame) -> pd.DataFrame:
    """Each document's council key, whatever name it prints."""
    days = pd.to_datetime(documents["inspection_start"], errors="coerce")
    keys = [
        document_council(name, str(path), None if pd.isna(day) else day.date())
        for name, path, day in zip(documents["local_authority"], documents["source_path"], days)
    ]
    return pd.DataFrame({"doc_id": documents["doc_id"], "council_key": keys})


def _check_schema_version(connection: duckdb.DuckDBPyConnection) -> None:
    """A database written by another schema version is emptied and rebuilt: the tables of the run
    hold everything needed to fill it again."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, pipeline_version VARCHAR, written_at TIMESTAMP)"
    )
    found = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if found is not None and found != SCHEMA_VERSION:
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name <> 'schema_version'"
        ).fetchall():
            connection.execute(f'DROP TABLE "{name}"')
    connection.execute("DELETE FROM schema_version")
    connection.execute(
        "INSERT INTO schema_version VALUES (?, ?, now())", [SCHEMA_VERSION, __version__]
    )


def _upsert(connection, name: str, frame: pd.DataFrame, documents: pd.Series) -> None:
    """Replace the rows of every document the run knows about, keep the others. A document no
    longer producing rows in this table (e.g. one removed from the input) loses its old rows. The
    union by name lets later versions add columns, and fills a column's type once data arrives
    (a list column is untyped while every list is empty)."""
    connection.register("incoming", frame)
    connection.register("run_documents", pd.DataFrame({"doc_id": documents.astype(str)}))
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()[0]
    kept = (
        f'SELECT * FROM "{name}" WHERE doc_id NOT IN '
        "(SELECT doc_id FROM run_documents UNION SELECT doc_id FROM incoming) UNION ALL BY NAME "
        if exists
        else ""
    )
    connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS {kept}SELECT * FROM incoming')
    connection.unregister("incoming")
    connection.unregister("run_documents")


def _replace(connection, name: str, frame: pd.DataFrame) -> None:
    connection.register("incoming", frame)
    connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM incoming')
    connection.unregister("incoming")


def _councils_frame() -> pd.DataFrame:
    rows = []
    for council in councils().values():
        row = council.model_dump(mode="json")
        for column in ("previous_gss_codes", "predecessors", "successors", "aliases"):
            row[column] = ";".join(row[column])
        rows.append(row)
    return pd.DataFrame(rows)


def query(out: Path, sql: str) -> pd.DataFrame:
    """Run read-only SQL over a run's database."""
    with duckdb.connect(str(database_path(out)), read_only=True) as connection:
        return connection.execute(sql).df()
