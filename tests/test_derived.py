"""What analysts get beside the parsed rows: one identity per council, typed dates, grade ranks,
publication dates from the listing, the latest inspection of each council."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow.parquet as pq

from pipeline import compare, store

from pipeline.store import derived


def _documents(*rows: dict) -> pd.DataFrame:
    defaults = {"status": "ok", "published": None, "inspection_end": None, "kind": "ilacs", "framework": None}
    return pd.DataFrame([{**defaults, **row} for row in rows])


def _judgements(*overall: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "doc_id": doc_id,
                "order": 1,
                "area": "Overall effectiveness",
                "area_key": "overall_effectiveness",
                "grade": grade,
                "page": 1,
            }
            for doc_id, grade in overall
        ]
    )


NORFOLK = _documents(
    {
        "doc_id": "a",
        "source_path": "80418_norfolk/children's services inspection - 01 february 2019.pdf",
        "local_authority": "Norfolk County Council",
        "inspection_start": "2018-11-05",
        "inspection_end": "2018-11-16",
    },
    {
        "doc_id": "b",
        "source_path": "80418_norfolk/children's services inspection - 12 june 2022.pdf",
        "local_authority": "Norfolk",
        "inspection_start": "2022-04-04",
        "inspection_end": "2022-04-14",
    },
    {
        "doc_id": "c",
        "source_path": "80418_norfolk/inspection 2014.pdf",
        "kind": "sif",
        "local_authority": "Norfolk Council",
        "inspection_start": "2013-11-04",
        "published": "2014-01-10",
    },
)


def test_every_spelling_of_a_council_gets_one_name_its_la_code_and_region():
    documents = derived.add({"documents": NORFOLK})["documents"]
    assert set(documents["council_name"]) == {"Norfolk"}
    assert set(documents["la_code"]) == {"926"}
    assert set(documents["region"]) == {"East of England"}
    assert list(documents["local_authority"]) == list(NORFOLK["local_authority"]), "the printed name is kept"


def test_a_council_the_reference_table_does_not_know_keeps_its_printed_name_without_codes():
    documents = derived.add(
        {
            "documents": _documents(
                {
                    "doc_id": "x",
                    "source_path": "x.pdf",
                    "local_authority": "Ashcombe County Council",
                    "inspection_start": "2024-06-03",
                }
            )
        }
    )["documents"]
    row = documents.iloc[0]
    assert (row["council_name"], row["la_code"], row["council_key"]) == ("Ashcombe County Council", None, None)


def test_the_publication_date_is_the_printed_one_else_the_listing_date_and_says_which():
    documents = derived.add({"documents": NORFOLK})["documents"].set_index("doc_id")
    assert documents.loc["c", "publication_date"] == dt.date(2014, 1, 10)
    assert documents.loc["c", "published_basis"] == "printed"
    assert documents.loc["b", "publication_date"] == dt.date(2022, 6, 12)
    assert documents.loc["b", "published_basis"] == "listing"


def test_dates_are_stored_as_dates_and_the_csv_prints_them_as_before(tmp_path):
    tables = derived.add({"documents": NORFOLK, "judgements": _judgements(("a", "good"))})
    store.write_tables(tmp_path, tables)
    schema = pq.read_schema(tmp_path / "tables" / "documents.parquet")
    for column in ("inspection_start", "inspection_end", "published", "publication_date"):
        assert str(schema.field(column).type) == "date32[day]", column
    assert "2022-04-04" in (tmp_path / "tables" / "documents.csv").read_text(encoding="utf-8")


def test_judgements_carry_an_ordered_grade_and_an_unreserved_order_column():
    judgements = derived.add({"judgements": _judgements(("a", "outstanding"), ("b", "inadequate"), ("c", None))})[
        "judgements"
    ]
    assert list(judgements["grade_rank"].astype(object).where(judgements["grade_rank"].notna(), None)) == [1, 4, None]
    assert list(judgements["judgement_order"]) == list(judgements["order"])


def test_latest_inspections_has_one_row_per_council_with_its_latest_and_previous_grades():
    tables = derived.add(
        {
            "documents": NORFOLK,
            "judgements": _judgements(("a", "requires improvement"), ("b", "good"), ("c", "inadequate")),
        }
    )
    latest = tables["latest_inspections"]
    assert len(latest) == 1
    row = latest.iloc[0]
    assert (row["council_name"], row["la_code"], row["region"]) == ("Norfolk", "926", "East of England")
    assert (row["latest_doc_id"], row["latest_grade"], row["latest_grade_rank"]) == ("b", "good", 2)
    assert (row["latest_published"], row["latest_published_basis"]) == (dt.date(2022, 6, 12), "listing")
    assert (row["previous_doc_id"], row["previous_grade"], row["grade_change"]) == (
        "a",
        "requires improvement",
        "improved",
    )
    assert row["next_inspection_by"] == dt.date(2025, 4, 14)
    assert "short inspection" in row["next_inspection_window"]


def test_after_an_inadequate_judgement_no_date_is_promised_for_the_next_inspection():
    due, why = derived.next_inspection("ilacs", "inadequate", dt.date(2023, 3, 1))
    assert due is None and "monitoring" in why


def test_recurring_weaknesses_are_the_comparison_workbooks_pairs_with_the_councils_codes():
    text = "Social workers should visit care leavers regularly and keep pathway plans up to date."
    improvements = pd.DataFrame(
        [
            {"doc_id": doc_id, "item_no": 1, "text": text, "theme": "care_leavers", "secondary_themes": ""}
            for doc_id in ("a", "b")
        ]
    )
    tables = {"documents": NORFOLK, "judgements": _judgements(("a", "good")), "improvements": improvements}
    recurring = derived.add(tables)["recurring_weaknesses"]
    expected = compare.recurring_weaknesses(improvements, compare.inspections(NORFOLK))
    assert len(recurring) == len(expected) == 1
    assert (recurring.iloc[0]["council_key"], recurring.iloc[0]["la_code"], recurring.iloc[0]["theme"]) == (
        "norfolk",
        "926",
        "care_leavers",
    )


def test_a_date_column_no_row_fills_yet_is_still_stored_as_dates(tmp_path):
    papers = pd.DataFrame({"doc_id": ["p"], "source_path": ["p.pdf"], "council": ["Norfolk"], "meeting_date": [None]})
    store.write_tables(tmp_path, derived.add({"committee_papers": papers}))
    schema = pq.read_schema(tmp_path / "tables" / "committee_papers.parquet")
    assert str(schema.field("meeting_date").type) == "date32[day]"
