"""Excel workbooks, specified on fictional reports, read back with openpyxl and pandas, and opened by
LibreOffice (headless) to prove the file needs no repair."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from pipeline import batch, export, plan
from pipeline.export import spreadsheetml, workbook as layout
from pipeline.cli import main
from pipeline.schema import DocumentRow, DocumentStatus, Grade, ItemKind, Polarity
from pipeline.store.writing import Links
from tests import printed
from tests.test_plan import item, make_report

FORMULA_LIKE = ["=SUM(A1:A9) plans.", "+44 20 7946 0000 plans.", "-plans for children.", "@plans for children."]
RUN_SHEETS = [
    "Summary",
    "Latest inspections",
    "Action plan",
    "Improvements",
    "Errors",
    "Needs a look",
    "Council response",
]
REPORT_SHEETS = ["Summary", "Action plan", "Improvements", "Evidence", "Council response"]


def reports():
    first = make_report(
        *(item(text, no=n, theme="planning") for n, text in enumerate(FORMULA_LIKE, 1)),
        item("Supervision\x0b of social workers.", no=5, kind=ItemKind.PRIORITY_ACTION, theme="management_oversight"),
        published=dt.date(2024, 5, 1),
    )
    paragraphs = tuple(
        p.model_copy(update={"theme": "planning", "polarity": Polarity.WEAKNESS}) for p in first.paragraphs
    )
    second = make_report(
        item("The quality of pathway plans for care leavers.", theme="care_leavers_support"),
        doc_id="southshire-2019",
        local_authority="Southshire",
        source_path="southshire/report.pdf",
    )
    return [first.model_copy(update={"paragraphs": paragraphs}), second]


FAILED = DocumentRow(
    doc_id="broken",
    source_path="broken.pdf",
    sha256="",
    kind=None,
    status=DocumentStatus.ERROR,
    error='=HYPERLINK("x") not a PDF: an HTML page saved with a .pdf name',
)
COUNCIL_RESPONSE = export.Sheet(
    "Council response",
    (export.Column("Item", "item_no", format=export.Format.NUMBER), export.Column("Response", "text", 40)),
    ({"doc_id": "southshire-2019", "item_no": 1, "text": "Covered by action 3."},),
)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workbooks")
    sources = {"northshire-2024": folder.parent / "corpus" / "northshire" / "report one.pdf"}
    rows = [row for report in reports() for row in plan.plan_rows(report)]
    export.write_workbooks(
        folder, export.Workbooks(reports(), rows, [FAILED], export.file_links(sources, folder), [COUNCIL_RESPONSE])
    )
    return folder


def rows_of(path: Path, sheet: str) -> list[dict]:
    worksheet = load_workbook(path)[sheet]
    values = list(worksheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_a_workbook_per_report_and_one_for_the_run(workbooks):
    assert sorted(p.name for p in workbooks.iterdir()) == [
        "all-reports.xlsx",
        "northshire-2024.xlsx",
        "southshire-2019.xlsx",
    ]
    assert load_workbook(workbooks / "all-reports.xlsx").sheetnames == RUN_SHEETS


def test_a_reports_workbook_holds_only_its_own_rows(workbooks):
    book = workbooks / "southshire-2019.xlsx"
    assert load_workbook(book).sheetnames == REPORT_SHEETS
    assert {row["Council"] for row in rows_of(book, "Action plan")} == {"Southshire"}
    assert [row["Response"] for row in rows_of(book, "Council response")] == ["Covered by action 3."]
    assert rows_of(workbooks / "northshire-2024.xlsx", "Council response") == [], "a blank row, nobody's response"


@pytest.mark.parametrize(
    "book, sheet", [("all-reports", sheet) for sheet in RUN_SHEETS] + [("northshire-2024", "Evidence")]
)
def test_headers_are_plain_english_in_an_excel_table_with_a_frozen_header(workbooks, book, sheet):
    worksheet = load_workbook(workbooks / f"{book}.xlsx")[sheet]
    headers = [cell.value for cell in worksheet[1]]
    assert all(h and "_" not in h and h[0].isupper() for h in headers), headers
    assert worksheet.freeze_panes.endswith("2") and not worksheet.freeze_panes.endswith("12"), (
        "the header row stays in view"
    )
    (table,) = worksheet.tables.values()
    assert table.ref == f"A1:{worksheet.cell(1, len(headers)).column_letter}{max(2, worksheet.max_row)}"


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_report_text_that_looks_like_a_formula_stays_text(workbooks, text):
    worksheet = load_workbook(workbooks / "all-reports.xlsx")["Action plan"]
    column = [cell.value for cell in worksheet[1]].index("Area for improvement")
    cells = [row[column] for row in worksheet.iter_rows(min_row=2) if row[column].value == text]
    assert cells, (
        f"the report said {text!r}; the sheet holds {[r[column].value for r in worksheet.iter_rows(min_row=2)]}"
    )
    assert cells[0].data_type == "s" and cells[0].quotePrefix


def test_errors_sheet_lists_every_failed_document_with_its_reason(workbooks):
    (row,) = rows_of(workbooks / "all-reports.xlsx", "Errors")
    assert (row["File"], row["Why it failed"]) == ("broken.pdf", FAILED.error)


def test_control_characters_are_dropped_not_fatal(workbooks):
    texts = [row["Area for improvement"] for row in rows_of(workbooks / "all-reports.xlsx", "Action plan")]
    assert "Supervision of social workers." in texts


def test_action_plan_has_real_dates_a_rag_drop_down_with_colours_and_page_links(workbooks):
    worksheet = load_workbook(workbooks / "northshire-2024.xlsx")["Action plan"]
    headers = [cell.value for cell in worksheet[1]]
    first = worksheet[2]
    target = first[headers.index("Target date")]
    assert target.is_date and target.value.date() == dt.date(2024, 8, 1), "priority action: 3 months after publication"
    assert first[headers.index("Ref")].value == 1 and first[headers.index("Type")].value == "Priority action"

    rag = worksheet.cell(1, headers.index("RAG status") + 1).column_letter
    (validation,) = worksheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"Red,Amber,Green,Complete"'
    assert str(validation.sqref) == f"{rag}2:{rag}{worksheet.max_row}"
    colours = {rule.formula[0] for rules in worksheet.conditional_formatting for rule in rules.rules}
    assert colours == {'"Red"', '"Amber"', '"Green"', '"Complete"'}

    link = first[headers.index("Source page")].hyperlink
    assert link.target == "../corpus/northshire/report%20one.pdf#page=12"


def test_no_link_where_the_source_file_is_unknown(workbooks):
    (row,) = rows_of(workbooks / "southshire-2019.xlsx", "Action plan")
    worksheet = load_workbook(workbooks / "southshire-2019.xlsx")["Action plan"]
    source = [cell.value for cell in worksheet[1]].index("Source page")
    assert row["Source page"] == "p. 12" and worksheet[2][source].hyperlink is None


@pytest.mark.parametrize(
    "grade, colour",
    [(Grade.REQUIRES_IMPROVEMENT, "FFEB9C"), (Grade.GOOD, "E2EFDA")],
)
def test_summary_grades_are_in_ofsteds_words_and_colour_coded(workbooks, grade, colour):
    worksheet = load_workbook(workbooks / "northshire-2024.xlsx")["Summary"]
    cells = [cell for cell in worksheet[2] if cell.value == grade.official]
    assert cells and all(cell.fill.fgColor.rgb.endswith(colour) for cell in cells)


def test_evidence_sheet_lists_paragraphs_with_theme_and_polarity(workbooks):
    rows = rows_of(workbooks / "northshire-2024.xlsx", "Evidence")
    assert len(rows) == 6
    assert (rows[0]["Theme"], rows[0]["Strength or weakness"]) == ("Planning and timescales", "weakness")


AWKWARD_TEXT = [
    "Fish & chips <b>not bold</b>",
    "  leading and trailing spaces  ",
    "quotes \"double\" and 'single'",
    "line one\nline two\r\nline three",
    "Ümlauts, em dash — and a pound sign £",
]


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_text_that_means_something_in_xml_is_read_back_exactly(tmp_path, text):
    sheet = export.Sheet("Notes", (export.Column("Note", "note", 30, export.Format.WRAPPED),), ({"note": text},))
    export.write_workbook(tmp_path / "notes.xlsx", [sheet])
    stored = load_workbook(tmp_path / "notes.xlsx")["Notes"]["A2"].value
    assert stored == text, f"wrote {text!r}, read back {stored!r}"


@pytest.mark.parametrize("number", [float("nan"), float("inf")])
def test_a_number_excel_cannot_hold_is_left_empty(tmp_path, number):
    sheet = export.Sheet(
        "Scores", (export.Column("Score", "score", format=export.Format.NUMBER),), ({"score": number},)
    )
    export.write_workbook(tmp_path / "scores.xlsx", [sheet])
    assert load_workbook(tmp_path / "scores.xlsx")["Scores"]["A2"].value is None


@pytest.mark.parametrize("format", [export.Format.NUMBER, export.Format.TEXT])
def test_values_a_dict_holds_as_one_key_are_each_written_as_they_are(tmp_path, format):
    """A column's repeated values are made into cells once; 1, 1.0 and True are equal keys to a
    dict but three different cells."""
    values = [1, 1.0, True, 1, "1", "1"]
    sheet = export.Sheet(
        "Values", (export.Column("Value", "value", format=format),), tuple({"value": v} for v in values)
    )
    export.write_workbook(tmp_path / "values.xlsx", [sheet])
    read = [cell.value for (cell,) in load_workbook(tmp_path / "values.xlsx")["Values"].iter_rows(min_row=2)]
    assert [(value, type(value)) for value in read] == [(value, type(value)) for value in values]


def test_rows_are_as_tall_as_their_longest_wrapped_text(workbooks):
    worksheet = load_workbook(workbooks / "all-reports.xlsx")["Action plan"]
    headers = [cell.value for cell in worksheet[1]]
    column = headers.index("Draft actions")
    for row in worksheet.iter_rows(min_row=2):
        lines = row[column].value.count("\n") + 1
        assert worksheet.row_dimensions[row[0].row].height >= 15 * lines, f"row {row[0].row}: {lines} lines of actions"


def test_every_sheets_links_open_their_own_pages(workbooks):
    book = load_workbook(workbooks / "northshire-2024.xlsx")
    targets = {
        sheet: {cell.hyperlink.target for row in book[sheet].iter_rows(min_row=2) for cell in row if cell.hyperlink}
        for sheet in ("Summary", "Action plan", "Improvements", "Evidence")
    }
    assert targets["Summary"] == {"../corpus/northshire/report%20one.pdf#page=1"}
    for sheet in ("Action plan", "Improvements", "Evidence"):
        assert targets[sheet] and all(
            t.startswith("../corpus/northshire/report%20one.pdf#page=") for t in targets[sheet]
        ), sheet


def test_rewriting_leaves_no_temporary_files(tmp_path):
    for _ in range(2):
        export.write_workbooks(tmp_path, export.Workbooks(reports(), [], []))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "all-reports.xlsx",
        "northshire-2024.xlsx",
        "southshire-2019.xlsx",
    ]


# --- LibreOffice --------------------------------------------------------------------------------


def installed(program: str, package: str) -> str:
    """The program's path; in CI a missing program fails the test instead of skipping it."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed: .ci/run installs {package} before the tests"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_libreoffice_opens_the_workbook_without_repair(workbooks, tmp_path):
    """LibreOffice re-saves the workbook; what it saved must still hold every sheet and value."""
    profile = tmp_path / "profile"  # a private profile: no clash with another LibreOffice running
    result = subprocess.run(
        [
            installed("soffice", "libreoffice-calc"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(workbooks / "all-reports.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    resaved = tmp_path / "out" / "all-reports.xlsx"
    assert resaved.exists(), f"LibreOffice could not open the workbook:\n{result.stdout}\n{result.stderr}"

    assert load_workbook(resaved).sheetnames == RUN_SHEETS
    frames = pd.read_excel(resaved, sheet_name=None)
    plan_sheet = frames["Action plan"]
    assert set(FORMULA_LIKE) <= set(plan_sheet["Area for improvement"]), "formula-like text was evaluated"
    assert len(plan_sheet) == 6 and plan_sheet["Target date"].notna().all()
    assert list(frames["Errors"]["File"]) == ["broken.pdf"]


def test_libreoffice_prints_the_action_plan_at_a_readable_size_naming_every_row(workbooks, tmp_path):
    """As LibreOffice prints it: every sheet's text at 8 points or more (the action plan, fitted one
    page wide, printed at 3), and every action-plan page headed by the columns that say which item
    of which report."""
    pdf = printed.render(workbooks / "all-reports.xlsx", tmp_path, installed("soffice", "libreoffice-calc"))
    pages = printed.pages(pdf)
    small = [(page.first_column, page.points) for page in pages if page.points < 8.0]
    assert not small, f"sheets printed below 8 points (the Errors sheet printed at 6 on A4): {small}"
    plan_pages = [page for page in pages if page.first_column == "Ref"]
    assert len(plan_pages) >= 2, "printed across pages"
    for page in plan_pages:
        assert page.points >= 8.0, f"printed at {page.points} points"
        assert all(title in page.text for title in ("Ref", "Council", "Report", "Area", "Northshire", "Southshire")), (
            page.text
        )


# --- findings run / findings export -------------------------------------------------------------


SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    """The bundled fictional sample reports, run once."""
    out = tmp_path_factory.mktemp("sample_run")
    batch.run([SAMPLES], out)
    return out


def test_run_writes_the_action_plan_table_and_workbooks(sample_run):
    action_plan = pd.read_csv(sample_run / "tables" / "action_plan.csv")
    improvements = pd.read_csv(sample_run / "tables" / "improvements.csv")
    assert len(action_plan) == len(improvements) > 0
    reports = {path.stem for path in (sample_run / "reports").glob("*.json")}
    assert {path.stem for path in (sample_run / "workbooks").glob("*.xlsx")} == reports | {"all-reports"}


def test_export_rebuilds_the_same_workbooks_without_reparsing(sample_run, tmp_path):
    before = rows_of(sample_run / "workbooks" / "all-reports.xlsx", "Action plan")
    shutil.rmtree(sample_run / "workbooks")
    result = CliRunner().invoke(main, ["export", "--out", str(sample_run), "--sources", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    assert rows_of(sample_run / "workbooks" / "all-reports.xlsx", "Action plan") == before


def test_export_without_run_outputs_says_to_run_first(tmp_path):
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "findings run" in result.output


def test_preview_renders_the_action_plan_sheet_to_png(sample_run):
    installed("soffice", "libreoffice-calc")
    installed("pdftoppm", "poppler-utils")
    result = CliRunner().invoke(main, ["export", "--out", str(sample_run), "--sources", str(SAMPLES), "--preview"])
    assert result.exit_code == 0, result.output
    png = sample_run / "workbooks" / "action-plan-preview.png"
    assert png.read_bytes().startswith(b"\x89PNG")


def _laid_out_alone(path: Path, sheets: list[export.Sheet]) -> Path:
    """The workbook as openpyxl lays out a frame for it alone, its own row counts in it."""
    workbook = Workbook(write_only=True)
    for style in layout._named_styles():
        workbook.add_named_style(style)
    styles = layout._CellMaker(workbook)
    for number, sheet in enumerate(sheets, start=1):
        layout._frame_sheet(workbook.create_sheet(sheet.title), sheet, f"Table{number}", rows=len(sheet.rows))
    frame = io.BytesIO()
    workbook.save(frame)
    spreadsheetml.save(frame, [layout._sheet_cells(sheet, styles) for sheet in sheets], path)
    return path


def _files_of(path: Path) -> dict[str, bytes]:
    """Every file in a workbook but the one that records when it was made."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def test_workbooks_sharing_a_frame_are_those_laid_out_alone_file_for_file(tmp_path):
    """Workbooks of one layout share a frame made once; each is still, byte for byte, the workbook a
    frame of its own would give: its cells, styles, links, tables, drop-downs and print area."""
    files = {"northshire-2024": "report%20one.pdf"}
    books = [export.report_sheets(report, plan.plan_rows(report), [COUNCIL_RESPONSE], files) for report in reports()]
    books.append([replace(sheet, rows=()) for sheet in books[0]])  # an empty table still spans a row
    books.append(export.report_sheets(reports()[0], plan.plan_rows(reports()[0]), [], files))  # another layout
    for number, sheets in enumerate(books):  # each after the others have used the frame of its layout
        shared = export.write_workbook(tmp_path / f"shared-{number}.xlsx", sheets)
        assert _files_of(shared) == _files_of(_laid_out_alone(tmp_path / f"alone-{number}.xlsx", sheets)), number
    rows = [len(sheet.rows) for sheet in books[0]]
    assert len(set(rows)) > 1 and 0 in rows + [len(sheet.rows) for sheet in books[2]], (
        "the test no longer varies the row counts"
    )


def test_links_in_a_sheet_with_no_relationships_of_its_own(tmp_path):
    """A sheet without an Excel table has no relationships file until its first link needs one."""
    workbook = Workbook(write_only=True)
    workbook.create_sheet("Links")
    frame = io.BytesIO()
    workbook.save(frame)
    cells = spreadsheetml.SheetCells(
        [[spreadsheetml.text("Open report", 0)]], [15], [(1, 1, "report%20one.pdf#page=3")]
    )
    spreadsheetml.save(frame, [cells], tmp_path / "links.xlsx")
    cell = load_workbook(tmp_path / "links.xlsx")["Links"]["A1"]
    assert (cell.value, cell.hyperlink.target) == ("Open report", "report%20one.pdf#page=3")


@pytest.mark.parametrize(
    "book, sheet",
    [("all-reports", sheet) for sheet in RUN_SHEETS] + [("northshire-2024", sheet) for sheet in REPORT_SHEETS],
)
def test_every_sheet_prints_landscape_its_header_on_every_page_one_page_wide_where_that_is_readable(
    workbooks, book, sheet
):
    """A sheet too wide for one A3 page at a readable size prints across pages at that size, each
    page repeating the columns that say whose row it is (those frozen on screen)."""
    worksheet = load_workbook(workbooks / f"{book}.xlsx")[sheet]
    assert worksheet.page_setup.orientation == "landscape"
    assert worksheet.print_title_rows.replace("$", "") == "1:1"
    area = worksheet.print_area if isinstance(worksheet.print_area, (str, type(None))) else worksheet.print_area[0]
    last = area.split(":")[-1] if area else worksheet.cell(1, worksheet.max_column).column_letter
    width = sum(worksheet.column_dimensions[letter].width for letter in _letters_to(last))
    if width <= layout._A3_WIDTH:
        assert worksheet.sheet_properties.pageSetUpPr.fitToPage and worksheet.page_setup.fitToWidth == 1
        assert worksheet.page_setup.fitToHeight == 0, "as many pages down as it needs"
    else:
        assert (
            worksheet.page_setup.scale >= layout.READABLE_SCALE and not worksheet.sheet_properties.pageSetUpPr.fitToPage
        )
        frozen = worksheet.freeze_panes.rstrip("0123456789")
        assert (
            worksheet.print_title_cols.replace("$", "")
            == f"A:{get_column_letter(column_index_from_string(frozen) - 1)}"
        )


def _letters_to(last: str) -> list[str]:
    return [
        get_column_letter(n) for n in range(1, column_index_from_string(last.replace("$", "").rstrip("0123456789")) + 1)
    ]


@pytest.mark.parametrize("book", ["all-reports", "northshire-2024"])
def test_the_action_plan_prints_readable_across_pages_each_naming_its_rows(workbooks, book):
    """Too wide for one page at a readable size, the action plan prints at a fixed scale on A3 pages
    across then down (a band of rows on pages laid side by side), each page repeating the header
    and the columns that say which item of which report its row is."""
    worksheet = load_workbook(workbooks / f"{book}.xlsx")["Action plan"]
    setup = worksheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.pageOrder) == ("landscape", 8, "overThenDown")  # 8: A3
    assert setup.scale >= layout.READABLE_SCALE and not worksheet.sheet_properties.pageSetUpPr.fitToPage
    assert worksheet.print_title_rows.replace("$", "") == "1:1"
    repeated = column_index_from_string(worksheet.print_title_cols.replace("$", "").split(":")[-1])
    assert [cell.value for cell in worksheet[1]][:repeated] == ["Ref", "Council", "Report", "Area for improvement"]


def test_the_area_for_improvement_stays_in_view_beside_the_draft_actions_and_ref_is_a_number(workbooks):
    worksheet = load_workbook(workbooks / "all-reports.xlsx")["Action plan"]
    frozen = worksheet.freeze_panes
    headers = [cell.value for cell in worksheet[1]]
    assert headers.index("Area for improvement") < worksheet[frozen].column - 1, f"frozen at {frozen}"
    refs = [row[0].value for row in worksheet.iter_rows(min_row=2)]
    assert refs and all(isinstance(ref, int) for ref in refs), refs


def test_the_run_workbook_has_one_row_per_council_in_latest_inspections(workbooks):
    rows = rows_of(workbooks / "all-reports.xlsx", "Latest inspections")
    councils = [row["Council"] for row in rows]
    assert councils and len(councils) == len(set(councils))
    assert all(row["Next inspection"] for row in rows)


def _links(path: Path, sheet: str = "Action plan") -> list[str]:
    worksheet = load_workbook(path)[sheet]
    return [cell.hyperlink.target for row in worksheet.iter_rows(min_row=2) for cell in row if cell.hyperlink]


@pytest.fixture
def moved_run(sample_run, tmp_path) -> Path:
    """A run's outputs copied away from the reports it read."""
    shutil.copytree(sample_run, tmp_path / "run")
    return tmp_path / "run"


def test_export_refuses_to_write_page_numbers_it_cannot_link_and_says_how_to_fix_it(moved_run, tmp_path):
    result = CliRunner().invoke(main, ["export", "--out", str(moved_run), "--sources", str(tmp_path / "elsewhere")])
    assert result.exit_code == 2, result.output
    for fix in ("report files not found", "--sources", "--link-base", "--no-links"):
        assert fix in result.output, result.output


def test_export_links_under_a_base_address_wherever_the_workbooks_go(moved_run):
    result = CliRunner().invoke(
        main, ["export", "--out", str(moved_run), "--link-base", "https://reports.example/ofsted/"]
    )
    assert result.exit_code == 0, result.output
    links = _links(moved_run / "workbooks" / "all-reports.xlsx")
    assert links and all(link.startswith("https://reports.example/ofsted/") and "#page=" in link for link in links)


def test_export_can_copy_the_reports_beside_the_workbooks_and_link_there(moved_run, tmp_path):
    result = CliRunner().invoke(main, ["export", "--out", str(moved_run), "--sources", str(SAMPLES), "--copy-sources"])
    assert result.exit_code == 0, result.output
    shutil.move(moved_run, tmp_path / "shared")  # the whole folder moved: the links still resolve
    workbooks = tmp_path / "shared" / "workbooks"
    links = _links(workbooks / "all-reports.xlsx")
    assert links and all(link.startswith("sources/") for link in links)
    assert all((workbooks / unquote(link.split("#")[0])).is_file() for link in links)


def test_every_printed_row_of_the_action_plan_names_its_report(workbooks):
    worksheet = load_workbook(workbooks / "all-reports.xlsx")["Action plan"]
    headers = [cell.value for cell in worksheet[1]]
    area = worksheet.print_area if isinstance(worksheet.print_area, str) else worksheet.print_area[0]
    last = column_index_from_string(area.split(":")[-1].replace("$", "").rstrip("0123456789"))
    assert headers.index("Report") < last and headers.index("Why check") < last, worksheet.print_area


def _all_links(workbooks: Path) -> list[str]:
    return [
        link
        for book in sorted(workbooks.glob("*.xlsx"))
        for sheet in ("Summary", "Action plan")
        for link in _links(book, sheet)
    ]


def test_run_can_copy_the_reports_beside_the_workbooks_so_the_whole_folder_moves(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "reports")
    result = CliRunner().invoke(
        main, ["run", str(tmp_path / "reports"), "--out", str(tmp_path / "run"), "--copy-sources", "-q"]
    )
    assert result.exit_code == 0, result.output
    shutil.move(tmp_path / "run", tmp_path / "shared")  # moved, and the reports it read gone
    shutil.rmtree(tmp_path / "reports")
    workbooks = tmp_path / "shared" / "workbooks"
    links = _all_links(workbooks)
    assert links and all(link.startswith("sources/") and "#page=" in link for link in links)
    assert all((workbooks / unquote(link.split("#")[0])).is_file() for link in links)


def test_a_rerun_copies_only_new_reports_and_drops_the_copies_of_removed_ones(tmp_path):
    inputs, out = tmp_path / "reports", tmp_path / "run"
    shutil.copytree(SAMPLES, inputs)
    (inputs / "sif-2016-halverton.pdf").rename(tmp_path / "later.pdf")
    batch.run([inputs], out, links=Links(copy=True))
    copies = out / "workbooks" / "sources"
    before = {path.name: path.stat().st_ctime_ns for path in copies.iterdir()}

    (tmp_path / "later.pdf").rename(inputs / "sif-2016-halverton.pdf")
    (inputs / "lac-2013-wexmoor.pdf").unlink()
    batch.run([inputs], out, links=Links(copy=True))
    after = {path.name: path.stat().st_ctime_ns for path in copies.iterdir()}
    assert set(after) == set(before) - {"lac-2013-wexmoor.pdf"} | {"sif-2016-halverton.pdf"}
    assert all(after[name] == before[name] for name in set(before) & set(after)), "an unchanged report copied again"


def test_a_run_that_changes_where_links_point_writes_the_workbooks_again(sample_run, tmp_path):
    shutil.copytree(sample_run, tmp_path / "run")  # nothing new to read: only the links change
    batch.run([SAMPLES], tmp_path / "run", links=Links(base="https://reports.example/ofsted/"))
    links = _all_links(tmp_path / "run" / "workbooks")
    assert links and all(link.startswith("https://reports.example/ofsted/") and "#page=" in link for link in links)


def test_run_refuses_two_places_for_the_links(tmp_path):
    result = CliRunner().invoke(
        main, ["run", str(SAMPLES), "--out", str(tmp_path), "--copy-sources", "--link-base", "https://x/"]
    )
    assert result.exit_code == 2 and "give one" in result.output


def test_links_go_to_the_real_files_through_linked_files_and_folders(tmp_path):
    """A file reached through a link to it, or through a linked folder, is linked where it really is."""
    (tmp_path / "reports" / "north").mkdir(parents=True)
    (tmp_path / "reports" / "north" / "report one.pdf").write_bytes(b"%PDF")
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "north").symlink_to(tmp_path / "reports" / "north")
    (tmp_path / "inputs" / "one.pdf").symlink_to(tmp_path / "reports" / "north" / "report one.pdf")
    sources = {
        "by-folder": tmp_path / "inputs" / "north" / "report one.pdf",
        "by-file": tmp_path / "inputs" / "one.pdf",
    }
    links = export.file_links(sources, tmp_path / "out" / "workbooks")
    assert links == dict.fromkeys(sources, "../../reports/north/report%20one.pdf")


def _report_sheets() -> list[export.Sheet]:
    report = reports()[0]
    return export.report_sheets(report, plan.plan_rows(report), [COUNCIL_RESPONSE], {})


def test_a_kept_frame_gives_the_workbook_laid_out_afresh_and_a_damaged_one_is_laid_out_again(tmp_path, monkeypatch):
    """Frames are kept by layout so that writers forked afresh for a run that adds one report need
    not load openpyxl to lay them out again; a damaged one is laid out again and kept anew."""
    sheets = _report_sheets()
    fresh = _files_of(export.write_workbook(tmp_path / "fresh.xlsx", sheets))
    frames = tmp_path / "frames"
    export.write_workbook(tmp_path / "first.xlsx", sheets, frames)
    (kept,) = frames.iterdir()
    layout._frame.cache_clear()  # as in a writer process forked afresh
    monkeypatch.setattr(layout, "_laid_out", None)  # openpyxl not asked to lay it out
    assert _files_of(export.write_workbook(tmp_path / "kept.xlsx", sheets, frames)) == fresh
    monkeypatch.undo()
    kept.write_bytes(b"half a frame")
    layout._frame.cache_clear()
    assert _files_of(export.write_workbook(tmp_path / "damaged.xlsx", sheets, frames)) == fresh
    assert [path.name for path in frames.iterdir()] == [kept.name] and kept.read_bytes() != b"half a frame"


def test_frames_laid_out_by_another_version_of_the_pipeline_are_removed(tmp_path, monkeypatch):
    from pipeline.store import manifest

    sheets = _report_sheets()
    frames = tmp_path / "frames"
    export.write_workbook(tmp_path / "older.xlsx", sheets, frames)
    older = {path.name for path in frames.iterdir()}
    monkeypatch.setattr(manifest, "pipeline_version", lambda: "0.0.2+newer")
    layout._frame.cache_clear()
    export.write_workbook(tmp_path / "newer.xlsx", sheets, frames)
    newer = {path.name for path in frames.iterdir()}
    assert len(newer) == 1 and not newer & older


def test_a_kept_frame_makes_workbooks_that_say_when_they_were_written(tmp_path):
    import pickle
    import re

    sheets = _report_sheets()
    frames = tmp_path / "frames"
    export.write_workbook(tmp_path / "first.xlsx", sheets, frames)
    (kept,) = frames.iterdir()
    frame = pickle.loads(kept.read_bytes())
    core = re.sub(rb"20[0-9][0-9]-[0-9-]+T[0-9:]+Z", b"2001-02-03T04:05:06Z", frame.parts["docProps/core.xml"])
    kept.write_bytes(pickle.dumps(replace(frame, parts={**frame.parts, "docProps/core.xml": core})))
    layout._frame.cache_clear()
    with zipfile.ZipFile(export.write_workbook(tmp_path / "later.xlsx", sheets, frames)) as book:
        written = book.read("docProps/core.xml")
    assert b"2001-02-03" not in written and written.count(b"Z</dcterms:") == 2


def test_cells_need_no_openpyxl_to_name_columns_and_dates_as_it_does():
    """A writer whose frames are kept loads no openpyxl: spreadsheetml gives its column letters and
    date serials itself, the same as openpyxl's, Excel's day that never was (29 February 1900) included."""
    from openpyxl.utils.datetime import to_excel

    assert [spreadsheetml.column_letter(n) for n in range(1, 18279)] == [get_column_letter(n) for n in range(1, 18279)]
    days = [dt.date(1899, 12, 30) + dt.timedelta(days=n) for n in [*range(100), *range(100, 60_000, 7)]]
    moments = [
        dt.datetime(1900, 2, 28, 23, 59),
        dt.datetime(1900, 3, 1, 0, 0, 1),
        dt.datetime(2024, 5, 3, 13, 7, 9, 123456),
    ]
    assert [repr(spreadsheetml.serial(day)) for day in [*days, *moments]] == [
        repr(to_excel(day)) for day in [*days, *moments]
    ]
