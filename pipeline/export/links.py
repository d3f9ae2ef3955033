"""Links from a workbook's cells to the pages of the source reports, wherever the reports are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence
from urllib.parse import quote

from .. import store
from ..schema import DocumentRow


class Link(NamedTuple):  # a tuple: a run makes ~30,000 of them
    text: str
    target: str | None  # None where the source file is not known: the text alone is shown


def page_link(file: str | None, page: int | None, text: str | None = None) -> Link | None:
    """A link that opens the source file (a URL from `file_links`) at `page`."""
    if page is None:
        return None
    return Link(text or f"p. {page}", f"{file}#page={page}" if file else None)


def file_links(sources: Mapping[str, Path], folder: Path) -> dict[str, str]:
    """Each source file as a URL relative to the workbooks' folder, so the output folder and the
    reports can move together."""
    base = os.path.realpath(folder)
    return {
        doc_id: quote(os.path.relpath(path, base).replace(os.sep, "/")) for doc_id, path in _resolved(sources).items()
    }


def _resolved(sources: Mapping[str, Path]) -> dict[str, str]:
    """Each file's real path, each folder resolved once: resolving each file's path afresh looked up
    every folder on its way (0.03 CPU s of each run's links to the dev corpus's 540 reports)."""
    folders: dict[str, str] = {}
    resolved = {}
    for doc_id, path in sources.items():
        folder, name = os.path.split(os.fspath(path))
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        joined = os.path.join(folders[folder], name)
        resolved[doc_id] = os.path.realpath(joined) if os.path.islink(joined) else joined
    return resolved


def base_links(documents: Sequence[DocumentRow], base: str) -> dict[str, str]:
    """Each document as a URL under `base` (a web address or a shared folder that holds the reports
    as the run read them): links that work wherever the workbooks are copied."""
    return {row.doc_id: f"{base.rstrip('/')}/{quote(row.source_path)}" for row in documents}


def source_links(
    sources: Mapping[str, Path],
    documents: Sequence[DocumentRow],
    folder: Path,
    base: str | None = None,
    copy: bool = False,
) -> dict[str, str]:
    """Each source file as the workbooks in `folder` link to it: under `base` where one is given,
    to a copy beside the workbooks with `copy`, else where it is (relative to the workbooks)."""
    if base:
        return base_links(documents, base)
    return file_links(copy_sources(sources, folder) if copy else sources, folder)


def copy_sources(sources: Mapping[str, Path], folder: Path) -> dict[str, Path]:
    """Each source file copied to `folder/sources/<doc_id><suffix>`, so that the workbooks' folder
    carries its reports and its links work wherever it is moved or shared. Named by doc_id, as the
    workbooks are: two input folders may hold the same file name. A copy as new as its source is
    left alone (a rerun copies only what changed); a copy of a document no longer linked is removed."""
    copies = {
        doc_id: folder / "sources" / f"{doc_id}{Path(source).suffix.lower()}" for doc_id, source in sources.items()
    }
    for doc_id, target in copies.items():
        source = Path(sources[doc_id]).stat()
        if target.exists() and (target.stat().st_size, target.stat().st_mtime_ns) == (
            source.st_size,
            source.st_mtime_ns,
        ):
            continue
        with store.atomic_path(target) as temporary:
            shutil.copy2(sources[doc_id], temporary)  # with its modification time, by which it is current
    kept = set(copies.values())
    for stale in (folder / "sources").glob("*"):
        if stale.is_file() and stale not in kept:
            stale.unlink()
    return copies
