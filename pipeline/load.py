"""One loader per input format, each returning the same `Document`.

Only this module knows what the file type was. Text comes out normalised the same way from every
format, so the classifier and parsers see '\\n' line ends, real hyphens and '◼' bullets.
"""

from __future__ import annotations

import html.parser
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Iterator

from .discover import SourceFile
from .pdf_damage import scan
from .schema import Document, Page, SourceFormat, Table

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PAGES = 2000
# What a Word file may unpack to: its XML is parsed whole (about ten times its size in memory), and
# a zip a few hundred KB long can declare gigabytes (a zip bomb). Python's zip reader stops at
# the size a member declares, so checking the declared sizes bounds what is decompressed.
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024
MAX_DOCX_BYTES = 256 * 1024 * 1024


class LoadError(Exception):
    """A document that cannot be read; the message is the one-line reason shown to the user."""


def load(source: SourceFile, sha256: str) -> Document:
    if source.size == 0:
        raise LoadError("empty file (0 bytes)")
    if source.size > MAX_FILE_BYTES:
        raise LoadError(
            f"file is {_size(source.size)}, over the {_size(MAX_FILE_BYTES)} limit for one report"
        )
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
    texts, running = _without_running_lines([text or "" for text in pages])
    pages = tuple(Page(number=i, text=text) for i, text in enumerate(texts, 1))
    if not any(page.text.strip() for page in pages):
        if source.format is SourceFormat.PDF:
            raise LoadError(
                f"no text layer in {len(pages)} page(s): a scanned image? (OCR is not supported)"
            )
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
        what = "a damaged Word document" if source.claimed_format is SourceFormat.DOCX else "a zip file but not a Word document"
        return f"{what}: its parts cannot be found"
    return "not a PDF, DOCX, HTML or text file (unrecognised content)"


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n / 1024:,.1f} KiB"


def _not_a_pdf_reason(source: SourceFile) -> str:
    what = {
        SourceFormat.HTML: "an HTML page",
        SourceFormat.DOCX: "a Word document",
        SourceFormat.TEXT: "plain text",
    }.get(source.format, "unrecognised binary data")
    reason = f"named .pdf but the file is {what}, not a PDF"
    if source.format is SourceFormat.HTML:
        title = re.search(
            rb"<title[^>]*>(.*?)</title>", source.path.read_bytes()[:65536], re.I | re.S
        )
        if title:
            text = " ".join(title.group(1).decode("utf-8", "replace").split())
            reason += f" (page title: {text[:80]!r})"
    return reason


# --- normalisation shared by every format ----------------------------------------------------

_GLYPHS = str.maketrans(
    {
        "\ufffe": "-",  # PDFium marks a hyphen at a line end this way
        "\u00ad": "-",
        "\uf06e": "◼",  # Wingdings/Symbol bullets in SIF and 2018-19 reports
        "\uf0a7": "◼",
        "\uf0b7": "◼",
        "\u2022": "◼",
        "\u25aa": "◼",
        "\u25cf": "◼",
        "\u25a0": "◼",  # ZapfDingbats black square, another common bullet
        "\uf02d": "–",  # Symbol-font dash: a nested sub-bullet
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_GLYPHS)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


_DIGITS = re.compile(r"\d+")
_EDGE = 3  # running lines sit within the first or last three lines of a page


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove running headers, footers and page numbers.

    A line is running furniture when, with its digits blanked, it stands among the first or last
    few lines of at least half the pages (and of three or more). Lines that are only a page number
    go too. PDFium puts a footer first on the page, so both ends are checked.
    """
    return _without_running_lines(pages)[0]


def _without_running_lines(pages: list[str]) -> tuple[list[str], list[str]]:
    """The pages without their running lines, and each running line removed as first printed
    (page numbers aside)."""
    split = [normalise(page).split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_shape(line) for line in lines[:_EDGE] + lines[-_EDGE:] if line.strip()})
    threshold = max(3, (len(split) + 1) // 2)
    running = {shape for shape, n in counts.items() if n >= threshold}

    def is_running(line: str) -> bool:
        return _shape(line) in running or line.strip().isdigit()

    cleaned = []
    removed: dict[str, str] = {}
    for lines in split:
        head, body, tail = lines[:_EDGE], lines[_EDGE:-_EDGE], lines[-_EDGE:]
        if len(lines) <= 2 * _EDGE:
            head, body, tail = lines, [], []
        kept_head = _drop_leading(head, is_running)
        kept_tail = list(reversed(_drop_leading(list(reversed(tail)), is_running)))
        for line in head[: len(head) - len(kept_head)] + tail[len(kept_tail) :]:
            if line.strip() and not line.strip().isdigit():
                removed.setdefault(_shape(line), " ".join(line.split()))
        cleaned.append("\n".join(kept_head + body + kept_tail).strip("\n"))
    return cleaned, list(removed.values())


def _drop_leading(lines: list[str], is_running) -> list[str]:
    for i, line in enumerate(lines):
        if line.strip() and not is_running(line):
            return lines[i:]
    return []


def _shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()))


# --- one loader per format -------------------------------------------------------------------


def _load_pdf(path: Path) -> tuple[list[str], str | None]:
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
            try:
                page = pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                page.close()
            except pdfium.PdfiumError:
                text = None
            texts.append(None if text is None or _garbled(text) else text)
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        return texts, title
    finally:
        pdf.close()


# Characters text extraction gives for bytes it could not decode, and control characters no page prints.
_GARBAGE = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")


def _garbled(text: str) -> bool:
    """Text that is mostly what a damaged content stream or font decodes to, not words."""
    printed = len(text) - text.count(" ") - text.count("\n")
    garbage = len(_GARBAGE.findall(text))
    return garbage >= 10 and garbage * 5 >= printed


def damage_note(document: Document) -> str | None:
    """"the PDF's text is damaged on pages 3–5, 9" for a document with damaged pages, else the
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


class _HtmlText(html.parser.HTMLParser):
    """Visible text, one line per block element, a table row's cells on one line as Word's are
    ('cell | cell'); script and style dropped, and a web page's menus and related-story links
    (<nav>, <aside>), which are not what the page says."""

    _BLOCKS = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
        "article", "header", "footer", "ul", "ol", "title", "dd", "dt", "blockquote",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    _HIDDEN = ("script", "style", "noscript", "template", "nav", "aside")

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        if self._skip:
            return
        if tag == "li":
            self.parts.append("\n◼ ")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._HIDDEN:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _load_html(path: Path) -> tuple[list[str], str | None]:
    parser = _HtmlText()
    parser.feed(_decode(path.read_bytes()))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return [text], " ".join("".join(parser.title).split()) or None


def _load_docx(path: Path) -> tuple[list[str], str | None]:
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
            f"the Word document would unpack to {_size(max(xml, whole))}, over the "
            f"{_size(MAX_DOCX_XML_BYTES if xml > MAX_DOCX_XML_BYTES else MAX_DOCX_BYTES)} limit for one document"
        )
    try:
        return docx.Document(str(path))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - as in _load_docx
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


