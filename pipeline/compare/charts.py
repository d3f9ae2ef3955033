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
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string  # noqa: E402
from openpyxl.worksheet.table import Table, TableStyleInfo  # noqa: E402

from .. import cells, store  # noqa: E402
from . import CHANGES, GRADES, Comparison, summary  # noqa: E402
from ..export.workbook import set_print  # noqa: E402
from ..schema import Grade  # noqa: E402

# Ofsted's colours: outstanding dark green, good light green, requires improvement amber (the
# pre-2014 adequate, which sits with it, a paler amber), inadequate red. Set on every chart series:
# a chart left to the spreadsheet's own palette drew good red and requires improvement green.
GRADE_COLOURS = {
    "outstanding": "#00703c",
    "good": "#8cc63f",
    "requires improvement": "#f7a600",
    "adequate": "#ffd966",
    "inadequate": "#d4351c",
}
CHANGE_COLOURS = {"improved": "#00703c", "same": "#bdbdbd", "declined": "#d4351c"}
CELL_FILLS = {
    "outstanding": "C6EFCE",
    "good": "E2EFDA",
    "requires improvement": "FFEB9C",
    "adequate": "FFEB9C",
    "inadequate": "FFC7CE",
    "improved": "C6EFCE",
    "declined": "FFC7CE",
}
TOP_THEMES = 8
SCOPE = "councils in this run"  # never "England": a run holds the councils its input held


def write(comparison: Comparison, folder: Path) -> list[Path]:
    """`comparison.xlsx` and the PNG charts in `folder`; returns the paths written."""
    written = [_workbook(comparison, folder / "comparison.xlsx")]
    written.append(
        _stacked_png(
            _by_year(comparison),
            GRADES,
            GRADE_COLOURS,
            f"{_words(comparison.headline)}: share of grades by year, {SCOPE}",
            folder / "grades_by_year.png",
            shares=True,
        )
    )
    written.append(
        _stacked_png(
            _by_region(comparison.regional),
            GRADES,
            GRADE_COLOURS,
            f"{_words(comparison.headline)}: share of grades by region, {SCOPE}",
            folder / "grades_by_region.png",
            shares=True,
        )
    )
    written.append(
        _stacked_png(
            comparison.change_counts.set_index("series"),
            CHANGES,
            CHANGE_COLOURS,
            "Change since the previous inspection",
            folder / "transitions.png",
        )
    )
    if not comparison.themes.empty:
        written.append(_themes_png(_themes_wide(comparison.themes), folder / "themes_by_year.png"))
    timeline = _council_timeline(comparison)
    if not timeline.empty:
        written.append(_timeline_png(timeline, _words(comparison.headline), folder / "council_timeline.png"))
    return written


def _by_year(comparison: Comparison) -> pd.DataFrame:
    """Counts by year; the last year, cut short where the run's inspections stop, says so."""
    counts = comparison.national.set_index("year")[list(GRADES)]
    last = comparison.last_inspection
    if last is not None and (last.month, last.day) != (12, 31):
        counts = counts.rename(index={last.year: f"{last.year} (part, to {last.day} {last:%b})"})
    counts.index = counts.index.map(str)
    return counts


def _shares(counts: pd.DataFrame) -> pd.DataFrame:
    totals = counts.sum(axis=1).replace(0, 1)
    return counts.div(totals, axis=0).round(3)


def _council_timeline(comparison: Comparison) -> pd.DataFrame:
    """With councils chosen: each one's headline grade at every inspection, as a rank (1 outstanding
    to 4 inadequate), one column per council."""
    grid = comparison.grid
    if not comparison.filters.councils or grid.empty or comparison.headline not in grid:
        return pd.DataFrame()
    graded = grid[grid[comparison.headline].notna()]
    ranks = graded.assign(rank=[Grade(grade).rank for grade in graded[comparison.headline]])
    wide = ranks.pivot_table(index="started", columns="council", values="rank", aggfunc="first")
    wide.index = wide.index.map(str)
    return wide


def _by_region(regional: pd.DataFrame) -> pd.DataFrame:
    return regional.groupby("region")[list(GRADES)].sum()


