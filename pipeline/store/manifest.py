"""What a run has already done, so the next run does only what is new.

`<out>/state/manifest.json` records, for every document a run has finished, the file's content hash,
size and modification time, the pipeline version that read it, and its `documents` row. Each
document's full result is kept beside it in `<out>/state/documents/<doc_id>.json` (see `keep`),
written the moment it finishes, so a run killed halfway loses nothing it finished and the tables can
always be rebuilt from the per-document results. While a run reads, each finished document's entry is
appended to `<out>/state/finished.jsonl` (rewriting the whole manifest after every document would
cost time growing with the square of the corpus); `write` folds them into the manifest.

A file is redone when its bytes changed (size or time changed and the hash differs) or the pipeline
did (any change to the package's code or data changes `pipeline_version`).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from .. import __version__, store
from ..discover import SourceFile, sha256_of
from .runfolder import RunFolder
from ..schema import DocumentRow, DocumentStatus, Record
from ..workers import STOPPED


class Entry(Record):
    source_path: str
    sha256: str
    size: int
    mtime_ns: int
    pipeline_version: str
    row: DocumentRow


class Manifest(Record):
    pipeline_version: str = ""
    entries: dict[str, Entry] = {}


class Plan(Record):
    """What this run has to do."""

    todo: tuple[SourceFile, ...]  # new, changed, or read by another pipeline version
    kept: tuple[str, ...]  # doc_ids whose stored result still holds
    removed: tuple[str, ...]  # doc_ids no longer in the input

    @property
    def nothing_to_do(self) -> bool:
        return not self.todo and not self.removed


@cache
def pipeline_version() -> str:
    """The package version plus a hash of its code and data: a rerun after any change redoes all."""
    root = Path(__file__).parents[1]  # the whole package
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".json", ".jsonl"}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def state_folder(out: Path) -> Path:
    return RunFolder(out).state


def manifest_path(out: Path) -> Path:
    return state_folder(out) / "manifest.json"


def tables_state_path(out: Path) -> Path:
    """Which result of each document the tables were last written from (see `changed_since_tables`)."""
    return state_folder(out) / "tables.json"


def stamps(manifest: Manifest) -> dict[str, str]:
    """A short hash of each document's manifest entry: a new stamp means a new result."""
    return {
        doc_id: hashlib.sha256(entry.model_dump_json().encode()).hexdigest()[:16]
        for doc_id, entry in manifest.entries.items()
    }


def changed_since_tables(out: Path, now: dict[str, str]) -> set[str] | None:
    """The documents whose rows in the tables are not those of their result now (`stamps`): new,
    read again, removed, or read by a run that stopped before writing its tables. None where the
    tables must be written from every document: no record of them, or a table file missing."""
    path = tables_state_path(out)
    if not path.exists() or not all(RunFolder(out).table(name).exists() for name in store.DOCUMENT_TABLES):
        return None
    try:
        then = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return {doc_id for doc_id in now.keys() | then.keys() if now.get(doc_id) != then.get(doc_id)}


def write_tables_state(out: Path, now: dict[str, str]) -> None:
    store.write_text(tables_state_path(out), json.dumps(now, indent=0, sort_keys=True) + "\n")


def plans_state_path(out: Path) -> Path:
    """The plans the action plan's table holds redrafted (see `plans_changed`), recorded after it."""
    return state_folder(out) / "plans.json"


