"""The CSVs of the tables of documents' own rows (`DOCUMENT_TABLES`) and the action plan's,
written from each document's piece: a rerun copies an unchanged document's rows as the bytes the file last held and encodes only
the changed documents' rows (escaping the text for a CSV, `cells.csv_table`, was most of writing
the paragraphs' 19 MB when adding one report).

`state/csv_pieces.json` records where each document's rows are in each file, with the file's size
and CRC-32 and the Arrow version that wrote it: a file changed since (by hand, by damage, by a run
stopped before it recorded its pieces) does not match, and is encoded whole.
"""

from __future__ import annotations

import json
import mmap
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from isal import isal_zlib

from . import DOCUMENT_TABLES, atomic_path, write_text
from .runfolder import RunFolder
from .splice import row_ranges

if TYPE_CHECKING:
    import pyarrow as pa

# {doc_id: [first byte, byte after the last]} of its rows, in the file's order; the header before the first.
Pieces = dict[str, list[int]]
# The tables of each document's rows together, in the documents' order.
PIECEWISE = DOCUMENT_TABLES | {"action_plan"}


def state_path(out: Path) -> Path:
    return RunFolder(out).state / "csv_pieces.json"


def write_csvs(out: Path, tables: dict[str, pa.Table], parts: Mapping[str, set[str]]) -> None:
    """Each table's CSV; of a table in `parts`, only the rows of the documents it names encoded,
    where the file's recorded pieces still match it (the others' copied). The pieces are recorded
    last, once every file is in place."""
    import pyarrow as pa

    folder = RunFolder(out)
    before = _read_state(out) if parts else {}
    state_path(out).unlink(missing_ok=True)  # the files are about to differ from it
    recorded = {}
    for name, table in tables.items():
        path = folder.table(name, "csv")
        ranges = row_ranges(table) if name in PIECEWISE else None
        spliced = _spliced(path, table, ranges, before.get(name), parts.get(name)) if ranges is not None else None
        with atomic_path(path) as temporary:
            if spliced is None:
                # Straight into the file: the paragraphs' CSV held in memory added to a run's peak.
                encode_into(table, temporary)
                size, crc, pieces = _found(Path(temporary), table, ranges)
            else:
                data, pieces = spliced
                with open(temporary, "wb") as target:
                    target.writelines(data)
                size, crc = sum(map(len, data)), _crc32(data)
        if pieces is not None:
            recorded[name] = {"size": size, "crc32": crc, "schema": _schema(table), "pieces": pieces}
    write_text(state_path(out), json.dumps({"arrow": pa.__version__, "tables": recorded}) + "\n")


def encoded(table: pa.Table, header: bool = True) -> bytes:
    """The table's CSV as `encode_into` writes it."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    encode_into(table, sink, header)
    return sink.getvalue().to_pybytes()


def encode_into(table: pa.Table, sink, header: bool = True) -> None:
    """The table's CSV into `sink` (a path or an Arrow stream): its text escaped as
    `cells.csv_table` says, True and False as words."""
    import pyarrow.csv as pa_csv

    from . import _booleans_as_words
    from .. import cells

    options = pa_csv.WriteOptions(include_header=header)
    pa_csv.write_csv(cells.csv_table(_booleans_as_words(table)), sink, options)


def _crc32(data: list[bytes | memoryview]) -> int:
    crc = 0
    for piece in data:
        crc = isal_zlib.crc32(piece, crc)
    return crc


def _schema(table: pa.Table) -> str:
    return table.schema.remove_metadata().to_string()


def _read_state(out: Path) -> dict[str, dict]:
    import pyarrow as pa

    try:
        state = json.loads(state_path(out).read_text(encoding="utf-8"))
        return state["tables"] if state["arrow"] == pa.__version__ else {}
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: every file encoded whole
        return {}


def _found(path: Path, table: pa.Table, ranges: dict[str, tuple[int, int]] | None) -> tuple[int, int, Pieces | None]:
    """The size and CRC-32 of the CSV at `path`, written whole from `table`, and where each
    document's rows are in it: a document's rows start at its doc_id, the first column, quoted, at
    the start of a line (a quote within a text value is doubled, so no value holds that). None for
    the pieces where a document's rows are not together, or a doc_id is escaped in the CSV."""
    from .. import cells

    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        size, crc = len(data), isal_zlib.crc32(data)
        names = list(ranges or ())
        if (
            ranges is None
            or table.schema.names[:1] != ["doc_id"]
            or any(cells.csv_text(name) != name or '"' in name for name in names)
        ):
            return size, crc, None
        starts, at = [], data.find(b"\n") + 1
        for doc_id in names:
            start = f'"{doc_id}",'.encode()
            if data[at : at + len(start)] != start:
                return size, crc, None
            starts.append(at)
            if len(starts) < len(names):
                at = data.find(f'\n"{names[len(starts)]}",'.encode(), at) + 1  # 0 where not found: no match next
    return size, crc, {doc_id: [start, end] for doc_id, start, end in zip(names, starts, [*starts[1:], size])}


def _spliced(
    path: Path, table: pa.Table, ranges: dict[str, tuple[int, int]], recorded: dict | None, changed: set[str] | None
) -> tuple[list[bytes | memoryview], Pieces] | None:
    """The file's bytes with the `changed` documents' rows encoded anew and the others' copied from
    the file as last written, and the pieces of the result; None where the file is not the one
    recorded, or the pieces do not cover every unchanged document, or none is unchanged."""
    if recorded is None or changed is None or not set(ranges) - changed:
        return None
    try:  # mapped, not read: the unchanged rows go from the page cache to the new file (17 MB of paragraphs)
        with open(path, "rb") as file:
            previous = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # ValueError: an empty file, which no recorded file is
        return None
    pieces = recorded.get("pieces", {})
    if recorded.get("schema") != _schema(table):  # a column typed otherwise: its values written otherwise
        return None
    if len(previous) != recorded.get("size") or _crc32([previous]) != recorded.get("crc32"):
        return None
    header = encoded(table.slice(0, 0))
    if previous[: len(header)] != header:
        return None
    data: list[bytes | memoryview] = [header]
    written, at = {}, len(header)
    for doc_id, (start, count) in ranges.items():
        if doc_id in changed:
            piece = encoded(table.slice(start, count), header=False)
        elif doc_id in pieces:
            piece = previous[slice(*pieces[doc_id])]
        else:
            return None
        data.append(piece)
        written[doc_id] = [at, at + len(piece)]
        at += len(piece)
    return data, written
