"""Say what kind of document this is from the structure every document of a kind prints.

Whether a document is Ofsted's own report or letter is decided by its header fields, which every
one of them prints whatever its title says: a report's "Inspection date(s):" line with a lead
inspector, a publication line or a judgement table; a letter's salutation with Ofsted's sign-off or
address block. The title only chooses between families, and where no title says which, the header
fields' layout and the printed dates do. The running headers the loader took off every page are
read too, since some reports print their title only there.

Anything without those fields is a council paper, a news story or something else, even when it
quotes a report's title or its grade table.
"""

from __future__ import annotations

import datetime as dt
import re

from .schema import Document, DocumentKind


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


_HEADER_PAGES = 2  # a report's header fields, and a letter's title, are on its first two pages

# --- an Ofsted report's header fields -------------------------------------------------------------
_DATES_FIELD = _rx(r"^\W*(?:inspection|visit)\s+dates?\s*(?::|\s\d)")
# Beside the dates, a report names who led or reported on it, or when it was published; a page
# that copies only the judgement table under its dates is a report where Ofsted's name is on it.
_REPORT_FIELDS = {
    "lead inspector": _rx(r"^\W*lead\s+inspector\b"),
    "reporting inspector": _rx(r"^\W*reporting\s+inspector\b"),
    "publication line": _rx(r"^\W*(?:report\s+)?published\s*:"),
}
_JUDGEMENT_TABLE = _rx(r"^\W*judgements?\s+grade\b")
_FROM_OFSTED = _rx(r"(?:his|her)\s+majesty[’']s\s+inspector|\bHMI\b|piccadilly\s+gate|ofsted\.gov\.uk|gov\.uk/ofsted")

# --- an Ofsted letter -----------------------------------------------------------------------------
_SALUTATION = _rx(r"^\s*dear\b")
_LETTER_TOP_LINES = 60  # Ofsted's address block, the date and the addressees (a JTAI letter has several) come first
_LETTER_OPENING = _rx(r"this\s+letter\s+summarises\s+the\s+(?:main\s+)?findings\s+of\b")
_SIGN_OFF = _rx(r"^\s*yours\s+(?:sincerely|faithfully)\b")
_INSPECTORATE = _rx(
    r"(?:his|her)\s+majesty[’']s\s+(?:chief\s+)?inspector|\bHMI\b|piccadilly\s+gate|ofsted\.gov\.uk|"
    r"\bofsted\b|care\s+quality\s+commission|\bHMICFRS\b|probation"
)
# What a letter reports on, named in its title line or its opening sentence.
_LETTER_KINDS: list[tuple[re.Pattern[str], DocumentKind]] = [
    (_rx(r"joint\s+targeted\s+area\s+inspection|\bjoint\s+inspection\b|\bJTAI\b"), DocumentKind.JTAI),
    (_rx(r"monitoring\s+visit"), DocumentKind.MONITORING_VISIT),
    (_rx(r"focused\s+visit"), DocumentKind.FOCUSED_VISIT),
]

