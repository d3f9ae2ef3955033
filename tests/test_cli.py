"""`findings run` as a person uses it: exit codes 0 / 1 / 2, messages that say how to fix a mistake,
progress and a summary, and `--quiet`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lab.cli import main as lab
from pipeline.cli import main
from tests.fixtures import reports
from tests.fixtures.render import render


@pytest.fixture(scope="module")
def good_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    for report in (reports.ILACS_2022, reports.ILACS_2026):
        render(report, folder / f"{report.name}.pdf")
    return folder


@pytest.fixture(scope="module")
def partly_bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("partly_bad")
    render(reports.ILACS_2024_SHORT, folder / "ashcombe.pdf")
    (folder / "not-found.pdf").write_text("<!DOCTYPE html><html><title>Report not found</title></html>")
    return folder


def _run(*args: str):
    return CliRunner().invoke(main, ["run", *args])


def test_all_documents_read_exits_0(good_folder, tmp_path):
    result = _run(str(good_folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, f"exit {result.exit_code}:\n{result.output}"


def test_some_documents_failed_exits_1_and_still_writes_the_rest(partly_bad_folder, tmp_path):
    out = tmp_path / "out"
    result = _run(str(partly_bad_folder), "--out", str(out))
    assert result.exit_code == 1, f"exit {result.exit_code}:\n{result.output}"
    assert (out / "reports" / "ashcombe.json").exists(), "the readable report was not written"
    assert "error: not-found.pdf: named .pdf but the file is an HTML page" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["no/such/folder"], ["no such file or folder: no/such/folder", "Pass the folder"]),
        (["{good}", "--out", "{a_file}"], ["is a file", "give a folder"]),
        (["{good}", "--no-such-option"], ["No such option"]),
    ],
    ids=["missing-input-folder", "out-is-a-file", "unknown-option"],
)
def test_usage_mistake_exits_2_and_says_how_to_fix_it(good_folder, tmp_path, args, says):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    args = [arg.format(good=good_folder, a_file=a_file) for arg in args]
    result = _run(*args)
    assert result.exit_code == 2, f"exit {result.exit_code}:\n{result.output}"
    for words in says:
        assert words in result.output, f"message does not say {words!r}:\n{result.output}"
    assert not (tmp_path / "out").exists()


def test_missing_input_writes_nothing(tmp_path):
    out = tmp_path / "out"
    _run(str(tmp_path / "absent"), "--out", str(out))
    assert not out.exists(), "a usage mistake must not run anything"


def test_summary_counts_documents_by_kind_and_errors(partly_bad_folder, tmp_path):
    result = _run(str(partly_bad_folder), "--out", str(tmp_path / "out"))
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    for expected in ("ilacs 1", "unreadable 1", "total 2", "errors 1"):
        assert expected in lines, f"summary lacks {expected!r}:\n{result.stdout}"
    assert f"Outputs in {tmp_path / 'out'}" in result.stdout


def test_progress_is_shown_on_stderr(good_folder, tmp_path):
    result = _run(str(good_folder), "--out", str(tmp_path / "out"))
    assert "Reading" in result.stderr, f"no progress shown:\n{result.stderr}"


def test_quiet_prints_nothing_when_all_is_well(good_folder, tmp_path):
    result = _run(str(good_folder), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 0
    assert result.output == "", f"--quiet printed:\n{result.output}"


def test_quiet_still_reports_errors(partly_bad_folder, tmp_path):
    result = _run(str(partly_bad_folder), "--out", str(tmp_path / "out"), "-q")
    assert result.stdout == "", f"--quiet printed a summary:\n{result.stdout}"
    assert "error: not-found.pdf:" in result.stderr


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("findings, version "), result.output


@pytest.mark.corpus
def test_the_lab_verbs_run_to_their_figures_on_the_samples(gold, tmp_path):
    """Every lab verb that scores a run must run end to end: an import lost in a clean-up once broke
    `evaluate-nlp` with no test noticing. On the fictional samples the figures are not the point; the
    gold labels it reads are in ../shared (the `gold` fixture skips where they are absent)."""
    samples = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["run", str(samples), "--out", str(out), "--quiet"]).exit_code == 0
    result = CliRunner().invoke(lab, ["evaluate-nlp", "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "sentence polarity" in result.output
    assert "Untouched evidence sets at 0.85 or above:" in result.output  # a miss is said, not hidden
    assert "untouched evidence sets pooled, recall@3" in result.output


@pytest.mark.parametrize(
    "args, says",
    [
        (["no-such-question"], ["no saved query 'no-such-question'", "inadequate-since"]),
        (["inadequate-since"], ["needs --year", "--year 2022"]),
        (["latest", "--run", "{empty}"], ["no database in", "findings run"]),
        (["recurring", "--theme", "carers"], ["no theme 'carers'", "care_leavers_support"]),
    ],
    ids=["unknown-question", "year-missing", "no-run", "unknown-theme"],
)
def test_query_mistakes_exit_2_and_say_how_to_fix_them(tmp_path, args, says):
    result = CliRunner().invoke(main, ["query", *[arg.format(empty=tmp_path) for arg in args]])
    assert result.exit_code == 2, result.output
    for words in says:
        assert words in result.output, result.output


def test_query_answers_a_saved_question_on_a_run(good_folder, tmp_path):
    _run(str(good_folder), "--out", str(tmp_path / "out"))
    result = CliRunner().invoke(
        main, ["query", "latest", "--run", str(tmp_path / "out"), "--csv", str(tmp_path / "latest.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "2 rows" in result.output and (tmp_path / "latest.csv").exists()


def test_an_input_with_no_files_warns_and_exits_1(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _run(str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "no files found under" in result.stderr and "symbolic link" in result.stderr


def test_the_closing_lines_name_every_output(good_folder, tmp_path):
    result = _run(str(good_folder), "--out", str(tmp_path / "out"))
    for output in ("reports/*.json", "tables/*.csv", "workbooks/all-reports.xlsx", "findings.duckdb"):
        assert output in result.output, result.output
