"""The cells of a workbook's sheets, written as SpreadsheetML text into a workbook openpyxl saved.

openpyxl lays out everything around the cells (styles, column widths, tables, drop-downs,
conditional colours, page setup), but makes a Python object per cell: ~20,000 cells a second, so
the run's workbook (~120,000 cells) took 5 s to write however little had changed. Here each cell
is text, exactly what openpyxl's write-only mode writes for it (inline strings, style indexes,
hyperlinks as external relationships), a sheet's cells joined once into the sheet openpyxl saved
with its data left out. The parts are deflated by ISA-L, three times quicker than zlib at its
quickest and as small, into a zip written here (Python's `zipfile` deflates with zlib only).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import struct
import time
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

from isal import isal_zlib

_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.DOTALL)
# Elements a sheet may hold after <hyperlinks>, in the schema's order: the links go before the first.
_AFTER_HYPERLINKS = re.compile(
    r"<(printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|"
    r"ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|"
    r"tableParts|extLst)\b"
)


@lru_cache(maxsize=None)
def column_letter(number: int) -> str:
    """A column's letters (1 is A, 27 is AA), as openpyxl's `get_column_letter` gives them: written
    here so that a writer whose frames are kept loads no openpyxl (see `workbook.load_unless_kept`)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def serial(value: dt.date) -> float:
    """A date or time as Excel's serial number of days, as openpyxl's `to_excel` gives it (and for
    the same reason as `column_letter`): counted from 1899-12-30, a day less before 1 March 1900,
    as Excel counts a 29 February 1900 that never was."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment - _EXCEL_EPOCH).days
    if 0 < days <= 60:
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6
    return days + seconds / 86400


def text(value: str, style: int) -> str:
    """A cell of text in the cell format `style` (an index into the workbook's styles), as `cell`
    writes it: the part of its element after its reference."""
    if not value:
        return f'" s="{style}"/>'
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:  # kept: bare, it reads back as LF
        value = value.replace("\r", "&#13;")
    return f'" s="{style}" t="inlineStr"><is><t{space}>{value}</t></is></c>'


def cell(value: str | int | float | bool | dt.date | None, style: int) -> str:
    """A cell holding `value` in the cell format `style`: the part of its element after its
    reference (`<c r="B7`), which the sheet's writer puts before it. Empty where `value` is None,
    empty text or a number Excel has no way to hold (NaN, infinity)."""
    if isinstance(value, str):
        return text(value, style)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return f'" s="{style}"/>'
    if isinstance(value, bool):
        return f'" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'" s="{style}"><v>{serial(value)}</v></c>'
    return f'" s="{style}"><v>{value!r}</v></c>'


@dataclass(frozen=True)
class SheetCells:
    """A sheet's cells a column at a time, the first row first, each as `cell` writes it; each
    row's height in points; and the cells that open a URL, as (row, column, URL) numbered from 1
    and in that order."""

    columns: Sequence[Sequence[str]]
    heights: Sequence[float]
    links: Sequence[tuple[int, int, str]] = ()


def save(skeleton: BinaryIO, sheets: Sequence[SheetCells], path: Path) -> None:
    """Write to `path` the workbook openpyxl saved to `skeleton`, its N-th worksheet (`xl/worksheets/sheetN.xml`,
    as openpyxl names them) filled with `sheets[N-1]`."""
    save_parts(parts_of(skeleton), sheets, path)


def parts_of(skeleton: BinaryIO) -> dict[str, bytes]:
    """The files in a saved workbook, in their order, by name."""
    with zipfile.ZipFile(skeleton) as source:
        return {name: source.read(name) for name in source.namelist()}


def save_parts(skeleton: dict[str, bytes], sheets: Sequence[SheetCells], path: Path) -> None:
    """`save`, from a workbook's files as `parts_of` gives them."""
    names, parts = list(skeleton), dict(skeleton)
    filled = set()
    for number, cells in enumerate(sheets, start=1):
        sheet_name = f"xl/worksheets/sheet{number}.xml"
        rels_name = f"xl/worksheets/_rels/sheet{number}.xml.rels"
        rels = parts.get(rels_name, b"").decode("utf-8")
        links = _links(cells, first_id=rels.count("<Relationship ") + 1)
        parts[sheet_name] = _filled(parts[sheet_name].decode("utf-8"), cells, links).encode("utf-8")
        filled.add(sheet_name)
        if links:
            parts[rels_name] = _with_links(rels, links).encode("utf-8")
            filled.add(rels_name)
            if rels_name not in names:
                names.append(rels_name)
    with open(path, "wb") as target:
        _write_zip(target, [(name, parts[name], name not in filled) for name in names])


def _links(cells: SheetCells, first_id: int) -> list[tuple[str, str, str]]:
    """The sheet's links as (cell reference, relationship id, URL)."""
    return [
        (f"{column_letter(column)}{row}", f"rId{first_id + index}", url)
        for index, (row, column, url) in enumerate(cells.links)
    ]


def _filled(sheet: str, cells: SheetCells, links: list[tuple[str, str, str]]) -> str:
    """`sheet` (a worksheet's XML) with `cells` in its <sheetData> and `links` in its <hyperlinks>."""
    data = _SHEET_DATA.search(sheet)
    head, tail = sheet[: data.start()], sheet[data.end() :]
    if links:
        hyperlinks = "".join(f'<hyperlink ref="{reference}" r:id="{rid}"/>' for reference, rid, _ in links)
        after = _AFTER_HYPERLINKS.search(tail)
        at = after.start() if after else tail.rindex("</worksheet>")
        tail = f'{tail[:at]}<hyperlinks xmlns:r="{_R}">{hyperlinks}</hyperlinks>{tail[at:]}'
    return "".join(chain((head, "<sheetData>"), _rows(cells), ("</sheetData>", tail)))


def _rows(cells: SheetCells) -> Iterator[str]:
    """The pieces of the sheet's rows in order, a cell's being its column's start (`<c r="B`), its
    row's number and the rest of it as `cell` wrote it: joined once, with no string made per cell."""
    numbers = [str(number) for number in range(1, len(cells.heights) + 1)]
    pieces: list[Iterable[str]] = [
        [f'<row r="{number}" ht="{height:g}" customHeight="1">' for number, height in zip(numbers, cells.heights)]
    ]
    for letter, column in enumerate(cells.columns, start=1):
        pieces += [repeat(f'<c r="{column_letter(letter)}'), numbers, column]
    return chain.from_iterable(zip(*pieces, repeat("</row>")))


def _with_links(rels: str, links: list[tuple[str, str, str]]) -> str:
    added = "".join(
        f'<Relationship Type="{_HYPERLINK}" Target="{escape(url, _ATTRIBUTE_ESCAPES)}" TargetMode="External" Id="{rid}"/>'
        for _, rid, url in links
    )
    if not rels:
        rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    at = rels.rindex("</Relationships>")
    return rels[:at] + added + rels[at:]


def _deflated(contents: bytes) -> tuple[int, bytes]:
    """The CRC-32 of `contents`, and `contents` deflated."""
    deflater = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)
    return isal_zlib.crc32(contents), deflater.compress(contents) + deflater.flush()


