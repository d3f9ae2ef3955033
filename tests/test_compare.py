"""Comparing councils across years: comparable series, transitions, distributions, recurring
weaknesses, and the workbook and charts of `findings compare`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline import compare
from pipeline.compare import charts as compare_charts
from pipeline.areas import SERIES_ORDER, series_links, series_of
from pipeline.cli import main
from pipeline.store.runfolder import RunFolder

# --- judgement areas across frameworks --------------------------------------------------------


@pytest.mark.parametrize(
    "sif_key, ilacs_key, series",
    [
        ("children_in_care", "children_in_care", "children_in_care"),  # SIF "looked after and permanence"
        ("leadership_management_governance", "impact_of_leaders", "leadership"),
        ("overall_effectiveness", "overall_effectiveness", "overall_effectiveness"),
        ("care_leavers", "care_leavers", "care_leavers"),
    ],
)
def test_sif_and_ilacs_areas_meet_on_one_series(sif_key, ilacs_key, series):
    assert series in {link.series for link in series_of(sif_key)}
    assert series in {link.series for link in series_of(ilacs_key)}


def test_the_combined_ilacs_care_judgement_stands_in_both_care_series_flagged():
    links = series_of("children_in_care_and_care_leavers")
    assert {link.series for link in links} == {"children_in_care", "care_leavers"}
    assert all(link.combined for link in links)


def test_every_series_is_in_the_display_order():
    assert {link.series for link in series_links()} <= set(SERIES_ORDER)


# --- fictional runs, one behaviour each -------------------------------------------------------


def _run(inspections: list[tuple[str, str, str, str, dict[str, str]]], items: dict[str, list] | None = None):
    """Tables for fictional inspections: (doc_id, authority, start date, kind, {area_key: grade})."""
    documents = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "source_path": f"x/{doc}.pdf",
                "kind": kind,
                "local_authority": authority,
                "inspection_start": start,
                "framework": "standard",
                "status": "ok",
            }
            for doc, authority, start, kind, _ in inspections
        ]
    )
    judgements = pd.DataFrame(
        [
            {"doc_id": doc, "order": n, "area": key, "area_key": key, "grade": grade}
            for doc, _, _, _, grades in inspections
            for n, (key, grade) in enumerate(grades.items(), start=1)
        ]
    )
    improvements = pd.DataFrame(
        [
            {"doc_id": doc, "item_no": n, "text": text, "theme": theme}
            for doc, listed in (items or {}).items()
            for n, (text, theme) in enumerate(listed, start=1)
        ],
        columns=["doc_id", "item_no", "text", "theme"],
    )
    return {"documents": documents, "judgements": judgements, "improvements": improvements}


OVERALL = "overall_effectiveness"


def test_a_councils_grades_move_improved_same_declined():
    tables = _run(
        [
            ("a1", "Warwickshire County Council", "2014-01-10", "sif", {OVERALL: "inadequate"}),
            ("a2", "Warwickshire", "2018-03-05", "ilacs", {OVERALL: "requires improvement"}),
            ("a3", "Warwickshire", "2022-03-05", "ilacs", {OVERALL: "requires improvement"}),
            ("a4", "Warwickshire", "2025-03-05", "ilacs", {OVERALL: "inadequate"}),
        ]
    )
    moves = compare.transitions(compare.timeline(tables["documents"], tables["judgements"]))
    assert moves["change"].tolist() == ["improved", "same", "declined"]
    assert set(moves["council"]) == {"Warwickshire"}, "two printed names of one council must be one council"


def test_sif_leadership_and_ilacs_leaders_form_one_transition():
    tables = _run(
        [
            ("b1", "Newham", "2016-01-10", "sif", {"leadership_management_governance": "good"}),
            ("b2", "London Borough of Newham", "2020-03-05", "ilacs", {"impact_of_leaders": "outstanding"}),
        ]
    )
    moves = compare.transitions(compare.timeline(tables["documents"], tables["judgements"]))
    assert moves[["series", "from_grade", "to_grade", "change"]].values.tolist() == [
        ["leadership", "good", "outstanding", "improved"]
    ]


def test_a_council_filter_brings_in_its_predecessor():
    tables = _run(
        [
            ("c1", "Northamptonshire County Council", "2019-05-01", "ilacs", {OVERALL: "inadequate"}),
            ("c2", "North Northamptonshire", "2022-05-01", "ilacs", {OVERALL: "requires improvement"}),
            ("c3", "Derbyshire", "2022-05-01", "ilacs", {OVERALL: "good"}),
        ]
    )
    chosen = compare.compare(tables, compare.Filters(councils=("north_northamptonshire",)))
    assert set(chosen.grid["council"]) == {"Northamptonshire", "North Northamptonshire"}


def test_the_national_distribution_keeps_every_council_when_one_is_chosen():
    tables = _run(
        [
            ("d1", "Derby", "2019-05-01", "ilacs", {OVERALL: "good"}),
            ("d2", "Derbyshire", "2019-06-01", "ilacs", {OVERALL: "inadequate"}),
        ]
    )
    chosen = compare.compare(tables, compare.Filters(councils=("derby",)))
    assert chosen.national[["year", "good", "inadequate", "total"]].values.tolist() == [[2019, 1, 1, 2]]
    assert list(chosen.grid["council"]) == ["Derby"]


def test_a_council_the_data_file_does_not_know_keeps_its_printed_name():
    tables = _run([("u1", "Fernhallow Borough Council", "2019-05-01", "ilacs", {OVERALL: "good"})])
    assert list(compare.compare(tables).grid["council"]) == ["Fernhallow Borough Council"]


def test_dates_filter_inspections():
    tables = _run(
        [
            ("e1", "Derby", "2014-05-01", "sif", {OVERALL: "good"}),
            ("e2", "Derby", "2019-06-01", "ilacs", {OVERALL: "good"}),
        ]
    )
    chosen = compare.compare(tables, compare.Filters(since=pd.Timestamp("2018-01-01").date()))
    assert list(chosen.grid["doc_id"]) == ["e2"]


REPEATED = [
    ("The quality and timeliness of return home interviews for children who go missing.", None),
    ("The timeliness of return home interviews when children go missing from home or care.", None),
]
UNRELATED = [
    ("The sufficiency of foster carers for older children.", None),
    ("The quality and timeliness of return home interviews for children who go missing.", None),
]


@pytest.mark.parametrize("later, flagged", [(REPEATED[1], True), (UNRELATED[0], False)])
def test_a_later_item_repeating_an_earlier_one_is_flagged(later, flagged):
    tables = _run(
        [
            ("f1", "Sefton", "2019-05-01", "ilacs", {OVERALL: "good"}),
            ("f2", "Sefton", "2023-05-01", "ilacs", {OVERALL: "good"}),
        ],
        {"f1": [REPEATED[0], UNRELATED[0]], "f2": [later]},
    )
    found = compare.compare(tables).recurring
    found_texts = found[["earlier_text", "later_text"]].values.tolist()
    assert (found_texts == [[REPEATED[0][0], later[0]]]) is flagged, f"flagged: {found_texts}"


def test_a_shared_theme_lets_looser_wording_count():
    earlier = ("Management oversight and supervision of social workers.", "management_oversight")
    later = ("The impact of management oversight on the progress of plans for children.", "management_oversight")
    tables = _run(
        [
            ("g1", "Sefton", "2019-05-01", "ilacs", {OVERALL: "good"}),
            ("g2", "Sefton", "2023-05-01", "ilacs", {OVERALL: "good"}),
        ],
        {"g1": [earlier, UNRELATED[0]], "g2": [later]},
    )
    score = compare.similarity(earlier[0], later[0], tables["improvements"]["text"])
    assert compare.LOOSE <= score < compare.CLOSE, f"wording similarity {score:.2f} is not in the themed band"
    assert compare.compare(tables).recurring["theme"].tolist() == ["management_oversight"]


def test_a_letters_items_count_but_it_has_no_grades_to_place():
    """A focused visit between inspections: its items repeat the inspection's and count in the
    themes, but it has no row on the grade timeline."""
    tables = _run(
        [
            ("k1", "Sefton", "2019-05-01", "ilacs", {OVERALL: "good"}),
            ("k2", "Sefton", "2021-03-01", "focused_visit", {}),
        ],
        {"k1": [(REPEATED[0][0], "return_home")], "k2": [(REPEATED[1][0], "return_home")]},
    )
    comparison = compare.compare(tables)
    assert comparison.recurring[["earlier_doc", "later_doc"]].values.tolist() == [["k1", "k2"]]
    assert comparison.themes["items"].sum() == 2
    assert list(comparison.grid["doc_id"]) == ["k1"]


def test_items_of_different_councils_never_pair():
    tables = _run(
        [
            ("h1", "Sefton", "2019-05-01", "ilacs", {OVERALL: "good"}),
            ("h2", "Wirral", "2023-05-01", "ilacs", {OVERALL: "good"}),
        ],
        {"h1": [REPEATED[0]], "h2": [REPEATED[0]]},
    )
    assert compare.compare(tables).recurring.empty


# --- the real corpus --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_comparison(corpus_run: Path) -> compare.Comparison:
    return compare.compare(RunFolder(corpus_run).read_tables())


@pytest.mark.corpus
def test_every_inspection_report_read_is_placed_with_a_council(corpus_run):
    documents = RunFolder(corpus_run).read_tables()["documents"]
    reports = documents[documents["kind"].isin(compare.REPORT_KINDS) & (documents["status"] == "ok")]
    placed = compare.inspections(documents)
    missing = reports[~reports["doc_id"].isin(placed["doc_id"])]
    assert missing.empty, f"no council or date for: {missing[['source_path', 'local_authority']].values.tolist()}"


@pytest.mark.corpus
def test_each_council_has_one_transition_fewer_than_inspections_per_series(corpus_comparison):
    grid = corpus_comparison.grid
    for series, moves in corpus_comparison.transitions.groupby("series"):
        expected = sum(max(0, count - 1) for count in grid[grid[series].notna()].groupby("council").size())
        assert len(moves) == expected, f"{series}: {len(moves)} transitions for {expected} consecutive pairs"


@pytest.mark.corpus
def test_recurring_weaknesses_pair_a_councils_consecutive_inspections(corpus_comparison):
    recurring = corpus_comparison.recurring
    assert not recurring.empty
    assert (recurring["earlier_date"] < recurring["later_date"]).all()
    grid = corpus_comparison.grid
    for row in recurring.itertuples(index=False):
        visits = sorted(grid[grid["council"] == row.council]["started"])
        assert visits.index(row.later_date) == visits.index(row.earlier_date) + 1, (
            f"{row.council}: {row.earlier_date} and {row.later_date} are not consecutive inspections"
        )


@pytest.mark.corpus
def test_distributions_count_every_headline_judgement(corpus_comparison):
    grid = corpus_comparison.grid
    assert corpus_comparison.national["total"].sum() == grid["overall_effectiveness"].notna().sum()
    assert corpus_comparison.regional["total"].sum() == corpus_comparison.national["total"].sum()


@pytest.mark.corpus
def test_the_workbook_has_native_charts_and_the_pngs_are_written(corpus_comparison, tmp_path):
    written = compare_charts.write(corpus_comparison, tmp_path)
    assert all(path.stat().st_size > 0 for path in written)
    book = load_workbook(tmp_path / "comparison.xlsx")
    charted = [sheet.title for sheet in book.worksheets if sheet._charts]
    assert {"Transitions", "By year", "By region"} <= set(charted), f"sheets with charts: {charted}"
    assert {path.name for path in written} >= {"grades_by_year.png", "grades_by_region.png", "transitions.png"}


@pytest.mark.corpus
def test_the_command_compares_two_councils_and_says_what_it_wrote(corpus_run, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "compare",
            "--run",
            str(corpus_run),
            "--council",
            "Warwickshire County Council",
            "--council",
            "Worcestershire",
            "--since",
            "2018",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "inspections of 2 councils" in result.output
    assert (tmp_path / "comparison.xlsx").exists()


@pytest.mark.parametrize(
    "option, value", [("--council", "Gotham"), ("--region", "Wessex"), ("--since", "last year"), ("--area", "vibes")]
)
def test_a_mistaken_filter_is_a_usage_error(tmp_path, option, value):
    (tmp_path / "tables").mkdir()
    pd.DataFrame({"doc_id": []}).to_parquet(tmp_path / "tables" / "documents.parquet")
    result = CliRunner().invoke(main, ["compare", "--run", str(tmp_path), option, value])
    assert result.exit_code == 2, result.output


@pytest.mark.corpus
def test_the_workbooks_charts_draw_ofsteds_grade_colours_as_shares_of_councils_in_this_run(corpus_run, tmp_path):
    comparison = compare.compare(RunFolder(corpus_run).read_tables(), compare.Filters(councils=("warwickshire",)))
    compare_charts.write(comparison, tmp_path)
    book = load_workbook(tmp_path / "comparison.xlsx")
    (chart,) = book["By year"]._charts
    fills = [series.graphicalProperties.solidFill.srgbClr for series in chart.series]
    colours = [str(getattr(fill, "val", fill)).lower() for fill in fills]
    assert colours == [compare_charts.GRADE_COLOURS[grade].lstrip("#") for grade in compare.GRADES]
    assert chart.grouping == "percentStacked"
    assert "councils in this run" in chart.title.tx.rich.p[0].r[0].t
    years = [row[0].value for row in book["By year"].iter_rows(min_row=2)]
    assert "part" in str(years[-1]), years
    assert book["Council timeline"]._charts, "--council draws the council's timeline"
    assert all(sheet.tables for sheet in book.worksheets if sheet.title not in ("Summary",) and sheet.max_row > 1)


@pytest.mark.corpus
def test_every_comparison_sheet_prints_readably_with_no_chart_cut_across_pages(corpus_comparison, tmp_path):
    """The comparison workbook printed at 3 points on its timeline and recurring-weakness sheets, and
    its charts beside wide tables were cut across pages; wrapped text overlapped the next row."""
    from pipeline.export import workbook as layout

    compare_charts.write(corpus_comparison, tmp_path)
    book = load_workbook(tmp_path / "comparison.xlsx")
    for sheet in book.worksheets:
        setup, fitted = sheet.page_setup, sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1", sheet.title
        assert fitted or (setup.scale == layout.READABLE_SCALE and sheet.print_title_cols == "$A:$A"), sheet.title
        for chart in sheet._charts:  # below its table, or on a sheet printed one page wide
            assert fitted or chart.anchor._from.col == 0, f"{sheet.title}: a chart cut across pages"
    weaknesses = book["Recurring weaknesses"]
    wrapped = [row for row in range(2, weaknesses.max_row + 1) if (weaknesses.row_dimensions[row].height or 0) > 15]
    assert wrapped, "no row of the recurring weaknesses is made tall enough for its wrapped text"
