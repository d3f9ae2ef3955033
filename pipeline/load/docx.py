"""Word (.docx): paragraphs and tables in document order through python-docx, guarded against a
damaged or bomb-sized zip."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from ..schema import Table
from .common import LoadError, as_table, size

# What a Word file may unpack to: its XML is parsed whole (about ten times its size in memory), and
# a zip a few hundred KB long can declare gigabytes (a zip bomb). Python's zip reader stops at
# the size a member declares, so checking the declared sizes bounds what is decompressed.
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024
MAX_DOCX_BYTES = 256 * 1024 * 1024


def load_docx(path: Path) -> tuple[list[str], str | None]:
    from docx.table import Table

    document = _open_docx(path)
    try:
        styles = {style.style_id: style.name or "" for style in document.styles}
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for cells in _docx_rows(block):
                    lines.append(" | ".join(_dedupe_merged([" ".join(cell.split()) for cell in cells])))
            else:
                lines.append(_docx_paragraph_text(block, styles))
        return ["\n".join(lines)], (document.core_properties.title or None)
    except (LoadError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - lxml, zlib and python-docx each fail their own way on a damaged part
        raise LoadError(_DAMAGED_DOCX) from None


_DAMAGED_DOCX = "the Word document is damaged and cannot be read (a part of it is missing or corrupt)"


def _open_docx(path: Path):
    import docx

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except Exception:  # noqa: BLE001 - BadZipFile, NotImplementedError, ... : a damaged zip
        raise LoadError(_DAMAGED_DOCX) from None
    if any(part.compress_size > path.stat().st_size for part in parts):  # would read past the file's end
        raise LoadError(_DAMAGED_DOCX)
    xml = sum(part.file_size for part in parts if part.filename.endswith((".xml", ".rels")))
    whole = sum(part.file_size for part in parts)
    if xml > MAX_DOCX_XML_BYTES or whole > MAX_DOCX_BYTES:
        raise LoadError(
            f"the Word document would unpack to {size(max(xml, whole))}, over the "
            f"{size(MAX_DOCX_XML_BYTES if xml > MAX_DOCX_XML_BYTES else MAX_DOCX_BYTES)} limit for one document"
        )
    try:
        return docx.Document(str(path))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - as in load_docx
        raise LoadError(_DAMAGED_DOCX) from None


def _docx_paragraph_text(paragraph, styles: dict[str, str]) -> str:
    """The paragraph, marked as a list item where Word lists it. Its style's name comes from
    `styles` (id -> name): python-docx looks each paragraph's style up among all the document's,
    which made a 200,000-paragraph file take minutes."""
    pPr = paragraph._p.pPr
    style = styles.get(pPr.pStyle.val, "") if pPr is not None and pPr.pStyle is not None else ""
    numbered = pPr is not None and pPr.numPr is not None
    return ("◼ " + paragraph.text) if ("List" in style or numbered) else paragraph.text


def _docx_rows(table) -> Iterator[list[str]]:
    """Each row's cell texts as python-docx's `row.cells` gives them (a cell once per grid column
    it spans, a vertically merged cell's text in every row it spans), in one pass: python-docx finds
    each merged cell's text by walking up from it, cell by cell, with a recursive call per row
    (quadratic, and a RecursionError past about a thousand rows)."""
    from docx.text.paragraph import Paragraph

    above: dict[int, str] = {}  # grid column -> the text of the cell last seen there
    for tr in table._tbl.tr_lst:
        texts: list[str] = []
        column = tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                text = above.get(column, "")
            else:
                text = "\n".join(Paragraph(p, None).text for p in tc.p_lst)
            for spanned in range(column, column + span):
                above[spanned] = text
            texts += [text] * span
            column += span
        yield texts


def _dedupe_merged(cells: list[str]) -> list[str]:
    """python-docx repeats a merged cell's text in every grid cell it spans."""
    out: list[str] = []
    for cell in cells:
        if not out or cell != out[-1]:
            out.append(cell)
    return out


def docx_tables(path: Path) -> list[Table]:
    return [
        table
        for block in _open_docx(path).tables
        if (table := as_table(None, [_dedupe_merged(cells) for cells in _docx_rows(block)]))
    ]
