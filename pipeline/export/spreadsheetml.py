"""The cells of a workbook's sheets, written as SpreadsheetML text into a workbook openpyxl saved.

openpyxl lays out everything around the cells (styles, column widths, tables, drop-downs,
conditional colours, page setup), but makes a Python object per cell: ~20,000 cells a second, so
the run's workbook (~120,000 cells) took 5 s to write however little had changed. Here each cell
is one formatted string, exactly what openpyxl's write-only mode writes for it (inline strings,
style indexes, hyperlinks as external relationships), spliced into the sheet openpyxl saved with
its data left out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Sequence
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

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


# A cell: its value, the index of its cell format in the workbook's styles, and a URL it opens (or
# None). A plain tuple: a run's workbook makes ~120,000 of them.
Cell = tuple[str | int | float | bool | dt.date | None, int, str | None]


@dataclass
class SheetCells:
    """A sheet's rows of cells, the first row first, each row with its height in points."""

    rows: list[Sequence[Cell]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)

    def append(self, cells: Sequence[Cell], height: float) -> None:
        self.rows.append(cells)
        self.heights.append(height)


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
    # The quickest compression: a third larger than the default, three times quicker to write.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for number, cells in enumerate(sheets, start=1):
            sheet_name = f"xl/worksheets/sheet{number}.xml"
            rels_name = f"xl/worksheets/_rels/sheet{number}.xml.rels"
            rels = parts.get(rels_name, b"").decode("utf-8")
            body, links = _sheet_data(cells, first_id=rels.count("<Relationship ") + 1)
            parts[sheet_name] = _filled(parts[sheet_name].decode("utf-8"), body, links).encode("utf-8")
            if links:
                parts[rels_name] = _with_links(rels, links).encode("utf-8")
                if rels_name not in names:
                    names.append(rels_name)
        for name in names:
            target.writestr(name, parts[name])


def _sheet_data(cells: SheetCells, first_id: int) -> tuple[str, list[tuple[str, str, str]]]:
    """The sheet's <sheetData>, and its links as (cell reference, relationship id, URL)."""
    letters = [get_column_letter(n) for n in range(1, 1 + max((len(row) for row in cells.rows), default=0))]
    links: list[tuple[str, str, str]] = []
    out = ["<sheetData>"]
    for number, (row, height) in enumerate(zip(cells.rows, cells.heights), start=1):
        out.append(f'<row r="{number}" ht="{height:g}" customHeight="1">')
        for letter, cell in zip(letters, row):
            reference = f"{letter}{number}"
            out.append(_cell(reference, cell))
            if cell[2]:
                links.append((reference, f"rId{first_id + len(links)}", cell[2]))
        out.append("</row>")
    out.append("</sheetData>")
    return "".join(out), links


def _cell(reference: str, cell: Cell) -> str:
    value, style, _ = cell
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):  # Excel has no NaN
        return f'<c r="{reference}" s="{style}"/>'
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t{space}>{_escaped(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{reference}" s="{style}"><v>{to_excel(value)}</v></c>'
    return f'<c r="{reference}" s="{style}"><v>{value!r}</v></c>'


def _escaped(text: str) -> str:
    """`xml.sax.saxutils.escape`, in a quarter of the time, and a CR kept (bare, it reads back as LF)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def _filled(sheet: str, body: str, links: list[tuple[str, str, str]]) -> str:
    sheet = _SHEET_DATA.sub(lambda _: body, sheet, count=1)
    if not links:
        return sheet
    hyperlinks = "".join(f'<hyperlink ref="{reference}" r:id="{rid}"/>' for reference, rid, _ in links)
    element = f'<hyperlinks xmlns:r="{_R}">{hyperlinks}</hyperlinks>'
    after = _AFTER_HYPERLINKS.search(sheet, sheet.index("</sheetData>"))
    at = after.start() if after else sheet.rindex("</worksheet>")
    return sheet[:at] + element + sheet[at:]


def _with_links(rels: str, links: list[tuple[str, str, str]]) -> str:
    added = "".join(
        f'<Relationship Type="{_HYPERLINK}" Target="{escape(url, _ATTRIBUTE_ESCAPES)}" TargetMode="External" Id="{rid}"/>'
        for _, rid, url in links
    )
    if not rels:
        rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    at = rels.rindex("</Relationships>")
    return rels[:at] + added + rels[at:]
