"""Fictional council papers and a news story, written for the tests, in the shapes councils use:
a cabinet report, a scrutiny briefing, an action-plan appendix and a news story. The councils are
real names (so council identity resolves); every word of content is invented.

Each paper is a list of blocks and what a reader sees in it (`Expected`), so a test can compare
what the parser extracts with what the paper says, in every format it is rendered to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# A block: ("line", text) a short line of the title block, ("heading", text), ("para", text),
# ("bullets", [items]), ("numbered", [items]), ("table", [[cells], ...]).
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
        ("numbered", [
            "Notes the findings of the Ofsted inspection report; and",
            "Approves the improvement plan set out at Appendix A.",
        ]),
        ("heading", "1. Background"),
        ("para", "1.1 Ofsted inspected children's services in Kirklees between 7 and 18 November 2022 under "
                 "the ILACS framework. The report was published on 10 January 2023."),
        ("para", "1.2 Inspectors judged the overall effectiveness of services to be 'requires improvement to "
                 "be good'. The impact of leaders on social work practice with children and families was "
                 "judged good."),
        ("para", "1.3 The report sets out three areas for improvement:"),
        ("bullets", [
            "the timeliness of initial health assessments for children in care",
            "the quality of supervision for social workers in the assessment teams",
            "the range of suitable homes for care leavers aged 18 to 21",
        ]),
        ("heading", "2. Financial Implications"),
        ("para", "2.1 The improvement plan will be met from existing budgets and needs no new money."),
        ("heading", "3. Timescales"),
        ("para", "3.1 The improvement plan will be submitted to Ofsted by 20 April 2023 and all actions are "
                 "expected to be completed by December 2023."),
        ("para", "3.2 The next full inspection is expected within three years of the last one."),
        ("heading", "Contact Officers"),
        ("table", [
            ["Role", "Name", "Email", "Telephone"],
            ["Report Author", "Priya Lennox", "priya.lennox@kirklees.gov.uk", "01484 221000"],
            ["Service Director", "Tom Gallagher", "tom.gallagher@kirklees.gov.uk", "01484 221001"],
        ]),
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
        ("para", "1. This briefing tells the panel the outcome of the inspection of Hounslow's children's "
                 "services, which took place from 12 to 23 June 2023. Ofsted published its report on "
                 "2 August 2023."),
        ("para", "2. At the previous inspection in 2016, services were judged inadequate. Services have "
                 "improved a great deal and all four judgement areas are now graded good."),
        ("para", "3. Inspectors identified areas for improvement including the consistency of return home "
                 "interviews for children who go missing, the recording of management decisions on case "
                 "files and the stability of homes for older children in care."),
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
        ("para", "BCP Council was inspected by Ofsted from 2 to 13 December 2024 and the report was published "
                 "on 29 January 2025. This appendix sets out the actions that will be taken to address all of "
                 "the recommendations."),
        ("table", [
            ["Area for improvement", "Action", "Lead", "Timescale", "RAG"],
            ["Management oversight of children subject to child protection plans",
             "Audit every plan monthly and report findings to the practice board",
             "Head of Safeguarding", "June 2025", "Amber"],
            ["The sufficiency of local homes for children in care",
             "Open two new children's homes within the borough",
             "Director of Commissioning", "March 2026", "Red"],
            ["The quality of pathway plans for care leavers",
             "Train personal advisers in writing pathway plans with young people",
             "Head of Leaving Care", "September 2025", "Green"],
        ]),
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
        ("para", "Services for children in Cornwall have been rated 'outstanding' in every area after an "
                 "inspection in March 2024, according to a report published on 3 May 2024."),
        ("para", "Inspectors identified two areas for improvement: the timeliness of child protection "
                 "conferences and the take-up of independent advocacy by care leavers."),
        ("para", "The cabinet member for children said the result reflected years of hard work by staff."),
        ("para", "A council spokesperson told reporters that the council will publish its response by the "
                 "end of August."),
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
        ("para", "1.1 To inform Cabinet of the outcome of the Ofsted inspection of Haringey's children's services "
                 "carried out between 16 and 27 September 2024, published on 8 November 2024."),
        ("heading", "2. Recommendations"),
        ("para", "Cabinet is recommended to:"),
        ("para", "a) note the inspection judgements;"),
        ("para", "b) agree the improvement plan at Appendix 2."),
        ("heading", "3. Inspection outcome"),
        ("para", "3.1 The inspection judgements were:"),
        ("table", [
            ["Judgement", "Grade"],
            ["The impact of leaders on social work practice with children and families", "Good"],
            ["The experiences and progress of children who need help and protection", "Requires improvement to be good"],
            ["The experiences and progress of children in care", "Good"],
            ["The experiences and progress of care leavers", "Good"],
            ["Overall effectiveness", "Good"],
        ]),
        ("para", "3.2 Ofsted identified the following areas for improvement:"),
        ("numbered", ["The quality of written plans for children in need.", "Oversight of private fostering arrangements."]),
        ("para", "3.3 In 2021 a focused visit found weaknesses in the front door."),
        ("heading", "4. Next steps"),
        ("para", "4.1 Haringey Council must publish a written statement of action within 70 working days of "
                 "receiving the report. A progress report will come to Cabinet in June 2025."),
        ("para", "Contact officer: Jane Smith, Head of Improvement, Tel: 020 8489 0000, Email: jane.smith@haringey.gov.uk"),
    ),
    expected=Expected(
        council="Haringey Council",
        committee="Cabinet",
        meeting_date=D(2024, 12, 10),
        title="Response to the Ofsted inspection of children's social care",
        recommendations=("note the inspection judgements", "agree the improvement plan at Appendix 2"),
        inspection=(D(2024, 9, 16), D(2024, 9, 27)),
        published=D(2024, 11, 8),
        grades=frozenset({("impact_of_leaders", "good"), ("help_and_protection", "requires improvement"),
                          ("children_in_care", "good"), ("care_leavers", "good"), ("overall_effectiveness", "good")}),
        improvement_areas=("The quality of written plans for children in need", "Oversight of private fostering arrangements"),
        # 70 working days are 98 calendar days, from receiving (publication of) the report
        timescales={"within 70 working days": (D(2024, 11, 8), D(2025, 2, 14)), "in June 2025": (D(2025, 6, 1), D(2025, 6, 30))},
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
        ("para", "Children's services at Stockport Council have been rated as requiring improvement, two years "
                 "after inspectors judged them inadequate."),
        ("para", "Ofsted inspectors visited in January and their report said leaders had made steady progress."),
        ("para", "The watchdog said the council still needed to improve the quality of assessments for disabled "
                 "children and the support given to care leavers in finding housing."),
        ("para", "Council leader Alex Marsh said the staff deserved the credit. A spokesperson said an action "
                 "plan would be drawn up within three months."),
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

PAPERS = (CABINET, SCRUTINY, ACTION_PLAN, NEWS, LABELLED, DATELINED_NEWS)
