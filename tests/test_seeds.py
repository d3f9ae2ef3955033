"""The seed papers in ../shared/seeds, read as they are (text) and rendered to PDF: every grade,
date, improvement area, timescale and contact a reader sees is extracted, and the papers link to
the real reports they discuss in ../shared/corpus/dev."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import link
from pipeline.classify import classify
from pipeline.discover import discover, sha256_of
from pipeline.load import load, with_tables
from pipeline.parse.papers import parse_paper
from pipeline.parse import parse_report
from pipeline.schema import ClaimType, CommitteePaper
from tests.fixtures_papers.render import blocks_from_text, render

D = dt.date
SEEDS = {"cabinet": "000_", "news": "001_", "scrutiny": "003_", "briefing": "004_"}
FORMATS = ("txt", "pdf")
WARWICKSHIRE_2022 = "80576_warwickshire/children's services inspection - 01 february 2022.pdf"
WORCESTERSHIRE_2019 = "80584_worcestershire/children's services inspection - 29 july 2019.pdf"


@pytest.fixture(scope="module")
def seed(seeds_dir: Path, tmp_path_factory):
    """A seed by name, as text or rendered to a PDF in a temporary folder, parsed."""
    folder = tmp_path_factory.mktemp("seeds")
    cache: dict[tuple[str, str], CommitteePaper] = {}

    def read(name: str, fmt: str) -> CommitteePaper:
        if (name, fmt) not in cache:
            path = next(seeds_dir.glob(f"{SEEDS[name]}*.txt"))
            if fmt == "pdf":
                path = render(blocks_from_text(path.read_text(encoding="utf-8")), folder / f"{path.stem}.pdf")
            source = discover([path])[0]
            document = with_tables(load(source, sha256_of(path)), source)
            cache[name, fmt] = parse_paper(document, classify(document))
        return cache[name, fmt]

    return read


@pytest.fixture(scope="module")
def reports(corpus_dir: Path):
    """The Warwickshire and Worcestershire reports of the dev corpus, parsed."""
    sources = [
        s
        for s in discover([corpus_dir])
        if s.source_path.split("/")[0] in ("80576_warwickshire", "80584_worcestershire")
    ]
    parsed = []
    for source in sources:
        document = load(source, sha256_of(source.path))
        parsed.append(parse_report(document, classify(document)))
    return parsed


def seed_cases(*names):
    return [pytest.param(name, fmt, id=f"{name}-{fmt}") for name in names for fmt in FORMATS]


EXPECTED_HEADER = {
    "cabinet": ("committee_paper", "Warwickshire County Council", "Cabinet", D(2022, 4, 12)),
    "news": (
        "news_article",
        "Warwickshire County Council",
        "children and young people overview and scrutiny committee",
        None,
    ),
    "scrutiny": (
        "committee_paper",
        "Worcestershire",
        "children and families overview and scrutiny panel",
        D(2019, 9, 11),
    ),
    "briefing": (
        "committee_paper",
        "Warwickshire County Council",
        "children and young people overview and scrutiny committee",
        D(2014, 8, 18),
    ),
}


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_kind_council_body_and_meeting(seed, name, fmt):
    paper = seed(name, fmt)
    got = (paper.kind.value, paper.council, (paper.committee or "").lower() or None, paper.meeting_date)
    wanted = EXPECTED_HEADER[name]
    wanted = (*wanted[:2], wanted[2].lower() if wanted[2] else None, wanted[3])
    assert got == wanted, f"seed {name} says {wanted}; we extracted {got}"


EXPECTED_GRADES = {
    "cabinet": {
        (None, "good"),
        ("impact_of_leaders", "good"),
        ("help_and_protection", "good"),
        ("children_in_care_and_care_leavers", "good"),
        ("overall_effectiveness", "good"),
    },
    "news": {(None, "good"), ("overall_effectiveness", "good")},
    "scrutiny": {(None, "requires improvement"), ("overall_effectiveness", "requires improvement")},
    "briefing": set(),
}


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_grades_claimed(seed, name, fmt):
    got = {(g.area_key.value if g.area_key else None, g.grade.value) for g in seed(name, fmt).grades}
    assert got == EXPECTED_GRADES[name], f"seed {name} grades {EXPECTED_GRADES[name]}; we extracted {got}"


EXPECTED_DATES = {  # framework, inspection dates, publication date, as each paper states them
    "cabinet": ("ILACS", (D(2021, 11, 1), D(2021, 11, 30)), D(2022, 2, 1)),
    "news": (None, (D(2021, 1, 1), D(2021, 12, 31)), D(2021, 2, 1)),
    "scrutiny": ("ILACS", (D(2019, 6, 17), D(2019, 6, 28)), D(2019, 7, 29)),
    "briefing": ("SIF", None, None),
}


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_inspection_referenced(seed, name, fmt):
    stated = seed(name, fmt).inspection
    got = (
        stated.framework,
        (stated.dates.start, stated.dates.end) if stated.dates else None,
        stated.published.start if stated.published else None,
    )
    assert got == EXPECTED_DATES[name], f"seed {name} states {EXPECTED_DATES[name]}; we extracted {got}"


EXPECTED_AREAS = {  # a few words of each area listed, in order
    "cabinet": ("thresholds", "timescales for action", "connected carers", "disabled children"),
    "news": ("timescales for action", "disabled children"),
    "scrutiny": (),
    "briefing": (),
}


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_improvement_areas(seed, name, fmt):
    areas = seed(name, fmt).improvement_areas
    matched = tuple(words for words, area in zip(EXPECTED_AREAS[name], areas) if words in area)
    assert len(areas) == len(EXPECTED_AREAS[name]) and matched == EXPECTED_AREAS[name], (
        f"seed {name} lists {EXPECTED_AREAS[name]}; we extracted {areas}"
    )


EXPECTED_TIMESCALES = {
    "cabinet": {
        "on 13 May 2022": (D(2022, 5, 13), D(2022, 5, 13)),
        "within the next six months": (D(2022, 4, 12), D(2022, 10, 12)),
        "by June 2022": (None, D(2022, 6, 30)),
        "in three years": (D(2022, 4, 12), D(2025, 4, 12)),
        "within the next three years": (D(2022, 4, 12), D(2025, 4, 12)),
    },
    "news": {"by June": (None, None), "next month": (None, None)},
    "scrutiny": {},
    "briefing": {
        "within a three-year period": (D(2014, 8, 18), D(2017, 8, 18)),
        "five weeks after the end of the inspection": (None, None),
    },
}
EXPECTED_NEXT = {
    "cabinet": ("between May 2025 and May 2026", D(2025, 5, 1), D(2026, 5, 31)),
    "news": ("until May 2025 at the earliest", D(2025, 5, 1), None),
    "scrutiny": None,
    "briefing": None,
}


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_timescales(seed, name, fmt):
    got = {span.phrase: (span.start, span.end) for span in seed(name, fmt).timescales}
    assert got == EXPECTED_TIMESCALES[name], f"seed {name} sets {EXPECTED_TIMESCALES[name]}; we extracted {got}"


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_next_inspection(seed, name, fmt):
    span = seed(name, fmt).next_inspection
    got = (span.phrase, span.start, span.end) if span else None
    assert got == EXPECTED_NEXT[name], f"seed {name} expects {EXPECTED_NEXT[name]}; we extracted {got}"


@pytest.mark.parametrize("name, fmt", seed_cases("scrutiny"))
def test_an_earlier_inadequate_is_a_previous_judgement(seed, name, fmt):
    got = {(p.grade.value, p.year) for p in seed(name, fmt).previous_judgements}
    assert got == {("inadequate", 2017)}, f"seed {name} recalls the 2017 'inadequate'; we extracted {got}"


EXPECTED_CONTACTS = {
    "cabinet": (
        ("Report Author", "Daniel Atkins", "danielatkins@warwickshire.gov.uk"),
        ("Report Author", "Anita Lekhi", "anitalekhi@warwickshire.gov.uk"),
        ("Assistant Director", "John Coleman", "johncoleman@warwickshire.gov.uk"),
        ("Strategic Director", "Nigel Minns", "nigelminns@warwickshire.gov.uk"),
        ("Portfolio Holder", "Jeff Morgan", "jeffmorgan@warwickshire.gov.uk"),
    ),
    "news": (),
    "scrutiny": (
        ("Overview and Scrutiny Officers", "Alyson Grice", "scrutiny@worcestershire.gov.uk"),
        ("Overview and Scrutiny Officers", "Samantha Morris", "scrutiny@worcestershire.gov.uk"),
    ),
    "briefing": (
        ("Report Author", "Jayne Barrow", "jaynebarrow@warwickshire.gov.uk"),
        ("Head of Service", "Marie Seaton", "marieseaton@warwickshire.gov.uk"),
        ("Strategic Director", "Wendy Fabbro", "wendyfabbro@warwickshire.gov.uk"),
        ("Portfolio Holder", "Bob Stevens", "bobstevens@warwickshire.gov.uk"),
    ),
}


@pytest.mark.parametrize("name, fmt", seed_cases(*SEEDS))
def test_contacts(seed, name, fmt):
    got = tuple((c.role, c.name, c.email) for c in seed(name, fmt).contacts)
    assert got == EXPECTED_CONTACTS[name], f"seed {name} prints contacts {EXPECTED_CONTACTS[name]}; we extracted {got}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_scrutiny_officers_share_a_dialling_code(seed, fmt):
    assert [c.phone for c in seed("scrutiny", fmt).contacts] == ["01905 844962", "01905 844963"]


@pytest.mark.parametrize("name, fmt", seed_cases("briefing"))
def test_every_printed_date_is_kept(seed, name, fmt):
    phrases = {span.phrase for span in seed(name, fmt).dates_mentioned}
    assert {"18th August 2014", "28th July 2014", "7 March 2014"} <= phrases, phrases


@pytest.mark.parametrize(
    "name, fmt, report_path",
    [
        *[pytest.param(n, f, WARWICKSHIRE_2022, id=f"{n}-{f}") for n in ("cabinet", "news") for f in FORMATS],
        *[pytest.param("scrutiny", f, WORCESTERSHIRE_2019, id=f"scrutiny-{f}") for f in FORMATS],
        *[pytest.param("briefing", f, None, id=f"briefing-{f}") for f in FORMATS],
    ],
)
def test_links_to_the_report_it_discusses(seed, reports, name, fmt, report_path):
    found = link.link(seed(name, fmt), reports)
    linked = next((r.source_path for r in reports if r.doc_id == found.report_doc_id), None)
    assert linked == report_path, f"seed {name} discusses {report_path}; we linked {linked} ({found.reason})"


@pytest.mark.parametrize("name, fmt", seed_cases("cabinet", "news"))
def test_all_four_warwickshire_items_are_covered(seed, reports, name, fmt):
    paper = seed(name, fmt)
    report = next(r for r in reports if r.source_path == WARWICKSHIRE_2022)
    rows = link.coverage(paper, report)
    assert len(rows) == 4 and all(row.covered for row in rows), [(r.item_no, r.score, r.basis) for r in rows]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_news_storys_publication_year_is_flagged(seed, reports, fmt):
    paper = seed("news", fmt)
    report = next(r for r in reports if r.source_path == WARWICKSHIRE_2022)
    published = [c for c in link.claims(paper, report, reports) if c.claim_type is ClaimType.PUBLISHED]
    got = [(c.value, c.report_value, c.agrees) for c in published]
    assert got == [("February 2021", "2022-02-01", False)], got


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cabinet_papers_claims_all_agree(seed, reports, fmt):
    paper = seed("cabinet", fmt)
    report = next(r for r in reports if r.source_path == WARWICKSHIRE_2022)
    checked = [c for c in link.claims(paper, report, reports) if c.agrees is not None]
    assert checked and all(c.agrees for c in checked), [
        (c.claim_type.value, c.value, c.report_value) for c in checked if not c.agrees
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_2017_inadequate_matches_worcestershires_2017_report(seed, reports, fmt):
    paper = seed("scrutiny", fmt)
    report = next(r for r in reports if r.source_path == WORCESTERSHIRE_2019)
    previous = [c for c in link.claims(paper, report, reports) if c.claim_type is ClaimType.PREVIOUS_JUDGEMENT]
    assert [(c.value, c.agrees) for c in previous] == [("inadequate", True)], previous


@pytest.fixture(scope="module")
def seeds_run(seeds_dir: Path, corpus_dir: Path, tmp_path_factory):
    """One batch run over the four seed papers and the Warwickshire reports, as a user would."""
    import shutil

    from pipeline import batch

    folder = tmp_path_factory.mktemp("seeds_and_reports")
    for name in SEEDS.values():
        shutil.copy(next(seeds_dir.glob(f"{name}*.txt")), folder)
    shutil.copytree(corpus_dir / "80576_warwickshire", folder / "80576_warwickshire")
    out = tmp_path_factory.mktemp("seeds_run")
    batch.run([folder], out)
    return out


def test_the_cabinet_papers_deadline_sets_the_draft_action_plans_target_dates(seeds_run):
    import pandas as pd

    plan = pd.read_csv(seeds_run / "tables" / "action_plan.csv")
    rows = plan[plan["doc_id"].str.endswith("01-february-2022")]
    got = sorted(set(zip(rows["target_date"], rows["target_date_basis"])))
    assert got == [("2022-06-30", "the council's own timescale: by June 2022")], got


def test_the_run_writes_a_row_per_paper_and_flags_the_news_storys_claim(seeds_run):
    import pandas as pd

    papers = pd.read_csv(seeds_run / "tables" / "committee_papers.csv")
    claims = pd.read_csv(seeds_run / "tables" / "claims.csv")
    flagged = claims[claims["agrees"] == False]  # noqa: E712 - pandas reads the column as booleans
    assert len(papers) == 4 and papers["linked_doc_id"].notna().sum() == 2, papers[
        ["doc_id", "linked_doc_id", "link_reason"]
    ]
    assert list(zip(flagged["claim_type"], flagged["value"])) == [("published", "February 2021")], flagged


def test_the_reports_workbook_shows_the_councils_response_item_by_item(seeds_run):
    import openpyxl

    workbook = openpyxl.load_workbook(
        seeds_run / "workbooks" / "80576-warwickshire-childrens-services-inspection-01-february-2022.xlsx",
        read_only=True,
    )
    rows = list(workbook["Council response"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    covered = [(row[header.index("Item no.")], row[header.index("Covered")]) for row in body]
    assert sorted(covered) == sorted([(n, "Yes") for n in (1, 2, 3, 4)] * 2), (
        covered
    )  # the cabinet paper and the news story
