"""Compare councils across years: who improved, who declined, which weaknesses keep coming back.

Plain functions over a run's tables (pandas DataFrames): `timeline` puts every graded judgement of
every inspection report on one comparable series (see `areas`), and the other views are built from
it. `compare` gathers them all; `compare.charts` writes them out as a workbook and PNG charts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict, namedtuple
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Iterable, Sequence

from ..areas import SERIES_ORDER, series_of
from ..councils import councils, document_council
from ..schema import DocumentKind, Grade, Record
from ..text import cosine, idf, length, weighted, words

if TYPE_CHECKING:  # pandas loads where a view is built: a run's derived tables need only the rows (see `store.derived`)
    import pandas as pd

CHANGES = ("improved", "same", "declined")
GRADES = tuple(grade.value for grade in Grade)
REPORT_KINDS = tuple(kind.value for kind in DocumentKind if kind.is_inspection_report)

# Two items in a council's consecutive inspections address the same issue when their wording is this
# close (TF-IDF cosine over content words), or, sharing a theme, at least LOOSE. Set by reading
# flagged pairs: see docs/recurring-weaknesses.md.
CLOSE = 0.4
LOOSE = 0.25


class Filters(Record):
    councils: tuple[str, ...] = ()  # council keys; a council's predecessors come with it
    regions: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    series: tuple[str, ...] = ()


# --- who is who and when ----------------------------------------------------------------------


INSPECTION_COLUMNS = ["doc_id", "council_key", "council", "region", "kind", "framework", "started", "year"]


def inspections(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per inspection report that was read, with its council, region and dates."""
    import pandas as pd

    return pd.DataFrame(inspection_rows(documents.to_dict("records")), columns=INSPECTION_COLUMNS)


def inspection_rows(documents: Iterable[dict]) -> list[dict]:
    """`inspections` from the documents' rows, by council and date."""
    table = councils()
    rows = []
    for document in documents:
        started = day_of(document["inspection_start"])
        if document["kind"] not in REPORT_KINDS or document["status"] != "ok" or started is None:
            continue
        name = document["local_authority"]
        key = document_council(name, str(document["source_path"]), started)
        # A council the data file does not know (a new one, or a fictional sample) keeps its printed name.
        key = key if key is not None else name if isinstance(name, str) else document["doc_id"]
        rows.append(
            {
                "doc_id": document["doc_id"],
                "council_key": key,
                "council": table[key].name if key in table else key,
                "region": table[key].region if key in table else "",
                "kind": document["kind"],
                "framework": document["framework"],
                "started": started,
                "year": started.year,
            }
        )
    return sorted(rows, key=lambda row: (row["council_key"], row["started"]))


def day_of(value) -> dt.date | None:
    """The date a table's value holds: ISO text (else any text pandas reads as a date), a date, or
    a datetime (pandas' too); None for a gap (None, NaN, NaT) or text that is no date."""
    if isinstance(value, str):
        if len(value) == 10:
            # The tables' dates are ISO text: pandas would guess each one's format afresh (5 s a run).
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        import pandas as pd

        parsed = pd.to_datetime(value, errors="coerce")
        return None if pd.isna(parsed) else parsed.date()
    if isinstance(value, dt.datetime):
        return value.date() if value == value else None  # NaT is a datetime unequal to itself
    return value if isinstance(value, dt.date) else None