# A frame's parts other than its sheets (styles, theme, tables, properties: 7,621 of the 12,495
# parts of the dev corpus and letters' 543 workbooks) are the same in every workbook of its layout,
# or of its row counts: each deflated once (638 times), not once per workbook (0.04 of the 0.27 CPU s
# of deflating every part).
_deflated_once = lru_cache(maxsize=256)(_deflated)


# A zip's records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16), as Python's `zipfile` writes them for a file
# added with `writestr`: made on Unix by version 2.0, read-write for its owner, deflated, no extras.
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION, _UNIX, _DEFLATED, _OWNER_READ_WRITE = 20, 3, 8, 0o600 << 16


def _write_zip(target: BinaryIO, files: Sequence[tuple[str, bytes, bool]]) -> None:
    """`files` (name, contents, whether they are the frame's own) as a zip at `target`, each deflated
    at ISA-L's level 1: a run's workbooks are ~100 MB of XML, which zlib's quickest level took 0.6 s
    of CPU to deflate, ISA-L 0.2 s, and to a slightly smaller size."""
    now = time.localtime()
    stamp = (
        now.tm_hour << 11 | now.tm_min << 5 | now.tm_sec // 2,
        (now.tm_year - 1980) << 9 | now.tm_mon << 5 | now.tm_mday,
    )
    central, offset = [], 0
    for name, contents, framed in files:
        crc, packed = _deflated_once(contents) if framed else _deflated(contents)
        encoded = name.encode("ascii")
        sizes = (crc, len(packed), len(contents), len(encoded))
        target.write(_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, _DEFLATED, *stamp, *sizes, 0) + encoded)
        target.write(packed)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _UNIX << 8 | _VERSION,
                _VERSION,
                0,
                _DEFLATED,
                *stamp,
                *sizes,
                0,
                0,
                0,
                0,
                _OWNER_READ_WRITE,
                offset,
            )
            + encoded
        )
        offset += _LOCAL.size + len(encoded) + len(packed)
    directory = b"".join(central)
    target.write(directory + _END.pack(b"PK\x05\x06", 0, 0, len(files), len(files), len(directory), offset, 0))
