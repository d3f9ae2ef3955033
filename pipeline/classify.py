"""Say what kind of document this is from its opening text alone."""

from __future__ import annotations

import re

from .schema import Document, DocumentKind

_TITLE_LINES = 8  # a report's title block; later lines quote other inspections' names


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Report titles, tried in order on the joined opening lines of the first page.
_REPORT_TITLES: list[tuple[re.Pattern[str], DocumentKind]] = [
    (_rx(r"\bjoint targeted area inspection\b"), DocumentKind.JTAI),
    (_rx(r"^\W*focused visit to\b|\bfocused visit to .{0,80}children[’']s services"), DocumentKind.FOCUSED_VISIT),
    (_rx(r"^\W*monitoring visit (?:to|of)\b|\bmonitoring visit (?:to|of) .{0,80}children[’']s services"), DocumentKind.MONITORING_VISIT),
    (_rx(r"inspection of (?:safeguarding and )?looked after children\s+services|inspection of safeguarding and looked after children"), DocumentKind.LAC_2012),
    (_rx(r"(?:re-)?inspection of services for children in need of help\s+and\s+protection"), DocumentKind.SIF),
    (_rx(r"inspection of children[’']s social care services|inspection of .{1,120}?children[’']s\s+services"), DocumentKind.ILACS),
]  # fmt: skip
_OVERALL_ROW = _rx(r"^\s*overall effectiveness\b")
_JUDGEMENT_HEADER = _rx(r"^\s*judgements?\s+grade\b")
_COMMITTEE = _rx(
    r"\b(?:cabinet|committee|scrutiny|council meeting|executive member|portfolio holder|"
    r"agenda item|report of the|report to|decision maker|wards? affected|key decision)\b"
)
_NEWS = _rx(r"\b(?:said|says|told|reporter|journalist|spokesperson|spokesman|spokeswoman)\b")
# Every report in the corpus prints one of these on its first page; a paper or news story that
# names the inspection in its title does not.
_REPORT_MARKER = _rx(
    r"(?m)inspection dates?\s*:|lead inspector\s*:|report published\s*:|judgements?\s+grade|age group\s*:|"
    r"^\s*dear\b"
)
# A report's own header lines, which a paper that reproduces the judgement table does not copy.
_REPORT_HEADER = _rx(r"(?m)inspection dates?\s*:|lead inspector\s*:|report published\s*:|^\s*dear\b")
# Headings of a council paper's template, which news copy does not have.
_PAPER_HEADINGS = _rx(
    r"(?m)^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:recommendations?(?:\(s\))?|financial implications|legal implications|"
    r"background papers|contact (?:officer|points?|details)|report author|purpose of (?:the )?report|"
    r"agenda item|equality implications|risk management|supporting information)\b"
)


def classify(document: Document) -> DocumentKind:
    first_page = document.pages[0].text if document.pages else ""
    lines = [line for line in first_page.split("\n") if line.strip()]
    title_lines = lines[:_TITLE_LINES] + _after_salutation(lines)
    opening = " ".join(" ".join(title_lines).split())
    is_report = bool(_REPORT_MARKER.search(first_page))
    if _COMMITTEE.search(opening) and not _REPORT_HEADER.search(first_page):
        return _classify_other(document, named_a_body=True)
    for pattern, kind in _REPORT_TITLES:
        if pattern.search(opening) and is_report:
            if kind is DocumentKind.ILACS and _is_2026_framework(first_page):
                return DocumentKind.ILACS_2026
            return kind
    return _classify_other(document)


_SALUTATION = _rx(r"^\s*dear\b")
_LETTER_TITLE_LINES = 3


def _after_salutation(lines: list[str]) -> list[str]:
    """Ofsted's letters open with its address block, so their title follows 'Dear ...'."""
    start = next((i for i, line in enumerate(lines) if _SALUTATION.match(line)), None)
    return lines[start + 1 : start + 1 + _LETTER_TITLE_LINES] if start is not None else []


def _is_2026_framework(first_page: str) -> bool:
    """The April 2026 framework's judgement table has no 'Overall effectiveness' row."""
    lines = first_page.split("\n")
    header = next((i for i, line in enumerate(lines) if _JUDGEMENT_HEADER.match(line)), None)
    if header is None:
        return False
    return not any(_OVERALL_ROW.match(line) for line in lines[header:])


def _classify_other(document: Document, named_a_body: bool = False) -> DocumentKind:
    """A news story quotes people and has no council template headings; a paper names a body
    (Cabinet, a committee) in its title block or has the template's headings."""
    text = document.text[:20000]
    headings = {" ".join(match.lower().split()) for match in _PAPER_HEADINGS.findall(text)}
    if len(_NEWS.findall(text)) >= 2 and not headings:
        return DocumentKind.NEWS_ARTICLE
    if named_a_body or len(_COMMITTEE.findall(text)) >= 2 or len(headings) >= 2:
        return DocumentKind.COMMITTEE_PAPER
    return DocumentKind.OTHER
