"""Specifications of "Check before use": a row is marked where its draft does not fit its item, so
that it needs rewriting rather than a light edit; a doubtful quote is shown, not flagged."""

import csv

import pytest

from lab.review_flag import check_of, rated_rows, sample_of, split_line
from pipeline.plan.items import ItemObject
from pipeline.plan.review import counts_activity, misread_object, unnamed_terms
from pipeline.schema import ReportPart
from tests.test_plan import item, make_report, only_row


def flagged_for(text: str, theme: str, part: ReportPart | None = None) -> str:
    row = only_row(make_report(item(text, theme=theme, **({"part": part} if part else {}))))
    assert row.needs_review == bool(row.review_reason)
    return row.review_reason or ""


@pytest.mark.parametrize(
    "text, theme, part",
    [
        (
            "The SSCB needs to take steps to be fully compliant with its statutory duties.",
            "leadership_governance",
            ReportPart.LSCB,
        ),
        ("Ensure that the board is effective.", "leadership_governance", ReportPart.LSCB),
    ],
)
def test_an_object_misread_from_the_item_is_flagged(text, theme, part):
    assert "what the item asks to change may be misread" in flagged_for(text, theme, part)


def test_an_object_read_again_past_the_boards_verb_is_not_flagged():
    # Flagged as misread until the eleventh round, which reads what the board's verb acts on instead.
    text = "Ensure that the LSCB improves its communications with the children's workforce."
    assert "misread" not in flagged_for(text, "leadership_governance", ReportPart.LSCB)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("children and young people", "people or a board"),
        ("the SSCB", "people or a board"),
        ("BSCB needs to take steps", "keeps the item's verb"),
        ("challenge weaker outcomes for children in care", "keeps the item's verb"),
        ("current governance arrangements to", "cut short"),
        ("children who are missing from education", None),  # a verb in its own clause is the object's
        ("child in need plans", None),
        ("the timeliness of initial health assessments", None),
    ],
)
def test_what_marks_an_object_as_misread(text, expected):
    reason = misread_object(ItemObject(text))
    assert (reason is None) if expected is None else (expected in reason), reason


def test_a_measure_of_work_done_is_flagged_with_the_mechanism_it_counts():
    assert "counts the audits mechanism's own work" in flagged_for(
        "Improve the audit arrangements.", "quality_assurance"
    )
    reason = flagged_for("Improve the family support service.", "early_help")
    assert "counts work done or a thing in place" in reason
    # A framework with no aspect was measured "in place and in use" and flagged; since the eleventh
    # round its measure judges it (an independent review against the agreed standard): repaired, not flagged.
    assert "counts work" not in flagged_for("Strengthen the governance of the virtual school.", "education")
    # Since the fifteenth round the quality of audits is judged against the agreed standard, not
    # counted as audits completed: repaired, not flagged.
    assert "counts" not in flagged_for("The quality of case file audits.", "quality_assurance")


@pytest.mark.parametrize(
    "measure, activity",
    [
        ("Monthly management reviews of the front door held, with their recorded actions completed on time", True),
        ("The virtual school's governance in place and in use, shown in partners' returns", True),
        ("Percentage of children and families using the service who say it met their needs", True),
        ("Audits completed as scheduled (target: 100%), and the actions they set closed by their dates", True),
        ("Milestones of the strategy met by their dates (target: 90%)", True),
        # A judgement of the thing itself, though its second clause counts actions completed.
        (
            "The front door judged effective against the agreed standard, with the actions it sets completed on time",
            False,
        ),
        ("The data complete and on time for each monthly or quarterly report", False),
        ("Percentage of assessments completed within 45 working days (target: 90%)", False),
    ],
)
def test_a_measure_counts_activity_by_its_first_clause(measure, activity):
    assert counts_activity(measure) is activity