def plans_changed(out: Path, changed: set[str] | None, redrafted: dict[str, str]) -> set[str] | None:
    """The documents whose rows in the action plan's table are not those of their plan now: the
    `changed` documents', and those whose plan is redrafted otherwise than the table's (`redrafted`:
    a hash of each plan drafted again from a council paper's timescales; the others are as their
    result drafted them). None where the table must be written from every plan: no record of it."""
    if changed is None or not RunFolder(out).table("action_plan").exists():
        return None
    try:
        then = json.loads(plans_state_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(then, dict):
        return None
    return changed | {doc_id for doc_id in redrafted.keys() | then.keys() if redrafted.get(doc_id) != then.get(doc_id)}


def write_plans_state(out: Path, redrafted: dict[str, str]) -> None:
    store.write_text(plans_state_path(out), json.dumps(redrafted, indent=0, sort_keys=True) + "\n")


def forget_plans_state(out: Path) -> None:
    plans_state_path(out).unlink(missing_ok=True)


def workbooks_state_path(out: Path) -> Path:
    """Which result of each document the workbooks were last written from, recorded after them."""
    return state_folder(out) / "workbooks-written.json"


def write_workbooks_state(out: Path, now: dict[str, str]) -> None:
    store.write_text(workbooks_state_path(out), json.dumps(now, indent=0, sort_keys=True) + "\n")


def workbooks_current(out: Path, now: dict[str, str]) -> bool:
    """Whether the workbooks were written, to the end, from the results `now` stamps: a run killed
    after its tables but before its workbooks leaves them to the next run."""
    try:
        return json.loads(workbooks_state_path(out).read_text(encoding="utf-8")) == now
    except (OSError, ValueError):
        return False


def workbook_fingerprints(out: Path) -> Path:
    """What each report's workbook was last built from (see `batch._write_workbooks`)."""
    return state_folder(out) / "workbooks.json"


def result_path(out: Path, doc_id: str) -> Path:
    return state_folder(out) / "documents" / f"{doc_id}.json"


def keep(out: Path, doc_id: str, brief: bytes, report: bytes | None) -> None:
    """A document's result in one file: its `brief` (the result without the report's paragraphs and
    sections, see `batch.brief`: compact JSON, so one line), then its report's JSON where it has one,
    the very bytes of `reports/<doc_id>.json`. The report is serialised once for both, and a rerun
    reads a brief from the file's first line alone: a second file per document for the brief cost
    more than its writing (creating a small file is a fifth of a millisecond)."""
    store.write_bytes(result_path(out, doc_id), brief + b"\n" + (report or b""))


def kept_whole(out: Path, doc_id: str) -> bool:
    """Whether the result `keep` wrote is there and ends where its brief and its report end (a
    one-line brief, then indented JSON and a new line): `keep` writes atomically, so a file cut
    short was damaged outside the run (a disk that filled, a copy stopped), and its document is
    read again rather than stopping the run. The ends alone: reading every result whole would cost
    a rerun with nothing new most of its time."""
    try:
        with open(result_path(out, doc_id), "rb") as handle:
            brief = handle.readline()
            size = handle.seek(0, os.SEEK_END)
            if not brief.endswith(b"}\n"):
                return False
            handle.seek(size - 2)
            return size == len(brief) or handle.read() == b"}\n"
    except OSError:
        return False


def stored_brief(out: Path, doc_id: str) -> bytes:
    """The brief of a result `keep` wrote, as JSON."""
    with open(result_path(out, doc_id), "rb") as handle:
        return handle.readline()


def stored(out: Path, doc_id: str) -> tuple[bytes, bytes | None]:
    """The brief and the report of a result `keep` wrote, as JSON; no report where the document gave none."""
    brief, _, report = result_path(out, doc_id).read_bytes().partition(b"\n")
    return brief, report or None


def finished_path(out: Path) -> Path:
    return state_folder(out) / "finished.jsonl"


class Finished(Record):
    """One line of `finished.jsonl`."""

    doc_id: str
    entry: Entry


def read(out: Path) -> Manifest:
    """The manifest, with the documents finished since it was last written."""
    manifest = _read_manifest(manifest_path(out))
    path = finished_path(out)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for line in lines:
        try:
            finished = Finished.model_validate_json(line)
        except ValueError:  # the line a killed run was writing: that document is read again
            continue
        manifest = record(manifest, finished.doc_id, finished.entry)
    return manifest


def _read_manifest(path: Path) -> Manifest:
    if not path.exists():
        return Manifest()
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:  # a manifest from an older layout: start again rather than trust it
        return Manifest()


def write(out: Path, manifest: Manifest) -> None:
    store.write_text(manifest_path(out), manifest.model_dump_json() + "\n")
    finished_path(out).unlink(missing_ok=True)  # all in the manifest now


def append(out: Path, doc_id: str, entry: Entry) -> None:
    """Keep one finished document's entry at once, at a cost that does not grow with the corpus."""
    path = finished_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(Finished(doc_id=doc_id, entry=entry).model_dump_json() + "\n")


def plan(manifest: Manifest, sources: list[SourceFile], out: Path, force: bool = False) -> Plan:
    version = pipeline_version()
    todo, kept = [], []
    for source in sources:
        entry = manifest.entries.get(source.doc_id)
        if not force and entry and _unchanged(entry, source, version) and kept_whole(out, source.doc_id):
            kept.append(source.doc_id)
        else:
            todo.append(source)
    present = {source.doc_id for source in sources}
    removed = [
        doc_id
        for doc_id, entry in manifest.entries.items()
        if doc_id not in present and entry.row.status is not DocumentStatus.REMOVED
    ]
    return Plan(todo=tuple(todo), kept=tuple(kept), removed=tuple(removed))


def _unchanged(entry: Entry, source: SourceFile, version: str) -> bool:
    if entry.pipeline_version != version or entry.source_path != source.source_path:
        return False
    if (entry.row.error or "").startswith(STOPPED):  # its worker died, maybe not of this file
        return False
    stat = _stat(source)
    if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns):
        return True
    return not source.problem and sha256_of(source.path) == entry.sha256  # touched but not changed


def entry(source: SourceFile, row: DocumentRow) -> Entry:
    """`source` finished as `row` by this pipeline version."""
    stat = _stat(source)
    return Entry(
        source_path=source.source_path,
        sha256=row.sha256,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        pipeline_version=pipeline_version(),
        row=row,
    )


def _stat(source: SourceFile):
    """The file's, or for an entry that is not read (a link to nowhere, say) the entry's own."""
    return source.path.lstat() if source.problem else source.path.stat()


def record(manifest: Manifest, doc_id: str, entry: Entry) -> Manifest:
    """The manifest with `doc_id` finished as `entry` says."""
    entries = {**manifest.entries, doc_id: entry}
    return manifest.model_copy(update={"pipeline_version": entry.pipeline_version, "entries": entries})


def mark_removed(manifest: Manifest, doc_ids: tuple[str, ...]) -> Manifest:
    """Files gone from the input keep a `documents` row with status `removed`, and nothing else."""
    entries = dict(manifest.entries)
    for doc_id in doc_ids:
        entry = entries[doc_id]
        row = entry.row.model_copy(update={"status": DocumentStatus.REMOVED, "error": None})
        entries[doc_id] = entry.model_copy(update={"row": row})
    return manifest.model_copy(update={"entries": entries})
