"""A table's columns are its row model's fields, in order (`pipeline.schema`): a new column is one new
field. The columns users already read keep their names and their order."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import create_model

from pipeline import link, plan, store
from pipeline.store import splice, writing
from pipeline.schema import JudgementRow
from tests.fixtures import golden
from tests.test_link import KIRKLEES_PAPER, REPORTS
from tests.test_plan import item, make_report

GOLDEN = Path(__file__).resolve().parent / "golden"

# The columns as published before the tables were derived from their models: a table may gain
# columns after these, never lose, rename or reorder them.
PUBLISHED = {
    "documents": [
        "doc_id",
        "source_path",
        "sha256",
        "kind",
        "local_authority",
        "inspection_start",
        "inspection_end",
        "published",
        "lead_inspector",
        "framework",
        "pages",
        "status",
        "error",
        "checks",
        "focus",
    ],
    "judgements": ["doc_id", "order", "area", "area_key", "grade", "page"],
    "improvements": [
        "doc_id",
        "item_no",
        "kind",
        "text",
        "outcome",
        "part",
        "page",
        "theme",
        "secondary_themes",
        "evidence_paras",
        "evidence_pages",
        "evidence_quote",
    ],
    "sections": ["doc_id", "title", "grade", "first_para", "last_para", "page"],
    "paragraphs": ["doc_id", "section", "para_no", "page", "text", "theme", "polarity"],
    "committee_papers": [
        "doc_id",
        "source_path",
        "kind",
        "council",
        "committee",
        "meeting_date",
        "title",
        "linked_doc_id",
        "link_confidence",
        "link_reason",
    ],
    "claims": ["doc_id", "claim_type", "area", "value", "value_date", "report_value", "agrees"],
    "coverage": ["doc_id", "report_doc_id", "item_no", "improvement_text", "covered", "matched_text", "score"],
}


def test_every_tables_columns_are_its_row_models_fields_in_order():
    assert set(store.TABLE_ROWS) == set(store.TABLE_COLUMNS)
    for name, row in store.TABLE_ROWS.items():
        assert store.TABLE_COLUMNS[name] == list(row.model_fields), name


@pytest.mark.parametrize("name", PUBLISHED)
def test_the_columns_users_read_keep_their_names_and_order(name):
    assert store.TABLE_COLUMNS[name][: len(PUBLISHED[name])] == PUBLISHED[name]


@pytest.mark.parametrize("table", golden.TABLES)
def test_the_golden_tables_columns_are_in_the_tables_order(table):
    header = (GOLDEN / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [column for column in store.TABLE_COLUMNS[table] if column in header]


def test_a_new_field_on_a_row_model_is_a_new_column(monkeypatch):
    with_confidence = create_model("JudgementRow", __base__=JudgementRow, confidence=(float | None, None))
    monkeypatch.setitem(store.TABLE_ROWS, "judgements", with_confidence)
    table = store.build_tables({"judgements": []})["judgements"]
    assert list(table.columns) == [*PUBLISHED["judgements"], "confidence"]


def test_each_rows_mapper_fills_exactly_its_tables_columns():
    """So a field added to a row model is filled, and a field added to a record is not left out of
    its row model."""
    report = make_report(item("The quality of plans for children in need.", outcome="outcome 1"))
    (review,) = link.review([KIRKLEES_PAPER], REPORTS)
    rows = {
        "documents": [store.document_row(report).model_dump(mode="json")],
        **store.report_rows(report),
        **store.paper_rows(review),
        "action_plan": [row.model_dump(mode="json") for row in plan.plan_rows(report)],
    }
    assert set(rows) == set(store.TABLE_ROWS)
    for name, table_rows in rows.items():
        assert table_rows, f"the example gives no {name} row: the test no longer tests that table"
        for row in table_rows:
            assert set(row) == set(store.TABLE_COLUMNS[name]), name
            store.TABLE_ROWS[name].model_validate(row)


def test_text_is_written_as_one_arrow_type_however_pandas_held_it(tmp_path: Path):
    """A rerun keeps rows read back from Parquet, which pandas can hold as Arrow's `string`; the file
    must still be the one a clean run writes (issue 11's fault campaign found `string` against
    `large_string` after a rerun)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    as_read_back = pd.DataFrame({"doc_id": pd.Series(["a"], dtype=pd.ArrowDtype(pa.string()))})
    as_built = pd.DataFrame({"doc_id": ["a"]})
    store.write_tables(tmp_path / "read", {"documents": as_read_back})
    store.write_tables(tmp_path / "built", {"documents": as_built})
    read, built = (pq.read_table(tmp_path / run / "tables" / "documents.parquet") for run in ("read", "built"))
    assert read.schema.field("doc_id").type == built.schema.field("doc_id").type == pa.large_string()