def test_a_themes_measure_that_leaves_out_most_of_the_object_is_flagged_with_what_it_leaves_out():
    # "The assessment of risk and safety planning for care leavers" is now graded as such (audited
    # assessments of risk and safety planning ...): a head naming what the assessments are of after it
    # no longer leaves it out.
    reason = flagged_for("Improve the risk and safety assessments for care leavers.", "assessment")
    assert "the Assessment measure leaves out most of what the item asks to change: risk, safety, leavers" in reason


@pytest.mark.parametrize(
    "measure, unnamed",
    [
        ("Percentage of assessments completed within 45 working days", ["risk", "safety", "leavers"]),
        ("Percentage of care leavers with a risk assessment and a safety plan", []),
        ("Percentage of care leavers whose risk is assessed", []),  # half its terms: named enough
    ],
)
def test_what_a_themes_measure_leaves_out(measure, unnamed):
    thing = ItemObject("the assessment of risk and safety planning for care leavers")
    assert unnamed_terms(thing, measure) == unnamed


def test_an_uncertain_theme_is_flagged_only_where_no_step_of_its_playbook_fits():
    reason = flagged_for("Improve the response to children and young people.", "care_leavers_support")
    assert "theme uncertain (confidence 0.00) and no Support for care leavers playbook step" in reason


@pytest.mark.parametrize(
    "text, theme",
    [
        ("The quality of child in need plans.", "planning"),
        ("Improve the timeliness of assessments.", "assessment"),
        ("Improve the quality of assessments.", "assessment"),
    ],
)
def test_a_draft_that_fits_its_item_is_not_flagged(text, theme):
    assert flagged_for(text, theme) == ""


@pytest.mark.parametrize(
    "evidence, check",
    [
        ((), "no evidence paragraph linked"),
        (((2, 0.7),), "weak evidence link (best score 0.70)"),
        (((5, 0.9),), "is about Management oversight"),
    ],
)
def test_doubtful_evidence_is_an_evidence_check_not_a_reason_to_rework(evidence, check):
    report = make_report(item("The quality of plans.", evidence=evidence))
    themed = tuple(p.model_copy(update={"theme": "management_oversight"}) for p in report.paragraphs)
    row = only_row(report.model_copy(update={"paragraphs": themed}))
    assert not row.needs_review, row.review_reason
    assert check in row.evidence_check


def test_a_reason_is_counted_by_its_check_without_the_items_words():
    reason = "what the item asks to change may be misread: 'the SSCB' is people or a board, not what about them"
    assert check_of(reason) == "what the item asks to change may be misread"
    assert check_of("the Assessment measure leaves out most of what the item asks to change: risk") == (
        "a theme's measure leaves out most of what the item asks to change"
    )
    assert check_of("theme uncertain (confidence 0.12) and no Early help playbook step shares the item's subject") == (
        "theme uncertain and no playbook step shares the item's subject"
    )


def test_each_sample_is_measured_on_its_latest_rating_and_a_blind_one_only_once_rated(tmp_path):
    review = tmp_path / "review.csv"
    fields = ["version", "doc_id", "item_no", "adoptable"]
    rows = [
        ("before (main, f9bf349)", "a", "1", "n"),
        ("after (plans branch)", "a", "1", "y"),
        ("eighth round, blind sample 8", "b", "2", "n"),
        ("blind sample 10 (not yet rated)", "c", "3", ""),
        ("eighth round, blind sample 8", "b", "3", ""),  # a sample rated elsewhere is not "not yet rated"
    ]
    with open(review, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        writer.writerows(rows)
    rated, unrated = rated_rows(review)
    assert [(r.sample, r.doc_id, r.adoptable) for r in rated] == [(1, "a", True), (8, "b", False)]
    assert unrated == {10: 1}
    assert sample_of("tenth round, blind sample 10") == 10


def test_the_split_counts_adoptable_rows_among_flagged_and_unflagged():
    line = split_line("dev", [(True, True), (True, False), (False, True)])
    assert line == "dev: flagged 1 of 2 (50%) adoptable, unflagged 1 of 1 (100%)"
