"""Council committee papers and news stories: what a reader sees in each fictional paper is what
we extract, whichever format the paper comes in (PDF, Word, HTML, text)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.classify import classify
from pipeline.discover import discover, sha256_of
from pipeline.load import load, with_tables
from pipeline.parse.papers import parse_paper
from pipeline.schema import CommitteePaper, Document, DocumentKind, Page, SourceFormat
from tests.fixtures_papers.papers import PAPERS
from tests.fixtures_papers.render import render

D = dt.date
CASES = [pytest.param(paper, fmt, id=f"{paper.name}-{fmt}") for paper in PAPERS for fmt in paper.formats]


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    """Render a fixture paper to a format and read it as the batch does (cached per module)."""
    folder = tmp_path_factory.mktemp("papers")
    cache: dict[tuple[str, str], tuple[DocumentKind, CommitteePaper]] = {}

    def read_paper(paper, fmt) -> tuple[DocumentKind, CommitteePaper]:
        if (paper.name, fmt) not in cache:
            path = render(paper.blocks, folder / f"{paper.name}.{fmt}", paper.wrap)
            source = discover([path])[0]
            document = with_tables(load(source, sha256_of(path)), source)
            kind = classify(document)
            cache[paper.name, fmt] = kind, parse_paper(document, kind)
        return cache[paper.name, fmt]

    return read_paper


def said(paper, field: str, wanted, got) -> str:
    return f"{paper.name}: the paper says {field} {wanted!r}; we extracted {got!r}"


@pytest.mark.parametrize("paper, fmt", CASES)
def test_kind(read, paper, fmt):
    kind, _ = read(paper, fmt)
    assert kind.value == paper.kind, said(paper, "it is a", paper.kind, kind.value)


@pytest.mark.parametrize("paper, fmt", CASES)
def test_council_body_meeting_and_title(read, paper, fmt):
    _, parsed = read(paper, fmt)
    e = paper.expected
    got = (parsed.council, parsed.committee, parsed.meeting_date, parsed.title)
    wanted = (e.council, e.committee, e.meeting_date, e.title)
    assert got == wanted, said(paper, "council, body, meeting date and title", wanted, got)


@pytest.mark.parametrize("paper, fmt", CASES)
def test_recommendations(read, paper, fmt):
    _, parsed = read(paper, fmt)
    assert parsed.recommendations == paper.expected.recommendations, said(
        paper, "recommendations", paper.expected.recommendations, parsed.recommendations
    )


@pytest.mark.parametrize("paper, fmt", CASES)
def test_inspection_referenced(read, paper, fmt):
    _, parsed = read(paper, fmt)
    stated = parsed.inspection
    got = (
        stated.framework,
        (stated.dates.start, stated.dates.end) if stated.dates else None,
        stated.published.start if stated.published else None,
    )
    e = paper.expected
    wanted = (e.framework, e.inspection, e.published)
    assert got == wanted, said(paper, "framework, inspection dates and publication", wanted, got)


@pytest.mark.parametrize("paper, fmt", CASES)
def test_grades_claimed(read, paper, fmt):
    _, parsed = read(paper, fmt)
    got = {(g.area_key.value if g.area_key else None, g.grade.value) for g in parsed.grades}
    assert got == paper.expected.grades, said(
        paper, "grades", sorted(paper.expected.grades, key=str), sorted(got, key=str)
    )


@pytest.mark.parametrize("paper, fmt", CASES)
def test_improvement_areas(read, paper, fmt):
    _, parsed = read(paper, fmt)
    assert parsed.improvement_areas == paper.expected.improvement_areas, said(
        paper, "areas for improvement", paper.expected.improvement_areas, parsed.improvement_areas
    )


@pytest.mark.parametrize("paper, fmt", CASES)
def test_timescales_with_their_dates(read, paper, fmt):
    _, parsed = read(paper, fmt)
    got = {span.phrase: (span.start, span.end) for span in parsed.timescales}
    assert got == paper.expected.timescales, said(paper, "timescales", paper.expected.timescales, got)


@pytest.mark.parametrize("paper, fmt", CASES)
def test_next_inspection(read, paper, fmt):
    _, parsed = read(paper, fmt)
    span = parsed.next_inspection
    got = (span.phrase, span.start, span.end) if span else None
    assert got == paper.expected.next_inspection, said(
        paper, "the next inspection", paper.expected.next_inspection, got
    )


@pytest.mark.parametrize("paper, fmt", CASES)
def test_previous_judgements(read, paper, fmt):
    _, parsed = read(paper, fmt)
    got = {(p.grade.value, p.year) for p in parsed.previous_judgements}
    assert got == paper.expected.previous, said(paper, "earlier judgements", paper.expected.previous, got)


@pytest.mark.parametrize("paper, fmt", CASES)
def test_contacts(read, paper, fmt):
    _, parsed = read(paper, fmt)
    got = tuple((c.role, c.name, c.email, c.phone) for c in parsed.contacts)
    assert got == paper.expected.contacts, said(paper, "contacts", paper.expected.contacts, got)


@pytest.mark.parametrize("paper, fmt", CASES)
def test_action_plan_rows(read, paper, fmt):
    _, parsed = read(paper, fmt)
    rows = max(0, len(parsed.action_rows) - 1)
    assert rows == paper.expected.action_rows, said(
        paper, "action-plan rows", paper.expected.action_rows, parsed.action_rows
    )


def _document(text: str) -> Document:
    return Document(
        doc_id="x", source_path="x.txt", sha256="", format=SourceFormat.TEXT, pages=(Page(number=1, text=text),)
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("Cabinet\n\n\n", id="a body's name alone"),
        pytest.param(
            "Planning Committee\n3 March 2024\nMinutes of the meeting\nThe committee approved the application.",
            id="unrelated minutes",
        ),
        pytest.param("◼ \n1.\n(a)\n| | |\n\t\t\n@@@ 0000 000 000", id="markers and separators only"),
    ],
)
def test_a_paper_with_nothing_to_find_parses_to_empty_fields(text):
    paper = parse_paper(_document(text), DocumentKind.COMMITTEE_PAPER)
    assert (paper.grades, paper.improvement_areas, paper.previous_judgements, paper.inspection.dates) == (
        (),
        (),
        (),
        None,
    ), paper


@pytest.mark.parametrize(
    "sentence, grade",
    [
        pytest.param("The council was judged good practice leader.", None, id="'good practice' is no grade"),
        pytest.param("Social workers make good progress with families.", None, id="everyday 'good'"),
        pytest.param("Ofsted rated the council's services as outstanding.", "outstanding", id="rated as"),
        pytest.param(
            "Services for children require improvement to be good.", "requires improvement", id="official wording"
        ),
        pytest.param("The overall judgement was 'inadequate'.", "inadequate", id="quoted"),
    ],
)
def test_a_grade_is_a_grade_only_where_it_is_given_as_one(sentence, grade):
    paper = parse_paper(_document(sentence), DocumentKind.COMMITTEE_PAPER)
    got = {claim.grade.value for claim in paper.grades}
    assert got == ({grade} if grade else set()), f"{sentence!r} grades {grade!r}; we extracted {got}"


# --- in the batch ----------------------------------------------------------------------------


RUN = [(paper, fmt) for paper in PAPERS for fmt in paper.formats[:2]]


@pytest.fixture(scope="module")
def paper_run(tmp_path_factory):
    """A run over the fixture papers in up to two of their formats each, and a Word file that is
    damaged."""
    from pipeline import batch

    folder = tmp_path_factory.mktemp("paper_inputs")
    for paper, fmt in RUN:
        render(paper.blocks, folder / f"{paper.name}.{fmt}", paper.wrap)
    (folder / "damaged minutes.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path_factory.mktemp("paper_run")
    return batch.run([folder], out), out


def test_every_paper_gets_a_row_a_json_and_the_contract_columns(paper_run):
    import pandas as pd

    from pipeline import store

    summary, out = paper_run
    papers = pd.read_csv(out / "tables" / "committee_papers.csv")
    tables = {
        name: list(pd.read_csv(out / "tables" / f"{name}.csv").columns)
        for name in ("committee_papers", "claims", "coverage")
    }
    assert len(papers) == len(RUN) and len(list((out / "papers").glob("*.json"))) == len(RUN), papers
    for name, columns in tables.items():
        assert columns[: len(store.TABLE_COLUMNS[name])] == store.TABLE_COLUMNS[name], (name, columns)


def test_a_damaged_paper_costs_only_itself(paper_run):
    summary, _ = paper_run
    assert [row.source_path for row in summary.errors] == ["damaged minutes.docx"], summary.errors


def test_papers_without_their_reports_in_the_run_are_unlinked_and_say_why(paper_run):
    import pandas as pd

    _, out = paper_run
    papers = pd.read_csv(out / "tables" / "committee_papers.csv")
    claims = pd.read_csv(out / "tables" / "claims.csv")
    assert papers["linked_doc_id"].isna().all() and papers["link_reason"].str.startswith("no report for").all(), papers
    assert claims["agrees"].isna().all(), claims[claims["agrees"].notna()]


@pytest.mark.corpus
def test_no_inspection_report_of_the_corpus_is_taken_for_a_paper_or_news(corpus_run):
    import pandas as pd

    documents = pd.read_csv(corpus_run / "tables" / "documents.csv")
    taken = documents[documents["kind"].isin(["committee_paper", "news_article"])]
    assert taken.empty, taken[["source_path", "kind"]].to_string()


def test_each_grade_in_a_sentence_goes_to_the_area_it_is_given_to():
    sentence = (
        "Ofsted judged overall effectiveness as good, help and protection as outstanding and children "
        "in care and care leavers as requires improvement to be good."
    )
    got = {
        (g.area_key.value, g.grade.value) for g in parse_paper(_document(sentence), DocumentKind.COMMITTEE_PAPER).grades
    }
    wanted = {
        ("overall_effectiveness", "good"),
        ("help_and_protection", "outstanding"),
        ("children_in_care_and_care_leavers", "requires improvement"),
    }
    assert got == wanted, f"{sentence!r}: we extracted {got}"


@pytest.fixture(scope="module")
def corpus_sample(corpus_dir):
    """Every third readable document of the dev corpus, loaded: real text nobody wrote for us."""
    from pipeline.load import LoadError

    documents = []
    for source in discover([corpus_dir])[::3]:
        try:
            documents.append((source, load(source, "")))
        except LoadError:
            continue
    return documents


@pytest.mark.corpus
def test_real_reports_read_as_papers_name_their_own_council(corpus_sample):
    """The council finder on real text: each report, read as if it were a paper, names the council
    its corpus folder belongs to, and the parser never fails on it."""
    from pipeline import councils

    wrong = []
    for source, document in corpus_sample:
        paper = parse_paper(document, DocumentKind.COMMITTEE_PAPER)
        if councils.council_key(paper.council) != councils.council_key(source.source_path.split("/")[0]):
            wrong.append((source.source_path, paper.council))
    assert not wrong, f"{len(wrong)} of {len(corpus_sample)} reports name another council: {wrong[:5]}"


@pytest.mark.parametrize(
    "line, area_key, grade",
    [
        pytest.param("Overall effectiveness: Good", "overall_effectiveness", "good", id="colon"),
        pytest.param(
            "Impact of leaders – Requires improvement to be good",
            "impact_of_leaders",
            "requires improvement",
            id="dash",
        ),
        pytest.param("◼ Help and protection - Outstanding", "help_and_protection", "outstanding", id="bulleted hyphen"),
    ],
)
def test_a_judgement_printed_as_area_then_grade_is_a_grade(line, area_key, grade):
    text = f"The inspection judgements were:\n{line}\nThe council welcomes the report."
    got = {(g.area_key.value, g.grade.value) for g in parse_paper(_document(text), DocumentKind.COMMITTEE_PAPER).grades}
    assert got == {(area_key, grade)}, f"{line!r} gives {area_key} {grade}; we extracted {got}"


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Area for improvement | What we will do | Who | When", id="plain words"),
        pytest.param("Recommendation | Action | Lead officer | Completion date | Progress", id="completion date"),
        pytest.param("Ofsted finding | Milestones | By whom | Success measures", id="milestones"),
    ],
)
def test_an_action_plan_is_read_under_the_headers_councils_use(header):
    rows = "\n".join(
        " | ".join(f"{cell} {n}" for cell in ("Care leavers housing", "Open a hub", "Head of Service", "May 2025"))
        for n in (1, 2)
    )
    paper = parse_paper(_document(f"Appendix A\n{header}\n{rows}"), DocumentKind.COMMITTEE_PAPER)
    assert len(paper.action_rows) == 3, f"a table under {header!r} has 2 rows; we read {paper.action_rows}"


@pytest.mark.parametrize(
    "block, meeting, committee",
    [
        pytest.param(
            "Report to:\nCabinet\nDate of meeting:\n12 March 2024",
            D(2024, 3, 12),
            "Cabinet",
            id="label above its value",
        ),
        pytest.param(
            "Meeting: Corporate Parenting Board Date: 5 June 2023",
            D(2023, 6, 5),
            "Corporate Parenting Board",
            id="two labels on a line",
        ),
        pytest.param(
            "Home > Meetings > Cabinet\nCabinet\nWednesday, 8 May 2024",
            D(2024, 5, 8),
            "Cabinet",
            id="breadcrumb and weekday",
        ),
        pytest.param("Meeting: | Cabinet\nDate: | 9 July 2024", D(2024, 7, 9), "Cabinet", id="cover table with colons"),
        pytest.param("Meeting Cabinet\nDate 9 July 2024", D(2024, 7, 9), "Cabinet", id="unruled cover table in a PDF"),
    ],
)
def test_the_meeting_is_read_from_the_title_block_as_councils_lay_it_out(block, meeting, committee):
    paper = parse_paper(
        _document(f"{block}\nOfsted inspection outcome\n1. Purpose of the report."), DocumentKind.COMMITTEE_PAPER
    )
    got = (paper.committee, paper.meeting_date)
    assert got == (committee, meeting), f"{block!r} says {committee} on {meeting}; we extracted {got}"


@pytest.mark.parametrize(
    "sentence, phrase, start, end",
    [
        pytest.param("The plan will be complete by spring 2025.", "by spring 2025", None, D(2025, 5, 31), id="season"),
        pytest.param(
            "Actions will be finished by Q3 2024/25.", "by Q3 2024/25", None, D(2024, 12, 31), id="financial quarter"
        ),
        pytest.param(
            "Savings will be made by the end of the 2024/25 financial year.",
            "by the end of the 2024/25",
            None,
            D(2025, 3, 31),
            id="end of the financial year",
        ),
        pytest.param(
            "The audit will be done by end of June 2024.",
            "by end of June 2024",
            None,
            D(2024, 6, 30),
            id="end of, no 'the'",
        ),
        pytest.param(
            "Referrals will be answered within five working days.",
            "within five working days",
            D(2024, 3, 12),
            D(2024, 3, 19),
            id="working days in words",
        ),
    ],
)
def test_a_timescale_is_dated_as_the_paper_states_it(sentence, phrase, start, end):
    paper = parse_paper(
        _document(f"Cabinet\n12 March 2024\nOfsted inspection outcome\n{sentence}"), DocumentKind.COMMITTEE_PAPER
    )
    got = {span.phrase: (span.start, span.end) for span in paper.timescales}
    assert got == {phrase: (start, end)}, f"{sentence!r} sets {phrase!r} ({start} to {end}); we extracted {got}"


@pytest.mark.parametrize(
    "intro",
    [
        pytest.param("What needs to improve in this local authority?", id="Ofsted's question as a heading"),
        pytest.param("Ofsted identified the following areas for development:", id="areas for development"),
        pytest.param("Inspectors asked the council to improve in two areas:", id="improve in two areas"),
    ],
)
def test_the_areas_listed_under_each_kind_of_introduction_are_read(intro):
    text = f"Cabinet\n12 March 2024\nOfsted outcome\n{intro}\n◼ The quality of plans for children in need.\n◼ Support for care leavers.\nThe council welcomes the report."
    got = parse_paper(_document(text), DocumentKind.COMMITTEE_PAPER).improvement_areas
    wanted = ("The quality of plans for children in need", "Support for care leavers")
    assert got == wanted, f"under {intro!r} the paper lists {wanted}; we extracted {got}"


@pytest.mark.parametrize(
    "intro",
    [
        pytest.param("It is recommended that Cabinet:", id="it is recommended that"),
        pytest.param("The Committee is asked to:", id="is asked to"),
    ],
)
def test_the_recommendations_under_each_kind_of_introduction_are_read(intro):
    text = f"Cabinet\n12 March 2024\nOfsted outcome\n{intro}\n(a) notes the report;\n(b) approves the improvement plan."
    got = parse_paper(_document(text), DocumentKind.COMMITTEE_PAPER).recommendations
    assert got == ("notes the report", "approves the improvement plan"), f"under {intro!r} we extracted {got}"


def test_a_table_of_grades_by_inspection_year_gives_the_latest_as_claims_and_the_rest_as_earlier():
    text = (
        "Cabinet\n12 March 2024\nOfsted outcome\nThe judgements at this and the last inspection were:\n"
        "Judgement | 2019 | 2024\nOverall effectiveness | Inadequate | Good\n"
        "The impact of leaders | Requires improvement | Good\nThe council welcomes the report."
    )
    paper = parse_paper(_document(text), DocumentKind.COMMITTEE_PAPER)
    got = (
        {(g.area_key.value, g.grade.value) for g in paper.grades},
        {(p.grade.value, p.year) for p in paper.previous_judgements},
    )
    wanted = (
        {("overall_effectiveness", "good"), ("impact_of_leaders", "good")},
        {("inadequate", 2019), ("requires improvement", 2019)},
    )
    assert got == wanted, f"the table gives {wanted}; we extracted {got}"


def test_an_unruled_cover_table_gives_its_title_without_the_label_or_the_next_row():
    text = (
        "Cheshire East Council\nMeeting Cabinet\nDate 9 July 2024\n"
        "Title Ofsted Inspection of Local Authority Children's Services – Outcome\n"
        "Portfolio holder Councillor Dee Rowntree\n1. Report Summary\n1.1 The report sets out the outcome."
    )
    got = parse_paper(_document(text), DocumentKind.COMMITTEE_PAPER).title
    wanted = "Ofsted Inspection of Local Authority Children's Services – Outcome"
    assert got == wanted, f"the cover's title is {wanted!r}; we extracted {got!r}"


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(
            "Contact Officer: Jane Doe\nJob title: Head of Service\nTelephone: 01234 567890\nEmail: jane.doe@kirklees.gov.uk",
            id="a line per detail",
        ),
        pytest.param(
            "Background papers: none\nReport author: Jane Doe, Head of Service (01234 567890)\nEmail: jane.doe@kirklees.gov.uk",
            id="after background papers, phone in brackets",
        ),
        pytest.param(
            "For further information please contact Jane Doe, Head of Service, on 01234 567890 or at jane.doe@kirklees.gov.uk.",
            id="a sentence",
        ),
    ],
)
def test_a_contact_is_read_whichever_way_the_paper_prints_it(block):
    paper = parse_paper(_document(f"Cabinet\n12 March 2024\nOfsted outcome\n{block}"), DocumentKind.COMMITTEE_PAPER)
    got = [(c.role, c.name, c.email, c.phone) for c in paper.contacts]
    wanted = [("Head of Service", "Jane Doe", "jane.doe@kirklees.gov.uk", "01234 567890")]
    assert got == wanted, f"{block!r} names {wanted}; we extracted {got}"


# --- a paper that never names its council -------------------------------------------------------


def _minutes(source_path: str, extra: str = "") -> "Document":
    from pipeline.schema import Document, Page, SourceFormat

    text = (
        "Minutes of the Children and Young People Scrutiny Committee\n"
        "Held on 12 May 2022\nPresent: Councillors Ames and Brook\n"
        "The committee noted the Ofsted inspection report and the action plan.\n" + extra
    )
    return Document(
        doc_id="m", source_path=source_path, sha256="", format=SourceFormat.HTML, pages=(Page(number=1, text=text),)
    )


@pytest.mark.parametrize(
    ("source_path", "extra", "council", "source"),
    [
        ("80576_warwickshire/minutes.html", "", "Warwickshire", "folder name"),
        ("papers/wirral-scrutiny-minutes-12-may-2022.html", "", "Wirral", "file name"),
        ("minutes.html", "See democracy.norfolk.gov.uk for the papers.\n", "Norfolk", "web address in the text"),
        ("minutes.html", "Contact: clerk@wirral.gov.uk\n", "Wirral", "e-mail domain in the text"),
    ],
)
def test_minutes_that_never_name_their_council_take_it_from_where_they_came(source_path, extra, council, source):
    """Unseen meeting-minutes web pages: 6 of 10 never named their council; the folder did."""
    from pipeline.parse.papers import parse_paper
    from pipeline.schema import DocumentKind

    paper = parse_paper(_minutes(source_path, extra), DocumentKind.COMMITTEE_PAPER)
    assert (paper.council, paper.council_source) == (council, source)