def _load_text(path: Path) -> tuple[list[str], str | None]:
    return _decode(path.read_bytes()).split("\f"), None


def _decode(data: bytes) -> str:
    """UTF-16 by its byte-order mark; UTF-8 where most of the non-ASCII bytes are UTF-8, a bad byte
    becoming U+FFFD (one bad byte must not turn a whole report into cp1252 mojibake); else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    high = sum(1 for byte in data if byte >= 0x80)
    return text if bad * 10 <= high else data.decode("cp1252", errors="replace")


_LOADERS = {
    SourceFormat.PDF: _load_pdf,
    SourceFormat.HTML: _load_html,
    SourceFormat.DOCX: _load_docx,
    SourceFormat.TEXT: _load_text,
}


# --- tables, read only where a stage asks for them ---------------------------------------------


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


MAX_TABLE_PAGES = 60  # a committee paper with its appendices; longer packs are agenda bundles


def _pdf_tables(path: Path) -> list[Table]:
    import pdfplumber

    tables = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages[:MAX_TABLE_PAGES], start=1):
            try:
                for rows in page.extract_tables():
                    table = _table(number, rows)
                    if table:
                        tables.append(table)
            finally:
                # pdfplumber keeps every page's parsed objects until the file is closed: a pack of
                # dense pages held them all (over 6 GB); one page's at a time is enough.
                page.close()
    return tables


def _docx_tables(path: Path) -> list[Table]:
    return [
        table
        for block in _open_docx(path).tables
        if (table := _table(None, [_dedupe_merged(cells) for cells in _docx_rows(block)]))
    ]


class _HtmlTables(html.parser.HTMLParser):
    """Rows of <td>/<th> texts for every <table>; a nested table's cells stay in its own rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._open.append([])
        elif tag == "tr" and self._open:
            self._open[-1].append([])
        elif tag in ("td", "th") and self._open and self._open[-1]:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._open and self._open[-1]:
            self._open[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _html_tables(path: Path) -> list[Table]:
    parser = _HtmlTables()
    parser.feed(_decode(path.read_bytes()))
    parser.close()
    return [table for rows in parser.tables if (table := _table(None, rows))]


def _table(page: int | None, rows: list[list[str | None]]) -> Table | None:
    """Cells normalised like page text and joined onto one line; empty rows dropped."""
    cleaned = tuple(tuple(_cell_text(cell or "") for cell in row) for row in rows)
    cleaned = tuple(row for row in cleaned if any(row))
    return Table(page=page, rows=cleaned) if cleaned else None


def _cell_text(cell: str) -> str:
    """A cell's lines on one line; an email address or web link wrapped in a narrow column is
    joined back without a space."""
    out = ""
    for line in normalise(cell).split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        last = out.rsplit(" ", 1)[-1]
        glue = "" if ("@" in last or "://" in last) and " " not in line else " "
        out = f"{out}{glue}{line}" if out else line
    return out


_TABLE_READERS = {
    SourceFormat.PDF: _pdf_tables,
    SourceFormat.DOCX: _docx_tables,
    SourceFormat.HTML: _html_tables,
}
