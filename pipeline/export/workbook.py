"""One workbook written: openpyxl lays out its frame (styles, widths, tables, drop-downs, page
setup) once per layout, and `spreadsheetml` writes its cells."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import io
import os
import pickle
import re
import warnings
from copy import copy
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .. import cells, store
from ..schema import Grade
from ..store import manifest
from . import spreadsheetml
from .sheets import Column, Format, Sheet

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import NamedStyle

RAG_CHOICES = ("Red", "Amber", "Green", "Complete")
EXCEL_CELL_LIMIT = 32_767

# Ofsted's own colours are not fixed across eras; these follow the usual RAG reading of grades.
_GRADE_FILLS = {
    Grade.OUTSTANDING: "C6EFCE",
    Grade.GOOD: "E2EFDA",
    Grade.REQUIRES_IMPROVEMENT: "FFEB9C",
    Grade.ADEQUATE: "FFEB9C",
    Grade.INADEQUATE: "FFC7CE",
}
_RAG_FILLS = {"Red": "FFC7CE", "Amber": "FFEB9C", "Green": "C6EFCE", "Complete": "BDD7EE"}


def write_workbook(path: Path, sheets: Sequence[Sheet], frames: Path | None = None) -> Path:
    """openpyxl saves the workbook's frame (styles, widths, tables, drop-downs, page setup), once
    for each layout (see `_frame`), kept in the folder `frames` where given; the cells are written
    by `spreadsheetml`, six to ten times quicker than a Python object per cell."""
    layout = tuple((sheet.title, sheet.columns, sheet.printed_columns, sheet.frozen_columns) for sheet in sheets)
    frame = _frame(layout, frames)
    cells = [_sheet_cells(sheet, frame.styles) for sheet in sheets]
    with store.atomic_path(path) as temporary:
        spreadsheetml.save_parts(frame.for_rows([len(sheet.rows) for sheet in sheets]), cells, temporary)
    return path


# The frame is saved with sheet N holding _ROWS_STANDIN + N rows, a number no sheet of ours reaches
# and no other part of the frame holds, which each workbook's own row counts then replace.
_ROWS_STANDIN = 1_040_000


@dataclass(frozen=True)
class _Frame:
    parts: dict[str, bytes]  # the frame's files, as `spreadsheetml.parts_of` reads them
    styles: _CellMaker
    counted: tuple[str, ...]  # the parts that hold row counts (the others are the same in every workbook)

    def for_rows(self, rows: Sequence[int]) -> dict[str, bytes]:
        """The frame for sheets of `rows` rows each (their header aside). The print area ends at
        the last row; a table, its drop-downs and colours at least one row below the header."""
        parts = dict(self.parts)
        for name in self.counted:
            part = parts[name]
            for number, count in enumerate(rows, start=1):
                last = count + 1 if name == "xl/workbook.xml" else max(2, count + 1)
                part = part.replace(str(_ROWS_STANDIN + number + 1).encode(), str(last).encode())
            parts[name] = _ONE_CELL_RANGE.sub(rb'sqref="\1"', part)
        return parts


# openpyxl writes a drop-down's or a colour rule's cells "R2", not "R2:R2", where a sheet has one row.
_ONE_CELL_RANGE = re.compile(rb'sqref="([A-Z]+[0-9]+):\1"')


@lru_cache(maxsize=32)
def _frame(layout: tuple[tuple[str, tuple[Column, ...], int | None, int], ...], frames: Path | None = None) -> _Frame:
    """The frame of a workbook of sheets of `layout` (title, columns, printed and frozen columns): ~300
    report workbooks share a handful of layouts, and openpyxl takes most of a workbook's time to
    lay one out (its styles, tables and page setup as XML). Kept in the folder `frames` (where
    given) for later runs: a run that adds one report would otherwise load openpyxl (0.1 CPU s)
    and lay out its two layouts again (0.03 CPU s apiece)."""
    kept = frames / _frame_name(layout) if frames is not None else None
    if kept is not None and kept.exists():
        try:
            return _stamped_now(pickle.loads(kept.read_bytes()))
        except Exception:  # damaged: laid out again, and kept anew
            pass
    frame = _laid_out(layout)
    if kept is not None:
        version = kept.name.split("-")[0]
        for older in frames.glob("*.pickle"):  # frames of other versions of the pipeline or of openpyxl
            if not older.name.startswith(f"{version}-"):
                older.unlink(missing_ok=True)
        store.write_bytes(kept, pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
    return frame


def _laid_out(layout: tuple[tuple[str, tuple[Column, ...], int | None, int], ...]) -> _Frame:
    """The frame of `layout`, laid out by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for style in _named_styles():
        workbook.add_named_style(style)
    styles = _CellMaker(workbook)
    for number, (title, columns, printed_columns, frozen_columns) in enumerate(layout, start=1):
        standin = Sheet(title, columns, printed_columns=printed_columns, frozen_columns=frozen_columns)
        _frame_sheet(workbook.create_sheet(title), standin, table_name=f"Table{number}", rows=_ROWS_STANDIN + number)
    saved = io.BytesIO()
    workbook.save(saved)
    parts = spreadsheetml.parts_of(saved)
    standins = [str(_ROWS_STANDIN + number + 1).encode() for number in range(1, len(layout) + 1)]
    counted = tuple(name for name, part in parts.items() if any(standin in part for standin in standins))
    return _Frame(parts, styles, counted)


