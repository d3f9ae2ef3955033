"""PDF: page text through PDFium, a damaged page marked as such; tables through pdfplumber."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

from ..schema import Document, Table
from .common import LoadError, as_table

MAX_PAGES = 2000


def load_pdf(path: Path) -> tuple[list[str], str | None]:
    import pypdfium2 as pdfium

    # pdfium can rebuild a file cut short and read what is left: half a report must not pass as a
    # whole one, so a PDF without its end-of-file marker is refused before it is opened.
    if not _has_end_marker(path):
        raise LoadError(_INCOMPLETE)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise LoadError(_pdfium_reason(str(error))) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise LoadError(f"{len(pdf):,} pages, over the {MAX_PAGES:,}-page limit")
        if len(pdf) == 0:
            raise LoadError("the PDF has no pages")
        texts: list[str | None] = []  # None: a damaged page (see `damage_note`)
        for index in range(len(pdf)):
            text = _page_text(pdf, index)
            texts.append(None if text is None or _garbled(text) else text)
        title = pdf.get_metadata_value("Title").strip() or None
        return texts, title
    finally:
        pdf.close()


def _page_text(pdf, index: int) -> str | None:
    """The text of page `index` as pypdfium2's `PdfTextPage.get_text_range()` gives it, through
    PDFium's own calls; None where PDFium cannot load the page or its text. pypdfium2's objects for
    each page (a finalizer, weak references to its parents) cost a twentieth of the extraction."""
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        return None
    try:
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            return None
        try:
            return _text_range(pdfium_c, textpage)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _text_range(pdfium_c, textpage) -> str | None:
    """`get_text_range()` over every character: its range narrowed past the characters at either end
    that have no place in the text (https://crbug.com/pdfium/2079)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count == -1:
        return None
    first, last = 0, count - 1
    while first <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first) == -1:
        first += 1
    while first <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last) == -1:
        last -= 1
    if first > last:
        return ""
    start = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)
    end = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)
    buffer = (ctypes.c_ushort * (end + 2 - start))()  # with the closing NUL
    written = pdfium_c.FPDFText_GetText(textpage, first, last + 1 - first, buffer)
    return memoryview(buffer)[: max(written - 1, 0)].tobytes().decode("utf-16-le", errors="ignore")  # less its NUL


# Characters text extraction gives for bytes it could not decode, and control characters no page prints.
_GARBAGE = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")


def _garbled(text: str) -> bool:
    """Text that is mostly what a damaged content stream or font decodes to, not words."""
    garbage = len(_GARBAGE.findall(text))
    if garbage < 10:  # nearly every page: its printed characters need no counting
        return False
    printed = len(text) - text.count(" ") - text.count("\n")
    return garbage * 5 >= printed


def damage_note(document: Document) -> str | None:
    """ "the PDF's text is damaged on pages 3–5, 9" for a document with damaged pages, else the
    damage no page could be named for, if any."""
    if not document.damaged_pages:
        return document.damaged_parts
    runs: list[list[int]] = []
    for number in document.damaged_pages:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    spans = ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return f"the PDF's text is damaged on page{'s' if len(document.damaged_pages) > 1 else ''} {spans}"


_INCOMPLETE = "the PDF is incomplete (it stops before its end): a partial download? Fetch it again"


_TAIL = 4 * 1024 * 1024
# What follows the last end-of-file marker of a PDF cut short in the middle of an update: objects.
_PDF_SYNTAX = re.compile(rb"\d+\s+\d+\s+obj\b|\bendobj\b|\bxref\b|\bstartxref\b|\bstream\r?\n")


def _has_end_marker(path: Path) -> bool:
    """An end-of-file marker with nothing PDF after it: bytes a server or a mail program added
    after a complete file are no reason to refuse it, but an update cut short is."""
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - _TAIL))
        tail = handle.read()
    end = tail.rfind(b"%%EOF")
    return end >= 0 and not _PDF_SYNTAX.search(tail, end)


def _pdfium_reason(message: str) -> str:
    if "password" in message.lower():
        return "the PDF is encrypted (password protected): save an unprotected copy to read it"
    if "format" in message.lower() or "file" in message.lower():
        return "the PDF is damaged and cannot be opened"
    return f"PDF could not be opened ({message})"


MAX_TABLE_PAGES = 60  # a committee paper with its appendices; longer packs are agenda bundles


def pdf_tables(path: Path) -> list[Table]:
    import pdfplumber

    tables = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages[:MAX_TABLE_PAGES], start=1):
            try:
                for rows in page.extract_tables():
                    table = as_table(number, rows)
                    if table:
                        tables.append(table)
            finally:
                # pdfplumber keeps every page's parsed objects until the file is closed: a pack of
                # dense pages held them all (over 6 GB); one page's at a time is enough.
                page.close()
    return tables
