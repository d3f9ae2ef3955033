"""What a paper says about the inspection it discusses: its dates and framework, the grades it
claims (and the earlier ones it recalls), and Ofsted's areas for improvement it lists."""

from __future__ import annotations

import re

from ... import timescales
from ...schema import AreaKey, DateSpan, Grade, GradeClaim, InspectionReference, PreviousJudgement
from ...timescales import DATE
from ..common import FRAMEWORK_TAG, GRADE_PATTERN, parse_grade
from .next_steps import FUTURE, NEXT_INSPECTION
from .paragraphs import Sentence, Unit, list_after


# --- the inspection the paper discusses -------------------------------------------------------

_FRAMEWORKS = [
    (
        re.compile(
            r"\bILACS?\b|inspecting local authority children[’']?s services|inspection of local authority children[’']?s services",
            re.I,
        ),
        "ILACS",
    ),
    (re.compile(r"\bSIF\b|single inspection\b|services for children in need of help and protection", re.I), "SIF"),
    (re.compile(r"\bJTAI\b|joint targeted area inspection", re.I), "JTAI"),
    (re.compile(r"\bfocused visit\b", re.I), "focused visit"),
    (re.compile(r"\bmonitoring visit\b", re.I), "monitoring visit"),
]
_PUBLISHED = re.compile(
    rf"\bpublish(?:ed|es)?\b[^.;()]{{0,60}}?\b(?:on|in|dated)\s+(?P<after>{DATE})"
    rf"|\b(?:on|in)\s+(?P<before>{DATE}),?\s+(?:\w+\s+){{0,3}}?published\b"
    rf"|\bpublished\s+(?P<bare>{DATE})",
    re.IGNORECASE,
)
_INSPECTED = re.compile(
    rf"\b(?:took place|carried out|conducted|undertaken|inspected|on[- ]site|visited|inspection)\b"
    rf"(?:[^.;()]|\([^.;()]{{1,20}}\)){{0,160}}?\b(?:between|from|on|in|during)\s+(?P<after>{DATE})"
    rf"|\binspection\s+(?:report\s+)?(?:of\s+|in\s+)?(?P<next>{DATE})\b"
    rf"|\b(?:the|their|our|its)\s+(?P<before>{DATE})\s+(?:ofsted\s+)?(?:\w+\s+)?inspection\b",
    re.IGNORECASE,
)


def inspection(sentences: list[Sentence]) -> InspectionReference:
    return InspectionReference(dates=_latest(_INSPECTED, sentences), published=_latest(_PUBLISHED, sentences))


def framework(sentences: list[Sentence], title: str | None, previous: dict[int, int | None]) -> str | None:
    """The framework named in the title, else in the first sentence not about an earlier inspection."""
    texts = [title or ""] + [s.text for s in sentences if s.index not in previous]
    return next((name for text in texts for pattern, name in _FRAMEWORKS if pattern.search(text)), None)


def _latest(pattern: re.Pattern[str], sentences: list[Sentence]) -> DateSpan | None:
    """The latest date the pattern finds (an earlier one is a previous inspection's), the most
    precise of equals: '1 February 2022' over 'February 2022'."""
    found = []
    for sentence in sentences:
        if FUTURE.search(sentence.text) or NEXT_INSPECTION.search(sentence.text):
            continue  # what will happen is not what did
        for match in pattern.finditer(sentence.text):
            if _PREVIOUS_WORDS.search(sentence.text, max(0, match.start() - 25), match.start() + 1):
                continue  # 'at the previous inspection in 2011'
            phrase = next(value for value in match.groupdict().values() if value)
            start, end = timescales.span(phrase)
            if start:
                rank = (start.year, start.month, timescales.precision(phrase), start)
                found.append((rank, DateSpan(phrase=phrase, start=start, end=end, sentence=sentence.text)))
    return max(found, key=lambda pair: pair[0])[1] if found else None


def reference_year(inspection: InspectionReference) -> int | None:
    """The year the discussed inspection happened: judgements stated for earlier years are
    previous ones."""
    if inspection.dates and inspection.dates.start:
        return inspection.dates.start.year
    if inspection.published and inspection.published.start:
        return inspection.published.start.year - (inspection.published.start.month <= 3)
    return None


