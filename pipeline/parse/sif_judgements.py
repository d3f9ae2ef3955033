"""SIF reports' header and judgements: the council and dates of the title block, the headline
judgement and the judgement list on page 1, the lead inspector; and the sentence that closes on a
grade, which the LSCB's judgement and the body's graded headings are printed as too."""

from __future__ import annotations

import re

from ..schema import AreaKey, Document, Framework, Grade
from .common import GRADE_PATTERN, ParseError, join_lines, parse_date, parse_dates, parse_grade, squash


def _lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


_TITLE_END = re.compile(
    r"^(?:re-)?inspection of\b|^and review of\b|^review of the effectiveness\b|^protection, children"
    r"|^(?:children )?looked after and care leavers|^inspection dates?:",
    re.IGNORECASE,
)
INSPECTION_DATES = re.compile(r"^inspection dates?\s*:?\s*(.*)$", re.IGNORECASE)
_PUBLISHED = re.compile(r"^report published\s*:?\s*(.*)$", re.IGNORECASE)
_YEAR_AT_END = re.compile(r"(?:19|20)\d\d\W*$")
_REINSPECTION = re.compile(r"^re-inspection of\b", re.IGNORECASE)


def read_header(lines: list[str]) -> dict:
    title: list[str] = []
    for line in lines:
        if _TITLE_END.search(line):
            break
        if line:
            title.append(line)
    dates: list = []
    published = None
    for i, line in enumerate(lines):
        if (match := INSPECTION_DATES.match(line)) and not dates:
            printed = match.group(1)
            if not _YEAR_AT_END.search(printed) and i + 1 < len(lines):
                printed += " " + lines[i + 1]  # a split range wrapped onto the next line
            dates = parse_dates(printed)
        elif (match := _PUBLISHED.match(line)) and published is None:
            published = parse_date(match.group(1))
    reinspection = any(_REINSPECTION.match(line) for line in lines)
    return {
        "local_authority": squash(" ".join(title)) or None,
        "inspection_start": dates[0] if dates else None,
        "inspection_end": dates[-1] if dates else None,
        "published": published,
        "framework": Framework.REINSPECTION if reinspection else Framework.STANDARD,
    }


_GRADE_AT_END = re.compile(rf"(?:{GRADE_PATTERN.pattern})[\s.\d]*$", re.IGNORECASE)
_TO_BE_GOOD = re.compile(r"^to\s+be\s+good\b", re.IGNORECASE)


def graded_sentence(lines: list[str], start: int, most: int = 3) -> tuple[str, Grade | None, int] | None:
    """The sentence opening at `start` that ends with a grade ("… require improvement to / be
    good"), as (text, grade, lines used); None if no grade closes it within `most` lines."""
    text = ""
    for used, line in enumerate(lines[start : start + most], 1):
        text = join_lines([text, line])
        if _GRADE_AT_END.search(text):
            following = lines[start + used] if start + used < len(lines) else ""
            if _TO_BE_GOOD.match(following) and not text.lower().rstrip(". ").endswith("good"):
                text, used = join_lines([text, following]), used + 1
            sentence = re.sub(r"[\s.\d]+$", "", text)
            return sentence, parse_grade(_last_grade(sentence)), used
    return None


def _last_grade(text: str) -> str:
    return list(GRADE_PATTERN.finditer(text))[-1].group(0)


_HEADLINE = re.compile(r"^(?:the overall judgement\b|children[’']s services?\b)", re.IGNORECASE)
_FIRST_ROW = re.compile(r"^1\.?\s+children who need help", re.IGNORECASE)
_LAST_ROW = re.compile(r"leadership,\s+management\s+and\s+governance\s+(?:%s)" % GRADE_PATTERN.pattern, re.I)
_GRADE_RUNS_ON = re.compile(r"improvement(?:\s+to(?:\s+be)?)?|to(?:\s+be)?(?:\s+good)?|be(?:\s+good)?|good", re.I)
_ROW_NUMBER = re.compile(r"(?:^|\s)[123](?:\.[12])?\.?\s+(?=[A-Z])")
_ROW_KEYS = (
    AreaKey.HELP_AND_PROTECTION,
    AreaKey.CHILDREN_IN_CARE,
    AreaKey.ADOPTION_PERFORMANCE,
    AreaKey.CARE_LEAVERS,
    AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE,
)


