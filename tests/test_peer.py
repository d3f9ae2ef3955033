"""The peer comparison: how the peer's table is joined to our outputs and mapped onto our records,
on a tiny made-up table; then, on the real corpus, that every disagreement the gold can settle is
settled in our favour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lab import evaluate, peer
from pipeline import store
from pipeline.schema import (
    AreaKey,
    DocumentKind,
    DocumentRow,
    Framework,
    Grade,
    InspectionReport,
    Judgement,
)

HEADER = (
    "urn,local_authority,inspection_link,pdf_filename,publication_date,inspection_framework,"
    "inspector_name,inspection_start_date,inspection_end_date,overall_effectiveness_grade,"
    "impact_of_leaders_grade,help_and_protection_grade,in_care_grade,care_leavers_grade,parser_version"
)
PEER_CSV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "peer_ilacs_history.csv"
FILE = "1_some place/children's services inspection - 09 may 2025.pdf"


def peer_table(tmp_path, *rows: str) -> list[peer.PeerRow]:
    path = tmp_path / "peer.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return peer.read_peer(path)


def judgement(order: int, key: AreaKey, grade: Grade | None) -> Judgement:
    return Judgement(order=order, area=key.value, area_key=key, grade=grade, page=1)


def report(kind=DocumentKind.ILACS, judgements=(), **fields) -> InspectionReport:
    values = {
        "doc_id": "d",
        "source_path": FILE,
        "sha256": "0",
        "kind": kind,
        "local_authority": "Some Place",
        "inspection_start": dt.date(2025, 3, 17),
        "inspection_end": dt.date(2025, 3, 21),
        "published": None,
        "lead_inspector": "Ann Other",
        "framework": Framework.SHORT,
        "pages": 9,
        "judgements": judgements,
        **fields,
    }
    return InspectionReport.model_validate(values)


def run_of(our: InspectionReport) -> evaluate.Run:
    return evaluate.Run(rows={FILE: store.document_row(our)}, reports={FILE: our})


FOUR_ROW_TABLE = (
    judgement(1, AreaKey.IMPACT_OF_LEADERS, Grade.GOOD),
    judgement(2, AreaKey.HELP_AND_PROTECTION, Grade.GOOD),
    judgement(3, AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS, Grade.REQUIRES_IMPROVEMENT),
    judgement(4, AreaKey.OVERALL_EFFECTIVENESS, Grade.GOOD),
)
PEER_FOUR_ROWS = (
    f"1,some place,x,{FILE[len('1_some place/') :]},09/05/25,short,Ann Other,17/03/2025,21/03/2025,"
    "good,good,good,requires improvement,inspection_pre_dates_judgement,1"
)


def test_the_peer_row_is_joined_on_urn_folder_and_file_name_with_its_dates_made_iso(tmp_path):
    [row] = peer_table(tmp_path, PEER_FOUR_ROWS)
    assert row.file == FILE
    assert (row.values["publication_date"], row.values["inspection_start_date"]) == ("2025-05-09", "2025-03-17")


def test_a_report_that_says_what_the_peer_says_has_no_disagreement(tmp_path):
    comparison = peer.compare(peer_table(tmp_path, PEER_FOUR_ROWS), run_of(report(judgements=FOUR_ROW_TABLE)))
    assert comparison.disagreements == ()
    assert comparison.compared["care_leavers_grade"] == 1


def test_a_joint_children_in_care_and_care_leavers_row_means_care_leavers_were_not_judged_apart():
    assert peer.our_grade(report(judgements=FOUR_ROW_TABLE), "care_leavers_grade") == peer.PRE_DATES_JUDGEMENT
    assert peer.our_grade(report(judgements=FOUR_ROW_TABLE), "in_care_grade") == "requires improvement"


def test_the_2026_framework_reports_no_overall_effectiveness():
    ours = report(kind=DocumentKind.ILACS_2026, judgements=FOUR_ROW_TABLE[:3])
    assert peer.our_grade(ours, "overall_effectiveness_grade") == peer.NOT_REPORTED_POST_REFORM


def test_sif_leadership_management_and_governance_fills_the_leaders_column():
    sif = report(
        kind=DocumentKind.SIF,
        judgements=(
            judgement(1, AreaKey.OVERALL_EFFECTIVENESS, Grade.INADEQUATE),
            judgement(2, AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE, Grade.REQUIRES_IMPROVEMENT),
            judgement(3, AreaKey.ADOPTION_PERFORMANCE, None),
        ),
    )
    assert peer.our_grade(sif, "impact_of_leaders_grade") == "requires improvement"
    assert peer.our_grade(sif, "care_leavers_grade") == ""


def test_data_unreadable_disagrees_with_a_grade_we_read_but_agrees_with_none(tmp_path):
    row = PEER_FOUR_ROWS.replace(
        "good,good,good,requires improvement", "data_unreadable,good,good,requires improvement"
    )
    comparison = peer.compare(peer_table(tmp_path, row), run_of(report(judgements=FOUR_ROW_TABLE)))
    [disagreement] = comparison.disagreements
    assert (disagreement.field, disagreement.peer, disagreement.ours) == (
        "overall_effectiveness_grade",
        "data_unreadable",
        "good",
    )
    comparison = peer.compare(peer_table(tmp_path, row), run_of(report(judgements=FOUR_ROW_TABLE[:3])))
    assert comparison.disagreements == ()


def test_the_listing_date_is_compared_only_where_the_report_prints_a_publication_date(tmp_path):
    rows = peer_table(tmp_path, PEER_FOUR_ROWS)
    assert "publication_date" not in peer.compare(rows, run_of(report(judgements=FOUR_ROW_TABLE))).compared
    printed = report(judgements=FOUR_ROW_TABLE, published=dt.date(2025, 5, 8))
    [disagreement] = peer.compare(rows, run_of(printed)).disagreements
    assert (disagreement.field, disagreement.peer, disagreement.ours) == (
        "publication_date",
        "2025-05-09",
        "2025-05-08",
    )


def test_a_file_we_could_not_read_is_one_document_disagreement(tmp_path):
    row = DocumentRow(doc_id="d", source_path=FILE, sha256="0", kind=None, status="error", error="an HTML page")
    run = evaluate.Run(rows={FILE: row}, reports={})
    [disagreement] = peer.compare(peer_table(tmp_path, PEER_FOUR_ROWS), run).disagreements
    assert (disagreement.field, disagreement.ours) == (peer.DOCUMENT, "error: an HTML page")


def test_a_peer_file_missing_from_our_outputs_is_reported_not_dropped(tmp_path):
    other = PEER_FOUR_ROWS.replace("1,some place", "2,elsewhere", 1)
    comparison = peer.compare(peer_table(tmp_path, other), run_of(report(judgements=FOUR_ROW_TABLE)))
    assert comparison.unmatched == ("2_elsewhere/" + FILE.split("/")[1],)


def test_hand_notes_below_the_marker_survive_regeneration():
    previous = "old\n" + peer.HAND_NOTES_MARKER + "\nChecked by hand: page 3.\n"
    regenerated = peer.with_hand_notes("new\n\n" + peer.HAND_NOTES_MARKER + "\n", previous)
    assert regenerated.endswith(peer.HAND_NOTES_MARKER + "\n\nChecked by hand: page 3.\n")
    assert regenerated.startswith("new")


@pytest.mark.corpus
def test_where_the_gold_labels_a_field_we_disagree_with_the_peer_on_ours_is_the_gold_value(corpus_run, gold):
    if not PEER_CSV.exists():
        pytest.skip(f"{PEER_CSV} is absent: the real-corpus checks need ../shared beside the checkout")
    run = evaluate.read_run(corpus_run)
    comparison = peer.compare(peer.read_peer(PEER_CSV), run)
    labels = {label["path"]: evaluate.GoldReport.model_validate(label) for label in gold}
    settled = []
    for d in comparison.disagreements:
        truth = peer.gold_value(labels[d.file], d.field, run.reports.get(d.file)) if d.file in labels else None
        if truth is not None:
            settled.append((d, truth))
    ours_wrong = [
        f"{d.file} | {d.field}: report says {truth!r}, we extracted {d.ours!r}, peer {d.peer!r}"
        for d, truth in settled
        if truth != d.ours
    ]
    assert settled, "no disagreement on a gold-labelled field: the comparison found nothing to settle"
    assert not ours_wrong, "\n".join(ours_wrong)


def test_a_value_the_pdf_does_not_show_is_left_for_a_person_not_blamed_on_the_peer(tmp_path):
    blank = PEER_FOUR_ROWS.replace("Ann Other", "")
    run = run_of(report(judgements=FOUR_ROW_TABLE))
    comparison = peer.compare(peer_table(tmp_path, blank), run)
    [verdict] = peer.judge(comparison, run, corpus=tmp_path / "no corpus here")
    assert (verdict.verdict, verdict.page) == (peer.UNDECIDED, None)


@pytest.mark.parametrize(
    "text, is_name",
    [
        ("Fiona J Millns", True),
        ("Jenny-ellen Scotland", True),
        ("attended by both the director and", False),
        ("Smith", False),
    ],
)
def test_only_a_name_can_be_an_inspector_the_pdf_shows(text, is_name):
    assert evaluate.looks_like_a_name(text) is is_name
