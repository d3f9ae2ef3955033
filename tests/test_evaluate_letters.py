"""`findings-lab evaluate-letters`: a run's letters scored against hand labels, on fictional records."""

from __future__ import annotations

import datetime as dt

import pytest

from lab import evaluate_letters as scoring
from lab.evaluate import Run
from pipeline.schema import DocumentKind, DocumentRow, DocumentStatus, ImprovementItem, InspectionReport, ItemKind

PATH = "80477_kingston upon hull/children's services focused visit - 10 march 2023.pdf"


def _run(council: str, items: tuple[str, ...], lead: str = "Morwenna Tallis") -> Run:
    report = InspectionReport(
        doc_id="hull",
        source_path=PATH,
        sha256="",
        kind=DocumentKind.FOCUSED_VISIT,
        local_authority=council,
        inspection_start=dt.date(2023, 2, 1),
        inspection_end=dt.date(2023, 2, 2),
        published=dt.date(2023, 3, 10),
        lead_inspector=lead,
        framework=None,
        pages=4,
        improvements=tuple(
            ImprovementItem(item_no=n, kind=ItemKind.IMPROVE, text=text) for n, text in enumerate(items, 1)
        ),
    )
    row = DocumentRow(
        status=DocumentStatus.OK, **{k: getattr(report, k) for k in DocumentRow.model_fields if hasattr(report, k)}
    )
    return Run(rows={PATH: row}, reports={PATH: report})


def _label(**fields) -> scoring.LetterLabel:
    values = {
        "path": PATH,
        "kind": "focused_visit",
        "local_authority": "Kingston upon Hull",
        "visit_start": "2023-02-01",
        "visit_end": "2023-02-02",
        "letter_date": "2023-03-10",
        "lead_inspector": None,
        "signatory": "Morwenna Tallis",
        "items": [{"text": "The quality of plans for children in need.", "kind": "improve", "outcome": None}],
    }
    return scoring.LetterLabel.model_validate({**values, **fields})


def _rate(evaluation, metric: str) -> float | None:
    return evaluation.tally(metric).rate


def test_councils_match_by_identity_not_spelling():
    evaluation = scoring.evaluate(
        [_label()], _run("Hull City Council", ("The quality of plans for children in need.",))
    )
    assert _rate(evaluation, "council") == 1.0


def test_another_council_is_a_mismatch():
    evaluation = scoring.evaluate(
        [_label()], _run("East Riding of Yorkshire", ("The quality of plans for children in need.",))
    )
    assert _rate(evaluation, "council") == 0.0 and evaluation.mismatches[0].field == "council"


def test_the_lead_is_the_labels_named_lead_else_its_signatory():
    run = _run("Hull", ("The quality of plans for children in need.",), lead="Clement Ashdown")
    assert _rate(scoring.evaluate([_label()], run), "lead_inspector") == 0.0
    assert _rate(scoring.evaluate([_label(lead_inspector="Clement Ashdown")], run), "lead_inspector") == 1.0


@pytest.mark.parametrize(
    "ours",
    ["The ‘quality’ of plans – for children in need.", "the 'quality' of plans - for children\n in  need."],
)
def test_item_text_is_compared_casefolded_with_whitespace_quotes_and_dashes_alike(ours):
    label = _label(
        items=[{"text": "The ‘quality’ of plans – for children in need.", "kind": "improve", "outcome": None}]
    )
    evaluation = scoring.evaluate([label], _run("Hull", (ours,)))
    assert (_rate(evaluation, "items precision"), _rate(evaluation, "items recall")) == (1.0, 1.0)


def test_a_missed_and_an_extra_item_count_against_recall_and_precision():
    run = _run("Hull", ("Something else entirely.",))
    evaluation = scoring.evaluate([_label()], run)
    assert (_rate(evaluation, "items precision"), _rate(evaluation, "items recall")) == (0.0, 0.0)
    assert {m.metric for m in evaluation.mismatches} == {"items precision", "items recall"}


def test_checks_without_labels_flag_dates_out_of_order_and_a_letter_without_items():
    run = _run("Hull", ())
    row = run.rows[PATH].model_copy(update={"published": dt.date(2023, 1, 1)})
    checks = scoring.checks(run.model_copy(update={"rows": {PATH: row}}))
    assert checks.tally("dates present and in order", "every letter").rate == 0.0
    assert checks.tally("at least one item", "every letter").rate == 0.0
    assert checks.tally("council present", "every letter").rate == 1.0
