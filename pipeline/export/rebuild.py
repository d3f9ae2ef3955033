"""Workbooks again from a run's outputs, without re-parsing anything; and a preview of the
action plan as it prints."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from PIL import Image, ImageOps

from .. import store
from ..store.runfolder import RunFolder
from ..schema import ActionPlanRow, DocumentRow, InspectionReport
from .books import Workbooks, write_workbooks
from .links import file_links, source_links
from .sheets import action_plan_sheet, council_response_sheet
from .workbook import write_workbook


class MissingOutputs(Exception):
    """The folder holds no run outputs to build workbooks from."""


class Unlinked(Exception):
    """Reports whose source files were not found, so their page links could not be written."""

    def __init__(self, source_paths: Sequence[str]) -> None:
        super().__init__(f"{len(source_paths)} report files not found (e.g. {source_paths[0]})")
        self.source_paths = tuple(source_paths)


class MissingTool(Exception):
    """A program the preview needs is not installed."""


@dataclass(frozen=True)
class RunOutputs:
    reports: list[InspectionReport]
    plan: list[ActionPlanRow]
    documents: list[DocumentRow]
    sources: dict[str, Path]  # doc_id -> the source file, where it was found


def read_outputs(out: Path, source_folders: Sequence[Path] = ()) -> RunOutputs:
    """A run's outputs (reports/*.json and tables/) as records, without re-parsing anything.
    `source_folders` are the folders the run read, for links to the reports' pages."""
    run = RunFolder(out)
    if not run.has_run():
        raise MissingOutputs(f"{out} holds no run outputs (no {run.table('documents').relative_to(out)})")
    documents = run.read_documents()
    sources: dict[str, Path] = {}
    for row in documents:
        found = (Path(folder) / row.source_path for folder in source_folders)
        path = next((path for path in found if path.is_file()), None)
        if path:
            sources[row.doc_id] = path
    return RunOutputs(
        reports=run.read_reports(),
        plan=run.read_rows("action_plan", ActionPlanRow) if run.table("action_plan", "csv").exists() else [],
        documents=documents,
        sources=sources,
    )


def rebuild(
    out: Path, source_folders: Sequence[Path] = (), link_base: str | None = None, copy: bool = False, links: bool = True
) -> list[Path]:
    """The workbooks again from a run's outputs. Page links go to the source files found under
    `source_folders` (relative to the workbooks), to the same files under `link_base`, or, with
    `copy`, to copies beside the workbooks. A report whose file cannot be linked stops the rebuild
    (`Unlinked`), unless `links` is False: a "p. 8" cell must open page 8."""
    outputs = read_outputs(out, source_folders)
    folder = RunFolder(out).workbooks
    reports = {report.doc_id for report in outputs.reports}
    documents = [row for row in outputs.documents if row.doc_id in reports]
    missing = [row.source_path for row in documents if row.doc_id not in outputs.sources]
    if links and missing and not link_base:
        raise Unlinked(missing)
    sources = {doc_id: path for doc_id, path in outputs.sources.items() if doc_id in reports}
    files = source_links(sources, documents, folder, link_base, copy) if links else {}
    reviews = RunFolder(out).read_reviews()
    workbooks = Workbooks(outputs.reports, outputs.plan, outputs.documents, files, [council_response_sheet(reviews)])
    with store.locked(out):  # not while a run writes the same workbooks
        return write_workbooks(folder, workbooks)


def preview(out: Path, source_folders: Sequence[Path] = (), rows: int = 6) -> Path:
    """A PNG of the first rows of the run's Action plan sheet as LibreOffice prints it, to check the
    layout by eye: `workbooks/action-plan-preview.png`. Needs LibreOffice and poppler-utils."""
    outputs = read_outputs(out, source_folders)
    folder = RunFolder(out).workbooks
    missing = [tool for tool in ("soffice", "pdftoppm") if not shutil.which(tool)]
    if missing:
        raise MissingTool(f"the preview needs {' and '.join(missing)} (apt-get install libreoffice-calc poppler-utils)")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        sheet = action_plan_sheet(outputs.plan[:rows], file_links(outputs.sources, folder))
        write_workbook(scratch / "action-plan.xlsx", [sheet])
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{scratch}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(scratch),
                str(scratch / "action-plan.xlsx"),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(scratch / "action-plan.pdf"),
                str(scratch / "preview"),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        target = folder / "action-plan-preview.png"
        with Image.open(scratch / "preview.png") as page, store.atomic_path(target) as temporary:
            _trimmed(page).save(temporary, format="PNG")
    return target


def _trimmed(page: Image.Image, margin: int = 20) -> Image.Image:
    """The page without its empty paper."""
    left, upper, right, lower = ImageOps.invert(page.convert("L")).getbbox() or (0, 0, *page.size)
    return page.crop((max(0, left - margin), max(0, upper - margin), right + margin, lower + margin))