def _themes_wide(themes: pd.DataFrame) -> pd.DataFrame:
    """Items per report of the most frequent themes, by year: per report, so eras compare."""
    top = themes.groupby("theme")["items"].sum().sort_values(ascending=False).head(TOP_THEMES).index
    wide = themes[themes["theme"].isin(top)].pivot_table(
        index="year", columns="theme", values="per_report", fill_value=0
    )
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
    timeline = _council_timeline(comparison)
    if not timeline.empty:
        councils = _sheet(
            book, "Council timeline", timeline.reset_index().rename(columns={"started": "inspection started"})
        )
        _chart(
            councils,
            len(timeline),
            timeline.shape[1],
            f"{_words(comparison.headline)} at each inspection (1 outstanding, 4 inadequate)",
            line=True,
            ranks=True,
        )
    moves = _sheet(book, "Transitions", comparison.transitions)
    _chart_below(
        moves,
        comparison.change_counts.set_index("series")[list(CHANGES)],
        "Change since the previous inspection",
        stacked=True,
        colours=[CHANGE_COLOURS[c] for c in CHANGES],
    )
    counts = _by_year(comparison)
    shares = _shares(counts).add_prefix("share ")
    year = _sheet(
        book, "By year", pd.concat([counts, counts.sum(axis=1).rename("total"), shares], axis=1).reset_index()
    )
    _grade_shares_chart(year, len(counts), f"{_words(comparison.headline)}: share of grades by year, {SCOPE}")
    _sheet(book, "By year and region", comparison.regional)
    by_region = _by_region(comparison.regional)
    region = _sheet(
        book, "By region", pd.concat([by_region, _shares(by_region).add_prefix("share ")], axis=1).reset_index()
    )
    _grade_shares_chart(region, len(by_region), f"{_words(comparison.headline)}: share of grades by region, {SCOPE}")
    _sheet(book, "Recurring weaknesses", comparison.recurring)
    if not comparison.themes.empty:
        wide = _themes_wide(comparison.themes)
        themes = _sheet(book, "Themes by year", wide.reset_index())
        _chart(themes, len(wide), wide.shape[1], "Improvement items per report, by theme", line=True)
    for sheet in book.worksheets:
        _print_setup(sheet)
    with store.atomic_path(path) as temporary:
        book.save(temporary)
    return path


_CHART_WIDTH = 97  # column-width units: a chart is 18 cm wide
_DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody set


def _print_setup(sheet) -> None:
    """Printed as the report workbooks are (`set_print`): one page wide where that is readable, else
    at a readable scale across pages, the first column (the council, the year) on each. A chart
    counts to where its right edge stands."""
    widths = [
        sheet.column_dimensions[get_column_letter(i)].width or _DEFAULT_WIDTH for i in range(1, sheet.max_column + 1)
    ]
    right = sum(widths)
    for chart in sheet._charts:
        column = column_index_from_string(coordinate_from_string(chart.anchor)[0])
        right = max(right, sum(widths[: column - 1]) + _DEFAULT_WIDTH * max(0, column - 1 - len(widths)) + _CHART_WIDTH)
    set_print(sheet, right, frozen_columns=1 if sheet.freeze_panes else 0)


def _sheet(book: Workbook, title: str, frame: pd.DataFrame):
    sheet = book.create_sheet(title)
    _fill(sheet, frame)
    return sheet


