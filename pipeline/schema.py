"""Every record that crosses a stage boundary.

Records are frozen: a stage never edits what an earlier stage produced, it returns a new record
(`model_copy(update=...)`). The vocabularies (grades, kinds, judgement areas) use the words the
users read in the reports.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Grade(str, Enum):
    """A judgement grade, normalised. `official` is the wording Ofsted prints."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires improvement"
    ADEQUATE = "adequate"  # pre-2013 frameworks only
    INADEQUATE = "inadequate"

    @property
    def official(self) -> str:
        return _OFFICIAL_WORDING[self]

    @property
    def rank(self) -> int:
        """1 (best) to 4 (worst); 'adequate' sits with 'requires improvement' for comparisons."""
        return _RANK[self]


_OFFICIAL_WORDING = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    Grade.ADEQUATE: "Adequate",
    Grade.INADEQUATE: "Inadequate",
}
_RANK = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.ADEQUATE: 3,
    Grade.INADEQUATE: 4,
}


class SourceFormat(str, Enum):
    """What a file is by its content (magic bytes), whatever its name says."""

    PDF = "pdf"
    HTML = "html"
    DOCX = "docx"
    TEXT = "text"
    UNKNOWN = "unknown"


class DocumentKind(str, Enum):
    ILACS = "ilacs"  # inspection of local authority children's services, 2018 to March 2026
    ILACS_2026 = "ilacs_2026"  # April 2026 framework: four judgements, no overall effectiveness
    SIF = "sif"  # single inspection framework 2013-2018, re-inspections included
    LAC_2012 = "lac_2012"  # older looked-after-children / safeguarding inspections (adequate scale)
    FOCUSED_VISIT = "focused_visit"
    MONITORING_VISIT = "monitoring_visit"
    JTAI = "jtai"  # joint targeted area inspection
    COMMITTEE_PAPER = "committee_paper"
    NEWS_ARTICLE = "news_article"
    OTHER = "other"

    @property
    def is_inspection_report(self) -> bool:
        return self in _REPORT_KINDS

    @property
    def is_letter(self) -> bool:
        return self in _LETTER_KINDS


# Ofsted's letters (focused visits, monitoring visits, JTAIs) are read like reports: they carry
# improvement items and findings, though no judgements.
_LETTER_KINDS = {DocumentKind.FOCUSED_VISIT, DocumentKind.MONITORING_VISIT, DocumentKind.JTAI}
_REPORT_KINDS = {DocumentKind.ILACS, DocumentKind.ILACS_2026, DocumentKind.SIF, DocumentKind.LAC_2012} | _LETTER_KINDS


class Framework(str, Enum):
    """How the inspection was run."""

    STANDARD = "standard"
    SHORT = "short"  # ILACS one-week inspection of a council last judged good or outstanding
    REINSPECTION = "reinspection"  # SIF re-inspection after an inadequate judgement


class ItemKind(str, Enum):
    IMPROVE = "improve"  # ILACS "What needs to improve?"
    PRIORITY_ACTION = "priority_action"  # SIF "Priority and immediate action" / "Priority actions"
    RECOMMENDATION = "recommendation"  # SIF "Recommendations" / 2014 "Areas for improvement"


class ReportPart(str, Enum):
    """SIF reports hold two reviews: the local authority's services and the LSCB's."""

    LOCAL_AUTHORITY = "local_authority"
    LSCB = "lscb"


class AreaKey(str, Enum):
    """A judgement area, stable across eras; `area` keeps the printed wording.

    `overall_effectiveness` is also the key of the SIF headline ("Children's services in X require
    improvement to be good"), which is that framework's overall judgement.
    """

    OVERALL_EFFECTIVENESS = "overall_effectiveness"
    IMPACT_OF_LEADERS = "impact_of_leaders"
    HELP_AND_PROTECTION = "help_and_protection"
    CHILDREN_IN_CARE = "children_in_care"
    CARE_LEAVERS = "care_leavers"
    CHILDREN_IN_CARE_AND_CARE_LEAVERS = "children_in_care_and_care_leavers"
    ADOPTION_PERFORMANCE = "adoption_performance"
    LEADERSHIP_MANAGEMENT_GOVERNANCE = "leadership_management_governance"
    LSCB = "lscb"
    CAPACITY_TO_IMPROVE = "capacity_to_improve"  # 2012-13 frameworks
    OTHER = "other"


