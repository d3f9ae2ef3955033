"""Bad input never stops a batch: each unreadable file becomes an error row with a one-line reason a
person understands, every good file is still read, `findings run` exits 1, and outputs are written
whole or not at all."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from pipeline import load, store
from pipeline.batch import process
from pipeline.cli import main
from pipeline.discover import discover
from tests.fixtures import reports
from tests.fixtures.render import render


def _good_pdf(path: Path) -> Path:
    render(reports.ILACS_2022, path)
    return path


def _truncated(path: Path) -> Path:
    whole = _good_pdf(path.with_name("whole.pdf")).read_bytes()
    path.write_bytes(whole[: len(whole) * 2 // 3])
    path.with_name("whole.pdf").unlink()
    return path


def _damaged(path: Path) -> Path:
    whole = _good_pdf(path.with_name("whole.pdf")).read_bytes()
    middle = len(whole) // 2
    path.write_bytes(whole[:200] + b"\x00garbage" * 50 + whole[middle:])  # header and end survive
    path.with_name("whole.pdf").unlink()
    return path


def _encrypted(path: Path) -> Path:
    canvas = Canvas(str(path), encrypt="a-password")
    canvas.drawString(72, 720, "Inspection of Nowhere local authority children’s services")
    canvas.save()
    return path


def _image_only(path: Path) -> Path:
    """A scanned page: a picture of text, with no text layer."""
    scan = Image.new("L", (400, 500), 255)
    scan.paste(0, (40, 40, 360, 60))
    canvas = Canvas(str(path))
    canvas.drawInlineImage(scan, 72, 200, width=400, height=500)
    canvas.showPage()
    canvas.save()
    return path


def _png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _bytes(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


# name, how to make it, words the reason must contain
BAD_FILES = [
    ("empty.pdf", _bytes(b""), "empty"),
    ("cut-short.pdf", _truncated, "incomplete"),
    ("damaged.pdf", _damaged, "damaged"),
    ("random-bytes.pdf", _bytes(bytes(range(256)) * 8), "not a PDF"),
    ("locked.pdf", _encrypted, "encrypted"),
    ("scanned.pdf", _image_only, "no text layer"),
    (
        "report-not-found.pdf",
        _bytes(b"<!DOCTYPE html><html><head><title>Report not found</title></head><body><p>Sorry</p></body></html>"),
        "HTML page",
    ),
    ("photo.png", _png, "unrecognised content"),
]


def _row_for(path: Path):
    return process(discover([path])[0]).row


@pytest.mark.parametrize("name, make, words", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_an_error_row_with_a_clear_reason(tmp_path, name, make, words):
    row = _row_for(make(tmp_path / name))
    assert row.status.value == "error", f"{name}: read as {row.kind} instead of failing"
    assert words in row.error, f"{name}: reason {row.error!r} does not say {words!r}"
    assert "\n" not in row.error and len(row.error) <= 300, f"{name}: reason is not one line: {row.error!r}"
    assert "Error" not in row.error and "internal" not in row.error, f"{name}: a crash, not a reason: {row.error!r}"


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = _good_pdf(tmp_path / "huge.pdf")
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024)
    row = _row_for(path)
    assert row.status.value == "error" and "over the 1.0 KiB limit" in row.error, row.error


def test_pdf_over_the_page_limit_is_refused(tmp_path, monkeypatch):
    path = _good_pdf(tmp_path / "long.pdf")
    monkeypatch.setattr(load.pdf, "MAX_PAGES", 2)
    row = _row_for(path)
    assert row.status.value == "error" and "4 pages, over the 2-page limit" in row.error, row.error


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    folder = tmp_path / "inputs"
    (folder / "good").mkdir(parents=True)
    _good_pdf(folder / "good" / "brackenford.pdf")
    render(reports.ILACS_2026, folder / "good" / "dunmere.pdf")
    (folder / "bad").mkdir()
    for name, make, _ in BAD_FILES:
        make(folder / "bad" / name)
    return folder


def test_mixed_folder_reads_every_good_file_and_reports_every_bad_one(mixed_folder, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(mixed_folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, f"exit {result.exit_code}, expected 1 (some failed):\n{result.output}"
    documents = pd.read_csv(out / "tables" / "documents.csv", dtype=str, keep_default_na=False)
    status = dict(zip(documents.source_path, documents.status))
    assert status == {
        **{f"bad/{name}": "error" for name, _, _ in BAD_FILES},
        "good/brackenford.pdf": "ok",
        "good/dunmere.pdf": "ok",
    }, documents[["source_path", "status", "error"]].to_string()
    judged = set(pd.read_csv(out / "tables" / "judgements.csv").doc_id)
    assert judged == {"good-brackenford", "good-dunmere"}, judged
    assert sorted(p.name for p in (out / "reports").glob("*.json")) == ["good-brackenford.json", "good-dunmere.json"]


def test_every_bad_file_is_named_on_stderr_with_its_reason(mixed_folder, tmp_path):
    result = CliRunner().invoke(main, ["run", str(mixed_folder), "--out", str(tmp_path / "out"), "--quiet"])
    for name, _, _ in BAD_FILES:
        assert f"error: bad/{name}: " in result.output, f"bad/{name} not reported:\n{result.output}"


# --- atomic writes ----------------------------------------------------------------------------


def test_interrupted_write_leaves_the_previous_file_intact(tmp_path):
    path = tmp_path / "tables" / "documents.csv"
    store.write_text(path, "previous, complete\n")
    with pytest.raises(KeyboardInterrupt):
        with store.atomic_path(path) as temporary:
            temporary.write_text("half a ta")
            raise KeyboardInterrupt  # Ctrl-C in the middle of writing
    assert path.read_text() == "previous, complete\n"
    assert list(path.parent.iterdir()) == [path], "a temporary file was left behind"


def test_run_interrupted_while_writing_tables_keeps_the_previous_tables(tmp_path, monkeypatch):
    folder = tmp_path / "inputs"
    folder.mkdir()
    _good_pdf(folder / "brackenford.pdf")
    out = tmp_path / "out"
    CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "--quiet"])
    before = (out / "tables" / "judgements.csv").read_bytes()

    def crash_half_way(frame, path, **kwargs):
        Path(path).write_text("doc_id,ord")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", crash_half_way)
    CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "--quiet"])
    assert (out / "tables" / "judgements.csv").read_bytes() == before
    assert not [p.name for p in (out / "tables").iterdir() if p.name.endswith(".tmp")]