def timeline(documents: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """Every graded judgement of every inspection on its comparable series, oldest first."""
    import pandas as pd

    rows = []
    graded = judgements[judgements["grade"].notna()]
    for judgement in graded.itertuples(index=False):
        for link in series_of(judgement.area_key):
            rows.append(
                {
                    "doc_id": judgement.doc_id,
                    "series": link.series,
                    "area": judgement.area,
                    "grade": judgement.grade,
                    "rank": Grade(judgement.grade).rank,
                    "combined": link.combined,
                }
            )
    columns = ["doc_id", "series", "area", "grade", "rank", "combined"]
    graded_series = pd.DataFrame(rows, columns=columns)
    merged = inspections(documents).merge(graded_series, on="doc_id")
    return merged.sort_values(["council_key", "started", "series"]).reset_index(drop=True)


def select(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows the analyst asked for; a view without a column ignores that filter."""
    import pandas as pd

    keep = pd.Series(True, index=frame.index)
    if filters.councils and "council_key" in frame:
        keep &= frame["council_key"].isin(_with_predecessors(filters.councils))
    if filters.regions and "region" in frame:
        keep &= frame["region"].str.lower().isin([region.lower() for region in filters.regions])
    if filters.since and "started" in frame:
        keep &= frame["started"] >= filters.since
    if filters.until and "started" in frame:
        keep &= frame["started"] <= filters.until
    if filters.series and "series" in frame:
        keep &= frame["series"].isin(filters.series)
    return frame[keep].reset_index(drop=True)


def _with_predecessors(keys: tuple[str, ...]) -> set[str]:
    table, found, todo = councils(), set(), list(keys)
    while todo:
        key = todo.pop()
        if key not in found:
            found.add(key)
            todo.extend(table[key].predecessors if key in table else ())
    return found


def grid(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """Council by inspection: one row per inspection, one column per series."""
    import pandas as pd

    if timeline_rows.empty:
        return pd.DataFrame(columns=["council", "region", "started", "kind", *SERIES_ORDER])
    wide = timeline_rows.pivot_table(
        index=["council", "region", "started", "kind", "doc_id"], columns="series", values="grade", aggfunc="first"
    ).reset_index()
    series = [name for name in SERIES_ORDER if name in wide.columns]
    return wide[["council", "region", "started", "kind", *series, "doc_id"]].sort_values(["council", "started"])


# --- how grades moved -------------------------------------------------------------------------


def transitions(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """Each series' grade from one inspection of a council to its next: improved, same or declined."""
    import pandas as pd

    rows = []
    for (key, series), history in timeline_rows.groupby(["council_key", "series"], sort=True):
        ordered = history.sort_values("started")
        for before, after in pairwise(ordered.itertuples(index=False)):
            rows.append(
                {
                    "council": after.council,
                    "region": after.region,
                    "series": series,
                    "from_date": before.started,
                    "from_grade": before.grade,
                    "to_date": after.started,
                    "to_grade": after.grade,
                    "change": _change(before.rank, after.rank),
                    "from_doc": before.doc_id,
                    "to_doc": after.doc_id,
                }
            )
    columns = ["council", "region", "series", "from_date", "from_grade", "to_date", "to_grade", "change"]
    return pd.DataFrame(rows, columns=[*columns, "from_doc", "to_doc"])


def _change(before: int, after: int) -> str:
    return "improved" if after < before else "declined" if after > before else "same"


def change_counts(transition_rows: pd.DataFrame) -> pd.DataFrame:
    """Per series, how many moves improved, stayed the same or declined."""
    import pandas as pd

    counts = pd.crosstab(transition_rows["series"], transition_rows["change"])
    return counts.reindex(columns=list(CHANGES), fill_value=0).reset_index()


def distribution(timeline_rows: pd.DataFrame, by: tuple[str, ...] = ("year",)) -> pd.DataFrame:
    """How many judgements of each grade, by year (and region): one column per grade."""
    import pandas as pd

    if timeline_rows.empty:
        return pd.DataFrame(columns=[*by, *GRADES, "total"])
    counts = pd.crosstab([timeline_rows[column] for column in by], timeline_rows["grade"])
    counts = counts.reindex(columns=list(GRADES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index()


# --- weaknesses that come back ----------------------------------------------------------------


RECURRING_COLUMNS = [
    "council",
    "region",
    "earlier_date",
    "earlier_item",
    "earlier_text",
    "later_date",
    "later_item",
    "later_text",
    "theme",
    "similarity",
    "earlier_doc",
    "later_doc",
]
# An improvement item beside its inspection (`inspection_rows`), as the pairs use it.
_Item = namedtuple("_Item", ["doc_id", "item_no", "text", "theme", "secondary_themes", *INSPECTION_COLUMNS[1:]])


def recurring_weaknesses(improvements: pd.DataFrame, inspection_rows: pd.DataFrame) -> pd.DataFrame:
    """Improvement items of a council's later inspection that address the same issue as an item of
    its previous one: the two texts side by side, with their theme and how close their wording is."""
    import pandas as pd

    # Only the columns the pairs use: walking the others' values, row by row, took a quarter of its time.
    used = [column for column in _Item._fields[:5] if column in improvements]
    rows = recurring_rows(improvements[used].to_dict("records"), inspection_rows.to_dict("records"))
    return pd.DataFrame(rows, columns=RECURRING_COLUMNS)


def recurring_rows(improvements: Sequence[dict], inspections: Iterable[dict]) -> list[dict]:
    """`recurring_weaknesses` from the improvement items' rows and `inspection_rows`."""
    visited = {inspection["doc_id"]: inspection for inspection in inspections}
    # Each text cut into words once, for its weight in the corpus and its own vector alike.
    split = functools.cache(words)
    weights = idf((_text_of(item) for item in improvements), split)
    # Rows made and weighed once, grouped here: pandas' groupby and itertuples per visit took 0.9 of
    # its 1.1 s (CPU, the dev corpus and the letters).
    visits: dict[str, dict[dt.date, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for row in improvements:
        inspection = visited.get(row["doc_id"])
        if inspection is None:
            continue
        item = _Item(
            **{name: row.get(name) for name in _Item._fields[:5]}, **{n: inspection[n] for n in INSPECTION_COLUMNS[1:]}
        )
        vector = weighted(item.text, weights, split)
        visits[item.council_key][item.started].append((item, vector, length(vector)))
    rows = []
    for council_key in sorted(visits):
        history = visits[council_key]
        for earlier, later in pairwise(history[started] for started in sorted(history)):
            rows.extend(_repeats(earlier, later))
    return rows


def _text_of(item: dict) -> str:
    text = item.get("text")
    return text if isinstance(text, str) else ""


def _repeats(earlier: list[tuple], later: list[tuple]) -> list[dict]:
    """For each later item, the earlier item it best repeats, if it repeats one; each item comes
    with its words weighed (`weighted`) and their `length`."""
    found = []
    for item, vector, size in later:
        scored = [(cosine(vector, other, (size, other_size)), row) for row, other, other_size in earlier]
        for score, match in sorted(scored, key=lambda pair: -pair[0])[:1]:
            theme = _shared_theme(item, match)
            if score >= CLOSE or (theme and score >= LOOSE):
                found.append(
                    {
                        "council": item.council,
                        "region": item.region,
                        "earlier_date": match.started,
                        "earlier_item": match.item_no,
                        "earlier_text": match.text,
                        "later_date": item.started,
                        "later_item": item.item_no,
                        "later_text": item.text,
                        "theme": theme,
                        "similarity": round(score, 3),
                        "earlier_doc": match.doc_id,
                        "later_doc": item.doc_id,
                    }
                )
    return found


def _shared_theme(item, other) -> str | None:
    """The enrich stage's theme both items share, if it has themed them."""
    mine = _themes(item)
    return next((theme for theme in _themes(other) if theme in mine), None)


def _themes(item) -> list[str]:
    """Primary first; the tables hold secondary themes ';'-separated."""
    primary = getattr(item, "theme", None)
    secondary = getattr(item, "secondary_themes", None)
    found = [primary] if isinstance(primary, str) and primary else []
    if isinstance(secondary, str):
        found.extend(theme for theme in secondary.split(";") if theme)
    return found


def similarity(text: str, other: str, corpus: pd.Series) -> float:
    """How closely two improvement items are worded, weighed against a body of items."""
    weights = idf(corpus)
    return cosine(weighted(text, weights), weighted(other, weights))


def theme_frequency(improvements: pd.DataFrame, inspection_rows: pd.DataFrame) -> pd.DataFrame:
    """How many improvement items of each theme, by inspection year (needs the enrich stage), and
    per report inspected that year: SIF reports list 20 to 40 items and ILACS 5 to 8, so only the
    rate per report compares eras."""
    import pandas as pd

    if "theme" not in improvements:
        return pd.DataFrame(columns=["year", "theme", "items", "reports", "per_report"])
    themed = improvements[improvements["theme"].notna()].merge(inspection_rows, on="doc_id")
    counts = themed.groupby(["year", "theme"]).size().rename("items").reset_index()
    reports = inspection_rows.groupby("year")["doc_id"].nunique()
    counts["reports"] = counts["year"].map(reports).astype(int)
    counts["per_report"] = (counts["items"] / counts["reports"]).round(2)
    return counts.sort_values(["year", "items"], ascending=[True, False]).reset_index(drop=True)


# --- everything at once -----------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    filters: Filters
    headline: str  # the series the distributions count
    grid: pd.DataFrame
    transitions: pd.DataFrame
    change_counts: pd.DataFrame
    national: pd.DataFrame  # by year, every council
    regional: pd.DataFrame  # by year and region, every council
    recurring: pd.DataFrame
    themes: pd.DataFrame
    # The last inspection the distributions count: its year is a part year, not a collapse.
    last_inspection: dt.date | None = None


def compare(tables: dict[str, pd.DataFrame], filters: Filters = Filters()) -> Comparison:
    """Every view of a run's tables. Council and region filters narrow the council views; the
    national and regional distributions keep every council so a council can be set against them."""
    import pandas as pd

    everyone = timeline(tables["documents"], tables["judgements"])
    chosen = select(everyone, filters)
    headline = filters.series[0] if filters.series else "overall_effectiveness"
    in_period = select(everyone, filters.model_copy(update={"councils": (), "regions": (), "series": (headline,)}))
    visits = select(inspections(tables["documents"]), filters)
    improvements = tables.get("improvements", pd.DataFrame(columns=["doc_id", "item_no", "text"]))
    moves = transitions(chosen)
    return Comparison(
        filters=filters,
        headline=headline,
        grid=grid(chosen),
        transitions=moves,
        change_counts=change_counts(moves),
        national=distribution(in_period, ("year",)),
        regional=distribution(in_period, ("year", "region")),
        recurring=recurring_weaknesses(improvements, visits),
        themes=theme_frequency(improvements, visits),
        last_inspection=in_period["started"].max() if len(in_period) else None,
    )


def summary(comparison: Comparison) -> list[str]:
    """A few lines for the terminal: what moved, what keeps coming back."""
    lines = [f"{len(comparison.grid)} inspections of {comparison.grid['council'].nunique()} councils"]
    for row in comparison.change_counts.itertuples(index=False):
        lines.append(f"{row.series}: {row.improved} improved, {row.same} same, {row.declined} declined")
    if not comparison.national.empty:
        latest = comparison.national.iloc[-1]
        shares = ", ".join(f"{latest[g]} {g}" for g in GRADES if latest[g])
        lines.append(f"{comparison.headline} among the councils in this run in {latest['year']}: {shares}")
    recurring = comparison.recurring
    lines.append(f"{len(recurring)} recurring weaknesses in {recurring['council'].nunique()} councils")
    for council, count in recurring["council"].value_counts().head(3).items():
        lines.append(f"  {council}: {count}")
    if not comparison.themes.empty:
        top = comparison.themes.groupby("theme")["items"].sum().sort_values(ascending=False).head(3)
        lines.append("most frequent themes: " + ", ".join(f"{theme} ({n})" for theme, n in top.items()))
    return lines
