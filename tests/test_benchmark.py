"""`findings-lab benchmark` on the bundled samples: every figure is measured, over the pages it says."""

from pathlib import Path

import pypdfium2
import pytest

from lab import benchmark

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
        "pypdfium2": result.pypdfium2_seconds,
        "pdfplumber": result.pdfplumber_sample_seconds,
        "parse": result.parse_seconds,
        "enrich": result.enrich_seconds,
        "whole run": result.run_seconds,
    }
    assert all(seconds > 0 for seconds in timed.values()), timed
    assert result.parse_peak_mb > 10 and result.run_peak_mb > result.parse_peak_mb


def test_the_table_gives_each_target_a_verdict(result):
    table = benchmark.report_table(result)
    for figure in ("parse / pypdfium2", "pdfplumber / parse", "peak memory of the parse"):
        line = next(line for line in table.splitlines() if line.startswith(figure))
        assert line.endswith(("met", "MISSED")), line
    assert "(estimated)" in table


def test_the_enrich_stage_is_timed_part_by_part(result):
    from pipeline.enrich import nlp

    assert list(result.enrich_parts) == ["tokenizer", *nlp.pipeline().pipe_names]
    assert all(seconds > 0 for seconds in result.enrich_parts.values()), result.enrich_parts
    rows = dict(benchmark.stage_rows(result))
    assert rows["enrich: theme scoring"] == result.enrich_parts["ofsted_themes"]
    assert "whole run / pypdfium2" in benchmark.report_table(result)


def test_the_benchmarks_page_keeps_one_table_replaced_in_place(result):
    readme = f"# Speed\n\nBefore.\n\n{benchmark.TABLE_START}\nold table\n{benchmark.TABLE_END}\n\nAfter.\n"
    once = benchmark.with_table(readme, result)
    assert "old table" not in once and once.startswith("# Speed\n\nBefore.\n") and once.endswith("\n\nAfter.\n")
    assert "| **our whole `findings run`, one worker** |" in once
    assert benchmark.with_table(once, result) == once


def test_with_several_rounds_each_ratio_is_judged_on_its_median_and_every_round_shown(result):
    def round_of(run_ratio: float, enrich_ratio: float) -> benchmark.Round:
        return benchmark.Round(
            pypdfium2_seconds=10.0,
            parse_seconds=12.0,
            enrich_seconds=enrich_ratio * 10,
            run_seconds=run_ratio * 10,
            workbooks_seconds=2.0,
        )

    rounds = (round_of(3.6, 0.9), round_of(2.8, 1.2), round_of(2.9, 1.0))
    several = result.model_copy(update={"rounds": rounds})
    assert several.ratio("run_seconds") == pytest.approx(2.9)
    assert several.ratio("enrich_seconds") == pytest.approx(1.0)
    table = benchmark.report_table(several)
    assert "3 rounds" in table and "whole run 3.60x, 2.80x, 2.90x" in table
    whole = next(line for line in table.splitlines() if line.startswith("whole run / pypdfium2"))
    assert "2.90" in whole and whole.endswith("met")
    assert "3 rounds" in benchmark.markdown_table(several)


def test_the_rounds_are_timed_one_after_the_other_and_the_median_run_reported():
    said = []
    twice = benchmark.run_benchmark(SAMPLES, every=3, say=said.append, rounds=2)
    assert "round 2 of 2:" in said and len(twice.rounds) == 2
    # Of two, the lower middle: the round whose whole run is the faster against its own pypdfium2.
    lower = min(twice.rounds, key=lambda each: each.run_seconds / each.pypdfium2_seconds)
    assert twice.model_dump(include=set(benchmark.Round.model_fields)) == lower.model_dump()


def test_two_environments_take_turns_and_each_run_is_timed(tmp_path):
    """`lab.run_timing` runs two `findings` executables from scratch in turns (the first to go
    alternates) and counts each run's CPU time; here the same one twice, on the bundled samples."""
    import sys

    from lab import run_timing

    findings = str(Path(sys.executable).with_name("findings"))
    found = run_timing.take_turns({"a": findings, "b": findings}, [str(SAMPLES)], 2, tmp_path)
    assert set(found) == {"a", "b"} and all(len(seconds) == 2 for seconds in found.values())
    assert all(second > 0 for seconds in found.values() for second in seconds)
    assert (tmp_path / "a" / "tables" / "documents.csv").is_file()
