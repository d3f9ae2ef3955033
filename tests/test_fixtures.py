"""Fictional reports of every era, rendered at test time, read by load -> classify -> parse and
compared field by field with what was rendered; then the bundled samples through `findings run`
against the golden tables.

The fixtures' hard cases (see each fixture's `notes` in tests/fixtures/reports.py): items across
page breaks, split date ranges, footnote markers, priority actions, 2026 framework tags, paragraph
numbers without a full stop, paragraph lines that start with a number.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from pipeline.classify import classify
from pipeline.cli import main
from pipeline.discover import discover
from pipeline.load import load
from pipeline.parse import parse_report
from tests.fixtures import golden, reports
from tests.fixtures.render import render, render_all

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw" / "samples"
GOLDEN = ROOT / "tests" / "golden"

ALL = [pytest.param(report, id=report.name) for report in reports.ALL]
LABELLED = [pytest.param(report, id=report.name) for report in reports.ALL if report.labelled]
HEADER_FIELDS = (
    "local_authority",
    "inspection_start",
    "inspection_end",
    "published",
    "lead_inspector",
    "framework",
    "pages",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    return render_and_read(tmp_path_factory.mktemp("fixtures"), reports.ALL)


def render_and_read(folder: Path, fixtures) -> dict:
    """Every fixture rendered and read once: name -> (truth, kind, parsed report or the exception)."""
    truths = render_all(folder, fixtures)
    results = {}
    for source in discover([folder]):
        truth = truths[source.doc_id]
        document = load(source, truth.sha256)
        kind = classify(document)
        try:
            parsed = parse_report(document, kind)
        except Exception as error:  # reported by each test, so one failure does not hide the rest
            parsed = error
        results[source.doc_id] = (truth, kind, parsed)
    return results


def _read(rendered, report):
    truth, _, parsed = rendered[report.name]
    if isinstance(parsed, Exception):
        pytest.fail(f"{report.name}: could not be read: {type(parsed).__name__}: {parsed}")
    return truth, parsed


def _records(records, fields=None) -> list[dict]:
    dumped = [record.model_dump(mode="json") for record in records]
    return [{k: v for k, v in row.items() if fields is None or k in fields} for row in dumped]


def _compare(name: str, what: str, rendered_rows: list[dict], extracted_rows: list[dict]) -> None:
    if rendered_rows == extracted_rows:
        return
    lines = [f"{name}: {what} differ ({len(rendered_rows)} rendered, {len(extracted_rows)} extracted)"]
    for i in range(max(len(rendered_rows), len(extracted_rows))):
        want = rendered_rows[i] if i < len(rendered_rows) else None
        got = extracted_rows[i] if i < len(extracted_rows) else None
        if want != got:
            lines += [f"  #{i + 1} rendered:  {want}", f"  #{i + 1} extracted: {got}"]
    pytest.fail("\n".join(lines), pytrace=False)


# --- the generator itself ---------------------------------------------------------------------


def test_rendering_is_byte_stable(tmp_path):
    report = reports.SIF_2016
    first = render(report, tmp_path / "a.pdf")
    second = render(report, tmp_path / "b.pdf")
    assert first.sha256 == second.sha256, "two renders of one fixture differ: is rl_config.invariant set?"


def _page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


@pytest.mark.parametrize("report", ALL)
def test_bundled_sample_is_what_the_generator_renders(report, tmp_path):
    """Compared as text, page by page: another reportlab version may write other bytes."""
    sample = SAMPLES / f"{report.name}.pdf"
    assert sample.exists(), f"{sample} is missing: run `python -m tests.fixtures.render data/raw/samples`"
    render(report, tmp_path / sample.name)
    assert _page_texts(sample) == _page_texts(tmp_path / sample.name), (
        f"{sample.name} is stale: run `python -m tests.fixtures.render data/raw/samples`"
    )


def test_samples_are_few_and_small():
    sizes = {path.name: path.stat().st_size for path in SAMPLES.glob("*.pdf")}
    assert 6 <= len(sizes) <= 10 and sum(sizes.values()) < 1_000_000, sizes


# --- what the parser reads from them ---------------------------------------------------------


@pytest.mark.parametrize("report", ALL)
def test_kind(rendered, report):
    truth, kind, _ = rendered[report.name]
    if kind != truth.kind:
        pytest.fail(f"{report.name}: rendered a {truth.kind.value}, classified {kind.value}", pytrace=False)


@pytest.mark.parametrize("field", HEADER_FIELDS)
@pytest.mark.parametrize("report", ALL)
def test_header_field(rendered, report, field):
    truth, parsed = _read(rendered, report)
    want, got = getattr(truth, field), getattr(parsed, field)
    if got != want:
        pytest.fail(f"{report.name}: {field} rendered {want!r}, extracted {got!r}", pytrace=False)


@pytest.mark.parametrize("report", LABELLED)
def test_judgements(rendered, report):
    truth, parsed = _read(rendered, report)
    _compare(report.name, "judgements", _records(truth.judgements), _records(parsed.judgements))


@pytest.mark.parametrize("report", LABELLED)
def test_improvement_items(rendered, report):
    fields = ("item_no", "kind", "text", "outcome", "part", "page")
    truth, parsed = _read(rendered, report)
    _compare(
        report.name, "improvement items", _records(truth.improvements, fields), _records(parsed.improvements, fields)
    )


@pytest.mark.parametrize("report", LABELLED)
def test_sections(rendered, report):
    truth, parsed = _read(rendered, report)
    _compare(report.name, "sections", _records(truth.sections), _records(parsed.sections))


@pytest.mark.parametrize("report", LABELLED)
def test_paragraphs(rendered, report):
    fields = ("para_no", "section", "page", "text")
    truth, parsed = _read(rendered, report)
    _compare(report.name, "paragraphs", _records(truth.paragraphs, fields), _records(parsed.paragraphs, fields))


# --- the bundled samples through the command ------------------------------------------------


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples_run")
    result = CliRunner().invoke(main, ["run", str(SAMPLES), "--out", str(out), "--quiet"])
    return result, out


def test_readme_first_command_exits_0_on_the_samples(samples_run):
    result, _ = samples_run
    assert result.exit_code == 0, f"findings run data/raw/samples exited {result.exit_code}:\n{result.output}"


@pytest.mark.parametrize("table", golden.TABLES)
def test_table_matches_golden_file(samples_run, table):
    """Regenerate after an intended change: see tests/fixtures/golden.py."""
    _, out = samples_run
    written = out / "tables" / f"{table}.csv"
    assert written.exists(), f"the run wrote no {written.name}"
    want = golden.as_read((GOLDEN / f"{table}.csv").read_text(encoding="utf-8"), table)
    got = golden.as_read(written.read_text(encoding="utf-8"), table)
    _compare(f"tables/{table}.csv", "rows", want.to_dict("records"), got.to_dict("records"))


def test_golden_files_are_the_fixtures_truth():
    for table, frame in golden.expected_tables().items():
        stored = golden.as_read((GOLDEN / f"{table}.csv").read_text(encoding="utf-8"), table)
        assert stored.equals(frame), (
            f"tests/golden/{table}.csv is stale: run `python -m tests.fixtures.golden tests/golden`"
        )
