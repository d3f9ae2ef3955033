"""What every loader shares: the error a file that cannot be read raises, the text normalisation and
running-line removal every format's pages go through, decoding of bytes, and table cells."""

from __future__ import annotations

import re
from collections import Counter

from ..schema import Table


class LoadError(Exception):
    """A document that cannot be read; the message is the one-line reason shown to the user."""


def size(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n / 1024:,.1f} KiB"


_GLYPHS = str.maketrans(
    {
        "\ufffe": "-",  # PDFium marks a hyphen at a line end this way
        "\u00ad": "-",
        "\uf06e": "◼",  # Wingdings/Symbol bullets in SIF and 2018-19 reports
        "\uf0a7": "◼",
        "\uf0b7": "◼",
        "\u2022": "◼",
        "\u25aa": "◼",
        "\u25cf": "◼",
        "\u25a0": "◼",  # ZapfDingbats black square, another common bullet
        "\uf02d": "–",  # Symbol-font dash: a nested sub-bullet
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)


# `translate` with a table looks every character up; finding the few glyphs a page holds (most hold
# none) and replacing each costs a fifth. No replacement is another of the glyphs.
_ANY_GLYPH = re.compile("[" + "".join(map(chr, _GLYPHS)) + "]")


def normalise(text: str) -> str:
    return "\n".join(_normalised_lines(text))


def _normalised_lines(text: str) -> list[str]:
    """`normalise`'s lines, for a caller that splits the text again: without its blank first and
    last lines, and at least one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for glyph in set(_ANY_GLYPH.findall(text)):
        text = text.replace(glyph, _GLYPHS[ord(glyph)])
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end] or [""]


_DIGITS = re.compile(r"\d+")
_EDGE = 3  # running lines sit within the first or last three lines of a page


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove running headers, footers and page numbers.

    A line is running furniture when, with its digits blanked, it stands among the first or last
    few lines of at least half the pages (and of three or more). Lines that are only a page number
    go too. PDFium puts a footer first on the page, so both ends are checked.
    """
    return without_running_lines(pages)[0]


def without_running_lines(pages: list[str]) -> tuple[list[str], list[str]]:
    """The pages without their running lines, and each running line removed as first printed
    (page numbers aside)."""
    split = [_normalised_lines(page) for page in pages]
    shapes: dict[str, str] = {}  # running lines repeat on every page: each line's shape once

    def shape_of(line: str) -> str:
        found = shapes.get(line)
        if found is None:
            found = shapes[line] = shape(line)
        return found

    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({shape_of(line) for line in lines[:_EDGE] + lines[-_EDGE:] if line.strip()})
    threshold = max(3, (len(split) + 1) // 2)
    running = {shape for shape, n in counts.items() if n >= threshold}

    def is_running(line: str) -> bool:
        return shape_of(line) in running or line.strip().isdigit()

    cleaned = []
    removed: dict[str, str] = {}
    for lines in split:
        head, body, tail = lines[:_EDGE], lines[_EDGE:-_EDGE], lines[-_EDGE:]
        if len(lines) <= 2 * _EDGE:
            head, body, tail = lines, [], []
        kept_head = _drop_leading(head, is_running)
        kept_tail = list(reversed(_drop_leading(list(reversed(tail)), is_running)))
        for line in head[: len(head) - len(kept_head)] + tail[len(kept_tail) :]:
            if line.strip() and not line.strip().isdigit():
                removed.setdefault(shape_of(line), " ".join(line.split()))
        cleaned.append("\n".join(kept_head + body + kept_tail).strip("\n"))
    return cleaned, list(removed.values())


def _drop_leading(lines: list[str], is_running) -> list[str]:
    for i, line in enumerate(lines):
        if line.strip() and not is_running(line):
            return lines[i:]
    return []


def shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()))


def decode(data: bytes) -> str:
    """UTF-16 by its byte-order mark; UTF-8 where most of the non-ASCII bytes are UTF-8, a bad byte
    becoming U+FFFD (one bad byte must not turn a whole report into cp1252 mojibake); else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    high = sum(1 for byte in data if byte >= 0x80)
    return text if bad * 10 <= high else data.decode("cp1252", errors="replace")


def as_table(page: int | None, rows: list[list[str | None]]) -> Table | None:
    """Cells normalised like page text and joined onto one line; empty rows dropped."""
    cleaned = tuple(tuple(_cell_text(cell or "") for cell in row) for row in rows)
    cleaned = tuple(row for row in cleaned if any(row))
    return Table(page=page, rows=cleaned) if cleaned else None


def _cell_text(cell: str) -> str:
    """A cell's lines on one line; an email address or web link wrapped in a narrow column is
    joined back without a space."""
    out = ""
    for line in normalise(cell).split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        last = out.rsplit(" ", 1)[-1]
        glue = "" if ("@" in last or "://" in last) and " " not in line else " "
        out = f"{out}{glue}{line}" if out else line
    return out
