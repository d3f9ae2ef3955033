"""Write a comparison out: a workbook with native Excel charts, and the same charts as PNG files.

Every file is written to a temporary path and renamed (store.atomic_path).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.chart import BarChart, LineChart, Reference  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from . import cells, store  # noqa: E402
from .compare import CHANGES, GRADES, Comparison, summary  # noqa: E402

GRADE_COLOURS = {
    "outstanding": "#1b7837", "good": "#7fbf7b", "requires improvement": "#f1a340",
    "adequate": "#fee08b", "inadequate": "#d73027",
}  # fmt: skip
CHANGE_COLOURS = {"improved": "#1b7837", "same": "#bdbdbd", "declined": "#d73027"}
TOP_THEMES = 8


def write(comparison: Comparison, folder: Path) -> list[Path]:
    """`comparison.xlsx` and the PNG charts in `folder`; returns the paths written."""
    written = [_workbook(comparison, folder / "comparison.xlsx")]
    written.append(_stacked_png(_by_year(comparison.national), GRADES, GRADE_COLOURS,
                                f"{comparison.headline}: grades by year, England", folder / "grades_by_year.png"))  # fmt: skip
    written.append(_stacked_png(_by_region(comparison.regional), GRADES, GRADE_COLOURS,
                                f"{comparison.headline}: grades by region", folder / "grades_by_region.png"))  # fmt: skip
    written.append(_stacked_png(comparison.change_counts.set_index("series"), CHANGES, CHANGE_COLOURS,
                                "Change since the previous inspection", folder / "transitions.png"))  # fmt: skip
    if not comparison.themes.empty:
        written.append(_themes_png(_themes_wide(comparison.themes), folder / "themes_by_year.png"))
    return written


def _by_year(national: pd.DataFrame) -> pd.DataFrame:
    return national.set_index("year")[list(GRADES)]


def _by_region(regional: pd.DataFrame) -> pd.DataFrame:
    return regional.groupby("region")[list(GRADES)].sum()


def _themes_wide(themes: pd.DataFrame) -> pd.DataFrame:
    top = themes.groupby("theme")["items"].sum().sort_values(ascending=False).head(TOP_THEMES).index
    wide = themes[themes["theme"].isin(top)].pivot_table(index="year", columns="theme", values="items", fill_value=0)
    return wide[list(top)]


# --- workbook ---------------------------------------------------------------------------------


def _workbook(comparison: Comparison, path: Path) -> Path:
    book = Workbook()
    notes = book.active
    notes.title = "Summary"
    for line in summary(comparison):
        _append(notes, [line])
    notes.column_dimensions["A"].width = 100
    _sheet(book, "Timeline", comparison.grid)
    moves = _sheet(book, "Transitions", comparison.transitions)
    _chart_beside(moves, comparison.change_counts.set_index("series")[list(CHANGES)], "Change since the previous inspection", stacked=True)  # fmt: skip
    year = _sheet(book, "By year", _by_year(comparison.national).reset_index())
    _chart(year, len(comparison.national), len(GRADES), f"{comparison.headline}: grades by year", stacked=True)
    _sheet(book, "By year and region", comparison.regional)
    region = book.create_sheet("By region")
    _fill(region, _by_region(comparison.regional).reset_index())
    _chart(region, comparison.regional["region"].nunique(), len(GRADES), f"{comparison.headline}: grades by region", stacked=True)  # fmt: skip
    recurring = _sheet(book, "Recurring weaknesses", comparison.recurring)
    for column in ("E", "H"):
        recurring.column_dimensions[column].width = 70
        for cell in recurring[column][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if not comparison.themes.empty:
        wide = _themes_wide(comparison.themes)
        themes = _sheet(book, "Themes by year", wide.reset_index())
        _chart(themes, len(wide), wide.shape[1], "Improvement items by theme", line=True)
    with store.atomic_path(path) as temporary:
        book.save(temporary)
    return path


def _sheet(book: Workbook, title: str, frame: pd.DataFrame):
    sheet = book.create_sheet(title)
    _fill(sheet, frame)
    return sheet


def _fill(sheet, frame: pd.DataFrame) -> None:
    _append(sheet, [str(column) for column in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        _append(sheet, [_cell(value) for value in row])
    for number, column in enumerate(frame.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(40, max(10, len(str(column)) + 2))
    sheet.freeze_panes = "A2"


def _append(sheet, values: list) -> None:
    """A row whose text is always text (see `cells`): openpyxl would make `=...` a live formula."""
    sheet.append([cells.cleaned(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cells.is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _chart(sheet, rows: int, series: int, title: str, stacked: bool = False, line: bool = False,
           first: int = 1, anchor: str | None = None) -> None:
    """A native chart of a table on the sheet whose first column (`first`) holds the categories and
    whose next `series` columns the data."""
    if rows == 0:
        return
    chart = LineChart() if line else BarChart()
    if not line:
        chart.type = "col"
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
    chart.title, chart.height, chart.width = title, 9, 18
    data = Reference(sheet, min_col=first + 1, max_col=first + series, min_row=1, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=first, min_row=2, max_row=rows + 1))
    sheet.add_chart(chart, anchor or f"{get_column_letter(first + series + 2)}2")


def _chart_beside(sheet, table: pd.DataFrame, title: str, stacked: bool) -> None:
    """A small table to the right of a sheet's rows, charted below it."""
    first = sheet.max_column + 2
    frame = table.reset_index()
    for offset, column in enumerate(frame.columns):
        sheet.cell(row=1, column=first + offset, value=str(column)).font = Font(bold=True)
        for number, value in enumerate(frame[column], start=2):
            sheet.cell(row=number, column=first + offset, value=_cell(value))
    anchor = f"{get_column_letter(first)}{len(frame) + 4}"
    _chart(sheet, len(frame), len(table.columns), title, stacked=stacked, first=first, anchor=anchor)


# --- PNG --------------------------------------------------------------------------------------


def _stacked_png(table: pd.DataFrame, columns, colours: dict[str, str], title: str, path: Path) -> Path:
    table = table.reindex(columns=list(columns), fill_value=0)
    figure, axes = plt.subplots(figsize=(9, 4.5))
    if not table.empty:
        table.plot(kind="bar", stacked=True, ax=axes, color=[colours[c] for c in table.columns], width=0.8)
    axes.set_title(title)
    axes.set_xlabel("")
    axes.set_ylabel("judgements")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    return _save(figure, path)


def _themes_png(wide: pd.DataFrame, path: Path) -> Path:
    figure, axes = plt.subplots(figsize=(9, 4.5))
    wide.plot(ax=axes, marker="o")
    axes.set_title("Improvement items by theme")
    axes.set_ylabel("items")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False, fontsize="small")
    return _save(figure, path)


def _save(figure, path: Path) -> Path:
    figure.tight_layout()
    with store.atomic_path(path) as temporary:
        figure.savefig(temporary, format="png", dpi=110)
    plt.close(figure)
    return path
