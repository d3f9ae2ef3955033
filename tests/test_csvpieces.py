"""The CSVs of the tables of documents' own rows, written from each document's piece: a rerun
encodes only the changed documents' rows, and writes the file a whole encoding writes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.store import csvpieces

TEXT = [
    "plain",
    'a "quoted" word',
    "two\nlines",
    '=SUM(A1) "\n"b",',  # formula-like, with what looks like the start of b's rows after a newline
    "",
    None,
]


def _paragraphs(documents: dict[str, int], text: str = "") -> pa.Table:
    """A `paragraphs`-like table: each document's rows together, doc_id first."""
    rows = [
        {"doc_id": doc_id, "number": number, "text": f"{TEXT[number % len(TEXT)] or ''}{text}", "ok": number % 2 == 0}
        for doc_id, count in documents.items()
        for number in range(count)
    ]
    schema = pa.schema(
        [("doc_id", pa.large_string()), ("number", pa.int64()), ("text", pa.large_string()), ("ok", pa.bool_())]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def _csv(out: Path) -> bytes:
    return (out / "tables" / "paragraphs.csv").read_bytes()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A run's CSV of three documents, written whole, its pieces recorded."""
    csvpieces.write_csvs(tmp_path, {"paragraphs": _paragraphs({"a": 3, "b": 4, "c": 2})}, {})
    return tmp_path


def _encoded_rows(monkeypatch) -> list[int]:
    """The rows of each table encoded from now on (a header alone aside)."""
    counted: list[int] = []
    encode_into = csvpieces.encode_into

    def counting(table, sink, header=True):
        if table.num_rows:
            counted.append(table.num_rows)
        return encode_into(table, sink, header)

    monkeypatch.setattr(csvpieces, "encode_into", counting)
    return counted


@pytest.mark.parametrize(
    "documents, changed",
    [
        ({"a": 3, "b": 4, "new": 5, "c": 2}, {"new"}),  # a report added
        ({"a": 3, "c": 2}, {"b"}),  # one removed
        ({"a": 3, "b": 6, "c": 2}, {"b"}),  # one read again, with more rows
        ({"a": 3, "c": 2, "d": 1}, {"b", "d"}),
    ],
)
def test_a_rerun_encodes_only_the_changed_documents_and_writes_what_a_whole_encoding_writes(
    out, tmp_path, monkeypatch, documents, changed
):
    table = _paragraphs(documents)
    counted = _encoded_rows(monkeypatch)
    csvpieces.write_csvs(out, {"paragraphs": table}, {"paragraphs": changed})
    assert sum(counted) == sum(count for doc_id, count in documents.items() if doc_id in changed)
    assert _csv(out) == csvpieces.encoded(table)
    csvpieces.write_csvs(tmp_path / "whole", {"paragraphs": table}, {})
    assert csvpieces.state_path(out).read_bytes() == csvpieces.state_path(tmp_path / "whole").read_bytes()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(path.read_bytes().replace(b"plain", b"PLAIN")),  # edited, same size
        lambda path: path.write_bytes(path.read_bytes()[:-3]),  # cut short
        lambda path: path.unlink(),
    ],
)
def test_a_csv_changed_since_its_pieces_were_recorded_is_encoded_whole(out, monkeypatch, spoil):
    spoil(out / "tables" / "paragraphs.csv")
    table = _paragraphs({"a": 3, "b": 4, "new": 1, "c": 2})
    counted = _encoded_rows(monkeypatch)
    csvpieces.write_csvs(out, {"paragraphs": table}, {"paragraphs": {"new"}})
    assert counted == [table.num_rows]
    assert _csv(out) == csvpieces.encoded(table)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda state: None,  # missing: a run stopped before it recorded its pieces
        lambda state: {**state, "arrow": "0.1"},  # written by another Arrow
        lambda state: {**state, "tables": {"paragraphs": {**state["tables"]["paragraphs"], "pieces": {"a": [0, 9]}}}},
    ],
)
def test_pieces_missing_or_not_recorded_by_this_arrow_are_not_trusted(out, monkeypatch, spoil):
    path = csvpieces.state_path(out)
    state = spoil(json.loads(path.read_text()))
    path.unlink() if state is None else path.write_text(json.dumps(state))
    table = _paragraphs({"a": 3, "b": 4, "new": 1, "c": 2})
    counted = _encoded_rows(monkeypatch)
    csvpieces.write_csvs(out, {"paragraphs": table}, {"paragraphs": {"new"}})
    assert counted == [table.num_rows]
    assert _csv(out) == csvpieces.encoded(table)


def test_a_column_typed_otherwise_is_encoded_whole(out, monkeypatch):
    """The kept rows' bytes were written from the old type (a whole number now a fraction, say)."""
    table = _paragraphs({"a": 3, "b": 4, "c": 2})
    table = table.set_column(1, "number", table["number"].cast(pa.float64()))
    counted = _encoded_rows(monkeypatch)
    csvpieces.write_csvs(out, {"paragraphs": table}, {"paragraphs": {"b"}})
    assert counted == [table.num_rows]
    assert _csv(out) == csvpieces.encoded(table)


def test_the_pieces_are_forgotten_before_the_files_are_written(out, monkeypatch):
    """A run stopped between writing a CSV and recording its pieces leaves none to trust."""
    monkeypatch.setattr(csvpieces, "encode_into", lambda *args: pytest.fail("stopped"))
    with pytest.raises(pytest.fail.Exception):
        csvpieces.write_csvs(out, {"paragraphs": _paragraphs({"a": 1})}, {"paragraphs": {"a"}})
    assert not csvpieces.state_path(out).exists()


def test_every_document_changed_is_encoded_at_once(out, monkeypatch):
    """A new pipeline version reads every document again: nothing to copy, one encoding."""
    table = _paragraphs({"a": 2, "b": 1, "c": 2})
    counted = _encoded_rows(monkeypatch)
    csvpieces.write_csvs(out, {"paragraphs": table}, {"paragraphs": {"a", "b", "c"}})
    assert counted == [table.num_rows]
    assert _csv(out) == csvpieces.encoded(table)
