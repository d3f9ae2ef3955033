"""A run's output folder (`findings run --out`): the one place that knows its layout and how to read
a run back. Everything else asks a `RunFolder` for a path, so the folder's names are spelt here only:

    reports/<doc_id>.json       one InspectionReport per report
    papers/<doc_id>.json        one PaperReview per committee paper
    tables/<name>.csv|parquet   the tables, both forms written from one Arrow table
    workbooks/<doc_id>.xlsx     one workbook per report; workbooks/all-reports.xlsx the run's
    findings.duckdb             every table and the views
    state/                      what an incremental rerun needs (the manifest's), and the lock
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..cells import from_csv
from ..schema import DocumentRow, InspectionReport, PaperReview, Record

if TYPE_CHECKING:  # pandas loads where a table is read: a rerun with nothing new never needs it
    import pandas as pd

R = TypeVar("R", bound=Record)

# The database's and the run workbook's names are known here rather than beside the code that
# writes them (DuckDB, openpyxl), so that a rerun with nothing new can see they are there without
# loading it. The run workbook's name is kept from every document's id (discover.RESERVED_IDS).
DATABASE_NAME = "findings.duckdb"
RUN_WORKBOOK = "all-reports"


@dataclass(frozen=True)
class RunFolder:
    root: Path

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def papers(self) -> Path:
        return self.root / "papers"

    @property
    def tables(self) -> Path:
        return self.root / "tables"

    @property
    def workbooks(self) -> Path:
        return self.root / "workbooks"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def run_workbook(self) -> Path:
        return self.workbooks / f"{RUN_WORKBOOK}.xlsx"

    @property
    def lock(self) -> Path:
        return self.state / "lock"

    def report(self, doc_id: str) -> Path:
        return self.reports / f"{doc_id}.json"

    def paper(self, doc_id: str) -> Path:
        return self.papers / f"{doc_id}.json"

    def workbook(self, doc_id: str) -> Path:
        return self.workbooks / f"{doc_id}.xlsx"

    def table(self, name: str, suffix: str = "parquet") -> Path:
        return self.tables / f"{name}.{suffix}"

    def table_files(self) -> list[Path]:
        """Every table's Parquet file, by name."""
        return sorted(self.tables.glob("*.parquet"))

    def has_run(self) -> bool:
        """Whether a run wrote its tables here. The documents table's Parquet file is the proof: a
        table's CSV is written first, so where the Parquet file is, both are."""
        return self.table("documents").is_file()

    def read_reports(self) -> list[InspectionReport]:
        """Every report of the run, in the order of their files' names."""
        return [read_report(path) for path in sorted(self.reports.glob("*.json"))]

    def read_reviews(self) -> list[PaperReview]:
        """Every committee paper's review, in the order of their files' names."""
        return [read_review(path) for path in sorted(self.papers.glob("*.json"))]

    def read_documents(self) -> list[DocumentRow]:
        return self.read_rows("documents", DocumentRow)

    def read_rows(self, name: str, record: type[R]) -> list[R]:
        """Table `name`'s rows as records, their text as written before the CSV escaped it; columns a
        later version added are ignored."""
        import pandas as pd

        frame = pd.read_csv(self.table(name, "csv"), dtype=str, keep_default_na=False)
        fields = [column for column in frame.columns if column in record.model_fields]
        return [
            record.model_validate({column: from_csv(value) or None for column, value in zip(fields, values)})
            for values in frame[fields].itertuples(index=False)
        ]

    def read_table(self, name: str) -> pd.DataFrame:
        """Table `name` as a frame, typed as written (from Parquet)."""
        import pandas as pd

        return pd.read_parquet(self.table(name))

    def read_tables(self) -> dict[str, pd.DataFrame]:
        """Every table as a frame, by name."""
        import pandas as pd

        return {path.stem: pd.read_parquet(path) for path in self.table_files()}


def read_report(path: Path) -> InspectionReport:
    return InspectionReport.model_validate_json(path.read_text(encoding="utf-8"))


def read_review(path: Path) -> PaperReview:
    return PaperReview.model_validate_json(path.read_text(encoding="utf-8"))
