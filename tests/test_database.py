"""The DuckDB store: every table of a run, upserted by document, never duplicated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline import batch, compare, store

from pipeline.store import database
from pipeline.queries import SAVED_QUERIES
from pipeline.store.runfolder import RunFolder

from conftest import ROOT

# Two councils with inspections in two eras each: enough for every table and every documented query.
FOLDERS = ("80576_warwickshire", "80584_worcestershire")


@pytest.fixture(scope="module")
def small_run(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for folder in FOLDERS:
        shutil.copytree(corpus_dir / folder, raw / folder)
    out = tmp_path_factory.mktemp("out")
    batch.run([raw], out)
    database.update(out)
    return out


@pytest.fixture
def run_copy(small_run: Path, tmp_path: Path) -> Path:
    shutil.copytree(small_run, tmp_path / "out")
    return tmp_path / "out"


def _count(out: Path, table: str) -> int:
    return int(database.query(out, f'SELECT count(*) AS n FROM "{table}"')["n"][0])


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in (out / "tables").glob("*.parquet")}


def test_every_table_of_the_run_is_in_the_database(small_run):
    for name, frame in _tables(small_run).items():
        assert _count(small_run, name) == len(frame), f"{name}: {len(frame)} rows in the run"


def test_a_rerun_never_duplicates_rows(run_copy):
    before = {name: _count(run_copy, name) for name in _tables(run_copy)}
    database.update(run_copy)
    database.update(run_copy)
    after = {name: _count(run_copy, name) for name in before}
    assert after == before


def test_a_documents_rows_are_replaced_not_added(run_copy):
    tables = _tables(run_copy)
    improvements = tables["improvements"]
    doc_id = improvements["doc_id"].iloc[0]
    kept = improvements[~((improvements["doc_id"] == doc_id) & (improvements["item_no"] > 1))]
    kept.to_parquet(run_copy / "tables" / "improvements.parquet", index=False)
    database.update(run_copy)
    stored = database.query(run_copy, f"SELECT item_no FROM improvements WHERE doc_id = '{doc_id}'")
    assert stored["item_no"].tolist() == [1]
    assert _count(run_copy, "improvements") == len(kept)


def test_a_document_gone_from_the_run_keeps_no_rows_elsewhere(run_copy):
    tables = _tables(run_copy)
    doc_id = tables["judgements"]["doc_id"].iloc[0]
    for name in ("judgements", "improvements", "sections", "paragraphs"):
        frame = tables[name]
        frame[frame["doc_id"] != doc_id].to_parquet(run_copy / "tables" / f"{name}.parquet", index=False)
    database.update(run_copy)
    assert database.query(run_copy, f"SELECT * FROM judgements WHERE doc_id = '{doc_id}'").empty


# --- only the changed documents' rows, when that is safe ---------------------------------------


def _rows(out: Path, table: str) -> list[tuple]:
    return sorted(database.query(out, f'SELECT * FROM "{table}"').astype(str).itertuples(index=False, name=None))


def _rewrite_without(out: Path, doc_id: str) -> None:
    """The run's tables as they are once `doc_id`, read again, no longer gives a report."""
    for name in store.DOCUMENT_TABLES:
        frame = pd.read_parquet(out / "tables" / f"{name}.parquet")
        frame[frame["doc_id"] != doc_id].to_parquet(out / "tables" / f"{name}.parquet", index=False)


def _loaded_in_full(out: Path, tmp_path: Path) -> Path:
    """The same tables loaded into a new database, every row."""
    full = tmp_path / "full"
    shutil.copytree(out / "tables", full / "tables")
    database.update(full)
    return full


