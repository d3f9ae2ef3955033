"""How a run is scored against the gold: small made-up reports, one rule each."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lab import evaluate
from pipeline import store
from pipeline.store.runfolder import RunFolder
from pipeline.schema import (
    DocumentKind,
    DocumentRow,
    DocumentStatus,
    Grade,
    ImprovementItem,
    InspectionReport,
    ItemKind,
    Judgement,
    AreaKey,
    Paragraph,
    Section,
)

PATH = "1_somewhere/children's services inspection - 01 may 2022.pdf"
LEADERS = "The impact of leaders on social work practice with children and families"
OVERALL = "Overall effectiveness"


def gold_label(**fields) -> evaluate.GoldReport:
    label = {
        "path": PATH,
        "kind": "ilacs",
        "local_authority": "Somewhere Council",
        "inspection_start": "2022-03-07",
        "inspection_end": "2022-03-18",
        "published": None,
        "lead_inspector": "A Person",
        "judgements": [{"area": LEADERS, "grade": "good"}, {"area": OVERALL, "grade": "good"}],
        "improvements": [
            {"text": "The ‘front door’ response to children.", "kind": "improve", "outcome": None},
            {"text": "Plans with timescales.", "kind": "improve", "outcome": "outcome 1, national framework"},
        ],
        "sections": [{"title": "Leaders", "grade": "good", "first_para": 1, "last_para": 9}],
        **fields,
    }
    return evaluate.GoldReport.model_validate(label)


def our_report(**fields) -> InspectionReport:
    report = {
        "doc_id": "d",
        "source_path": PATH,
        "sha256": "0",
        "kind": DocumentKind.ILACS,
        "local_authority": "Somewhere Council",
        "inspection_start": dt.date(2022, 3, 7),
        "inspection_end": dt.date(2022, 3, 18),
        "published": None,
        "lead_inspector": "A Person",
        "framework": None,
        "pages": 9,
        "judgements": (
            Judgement(order=1, area=LEADERS, area_key=AreaKey.IMPACT_OF_LEADERS, grade=Grade.GOOD),
            Judgement(order=2, area=OVERALL, area_key=AreaKey.OVERALL_EFFECTIVENESS, grade=Grade.GOOD),
        ),
        "improvements": (
            ImprovementItem(item_no=1, kind=ItemKind.IMPROVE, text="The 'front door'  response\nto children."),
            ImprovementItem(
                item_no=2,
                kind=ItemKind.IMPROVE,
                text="◼ Plans with timescales.",
                outcome="outcome 1, national framework",
            ),
        ),
        "sections": (Section(title="Leaders", grade=Grade.GOOD, first_para=1, last_para=9),),
        **fields,
    }
    return InspectionReport.model_validate(report)


def run_of(*reports: InspectionReport, rows: tuple[DocumentRow, ...] = ()) -> evaluate.Run:
    all_rows = {r.source_path: store.document_row(r) for r in reports}
    all_rows.update({row.source_path: row for row in rows})
    return evaluate.Run(rows=all_rows, reports={r.source_path: r for r in reports})


def score(label: evaluate.GoldReport, run: evaluate.Run) -> evaluate.Evaluation:
    return evaluate.evaluate([label], run)


def test_a_report_that_matches_its_label_scores_full_marks_on_every_figure():
    evaluation = score(gold_label(), run_of(our_report()))
    wrong = [t for t in evaluation.tallies if t.right != t.total]
    assert not wrong and not evaluation.mismatches, (wrong, evaluation.mismatches)
    assert evaluation.tally("items precision").total == 2


@pytest.mark.parametrize(
    "gold_text, our_text",
    [
        ("The ‘front door’ response.", "The 'front door' response."),  # quote style
        ("Children’s plans.", "Children's  plans.\n"),  # whitespace
        ("Reviews: – of plans – of visits.", "Reviews: \uf02d of plans \uf02d of visits."),  # nested bullets
        ("Plans.", "\uf06e Plans."),  # a leading bullet glyph
    ],
)
def test_item_text_is_compared_apart_from_whitespace_quote_style_and_bullet_glyphs(gold_text, our_text):
    assert evaluate.comparable(gold_text) == evaluate.comparable(our_text)


def test_different_words_are_different_items():
    assert evaluate.comparable("Plans.") != evaluate.comparable("Plans")


def test_an_extra_item_costs_precision_and_a_missing_one_costs_recall_naming_both_texts():
    extra = ImprovementItem(item_no=2, kind=ItemKind.IMPROVE, text="Plans with timescales and")
    items = (our_report().improvements[0], extra)
    evaluation = score(gold_label(), run_of(our_report(improvements=items)))
    assert (evaluation.tally("items precision").right, evaluation.tally("items precision").total) == (1, 2)
    assert (evaluation.tally("items recall").right, evaluation.tally("items recall").total) == (1, 2)
    [missing] = evaluation.mismatches_of("items recall")
    assert (missing.gold, missing.ours) == ("Plans with timescales.", "Plans with timescales and")


def test_a_wrong_grade_is_found_by_its_area_even_when_the_order_differs():
    judgements = (
        Judgement(order=1, area=OVERALL, area_key=AreaKey.OVERALL_EFFECTIVENESS, grade=Grade.INADEQUATE),
        Judgement(order=2, area=LEADERS, area_key=AreaKey.IMPACT_OF_LEADERS, grade=Grade.GOOD),
    )
    evaluation = score(gold_label(), run_of(our_report(judgements=judgements)))
    assert evaluation.tally("judgement grade").right == 1
    assert evaluation.tally("judgement area").right == 0  # both printed in the wrong place
    [grade] = evaluation.mismatches_of("judgement grade")
    assert (grade.gold, grade.ours) == ("good", "inadequate")


def test_not_judged_is_a_null_grade():
    label = gold_label(judgements=[{"area": LEADERS, "grade": None}])
    judgement = Judgement(order=1, area=LEADERS, area_key=AreaKey.IMPACT_OF_LEADERS, grade=None)
    evaluation = score(label, run_of(our_report(judgements=(judgement,))))
    assert evaluation.tally("judgement grade").rate == 1.0


def test_gold_other_is_our_lac_2012_and_unlabelled_parts_are_not_scored():
    label = gold_label(kind="other", judgements=None, improvements=None, sections=None)
    evaluation = score(label, run_of(our_report(kind=DocumentKind.LAC_2012, improvements=())))
    assert evaluation.tally("kind").rate == 1.0
    assert evaluation.tally("items precision").total == 0


def test_gold_not_a_pdf_must_be_an_error_row_whatever_its_kind():
    label = gold_label(
        kind="not_a_pdf",
        local_authority=None,
        inspection_start=None,
        inspection_end=None,
        lead_inspector=None,
        judgements=[],
        improvements=[],
        sections=[],
    )
    error_row = DocumentRow(doc_id="d", source_path=PATH, sha256="0", kind=None, status="error", error="HTML")
    assert score(label, run_of(rows=(error_row,))).tally("kind").rate == 1.0
    ok_row = error_row.model_copy(update={"status": DocumentStatus.OK, "kind": DocumentKind.OTHER, "error": None})
    evaluation = score(label, run_of(rows=(ok_row,)))
    assert evaluation.tally("kind").rate == 0.0 and evaluation.tally("status").rate == 0.0


def test_a_header_field_mismatch_says_what_the_report_said_and_what_we_extracted():
    evaluation = score(gold_label(), run_of(our_report(inspection_end=dt.date(2022, 3, 11))))
    [mismatch] = evaluation.mismatches
    assert (mismatch.field, mismatch.gold, mismatch.ours) == ("inspection_end", "2022-03-18", "2022-03-11")


def test_a_file_missing_from_the_run_is_wrong_not_skipped():
    evaluation = score(gold_label(), run_of())
    assert evaluation.tally("kind").rate == 0.0


def test_sections_are_paired_by_title_and_extra_sections_count_against_titles():
    sections = (
        Section(title="Leaders", grade=Grade.GOOD, first_para=1, last_para=8),
        Section(title="Summary", grade=None, first_para=None, last_para=None),
    )
    evaluation = score(gold_label(), run_of(our_report(sections=sections)))
    assert evaluation.tally("section range").rate == 0.0
    assert evaluation.tally("section grade").rate == 1.0
    assert (evaluation.tally("section title").right, evaluation.tally("section title").total) == (1, 2)


def test_an_empty_run_misses_every_target():
    missed = {t.metric for t in evaluate.missed_targets(evaluate.Evaluation(tallies=(), mismatches=()))}
    assert missed == {t.metric for t in evaluate.TARGETS}


def test_a_perfect_run_meets_every_target_it_can_measure_here():
    missed = {t.metric for t in evaluate.missed_targets(score(gold_label(), run_of(our_report())))}
    assert missed == {"status (whole corpus)"}  # needs the corpus folder


def test_a_run_is_read_back_from_its_output_folder(tmp_path):
    report = our_report()
    store.write_model(RunFolder(tmp_path).report(report.doc_id), report)
    rows = {name: [] for name in store.TABLE_COLUMNS}
    rows["documents"].append(store.document_row(report).model_dump(mode="json"))
    store.write_tables(tmp_path, store.build_tables(rows))
    assert RunFolder(tmp_path).has_run()
    run = evaluate.read_run(tmp_path)
    assert run.reports[PATH] == report and run.rows[PATH] == store.document_row(report)


def test_gold_lines_are_read_into_labels(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_label().model_dump(mode="json") | {"notes": "x"}) + "\n\n")
    assert evaluate.read_gold(path) == [gold_label()]


def test_a_well_formed_report_passes_every_check_that_needs_no_labels():
    report = our_report(
        judgements=our_report().judgements[:1] * 3 + our_report().judgements[1:],
        paragraphs=tuple(Paragraph(para_no=n, section="Leaders", page=2, text="x") for n in range(1, 10)),
    )
    consistency = evaluate.consistency(run_of(report))
    assert not consistency.mismatches, consistency.mismatches
    assert {t.metric for t in consistency.tallies} == set(evaluate.CONSISTENCY_METRICS)


@pytest.mark.parametrize(
    "change, check",
    [
        ({"lead_inspector": None}, "header complete"),
        ({"inspection_end": dt.date(2022, 6, 1)}, "dates before listing"),  # after the file's 01 May 2022
        ({"judgements": our_report().judgements[:1]}, "judgement table shape"),
        (
            {"paragraphs": tuple(Paragraph(para_no=n, section=None, page=2, text="x") for n in (1, 2, 4))},
            "paragraphs 1..N",
        ),
        ({"improvements": ()}, "has improvement items"),
    ],
)
def test_a_report_that_breaks_a_rule_of_its_kind_is_named_with_what_was_expected(change, check):
    consistency = evaluate.consistency(run_of(our_report(**change)))
    [mismatch] = [m for m in consistency.mismatches if m.metric == check]
    assert mismatch.path == PATH and mismatch.gold  # says what was expected
    assert consistency.tally(check).right == 0


def test_words_of_a_sentence_taken_for_the_lead_inspector_are_flagged():
    consistency = evaluate.consistency(run_of(our_report(lead_inspector="attended by both the director and")))
    assert consistency.tally("lead inspector is a name").right == 0
    assert evaluate.consistency(run_of(our_report())).tally("lead inspector is a name").right == 1
