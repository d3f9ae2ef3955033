"""Render a paper's blocks to the formats councils and newspapers publish: PDF (reportlab, with
ruled tables as council templates draw them, a running header on every page, appendices on
landscape pages), Word (python-docx, real tables and list styles), HTML (headings, lists, <table>,
a web site's menus around the article) and plain text (tables as tab-separated lines, optionally
hard-wrapped as an email client sends it).

The seeds in ../shared/seeds are markdown-like text; `blocks_from_text` reads them into the same
blocks so they can be rendered to PDF at test time too.
"""

from __future__ import annotations

import html
import re
import textwrap
from functools import partial
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

rl_config.invariant = 1  # byte-stable PDFs

FORMATS = ("pdf", "docx", "html", "txt")


# Blocks besides the plain ones: ("running", text) a meeting line PDF prints at the top of every
# page (elsewhere once, at the top); ("site", [links]) a web site's menu, which only HTML has;
# ("appendix", [[cells], ...]) a table PDF prints on landscape pages, its header repeated;
# ("related", [headlines]) a news site's links to other stories, which only HTML has.


def render(blocks, path: Path, wrap: int | None = None) -> Path:
    """Write the blocks to `path` in the format its suffix names; `wrap` hard-wraps plain text
    at that many characters."""
    writer = {".pdf": _pdf, ".docx": _docx, ".html": _html, ".txt": partial(_text, wrap=wrap)}[path.suffix]
    path.parent.mkdir(parents=True, exist_ok=True)
    writer(blocks, path)
    return path


def _text(blocks, path: Path, wrap: int | None = None) -> None:
    def wrapped(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, wrap, subsequent_indent=indent) if wrap else [text]

    lines: list[str] = []
    for kind, value in blocks:
        if kind == "bullets":
            lines.extend(line for item in value for line in wrapped(f"• {item}", "  "))
        elif kind == "numbered":
            lines.extend(line for n, item in enumerate(value, 1) for line in wrapped(f"{n}. {item}", "   "))
        elif kind in ("table", "appendix"):
            lines.extend("\t".join(row) for row in value)
        elif kind in ("site", "related"):
            continue
        else:
            lines.extend(wrapped(value))
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def _html(blocks, path: Path) -> None:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Paper</title></head><body>"]
    for kind, value in blocks:
        if kind == "site":
            parts.append(
                "<nav><ul>" + "".join(f"<li><a href='#'>{html.escape(i)}</a></li>" for i in value) + "</ul></nav>"
            )
            if len(parts) == 2:
                parts.append("<article>")
        elif len(parts) == 1:
            parts.append("<article>")
        if kind in ("line", "running"):
            parts.append(f"<div>{html.escape(value)}</div>")
        elif kind == "heading":
            parts.append(f"<h2>{html.escape(value)}</h2>")
        elif kind == "para":
            parts.append(f"<p>{html.escape(value)}</p>")
        elif kind in ("bullets", "numbered"):
            tag = "ul" if kind == "bullets" else "ol"
            parts.append(f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in value) + f"</{tag}>")
        elif kind in ("table", "appendix"):
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in value)
            parts.append(f"<table>{rows}</table>")
        elif kind == "related":
            links = "".join(f"<li><a href='#'>{html.escape(i)}</a></li>" for i in value)
            parts.append(f"<aside><h3>Related stories</h3><ul>{links}</ul></aside>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _docx(blocks, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "heading":
            document.add_heading(value, level=2)
        elif kind in ("line", "para", "running"):
            document.add_paragraph(value)
        elif kind == "bullets":
            for item in value:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "numbered":
            for n, item in enumerate(value, 1):
                document.add_paragraph(f"{n}. {item}")
        elif kind in ("table", "appendix"):
            table = document.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))


def _pdf(blocks, path: Path) -> None:
    styles = getSampleStyleSheet()
    body, heading, cell = (
        styles["BodyText"],
        styles["Heading2"],
        styles["BodyText"].clone("cell", fontSize=8, leading=10),
    )
    running = next((value for kind, value in blocks if kind == "running"), None)
    story = []
    for kind, value in blocks:
        if kind in ("site", "running", "related"):
            continue
        if kind == "heading":
            story.append(Paragraph(html.escape(value), heading))
        elif kind in ("line", "para"):
            story.append(Paragraph(html.escape(value), body))
        elif kind == "bullets":
            story.extend(Paragraph(html.escape(item), body, bulletText="•") for item in value)
        elif kind == "numbered":
            story.extend(Paragraph(f"{n}. {html.escape(item)}", body) for n, item in enumerate(value, 1))
        elif kind == "table":
            story.append(_ruled(value, cell, [(A4[0] - 4 * cm) / len(value[0])] * len(value[0])))
        elif kind == "appendix":
            table = _ruled(value, body, _appendix_widths(value, landscape(A4)[0] - 4 * cm), repeatRows=1)
            story.extend([NextPageTemplate("landscape"), PageBreak(), table])
        story.append(Spacer(1, 4))
    _pdf_document(path, running).build(story)


def _ruled(rows, style, widths: list[float], **options) -> Table:
    table = Table([[Paragraph(html.escape(c), style) for c in row] for row in rows], colWidths=widths, **options)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _pdf_document(path: Path, running: str | None) -> BaseDocTemplate:
    """Portrait pages, and landscape ones for an appendix, each with the running line on top."""

    def header(canvas, document):
        if running:
            canvas.setFont("Helvetica", 9)
            canvas.drawString(2 * cm, document.pageTemplate.pagesize[1] - 1.2 * cm, running)

    document = BaseDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm)
    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(2 * cm, 2 * cm, size[0] - 4 * cm, size[1] - 4 * cm, id=name)
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPage=header))
    document.addPageTemplates(templates)
    return document


def _appendix_widths(rows, width: float) -> list[float]:
    """Columns as wide as their longest text needs, so short ones (Ref, RAG) stay narrow."""
    needs = [max(max(min(len(row[c]), 60) for row in rows), 12) for c in range(len(rows[0]))]
    return [width * need / sum(needs) for need in needs]


_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BULLET = re.compile(r"^\s*[-*]\s+(?!\d+\.\d)")


def blocks_from_text(text: str) -> list[tuple[str, object]]:
    """A seed's markdown-like text as blocks: '#' lines are headings, '- ' lines bullets,
    tab-separated lines a table, anything else a paragraph."""
    blocks: list[tuple[str, object]] = []
    for raw in text.split("\n"):
        line = _MARKDOWN_LINK.sub(r"\1", raw).replace("**", "").rstrip()
        if not line.strip() or set(line.strip()) <= {"-"}:
            continue
        if "\t" in line:
            row = [cell.strip() for cell in line.split("\t")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(row)
            else:
                blocks.append(("table", [row]))
        elif line.lstrip().startswith("#"):
            blocks.append(("heading", line.lstrip("# ").strip()))
        elif _BULLET.match(line):
            item = _BULLET.sub("", line)
            if blocks and blocks[-1][0] == "bullets":
                blocks[-1][1].append(item)
            else:
                blocks.append(("bullets", [item]))
        else:
            blocks.append(("para", re.sub(r"^\s*-\s+", "", line).strip()))
    return [(kind, _padded(value)) if kind == "table" else (kind, value) for kind, value in blocks]


def _padded(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]
