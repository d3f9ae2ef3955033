"""Saved questions over a run's database, for `findings query`: each a sentence and the SQL that
answers it, over the views in `pipeline.store.database.VIEWS`. Kept free of heavy imports so that the
command's help lists them without loading DuckDB."""

from __future__ import annotations

from typing import NamedTuple


class SavedQuery(NamedTuple):
    question: str
    sql: str  # named parameters ($year, $theme, $region) come from the command's options


SAVED_QUERIES = {
    "inadequate-since": SavedQuery(
        "Every inadequate judgement of an inspection that started in --year or later.",
        """SELECT council_name, la_code, region, inspection_start, publication_date, kind, area, grade
        FROM judgements_over_time
        WHERE grade = 'inadequate' AND inspection_start >= make_date($year, 1, 1)
          AND ($region IS NULL OR lower(region) = lower($region))
        ORDER BY inspection_start, council_name, judgement_order""",
    ),
    "recurring": SavedQuery(
        "Councils whose weaknesses recur from one inspection to the next (the comparison workbook's "
        "pairs), by shared theme; --theme narrows to the themes it names or begins (care_leavers: "
        "care_leavers_support and care_leavers_accommodation).",
        """SELECT * FROM recurring_councils
        WHERE ($theme IS NULL OR starts_with(theme, $theme)) AND ($region IS NULL OR lower(region) = lower($region))""",
    ),
    "latest": SavedQuery(
        "Each council's latest and previous graded inspection, and when the next falls due.",
        """SELECT council_name, la_code, region, latest_kind, latest_inspection_end, latest_published,
               latest_published_basis, latest_grade, previous_grade, grade_change, next_inspection_by
        FROM latest_inspections
        WHERE $region IS NULL OR lower(region) = lower($region)
        ORDER BY region, council_name""",
    ),
    "council-names": SavedQuery(
        "Every council with the names its documents print for it (titles, committee papers, action "
        "plans) and the one name the outputs give it.",
        """SELECT council_name, la_code, region, count(DISTINCT printed) AS printed_names,
               string_agg(DISTINCT printed, '; ' ORDER BY printed) AS printed_as
        FROM (SELECT council_name, la_code, region, local_authority AS printed FROM documents
              UNION ALL SELECT council_name, la_code, region, council FROM committee_papers
              UNION ALL SELECT council_name, la_code, region, council FROM action_plan)
        WHERE council_name IS NOT NULL AND printed IS NOT NULL
          AND ($region IS NULL OR lower(region) = lower($region))
        GROUP BY ALL ORDER BY printed_names DESC, council_name""",
    ),
}
