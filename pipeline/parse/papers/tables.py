"""A paper's table rows (its tables, else its tab- or bar-separated lines), the people to contact,
and the action-plan table."""

from __future__ import annotations

import re

from ...schema import Contact, Document
from ..common import squash
from .paragraphs import GRADE_LINE, Unit, clean


def table_rows(document: Document, units: list[Unit]) -> list[tuple[str, ...]]:
    """Table rows from the document's tables (else from tab- or bar-separated lines of its text),
    then every paragraph that holds an email address or a phone number, as a row of one cell."""
    rows = [tuple(cell for cell in row if cell) for table in document.tables for row in table.rows]
    if not document.tables:
        for line in document.text.split("\n"):
            separator = "\t" if "\t" in line else " | " if " | " in line else None
            if separator:
                cells = tuple(squash(clean(cell)) for cell in line.split(separator))
                rows.append(tuple(cell for cell in cells if cell))
    rows.extend((labelled["area"], labelled["grade"]) for unit in units if (labelled := GRADE_LINE.match(unit.text)))
    rows.extend(_contact_rows(units))
    return rows


_CONTACT_LINE = re.compile(
    r"^[\w .()’'/-]{0,20}\b(?:name|officer|author|contact|tel(?:ephone)?|phone|mobile|e-?mail|job title|position|"
    r"role|designation|direct line|post)\b[\w .()]{0,12}:\s*\S",
    re.IGNORECASE,
)


def _contact_rows(units: list[Unit]) -> list[tuple[str, ...]]:
    """Every paragraph that holds an email address or a phone number, as a row of one cell; a
    run of short contact lines ('Officer name: ...', 'Job title: ...', 'Tel: ...', 'Email: ...')
    about one person (one email address at most) is one row of one cell."""
    rows: list[tuple[str, ...]] = []
    run: list[str] = []
    for unit in [*units, Unit("", "")]:
        text = unit.text
        labelled = _CONTACT_LINE.match(text) and len(text.split()) <= 12 and " | " not in text
        if labelled and not (EMAIL.search(text) and EMAIL.search(" ".join(run))):
            run.append(text)
            continue
        if EMAIL.search(" ".join(run)) or PHONE.search(" ".join(run)):
            rows.append((" ".join(run),))
        run = [text] if labelled else []
        if not labelled and (EMAIL.search(text) or PHONE.search(text)) and " | " not in text:
            rows.append((text,))
    return rows


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?|\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b(?:/\d{3,8})*")
_ROLE_WORDS = re.compile(
    r"\b(?:officer|officers|director|manager|head|author|councillor|cllr|member|holder|chief|executive|"
    r"lead|service|services|scrutiny|cabinet|assistant|strategic|portfolio|team|council|children|"
    r"families|adviser|advisor|democratic|clerk|leader|principal|senior|deputy|contact|information|"
    r"details|name|email|e-mail|telephone|tel|phone|for|of|and)\b",
    re.IGNORECASE,
)
_CONTACT_LABEL = re.compile(
    r"\b(?:e-?mail|tel(?:ephone)?|phone|mobile|contact(?: points?| officers?| details)?|lead officer|report author|author)\s*:",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}\b")
_TITLES = re.compile(r"^(?:Councillor|Cllr\.?|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Professor)\s+")


def contacts(rows: list[tuple[str, ...]]) -> tuple[Contact, ...]:
    contacts: dict[tuple, Contact] = {}
    last: list[Contact] = []
    for row in rows:
        text = " ".join(row)
        if not (EMAIL.search(text) or PHONE.search(text)):
            continue
        people = _people(row)
        emails = EMAIL.findall(text)
        if not people and emails:  # an 'Email: ...' line under the names it belongs to
            for person in last:
                if contacts[(person.name,)].email is None:
                    contacts[(person.name,)] = person.model_copy(update={"email": emails[0]})
            continue
        last = people or last
        for person in people:
            contacts.setdefault((person.name,), person)
    return tuple(contacts.values())


def _people(row: tuple[str, ...]) -> list[Contact]:
    text = " ".join(row)
    emails = EMAIL.findall(text)
    phones = _phones(text)
    rest = _CONTACT_LABEL.sub(" , ", PHONE.sub(" ", EMAIL.sub(" ", text)))
    names = [_name_for(email, rest) for email in emails]
    if not any(names):
        names = [_TITLES.sub("", part.strip()) for part in re.split(r"[/,;]|\s+-\s+", rest) if _is_name(part)]
        emails = emails * len(names) if len(emails) == 1 else emails
    if not any(names):
        return []
    role = _role(row, names)
    return [
        Contact(
            role=role,
            name=name,
            email=emails[i] if i < len(emails) else None,
            phone=phones[i] if i < len(phones) else (phones[0] if phones else None),
        )
        for i, name in enumerate(names)
    ]


