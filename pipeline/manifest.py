"""What a run has already done, so the next run does only what is new.

`<out>/state/manifest.json` records, for every document a run has finished, the file's content hash,
size and modification time, the pipeline version that read it, and its `documents` row. Each
document's full result is kept beside it in `<out>/state/documents/<doc_id>.json`, written the
moment it finishes, so a run killed halfway loses nothing it finished and the tables can always be
rebuilt from the per-document results.

A file is redone when its bytes changed (size or time changed and the hash differs) or the pipeline
did (any change to the package's code or data changes `pipeline_version`).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__, store
from .discover import SourceFile, sha256_of
from .schema import DocumentRow, DocumentStatus, Record


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
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".json", ".jsonl"}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def state_folder(out: Path) -> Path:
    return out / "state"


def manifest_path(out: Path) -> Path:
    return state_folder(out) / "manifest.json"


def workbook_fingerprints(out: Path) -> Path:
    """What each report's workbook was last built from (see `export.write_workbooks`)."""
    return state_folder(out) / "workbooks.json"


def result_path(out: Path, doc_id: str) -> Path:
    return state_folder(out) / "documents" / f"{doc_id}.json"


def read(out: Path) -> Manifest:
    path = manifest_path(out)
    if not path.exists():
        return Manifest()
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:  # a manifest from an older layout: start again rather than trust it
        return Manifest()


def write(out: Path, manifest: Manifest) -> None:
    store.write_text(manifest_path(out), manifest.model_dump_json() + "\n")


def plan(manifest: Manifest, sources: list[SourceFile], out: Path, force: bool = False) -> Plan:
    version = pipeline_version()
    todo, kept = [], []
    for source in sources:
        entry = manifest.entries.get(source.doc_id)
        if not force and entry and _unchanged(entry, source, version) and result_path(out, source.doc_id).exists():
            kept.append(source.doc_id)
        else:
            todo.append(source)
    present = {source.doc_id for source in sources}
    removed = [
        doc_id for doc_id, entry in manifest.entries.items()
        if doc_id not in present and entry.row.status is not DocumentStatus.REMOVED
    ]  # fmt: skip
    return Plan(todo=tuple(todo), kept=tuple(kept), removed=tuple(removed))


def _unchanged(entry: Entry, source: SourceFile, version: str) -> bool:
    if entry.pipeline_version != version or entry.source_path != source.source_path:
        return False
    stat = source.path.stat()
    if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns):
        return True
    return sha256_of(source.path) == entry.sha256  # touched but not changed


def record(manifest: Manifest, source: SourceFile, row: DocumentRow) -> Manifest:
    """The manifest with `source` finished as `row`."""
    stat = source.path.stat()
    entry = Entry(
        source_path=source.source_path, sha256=row.sha256, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
        pipeline_version=pipeline_version(), row=row,
    )  # fmt: skip
    return manifest.model_copy(update={"pipeline_version": pipeline_version(), "entries": {**manifest.entries, source.doc_id: entry}})


def mark_removed(manifest: Manifest, doc_ids: tuple[str, ...]) -> Manifest:
    """Files gone from the input keep a `documents` row with status `removed`, and nothing else."""
    entries = dict(manifest.entries)
    for doc_id in doc_ids:
        entry = entries[doc_id]
        row = entry.row.model_copy(update={"status": DocumentStatus.REMOVED, "error": None})
        entries[doc_id] = entry.model_copy(update={"row": row})
    return manifest.model_copy(update={"entries": entries})
