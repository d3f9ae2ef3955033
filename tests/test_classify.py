"""The classifier names every kind of document from its text: the report eras (also checked on the
rendered fixtures in test_fixtures.py), Ofsted's letters (focused and monitoring visits, JTAIs),
council papers, news stories and anything else. All the text here is invented."""

from __future__ import annotations

import pytest

from pipeline.classify import classify
from pipeline.schema import Document, DocumentKind, Page, SourceFormat

OFSTED_LETTERHEAD = """Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD
T 0300 123 1231
Textphone 0161 618 8524
enquiries@ofsted.gov.uk
www.gov.uk/ofsted
14 March 2022
Jo Ridley
Director of Children’s Services
Tarnley Borough Council
"""

FIRST_PAGES = {
    DocumentKind.ILACS: """Inspection of Tarnley local authority
children’s services
Inspection dates: 7 to 18 March 2022
Lead inspector: Ruth Okon, Her Majesty’s Inspector
Judgement Grade
The impact of leaders on social work practice with children
and families
Good
Overall effectiveness Good
""",
    DocumentKind.ILACS_2026: """Inspection of Tarnley local authority
children’s services
Inspection dates: 11 to 22 May 2026
Lead inspector: Ruth Okon, His Majesty’s Inspector
Judgement Grade
The impact of leaders on practice with children and families
Good
The experiences and progress of children who need help and protection
Good
The experiences and progress of children in care Good
The experiences and progress of care leavers Good
Children in Tarnley are well supported.
""",
    DocumentKind.SIF: """Tarnley
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 2 May to 25 May 2017
Report published: 14 July 2017
Children’s services in Tarnley are good
""",
    DocumentKind.LAC_2012: """Inspection of safeguarding and looked after
children services
Tarnley Council
Inspection dates: 14 – 25 May 2012
Reporting inspector Sam Idris HMI
Age group: All
Published: 29 June 2012
""",
    DocumentKind.FOCUSED_VISIT: """Dear Jo Ridley
Focused visit to Tarnley local authority children’s services
This letter summarises the findings of a focused visit to Tarnley children’s services on 1 and
2 March 2022. His Majesty’s Inspectors for this visit were Ruth Okon and Ali Brandt.
""",
    DocumentKind.MONITORING_VISIT: """Dear Jo Ridley
Monitoring visit to Tarnley children’s services
This letter summarises the findings of the third monitoring visit to Tarnley children’s services
since the local authority was judged inadequate.
Yours sincerely
Ruth Okon
His Majesty’s Inspector
""",
    DocumentKind.JTAI: """Joint targeted area inspection of the multi-agency response to
children at risk of criminal exploitation in Tarnley
Inspection dates: 6 to 10 June 2022
Dear Director of Children’s Services
This letter summarises the findings of the joint targeted area inspection.
Yours sincerely
Ruth Okon, His Majesty’s Inspector, Ofsted
Sam Idris, Inspection Manager, Care Quality Commission
""",
    DocumentKind.COMMITTEE_PAPER: """Tarnley Borough Council
Report to: Cabinet
Date of meeting: 12 May 2022
Report of the Director of Children’s Services
Ofsted inspection of children’s services
Wards affected: All
Key decision: No
Recommendations
Cabinet is asked to note the outcome of the inspection.
Financial implications
There are none arising from this report.
""",
    DocumentKind.NEWS_ARTICLE: """Tarnley children’s services rated good by Ofsted
By a staff reporter
Services for vulnerable children in Tarnley have improved, inspectors have said.
The council’s cabinet member for children said she was delighted with the report.
A spokesperson for the council told the Gazette that work would continue.
""",
    DocumentKind.OTHER: """Tarnley Youth Football League
Fixtures for the spring season
Under-12s: Saturday 10am at the recreation ground.
""",
}


def _document(text: str) -> Document:
    return Document(
        doc_id="x",
        source_path="x.pdf",
        sha256="",
        format=SourceFormat.PDF,
        pages=(Page(number=1, text=text), Page(number=2, text="More text.")),
    )


@pytest.mark.parametrize("kind", list(FIRST_PAGES), ids=lambda kind: kind.value)
def test_kind_from_first_page(kind):
    got = classify(_document(FIRST_PAGES[kind]))
    assert got is kind, f"a {kind.value} was classified {got.value}:\n{FIRST_PAGES[kind][:300]}"


@pytest.mark.parametrize("kind", [DocumentKind.FOCUSED_VISIT, DocumentKind.MONITORING_VISIT], ids=lambda k: k.value)
def test_visit_letter_under_the_ofsted_letterhead(kind):
    """Ofsted's letters open with its address block, so the title comes after the salutation, well
    past the first lines of the page."""
    got = classify(_document(OFSTED_LETTERHEAD + FIRST_PAGES[kind]))
    assert got is kind, f"a {kind.value} letter under the letterhead was classified {got.value}"


def test_every_kind_is_covered():
    assert set(FIRST_PAGES) == set(DocumentKind)


def test_ilacs_report_that_mentions_a_jtai_in_prose_is_still_ilacs():
    text = FIRST_PAGES[DocumentKind.ILACS] + "A joint targeted area inspection in 2019 found weaknesses.\n"
    assert classify(_document(text)) is DocumentKind.ILACS


def test_committee_paper_titled_with_the_inspection_is_not_a_report():
    text = "Cabinet\n12 May 2022\nInspection of Tarnley local authority children’s services\nReport of the Director\n"
    assert classify(_document(text)) is DocumentKind.COMMITTEE_PAPER


