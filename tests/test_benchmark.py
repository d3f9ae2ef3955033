"""`findings benchmark` on the bundled samples: every figure is measured, over the pages it says."""

from pathlib import Path

import pypdfium2
import pytest

from pipeline import benchmark

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"


@pytest.fixture(scope="module")
def result() -> benchmark.Benchmark:
    return benchmark.run_benchmark(SAMPLES, every=3)


def test_it_reads_every_page_of_every_pdf_and_samples_every_nth(result):
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    pages = sum(len(pypdfium2.PdfDocument(path)) for path in pdfs)
    assert (result.pdfs, result.pages) == (len(pdfs), pages)
    assert result.sample_pages == len(range(0, pages, 3))


def test_every_stage_is_timed_and_every_process_measured(result):
    timed = {
        "pypdfium2": result.pypdfium2_seconds, "pdfplumber": result.pdfplumber_sample_seconds,
        "parse": result.parse_seconds, "enrich": result.enrich_seconds, "whole run": result.run_seconds,
    }  # fmt: skip
    assert all(seconds > 0 for seconds in timed.values()), timed
    assert result.parse_peak_mb > 10 and result.run_peak_mb > result.parse_peak_mb


def test_the_table_gives_each_target_a_verdict(result):
    table = benchmark.report_table(result)
    for figure in ("parse / pypdfium2", "pdfplumber / parse", "peak memory of the parse"):
        line = next(line for line in table.splitlines() if line.startswith(figure))
        assert line.endswith(("met", "MISSED")), line
    assert "(estimated)" in table
