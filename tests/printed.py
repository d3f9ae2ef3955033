"""How LibreOffice prints a workbook: its pages, in runs of pages that start with the same column
header (a sheet, or a sheet's pages across), with the size their text is printed at.

    python -m tests.printed WORKBOOK.xlsx ...    # e.g. a run's workbooks/all-reports.xlsx

Needs LibreOffice (`soffice`); sizes are in points, as printed (the font's size times the scale).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pdfplumber


class Page(NamedTuple):
    first_column: str  # the first word of its leftmost column's header: which sheet it is
    points: float  # the size most of its text is printed at
    text: str


def render(workbook: Path, folder: Path, soffice: str = "soffice") -> Path:
    """The workbook as LibreOffice prints it, a PDF in `folder`."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return folder / f"{workbook.stem}.pdf"


def pages(pdf: Path) -> list[Page]:
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words()
            sizes = Counter(round(char["size"], 1) for char in page.chars)
            first = min(words, key=lambda word: (word["x0"], word["top"]))["text"] if words else ""
            found.append(Page(first, sizes.most_common(1)[0][0] if sizes else 0.0, " ".join(w["text"] for w in words)))
    return found


def main(workbooks: list[str]) -> None:
    for workbook in workbooks:
        with tempfile.TemporaryDirectory() as folder:
            printed = pages(render(Path(workbook), Path(folder)))
        print(f"{workbook}: {len(printed)} pages")
        runs: list[list] = []
        for number, page in enumerate(printed, start=1):
            if runs and runs[-1][1:3] == [page.first_column, page.points]:
                runs[-1][3] += 1
            else:
                runs.append([number, page.first_column, page.points, 1])
        for first, column, points, count in runs:
            print(f"  pages {first}-{first + count - 1}: {count} headed {column!r}, text at {points} pt")


if __name__ == "__main__":
    main(sys.argv[1:])
