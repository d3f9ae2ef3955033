"""Excel workbooks for analysts and officers: one per report and one for the whole run. The only
module that writes Excel.

Every sheet is a `Sheet`: a title, its columns and its rows. A later stage adds its own sheet (the
council's response to a report) by passing more `Sheet`s to `Workbooks`; rows carrying a
`doc_id` also go into that report's own workbook. openpyxl lays out each sheet and
`spreadsheetml` writes its cells, so a run of hundreds of reports stays quick; every workbook is
written atomically.
"""

from ..store import RUN_WORKBOOK as RUN_WORKBOOK
from .books import (
    ReportBook as ReportBook,
    Workbooks as Workbooks,
    report_fingerprint as report_fingerprint,
    report_sheets as report_sheets,
    stored_paragraphs as stored_paragraphs,
    write_workbooks as write_workbooks,
)
from .links import (
    Link as Link,
    base_links as base_links,
    copy_sources as copy_sources,
    file_links as file_links,
    page_link as page_link,
    source_links as source_links,
)
from .rebuild import (
    MissingOutputs as MissingOutputs,
    MissingTool as MissingTool,
    RunOutputs as RunOutputs,
    Unlinked as Unlinked,
    preview as preview,
    read_outputs as read_outputs,
    rebuild as rebuild,
)
from .sheets import (
    Column as Column,
    Format as Format,
    Sheet as Sheet,
    action_plan_sheet as action_plan_sheet,
    council_response_sheet as council_response_sheet,
    errors_sheet as errors_sheet,
    evidence_sheet as evidence_sheet,
    improvements_sheet as improvements_sheet,
    latest_inspections_sheet as latest_inspections_sheet,
    needs_a_look_sheet as needs_a_look_sheet,
    summary_sheet as summary_sheet,
)
from .workbook import (
    EXCEL_CELL_LIMIT as EXCEL_CELL_LIMIT,
    RAG_CHOICES as RAG_CHOICES,
    load_unless_kept as load_unless_kept,
    write_workbook as write_workbook,
)
