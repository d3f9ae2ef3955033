"""Render a paper's blocks to the formats councils and newspapers publish: PDF (reportlab, with
ruled tables as council templates draw them), Word (python-docx, real tables and list styles),
HTML (headings, lists, <table>) and plain text (tables as tab-separated lines).

The seeds in ../shared/seeds are markdown-like text; `blocks_from_text` reads them into the same
blocks so they can be rendered to PDF at test time too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

rl_config.invariant = 1  # byte-stable PDFs

FORMATS = ("pdf", "docx", "html", "txt")


def render(blocks, path: Path) -> Path:
    """Write the blocks to `path` in the format its suffix names."""
    writer = {".pdf": _pdf, ".docx": _docx, ".html": _html, ".txt": _text}[path.suffix]
    path.parent.mkdir(parents=True, exist_ok=True)
    writer(blocks, path)
    return path


def _text(blocks, path: Path) -> None:
    lines: list[str] = []
    for kind, value in blocks:
        if kind == "bullets":
            lines.extend(f"• {item}" for item in value)
        elif kind == "numbered":
            lines.extend(f"{n}. {item}" for n, item in enumerate(value, 1))
        elif kind == "table":
            lines.extend("\t".join(row) for row in value)
        else:
            lines.append(value)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def _html(blocks, path: Path) -> None:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Paper</title></head><body><article>"]
    for kind, value in blocks:
        if kind == "line":
            parts.append(f"<div>{html.escape(value)}</div>")
        elif kind == "heading":
            parts.append(f"<h2>{html.escape(value)}</h2>")
        elif kind == "para":
            parts.append(f"<p>{html.escape(value)}</p>")
        elif kind in ("bullets", "numbered"):
            tag = "ul" if kind == "bullets" else "ol"
            parts.append(f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in value) + f"</{tag}>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in value)
            parts.append(f"<table>{rows}</table>")
    parts.append("</article></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _docx(blocks, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "heading":
            document.add_heading(value, level=2)
        elif kind in ("line", "para"):
            document.add_paragraph(value)
        elif kind == "bullets":
            for item in value:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "numbered":
            for n, item in enumerate(value, 1):
                document.add_paragraph(f"{n}. {item}")
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))


def _pdf(blocks, path: Path) -> None:
    styles = getSampleStyleSheet()
    body, heading, cell = styles["BodyText"], styles["Heading2"], styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story = []
    for kind, value in blocks:
        if kind == "heading":
            story.append(Paragraph(html.escape(value), heading))
        elif kind in ("line", "para"):
            story.append(Paragraph(html.escape(value), body))
        elif kind == "bullets":
            story.extend(Paragraph(html.escape(item), body, bulletText="•") for item in value)
        elif kind == "numbered":
            story.extend(Paragraph(f"{n}. {html.escape(item)}", body) for n, item in enumerate(value, 1))
        elif kind == "table":
            rows = [[Paragraph(html.escape(c), cell) for c in row] for row in value]
            table = Table(rows, colWidths=[(A4[0] - 4 * cm) / len(value[0])] * len(value[0]))
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
        story.append(Spacer(1, 4))
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm).build(story)


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