def _paragraphs(doc_id: str, theme: str | None, page: int | None) -> list[dict]:
    return [
        {"doc_id": doc_id, "section": "Help", "para_no": number, "page": page, "text": "Text.", "theme": theme}
        for number in (1, 2)
    ]


@pytest.mark.parametrize(
    "kept, new",
    [
        (("leadership", 1), (None, 2)),  # the new rows have no theme: untyped to pandas on their own
        ((None, 1), ("leadership", 2)),  # the kept rows had none
        (("leadership", 1), ("leadership", None)),  # the new rows have no page: whole numbers with gaps
    ],
)
def test_rows_kept_beside_new_ones_are_written_as_a_run_from_scratch_writes_them(tmp_path: Path, kept, new):
    """Byte for byte: the database records each Parquet file's hash."""
    kept_rows, new_rows = _paragraphs("a", *kept), _paragraphs("b", *new)
    store.write_tables(tmp_path / "rerun", store.build_tables({"paragraphs": kept_rows}))
    new_frame = store.build_tables({"paragraphs": new_rows})["paragraphs"]
    merged = store.with_unchanged_rows(tmp_path / "rerun", "paragraphs", new_frame, {"b"}, ["a", "b"])
    store.write_tables(tmp_path / "rerun", {"paragraphs": merged})
    store.write_tables(tmp_path / "scratch", store.build_tables({"paragraphs": kept_rows + new_rows}))
    for suffix in ("csv", "parquet"):
        rerun, scratch = (tmp_path / run / "tables" / f"paragraphs.{suffix}" for run in ("rerun", "scratch"))
        assert rerun.read_bytes() == scratch.read_bytes(), suffix


def _write_from_scratch(out: Path, paragraphs: list[dict], documents: list[str]) -> None:
    """Every table, as a run from scratch writes it, with these paragraphs and no other rows."""
    writing.write_tables(out, {**{name: [] for name in store.TABLE_COLUMNS}, "paragraphs": paragraphs}, None, documents)


def _rerun_tables(out: Path, paragraphs: list[dict], changed: set[str], documents: list[str]):
    rows = {**{name: [] for name in store.TABLE_COLUMNS}, "paragraphs": paragraphs}
    return splice.rerun_tables(out, rows, changed, documents)


@pytest.mark.parametrize(
    "kept, new, spliced",
    [
        (("leadership", 1), ("help", 2), True),
        (("leadership", 1), (None, 2), False),  # the theme's first gap: pandas would type it otherwise
        ((None, 1), ("leadership", 2), False),  # its first value
        (("leadership", 1), ("leadership", None), False),  # the page's first gap: whole numbers with gaps
        (("leadership", 1), ("help", 2.5), False),  # a fraction among whole numbers
    ],
)
def test_a_reruns_tables_in_arrow_are_those_a_run_from_scratch_writes_or_none(tmp_path: Path, kept, new, spliced):
    """A rerun splices its tables in Arrow: the new report "b" goes before "a" in the input's order,
    "c" is gone from it; where a column's types could differ from the file it replaces, it gives
    None and the run builds its tables in pandas. Byte for byte: the database records each
    Parquet file's hash."""
    kept_rows, new_rows = _paragraphs("a", *kept) + _paragraphs("c", *kept), _paragraphs("b", *new)
    _write_from_scratch(tmp_path / "rerun", kept_rows, ["a", "c"])
    tables = _rerun_tables(tmp_path / "rerun", new_rows, {"b", "c"}, ["b", "a"])
    assert (tables is not None) is spliced
    if tables is not None:
        store.write_tables(tmp_path / "rerun", tables)
        _write_from_scratch(tmp_path / "scratch", new_rows + kept_rows[:2], ["b", "a"])
        for name in tables:
            for suffix in ("csv", "parquet"):
                rerun, scratch = (tmp_path / run / "tables" / f"{name}.{suffix}" for run in ("rerun", "scratch"))
                assert rerun.read_bytes() == scratch.read_bytes(), f"{name}.{suffix}"


def test_tables_written_by_other_library_versions_are_not_spliced(tmp_path: Path):
    """pandas' metadata in the Parquet file names the versions that wrote it: kept rows spliced
    under another version's metadata would not give the file a run from scratch writes now."""
    import json

    import pyarrow.parquet as pq

    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    path = tmp_path / "tables" / "paragraphs.parquet"
    table = pq.read_table(path)
    metadata = json.loads(table.schema.metadata[b"pandas"])
    pq.write_table(table.replace_schema_metadata({"pandas": json.dumps({**metadata, "pandas_version": "0.1"})}), path)
    assert _rerun_tables(tmp_path, _paragraphs("b", "help", 2), {"b"}, ["a", "b"]) is None


