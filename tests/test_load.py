"""The loader: text normalised the same way from every format, and running headers, footers and page
numbers removed without ever touching a line of the report itself."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium
import pytest

from pipeline.discover import discover
from pipeline.load import load, normalise, strip_running_lines
from pipeline.load.common import shape
from pipeline.schema import SourceFormat
from tests.fixtures import reports
from tests.fixtures.render import furniture, render


@pytest.mark.parametrize(
    "raw, normalised",
    [
        ("first line\r\nsecond line\r\n", "first line\nsecond line"),
        ("old mac line\rnext", "old mac line\nnext"),
        ("multi\ufffeagency working", "multi-agency working"),
        ("\uf06e Ensure that plans are timely.", "◼ Ensure that plans are timely."),
        ("\u2022 A bullet", "◼ A bullet"),
        ("\u25aa A bullet", "◼ A bullet"),
        ("\u25a0 A bullet", "◼ A bullet"),
        ("\uf02d a nested point", "– a nested point"),
        ("children\u00a0in\u202fcare", "children in care"),
        ("zero\u200bwidth", "zerowidth"),
        ("trailing spaces   \nnext  ", "trailing spaces\nnext"),
    ],
    ids=[
        "crlf",
        "cr",
        "pdfium-hyphen",
        "wingdings-bullet",
        "bullet",
        "small-square",
        "black-square",
        "symbol-dash",
        "no-break-spaces",
        "zero-width",
        "trailing-space",
    ],
)
def test_normalise(raw, normalised):
    assert normalise(raw) == normalised


def _pages(*bodies: str, footer: str = "Inspection of Tarnley local authority children’s services") -> list[str]:
    """Pages as PDFium gives them: footer and page number first."""
    return [f"{footer}\r\n1 to 12 May 2023 {n}\r\n{body}" for n, body in enumerate(bodies, 1)]


def test_footer_and_page_number_are_removed_from_every_page():
    pages = strip_running_lines(_pages("Alpha.", "Beta.", "Gamma.", "Delta."))
    assert pages == ["Alpha.", "Beta.", "Gamma.", "Delta."]


def test_a_line_repeated_in_the_middle_of_pages_is_kept():
    body = "one\ntwo\nthree\n{}\nThe experiences and progress of children in care\nfour\nfive\nsix"
    pages = strip_running_lines([body.format(n) for n in range(4)])
    assert all("The experiences and progress of children in care" in page for page in pages)


def test_a_lone_page_number_line_is_removed():
    assert strip_running_lines(["12\nText of the page.\nMore text."]) == ["Text of the page.\nMore text."]


def test_the_running_lines_removed_are_kept_aside_as_first_printed(tmp_path):
    """A committee paper may print its meeting and date only in its running header: the page text
    loses it, as a report's does, and the document keeps it for the paper parser."""
    path = tmp_path / "paper.txt"
    header = "Children's Scrutiny Committee – 12 June 2024"
    bodies = ["Purpose of the report.", "Background.", "Financial implications.", "Contact officers."]
    path.write_text("\f".join(f"{header}\n{body}" for body in bodies), encoding="utf-8")
    document = load(discover([path])[0], "sha")
    assert all(header not in page.text for page in document.pages), [page.text for page in document.pages]
    assert document.running_lines == (header,), document.running_lines


def test_short_documents_keep_lines_that_repeat_on_fewer_than_three_pages():
    pages = strip_running_lines(["Heading\nbody one", "Heading\nbody two"])
    assert pages == ["Heading\nbody one", "Heading\nbody two"]


# --- on the fixtures: what was drawn as furniture goes, everything else stays -------------------


@pytest.mark.parametrize("report", reports.ALL, ids=lambda report: report.name)
def test_loader_removes_exactly_the_running_lines_that_were_drawn(report, tmp_path):
    path = tmp_path / f"{report.name}.pdf"
    render(report, path)
    raw = pdfium.PdfDocument(str(path))
    loaded = load(discover([path])[0], "sha").pages
    assert len(loaded) == len(raw)
    for number, page in enumerate(loaded, 1):
        drawn = {text for _, _, text in furniture(report, number)}
        textpage = raw[number - 1].get_textpage()
        lines = normalise(textpage.get_text_range()).split("\n")
        expected = [line for line in lines if line.strip() and line not in drawn]
        got = [line for line in page.text.split("\n") if line.strip()]
        assert got == expected, (
            f"{report.name} page {number}: loader removed {sorted(set(expected) - set(got))} "
            f"and kept {sorted(set(got) - set(expected))}"
        )


