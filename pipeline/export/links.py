"""Links from a workbook's cells to the pages of the source reports, wherever the reports are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence
from urllib.parse import quote

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
    base = folder.resolve()
    return {
        doc_id: quote(Path(os.path.relpath(Path(path).resolve(), base)).as_posix())
        for doc_id, path in sources.items()
    }


def base_links(documents: Sequence[DocumentRow], base: str) -> dict[str, str]:
    """Each document as a URL under `base` (a web address or a shared folder that holds the reports
    as the run read them): links that work wherever the workbooks are copied."""
    return {row.doc_id: f"{base.rstrip('/')}/{quote(row.source_path)}" for row in documents}


def copy_sources(sources: Mapping[str, Path], documents: Sequence[DocumentRow], folder: Path) -> dict[str, Path]:
    """Each source file copied to `folder/sources/<source_path>`, so that the workbooks' folder
    carries its reports and its links work wherever it is moved or shared."""
    paths = {row.doc_id: row.source_path for row in documents}
    copies = {}
    for doc_id, source in sources.items():
        target = folder / "sources" / paths[doc_id]
        if not target.exists() or target.stat().st_size != Path(source).stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        copies[doc_id] = target
    return copies

