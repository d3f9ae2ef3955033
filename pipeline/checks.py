"""Self-checks: what every document of a kind must have once it is read.

A document that misses one is still written, with `status=warning` and the failed checks named in
its `checks` column, so that a report read only in part says so instead of passing as `ok`. The
checks come from what every document of a kind prints, not from any one document.
"""

from __future__ import annotations

import datetime as dt
import re

from .schema import AreaKey, DocumentKind, InspectionReport


# Ofsted's address and imprint, printed on every report and letter and not in what quotes them.
_OFFICE = r"office\s+for\s+standards\s+in\s+education,\s+children[’']s\s+services\s+and\s+skills"
_OFSTED_IMPRINT = re.compile(rf"(?i)piccadilly\s+gate|enquiries@ofsted\.gov\.uk|\b{_OFFICE}\b")

# Ofsted publishes a report some weeks after the inspection and a letter a few weeks after the visit;
# a listing date far outside that says one of the dates was misread. A document listed again years
# later (an archive re-upload) is rare and worth a look anyway.
_PUBLISHED_AFTER_END = (dt.timedelta(days=-3), dt.timedelta(days=400))
_LONGEST_INSPECTION = dt.timedelta(days=120)  # split inspections included

# A report or letter that has improvement items prints one of these headings.
_ITEM_HEADING = re.compile(
    r"(?im)^\W*(?:what\s+(?:does\s+the\s+\w+(?:\s+\w+)?\s+)?needs?\s+to\s+improve|areas?\s+for\s+(?:priority\s+action|improvement)|"
    r"priority\s+(?:and\s+immediate\s+)?actions?|recommendations?)\b"
)
# Praise stated as fact (not a relative clause: "plans that are effective" is what an item asks
# for), and the words with which an item asks for a change: over the 3,008 items of the dev reports
# and the 691 of the focused-visit letters no item has the first without the second.
_PRAISE = re.compile(
    r"(?i)(?<!that )(?<!which )(?<!who )\b(?:is|are|was|were|has|have|been)\s+(?:\w+ly\s+)?(?:good|strong|effective|robust|clear|positive|"
    r"outstanding|improved|embedded|well|appropriate|timely)\b|\b(?:works?|contributes?|engages?|performs?|supports?|"
    r"functions?|operates?)\s+(?:very\s+|extremely\s+|particularly\s+)?(?:well|effectively)\b"
)
_ASKS_FOR_CHANGE = re.compile(
    r"(?i)\b(?:ensur|improv|strengthen|increas|develop|reduc|should|must|needs?\b|further|more\b|better|consisten|"
    r"timel|review|embed|establish|address|rais|sustain|extend|enhanc|make sure|continu|secur|all\b|every|each|"
    r"fully|promptly|swift|clos|tackl|prioriti|implement|monitor|track|quality of|effectiveness of|oversight|"
    r"evaluat|use of)"
)
_SAYS_NONE = re.compile(
    r"(?i)\bno\s+(?:areas?\s+for\s+(?:priority\s+action|improvement)|recommendations?|priority\s+actions?)\b"
)


def check_report(report: InspectionReport, listed: dt.date | None, text: str) -> tuple[str, ...]:
    """The checks `report` fails, each "check: reason"; `listed` is the date the listing gives it
    (the publication date), `text` the document's text."""
    failed = [*_judgements(report), *_header(report, listed), *_items(report, text)]
    if not report.kind.is_letter and not report.paragraphs:
        failed.append("findings: no findings paragraphs read")
    return tuple(failed)


def check_unread(kind: DocumentKind | None, text: str) -> tuple[str, ...]:
    """A document that was not read as a report or letter: one of a report or letter kind that no
    parser reads, or one that carries Ofsted's imprint (a paper with the report as an appendix, or
    a report whose header fields could not be found)."""
    if kind is not None and kind.is_inspection_report:
        return (f"reading: {kind.value} documents are recognised but not read by this version",)
    if _OFSTED_IMPRINT.search(text):
        return (
            f"kind: it carries Ofsted's imprint but no report or letter header was found, so it was read as {kind.value if kind else 'nothing'}",
        )
    return ()


