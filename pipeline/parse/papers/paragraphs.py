"""A paper's text as paragraphs and sentences: wrapped lines joined, list markers read, and the list a
sentence ending in ':' introduces kept with it."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..common import GRADE_PATTERN, join_lines, squash

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_DRESSING = re.compile(r"^\s*(?:#{1,6}\s+|>\s+)|\*\*|__|^\s*-{3,}\s*$")
_MARKER = re.compile(
    r"^(?:(?P<bullet>[◼•▪●◦*\-–])|(?P<section>\d{1,2}(?:\.\d{1,2})+)\.?|(?P<number>\d{1,2})[.)]"
    r"|\(?(?P<roman>[ivx]{1,5})\)|\(?(?P<letter>[a-z])\))\s+"
)


JOINING_WORDS = {"and", "or", "of", "the", "to", "for", "in", "on", "with", "a", "an"}


class Unit(NamedTuple):
    """A paragraph or list item: the marker printed before it ('bullet', 'number', 'section',
    'roman', 'letter' or '') and its text on one line."""

    marker: str
    text: str

    @property
    def heading(self) -> bool:
        words = self.text.split()
        return (
            0 < len(words) <= 10
            and self.text[-1] not in ".:;,?!"
            and ";" not in self.text
            and words[-1].lower() not in JOINING_WORDS
            and not self.text[0].islower()
            and self.marker in ("", "number", "section")
            and not self.text.lower().startswith("that ")
        )

    @property
    def is_item(self) -> bool:
        return self.marker in ("bullet", "roman", "letter") or (not self.marker and self.text[:1].islower())


class Sentence(NamedTuple):
    index: int
    text: str
    items: tuple[str, ...]  # the list a sentence ending in ':' introduces
    section: int  # how many headings came before it


def clean(line: str) -> str:
    """Markdown dressing off; a tab-separated table row as 'cell | cell', like Word's."""
    line = _MARKDOWN_LINK.sub(r"\1", line).replace("\t", " | ")
    return squash(_MARKDOWN_DRESSING.sub(" ", line)).strip("| ")


def split_marker(line: str) -> tuple[str, str]:
    """Bullet or number off the front of a line; '- 1.1 text' is a numbered paragraph."""
    kind = ""
    while match := _MARKER.match(line):
        kind = next(name for name, value in match.groupdict().items() if value)
        line = line[match.end() :]
    return kind, line


def units_of(lines: list[str]) -> list[Unit]:
    """Lines into paragraphs: a wrapped line joins the one before unless a marker, a blank line or
    finished sentence starts something new."""
    units: list[list] = []
    last_line = ""
    gap = False
    full = full_width(lines)
    for line in lines:
        if not line:
            gap = True
            continue
        marker, text = split_marker(line)
        if not text:
            continue
        previous = units[-1][1] if units else ""
        continues = (
            units and text.lower() in JOINING_WORDS  # '...; and' wrapped before its last word
        ) or (
            units
            and not marker
            and not GRADE_LINE.match(text)
            and not GRADE_LINE.match(previous)
            and " | " not in text
            and " | " not in previous
            and previous[-1] not in ".:;?!"
            and (
                text[0].islower()
                or previous.split()[-1].lower() in JOINING_WORDS
                or (not gap and len(last_line) >= full and not looks_like_heading(text))
            )
        )
        if continues:
            units[-1][1] = join_lines([previous, text])
        else:
            units.append([marker, text])
        last_line, gap = line, False
    return [Unit(marker, text) for marker, text in units]


def looks_like_heading(line: str) -> bool:
    return len(line.split()) <= 3 and line[-1] not in ".:;?!," and line[0].isupper()


def full_width(lines: list[str]) -> float:
    """How long a line is when it was wrapped at the margin: near the longest line. A paper saved
    from Word or a web page has one line per paragraph, so its longest line is far longer than any
    heading."""
    return max([40.0] + [0.75 * len(line) for line in lines])


_SENTENCE_END = re.compile(r"(?<=[.!?])[’”\"']?\s+(?=[A-Z0-9‘“\"'(\[])")


def sentences_of(units: list[Unit]) -> list[Sentence]:
    out: list[Sentence] = []
    section = 0
    for position, unit in enumerate(units):
        if unit.heading:
            section += 1
            continue
        parts = _SENTENCE_END.split(unit.text)
        for part in parts:
            # a list follows a colon, or a question Ofsted's heading asks ('What needs to improve?')
            items = list_after(units, position, unit) if part is parts[-1] and part.endswith((":", "?")) else ()
            out.append(Sentence(len(out), part, items, section))
    return out


def list_after(units: list[Unit], position: int, intro: Unit) -> tuple[str, ...]:
    """The items of a list that a unit ending in ':' introduces: bullets, or numbers of another
    kind than the introducing paragraph's."""
    items = []
    for unit in units[position + 1 :]:
        if unit.is_item or (unit.marker and unit.marker != intro.marker and not unit.heading):
            items.append(list_item(unit.text))
        else:
            break
    return tuple(items)


def list_item(text: str) -> str:
    """A list item without the punctuation that joins it to the next: '...; and' -> '...'."""
    return re.sub(r"(?:[;,]?\s+(?:and|or))?[;,.]?$", "", text)


GRADE_LINE = re.compile(  # 'Overall effectiveness: Good', 'Impact of leaders – Requires improvement to be good'
    rf"^(?P<area>[^:|]{{3,160}}?)(?::|\s[–—-])\s*(?P<grade>{GRADE_PATTERN.pattern})\.?$", re.IGNORECASE
)