# --- load -------------------------------------------------------------------------------------


class Page(Record):
    """One page of text, normalised: '\\n' line ends, real hyphens, '◼' bullets, no running
    header, footer or page number."""

    number: int  # 1-based
    text: str


class Table(Record):
    """A table as printed: rows of cell texts, each cell joined onto one line."""

    page: int | None = None
    rows: tuple[tuple[str, ...], ...]


class Document(Record):
    """What every loader returns, whatever the file type: the classifier and the parsers read only
    this."""

    doc_id: str
    source_path: str  # relative to the input folder it was found under
    sha256: str
    format: SourceFormat
    pages: tuple[Page, ...]
    title: str | None = None  # from the file's own metadata, where it has any
    tables: tuple[Table, ...] = ()  # filled only where a stage asks for them (committee papers)
    # The running headers and footers the loader took off every page, each as first printed: a
    # paper may print its meeting and date only there.
    running_lines: tuple[str, ...] = ()
    # Pages whose text could not be read, or came out as garbage (a damaged PDF): left empty.
    damaged_pages: tuple[int, ...] = ()
    # Damage no page can be named for (compressed streams that cannot be read, the pages using
    # them unknown): said as it is.
    damaged_parts: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


# --- parse ------------------------------------------------------------------------------------


class Polarity(str, Enum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"
    NEUTRAL = "neutral"


class EvidenceLink(Record):
    """A numbered paragraph that evidences an improvement item (filled by the enrich stage)."""

    para_no: int
    page: int
    score: float
    quote: str | None = None  # the paragraph's sentence that best states the weakness


class Judgement(Record):
    order: int  # 1-based, printed order
    area: str  # as printed, joined onto one line
    area_key: AreaKey
    grade: Grade | None  # None where the report prints "Not judged"
    page: int | None = None


class ImprovementItem(Record):
    item_no: int  # 1-based, printed order across all the report's lists
    kind: ItemKind
    text: str  # verbatim, joined onto one line, without bullet, number or framework tag
    outcome: str | None = None  # "outcome 1, national framework" moved out of the text
    part: ReportPart | None = None  # SIF only
    page: int | None = None
    # Filled by the enrich stage; empty straight after parsing.
    theme: str | None = None
    secondary_themes: tuple[str, ...] = ()
    evidence: tuple[EvidenceLink, ...] = ()  # best first

    @property
    def quoted(self) -> EvidenceLink | None:
        """The linked paragraph whose quote stands for the item (its action-plan row's): the best
        one that has a quote."""
        return next((link for link in self.evidence if link.quote), None)


class Section(Record):
    """A block of numbered paragraphs under one heading."""

    title: str
    grade: Grade | None
    first_para: int | None
    last_para: int | None
    page: int | None = None


class Paragraph(Record):
    para_no: int
    section: str | None
    page: int
    text: str
    # Filled by the enrich stage; empty straight after parsing.
    theme: str | None = None
    polarity: Polarity | None = None


class InspectionReport(Record):
    doc_id: str
    source_path: str
    sha256: str
    kind: DocumentKind
    local_authority: str | None
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    published: dt.date | None  # only where the report prints it; a letter's own date
    lead_inspector: str | None  # a letter's named lead, else its signatory
    framework: Framework | None
    pages: int
    focus: str | None = None  # letters only: the sentence saying what inspectors looked at
    judgements: tuple[Judgement, ...] = ()
    improvements: tuple[ImprovementItem, ...] = ()
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()


# --- the tables of a report's own rows -----------------------------------------------------------
# Each table's columns are its row model's fields, in order (`store.TABLE_ROWS`): a new column is a
# new field here, filled by the row's mapper in `store`.


class JudgementRow(Record):
    """One row of `tables/judgements`."""

    doc_id: str
    order: int
    area: str
    area_key: AreaKey
    grade: Grade | None
    page: int | None = None


class ImprovementRow(Record):
    """One row of `tables/improvements`: an item with its lists flattened, best first."""

    doc_id: str
    item_no: int
    kind: ItemKind
    text: str
    outcome: str | None = None
    part: ReportPart | None = None
    page: int | None = None
    theme: str | None = None
    secondary_themes: str  # ";"-joined
    evidence_paras: str  # ";"-joined paragraph numbers
    evidence_pages: str
    evidence_quote: str | None = None  # the best paragraph's quote


class SectionRow(Record):
    """One row of `tables/sections`."""

    doc_id: str
    title: str
    grade: Grade | None
    first_para: int | None
    last_para: int | None
    page: int | None = None


class ParagraphRow(Record):
    """One row of `tables/paragraphs`."""

    doc_id: str
    section: str | None
    para_no: int
    page: int
    text: str
    theme: str | None = None
    polarity: Polarity | None = None


class DocumentStatus(str, Enum):
    OK = "ok"
    WARNING = "warning"  # read, but a self-check failed: `checks` says which and why
    ERROR = "error"
    REMOVED = "removed"  # read by an earlier run, gone from the input since: no other rows kept


class DocumentRow(Record):
    """One row of `tables/documents`: every file the run looked at, parsed or not."""

    doc_id: str
    source_path: str
    sha256: str
    kind: DocumentKind | None
    local_authority: str | None = None
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    published: dt.date | None = None
    lead_inspector: str | None = None
    framework: Framework | None = None
    pages: int | None = None
    status: DocumentStatus
    error: str | None = None  # one line a person understands
    # The self-checks this document failed, "; "-joined, each "check: reason"; None when all pass.
    checks: str | None = None
    focus: str | None = None  # letters only: what inspectors looked at


# --- committee papers and news articles -------------------------------------------------------


class DateSpan(Record):
    """A printed time phrase and the dates it allows: "by June 2022" ends on 2022-06-30 with no
    start; "on 13 May 2022" starts and ends that day; open where the text leaves it open."""

    phrase: str  # verbatim
    start: dt.date | None = None
    end: dt.date | None = None
    sentence: str | None = None  # what the phrase is said about


class GradeClaim(Record):
    area: str  # the paper's words for the area; "all areas" where it grades every judgement at once
    area_key: AreaKey | None  # None for "all areas"
    grade: Grade
    quote: str  # the sentence or list line that says it


class PreviousJudgement(Record):
    grade: Grade
    year: int | None
    quote: str


class Contact(Record):
    role: str | None
    name: str | None
    email: str | None = None
    phone: str | None = None


class InspectionReference(Record):
    """The inspection a paper discusses, as the paper states it."""

    framework: str | None = None  # "ILACS", "SIF", ... as the paper names it
    dates: DateSpan | None = None
    published: DateSpan | None = None


class CommitteePaper(Record):
    doc_id: str
    source_path: str
    sha256: str
    kind: DocumentKind  # committee_paper or news_article
    pages: int
    council: str | None
    # Where the council was read: "named in the text", "web address in the text", "e-mail domain in
    # the text", "folder name" or "file name".
    council_source: str | None = None
    committee: str | None  # Cabinet, a scrutiny committee or panel, ...
    meeting_date: dt.date | None
    title: str | None
    dated: dt.date | None = None  # the date the paper or story carries: its meeting, or a news dateline
    recommendations: tuple[str, ...] = ()  # what the committee is asked to do
    inspection: InspectionReference = InspectionReference()
    grades: tuple[GradeClaim, ...] = ()
    improvement_areas: tuple[str, ...] = ()
    timescales: tuple[DateSpan, ...] = ()
    next_inspection: DateSpan | None = None
    previous_judgements: tuple[PreviousJudgement, ...] = ()
    contacts: tuple[Contact, ...] = ()
    action_rows: tuple[tuple[str, ...], ...] = ()  # action-plan table rows, header first
    commitments: tuple[str, ...] = ()  # sentences promising to address every improvement item
    dates_mentioned: tuple[DateSpan, ...] = ()  # every printed date, for a reader to check


class PaperLink(Record):
    paper_doc_id: str
    report_doc_id: str | None
    confidence: float  # 0 (unlinked) to 1
    reason: str


class CommitteePaperRow(Record):
    """One row of `tables/committee_papers`: the paper and the report it was linked to."""

    doc_id: str
    source_path: str
    kind: DocumentKind
    council: str | None
    committee: str | None
    meeting_date: dt.date | None
    title: str | None
    linked_doc_id: str | None
    link_confidence: float
    link_reason: str


class ClaimType(str, Enum):
    GRADE = "grade"
    INSPECTION_START = "inspection_start"
    INSPECTION_END = "inspection_end"
    PUBLISHED = "published"
    IMPROVEMENT_AREA = "improvement_area"
    TIMESCALE = "timescale"
    PREVIOUS_JUDGEMENT = "previous_judgement"
    NEXT_INSPECTION = "next_inspection"


class Claim(Record):
    """One thing a paper states, beside what the linked report says; `agrees` is None where there
    is no linked report or the report says nothing to check it against."""

    doc_id: str
    claim_type: ClaimType
    area: str | None
    value: str  # as the paper states it
    value_date: dt.date | None = None
    report_value: str | None = None
    agrees: bool | None = None
    report_doc_id: str | None = None


class CoverageRow(Record):
    """Whether a paper addresses one improvement item of the report it discusses."""

    doc_id: str
    report_doc_id: str
    item_no: int
    improvement_text: str
    covered: bool
    matched_text: str | None
    score: float
    basis: str | None = None  # "area", "action", "recommendation" or "commitment" (a promise to address every item)


class PaperReview(Record):
    """A paper with the report it was linked to, its checked claims and its coverage: what
    `papers/<doc_id>.json` holds."""

    paper: CommitteePaper
    link: PaperLink
    claims: tuple[Claim, ...] = ()
    coverage: tuple[CoverageRow, ...] = ()


# --- action plan ------------------------------------------------------------------------------


class ActionPlanRow(Record):
    """One row of a council's draft action plan: an improvement item with its evidence and a
    proposed response. Flat, so the table and the workbook show exactly these fields; lists are
    joined with "; " and draft actions are numbered lines."""

    doc_id: str
    ref: str  # "1", "2", ... in plan order: priority actions first
    item_no: int  # the item's number in `tables/improvements`
    council: str | None
    report: str  # what was inspected and when, e.g. "ILACS inspection, 10 to 21 January 2022"
    inspection_end: dt.date | None
    published: dt.date | None  # only where the report prints it
    judgement_area: str | None
    area_for_improvement: str  # the item verbatim
    kind: ItemKind
    theme: str | None  # theme_id from pipeline/data/themes.csv
    theme_name: str | None
    # How clearly the item's words pick the theme: its lead over the next theme, 0 to 1.
    theme_confidence: float | None = None
    evidence_paras: str | None  # "12; 15; 20", best first
    evidence_pages: str | None
    evidence_quote: str | None  # a weakness sentence (or a mixed sentence's weak half), never praise
    evidence_quote_para: int | None = None  # the paragraph quoted: the best one that states a weakness
    draft_actions: str
    lead: str
    partners: str | None
    phase: int = 2  # urgency: 1 priority action or inadequate area, 2 requires improvement, 3 the rest
    target_date: dt.date | None
    target_date_basis: str  # why this date: the council's own timescale or the default rule
    plan_due: dt.date | None = None  # ILACS: the written action plan is due 70 working days after the report
    success_measure: str
    baseline: str | None = None  # the council fills these in: the measure's figure now, and progress
    rag_status: str | None = None
    progress_notes: str | None = None
    evidence_of_impact: str | None = None
    last_updated: dt.date | None = None
    needs_review: bool
    review_reason: str | None  # why a person should check the row before relying on it
    evidence_check: str | None = None  # why the linked evidence or its quote may not be the item's: a quote to swap
    source_path: str
    source_page: int | None  # where to open the report: the best evidence, else the item