def headline_and_list(lines: list[str]) -> list[tuple[str, AreaKey, Grade | None, int]]:
    headline = next(
        (found for i, line in enumerate(lines) if _HEADLINE.match(line) and (found := graded_sentence(lines, i))),
        None,
    )
    if headline is None:
        raise ParseError("no headline judgement ('Children’s services in … are …') on page 1")
    judgements = [(headline[0], AreaKey.OVERALL_EFFECTIVENESS, headline[1], 1)]
    return judgements + [(area, key, grade, 1) for (area, grade), key in zip(_judgement_rows(lines), _ROW_KEYS)]


def _judgement_rows(lines: list[str]) -> list[tuple[str, Grade | None]]:
    """The five rows of the judgement list. The table's text layer can put a grade in the middle
    of a wrapped label ("achieving" / "Requires improvement" / "permanence"), so grades are taken
    out in order and the labels are what remains between the row numbers."""
    start = next((i for i, line in enumerate(lines) if _FIRST_ROW.match(line)), None)
    if start is not None:
        text = ""
        for i, line in enumerate(lines[start : start + 20], start):
            text = join_lines([text, line])
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if _LAST_ROW.search(text) and not _GRADE_RUNS_ON.fullmatch(following):
                break
        grades = [parse_grade(match.group(0)) for match in GRADE_PATTERN.finditer(text)]
        labels = [squash(label) for label in _ROW_NUMBER.split(GRADE_PATTERN.sub(" ", text)) if label.strip()]
        if len(grades) == len(labels) == len(_ROW_KEYS):
            return list(zip(labels, grades))
    raise ParseError("the judgement list on page 1 does not have its five graded rows")


_LSCB_SENTENCE = re.compile(
    r"^the\s+(?:judgement\s+for\s+the\s+)?(?:effectiveness\s+of\s+the\s+)?"
    r"(?:local\s+safeguarding\s+children\s+board|lscb)\b",
    re.IGNORECASE,
)
_LSCB_JUDGEMENT = re.compile(
    r"^the\s+(?:judgement\s+for\s+the\s+)?(?:effectiveness\s+of\s+the\s+)?"
    r"(?:local\s+safeguarding\s+children\s+board|lscb)"
    rf"(?:\s+\(lscb\))?\s+(?:is\s+|are\s+)?(?:{GRADE_PATTERN.pattern})$",
    re.IGNORECASE,
)


def lscb_graded_sentence(lines: list[str], i: int) -> tuple[str, Grade | None, int] | None:
    # Asked of every line of a SIF report: most lines are ruled out by their first word unjoined.
    first = lines[i].strip() or (lines[i + 1].strip() if i + 1 < len(lines) else "")
    if first[:3].lower() != "the":
        return None
    found = _LSCB_SENTENCE.match(join_lines(lines[i : i + 2])) and graded_sentence(lines, i)
    return found if found and _LSCB_JUDGEMENT.match(found[0]) else None


_LEAD_INSPECTOR = re.compile(r"^lead inspector\s*:\s*(.+)$", re.IGNORECASE)
_INSPECTOR_TITLE = re.compile(
    r"[\s,]*(?:\(?\b(?:senior\s+)?(?:HMI|(?:her|his)\s+majesty[’']s\s+inspector)\b\)?)\s*$",
    re.IGNORECASE,
)


def lead_inspector(document: Document) -> str | None:
    for page in document.pages:
        for line in _lines_of(page.text):
            if match := _LEAD_INSPECTOR.match(line):
                return _INSPECTOR_TITLE.sub("", match.group(1)).strip(" ,") or None
    return None
