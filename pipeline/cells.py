"""One rule for every spreadsheet and CSV cell written from document text (OWASP's advice on CSV
injection): a reader's spreadsheet must never run what a report or a council paper says.

- Characters XML does not allow (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF;
  lone surrogates) are removed: a workbook cannot hold them, and a table cell gains nothing by them.
- Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return could be read as a formula.
  In a workbook it is a text cell with Excel's quote prefix, so it shows as written and stays text
  when edited. A CSV has no types, so there a single quote is put before it, and before text that
  starts with a quote itself: a cell starting with `'` has had one added, and `from_csv` removes it.

Parquet files and the DuckDB database keep the original text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Arrow loads where a table is written, not wherever a cell is escaped
    import pandas as pd
    import pyarrow as pa

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_NOT_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_ILLEGAL = re.compile(f"[{_NOT_XML}\ud800-\udfff]")
# The same two rules for Arrow's RE2, which sees UTF-8 text (no lone surrogates can reach it).
_ILLEGAL_RE2 = "[\\x{00}-\\x{08}\\x{0b}\\x{0c}\\x{0e}-\\x{1f}\\x{fffe}\\x{ffff}]"
_QUOTED_RE2 = "^([=+\\-@\\t\\r'])"


def cleaned(text: str) -> str:
    """`text` without the characters a workbook cannot hold."""
    return text if text.isprintable() else _ILLEGAL.sub("", text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A CSV cell's text: cleaned, and quoted where it could be read as a formula or starts with a quote."""
    text = cleaned(text)
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def from_csv(text: str) -> str:
    """The text a CSV cell was written from (the characters `cleaned` removed aside)."""
    return text[1:] if text.startswith(QUOTE) else text


def csv_table(table: pa.Table) -> pa.Table:
    """Every text column of `table` as `csv_text` gives it, in Arrow: the tables hold millions of cells."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            column = table.column(index)
            # Most columns have nothing to replace: finding that out costs a third of replacing,
            # which copies every value (0.06 s of CPU for the paragraphs of the dev corpus).
            for pattern, replacement in ((_ILLEGAL_RE2, ""), (_QUOTED_RE2, "'\\1")):
                if pc.any(pc.match_substring_regex(column, pattern)).as_py():
                    column = pc.replace_substring_regex(column, pattern, replacement)
            table = table.set_column(index, field.name, column)
    return table


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text value as `csv_text` gives it, for a CSV written by pandas."""
    return frame.apply(lambda column: column.map(lambda value: csv_text(value) if isinstance(value, str) else value))