def test_a_rerun_in_which_every_document_changed_builds_its_tables_whole(tmp_path: Path):
    """As after a new pipeline version, which reads every document again: its tables are built as
    a run from scratch builds them, types and all."""
    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    assert _rerun_tables(tmp_path, _paragraphs("a", "help", 2), {"a"}, ["a"]) is None


def test_a_table_whose_documents_rows_are_apart_is_not_spliced(tmp_path: Path):
    """Each document's rows are kept as one slice: where they are not together, the rerun builds its
    tables in pandas."""
    first, second = _paragraphs("a", "leadership", 1)
    _write_from_scratch(tmp_path, [first, *_paragraphs("c", "leadership", 1), second], ["a", "c"])
    assert _rerun_tables(tmp_path, _paragraphs("b", "help", 2), {"b"}, ["a", "b", "c"]) is None


def test_a_missing_or_damaged_table_file_is_not_spliced(tmp_path: Path):
    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    (tmp_path / "tables" / "recurring_weaknesses.parquet").unlink()
    assert _rerun_tables(tmp_path, _paragraphs("b", "help", 2), {"b"}, ["a", "b"]) is None
    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    (tmp_path / "tables" / "sections.parquet").write_bytes(b"not Parquet")
    assert _rerun_tables(tmp_path, _paragraphs("b", "help", 2), {"b"}, ["a", "b"]) is None


def _digests(out: Path) -> dict[str, str]:
    from pipeline.store import database

    return database.table_digests(out)


def _spliced_tables(out: Path, digests: dict[str, str]):
    rows = {**{name: [] for name in store.TABLE_COLUMNS}, "paragraphs": _paragraphs("b", "help", 2)}
    return splice.rerun_tables(out, rows, {"b"}, ["a", "b"], digests=digests)


def test_a_rerun_splices_the_tables_kept_beside_their_parquet_files(tmp_path: Path, monkeypatch):
    """Each table a rerun splices is kept as an Arrow file too, which it maps rather than decode
    the Parquet file; the tables are the same either way."""
    import pyarrow.parquet as pq

    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    decoded = _spliced_tables(tmp_path, {})
    read = []
    monkeypatch.setattr(pq.ParquetFile, "read", lambda self, *args, **kwargs: read.append(self) or 1 / 0)
    kept = _spliced_tables(tmp_path, _digests(tmp_path))
    assert read == []
    assert kept is not None and kept.keys() == decoded.keys()
    assert all(kept[name].equals(decoded[name], check_metadata=True) for name in kept)


@pytest.mark.parametrize("damage", ["missing", "cut short", "of another file", "another schema"])
def test_a_kept_table_that_is_not_its_parquet_files_own_is_not_taken(tmp_path: Path, damage):
    """A kept copy missing, cut short, or not of the Parquet file as it is now (written again by
    hand, or by a run stopped before it kept the new copy) leaves the rerun to read the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    path, kept = tmp_path / "tables" / "paragraphs.parquet", splice.kept_path(tmp_path, "paragraphs")
    if damage == "missing":
        kept.unlink()
    elif damage == "cut short":
        kept.write_bytes(kept.read_bytes()[:-100])
    elif damage == "of another file":  # the file's rows now a's with another theme, the copy's as before
        table = pq.read_table(path)
        pq.write_table(table.set_column(5, "theme", pa.array(["help"] * 2, pa.large_string())), path)
    else:
        table = pq.read_table(path)
        splice.keep(tmp_path, "paragraphs", table.replace_schema_metadata({}), _digests(tmp_path)["paragraphs"])
    expected = pq.read_table(path)
    tables = _spliced_tables(tmp_path, _digests(tmp_path))
    assert tables is not None
    assert tables["paragraphs"].slice(0, 2).equals(expected, check_metadata=True)


def test_the_database_records_each_table_file_as_the_run_wrote_it(tmp_path: Path):
    """The run hands the database the hashes of the files it has just written rather than read them
    back: they must be the files' own, or the next rerun would load every table in full."""
    from pipeline.store import database

    _write_from_scratch(tmp_path, _paragraphs("a", "leadership", 1), ["a"])
    loaded = database.query(tmp_path, f"SELECT table_name, sha256 FROM {database.LOADED_FILES}")
    assert dict(loaded.values) == _digests(tmp_path)