_PREVIOUS_WORDS = re.compile(r"\b(?:previous(?:ly)?|last inspect\w*|earlier|prior|former(?:ly)?)\b", re.IGNORECASE)
_CURRENT_WORDS = re.compile(r"\b(?:now|currently|latest|most recent|this inspection)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LOOK_BACK = 2


def previous_context(sentences: list[Sentence], reference_year: int | None) -> dict[int, int | None]:
    """Sentences about an earlier inspection, with its year where known: the nearest year printed
    in the sentence or the two before it under the same heading is before the discussed
    inspection's, or the sentence
    says 'previous', 'earlier', ...; unless it says 'now' or 'latest'."""
    previous: dict[int, int | None] = {}
    for sentence in sentences:
        if _CURRENT_WORDS.search(sentence.text):
            continue
        year = None
        for back in range(_LOOK_BACK + 1):
            if sentence.index - back < 0 or sentences[sentence.index - back].section != sentence.section:
                break
            years = [int(y) for y in _YEAR.findall(sentences[sentence.index - back].text)]
            if years:
                year = max(years) if back else min(years)
                break
        if reference_year and year and year < reference_year:
            previous[sentence.index] = year
        elif _PREVIOUS_WORDS.search(sentence.text) and (not year or not reference_year or year < reference_year):
            previous[sentence.index] = year
    return previous


# --- grades -----------------------------------------------------------------------------------

_GRADE_CONTEXT = re.compile(
    r"\b(?:grade[ds]?|grading|judged|judgements?|rated|rating|marked|assessed as|found to be|"
    r"overall effectiveness|ofsted)\b",
    re.IGNORECASE,
)
_QUOTES = "'‘’\"“”"
_AMBIGUOUS = {Grade.GOOD, Grade.OUTSTANDING}  # also everyday words: 'good practice'
_AREAS = [
    (re.compile(r"all (?:\w+ ){0,2}(?:areas|judgements)|every (?:\w+ )?area|each area|across the board", re.I), None),
    (re.compile(r"leadership,? management and governance", re.I), AreaKey.LEADERSHIP_MANAGEMENT_GOVERNANCE),
    (re.compile(r"impact of leaders|leadership", re.I), AreaKey.IMPACT_OF_LEADERS),
    (re.compile(r"help and protection", re.I), AreaKey.HELP_AND_PROTECTION),
    (
        re.compile(r"children in care and care leavers|looked after children and care leavers", re.I),
        AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
    ),
    (re.compile(r"care leavers|leaving care", re.I), AreaKey.CARE_LEAVERS),
    (re.compile(r"children in care|looked after|achieving permanence", re.I), AreaKey.CHILDREN_IN_CARE),
    (re.compile(r"adoption", re.I), AreaKey.ADOPTION_PERFORMANCE),
    (re.compile(r"safeguarding children board|\bLSCB\b", re.I), AreaKey.LSCB),
    (re.compile(r"overall", re.I), AreaKey.OVERALL_EFFECTIVENESS),
]


def grades(
    sentences: list[Sentence],
    previous: dict[int, int | None],
    rows: list[tuple[str, ...]],
    reference_year: int | None = None,
) -> tuple[tuple[GradeClaim, ...], tuple[PreviousJudgement, ...]]:
    """Grades stated in sentences (those about an earlier inspection are previous judgements) and
    in judgement tables the paper reproduces (a row with an area and a grade)."""
    claims: dict[tuple, GradeClaim] = {}
    earlier: dict[tuple, PreviousJudgement] = {}
    table_claims, table_earlier = _table_grades(rows)
    for judgement in table_earlier:
        earlier.setdefault((judgement.grade, judgement.year), judgement)
    for claim in table_claims:
        claims.setdefault(
            (claim.area_key, claim.grade, claim.area.lower() if claim.area_key is AreaKey.OTHER else ""), claim
        )
    for sentence in sentences:
        for grade, position in _grade_mentions(sentence.text):
            year = previous.get(sentence.index)
            given_earlier = _given_earlier(sentence, position, previous, reference_year)
            same_as_earlier = sentence.index in previous and _SAME_GRADE.search(
                sentence.text, _clause_bounds(sentence.text, position)[1]
            )
            if given_earlier or same_as_earlier:
                earlier.setdefault((grade, year), PreviousJudgement(grade=grade, year=year, quote=sentence.text))
            if given_earlier:
                continue
            if sentence.items:
                areas = [(item, _area_key(item)) for item in sentence.items]
            else:
                areas = [_area_near(sentence.text, position)]
            for area, key in areas:
                claim = GradeClaim(area=area, area_key=key, grade=grade, quote=sentence.text)
                claims.setdefault((key, grade, area.lower() if key is AreaKey.OTHER else ""), claim)
    if reference_year and reference_year >= _CARE_JUDGED_APART:
        claims = {
            (key, claim.grade, claim.area.lower() if key is AreaKey.OTHER else ""): claim
            if key is claim.area_key
            else claim.model_copy(update={"area_key": key})
            for claim in claims.values()
            for key in _apart(claim.area_key)
        }
    return tuple(claims.values()), tuple(earlier.values())


# From January 2023 ILACS judges children in care and care leavers apart, so "children in care and
# care leavers were judged to require improvement" gives both judgements.
_CARE_JUDGED_APART = 2023


def _apart(key: AreaKey | None) -> tuple[AreaKey | None, ...]:
    if key is AreaKey.CHILDREN_IN_CARE_AND_CARE_LEAVERS:
        return AreaKey.CHILDREN_IN_CARE, AreaKey.CARE_LEAVERS
    return (key,)


def _table_grades(rows: list[tuple[str, ...]]) -> tuple[list[GradeClaim], list[PreviousJudgement]]:
    """Judgement tables the paper reproduces: a row with an area and its grade. Under a header
    that names inspection years ('Judgement | 2019 | 2024') a row has a grade a year: the latest
    year's is the discussed inspection's, the others are earlier judgements."""
    claims: list[GradeClaim] = []
    earlier: list[PreviousJudgement] = []
    years: list[int | None] = []
    for row in rows:
        grades = [i for i, cell in enumerate(row) if GRADE_PATTERN.fullmatch(cell.strip(" .*"))]
        row_years = [_column_year(cell) for cell in row]
        if not grades and sum(year is not None for year in row_years) >= 2:
            years = row_years
            continue
        areas = [cell for i, cell in enumerate(row) if i not in grades and _area_key(cell) not in (None, AreaKey.OTHER)]
        if not areas or not grades or (len(grades) > 1 and len(years) != len(row)):
            continue
        latest = max((years[i] for i in grades if years[i]), default=None) if len(grades) > 1 else None
        for i in grades:
            grade, quote = parse_grade(row[i]), " | ".join(row)
            if grade and latest and years[i] != latest:
                earlier.append(PreviousJudgement(grade=grade, year=years[i], quote=quote))
            elif grade:
                claims.append(GradeClaim(area=areas[0], area_key=_area_key(areas[0]), grade=grade, quote=quote))
    return claims, earlier


def _column_year(cell: str) -> int | None:
    """The year a column header names: '2019', 'March 2019', 'Previous inspection (2019)'."""
    found = re.fullmatch(r"\D{0,30}\b((?:19|20)\d\d)\b\D{0,30}", cell)
    return int(found.group(1)) if found and len(cell.split()) <= 5 else None


_EARLIER_CLAUSE = re.compile(
    r"\b(?:previous(?:ly)?|last inspect\w*|(?:years?|months?) (?:ago|after|before|earlier)|no longer|used to be)\b",
    re.I,
)


_SAME_GRADE = re.compile(
    r"\bsame (?:grade|judgement|rating|outcome)\b|\bas (?:it was )?at the (?:previous|last)\b", re.I
)


def _given_earlier(
    sentence: Sentence, position: int, previous: dict[int, int | None], reference_year: int | None
) -> bool:
    """A grade given at an earlier inspection: its clause says so ('two years after inspectors
    judged them inadequate'), or the sentence is about an earlier inspection and says so before
    the grade's clause ends. An earlier inspection named only in a later clause ('... to be good,
    the same grade as at the previous inspection in 2019') leaves the grade the discussed one's."""
    text = sentence.text
    start, end = _clause_bounds(text, position)
    if _EARLIER_CLAUSE.search(text[max(0, start - 20) : end]):
        return True
    if sentence.index not in previous:
        return False
    cues = [m.start() for m in _PREVIOUS_WORDS.finditer(text)]
    cues += [m.start() for m in _YEAR.finditer(text) if reference_year and int(m.group(0)) < reference_year]
    return not cues or min(cues) < end


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    """Where the clause a position falls in starts and ends: between commas, semicolons, dashes
    and 'after', 'since', 'when', 'but'."""
    start = max([0, *(m.start() for m in _CLAUSE_BREAK.finditer(text) if m.end() <= position)])
    following = [m.start() for m in _CLAUSE_BREAK.finditer(text) if m.start() > position]
    return start, following[0] if following else len(text)


_CLAUSE_BREAK = re.compile(r"[,;–—]|\s(?:after|since|when|but|whereas)\s", re.I)
_GRADE_MENTION = re.compile(rf"{GRADE_PATTERN.pattern}|requir(?:ing|ed)\s+improvement", re.I)


def _grade_mentions(text: str) -> list[tuple[Grade, int]]:
    found = []
    context = bool(_GRADE_CONTEXT.search(text))
    for match in _GRADE_MENTION.finditer(text):
        grade = parse_grade(re.sub(r"(?i)requir(?:ing|ed)", "requires", match.group(0)))
        if grade is None:
            continue
        quoted = text[max(0, match.start() - 1) : match.start()] in _QUOTES and match.start() > 0
        unambiguous = grade not in _AMBIGUOUS and grade is not Grade.ADEQUATE
        official = " ".join(match.group(0).lower().split()).endswith("to be good")  # only ever a grade
        if quoted or official or (context and (unambiguous or _stands_as_grade(text, match))):
            found.append((grade, match.start()))
    return found


def _stands_as_grade(text: str, match: re.Match[str]) -> bool:
    """'judged good.', 'as good in all areas', 'good overall': the word ends the phrase, where in
    'good practice' or 'good progress' it describes the next word."""
    after = text[match.end() :].split()[:1] or [""]
    return after[0].strip(".,;:)'’\"”").lower() in {
        "",
        "in",
        "across",
        "for",
        "overall",
        "and",
        "at",
        "by",
        "with",
        "or",
    }


def _area_key(text: str) -> AreaKey | None:
    return next((key for pattern, key in _AREAS if pattern.search(text)), AreaKey.OTHER)


def _area_near(text: str, position: int) -> tuple[str, AreaKey | None]:
    """The judgement area a grade is given to: the nearest printed before it since the last grade
    ("help and protection as good"), else the nearest after it ("good for help and protection");
    the overall judgement where the sentence names none."""
    since = max((m.end() for m in _GRADE_MENTION.finditer(text, 0, position)), default=0)
    found = [
        (match.start(), match.end(), match.group(0), key) for pattern, key in _AREAS for match in pattern.finditer(text)
    ]
    before = [f for f in found if since <= f[0] and f[1] <= position]
    after = [f for f in found if f[0] >= position]
    if before:
        return max(before, key=lambda f: (f[1], f[1] - f[0]))[2:]
    if after:
        return min(after, key=lambda f: (f[0], f[0] - f[1]))[2:]
    return "overall effectiveness", AreaKey.OVERALL_EFFECTIVENESS


# --- improvement areas ------------------------------------------------------------------------

_IMPROVEMENT_INTRO = re.compile(
    r"\bareas? (?:for|of|requiring|needing|to) (?:further )?(?:improvement|development|improve)|"
    r"\bimprovement areas\b|\bwhat needs to improve\b|\b(?:asked|told|required)\s+(?:the\s+)?(?:council|local authority|us)\s+to\s+improve\b|\bimprove (?:in|on) (?:the following |\w+ )?areas\b|\b(?:need(?:s|ed)? to|should|must) improve\b|\bweakness(?:es)?\b|"
    r"\b(?:flagged|identified|highlighted|noted)\b[^.]{0,60}\b(?:requiring|needing|for) improvement\b|"
    r"\brecommendations (?:made |set out )?(?:by|from|in) (?:the )?(?:ofsted|inspectors|report)\b|"
    r"\bofsted['’]?s? recommendations\b|\bpriority actions\b|"
    r"\b(?:inspectors|ofsted|the (?:inspection )?report)\b[^.]{0,40}\brecommendations (?:for|to) the (?:local authority|council)\b",
    re.IGNORECASE,
)
_INLINE_LIST = re.compile(
    r"(?:\b(?:including|include[sd]?|such as|namely|these being|which (?:are|were)|as follows|(?:to|should|must) improve)\b:?|:)"
    r"\s+(?P<list>.+)$",
    re.I,
)
_ITEM_SPLIT = re.compile(r";\s+|,\s+(?:and\s+)?|\s+and\s+(?=(?:the|a|an|their|its|our|\w+ing)\b)")


def improvement_areas(sentences: list[Sentence], units: list[Unit]) -> tuple[str, ...]:
    areas: list[str] = []
    for sentence in sentences:
        if not _IMPROVEMENT_INTRO.search(sentence.text):
            continue
        if sentence.items:
            areas.extend(sentence.items)
        elif not sentence.text.endswith("?") and (inline := _INLINE_LIST.search(sentence.text)):
            areas.extend(part.strip(" .") for part in _ITEM_SPLIT.split(inline.group("list")) if len(part.split()) >= 2)
    for position, unit in enumerate(units):
        if unit.heading and _IMPROVEMENT_INTRO.search(unit.text):
            areas.extend(list_after(units, position, unit))
    return tuple(dict.fromkeys(areas))


def without_tag(area: str) -> str:
    """An item as Ofsted worded it, its national-framework cross-reference off, as in the report's
    own items: '... over (outcome 3, national framework)'."""
    return FRAMEWORK_TAG.sub("", area)