def _judgements(report: InspectionReport) -> list[str]:
    keys = [judgement.area_key for judgement in report.judgements]
    overall = AreaKey.OVERALL_EFFECTIVENESS in keys
    ungraded = [judgement.area for judgement in report.judgements if judgement.grade is None]
    failed = []
    if report.kind is DocumentKind.ILACS and (len(keys) not in (4, 5) or not overall):
        failed.append(f"judgements: an ILACS report has 4 or 5 with an overall effectiveness; read {_listed(keys)}")
    elif report.kind is DocumentKind.ILACS_2026 and (len(keys) != 4 or overall):
        failed.append(f"judgements: an April 2026 report has 4 and no overall effectiveness; read {_listed(keys)}")
    elif report.kind is DocumentKind.SIF and not (_sif_set(keys) or keys == [AreaKey.LSCB]):
        failed.append(
            f"judgements: a SIF report has a headline and its judgement list, or an LSCB review's one; read {_listed(keys)}"
        )
    elif report.kind is DocumentKind.LAC_2012 and not overall:
        failed.append(f"judgements: a 2012-13 report has an overall effectiveness; read {_listed(keys)}")
    if report.kind in (DocumentKind.ILACS, DocumentKind.ILACS_2026) and ungraded:
        failed.append(f"judgements: no grade read for {'; '.join(ungraded)}")
    return failed


def _sif_set(keys: list[AreaKey]) -> bool:
    """The headline and the five judgement-list rows; an LSCB judgement may follow."""
    required = {
        AreaKey.OVERALL_EFFECTIVENESS,
        AreaKey.HELP_AND_PROTECTION,
        AreaKey.CHILDREN_IN_CARE,
        AreaKey.ADOPTION_PERFORMANCE,
        AreaKey.CARE_LEAVERS,
        AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE,
    }
    return required <= set(keys)


def _listed(keys: list[AreaKey]) -> str:
    return f"{len(keys)} ({', '.join(key.value for key in keys)})" if keys else "none"


def _header(report: InspectionReport, listed: dt.date | None) -> list[str]:
    failed = []
    what = "visit" if report.kind.is_letter else "inspection"
    if not report.local_authority:
        failed.append("council: no local authority read from the title")
    start, end = report.inspection_start, report.inspection_end
    if start is None or end is None:
        failed.append(f"dates: no {what} dates read")
    elif end < start or end - start > _LONGEST_INSPECTION:
        failed.append(f"dates: the {what} dates read ({start} to {end}) are out of order or too far apart")
    elif listed is not None and not (_PUBLISHED_AFTER_END[0] <= listed - end <= _PUBLISHED_AFTER_END[1]):
        failed.append(f"dates: the {what} ended {end}, implausibly far from the publication date {listed}")
    if not report.lead_inspector:
        failed.append("inspector: no lead inspector or signatory read")
    return failed


def _items(report: InspectionReport, text: str) -> list[str]:
    failed = []
    if not report.improvements and _ITEM_HEADING.search(text) and not _SAYS_NONE.search(text):
        failed.append("items: the document prints an improvement heading but no items were read")
    elif not report.improvements and not report.kind.is_letter:
        failed.append("items: no improvement items read")
    praise = [str(item.item_no) for item in report.improvements if _reads_as_strength(item.text)]
    if praise:
        failed.append(f"items: item {', '.join(praise)} reads as a strength, not something to improve")
    return failed


def _reads_as_strength(text: str) -> bool:
    """An item asks for a change ("Ensure ...", "The timeliness of ..."); a findings sentence read
    as one by mistake praises what is there ("Children's centres contribute well ...")."""
    return _PRAISE.search(text) is not None and _ASKS_FOR_CHANGE.search(text) is None
