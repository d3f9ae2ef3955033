"""Ofsted's letters: fictional focused-visit (2019 and 2025 layouts), monitoring-visit and JTAI
letters rendered at test time and read field by field, a letter whose skeleton is missing, and a
focused visit run end to end through `findings run` into the tables and workbooks.

The real letters are measured by `findings-lab evaluate-letters` (see docs/evaluation.md, Letters).
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.parse import ParseError
from pipeline.parse.letters import parse
from pipeline.schema import Document, DocumentKind, Page
from tests.fixtures import reports
from tests.fixtures.render import render
from tests.test_fixtures import _compare, _read, _records, render_and_read

LETTERS = [pytest.param(report, id=report.name) for report in reports.LETTERS]
HEADER_FIELDS = (
    "local_authority",
    "inspection_start",
    "inspection_end",
    "published",
    "lead_inspector",
    "framework",
    "pages",
    "focus",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    return render_and_read(tmp_path_factory.mktemp("letters"), reports.LETTERS)


@pytest.mark.parametrize("report", LETTERS)
def test_kind(rendered, report):
    truth, kind, _ = rendered[report.name]
    assert kind == truth.kind


@pytest.mark.parametrize("field", HEADER_FIELDS)
@pytest.mark.parametrize("report", LETTERS)
def test_header_field(rendered, report, field):
    truth, parsed = _read(rendered, report)
    assert getattr(parsed, field) == getattr(truth, field), f"{report.name}: {field}"


@pytest.mark.parametrize("report", LETTERS)
def test_items_verbatim_with_their_kind_tag_and_page(rendered, report):
    fields = ("item_no", "kind", "text", "outcome", "part", "page")
    truth, parsed = _read(rendered, report)
    _compare(
        report.name, "improvement items", _records(truth.improvements, fields), _records(parsed.improvements, fields)
    )


@pytest.mark.parametrize("report", LETTERS)
def test_findings_numbered_in_printed_order_with_page_and_heading(rendered, report):
    fields = ("para_no", "section", "page", "text")
    truth, parsed = _read(rendered, report)
    _compare(report.name, "paragraphs", _records(truth.paragraphs, fields), _records(parsed.paragraphs, fields))


@pytest.mark.parametrize("report", LETTERS)
def test_sections_are_the_findings_headings(rendered, report):
    truth, parsed = _read(rendered, report)
    _compare(report.name, "sections", _records(truth.sections), _records(parsed.sections))


def test_address_block_printed_inside_an_item_stays_out_of_it(rendered):
    _, parsed = _read(rendered, reports.FOCUSED_VISIT_2025)
    texts = [item.text for item in parsed.improvements] + [para.text for para in parsed.paragraphs]
    assert parsed.improvements[1].page == 1
    assert not [text for text in texts if "Ofsted" in text or "0300" in text or "gov.uk" in text]


def test_letters_carry_no_judgements(rendered):
    for report in reports.LETTERS:
        _, parsed = _read(rendered, report)
        assert parsed.judgements == () and parsed.framework is None


# --- letters whose skeleton cannot be read ---------------------------------------------------


def _letter(*pages: str) -> Document:
    return Document(
        doc_id="letter",
        source_path="letter.pdf",
        sha256="0",
        format="text",
        pages=tuple(Page(number=n, text=text) for n, text in enumerate(pages, 1)),
    )


def test_a_letter_without_its_salutation_is_an_error_with_a_reason():
    document = _letter("Focused visit to Brindleford children’s services\nThis letter summarises nothing.")
    with pytest.raises(ParseError, match="no 'Dear ...' line"):
        parse(document, DocumentKind.FOCUSED_VISIT)


def test_fields_a_letter_does_not_print_are_left_empty():
    document = _letter(
        "Dear Ms Penhallow\nFocused visit to Brindleford children’s services\n"
        "This letter summarises the findings of a focused visit to Brindleford children’s services.\n"
        "Findings\nSupervision is regular.\nYours sincerely\nMorwenna Tallis\nHer Majesty’s Inspector"
    )
    letter = parse(document, DocumentKind.FOCUSED_VISIT)
    assert (letter.published, letter.inspection_start, letter.inspection_end) == (None, None, None)
    assert (letter.local_authority, letter.lead_inspector) == ("Brindleford", "Morwenna Tallis")


@pytest.mark.parametrize(
    ("title", "council"),
    [
        ("Focused visit to the Isle of Brill local authority children’s services", "Isle of Brill"),
        ("Focused visit to London Borough of Marsh’s children’s services", "London Borough of Marsh"),
        (
            "Focused visit to Brindleford Metropolitan Borough Council children’s\nservices",
            "Brindleford Metropolitan Borough Council",
        ),
        ("Monitoring visit to Tarnside children's services", "Tarnside"),
        (
            "Joint targeted area inspection of the multi-agency response to children\nwho go missing in Tarnside",
            "Tarnside",
        ),
    ],
)
def test_the_council_is_spelt_as_the_title_prints_it(title, council):
    kind = {"F": DocumentKind.FOCUSED_VISIT, "M": DocumentKind.MONITORING_VISIT, "J": DocumentKind.JTAI}[title[0]]
    letter = parse(_letter(f"Dear Ms Penhallow\n{title}\nThis letter summarises the findings."), kind)
    assert letter.local_authority == council


@pytest.mark.parametrize(
    ("letter_date", "printed", "start", "end"),
    [
        ("4 February 2019", "on 18 and 19 December", dt.date(2018, 12, 18), dt.date(2018, 12, 19)),
        ("4 February 2019", "on 30 December and 2 January", dt.date(2018, 12, 30), dt.date(2019, 1, 2)),
        ("20 May 2025", "on 9 April", dt.date(2025, 4, 9), dt.date(2025, 4, 9)),
        ("20 May 2025", "on 9 and 10 April 2024", dt.date(2024, 4, 9), dt.date(2024, 4, 10)),
    ],
)
def test_visit_dates_without_a_year_are_before_the_letter(letter_date, printed, start, end):
    document = _letter(
        f"{letter_date}\nDear Ms Penhallow\nFocused visit to Brindleford children’s services\n"
        f"This letter summarises the findings of a focused visit to Brindleford children’s services {printed}.\n"
    )
    letter = parse(document, DocumentKind.FOCUSED_VISIT)
    assert (letter.inspection_start, letter.inspection_end) == (start, end)


@pytest.mark.parametrize(
    ("printed", "outcome"),
    [
        ("(principle 4)", "principle 4"),
        ("(enabler 2)", "enabler 2"),
        ("(outcome 1, national framework)", "outcome 1, national framework"),
        ("(National Framework, Outcome 1)", "National Framework, Outcome 1"),
        ("(care leavers)", None),
    ],
)
def test_a_framework_tag_is_a_bracket_at_the_end_naming_the_framework(printed, outcome):
    document = _letter(
        "Dear Ms Penhallow\nFocused visit to Brindleford children’s services\n"
        "What needs to improve in this area of social work practice?\n"
        f"◼ The quality of plans for young people {printed}.\nFindings\nPlans are late."
    )
    (item,) = parse(document, DocumentKind.FOCUSED_VISIT).improvements
    assert item.outcome == outcome
    assert item.text == (
        "The quality of plans for young people." if outcome else f"The quality of plans for young people {printed}."
    )


def _items(list_lines: str) -> list[tuple[str, str]]:
    document = _letter(
        "Dear Ms Penhallow\nFocused visit to Brindleford children’s services\n"
        f"{list_lines}\nFindings\nSupervision is regular."
    )
    return [(item.kind.value, item.text) for item in parse(document, DocumentKind.FOCUSED_VISIT).improvements]


def test_a_lead_in_announcing_the_list_is_no_item():
    assert _items(
        "Areas for priority action\nThe local authority needs to take swift and decisive action on the\n"
        "following areas:\n◼ the quality of plans\n◼ the frequency of visits."
    ) == [("priority_action", "the quality of plans"), ("priority_action", "the frequency of visits.")]


def test_bullets_that_finish_the_lead_ins_sentence_are_one_item_with_it():
    assert _items(
        "Area for priority action\nThe local authority needs to act on delays in permanence for children,\n"
        "including:\n◼ timely use of pre-proceedings\n◼ swifter progress of plans.\n"
        "What needs to improve in this area of social work practice\n◼ The quality of audits."
    ) == [
        (
            "priority_action",
            "The local authority needs to act on delays in permanence for children, including: "
            "timely use of pre-proceedings swifter progress of plans.",
        ),
        ("improve", "The quality of audits."),
    ]


def test_sentences_under_a_list_heading_without_bullets_are_no_items():
    assert (
        _items(
            "Areas for priority action\nThe areas for priority action set at the last focused visit remain.\n"
            "There are no additional priority actions."
        )
        == []
    )


# --- a letter through the whole run ------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letter_input")
    render(reports.FOCUSED_VISIT_2019, folder / f"{reports.FOCUSED_VISIT_2019.name}.pdf")
    out = tmp_path_factory.mktemp("letter_run")
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "--quiet", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out


def _table(out, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_run_writes_the_letters_header_as_its_document_row(letter_run):
    (row,) = _table(letter_run, "documents").to_dict("records")
    assert (row["kind"], row["status"], row["local_authority"]) == ("focused_visit", "ok", "Brindleford")
    assert (row["inspection_start"], row["inspection_end"], row["published"]) == (
        "2018-12-18",
        "2018-12-19",
        "2019-02-04",
    )
    assert (row["lead_inspector"], row["focus"]) == ("Morwenna Tallis", reports.FOCUSED_VISIT_2019.focus)
    report = json.loads(next((letter_run / "reports").glob("*.json")).read_text(encoding="utf-8"))
    assert report["focus"] == reports.FOCUSED_VISIT_2019.focus


def test_run_writes_the_letters_items_themed_and_evidenced(letter_run):
    items = _table(letter_run, "improvements")
    assert list(items["kind"]) == ["priority_action", "improve", "improve"]
    assert items.loc[0, "text"] == "The timeliness of child protection enquiries when risks to children increase."
    assert all(items["theme"]) and all(items["evidence_paras"])


def test_run_plans_the_priority_action_first_due_three_months_after_the_letter(letter_run):
    plan = _table(letter_run, "action_plan")
    assert list(plan["kind"]) == ["priority_action", "improve", "improve"]
    first = plan.iloc[0]
    assert first["council"] == "Brindleford"
    assert first["report"] == "Focused visit, 18 to 19 December 2018"
    assert first["target_date"] == "2019-05-04"


def test_run_workbooks_hold_the_letter(letter_run):
    (book_path,) = [path for path in (letter_run / "workbooks").glob("*.xlsx") if path.name != "all-reports.xlsx"]
    for path in (book_path, letter_run / "workbooks" / "all-reports.xlsx"):
        book = load_workbook(path, read_only=True)
        plan = [row for row in book["Action plan"].iter_rows(values_only=True)]
        assert any("The timeliness of child protection enquiries" in str(cell) for row in plan for cell in row), (
            path.name
        )
        summary = [cell for row in book["Summary"].iter_rows(values_only=True) for cell in row]
        assert "Brindleford" in summary, path.name


def test_camden_2023_focused_visit_whose_title_names_no_council_takes_it_from_the_opening_sentence():
    """Real letter (Camden, 2023, focused visit): the title line is "Focused visit to children's
    services"; the opening sentence names the council. Text invented in that shape."""
    from conftest import fictional_document

    from pipeline.parse import letters
    from pipeline.schema import DocumentKind

    document = fictional_document(
        "5 December 2023\nJo Ridley\nDirector of Children’s Services\nTarnley Borough Council\nDear Jo,\n"
        "Focused visit to children’s services\n"
        "This letter summarises the findings of the focused visit to Tarnley children’s services\n"
        "on 31 October and 1 November 2023. His Majesty’s Inspectors for this visit were\n"
        "Ruth Okon and Ali Brandt.\nInspectors looked at the local authority’s arrangements for children in need.\n"
        "Headline findings\nChildren are seen regularly.\n"
        "Yours sincerely\nRuth Okon\nHis Majesty’s Inspector\n"
    )
    assert letters.parse(document, DocumentKind.FOCUSED_VISIT).local_authority == "Tarnley"