def test_only_the_changed_documents_rows_are_replaced_and_the_result_is_a_full_loads(run_copy, tmp_path):
    doc_id = _tables(run_copy)["paragraphs"]["doc_id"].iloc[0]
    before = database.table_digests(run_copy)
    _rewrite_without(run_copy, doc_id)
    with duckdb.connect(str(RunFolder(run_copy).database)) as connection:  # marks rows left in place
        connection.execute("UPDATE paragraphs SET text = 'untouched' WHERE doc_id <> ?", [doc_id])
    database.update(run_copy, changed={doc_id}, before=before)
    assert database.query(run_copy, f"SELECT * FROM paragraphs WHERE doc_id = '{doc_id}'").empty
    texts = set(database.query(run_copy, "SELECT DISTINCT text FROM paragraphs")["text"])
    assert texts == {"untouched"}, "the unchanged documents' rows were loaded again"
    for name in sorted(store.DOCUMENT_TABLES - {"paragraphs"}):
        assert _rows(run_copy, name) == _rows(_loaded_in_full(run_copy, tmp_path / name), name), name


def test_an_output_folder_named_like_a_pattern_takes_rows_from_its_own_tables_alone(small_run, tmp_path):
    out = tmp_path / "run*"  # DuckDB's `read_parquet` would also read the tables of "run-other"
    shutil.copytree(small_run, out)
    shutil.copytree(small_run, tmp_path / "run-other")
    doc_id = _tables(out)["paragraphs"]["doc_id"].iloc[0]
    before = database.table_digests(out)
    _rewrite_without(out, doc_id)
    database.update(out, changed={doc_id}, before=before)
    for name in sorted(store.DOCUMENT_TABLES):
        assert _rows(out, name) == _rows(_loaded_in_full(out, tmp_path / name), name), name


def test_a_run_that_stopped_before_its_database_was_written_is_loaded_in_full(run_copy, tmp_path):
    first, second = _tables(run_copy)["paragraphs"]["doc_id"].drop_duplicates().iloc[:2]
    _rewrite_without(run_copy, first)  # this run stopped before writing the database
    before = database.table_digests(run_copy)
    _rewrite_without(run_copy, second)
    database.update(run_copy, changed={second}, before=before)
    assert database.query(run_copy, f"SELECT * FROM paragraphs WHERE doc_id = '{first}'").empty
    assert _rows(run_copy, "paragraphs") == _rows(_loaded_in_full(run_copy, tmp_path), "paragraphs")


def test_a_table_whose_file_is_the_one_last_loaded_is_left_as_it_is(run_copy, tmp_path):
    doc_id = _tables(run_copy)["paragraphs"]["doc_id"].iloc[0]
    before = database.table_digests(run_copy)
    _rewrite_without(run_copy, doc_id)  # the tables of documents' own rows change, the others do not
    with duckdb.connect(str(RunFolder(run_copy).database)) as connection:  # marks rows left in place
        connection.execute("UPDATE latest_inspections SET council_name = 'untouched'")
    database.update(run_copy, changed={doc_id}, before=before)
    assert set(database.query(run_copy, "SELECT council_name FROM latest_inspections")["council_name"]) == {"untouched"}
    for name in sorted(store.DOCUMENT_TABLES):
        assert _rows(run_copy, name) == _rows(_loaded_in_full(run_copy, tmp_path / name), name), name


def test_a_new_column_loads_the_table_in_full(run_copy):
    before = database.table_digests(run_copy)
    sections = _tables(run_copy)["sections"].assign(summary="a column a later version adds")
    sections.to_parquet(run_copy / "tables" / "sections.parquet", index=False)
    database.update(run_copy, changed=set(), before=before)
    assert set(database.query(run_copy, "SELECT DISTINCT summary FROM sections")["summary"]) == {
        "a column a later version adds"
    }


def test_the_schema_version_is_recorded(small_run):
    versions = database.query(small_run, "SELECT version FROM schema_version")["version"].tolist()
    assert versions == [database.SCHEMA_VERSION]