# --- the other formats -----------------------------------------------------------------------


def test_html_is_read_as_visible_text_with_list_items_as_bullets(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><title>Council responds</title><style>p{color:red}</style></head><body>"
        "<h1>Council responds to Ofsted</h1><p>The council said it would act.</p>"
        "<ul><li>Recruit staff</li><li>Review plans</li></ul><script>var x = 1;</script></body></html>",
        encoding="utf-8",
    )
    document = load(discover([path])[0], "sha")
    assert document.format is SourceFormat.HTML and document.title == "Council responds"
    assert document.text == (
        "Council responds to Ofsted\nThe council said it would act.\n◼ Recruit staff\n◼ Review plans"
    )


def test_a_web_pages_menus_and_related_links_are_not_its_text(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(
        "<html><body><nav><ul><li>Home</li><li>News</li></ul></nav><article><h1>Council rated good</h1>"
        "<p>Inspectors praised leaders.</p></article><aside><ul><li>Another council rated inadequate</li></ul>"
        "</aside></body></html>",
        encoding="utf-8",
    )
    assert load(discover([path])[0], "sha").text == "Council rated good\nInspectors praised leaders."


def test_an_html_table_row_is_one_line_of_cells_as_in_word(tmp_path):
    path = tmp_path / "item.html"
    path.write_text(
        "<html><body><table><tr><td>Report to</td><td>Executive Board</td></tr>"
        "<tr><th>Date of meeting</th><td>20 March 2024</td></tr></table></body></html>",
        encoding="utf-8",
    )
    lines = load(discover([path])[0], "sha").text.split("\n")
    assert lines == ["| Report to | Executive Board", "| Date of meeting | 20 March 2024"], lines


def test_docx_paragraphs_lists_and_tables(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("Cabinet report")
    word.add_paragraph("Recruit staff", style="List Bullet")
    table = word.add_table(rows=2, cols=3)
    table.rows[0].cells[0].merge(table.rows[0].cells[1]).text = "Action"
    table.rows[0].cells[2].text = "Timescale"
    path = tmp_path / "paper.docx"
    word.save(path)
    lines = load(discover([path])[0], "sha").text.split("\n")
    assert lines[:3] == ["Cabinet report", "◼ Recruit staff", "Action | Timescale"], lines


def test_text_file_pages_split_at_form_feeds_and_cp1252_decodes(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("Page one – dash\fPage two".encode("cp1252"))
    document = load(discover([path])[0], "sha")
    assert [page.text for page in document.pages] == ["Page one – dash", "Page two"]


# --- on the real corpus: what the loader removes is never report content ---------------------

_CONTENT_START = re.compile(r"^(?:\d+\.\s+[A-Z‘“]|◼|What needs to improve|Judgement Grade)")


@pytest.mark.corpus
def test_lines_removed_from_real_reports_are_never_report_content(corpus_dir):
    """A tenth of the corpus (to stay fast): no removed line starts a numbered paragraph or an item,
    and each is a lone page number or a line printed on at least three pages of its report."""
    pdfs = sorted(corpus_dir.rglob("*.pdf"))[::10]
    suspicious = []
    for path in pdfs:
        if not path.read_bytes()[:1024].count(b"%PDF-"):
            continue
        pdf = pdfium.PdfDocument(str(path))
        raw = [normalise(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
        kept = strip_running_lines(raw)
        for raw_page, kept_page in zip(raw, kept):
            left = Counter(kept_page.split("\n"))
            for line in raw_page.split("\n"):
                if left[line] > 0 or not line.strip():
                    left[line] -= 1
                    continue
                shape_repeats = sum(1 for page in raw if shape(line) in {shape(x) for x in page.split("\n")})
                if _CONTENT_START.match(line) or not (line.strip().isdigit() or shape_repeats >= 3):
                    suspicious.append(f"{path.parent.name}/{path.name}: {line!r}")
    assert not suspicious, "the loader removed report content:\n" + "\n".join(suspicious[:20])
