"""Fictional council papers and news stories, written for the tests, in the shapes councils use:
cabinet reports, scrutiny briefings, minutes, action-plan appendices and news stories, in the templates
of the systems councils publish with (a modern.gov agenda page, a Word cover table, minutes sent
by email, a landscape appendix). The councils are real names (so council identity resolves);
every word of content is invented.

Each paper is a list of blocks and what a reader sees in it (`Expected`), so a test can compare
what the parser extracts with what the paper says, in every format it is rendered to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .render import FORMATS

# A block: ("line", text) a short line of the title block, ("heading", text), ("para", text),
# ("bullets", [items]), ("numbered", [items]), ("table", [[cells], ...]), and those only some
# formats draw (see render.py): ("running", text), ("site", [links]), ("appendix", [[cells], ...]),
# ("related", [headlines]).
Block = tuple[str, object]


@dataclass(frozen=True)
class Expected:
    council: str
    committee: str | None
    meeting_date: dt.date | None
    title: str
    recommendations: tuple[str, ...] = ()
    framework: str | None = None
    inspection: tuple[dt.date, dt.date] | None = None  # stated inspection start and end
    published: dt.date | None = None
    grades: frozenset[tuple[str | None, str]] = frozenset()  # (area_key or None for all areas, grade)
    improvement_areas: tuple[str, ...] = ()
    timescales: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    next_inspection: tuple[str, dt.date | None, dt.date | None] | None = None
    previous: frozenset[tuple[str, int | None]] = frozenset()
    contacts: tuple[tuple[str | None, str, str | None, str | None], ...] = ()  # role, name, email, phone
    action_rows: int = 0  # data rows under the action-plan header


@dataclass(frozen=True)
class FixturePaper:
    name: str
    kind: str  # committee_paper or news_article
    blocks: tuple[Block, ...]
    expected: Expected
    # the formats it is checked in, the one such a paper is published in first (the batch test
    # reads the first two)
    formats: tuple[str, ...] = FORMATS
    wrap: int | None = None  # plain text hard-wrapped at this width, as an email client sends it


D = dt.date

CABINET = FixturePaper(
    name="kirklees_cabinet",
    kind="committee_paper",
    blocks=(
        ("line", "Kirklees Council"),
        ("line", "Cabinet"),
        ("line", "14 March 2023"),
        ("heading", "Ofsted Inspection of Local Authority Children's Services: Outcome and Improvement Plan"),
        ("heading", "Recommendations"),
        ("para", "That Cabinet:"),
        (
            "numbered",
            [
                "Notes the findings of the Ofsted inspection report; and",
                "Approves the improvement plan set out at Appendix A.",
            ],
        ),
        ("heading", "1. Background"),
        (
            "para",
            "1.1 Ofsted inspected children's services in Kirklees between 7 and 18 November 2022 under "
            "the ILACS framework. The report was published on 10 January 2023.",
        ),
        (
            "para",
            "1.2 Inspectors judged the overall effectiveness of services to be 'requires improvement to "
            "be good'. The impact of leaders on social work practice with children and families was "
            "judged good.",
        ),
        ("para", "1.3 The report sets out three areas for improvement:"),
        (
            "bullets",
            [
                "the timeliness of initial health assessments for children in care",
                "the quality of supervision for social workers in the assessment teams",
                "the range of suitable homes for care leavers aged 18 to 21",
            ],
        ),
        ("heading", "2. Financial Implications"),
        ("para", "2.1 The improvement plan will be met from existing budgets and needs no new money."),
        ("heading", "3. Timescales"),
        (
            "para",
            "3.1 The improvement plan will be submitted to Ofsted by 20 April 2023 and all actions are "
            "expected to be completed by December 2023.",
        ),
        ("para", "3.2 The next full inspection is expected within three years of the last one."),
        ("heading", "Contact Officers"),
        (
            "table",
            [
                ["Role", "Name", "Email", "Telephone"],
                ["Report Author", "Priya Lennox", "priya.lennox@kirklees.gov.uk", "01484 221000"],
                ["Service Director", "Tom Gallagher", "tom.gallagher@kirklees.gov.uk", "01484 221001"],
            ],
        ),
    ),
    expected=Expected(
        council="Kirklees Council",
        committee="Cabinet",
        meeting_date=D(2023, 3, 14),
        title="Ofsted Inspection of Local Authority Children's Services: Outcome and Improvement Plan",
        recommendations=(
            "Notes the findings of the Ofsted inspection report",
            "Approves the improvement plan set out at Appendix A",
        ),
        framework="ILACS",
        inspection=(D(2022, 11, 7), D(2022, 11, 18)),
        published=D(2023, 1, 10),
        grades=frozenset({("overall_effectiveness", "requires improvement"), ("impact_of_leaders", "good")}),
        improvement_areas=(
            "the timeliness of initial health assessments for children in care",
            "the quality of supervision for social workers in the assessment teams",
            "the range of suitable homes for care leavers aged 18 to 21",
        ),
        timescales={"by 20 April 2023": (None, D(2023, 4, 20)), "by December 2023": (None, D(2023, 12, 31))},
        next_inspection=("within three years", D(2023, 3, 14), D(2026, 3, 14)),
        contacts=(
            ("Report Author", "Priya Lennox", "priya.lennox@kirklees.gov.uk", "01484 221000"),
            ("Service Director", "Tom Gallagher", "tom.gallagher@kirklees.gov.uk", "01484 221001"),
        ),
    ),
)

SCRUTINY = FixturePaper(
    name="hounslow_scrutiny",
    kind="committee_paper",
    blocks=(
        ("line", "London Borough of Hounslow"),
        ("line", "Committee: Children and Young People Scrutiny Panel"),
        ("line", "Meeting date: 5 September 2023"),
        ("line", "Subject: Briefing on the Ofsted inspection of children's services"),
        ("line", "Report of the Director of Children's Services"),
        ("heading", "Purpose of the report"),
        (
            "para",
            "1. This briefing tells the panel the outcome of the inspection of Hounslow's children's "
            "services, which took place from 12 to 23 June 2023. Ofsted published its report on "
            "2 August 2023.",
        ),
        (
            "para",
            "2. At the previous inspection in 2016, services were judged inadequate. Services have "
            "improved a great deal and all four judgement areas are now graded good.",
        ),
        (
            "para",
            "3. Inspectors identified areas for improvement including the consistency of return home "
            "interviews for children who go missing, the recording of management decisions on case "
            "files and the stability of homes for older children in care.",
        ),
        ("para", "4. A written action plan will be sent to Ofsted within 70 working days of publication."),
        ("para", "5. The next inspection is expected between 2026 and 2027."),
        ("heading", "Recommendation"),
        ("para", "The panel is asked to note the briefing and to receive a progress update in six months."),
        ("para", "Contact: Amira Okafor, Head of Quality Assurance, amira.okafor@hounslow.gov.uk"),
    ),
    expected=Expected(
        council="London Borough of Hounslow",
        committee="Children and Young People Scrutiny Panel",
        meeting_date=D(2023, 9, 5),
        title="Briefing on the Ofsted inspection of children's services",
        recommendations=("The panel is asked to note the briefing and to receive a progress update in six months.",),
        inspection=(D(2023, 6, 12), D(2023, 6, 23)),
        published=D(2023, 8, 2),
        grades=frozenset({(None, "good")}),
        improvement_areas=(
            "the consistency of return home interviews for children who go missing",
            "the recording of management decisions on case files",
            "the stability of homes for older children in care",
        ),
        timescales={
            # 70 working days are 98 calendar days, counted from publication
            "within 70 working days": (D(2023, 8, 2), D(2023, 11, 8)),
            "in six months": (D(2023, 9, 5), D(2024, 3, 5)),
        },
        next_inspection=("between 2026 and 2027", D(2026, 1, 1), D(2027, 12, 31)),
        previous=frozenset({("inadequate", 2016)}),
        contacts=(("Head of Quality Assurance", "Amira Okafor", "amira.okafor@hounslow.gov.uk", None),),
    ),
)

ACTION_PLAN = FixturePaper(
    name="bcp_action_plan",
    kind="committee_paper",
    blocks=(
        ("line", "Children's Services Overview and Scrutiny Committee"),
        ("line", "Date of meeting: 11 March 2025"),
        ("heading", "Appendix 1: Improvement Plan in response to the Ofsted inspection"),
        (
            "para",
            "BCP Council was inspected by Ofsted from 2 to 13 December 2024 and the report was published "
            "on 29 January 2025. This appendix sets out the actions that will be taken to address all of "
            "the recommendations.",
        ),
        (
            "table",
            [
                ["Area for improvement", "Action", "Lead", "Timescale", "RAG"],
                [
                    "Management oversight of children subject to child protection plans",
                    "Audit every plan monthly and report findings to the practice board",
                    "Head of Safeguarding",
                    "June 2025",
                    "Amber",
                ],
                [
                    "The sufficiency of local homes for children in care",
                    "Open two new children's homes within the borough",
                    "Director of Commissioning",
                    "March 2026",
                    "Red",
                ],
                [
                    "The quality of pathway plans for care leavers",
                    "Train personal advisers in writing pathway plans with young people",
                    "Head of Leaving Care",
                    "September 2025",
                    "Green",
                ],
            ],
        ),
        ("para", "Contact: Hannah Ruiz, Improvement Manager, hannah.ruiz@bcpcouncil.gov.uk, 01202 123456"),
    ),
    expected=Expected(
        council="BCP Council",
        committee="Children's Services Overview and Scrutiny Committee",
        meeting_date=D(2025, 3, 11),
        title="Appendix 1: Improvement Plan in response to the Ofsted inspection",
        inspection=(D(2024, 12, 2), D(2024, 12, 13)),
        published=D(2025, 1, 29),
        improvement_areas=(
            "Management oversight of children subject to child protection plans",
            "The sufficiency of local homes for children in care",
            "The quality of pathway plans for care leavers",
        ),
        contacts=(("Improvement Manager", "Hannah Ruiz", "hannah.ruiz@bcpcouncil.gov.uk", "01202 123456"),),
        action_rows=3,
    ),
)

NEWS = FixturePaper(
    name="cornwall_news",
    kind="news_article",
    blocks=(
        ("line", "Cornwall children's services rated outstanding after Ofsted visit"),
        (
            "para",
            "Services for children in Cornwall have been rated 'outstanding' in every area after an "
            "inspection in March 2024, according to a report published on 3 May 2024.",
        ),
        (
            "para",
            "Inspectors identified two areas for improvement: the timeliness of child protection "
            "conferences and the take-up of independent advocacy by care leavers.",
        ),
        ("para", "The cabinet member for children said the result reflected years of hard work by staff."),
        (
            "para",
            "A council spokesperson told reporters that the council will publish its response by the end of August.",
        ),
    ),
    expected=Expected(
        council="Cornwall",
        committee=None,
        meeting_date=None,
        title="Cornwall children's services rated outstanding after Ofsted visit",
        inspection=(D(2024, 3, 1), D(2024, 3, 31)),
        published=D(2024, 5, 3),
        grades=frozenset({(None, "outstanding")}),
        improvement_areas=(
            "the timeliness of child protection conferences",
            "the take-up of independent advocacy by care leavers",
        ),
        timescales={"by the end of August": (None, None)},
    ),
)

LABELLED = FixturePaper(
    name="haringey_labelled_cabinet",
    kind="committee_paper",
    blocks=(
        ("line", "Agenda Item 7"),
        ("line", "Report for: Cabinet"),
        ("line", "Date of meeting: Tuesday, 10 December 2024"),
        ("line", "Title of report: Response to the Ofsted inspection of children's social care"),
        ("line", "Report of: Director of Children's Services"),
        ("heading", "1. Purpose"),
        (
            "para",
            "1.1 To inform Cabinet of the outcome of the Ofsted inspection of Haringey's children's services "
            "carried out between 16 and 27 September 2024, published on 8 November 2024.",
        ),
        ("heading", "2. Recommendations"),
        ("para", "Cabinet is recommended to:"),
        ("para", "a) note the inspection judgements;"),
        ("para", "b) agree the improvement plan at Appendix 2."),
        ("heading", "3. Inspection outcome"),
        ("para", "3.1 The inspection judgements were:"),
        (
            "table",
            [
                ["Judgement", "Grade"],
                ["The impact of leaders on social work practice with children and families", "Good"],
                [
                    "The experiences and progress of children who need help and protection",
                    "Requires improvement to be good",
                ],
                ["The experiences and progress of children in care", "Good"],
                ["The experiences and progress of care leavers", "Good"],
                ["Overall effectiveness", "Good"],
            ],
        ),
        ("para", "3.2 Ofsted identified the following areas for improvement:"),
        (
            "numbered",
            ["The quality of written plans for children in need.", "Oversight of private fostering arrangements."],
        ),
        ("para", "3.3 In 2021 a focused visit found weaknesses in the front door."),
        ("heading", "4. Next steps"),
        (
            "para",
            "4.1 Haringey Council must publish a written statement of action within 70 working days of "
            "receiving the report. A progress report will come to Cabinet in June 2025.",
        ),
        (
            "para",
            "Contact officer: Jane Smith, Head of Improvement, Tel: 020 8489 0000, Email: jane.smith@haringey.gov.uk",
        ),
    ),
    expected=Expected(
        council="Haringey Council",
        committee="Cabinet",
        meeting_date=D(2024, 12, 10),
        title="Response to the Ofsted inspection of children's social care",
        recommendations=("note the inspection judgements", "agree the improvement plan at Appendix 2"),
        inspection=(D(2024, 9, 16), D(2024, 9, 27)),
        published=D(2024, 11, 8),
        grades=frozenset(
            {
                ("impact_of_leaders", "good"),
                ("help_and_protection", "requires improvement"),
                ("children_in_care", "good"),
                ("care_leavers", "good"),
                ("overall_effectiveness", "good"),
            }
        ),
        improvement_areas=(
            "The quality of written plans for children in need",
            "Oversight of private fostering arrangements",
        ),
        # 70 working days are 98 calendar days, from receiving (publication of) the report
        timescales={
            "within 70 working days": (D(2024, 11, 8), D(2025, 2, 14)),
            "in June 2025": (D(2025, 6, 1), D(2025, 6, 30)),
        },
        contacts=(("Head of Improvement", "Jane Smith", "jane.smith@haringey.gov.uk", "020 8489 0000"),),
    ),
)

DATELINED_NEWS = FixturePaper(
    name="stockport_news",
    kind="news_article",
    blocks=(
        ("line", "Home | News | Sport"),
        ("heading", "Council's children's services no longer inadequate, Ofsted says"),
        ("line", "By Sam Jones, Local Democracy Reporting Service"),
        ("line", "Published 14 March 2023"),
        (
            "para",
            "Children's services at Stockport Council have been rated as requiring improvement, two years "
            "after inspectors judged them inadequate.",
        ),
        ("para", "Ofsted inspectors visited in January and their report said leaders had made steady progress."),
        (
            "para",
            "The watchdog said the council still needed to improve the quality of assessments for disabled "
            "children and the support given to care leavers in finding housing.",
        ),
        (
            "para",
            "Council leader Alex Marsh said the staff deserved the credit. A spokesperson said an action "
            "plan would be drawn up within three months.",
        ),
    ),
    expected=Expected(
        council="Stockport Council",
        committee=None,
        meeting_date=None,
        title="Council's children's services no longer inadequate, Ofsted says",
        grades=frozenset({("overall_effectiveness", "requires improvement")}),
        improvement_areas=(
            "the quality of assessments for disabled children",
            "the support given to care leavers in finding housing",
        ),
        timescales={"within three months": (D(2023, 3, 14), D(2023, 6, 14))},  # from the story's dateline
        previous=frozenset({("inadequate", None)}),
    ),
)

MODERNGOV = FixturePaper(
    name="leeds_moderngov_item",
    kind="committee_paper",
    formats=("html", "pdf", "docx", "txt"),
    blocks=(
        (
            "site",
            [
                "Skip to main content",
                "Home",
                "Councillors",
                "Committees",
                "Meetings",
                "Decisions",
                "Search documents",
                "Contact us",
            ],
        ),
        ("line", "Home > Committees > Executive Board > Meeting > Agenda item"),
        ("heading", "Agenda item"),
        (
            "table",
            [
                ["Report to", "Executive Board"],
                ["Date of meeting", "20 March 2024"],
                ["Report of", "Director of Children and Families"],
                ["Wards affected", "All wards"],
                ["Subject", "Outcome of the Ofsted inspection of local authority children's services"],
            ],
        ),
        ("heading", "Purpose of report"),
        (
            "para",
            "1. This report informs the Executive Board of the outcome of the inspection of Leeds "
            "City Council's children's services. Inspectors were on site from 15 to 26 January 2024 "
            "and Ofsted published the report on 1 March 2024.",
        ),
        ("heading", "Main issues"),
        ("para", "2. The judgements given in each area were as follows:"),
        (
            "table",
            [
                ["Area", "Judgement"],
                ["Overall effectiveness", "Good"],
                ["The impact of leaders on social work practice with children and families", "Outstanding"],
                ["The experiences and progress of children who need help and protection", "Good"],
                ["The experiences and progress of children in care", "Good"],
                ["The experiences and progress of care leavers", "Requires improvement to be good"],
            ],
        ),
        ("para", "3. Inspectors asked the council to improve in three areas:"),
        (
            "bullets",
            [
                "the help given to care leavers to find settled homes before they turn 18",
                "the timeliness of reviews for children living with relatives or friends",
                "how managers record the reasons for their decisions on children's files",
            ],
        ),
        ("para", "4. An improvement plan will be brought to the Executive Board by July 2024."),
        ("heading", "Recommendations"),
        ("para", "5. The Executive Board is recommended to:"),
        (
            "bullets",
            [
                "note the outcome of the inspection",
                "thank the staff of the Children and Families directorate for their work",
            ],
        ),
        ("heading", "Contact"),
        ("para", "Report author: Morgan Ellery, Chief Officer Social Work, 0113 378 0000, morgan.ellery@leeds.gov.uk"),
        ("site", ["Privacy notice", "Cookies", "Accessibility statement", "© Leeds City Council 2024"]),
    ),
    expected=Expected(
        council="Leeds City Council",
        committee="Executive Board",
        meeting_date=D(2024, 3, 20),
        title="Outcome of the Ofsted inspection of local authority children's services",
        recommendations=(
            "note the outcome of the inspection",
            "thank the staff of the Children and Families directorate for their work",
        ),
        framework="ILACS",
        inspection=(D(2024, 1, 15), D(2024, 1, 26)),
        published=D(2024, 3, 1),
        grades=frozenset(
            {
                ("overall_effectiveness", "good"),
                ("impact_of_leaders", "outstanding"),
                ("help_and_protection", "good"),
                ("children_in_care", "good"),
                ("care_leavers", "requires improvement"),
            }
        ),
        improvement_areas=(
            "the help given to care leavers to find settled homes before they turn 18",
            "the timeliness of reviews for children living with relatives or friends",
            "how managers record the reasons for their decisions on children's files",
        ),
        timescales={"by July 2024": (None, D(2024, 7, 31))},
        contacts=(("Chief Officer Social Work", "Morgan Ellery", "morgan.ellery@leeds.gov.uk", "0113 378 0000"),),
    ),
)

WORD_COVER = FixturePaper(
    name="cheshire_east_word_cover",
    kind="committee_paper",
    formats=("docx", "pdf", "html", "txt"),
    blocks=(
        ("line", "Cheshire East Council"),
        (
            "table",
            [
                ["Meeting", "Cabinet"],
                ["Date", "9 July 2024"],
                ["Title", "Ofsted Inspection of Local Authority Children's Services – Outcome"],
                ["Portfolio holder", "Councillor Dee Rowntree, Children and Families"],
                ["Key decision", "No"],
            ],
        ),
        ("heading", "1. Report Summary"),
        (
            "para",
            "1.1 Ofsted carried out a full inspection of the council's services for children from "
            "22 April to 3 May 2024. The report was published on 14 June 2024.",
        ),
        ("para", "1.2 The judgements were:"),
        ("line", "Overall effectiveness: Good"),
        ("line", "The impact of leaders on social work practice with children and families: Good"),
        ("line", "The experiences and progress of children who need help and protection: Good"),
        ("line", "The experiences and progress of children in care: Requires improvement to be good"),
        ("line", "The experiences and progress of care leavers: Good"),
        ("heading", "2. Recommendations"),
        ("para", "2.1 That Cabinet notes the outcome of the inspection."),
        ("para", "2.2 That Cabinet endorses the improvement plan at Appendix 1."),
        ("heading", "3. Reasons for Recommendations"),
        (
            "para",
            "3.1 Inspectors found that the council should improve the consistency of permanence "
            "planning for children in care and the quality of return home interviews.",
        ),
        ("para", "3.2 The improvement plan will be reviewed by the Children and Families Committee in January 2025."),
        ("heading", "4. Contact Information"),
        ("para", "Contact: Jane Doe, Head of Service, 01270 686000, jane.doe@cheshireeast.gov.uk"),
    ),
    expected=Expected(
        council="Cheshire East Council",
        committee="Cabinet",
        meeting_date=D(2024, 7, 9),
        title="Ofsted Inspection of Local Authority Children's Services – Outcome",
        recommendations=(
            "That Cabinet notes the outcome of the inspection",
            "That Cabinet endorses the improvement plan at Appendix 1",
        ),
        framework="ILACS",
        inspection=(D(2024, 4, 22), D(2024, 5, 3)),
        published=D(2024, 6, 14),
        grades=frozenset(
            {
                ("overall_effectiveness", "good"),
                ("impact_of_leaders", "good"),
                ("help_and_protection", "good"),
                ("children_in_care", "requires improvement"),
                ("care_leavers", "good"),
            }
        ),
        improvement_areas=(
            "the consistency of permanence planning for children in care",
            "the quality of return home interviews",
        ),
        timescales={"in January 2025": (D(2025, 1, 1), D(2025, 1, 31))},
        contacts=(("Head of Service", "Jane Doe", "jane.doe@cheshireeast.gov.uk", "01270 686000"),),
    ),
)

EMAILED_BRIEFING = FixturePaper(
    name="norfolk_emailed_briefing",
    kind="committee_paper",
    formats=("txt", "pdf", "docx", "html"),
    wrap=72,
    blocks=(
        # forwarded by email: the header's date is when it was sent, not the meeting
        ("line", "From: Democratic Services"),
        ("line", "Sent: 07 May 2024 09:12"),
        ("line", "To: Members of the People and Communities Select Committee"),
        ("line", "Subject: Item 6 - Ofsted inspection briefing"),
        ("para", "Dear Members, please find below the briefing for item 6 at the meeting on Wednesday 15 May 2024."),
        ("line", "NORFOLK COUNTY COUNCIL"),
        ("line", "People and Communities Select Committee"),
        ("line", "Item 6"),
        ("line", "Ofsted inspection of children's services: briefing for members"),
        ("line", "Report of the Executive Director of Children's Services"),
        ("heading", "Purpose of report"),
        (
            "para",
            "1.1 This briefing gives members the outcome of the Ofsted inspection of children's "
            "services in Norfolk, which took place between 4 and 15 March 2024. The report was "
            "published on 26 April 2024.",
        ),
        (
            "para",
            "1.2 Ofsted judged the overall effectiveness of children's services in Norfolk to be "
            "good, the same grade as at the previous inspection in 2019.",
        ),
        ("heading", "Findings"),
        ("para", "2.1 Ofsted identified the following areas for development:"),
        (
            "para",
            "a) the quality and timeliness of assessments for children with special educational "
            "needs and disabilities;",
        ),
        ("para", "b) the consistency of management oversight in the early help service; and"),
        ("para", "c) the support given to care leavers who are parents."),
        (
            "para",
            "2.2 The council's improvement plan will be agreed by the end of June 2024 and reported "
            "to this committee within six months.",
        ),
        ("heading", "Recommendation"),
        (
            "para",
            "Members are asked to note the findings of the inspection and to comment on the proposed improvement plan.",
        ),
        ("heading", "Officer contact"),
        ("para", "If you have any questions about matters contained in this paper, please get in touch with:"),
        ("line", "Officer name: Sam Patel"),
        ("line", "Tel no.: 01603 223000"),
        ("line", "Email address: sam.patel@norfolk.gov.uk"),
    ),
    expected=Expected(
        council="Norfolk County Council",
        committee="People and Communities Select Committee",
        meeting_date=D(2024, 5, 15),
        title="Ofsted inspection briefing",
        recommendations=(
            "Members are asked to note the findings of the inspection and to comment on the proposed improvement plan.",
        ),
        inspection=(D(2024, 3, 4), D(2024, 3, 15)),
        published=D(2024, 4, 26),
        grades=frozenset({("overall_effectiveness", "good")}),
        improvement_areas=(
            "the quality and timeliness of assessments for children with special educational needs and disabilities",
            "the consistency of management oversight in the early help service",
            "the support given to care leavers who are parents",
        ),
        timescales={
            "by the end of June 2024": (None, D(2024, 6, 30)),
            "within six months": (D(2024, 5, 15), D(2024, 11, 15)),
        },
        previous=frozenset({("good", 2019)}),
        contacts=((None, "Sam Patel", "sam.patel@norfolk.gov.uk", "01603 223000"),),
    ),
)

LANDSCAPE_APPENDIX = FixturePaper(
    name="derbyshire_landscape_appendix",
    kind="committee_paper",
    formats=("pdf", "docx", "html", "txt"),
    blocks=(
        # printed only as the running header of every page, as many council templates do
        ("running", "Improvement and Scrutiny Committee – People, 18 June 2024"),
        ("line", "DERBYSHIRE COUNTY COUNCIL"),
        ("heading", "Ofsted Inspection of Children's Services: Progress on the Improvement Plan"),
        ("line", "Report of the Executive Director for Children's Services"),
        ("heading", "1. Purpose"),
        (
            "para",
            "1.1 To update the committee on the improvement plan written after Ofsted's inspection "
            "of children's services, carried out from 5 to 16 February 2024 and published on "
            "22 March 2024.",
        ),
        ("heading", "2. Information and Analysis"),
        (
            "para",
            "2.1 Ofsted judged services for children in Derbyshire to require improvement to be good. "
            "The plan at Appendix 1 sets out how the council will address the areas for improvement.",
        ),
        (
            "para",
            "2.2 Progress against each action is rated red, amber or green. The plan will be completed by March 2025.",
        ),
        (
            "para",
            "2.3 The plan was written with partners from health, the police and schools, and with the "
            "children in care council, whose members chose the wording of several actions. Each action "
            "has one lead officer, who reports on it to the improvement board each month.",
        ),
        (
            "para",
            "2.4 Most actions are on track. The opening of new children's homes has slipped because the "
            "purchase of one property fell through; a second property has been found and the planning "
            "application has been made.",
        ),
        (
            "para",
            "2.5 Audits of plans for children in need show steady gains: plans are shorter, written in "
            "plain language and more often say who will do what. Team managers now check every plan "
            "before it is shared with the family.",
        ),
        (
            "para",
            "2.6 The recruitment of foster carers remains the hardest part of the plan. The council has "
            "joined the regional fostering hub and raised its allowances to match those of neighbouring "
            "councils.",
        ),
        ("heading", "3. Financial Implications"),
        (
            "para",
            "3.1 The actions are funded from the children's services budget agreed by Council in "
            "February, apart from the new homes, which are funded from the capital programme.",
        ),
        ("heading", "4. Legal Implications"),
        (
            "para",
            "4.1 There are no legal implications beyond the council's duties to children in care and "
            "care leavers, which the plan supports.",
        ),
        ("heading", "5. Equality Implications"),
        (
            "para",
            "5.1 The plan is expected to benefit disabled children and children with complex needs in "
            "particular, through the new homes and the changes to planning.",
        ),
        ("heading", "6. Recommendation"),
        ("para", "That the committee notes the progress made against the improvement plan."),
        ("heading", "7. Contact Details"),
        (
            "table",
            [
                ["Report author", "Contact details"],
                ["Chris Okonjo, Assistant Director Quality and Improvement", "chris.okonjo@derbyshire.gov.uk"],
            ],
        ),
        (
            "appendix",
            [
                ["Ref", "Area for improvement", "Action", "Lead officer", "Timescale", "RAG"],
                [
                    "1",
                    "The quality of plans for children in need, so that they are specific and measurable",
                    "Introduce a single planning template and train every team manager in using it with families",
                    "Head of Early Help and Safeguarding",
                    "September 2024",
                    "Green",
                ],
                [
                    "2",
                    "The quality of plans for children in need, so that they are specific and measurable",
                    "Audit twenty plans a month and feed back findings to practitioners through group supervision",
                    "Principal Social Worker",
                    "Monthly from July 2024",
                    "Amber",
                ],
                [
                    "3",
                    "The timeliness of initial health assessments for children coming into care",
                    "Agree a joint protocol with health partners so that requests are sent within five working days",
                    "Head of Children in Care",
                    "October 2024",
                    "Amber",
                ],
                [
                    "4",
                    "The timeliness of initial health assessments for children coming into care",
                    "Report performance on initial health assessments to the corporate parenting board every quarter",
                    "Service Manager Performance",
                    "Quarterly from July 2024",
                    "Green",
                ],
                [
                    "5",
                    "The range of homes available to children with complex needs close to where they live",
                    "Open two new small children's homes in the north of the county for children with complex needs",
                    "Director of Commissioning",
                    "March 2025",
                    "Red",
                ],
                [
                    "6",
                    "The range of homes available to children with complex needs close to where they live",
                    "Recruit thirty more foster carers through the council's own fostering campaign",
                    "Head of Fostering",
                    "March 2025",
                    "Amber",
                ],
                [
                    "7",
                    "Support for care leavers to access education, employment and training",
                    "Guarantee an apprenticeship interview with the council to every care leaver who asks for one",
                    "Head of Leaving Care",
                    "December 2024",
                    "Green",
                ],
                [
                    "8",
                    "Support for care leavers to access education, employment and training",
                    "Give each personal adviser a named contact in the council's employment and skills service",
                    "Head of Leaving Care",
                    "August 2024",
                    "Green",
                ],
                [
                    "9",
                    "The recording of management oversight and the reasons for decisions on children's files",
                    "Change the case recording system so that every management decision has a reason field",
                    "Head of Performance and Systems",
                    "November 2024",
                    "Amber",
                ],
                [
                    "10",
                    "The recording of management oversight and the reasons for decisions on children's files",
                    "Run practice workshops for team managers on writing clear and child-focused case directions",
                    "Principal Social Worker",
                    "October 2024",
                    "Green",
                ],
                [
                    "11",
                    "The recording of management oversight and the reasons for decisions on children's files",
                    "Add the quality of case directions to the monthly practice audit and report the results to "
                    "the improvement board",
                    "Service Manager Quality Assurance",
                    "December 2024",
                    "Amber",
                ],
                [
                    "12",
                    "Support for care leavers to access education, employment and training",
                    "Work with colleges to offer every care leaver a named tutor and a bursary for travel to their "
                    "course",
                    "Virtual School Headteacher",
                    "January 2025",
                    "Amber",
                ],
                [
                    "13",
                    "The timeliness of initial health assessments for children coming into care",
                    "Train social workers in the court team to request assessments on the day a child comes into care",
                    "Head of Children in Care",
                    "September 2024",
                    "Green",
                ],
                [
                    "14",
                    "The range of homes available to children with complex needs close to where they live",
                    "Agree with neighbouring councils a shared framework for buying places in specialist homes",
                    "Director of Commissioning",
                    "June 2025",
                    "Amber",
                ],
                [
                    "15",
                    "The quality of plans for children in need, so that they are specific and measurable",
                    "Ask families what they think of their plans at every review and publish what they tell us",
                    "Participation Manager",
                    "November 2024",
                    "Amber",
                ],
                [
                    "16",
                    "Support for care leavers to access education, employment and training",
                    "Hold a jobs fair for care leavers each spring with employers from across the county",
                    "Head of Leaving Care",
                    "April 2025",
                    "Green",
                ],
            ],
        ),
    ),
    expected=Expected(
        council="Derbyshire County Council",
        committee="Improvement and Scrutiny Committee – People",
        meeting_date=D(2024, 6, 18),
        title="Ofsted Inspection of Children's Services: Progress on the Improvement Plan",
        recommendations=("That the committee notes the progress made against the improvement plan.",),
        inspection=(D(2024, 2, 5), D(2024, 2, 16)),
        published=D(2024, 3, 22),
        grades=frozenset({("overall_effectiveness", "requires improvement")}),
        improvement_areas=(
            "The quality of plans for children in need, so that they are specific and measurable",
            "The timeliness of initial health assessments for children coming into care",
            "The range of homes available to children with complex needs close to where they live",
            "Support for care leavers to access education, employment and training",
            "The recording of management oversight and the reasons for decisions on children's files",
        ),
        timescales={"by March 2025": (None, D(2025, 3, 31))},
        contacts=(
            ("Assistant Director Quality and Improvement", "Chris Okonjo", "chris.okonjo@derbyshire.gov.uk", None),
        ),
        action_rows=16,
    ),
)

NEWS_2026 = FixturePaper(
    name="thurrock_news_2026",
    kind="news_article",
    formats=("html", "txt", "pdf", "docx"),
    blocks=(
        ("site", ["News", "Sport", "Business", "Politics", "Local Democracy", "Contact"]),
        ("heading", "Thurrock children's services rated inadequate in new-style Ofsted inspection"),
        ("line", "By Chris Hale, Local Democracy Reporter"),
        ("line", "Published 3 November 2026"),
        (
            "para",
            "Children's services in Thurrock have been rated inadequate for the help and protection "
            "of children after an inspection in September 2026.",
        ),
        (
            "para",
            "Under Ofsted's new framework, which no longer gives an overall grade, the impact of "
            "leaders was also judged inadequate, while the experiences of children in care were "
            "judged to require improvement and those of care leavers were rated good.",
        ),
        ("para", "The council was previously judged to require improvement in 2022."),
        (
            "para",
            "Inspectors said the council must improve the response to children at risk of "
            "exploitation and the quality of child protection plans.",
        ),
        (
            "para",
            "Councillor Ruth Adeyemi, cabinet member for children's services, said: “We accept the "
            "findings in full. Children deserve better and we will put that right.”",
        ),
        ("para", "She said the council would send Ofsted its plan within 70 working days."),
        (
            "related",
            [
                "Essex children's services rated outstanding in every area",
                "Southend care leavers service judged good by inspectors",
            ],
        ),
        ("site", ["About us", "Terms", "Privacy"]),
    ),
    expected=Expected(
        council="Thurrock",
        committee=None,
        meeting_date=None,
        title="Thurrock children's services rated inadequate in new-style Ofsted inspection",
        inspection=(D(2026, 9, 1), D(2026, 9, 30)),
        grades=frozenset(
            {
                ("help_and_protection", "inadequate"),
                ("impact_of_leaders", "inadequate"),
                ("children_in_care", "requires improvement"),
                ("care_leavers", "good"),
            }
        ),
        improvement_areas=(
            "the response to children at risk of exploitation",
            "the quality of child protection plans",
        ),
        # from the story's dateline: 70 working days are 98 calendar days
        timescales={"within 70 working days": (D(2026, 11, 3), D(2027, 2, 9))},
        previous=frozenset({("requires improvement", 2022)}),
    ),
)

SIF_2016 = FixturePaper(
    name="torbay_sif_2016",
    kind="committee_paper",
    formats=("pdf", "docx", "html", "txt"),
    blocks=(
        ("line", "Meeting: Overview and Scrutiny Board Date: 7 September 2016"),
        ("line", "Wards Affected: All Wards"),
        (
            "line",
            "Report Title: Ofsted Single Inspection of Children's Services and Review of the Local "
            "Safeguarding Children Board",
        ),
        ("line", "Is the decision a key decision? No"),
        (
            "line",
            "Executive Lead Contact Details: Councillor Ann Pike, Executive Lead for Children's "
            "Services, 01803 207000, ann.pike@torbay.gov.uk",
        ),
        ("heading", "1. Purpose and Introduction"),
        (
            "para",
            "1.1 Ofsted carried out a single inspection of services for children in need of help and "
            "protection, children looked after and care leavers, and a review of the Local Safeguarding "
            "Children Board (LSCB), between 31 May and 23 June 2016. The report was published on "
            "9 August 2016.",
        ),
        (
            "para",
            "1.2 The overall judgement is that children's services in Torbay require improvement to be "
            "good. The LSCB was judged to require improvement.",
        ),
        ("para", "1.3 The judgements on each area were:"),
        (
            "table",
            [
                ["Children who need help and protection", "Requires improvement"],
                ["Children looked after and achieving permanence", "Requires improvement"],
                ["Adoption performance", "Good"],
                ["Experiences and progress of care leavers", "Good"],
                ["Leadership, management and governance", "Requires improvement"],
            ],
        ),
        ("para", "1.4 At the previous inspection in 2011, safeguarding services were judged adequate."),
        ("para", "1.5 Inspectors made the following recommendations for the local authority:"),
        (
            "numbered",
            [
                "Ensure that strategy discussions include the police and health in every case.",
                "Improve the quality of supervision so that it challenges drift in children's plans.",
                "Ensure that care leavers know their entitlements.",
            ],
        ),
        ("heading", "2. Next Steps"),
        ("para", "2.1 The council must send Ofsted its action plan within 70 working days of publication."),
        ("heading", "3. Recommendation"),
        ("para", "3.1 That the Overview and Scrutiny Board notes the report and the progress made."),
    ),
    expected=Expected(
        council="Torbay",
        committee="Overview and Scrutiny Board",
        meeting_date=D(2016, 9, 7),
        title="Ofsted Single Inspection of Children's Services and Review of the Local Safeguarding Children Board",
        recommendations=("That the Overview and Scrutiny Board notes the report and the progress made",),
        framework="SIF",
        inspection=(D(2016, 5, 31), D(2016, 6, 23)),
        published=D(2016, 8, 9),
        grades=frozenset(
            {
                ("overall_effectiveness", "requires improvement"),
                ("lscb", "requires improvement"),
                ("help_and_protection", "requires improvement"),
                ("children_in_care", "requires improvement"),
                ("adoption_performance", "good"),
                ("care_leavers", "good"),
                ("leadership_management_governance", "requires improvement"),
            }
        ),
        improvement_areas=(
            "Ensure that strategy discussions include the police and health in every case",
            "Improve the quality of supervision so that it challenges drift in children's plans",
            "Ensure that care leavers know their entitlements",
        ),
        # 70 working days are 98 calendar days, counted from publication
        timescales={"within 70 working days": (D(2016, 8, 9), D(2016, 11, 15))},
        previous=frozenset({("adequate", 2011)}),
        contacts=(("Executive Lead for Children's Services", "Ann Pike", "ann.pike@torbay.gov.uk", "01803 207000"),),
    ),
)

FRAMEWORK_2026 = FixturePaper(
    name="sefton_2026_framework",
    kind="committee_paper",
    formats=("pdf", "txt", "docx", "html"),
    blocks=(
        ("line", "Sefton Council"),
        ("line", "Report to: Overview and Scrutiny Committee (Children's Services and Safeguarding)"),
        ("line", "Date of meeting: 12 January 2027"),
        ("line", "Subject: Ofsted inspection of children's services under the new framework"),
        ("heading", "1. Introduction"),
        (
            "para",
            "1.1 Ofsted inspected Sefton's children's services from 5 to 16 October 2026, under the "
            "framework that began in April 2026. The report was published on 27 November 2026.",
        ),
        (
            "para",
            "1.2 The framework gives no overall effectiveness grade. Ofsted judged the impact of leaders "
            "to be good and the help and protection of children to be good, while children in care and "
            "care leavers were judged to require improvement.",
        ),
        ("para", "1.3 Ofsted identified the following areas for improvement:"),
        (
            "bullets",
            [
                "The stability of homes for children in care aged 13 and over (outcome 3, national framework)",
                "The help care leavers receive to manage their money (outcome 4, national framework)",
            ],
        ),
        ("heading", "2. Recommendations"),
        ("para", "2.1 The committee is asked to note the outcome of the inspection."),
        ("heading", "3. Next inspection"),
        ("para", "3.1 The next inspection is expected within three years."),
        (
            "para",
            "Contact Officer: Lee Barrow, Service Manager Quality Assurance, Tel: 0151 934 2000, "
            "Email: lee.barrow@sefton.gov.uk",
        ),
    ),
    expected=Expected(
        council="Sefton Council",
        committee="Overview and Scrutiny Committee (Children's Services and Safeguarding)",
        meeting_date=D(2027, 1, 12),
        title="Ofsted inspection of children's services under the new framework",
        recommendations=("The committee is asked to note the outcome of the inspection",),
        inspection=(D(2026, 10, 5), D(2026, 10, 16)),
        published=D(2026, 11, 27),
        # from 2023 children in care and care leavers are judged apart, so the pair is two judgements
        grades=frozenset(
            {
                ("impact_of_leaders", "good"),
                ("help_and_protection", "good"),
                ("children_in_care", "requires improvement"),
                ("care_leavers", "requires improvement"),
            }
        ),
        improvement_areas=(
            "The stability of homes for children in care aged 13 and over",
            "The help care leavers receive to manage their money",
        ),
        next_inspection=("within three years", D(2027, 1, 12), D(2030, 1, 12)),
        contacts=(("Service Manager Quality Assurance", "Lee Barrow", "lee.barrow@sefton.gov.uk", "0151 934 2000"),),
    ),
)

MINUTES = FixturePaper(
    name="wirral_minutes",
    kind="committee_paper",
    formats=("txt", "pdf", "docx", "html"),
    blocks=(
        ("line", "WIRRAL COUNCIL"),
        (
            "line",
            "Minutes of the meeting of the Children, Young People and Education Committee held on Tuesday "
            "12 March 2024 at 6.00pm",
        ),
        ("line", "Present: Councillor A Smith (Chair), Councillors B Jones, C Patel and D Evans"),
        ("line", "Apologies: Councillor E Hughes"),
        ("heading", "23. OFSTED INSPECTION OF CHILDREN'S SERVICES"),
        (
            "para",
            "The Director of Children's Services introduced the report, which set out the outcome of the "
            "inspection of local authority children's services carried out between 15 and 26 January 2024. "
            "The report was published on 1 March 2024.",
        ),
        (
            "para",
            "Members heard that Ofsted had judged overall effectiveness as good, an improvement on the 2021 "
            "inspection, when services were judged to require improvement to be good.",
        ),
        (
            "para",
            "In response to a question, the Director said that inspectors had asked the council to improve "
            "the consistency of supervision and the timeliness of health assessments for children in care.",
        ),
        ("para", "A progress report will come to the committee in September 2024."),
        ("para", "RESOLVED: That the report be noted and the committee's thanks be passed to staff."),
    ),
    expected=Expected(
        council="Wirral Council",
        committee="Children, Young People and Education Committee",
        meeting_date=D(2024, 3, 12),
        title="OFSTED INSPECTION OF CHILDREN'S SERVICES",
        framework="ILACS",
        inspection=(D(2024, 1, 15), D(2024, 1, 26)),
        published=D(2024, 3, 1),
        grades=frozenset({("overall_effectiveness", "good")}),
        improvement_areas=(
            "the consistency of supervision",
            "the timeliness of health assessments for children in care",
        ),
        timescales={"in September 2024": (D(2024, 9, 1), D(2024, 9, 30))},
        previous=frozenset({("requires improvement", 2021)}),
    ),
)

PAPERS = (
    CABINET,
    SCRUTINY,
    ACTION_PLAN,
    NEWS,
    LABELLED,
    DATELINED_NEWS,
    MODERNGOV,
    WORD_COVER,
    EMAILED_BRIEFING,
    LANDSCAPE_APPENDIX,
    NEWS_2026,
    SIF_2016,
    FRAMEWORK_2026,
    MINUTES,
)