def test_empty_document_is_other():
    document = Document(doc_id="x", source_path="x.txt", sha256="", format=SourceFormat.TEXT, pages=())
    assert classify(document) is DocumentKind.OTHER


# --- structure first: every Ofsted report prints its header fields, whatever its title says --------

ILACS_HEADER = """Inspection dates: 7 to 18 March 2022
Lead inspector: Ruth Okon, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work practice with children and families Good
Overall effectiveness Good
"""


def _with_running_lines(text: str, running: tuple[str, ...]) -> Document:
    pages = (Page(number=1, text=text), Page(number=2, text="More text."))
    return Document(
        doc_id="x", source_path="x.pdf", sha256="", format=SourceFormat.PDF, pages=pages, running_lines=running
    )


def test_ilacs_2022_whose_title_is_only_the_running_header_is_ilacs():
    """Unseen 2022 ILACS report: its title line is printed as the header of every page, so the loader
    took it off page 1 too; the header fields are still there."""
    document = _with_running_lines(ILACS_HEADER, ("Inspection of Tarnley local authority children’s services",))
    assert classify(document) is DocumentKind.ILACS


def test_ilacs_with_no_title_at_all_is_read_from_its_header_fields():
    assert classify(_document(ILACS_HEADER)) is DocumentKind.ILACS


def test_2026_report_on_a_children_and_families_trust_is_a_2026_report():
    """Unseen 2026 report on a trust: no "children's services" in its title."""
    text = """Inspection of Tarnley Children and Families Trust
Inspection dates: 11 to 22 May 2026
Lead inspector: Ruth Okon, His Majesty’s Inspector
Judgement Grade
The impact of leaders on practice with children and families Good
The experiences and progress of children in care Good
"""
    assert classify(_document(text)) is DocumentKind.ILACS_2026


def test_2019_report_titled_children_s_social_care_under_the_council_line_is_ilacs():
    text = "Tarnley Borough Council\nInspection of local authority children’s social care services\n" + ILACS_HEADER
    assert classify(_document(text)) is DocumentKind.ILACS


def test_2015_stand_alone_review_of_a_local_safeguarding_children_board_is_sif():
    text = """Tarnley Local Safeguarding Children Board
Review of the effectiveness of the Local Safeguarding Children Board
Inspection dates: 2 to 24 March 2015
Report published: 20 May 2015
The Local Safeguarding Children Board is good
"""
    assert classify(_document(text)) is DocumentKind.SIF


@pytest.mark.parametrize(
    ("dates", "kind"),
    [("14 – 25 May 2012", DocumentKind.LAC_2012), ("2 to 25 May 2016", DocumentKind.SIF)],
)
def test_a_report_with_an_unknown_title_takes_its_era_from_its_dates(dates, kind):
    text = f"A report on Tarnley\nInspection dates: {dates}\nReport published: 1 August 2016\n"
    assert classify(_document(text)) is kind


def test_a_letter_from_ofsted_is_read_whatever_its_title_says():
    """The opening sentence names the visit where the title line does not."""
    text = (
        OFSTED_LETTERHEAD
        + """Dear Jo Ridley
Tarnley children’s services
This letter summarises the findings of a focused visit to Tarnley children’s services on 1 March 2022.
Yours sincerely
Ruth Okon
His Majesty’s Inspector
"""
    )
    assert classify(_document(text)) is DocumentKind.FOCUSED_VISIT


# --- pages that quote an inspection are papers or news, never failed reports ---------------------


def test_council_web_page_with_the_grade_table_is_news_not_a_report():
    text = """Our Ofsted inspection
Tarnley children’s services were inspected in March 2022.
Judgement Grade
The impact of leaders on social work practice with children and families Good
Overall effectiveness Good
Read the full report on the Ofsted website.
"""
    assert classify(_document(text)) is DocumentKind.NEWS_ARTICLE


def test_local_paper_reproducing_a_monitoring_visit_letter_opening_is_news():
    text = """Inspectors see progress at Tarnley children’s services
Ofsted has published a letter after its latest check on the council.
It reads: “Dear Ms Ridley, this letter summarises the findings of the monitoring visit to Tarnley
children’s services.” The council was judged inadequate in 2021.
"""
    assert classify(_document(text)) is DocumentKind.NEWS_ARTICLE


def test_trade_press_round_up_of_focused_visits_is_news():
    text = """Focused visits: what inspectors found this month
Three councils had focused visits in June. In Tarnley inspectors found strong practice in the
front door; in Marlow they found delays in assessments.
"""
    assert classify(_document(text)) is DocumentKind.NEWS_ARTICLE


def test_council_press_release_about_a_joint_inspection_is_news():
    text = """Press release
Partners welcome joint inspection findings
A joint targeted area inspection by Ofsted, the Care Quality Commission and HMICFRS found that
agencies in Tarnley work well together to protect children.
"""
    assert classify(_document(text)) is DocumentKind.NEWS_ARTICLE


def test_a_councils_own_letter_is_not_taken_for_ofsteds():
    text = """Dear Councillor Ames
Children’s services budget
Thank you for your question at the last meeting of the Cabinet.
Yours sincerely
Jo Ridley
Director of Children’s Services
"""
    assert classify(_document(text)) is DocumentKind.COMMITTEE_PAPER
