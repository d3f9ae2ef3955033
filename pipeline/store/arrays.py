"""Arrow arrays from Python values, built from their buffers.

Arrow's own conversion (`pyarrow.array`, `Table.from_pylist`, a Python scalar handed to a compute
function) first asks whether its argument is a pandas object, and to ask it loads pandas: a third
of a second of a rerun that adds one report and never needs pandas otherwise. The types a run's
tables hold are few (text, whole numbers, fractions, true/false, dates), and their buffers simple.
"""

from __future__ import annotations

import datetime as dt
from array import array as packed
from itertools import accumulate
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pyarrow as pa

_EPOCH = dt.date(1970, 1, 1).toordinal()


def array(values: Sequence, type: pa.DataType) -> pa.Array:
    """`values` (None for a gap) as an array of `type`: text, a whole number, a fraction, true or
    false, or a date. Raises TypeError or ValueError for a value of another kind (a date in a
    column of text, say), and UnicodeEncodeError for text that is no UTF-8 (a lone surrogate)."""
    import pyarrow as pa

    present = [value is not None for value in values]
    validity = _bits(present)
    gaps = present.count(False)
    if pa.types.is_string(type) or pa.types.is_large_string(type):
        encoded = [_text(value).encode("utf-8") if value is not None else b"" for value in values]
        offsets = packed("q" if pa.types.is_large_string(type) else "i", accumulate(map(len, encoded), initial=0))
        buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    elif pa.types.is_boolean(type):
        buffers = [validity, _bits([value is not None and _truth(value) for value in values])]
    else:
        code, number = _NUMBERS[str(type)]
        buffers = [
            validity,
            pa.py_buffer(packed(code, [number(value) if value is not None else 0 for value in values])),
        ]
    return pa.Array.from_buffers(type, len(values), buffers, null_count=gaps)


def _bits(flags: list[bool]) -> pa.Buffer:
    """Arrow's bitmap of `flags`: the first in the lowest bit of the first byte."""
    import pyarrow as pa

    bits = bytearray((len(flags) + 7) // 8)
    for index, flag in enumerate(flags):
        if flag:
            bits[index >> 3] |= 1 << (index & 7)
    return pa.py_buffer(bits)


def _text(value) -> str:
    if type(value) is not str:
        raise TypeError(f"{value!r} is not text")
    return value


def _truth(value) -> bool:
    if type(value) is not bool:
        raise TypeError(f"{value!r} is not true or false")
    return value


def _whole(value) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _fraction(value) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"{value!r} is not a number")
    return float(value)


def _day(value) -> int:
    if type(value) is not dt.date:
        raise TypeError(f"{value!r} is not a date")
    return value.toordinal() - _EPOCH


# Each fixed-width type: its packing code and its value from Python's.
_NUMBERS = {"int64": ("q", _whole), "double": ("d", _fraction), "date32[day]": ("i", _day)}


def table(columns: dict[str, Sequence], schema: pa.Schema) -> pa.Table:
    """A table of `schema` from each column's values."""
    import pyarrow as pa

    return pa.Table.from_arrays([array(columns[field.name], field.type) for field in schema], schema=schema)
