"""HTML: a page's visible text, one line per block, and its tables."""

from __future__ import annotations

import html.parser
from pathlib import Path

from ..schema import Table
from .common import as_table, decode


class _HtmlText(html.parser.HTMLParser):
    """Visible text, one line per block element, a table row's cells on one line as Word's are
    ('cell | cell'); script and style dropped, and a web page's menus and related-story links
    (<nav>, <aside>), which are not what the page says."""

    _BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "ul",
        "ol",
        "title",
        "dd",
        "dt",
        "blockquote",
    }

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


def load_html(path: Path) -> tuple[list[str], str | None]:
    parser = _HtmlText()
    parser.feed(decode(path.read_bytes()))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return [text], " ".join("".join(parser.title).split()) or None


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


def html_tables(path: Path) -> list[Table]:
    parser = _HtmlTables()
    parser.feed(decode(path.read_bytes()))
    parser.close()
    return [table for rows in parser.tables if (table := as_table(None, rows))]