def _name_for(email: str, text: str) -> str | None:
    """The person an address belongs to: capitalised words whose letters spell its local part
    ('johncoleman', 'john.coleman', 'jcoleman')."""
    local = re.sub(r"[^a-z]", "", email.split("@")[0].lower())
    words = re.findall(r"[A-Z][a-zA-Z'’-]+", text)
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            parts = [re.sub(r"[^a-z]", "", w.lower()) for w in words[i : i + size]]
            if local in ("".join(parts), parts[0][0] + "".join(parts[1:]), "".join(parts[1:]) + parts[0]):
                return " ".join(words[i : i + size])
    return None


def _is_name(part: str) -> bool:
    part = _TITLES.sub("", part.strip())
    return bool(_PERSON.fullmatch(part)) and not _ROLE_WORDS.search(part)


def _role(row: tuple[str, ...], names: list[str | None]) -> str | None:
    """A table's first cell where it is not a name; else the words around the names that say what
    the person does."""
    first = row[0]
    if len(row) > 1 and not EMAIL.search(first) and not any(name and name in first for name in names):
        return first
    rest = PHONE.sub(" ", EMAIL.sub(" ", " ".join(row)))
    for name in names:
        rest = rest.replace(name or "\0", " ")
    label, _, after = rest.partition(":") if re.match(r"^[^:,]{1,40}:", rest) else ("", "", rest)
    return _role_in(after) or _role_in(f"{label}:")


_TITLES_LEFT = re.compile(r"\b(?:Councillor|Cllr\.?|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Professor)\s*(?=[,;|/]|$)")


def _role_in(text: str) -> str | None:
    text = re.sub(r"\(\s*\)", " ", _TITLES_LEFT.sub(" ", _NOT_A_ROLE.sub(" ", text)))  # '(01234 ...)' taken out
    parts = [squash(part).strip(" ,:-") for part in re.split(r"[/,;|]", text)]
    roles = [part for part in parts if part and _ROLE_WORDS.search(part) and len(part.split()) <= 10]
    return roles[0] if roles else None


# Labels that say what a value is, not what the person does ('Report author: ...', 'Tel no.: ...').
_NOT_A_ROLE = re.compile(
    r"\b(?:(?:report |paper )?author|(?:officer |contact )?name|(?:e-?mail|postal) address|tel(?:ephone)? no\.?|"
    r"(?:tele)?phone number|job title|position|designation)\s*:|"
    r"\b(?:e-?mail|tel(?:ephone)?|phone|contact(?: points?| officer| details)?)\b\s*:?|"
    r"\b(?:for (?:further|more) (?:information|details)|if you have any questions)\b[^,]*?\b(?:contact|get in touch with)\b",
    re.IGNORECASE,
)


def _phones(text: str) -> list[str]:
    """'01905 844962/844963' is two numbers sharing a dialling code."""
    out = []
    for match in PHONE.finditer(text):
        first, *more = match.group(0).split("/")
        out.append(first)
        out.extend(first[: len(first) - len(extra)] + extra for extra in more)
    return out


_ACTION_HEADER = re.compile(
    r"\b(?:actions?|lead|owner|responsible|timescales?|target|deadline|by when|due|rag|status|"
    r"progress|measures?|outcomes?|recommendations?|areas? for improvement|improvement|"
    r"what (?:we will do|will we do|will be done)|who|when|by whom|completion(?: date)?|milestones?|success (?:measures?|criteria))\b",
    re.IGNORECASE,
)


_AREA_COLUMN = re.compile(
    r"\b(?:areas? for (?:improvement|development)|recommendations?|improvement|findings?|ofsted)\b", re.I
)


def plan_areas(action_rows: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The action plan's column of Ofsted's areas for improvement, where it has one."""
    if not action_rows:
        return ()
    header = action_rows[0]
    column = next(
        (i for i, cell in enumerate(header) if _AREA_COLUMN.search(cell) and not re.search(r"\baction", cell, re.I)),
        None,
    )
    if column is None:
        return ()
    return tuple(row[column] for row in action_rows[1:] if column < len(row) and len(row) == len(header))


def action_plan(rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """An action-plan table, header first: the rows under a header naming two or more of action,
    lead, timescale, RAG, ..., while they have about as many cells."""
    out: list[tuple[str, ...]] = []
    width = 0
    for row in rows:
        header_hits = sum(1 for cell in row if _ACTION_HEADER.search(cell) and len(cell.split()) <= 5)
        if len(row) >= 3 and header_hits >= 2:
            if not out or row != out[0]:
                out.append(row)
            width = len(row)
        elif width and len(row) >= max(2, width - 2) and row not in out:
            out.append(row)
        elif width:
            width = 0
    return tuple(out)
