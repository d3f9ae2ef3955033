"""Discovery: files are found recursively, known by their content rather than their names, hidden
files are skipped, and every document gets a readable id that is unique within the run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.discover import discover, doc_id_for, sniff
from pipeline.schema import SourceFormat

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b\n")


@pytest.mark.parametrize(
    "name, write, expected",
    [
        ("report.pdf", lambda p: p.write_bytes(PDF), SourceFormat.PDF),
        ("report.txt", lambda p: p.write_bytes(PDF), SourceFormat.PDF),
        ("junk-before-header.pdf", lambda p: p.write_bytes(b"\x00" * 500 + PDF), SourceFormat.PDF),
        ("page.pdf", lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>x</body></html>"), SourceFormat.HTML),
        ("page.dat", lambda p: p.write_bytes(b"\xef\xbb\xbf  <html><body>x</body></html>"), SourceFormat.HTML),
        ("paper.bin", _docx, SourceFormat.DOCX),
        ("archive.docx", _zip, SourceFormat.UNKNOWN),
        ("notes.pdf", lambda p: p.write_text("Cabinet, 12 May 2022\nItem 7", encoding="utf-8"), SourceFormat.TEXT),
        ("cp1252.txt", lambda p: p.write_bytes("Council \x96 response".encode("latin-1")), SourceFormat.TEXT),
        ("cut.txt", lambda p: p.write_bytes(("x" * 4095 + "’").encode("utf-8")), SourceFormat.TEXT),
        ("image.pdf", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), SourceFormat.UNKNOWN),
        ("empty.pdf", lambda p: p.write_bytes(b""), SourceFormat.UNKNOWN),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_format_is_known_by_content_not_name(tmp_path, name, write, expected):
    path = tmp_path / name
    write(path)
    assert sniff(path) is expected, f"{name}: sniffed {sniff(path).value}, expected {expected.value}"


def test_claimed_format_is_what_the_name_says(tmp_path):
    (tmp_path / "page.pdf").write_text("<html><body>Report not found</body></html>")
    source = discover([tmp_path])[0]
    assert (source.format, source.claimed_format) == (SourceFormat.HTML, SourceFormat.PDF)


def test_folders_are_walked_recursively_in_a_stable_order(tmp_path):
    for relative in ("b/2.pdf", "a/deeper/1.pdf", "a/0.pdf", "c.pdf"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(PDF)
    assert [s.source_path for s in discover([tmp_path])] == ["a/0.pdf", "a/deeper/1.pdf", "b/2.pdf", "c.pdf"]


def test_hidden_files_and_folders_are_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "report.pdf").write_bytes(PDF)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "report.pdf").write_bytes(PDF)
    assert [s.source_path for s in discover([tmp_path])] == ["report.pdf"]


def test_a_file_named_directly_is_relative_to_its_own_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "report.pdf").write_bytes(PDF)
    assert discover([tmp_path / "sub" / "report.pdf"])[0].source_path == "report.pdf"


def test_the_same_relative_path_under_two_inputs_gets_two_ids(tmp_path):
    for folder in ("first", "second"):
        (tmp_path / folder / "x").mkdir(parents=True)
        (tmp_path / folder / "x" / "report.pdf").write_bytes(PDF)
    ids = [s.doc_id for s in discover([tmp_path / "first", tmp_path / "second"])]
    assert ids == ["x-report", "x-report-2"]


def test_a_file_found_twice_is_read_once(tmp_path):
    (tmp_path / "report.pdf").write_bytes(PDF)
    assert len(discover([tmp_path, tmp_path / "report.pdf"])) == 1


def test_ids_are_unique_across_names_that_slug_alike(tmp_path):
    for name in ("Report 1.pdf", "report-1.pdf", "report_1.pdf"):
        (tmp_path / name).write_bytes(PDF)
    ids = [s.doc_id for s in discover([tmp_path])]
    assert len(set(ids)) == 3, ids


@pytest.mark.parametrize(
    "source_path, doc_id",
    [
        (
            "80576_warwickshire/children's services inspection - 01 february 2022.pdf",
            "80576-warwickshire-childrens-services-inspection-01-february-2022",
        ),
        (
            "80522_medway/children's services inspection,  pdf - 23 august 2013.pdf",
            "80522-medway-childrens-services-inspection-pdf-23-august-2013",
        ),
        ("bournemouth, christchurch & poole/Report.PDF", "bournemouth-christchurch-poole-report"),
        ("no-extension", "no-extension"),
        ("???.pdf", "document"),
    ],
)
def test_doc_id_is_a_readable_slug_of_the_path(source_path, doc_id):
    assert doc_id_for(source_path) == doc_id
