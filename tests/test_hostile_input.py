"""Files made to hurt, or damaged on the way: each costs its own row with a reason a person
understands (never a Python exception's name), within bounded time and memory, and what can be read
of a file damaged by a byte is still read."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.batch import process
from pipeline.discover import discover, sniff
from pipeline.load import load
from pipeline.schema import SourceFormat

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
EXCEPTION_NAME = re.compile(r"[A-Z][a-z]+(Error|Exception)|zlib|lxml|Traceback|internal error")


def _row(path: Path):
    return process(discover([path])[0]).row


def _word(path: Path, paragraphs: tuple[str, ...] = ("Cabinet report", "Children's services")) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def _rezipped(source: Path, target: Path, change) -> Path:
    """`source` zipped again with each part's bytes as `change(name, data)` gives them."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))
    return target


def test_a_word_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = _rezipped(
        _word(tmp_path / "plain.docx"),
        tmp_path / "bomb.docx",
        lambda name, data: data if name != "word/document.xml" else data + b" " * (80 * 2**20),
    )
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    row = _row(bomb)
    assert row.status == "error" and re.search(r"would unpack to 8\d\.\d MiB, over the 64\.0 MiB limit", row.error)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "name, change, words",
    [
        ("cut-xml.docx", lambda name, data: data[: len(data) // 2] if name == "word/document.xml" else data, "damaged"),
        ("no-body.docx", None, "damaged"),
    ],
)
def test_a_damaged_word_document_says_so_without_exception_names(tmp_path, name, change, words):
    plain = _word(tmp_path / "plain.docx")
    if change is None:  # its main part gone: the zip holds no word/document.xml
        with zipfile.ZipFile(plain) as old, zipfile.ZipFile(tmp_path / name, "w") as new:
            for info in old.infolist():
                if info.filename != "word/document.xml":
                    new.writestr(info, old.read(info))
        path = tmp_path / name
    else:
        path = _rezipped(plain, tmp_path / name, change)
    row = _row(path)
    assert row.status == "error" and words in row.error
    assert not EXCEPTION_NAME.search(row.error), row.error


def test_a_word_file_with_a_corrupt_compressed_part_says_it_is_damaged(tmp_path):
    data = bytearray(_word(tmp_path / "plain.docx").read_bytes())
    with zipfile.ZipFile(tmp_path / "plain.docx") as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 40] = b"\xff" * 30  # inside the deflate stream: a zlib error
    (tmp_path / "zlib.docx").write_bytes(bytes(data))
    row = _row(tmp_path / "zlib.docx")
    assert row.status == "error" and "damaged" in row.error and not EXCEPTION_NAME.search(row.error), row.error


def test_an_encrypted_word_file_is_named_as_such(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))  # Office encryption's container
    row = _row(path)
    assert row.status == "error" and "encrypted (password-protected) Word file" in row.error


def test_a_long_vertically_merged_word_table_is_read_in_linear_time(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Action plan")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Priority", "Action 0"
    template = table.rows[0]._tr
    for number in range(1, 3000):
        row = __import__("copy").deepcopy(template)
        first, second = row.findall(qn("w:tc"))
        merge = OxmlElement("w:vMerge")  # continues the cell above: the whole column is one cell
        first.get_or_add_tcPr().append(merge)
        second.findall(qn("w:p"))[0].findall(qn("w:r"))[0].findall(qn("w:t"))[0].text = f"Action {number}"
        table._tbl.append(row)
    document.save(tmp_path / "merged.docx")
    started = time.monotonic()
    lines = load(discover([tmp_path / "merged.docx"])[0], "sha").text.split("\n")
    assert time.monotonic() - started < 20
    assert lines[1] == "Priority | Action 0" and lines[-1] == "Priority | Action 2999"


def test_utf16_html_is_read(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes("\ufeff<html><body><p>Cabinet report – children’s services</p></body></html>".encode("utf-16-le"))
    assert sniff(path) is SourceFormat.HTML
    assert load(discover([path])[0], "sha").text == "Cabinet report – children’s services"


def test_one_bad_byte_in_a_utf8_report_costs_that_character_alone(tmp_path):
    text = "\f".join(page.text for page in load(discover([SAMPLES / "ilacs-2022-brackenford.pdf"])[0], "").pages)
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(text, encoding="utf-8")
    data = text.encode("utf-8")
    at = data.index(b"front door") + 3  # in a paragraph, not a heading the classifier reads
    bad.write_bytes(data[:at] + b"\xff" + data[at + 1 :])
    good_row, bad_row = _row(good), _row(bad)
    assert bad_row.kind == good_row.kind == "ilacs" and bad_row.local_authority == good_row.local_authority
    assert "’" in load(discover([bad])[0], "").text  # not read as cp1252 ("â€™")


def test_a_complete_pdf_followed_by_junk_is_read(tmp_path):
    path = tmp_path / "padded.pdf"
    path.write_bytes((SAMPLES / "ilacs-2022-brackenford.pdf").read_bytes() + b"\r\n" + bytes(range(256)) * 16)
    assert _row(path).status == "ok"


def test_a_pdf_cut_short_in_an_update_is_still_refused(tmp_path):
    whole = (SAMPLES / "ilacs-2022-brackenford.pdf").read_bytes()
    update = b"\n9 0 obj\n<< /Type /Annot >>\nendobj\n9 1 obj\n<< /Length 40 >>\nstream\n"
    (tmp_path / "cut.pdf").write_bytes(whole + update)
    row = _row(tmp_path / "cut.pdf")
    assert row.status == "error" and "incomplete" in row.error


def test_a_pdf_with_a_page_that_cannot_be_read_is_read_in_part_with_a_warning(tmp_path):
    whole = (SAMPLES / "ilacs-2022-brackenford.pdf").read_bytes()
    (tmp_path / "broken-page.pdf").write_bytes(
        whole.replace(b"/Type /Page\n", b"/Type /Xage\n", 1)
    )  # page 1 is no page
    row = _row(tmp_path / "broken-page.pdf")
    assert row.status == "warning" and row.checks.startswith("damaged_text: the PDF's text is damaged on page 1")


def test_pages_that_extract_as_garbage_are_damaged_and_named_as_runs():
    from pipeline.load.pdf import _garbled, damage_note
    from tests.conftest import fictional_document

    assert _garbled("\ufffd\x01\ufffd" * 10 + " word") and not _garbled("Children’s services ◼ \uf0b7 " * 20)
    document = fictional_document("one", "", "", "four", "").model_copy(update={"damaged_pages": (2, 3, 5)})
    assert damage_note(document) == "the PDF's text is damaged on pages 2–3, 5"


def test_a_word_file_needing_an_unknown_zip_version_is_a_row_not_an_aborted_run(tmp_path):
    data = bytearray(_word(tmp_path / "plain.docx").read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (148).to_bytes(2, "little")  # "version 14.8 needed": Python refuses it
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "future.docx").write_bytes(bytes(data))
    (tmp_path / "plain.docx").rename(tmp_path / "raw" / "plain.docx")
    from pipeline import batch

    summary = batch.run([tmp_path / "raw"], tmp_path / "out", workers=1)
    (error,) = summary.errors
    assert error.source_path == "future.docx" and "damaged Word document" in error.error