# When a workbook was made and last changed, as openpyxl writes them when it saves the frame.
_MADE = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*")


def _stamped_now(frame: _Frame) -> _Frame:
    """A kept frame made now, as one laid out in this run is: its workbooks say when they were written."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    core = _MADE.sub(lambda made: made.group(1) + now, frame.parts["docProps/core.xml"])
    return replace(frame, parts={**frame.parts, "docProps/core.xml": core})


@cache
def _openpyxl_version() -> str:
    """openpyxl's version, read without loading it."""
    from importlib import metadata

    return metadata.version("openpyxl")


def _versions() -> str:
    """The versions that lay out a frame (the pipeline's, openpyxl's), as a kept frame's name begins."""
    return hashlib.sha256(f"{manifest.pipeline_version()} {_openpyxl_version()}".encode()).hexdigest()[:16]


def _frame_name(layout: tuple) -> str:
    """A kept frame's file: named by the versions that lay it out and its layout."""
    return f"{_versions()}-{hashlib.sha256(repr(layout).encode()).hexdigest()[:32]}.pickle"


def load_unless_kept(frames: Path) -> None:
    """openpyxl loaded now, where the folder `frames` holds no frame of these versions: before a
    run's writer processes are forked, each of which would otherwise load it to lay frames out."""
    if not (frames.is_dir() and any(name.startswith(f"{_versions()}-") for name in os.listdir(frames))):
        importlib.import_module("openpyxl")


