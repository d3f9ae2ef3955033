"""Read a file into a `Document`: one module per input format (`pdf`, `docx`, `html`, `text`), each
giving its pages' text and title, and the same `Document` from every one.

Only this package knows what the file type was. Text comes out normalised the same way from every
format (`common`), so the classifier and parsers see '\\n' line ends, real hyphens and '◼' bullets.
"""

from __future__ import annotations

import re

from ..discover import SourceFile
from ..schema import Document, Page, SourceFormat
from .common import LoadError, normalise, size, strip_running_lines, without_running_lines
from .docx import docx_tables, load_docx
from .html import html_tables, load_html
from .pdf import damage_note, load_pdf, pdf_tables
from .pdf_damage import scan
from .text import load_text

__all__ = ["LoadError", "damage_note", "load", "normalise", "strip_running_lines", "with_tables"]

MAX_FILE_BYTES = 200 * 1024 * 1024


def load(source: SourceFile, sha256: str) -> Document:
    if source.size == 0:
        raise LoadError("empty file (0 bytes)")
    if source.size > MAX_FILE_BYTES:
        raise LoadError(f"file is {size(source.size)}, over the {size(MAX_FILE_BYTES)} limit for one report")
    if source.claimed_format is SourceFormat.PDF and source.format is not SourceFormat.PDF:
        raise LoadError(_not_a_pdf_reason(source))
    loader = _LOADERS.get(source.format)
    if loader is None:
        raise LoadError(_unrecognised_reason(source))
    pages, title = loader(source.path)
    damaged = tuple(number for number, text in enumerate(pages, 1) if text is None)
    if damaged and len(damaged) == len(pages):
        raise LoadError(f"the PDF is damaged: none of its {len(pages)} page(s) can be read")
    streams = scan(source.path) if source.format is SourceFormat.PDF else None  # pages cut short keep their text
    if streams and streams.broken:
        damaged = tuple(sorted({*damaged, *(number for number in streams.pages if number <= len(pages))}))
    texts, running = without_running_lines([text or "" for text in pages])
    pages = tuple(Page(number=i, text=text) for i, text in enumerate(texts, 1))
    if not any(page.text.strip() for page in pages):
        if source.format is SourceFormat.PDF:
            raise LoadError(f"no text layer in {len(pages)} page(s): a scanned image? (OCR is not supported)")
        raise LoadError("no text in the file")
    return Document(
        doc_id=source.doc_id,
        source_path=source.source_path,
        sha256=sha256,
        format=source.format,
        pages=pages,
        title=title,
        running_lines=tuple(running),
        damaged_pages=damaged,
        damaged_parts=streams.note if streams else None,
    )


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Microsoft's compound file: .doc, .xls, or Office encryption


def _unrecognised_reason(source: SourceFile) -> str:
    with open(source.path, "rb") as handle:
        head = handle.read(8)
    if head == _OLE:
        return (
            "an encrypted (password-protected) Word file or an old-style .doc, which cannot be read: "
            "save it unprotected as .docx or PDF"
        )
    if head.startswith(b"PK"):
        what = (
            "a damaged Word document"
            if source.claimed_format is SourceFormat.DOCX
            else "a zip file but not a Word document"
        )
        return f"{what}: its parts cannot be found"
    return "not a PDF, DOCX, HTML or text file (unrecognised content)"


def _not_a_pdf_reason(source: SourceFile) -> str:
    what = {
        SourceFormat.HTML: "an HTML page",
        SourceFormat.DOCX: "a Word document",
        SourceFormat.TEXT: "plain text",
    }.get(source.format, "unrecognised binary data")
    reason = f"named .pdf but the file is {what}, not a PDF"
    if source.format is SourceFormat.HTML:
        title = re.search(rb"<title[^>]*>(.*?)</title>", source.path.read_bytes()[:65536], re.I | re.S)
        if title:
            text = " ".join(title.group(1).decode("utf-8", "replace").split())
            reason += f" (page title: {text[:80]!r})"
    return reason


_LOADERS = {
    SourceFormat.PDF: load_pdf,
    SourceFormat.HTML: load_html,
    SourceFormat.DOCX: load_docx,
    SourceFormat.TEXT: load_text,
}


def with_tables(document: Document, source: SourceFile) -> Document:
    """The document with its tables as rows of cell texts. Kept out of `load`: pdfplumber's table
    finder costs about a second a page, and only committee papers (action plans, contact tables)
    need tables, so reports keep the fast path."""
    reader = _TABLE_READERS.get(source.format)
    if reader is None:
        return document
    try:
        tables = reader(source.path)
    except Exception:  # noqa: BLE001 - tables a library cannot read leave the text, still parsed
        return document
    return document.model_copy(update={"tables": tuple(tables)})


_TABLE_READERS = {
    SourceFormat.PDF: pdf_tables,
    SourceFormat.DOCX: docx_tables,
    SourceFormat.HTML: html_tables,
}