# --- report families, by title --------------------------------------------------------------------
_TITLE_LINES = 8  # a report's title block; later lines quote other inspections' names
_REPORT_TITLES: list[tuple[re.Pattern[str], DocumentKind]] = [
    (
        _rx(
            r"inspection\s+of\s+(?:safeguarding\s+and\s+)?looked\s+after\s+children|looked\s+after\s+children\s+services"
        ),
        DocumentKind.LAC_2012,
    ),
    (_rx(r"services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection"), DocumentKind.SIF),
    # A stand-alone review of a Local Safeguarding Children Board belongs to the SIF era.
    (_rx(r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board"), DocumentKind.SIF),
    (
        _rx(r"children[’']s\s+(?:social\s+care\s+)?services|children\s+and\s+families\s+trust|children[’']s\s+trust"),
        DocumentKind.ILACS,
    ),
]
# Rows only one family's judgement table or list prints.
_TABLE_ROWS: list[tuple[re.Pattern[str], DocumentKind]] = [
    (_rx(r"^\W*(?:\d(?:\.\d)?\.?\s+)?adoption\s+performance\b"), DocumentKind.SIF),
    (_rx(r"capacity\s+(?:for|to)\s+improve"), DocumentKind.LAC_2012),
    (_rx(r"the\s+impact\s+of\s+leaders\s+on\b"), DocumentKind.ILACS),
]
_OVERALL_ROW = _rx(r"^\s*overall\s+effectiveness\b")
_YEAR = re.compile(r"\b(20\d\d)\b")
_SIF_FROM = dt.date(2013, 11, 1)  # the single inspection framework's first inspections
_ILACS_FROM = dt.date(2018, 1, 1)

# --- everything else ------------------------------------------------------------------------------
_COMMITTEE = _rx(
    r"\b(?:cabinet|committee|scrutiny|council meeting|executive member|portfolio holder|"
    r"agenda item|report of the|report to|decision maker|wards? affected|key decision)\b"
)
_NEWS = _rx(r"\b(?:said|says|told|reporter|journalist|spokesperson|spokesman|spokeswoman|press release)\b")
# Headings of a council paper's template, which news copy does not have.
_PAPER_HEADINGS = _rx(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:recommendations?(?:\(s\))?|financial implications|legal implications|"
    r"background papers|contact (?:officer|points?|details)|report author|purpose of (?:the )?report|"
    r"agenda item|equality implications|risk management|supporting information)\b"
)
# A text about an inspection: it names Ofsted or an inspection and a grade or an Ofsted visit.
_ABOUT_OFSTED = _rx(r"\bofsted\b|\binspectors?\b")
_ABOUT_INSPECTION = _rx(
    r"\b(?:outstanding|good|requires?\s+improvement|inadequate)\b|focused\s+visit|monitoring\s+visit|"
    r"joint\s+targeted\s+area\s+inspection|\binspection\b"
)


def classify(document: Document) -> DocumentKind:
    header = _header_text(document)
    text = document.text  # joined once: the fields are looked for in it several times
    letter_kind = _letter_kind(header) if _is_letter(document, header, text) else None
    if letter_kind is not None:
        return letter_kind
    if _is_report(header, text):
        return _report_kind(document, header)
    return _classify_other(document, text)


def _header_text(document: Document) -> str:
    """The first pages and the running lines, which may hold the title alone."""
    pages = [page.text for page in document.pages[:_HEADER_PAGES]]
    return "\n".join([*document.running_lines, *pages])


def _is_report(header: str, text: str) -> bool:
    if not _DATES_FIELD.search(header):
        return False
    # SIF reports name their lead inspector only near the end.
    if any(pattern.search(text) for pattern in _REPORT_FIELDS.values()):
        return True
    return _JUDGEMENT_TABLE.search(header) is not None and _FROM_OFSTED.search(text) is not None


def _is_letter(document: Document, header: str, text: str) -> bool:
    """Dear ... near the top of the first page, then the letter's opening sentence or a sign-off,
    from an inspectorate (a story quoting a letter's opening has neither the place nor the sign-off)."""
    first_page = document.pages[0].text if document.pages else ""
    top = "\n".join([line for line in first_page.split("\n") if line.strip()][:_LETTER_TOP_LINES])
    if not _SALUTATION.search(top):
        return False
    signed = _SIGN_OFF.search(text) is not None
    return (signed or _LETTER_OPENING.search(header) is not None) and _INSPECTORATE.search(text) is not None


def _letter_kind(header: str) -> DocumentKind | None:
    """The letter's title line, or failing that its opening sentence, names what it reports on."""
    salutation = _SALUTATION.search(header)
    after = header[salutation.end() :] if salutation else header
    title_zone = "\n".join(after.split("\n")[:4])
    opening = _LETTER_OPENING.search(header)
    sentence = header[opening.end() : opening.end() + 200] if opening else ""
    for zone in (title_zone, sentence, header):
        for pattern, kind in _LETTER_KINDS:
            if pattern.search(zone):
                return kind
    return None  # a letter of a kind not read here: the self-checks say so if it is Ofsted's


def _report_kind(document: Document, header: str) -> DocumentKind:
    kind = _report_family(document, header)
    if kind is DocumentKind.ILACS and _is_2026_framework(header):
        return DocumentKind.ILACS_2026
    return kind


def _report_family(document: Document, header: str) -> DocumentKind:
    first_page = document.pages[0].text if document.pages else ""
    title_lines = [line for line in first_page.split("\n") if line.strip()][:_TITLE_LINES]
    title = " ".join(" ".join([*document.running_lines, *title_lines]).split())
    for pattern, kind in _REPORT_TITLES:
        if pattern.search(title):
            return kind
    for pattern, kind in _TABLE_ROWS:
        if pattern.search(header):
            return kind
    return _family_by_layout(header)


def _family_by_layout(header: str) -> DocumentKind:
    """No title names the family: ILACS reports print a judgement table under their dates, SIF and
    2012-13 reports a publication line; the dates say which era."""
    if _JUDGEMENT_TABLE.search(header):
        return DocumentKind.ILACS
    dates = _DATES_FIELD.search(header)
    line = header[dates.end() : header.find("\n", dates.end())] if dates else ""
    years = [int(year) for year in _YEAR.findall(line)]
    if _REPORT_FIELDS["reporting inspector"].search(header) or (years and dt.date(years[0], 12, 31) < _SIF_FROM):
        return DocumentKind.LAC_2012
    if years and dt.date(years[0], 1, 1) >= _ILACS_FROM and not _REPORT_FIELDS["publication line"].search(header):
        return DocumentKind.ILACS
    return DocumentKind.SIF


def _is_2026_framework(header: str) -> bool:
    """The April 2026 framework's judgement table has no 'Overall effectiveness' row."""
    lines = header.split("\n")
    start = next((i for i, line in enumerate(lines) if _JUDGEMENT_TABLE.match(line)), None)
    if start is None:
        return False
    return not any(_OVERALL_ROW.match(line) for line in lines[start:])


def _classify_other(document: Document, text: str) -> DocumentKind:
    """A paper names a body (Cabinet, a committee) in its title block or has the council template's
    headings; a news story or press release quotes people; a page about an inspection that is
    neither (a council's web page with the grade table, a round-up) is read as news, so that its
    claims are kept."""
    text = text[:20000]
    first_page = document.pages[0].text if document.pages else ""
    title = " ".join([line for line in first_page.split("\n") if line.strip()][:_TITLE_LINES])
    headings = {" ".join(match.lower().split()) for match in _PAPER_HEADINGS.findall(text)}
    if len(_NEWS.findall(text)) >= 2 and not headings:
        return DocumentKind.NEWS_ARTICLE
    if _COMMITTEE.search(title) or len(_COMMITTEE.findall(text)) >= 2 or len(headings) >= 2:
        return DocumentKind.COMMITTEE_PAPER
    if _ABOUT_OFSTED.search(text) and _ABOUT_INSPECTION.search(text):
        return DocumentKind.NEWS_ARTICLE
    return DocumentKind.OTHER