def _named_styles() -> list[NamedStyle]:
    """Fills and borders are on the cells, not only in the table style, so the sheet still reads
    as a grid where a table style is not drawn (LibreOffice, printing)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    edge = Side(style="thin", color="BFBFBF")
    grid = Border(left=edge, right=edge, top=edge, bottom=edge)
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    styles = [
        NamedStyle("text", alignment=top, border=grid),
        NamedStyle("wrapped", alignment=wrapped, border=grid),
        NamedStyle("number", alignment=top, border=grid),
        NamedStyle("date", alignment=top, border=grid, number_format="d mmm yyyy"),
        NamedStyle("link", alignment=top, border=grid, font=Font(color="0563C1", underline="single")),
        NamedStyle(
            "header",
            alignment=Alignment(wrap_text=True, vertical="center"),
            border=grid,
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F4E78"),
        ),
    ]
    styles += [
        NamedStyle(f"grade-{grade.value}", alignment=top, border=grid, fill=PatternFill("solid", fgColor=colour))
        for grade, colour in _GRADE_FILLS.items()
    ]
    return styles


def _frame_sheet(worksheet, sheet: Sheet, table_name: str, rows: int) -> None:
    """Everything about a sheet of `rows` rows (the header aside) but its cells."""
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[spreadsheetml.column_letter(index)].width = column.width
    worksheet.freeze_panes = f"{spreadsheetml.column_letter(sheet.frozen_columns + 1)}2"
    set_print(worksheet, sum(column.width for column in sheet.columns[: sheet.printed_columns]), sheet.frozen_columns)
    if sheet.printed_columns:
        worksheet.print_area = f"A1:{spreadsheetml.column_letter(sheet.printed_columns)}{rows + 1}"

    last_row = max(2, rows + 1)  # a table needs one data row, even a blank one
    last_column = spreadsheetml.column_letter(len(sheet.columns))
    table = Table(
        displayName=table_name,
        ref=f"A1:{last_column}{last_row}",
        tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
    )
    table.tableColumns = [TableColumn(id=i, name=c.header) for i, c in enumerate(sheet.columns, start=1)]
    with warnings.catch_warnings():  # the columns are named above, as write-only mode requires
        warnings.simplefilter("ignore")
        worksheet.add_table(table)
    for index, column in enumerate(sheet.columns, start=1):
        if column.format is Format.RAG:
            _add_rag(worksheet, f"{spreadsheetml.column_letter(index)}2:{spreadsheetml.column_letter(index)}{last_row}")


# Column-width units that fit across landscape A4 at a readable size: about 122 at 100% in Calibri
# (640 points within Excel's margins), and about as many at 75% in LibreOffice's fallback, a third
# wider; at 200 the Errors sheet printed at 6 points.
_A4_WIDTH = 120
# Column-width units that fit across landscape A3 at a readable size. A unit is about 5.25 points
# (a digit of Calibri 11), so 215 fill the page (1,133 points within 0.4 inch margins) at 100%;
# LibreOffice's fallback where Calibri and Carlito are missing is a third wider and prints them at
# READABLE_SCALE (at 250, the comparison's By year sheet printed at 7.3 points).
_A3_WIDTH = 215
READABLE_SCALE = 75  # per cent: 11-point text printed at 8 points


def set_print(worksheet, width: float, frozen_columns: int) -> None:
    """How a sheet `width` column-width units wide prints: landscape, the header on every page; one
    page wide where that leaves its text readable, on A3 where A4 would not."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.worksheet import Worksheet

    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A3 if width > _A4_WIDTH else Worksheet.PAPERSIZE_A4
    worksheet.print_title_rows = "1:1"
    if width > _A3_WIDTH:
        # Fitted one page wide, the action plan's 25 columns printed at 3 points. Too wide for one
        # page at a readable size, a sheet prints at a fixed scale (a fit's scale depends on the
        # printing machine's fonts) on as many pages across as it takes, across then down: a band
        # of rows comes out on consecutive pages to lay side by side, each page repeating the
        # frozen columns, which say whose row it is (the action plan's Ref, council, report, area).
        worksheet.page_setup.scale = READABLE_SCALE
        worksheet.page_setup.pageOrder = "overThenDown"
        if frozen_columns:
            worksheet.print_title_cols = f"A:{spreadsheetml.column_letter(frozen_columns)}"
        worksheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    else:
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True