def _fill(sheet, frame: pd.DataFrame) -> None:
    """The frame as a filterable table: readable headers, columns as wide as their text (long text
    wrapped), grades and changes on their colours."""
    _append(sheet, [_words(str(column)) for column in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in frame.itertuples(index=False):
        _append(sheet, [_cell(value) for value in row])
    header_lines = 1
    row_lines = [1] * len(frame)
    for number, column in enumerate(frame.columns, start=1):
        header = _words(str(column))
        values = [len(str(v)) for v in frame[column].head(500) if _cell(v) is not None]
        width = min(60, max(10, max(header.split(), key=len, default="").__len__() + 3, max(values, default=0) + 2))
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = width
        header_lines = max(header_lines, -(-len(header) // int(width)))
        if max(values, default=0) > 60:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            # ~1.2 characters of text to a unit of column width; a line more for where words break
            lines = [1 + len(str(value)) // int(width * 1.2) for value in frame[column]]
            row_lines = [max(have, need) for have, need in zip(row_lines, lines)]
        if str(column).startswith("share "):
            for cell in sheet[letter][1:]:
                cell.number_format = "0%"
    # LibreOffice does not grow a row to its wrapped text, and Excel only once the row is edited
    sheet.row_dimensions[1].height = 15 * header_lines
    for number, lines in enumerate(row_lines, start=2):
        if lines > 1:
            sheet.row_dimensions[number].height = 15 * lines
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.alignment.wrap_text, vertical="top")  # a row reads across
            if isinstance(cell.value, str) and cell.value in CELL_FILLS:
                cell.fill = PatternFill("solid", fgColor=CELL_FILLS[cell.value])
    sheet.freeze_panes = "B2"
    if len(frame) and frame.shape[1]:
        name = "".join(part.capitalize() for part in sheet.title.split())
        ref = f"A1:{get_column_letter(frame.shape[1])}{len(frame) + 1}"
        sheet.add_table(
            Table(
                displayName=name, ref=ref, tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
            )
        )


def _words(name: str) -> str:
    """'overall_effectiveness' -> 'Overall effectiveness'."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


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


def _chart(
    sheet,
    rows: int,
    series: int,
    title: str,
    stacked: bool = False,
    line: bool = False,
    top: int = 1,
    anchor: str | None = None,
    colours: list[str] | None = None,
    ranks: bool = False,
) -> None:
    """A native chart of a table on the sheet whose first column holds the categories and whose next
    `series` columns the data, its header on row `top`. `stacked` bars are drawn as shares (100% stacked);
    `colours` set each series' colour; `ranks` puts grade 1 (outstanding) at the top."""
    if rows == 0:
        return
    chart = LineChart() if line else BarChart()
    if not line:
        chart.type = "col"
        if stacked:
            chart.grouping, chart.overlap = "percentStacked", 100
    chart.title, chart.height, chart.width = title, 9, 18
    data = Reference(sheet, min_col=2, max_col=1 + series, min_row=top, max_row=top + rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 1, max_row=top + rows))
    for drawn, colour in zip(chart.series, colours or ()):
        drawn.graphicalProperties.solidFill = colour.lstrip("#")
        drawn.graphicalProperties.line.solidFill = colour.lstrip("#")
    if ranks:
        chart.dispBlanksAs = "span"  # councils are inspected on different days: join each one's points
        chart.y_axis.scaling.min, chart.y_axis.scaling.max, chart.y_axis.majorUnit = 1, 4, 1
        chart.y_axis.scaling.orientation = "maxMin"
        for drawn in chart.series:
            drawn.marker.symbol = "circle"
    chart.x_axis.delete = chart.y_axis.delete = False  # LibreOffice and newer Excel hide them otherwise
    # Below its table: beside it, a wide table would leave the chart to be cut across printed pages.
    sheet.add_chart(chart, anchor or f"A{sheet.max_row + 3}")


def _grade_shares_chart(sheet, rows: int, title: str) -> None:
    """Each row's grades as shares of one bar, in Ofsted's colours."""
    _chart(sheet, rows, len(GRADES), title, stacked=True, colours=[GRADE_COLOURS[g] for g in GRADES])


def _chart_below(sheet, table: pd.DataFrame, title: str, stacked: bool, colours: list[str] | None = None) -> None:
    """A small table below a sheet's rows, charted below it."""
    top = sheet.max_row + 3
    frame = table.reset_index()
    for offset, column in enumerate(frame.columns):
        sheet.cell(row=top, column=1 + offset, value=str(column)).font = Font(bold=True)
        for number, value in enumerate(frame[column], start=top + 1):
            sheet.cell(row=number, column=1 + offset, value=_cell(value))
    anchor = f"A{top + len(frame) + 3}"
    _chart(sheet, len(frame), len(table.columns), title, stacked=stacked, top=top, anchor=anchor, colours=colours)


# --- PNG --------------------------------------------------------------------------------------


def _stacked_png(
    table: pd.DataFrame, columns, colours: dict[str, str], title: str, path: Path, shares: bool = False
) -> Path:
    """Stacked bars; with `shares`, each bar is 100% and labelled with its count of judgements."""
    table = table.reindex(columns=list(columns), fill_value=0)
    figure, axes = plt.subplots(figsize=(9, 4.5))
    if not table.empty:
        drawn = _shares(table) * 100 if shares else table
        drawn.plot(kind="bar", stacked=True, ax=axes, color=[colours[c] for c in table.columns], width=0.8)
        if shares:
            for position, total in enumerate(table.sum(axis=1)):
                axes.text(position, 101, f"n={total}", ha="center", va="bottom", fontsize="x-small")
            axes.set_ylim(0, 108)
    axes.set_title(title)
    axes.set_xlabel("")
    axes.set_ylabel("% of judgements" if shares else "judgements")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    return _save(figure, path)


def _themes_png(wide: pd.DataFrame, path: Path) -> Path:
    figure, axes = plt.subplots(figsize=(9, 4.5))
    wide.plot(ax=axes, marker="o")
    axes.set_title(f"Improvement items per report, by theme ({SCOPE})")
    axes.set_ylabel("items per report")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False, fontsize="small")
    return _save(figure, path)


def _timeline_png(timeline: pd.DataFrame, headline: str, path: Path) -> Path:
    figure, axes = plt.subplots(figsize=(9, 4))
    for council in timeline.columns:
        points = timeline[council].dropna()
        axes.plot(pd.to_datetime(points.index), points.to_numpy(), marker="o", label=council)
    axes.set_yticks(
        [1, 2, 3, 4],
        [grade.official for grade in (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)],
    )
    axes.set_ylim(4.3, 0.7)
    axes.set_title(f"{headline} at each inspection")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    return _save(figure, path)


def _save(figure, path: Path) -> Path:
    figure.tight_layout()
    with store.atomic_path(path) as temporary:
        figure.savefig(temporary, format="png", dpi=110)
    plt.close(figure)
    return path