def test_a_database_of_another_schema_version_is_rebuilt(run_copy):
    with duckdb.connect(str(RunFolder(run_copy).database)) as connection:
        connection.execute("UPDATE schema_version SET version = -1")
        connection.execute("CREATE TABLE leftover AS SELECT 1 AS doc_id")
    database.update(run_copy)
    tables = set(database.query(run_copy, "SELECT table_name FROM information_schema.tables")["table_name"])
    assert "leftover" not in tables
    assert _count(run_copy, "documents") == len(_tables(run_copy)["documents"])


def test_every_inspection_report_has_a_council(small_run):
    missing = database.query(
        small_run,
        "SELECT d.source_path, d.local_authority FROM documents d JOIN document_councils dc USING (doc_id) "
        "WHERE dc.council_key IS NULL AND d.status = 'ok'",
    )
    assert missing.empty, f"no council for: {missing.to_dict('records')}"


DATABASE_DOC = ROOT / "docs" / "database.md"


def _documented_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DATABASE_DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_database_page_shows_three_queries():
    assert len(_documented_queries()) >= 3


@pytest.mark.parametrize("number", range(3))
def test_each_documented_query_runs_and_answers(small_run, number):
    queries = _documented_queries()
    if number >= len(queries):
        pytest.fail(f"docs/database.md shows {len(queries)} SQL queries")
    answer = database.query(small_run, queries[number])
    assert not answer.empty, f"docs/database.md query {number + 1} returned no rows:\n{queries[number]}"


def test_dates_are_dates_in_the_database(small_run):
    types = dict(
        database.query(
            small_run, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'documents'"
        ).itertuples(index=False)
    )
    for column in ("inspection_start", "inspection_end", "published", "publication_date"):
        assert types[column] == "DATE", column


def test_every_report_has_a_publication_date_printed_or_listed(small_run):
    undated = database.query(
        small_run, "SELECT source_path FROM documents WHERE status = 'ok' AND publication_date IS NULL"
    )
    assert undated.empty, undated.to_dict("records")


def test_the_recurring_view_counts_the_comparison_workbooks_pairs(small_run):
    comparison = compare.compare(RunFolder(small_run).read_tables())
    counted = database.query(small_run, "SELECT coalesce(sum(pairs), 0) AS pairs FROM recurring_councils")["pairs"][0]
    assert int(counted) == len(comparison.recurring)


def test_latest_grades_and_latest_inspections_agree(small_run):
    views = database.query(
        small_run, "SELECT council_name, grade FROM latest_grades WHERE area_key = 'overall_effectiveness'"
    )
    table = database.query(
        small_run, "SELECT council_name, latest_grade AS grade FROM latest_inspections WHERE latest_grade IS NOT NULL"
    )
    assert sorted(map(tuple, views.values.tolist())) == sorted(map(tuple, table.values.tolist()))
    assert set(table["council_name"]) == {"Warwickshire", "Worcestershire"}


@pytest.mark.parametrize("name", sorted(SAVED_QUERIES))
def test_each_saved_query_answers_on_a_real_run(small_run, name):
    answer = database.saved_query(small_run, name, year=2010, theme=None, region=None)
    if name != "recurring" or len(compare.compare(RunFolder(small_run).read_tables()).recurring):
        assert not answer.empty, f"{name} gave no rows"


def test_every_column_of_every_table_is_documented(small_run):
    """A new column is one edit to its model plus a line in docs/columns.md (the database's own
    tables: docs/database.md, and councils.md for the council file's columns)."""
    pages = ("columns.md", "database.md", "councils.md")
    documented = "\n".join((ROOT / "docs" / page).read_text(encoding="utf-8") for page in pages)
    columns = database.query(
        small_run,
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) WHERE t.table_type = 'BASE TABLE'",
    )
    missing = [
        f"{table}.{column}"
        for table, column in columns.itertuples(index=False)
        if f"`{column}`" not in documented and f"`{table}.{column}`" not in documented
    ]
    assert not missing, f"columns named nowhere in docs/{', docs/'.join(pages)}: {missing}"