def _lines(values: Sequence[Any], width: int) -> list[int]:
    """How many lines each of a wrapped column's `values` takes, at about 1.1 characters a unit of
    column width. Neither LibreOffice nor every Excel fits a row to wrapped text on opening, so
    its height is estimated from the text."""
    per_line = max(1, int(width * 1.1))
    return [
        (
            sum(-(-len(part) // per_line) or 1 for part in value.split("\n"))
            if "\n" in value
            else -(-len(value) // per_line) or 1
        )
        if isinstance(value, str)
        else 1
        for value in values
    ]


def _height(lines: int) -> float:
    return min(409.0, 15.0 * lines)  # 15 points a line; 409 points is Excel's tallest row


def _add_rag(worksheet, cells: str) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(RAG_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="RAG status",
        error=f"Choose one of: {', '.join(RAG_CHOICES)}.",
    )
    choices.add(cells)
    worksheet.data_validations.append(choices)
    for choice, colour in _RAG_FILLS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        worksheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{choice}"'], fill=fill))


def _sheet_cells(sheet: Sheet, styles: _CellMaker) -> spreadsheetml.SheetCells:
    """The sheet's cells, a column at a time: most of a column's cells repeat another's, and are
    made once (see `_CellMaker.maker`). A row is as tall as its longest wrapped text; the header
    row wraps every column."""
    columns, lines, links = [], [], []
    headers, header_lines = styles.headers(sheet.columns)
    for number, (column, header) in enumerate(zip(sheet.columns, headers), start=1):
        values = [row.get(column.key) for row in sheet.rows]
        made, make = styles.maker(column.format)
        columns.append([header, *[made[v] if v in made else make(v) for v in values]])
        if column.format is Format.WRAPPED:
            lines.append(_lines(values, column.width))
        elif column.format is Format.LINK:
            links += [(row, number, link.target) for row, link in enumerate(values, start=2) if link and link.target]
    ones = [1] * len(sheet.rows)
    heights = [_height(header_lines) + 15, *map(_height, map(max, *lines, ones) if lines else ones)]  # bold header
    return spreadsheetml.SheetCells(columns, heights, sorted(links))


class _CellMaker:
    """Each cell's value and style, as `spreadsheetml.cell` writes them. Report text is always
    stored as text, never a formula (see `cells`)."""

    def __init__(self, workbook: Workbook) -> None:
        # A style's index is where openpyxl registers its array: the index it would give a cell
        # of that style when saving.
        arrays = {style.name: style.as_tuple() for style in workbook._named_styles}
        self.ids = {name: workbook._cell_styles.add(array) for name, array in arrays.items()}
        self.quoted = {}
        for name, array in arrays.items():
            quoted = copy(array)
            quoted.quotePrefix = True  # stays text when someone edits the cell in Excel
            self.quoted[name] = workbook._cell_styles.add(quoted)
        self._ready()

    def _ready(self) -> None:
        self._makers = {format: self._maker(format) for format in Format}
        self._headers: dict[tuple[Column, ...], tuple[tuple[str, ...], int]] = {}

    # Kept with its frame (see `_frame`) as the style indexes alone: the rest is made from them.
    def __getstate__(self) -> dict[str, dict[str, int]]:
        return {"ids": self.ids, "quoted": self.quoted}

    def __setstate__(self, state: dict[str, dict[str, int]]) -> None:
        self.ids, self.quoted = state["ids"], state["quoted"]
        self._ready()

    def headers(self, columns: tuple[Column, ...]) -> tuple[tuple[str, ...], int]:
        """The header cells of a sheet of `columns`, and the lines the longest header wraps to:
        made once for the many sheets of a layout."""
        found = self._headers.get(columns)
        if found is None:
            cells = tuple(self.text(column.header, "header") for column in columns)
            lines = max((_lines([column.header], column.width)[0] for column in columns), default=1)
            found = self._headers[columns] = (cells, lines)
        return found

    def maker(self, format: Format) -> tuple[dict[Any, str], Callable[[Any], str]]:
        """The cells of a column of `format`: those made so far by value (None and empty text made
        at the start), and what makes another, adding it there where it may be made once for all
        its repeats (a council, a theme, a page, a date). Numbers are always made anew: 1, 1.0 and
        True are one key to a dict but three cells to Excel."""
        empty, make, kept = self._makers[format]
        made = {None: empty, "": empty}
        return made, make if kept is None else _remembered(made, make, kept)

    def _maker(self, format: Format) -> tuple[str, Callable[[Any], str], type | None]:
        """A column of `format`'s empty cell, what makes its other cells, and the type of the
        values whose cells may be remembered (None: none)."""
        # Drawn empty, so the grid and the RAG column show.
        empty = spreadsheetml.cell(None, self.ids["number" if format is Format.NUMBER else "wrapped"])
        if format is Format.NUMBER:
            number = self.ids["number"]
            return empty, lambda value: spreadsheetml.cell(value, number), None
        if format is Format.LINK:
            return empty, lambda link: self.text(link.text, "link" if link.target else "text"), object
        if format is Format.GRADE:
            return empty, lambda value: self.text(Grade(value).official, f"grade-{Grade(value).value}"), object
        if format is Format.DATE:
            date = self.ids["date"]
            return (
                empty,
                lambda value: spreadsheetml.cell(
                    value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)), date
                ),
                object,
            )
        style = "wrapped" if format in (Format.WRAPPED, Format.RAG) else "text"
        plain = self.ids[style]
        return (
            empty,
            lambda value: self.text(value, style) if isinstance(value, str) else spreadsheetml.cell(value, plain),
            str,
        )

    def text(self, value: str, style: str) -> str:
        value = cells.cleaned(value)[:EXCEL_CELL_LIMIT]
        return spreadsheetml.text(value, (self.quoted if cells.is_formula_like(value) else self.ids)[style])


def _remembered(made: dict[Any, str], make: Callable[[Any], str], kept: type) -> Callable[[Any], str]:
    """`make`, adding to `made` the cell it makes for a value of type `kept`."""

    def remembered(value: Any) -> str:
        cell = make(value)
        if isinstance(value, kept):
            made[value] = cell
        return cell

    return remembered
