"""Incremental runs: a rerun does only what is new, a removed file is marked, a killed run resumes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import batch, plan, store

from pipeline.store import manifest, writing

# Two councils, six reports of two eras: small enough to run many times.
FOLDERS = ("80576_warwickshire", "80584_worcestershire")


@pytest.fixture(scope="module")
def first_run(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The input folder and a finished run over it, made once; each test works on its own copy."""
    root = tmp_path_factory.mktemp("first")
    for name in FOLDERS:
        shutil.copytree(corpus_dir / name, root / "raw" / name)
    batch.run([root / "raw"], root / "out", workers=1)
    return root / "raw", root / "out"


@pytest.fixture
def raw(first_run, tmp_path: Path) -> Path:
    return shutil.copytree(first_run[0], tmp_path / "raw")


@pytest.fixture
def out(first_run, tmp_path: Path) -> Path:
    """A copy of the first run's outputs, as if that run had written here."""
    return shutil.copytree(first_run[1], tmp_path / "out")


def _documents(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "tables" / "documents.parquet")


def _table(out: Path, name: str) -> pd.DataFrame:
    frame = pd.read_parquet(out / "tables" / f"{name}.parquet")
    return frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)


def _files(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*.pdf"))


@pytest.mark.corpus
def test_a_rerun_with_nothing_new_does_no_work(raw, out):
    again = batch.run([raw], out, workers=1)
    assert again.processed == 0, f"the rerun read {again.processed} files again"
    assert again.documents == len(_files(raw))


@pytest.mark.corpus
def test_a_file_touched_but_unchanged_is_not_redone(raw, out):
    os.utime(_files(raw)[0])
    assert batch.run([raw], out, workers=1).processed == 0


@pytest.mark.corpus
def test_a_changed_file_is_redone(raw, out):
    changed, other = _files(raw)[0], _files(raw)[-1]
    shutil.copyfile(other, changed)  # new bytes under the old name
    summary = batch.run([raw], out, workers=1)
    assert summary.processed == 1
    documents = _documents(out).set_index("source_path")
    assert (
        documents.loc[changed.relative_to(raw).as_posix(), "sha256"]
        == documents.loc[other.relative_to(raw).as_posix(), "sha256"]
    )


@pytest.mark.corpus
def test_a_new_file_is_the_only_work(raw, out, corpus_dir):
    shutil.copytree(corpus_dir / "80566_sunderland", raw / "80566_sunderland")
    summary = batch.run([raw], out, workers=1)
    assert summary.processed == len(list((raw / "80566_sunderland").iterdir()))
    assert len(_documents(out)) == len(_files(raw))


@pytest.mark.corpus
def test_a_removed_file_is_marked_and_keeps_no_other_rows(raw, out):
    gone = _files(raw)[0]
    doc_id = _documents(out).set_index("source_path").loc[gone.relative_to(raw).as_posix(), "doc_id"]
    gone.unlink()
    summary = batch.run([raw], out, workers=1)
    assert summary.removed == 1
    documents = _documents(out).set_index("doc_id")
    assert documents.loc[doc_id, "status"] == "removed"
    for name in ("judgements", "improvements", "paragraphs"):
        assert doc_id not in set(_table(out, name)["doc_id"]), f"{name} still holds the removed {doc_id}"
    assert not (out / "reports" / f"{doc_id}.json").exists()


@pytest.mark.corpus
def test_a_rerun_that_only_removes_a_file_loads_nothing_to_read_with(raw, out, monkeypatch):
    _files(raw)[0].unlink()
    monkeypatch.setattr(batch, "_import_reading", lambda: pytest.fail("spaCy and the parsers were loaded"))
    assert batch.run([raw], out, workers=1).removed == 1


TABLES = ("documents", "judgements", "improvements", "sections", "paragraphs", "action_plan")


def _same_tables(out: Path, expected: Path, names: tuple[str, ...] = TABLES) -> None:
    """`out`'s tables hold what `expected`'s do, row for row in the same order, with the same types
    in Parquet (the database records each Parquet file's hash, so a rerun must write the same file)."""
    for name in names:
        got_types = pq.read_schema(out / "tables" / f"{name}.parquet")
        want_types = pq.read_schema(expected / "tables" / f"{name}.parquet")
        assert got_types == want_types, f"tables/{name}.parquet: {got_types} != {want_types}"
        assert (out / "tables" / f"{name}.parquet").read_bytes() == (
            expected / "tables" / f"{name}.parquet"
        ).read_bytes()
        got = pd.read_csv(out / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)
        want = pd.read_csv(expected / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(got, want, obj=f"tables/{name}.csv")


@pytest.mark.corpus
def test_adding_a_report_gives_the_tables_a_run_from_scratch_gives(raw, out, corpus_dir, tmp_path):
    shutil.copytree(corpus_dir / "80566_sunderland", raw / "80566_sunderland")
    batch.run([raw], out, workers=1)
    batch.run([raw], tmp_path / "scratch", workers=1)
    _same_tables(out, tmp_path / "scratch")


@pytest.mark.corpus
def test_removing_or_adding_a_report_builds_every_table_in_arrow_as_a_run_from_scratch_does(
    raw, out, corpus_dir, tmp_path, monkeypatch
):
    """Byte for byte, every table (the derived ones too), without pandas building any. (Adding
    Sunderland first: it gives the six reports' first recurring weaknesses, whose columns pandas
    types anew, so that rerun builds its tables in pandas.)"""
    shutil.copytree(corpus_dir / "80566_sunderland", raw / "80566_sunderland")
    batch.run([raw], out, workers=1)
    report = _files(raw)[-1]
    for step in ("removed", "added"):
        if step == "removed":
            shutil.move(report, tmp_path / "held back.pdf")
        else:
            shutil.move(tmp_path / "held back.pdf", report)
        with monkeypatch.context() as patched:
            patched.setattr(writing, "_built_tables", lambda *args: pytest.fail("the tables were built in pandas"))
            batch.run([raw], out, workers=1)
        batch.run([raw], tmp_path / step, workers=1)
        for path in sorted((tmp_path / step / "tables").iterdir()):
            if step == "added" or not path.name.startswith("documents."):  # a removed file keeps its row
                assert (out / "tables" / path.name).read_bytes() == path.read_bytes(), f"{step}: {path.name}"


@pytest.mark.corpus
def test_a_rerun_reads_the_other_documents_briefs_while_its_worker_reads(raw, out, corpus_dir, monkeypatch):
    """Each once, before the first new report's result comes back: the tables' writer waits on them."""
    unchanged = set(_documents(out)["doc_id"])
    shutil.copytree(corpus_dir / "80566_sunderland", raw / "80566_sunderland")
    events = []
    stored_brief, append = manifest.stored_brief, manifest.append
    monkeypatch.setattr(
        manifest, "stored_brief", lambda out, doc_id: events.append(doc_id) or stored_brief(out, doc_id)
    )
    monkeypatch.setattr(
        manifest, "append", lambda out, doc_id, entry: events.append(None) or append(out, doc_id, entry)
    )
    batch.run([raw], out, workers=1)
    while_reading = events[: events.index(None)]
    assert sorted(while_reading) == sorted(unchanged)
    assert unchanged.isdisjoint(events[events.index(None) :])


@pytest.mark.corpus
def test_a_rerun_adding_one_report_never_loads_pandas_nor_openpyxl(raw, out, corpus_dir):
    """In none of its processes: `-X importtime` reports every module loaded, in the writers forked
    from the run's process too. openpyxl lays out only workbook frames not kept from the last run."""
    added, *first = sorted((corpus_dir / "80566_sunderland").iterdir())  # its 2025 report added last
    (raw / "80566_sunderland").mkdir()
    for path in first:  # the six reports' first recurring weaknesses: pandas types them anew
        shutil.copyfile(path, raw / "80566_sunderland" / path.name)
    batch.run([raw], out, workers=1)
    shutil.copyfile(added, raw / "80566_sunderland" / added.name)
    rerun = f"from pathlib import Path; from pipeline import batch; batch.run([Path({str(raw)!r})], Path({str(out)!r}), workers=2)"
    command = [sys.executable, "-X", "importtime", "-c", rerun]
    imported = subprocess.run(command, capture_output=True, text=True, check=True).stderr.splitlines()
    loaded = {line.rsplit("|", 1)[-1].strip() for line in imported if line.startswith("import time:")}
    assert "pyarrow" in loaded and "pandas" not in loaded and "openpyxl" not in loaded


@pytest.mark.corpus
def test_a_run_stopped_before_writing_its_tables_leaves_them_to_the_next(raw, out, corpus_dir, monkeypatch, tmp_path):
    shutil.copytree(corpus_dir / "80566_sunderland", raw / "80566_sunderland")
    with monkeypatch.context() as patched:
        patched.setattr(writing, "write_tables", lambda *args, **kwargs: sys.exit("stopped"))
        with pytest.raises(SystemExit):
            batch.run([raw], out, workers=1)
    rerun = batch.run([raw], out, workers=1)
    assert rerun.processed == 0, "the documents were read and kept before the run stopped"
    batch.run([raw], tmp_path / "scratch", workers=1)
    _same_tables(out, tmp_path / "scratch")


@pytest.mark.corpus
def test_a_deleted_table_file_is_written_again_from_every_document(raw, out, first_run):
    (out / "tables" / "paragraphs.parquet").unlink()
    (raw / "extra").mkdir()  # something new, so that the run writes the tables
    shutil.copyfile(_files(raw)[0], raw / "extra" / "copy.pdf")
    batch.run([raw], out, workers=1)
    paragraphs = _table(out, "paragraphs")
    assert set(_table(first_run[1], "paragraphs")["doc_id"]) < set(paragraphs["doc_id"])


@pytest.mark.corpus
def test_force_redoes_everything(raw, out):
    assert batch.run([raw], out, workers=1, force=True).processed == len(_files(raw))


@pytest.mark.corpus
def test_a_new_pipeline_version_redoes_everything(raw, out, monkeypatch):
    monkeypatch.setattr(manifest, "pipeline_version", lambda: "another")
    assert batch.run([raw], out, workers=1).processed == len(_files(raw))


@pytest.mark.corpus
def test_parallel_workers_write_the_same_tables_as_one_process(first_run, raw, tmp_path):
    batch.run([raw], tmp_path / "two", workers=2)
    for name in ("documents", "judgements", "improvements", "paragraphs"):
        pd.testing.assert_frame_equal(_table(first_run[1], name), _table(tmp_path / "two", name))


@pytest.mark.corpus
def test_a_run_killed_halfway_resumes_with_nothing_lost_or_duplicated(first_run, raw, tmp_path, monkeypatch):
    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-c",
        "from pipeline.cli import main; main()",
        "run",
        str(raw),
        "--out",
        str(out),
        "--workers",
        "1",
        "-q",
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finished = manifest.state_folder(out) / "documents"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(finished.glob("*.json"))) < 2 and child.poll() is None:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    if child.returncode == 0:
        pytest.skip("the run finished before it could be killed")
    killed = manifest.read(out)
    done_before = len(killed.entries)
    assert 0 < done_before < len(_files(raw)), f"killed after {done_before} documents"
    # Resume under the version the killed run recorded, even if the checkout was edited meanwhile.
    monkeypatch.setattr(manifest, "pipeline_version", lambda: killed.pipeline_version)
    resumed = batch.run([raw], out, workers=1)
    assert resumed.processed == len(_files(raw)) - done_before
    assert _documents(out)["doc_id"].is_unique
    for name in ("documents", "judgements", "improvements", "paragraphs"):
        pd.testing.assert_frame_equal(_table(out, name), _table(first_run[1], name))


# --- workbooks ----------------------------------------------------------------------------------

WARWICKSHIRE_2022 = "80576-warwickshire-childrens-services-inspection-01-february-2022"
CABINET_PAPER = "000_"  # a seed: Warwickshire's cabinet paper answering the 2022 report, with its own deadline


def _workbook_times(out: Path) -> dict[str, int]:
    return {path.stem: path.stat().st_mtime_ns for path in (out / "workbooks").glob("*.xlsx")}


def _sheet(book: Path, title: str) -> list[dict]:
    import openpyxl

    rows = list(openpyxl.load_workbook(book, read_only=True)[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:] if any(value is not None for value in row)]


@pytest.mark.corpus
def test_a_new_report_rewrites_only_its_own_workbook_and_the_runs(raw, out, corpus_dir):
    before = _workbook_times(out)
    new = raw / "80566_sunderland"
    shutil.copytree(corpus_dir / "80566_sunderland", new)
    batch.run([raw], out, workers=1)
    after = _workbook_times(out)
    rewritten = sorted(name for name in before if after[name] != before[name])
    assert rewritten == ["all-reports"], f"workbooks of unchanged reports were rewritten: {rewritten}"
    assert len(after) - len(before) == len(list(new.iterdir())), "every new report gets its workbook"


@pytest.mark.corpus
def test_a_missing_workbook_is_written_again(raw, out):
    gone = out / "workbooks" / f"{WARWICKSHIRE_2022}.xlsx"
    gone.unlink()
    (raw / "extra").mkdir()  # something new, so that the run rebuilds
    shutil.copyfile(_files(raw)[0], raw / "extra" / "copy.pdf")
    batch.run([raw], out, workers=1)
    assert gone.exists()


@pytest.mark.corpus
def test_a_paper_added_later_rewrites_the_workbook_of_the_report_it_answers(raw, out, seeds_dir):
    """The cabinet paper sets the report's target dates and fills its Council response sheet: both
    show in the report's workbook, although the report itself was not read again."""
    book = out / "workbooks" / f"{WARWICKSHIRE_2022}.xlsx"
    assert not _sheet(book, "Council response")
    shutil.copy(next(seeds_dir.glob(f"{CABINET_PAPER}*.txt")), raw)
    summary = batch.run([raw], out, workers=1)
    assert summary.processed == 1
    targets = {row["Target date"].date().isoformat() for row in _sheet(book, "Action plan")}
    assert targets == {"2022-06-30"}, f"the paper says by June 2022; the workbook's target dates are {targets}"
    covered = [row["Item no."] for row in _sheet(book, "Council response") if row["Covered"] == "Yes"]
    assert sorted(covered) == [1, 2, 3, 4], f"the paper covers items 1-4; the workbook shows {covered}"
    assert _sheet(book, "Evidence"), "the rewritten workbook lost the report's paragraphs"


@pytest.mark.corpus
def test_a_plan_redrafted_by_a_paper_added_then_removed_gives_the_action_plan_a_run_from_scratch_gives(
    raw, out, seeds_dir, tmp_path
):
    """The report is not read again, yet its plan's rows change twice: with the paper's deadline,
    then without it. The other plans' rows are kept from the table (`manifest.plans_changed`)."""
    paper = Path(shutil.copy(next(seeds_dir.glob(f"{CABINET_PAPER}*.txt")), raw))
    for step in ("added", "removed"):
        if step == "removed":
            paper.unlink()
        batch.run([raw], out, workers=2)
        batch.run([raw], tmp_path / step, workers=1)
        _same_tables(out, tmp_path / step, TABLES[1:])  # a removed file keeps its row in `documents`
        plan = _table(out, "action_plan")
        targets = set(plan[plan["doc_id"] == WARWICKSHIRE_2022]["target_date"].astype(str))
        assert (targets == {"2022-06-30"}) == (step == "added"), f"{step}: target dates {targets}"


@pytest.mark.corpus
def test_an_action_plan_without_a_record_of_its_redrafted_plans_is_built_from_every_plan(
    raw, out, seeds_dir, tmp_path, monkeypatch
):
    """A run stopped while writing its tables leaves no record (it is forgotten first), and the next
    run builds the action plan's rows from every plan."""
    paper = Path(shutil.copy(next(seeds_dir.glob(f"{CABINET_PAPER}*.txt")), raw))
    batch.run([raw], out, workers=1)
    paper.unlink()
    with monkeypatch.context() as patched:
        patched.setattr(store, "write_tables", lambda *args, **kwargs: sys.exit("stopped"))
        with pytest.raises(SystemExit):
            batch.run([raw], out, workers=1)
    assert not manifest.plans_state_path(out).exists()
    batch.run([raw], out, workers=1)
    batch.run([raw], tmp_path / "scratch", workers=1)
    _same_tables(out, tmp_path / "scratch", TABLES[1:])


# --- the reading's bookkeeping ------------------------------------------------------------------


@pytest.mark.corpus
def test_the_workers_cpu_time_is_counted_in_the_runs_reckoning(raw, out):
    summary = batch.run([raw], out, workers=2, force=True)
    assert summary.document_cpu_seconds > 0, "no CPU time came back from the documents"
    assert summary.reading_cpu_seconds >= summary.document_cpu_seconds, (
        f"the reading took {summary.reading_cpu_seconds} s CPU in all, less than the "
        f"{summary.document_cpu_seconds} s its documents took in the workers"
    )


def test_a_half_written_line_of_finished_documents_is_read_again_not_trusted(tmp_path):
    first, second = (
        manifest.Finished(
            doc_id=doc_id,
            entry=manifest.Entry(
                source_path=f"{doc_id}.pdf",
                sha256="0" * 64,
                size=1,
                mtime_ns=1,
                pipeline_version="v1",
                row={
                    "doc_id": doc_id,
                    "source_path": f"{doc_id}.pdf",
                    "sha256": "0" * 64,
                    "kind": None,
                    "status": "ok",
                },
            ),
        ).model_dump_json()
        for doc_id in ("first", "second")
    )
    manifest.state_folder(tmp_path).mkdir()
    manifest.finished_path(tmp_path).write_text(first + "\n" + second[: len(second) // 2], encoding="utf-8")
    assert list(manifest.read(tmp_path).entries) == ["first"]
    assert manifest.read(tmp_path).pipeline_version == "v1"


@pytest.mark.corpus
def test_a_plan_that_cannot_be_drafted_costs_its_document_not_the_run(raw, out, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("no playbook entry")

    reports = {path.stem for path in (out / "reports").glob("*.json")}
    monkeypatch.setattr(plan, "plan_rows", broken)
    summary = batch.run([raw], out, workers=1, force=True)
    assert summary.documents == len(_files(raw))
    failed = {row.doc_id: row.error for row in summary.errors}
    assert set(failed) == reports and all("KeyError" in reason for reason in failed.values()), failed
    left = sorted(path.name for path in [*(out / "reports").glob("*.json"), *(out / "workbooks").glob("*.xlsx")])
    assert left == ["all-reports.xlsx"], f"outputs of reports that now fail are still there: {left}"


_PARENT = os.getpid()
_WRITE_TABLES = writing.write_tables


def _dies_in_a_child(*args, **kwargs):
    if os.getpid() != _PARENT:
        os._exit(9)
    return _WRITE_TABLES(*args, **kwargs)


def test_a_killed_writer_process_costs_nothing(tmp_path, monkeypatch):
    """A writer process killed (as the out-of-memory killer would) while writing the tables: the run
    writes them itself and finishes, instead of ending in a traceback."""
    samples = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
    monkeypatch.setattr(writing, "write_tables", _dies_in_a_child)
    summary = batch.run([samples], tmp_path / "out", workers=2)
    assert summary.documents == len(list(samples.glob("*.pdf")))
    assert (tmp_path / "out" / "tables" / "documents.parquet").exists()
    assert (tmp_path / "out" / "workbooks").is_dir()


@pytest.mark.corpus
def test_each_document_keeps_its_brief_and_its_report_json_in_one_state_file(first_run):
    out = first_run[1]
    reports = sorted((out / "reports").glob("*.json"))
    assert reports
    for path in reports:
        doc_id = path.stem
        brief, report = manifest.stored(out, doc_id)
        assert report == path.read_bytes(), "the state holds the report's JSON as reports/ has it"
        assert manifest.stored_brief(out, doc_id) == brief + b"\n"
        whole = batch._stored(out, doc_id)
        assert batch.Outcome.model_validate_json(brief) == batch.brief(whole)
        assert whole.report.paragraphs, "the whole result has the paragraphs the brief leaves out"
    assert not (out / "state" / "briefs").exists()


def _damage_every_result(out: Path, damage) -> dict[str, bytes]:
    """Each document's state file damaged by `damage(bytes) -> bytes`; the undamaged bytes by doc_id."""
    whole = {}
    for path in sorted((out / "state" / "documents").glob("*.json")):
        whole[path.stem] = path.read_bytes()
        path.write_bytes(damage(whole[path.stem]))
    (out / "state" / "tables.json").unlink()  # so that the rerun gathers every result again
    return whole


@pytest.mark.corpus
@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:300], id="cut inside its brief"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut inside its report"),
        pytest.param(lambda data: data.replace(b'"row"', b'"rox"', 1), id="whole at its ends, wrong inside"),
    ],
)
def test_a_result_damaged_outside_the_run_is_read_again_not_a_crash(raw, out, damage):
    tables = {path.name: path.read_bytes() for path in (out / "tables").glob("*.csv")}
    whole = _damage_every_result(out, damage)
    batch.run([raw], out, workers=1)
    for doc_id, data in whole.items():
        assert manifest.result_path(out, doc_id).read_bytes() == data, (
            f"{doc_id}'s result as a run from scratch keeps it"
        )
    assert {path.name: path.read_bytes() for path in (out / "tables").glob("*.csv")} == tables
