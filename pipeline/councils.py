"""Council identity across eras: one key per local authority, whatever the report calls it.

Reports name the same council many ways ("Warwickshire County Council", "Warwickshire", "London Borough
of Newham", "Nottingham City"), and councils are reorganised (Northamptonshire into North and West
Northamptonshire in 2021). `pipeline/data/councils.csv` holds one row per authority with its region,
codes and predecessor/successor links; `docs/councils.md` says where each column comes from.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache
from importlib import resources

from .schema import Record

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


class Council(Record):
    key: str
    name: str
    region: str
    la_code: str  # DfE three-digit local authority number
    gss_code: str  # ONS code in force now (or when the council was abolished)
    previous_gss_codes: tuple[str, ...] = ()  # the same council under an older ONS code
    ofsted_urn: str | None = None  # the number in the corpus folder names
    start: dt.date | None = None  # set only for councils created since 2009
    end: dt.date | None = None  # last day of an abolished council
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    la_code_checked: bool = True

    def exists_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@cache
def councils() -> dict[str, Council]:
    """Every council in the data file, by key."""
    text = resources.files("pipeline").joinpath("data/councils.csv").read_text(encoding="utf-8")
    return {row["key"]: _council(row) for row in csv.DictReader(text.splitlines())}


def _council(row: dict[str, str]) -> Council:
    def many(column: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in row[column].split(";") if part.strip())

    return Council(
        key=row["key"],
        name=row["name"],
        region=row["region"],
        la_code=row["la_code"],
        gss_code=row["gss_code"],
        previous_gss_codes=many("previous_gss_codes"),
        ofsted_urn=row["ofsted_urn"] or None,
        start=dt.date.fromisoformat(row["start"]) if row["start"] else None,
        end=dt.date.fromisoformat(row["end"]) if row["end"] else None,
        predecessors=many("predecessors"),
        successors=many("successors"),
        aliases=many("aliases"),
        la_code_checked=row["la_code_checked"] == "yes",
    )


def council_key(printed: str | None, on: dt.date | None = None) -> str | None:
    """The key of the council a printed name or corpus folder name means, or None.

    `on` (the inspection date) settles names two councils have shared: "Dorset" before April 2019
    is Dorset County Council, after it the new Dorset Council. Without a date the closest name
    wins.
    """
    if not printed:
        return None
    urn = re.match(r"\s*(\d+)_", printed)
    if urn and urn.group(1) in _by_urn():
        return _by_urn()[urn.group(1)]
    name = _normalised(re.sub(r"^\s*\d+_", "", printed))
    name = " ".join(_TITLE_WORDS.sub(" ", name).split())
    named = _by_name().get(name, ()) + _by_name(bare=True).get(_bare(name), ())
    candidates = tuple(dict.fromkeys(named)) or _contained(name)
    if not candidates:
        return None
    return _pick(candidates, on)


def document_council(local_authority, source_path: str, on: dt.date | None = None) -> str | None:
    """The council a document is about: the authority its title names (a table's empty cell is
    no name), else its folder's name."""
    named = local_authority if isinstance(local_authority, str) else None
    parts = source_path.split("/")
    return council_key(named, on) or (council_key(parts[0], on) if len(parts) > 1 else None)


def _pick(candidates: tuple[str, ...], on: dt.date | None) -> str:
    """Exact names come before bare ones; a date prefers the council that existed then."""
    if on is not None:
        alive = [key for key in candidates if councils()[key].exists_on(on)]
        if alive:
            return alive[0]
    return candidates[0]


# Words that dress a council's name without telling councils apart.
_DRESSING = {
    "council",
    "borough",
    "metropolitan",
    "county",
    "city",
    "royal",
    "london",
    "of",
    "the",
    "district",
    "corporation",
    "unitary",
    "authority",
    "mbc",
    "local",
    "childrens",
    "services",
    "inspection",
    "and",
}


_TITLE_WORDS = re.compile(r"\b(inspection of|local authority|childrens (social care )?services)\b")


def _normalised(name: str) -> str:
    name = name.lower().replace("&", " and ")
    name = re.sub(r"['’`]", "", name)
    name = re.sub(r"[^a-z0-9]+", " ", name)
    return " ".join(name.split())


def _bare(normalised: str) -> str:
    return " ".join(word for word in normalised.split() if word not in _DRESSING)


def _names(council: Council) -> tuple[str, ...]:
    return (council.name, council.key.replace("_", " "), *council.aliases)


@cache
def _by_name(bare: bool = False) -> dict[str, tuple[str, ...]]:
    """Normalised name (or its bare form, without the dressing words) -> council keys."""
    index: dict[str, list[str]] = {}
    for council in councils().values():
        for name in _names(council):
            form = _normalised(name)
            form = _bare(form) if bare else form
            if form and council.key not in index.setdefault(form, []):
                index[form].append(council.key)
    return {form: tuple(keys) for form, keys in index.items()}


@cache
def _by_urn() -> dict[str, str]:
    return {c.ofsted_urn: c.key for c in councils().values() if c.ofsted_urn}


def _contained(name: str) -> tuple[str, ...]:
    """For a longer line such as a title: the longest council name it holds as whole words."""
    bare = f" {_bare(name)} "
    for form in sorted(_by_name(bare=True), key=len, reverse=True):
        if f" {form} " in bare:
            return _by_name(bare=True)[form]
    return ()


class Identity(Record):
    """The columns every output that names a council carries, so that one council reads the same
    everywhere: the data file's name, its codes and region. A council the file does not know (a new
    one, or a fictional sample) keeps the name it printed and has no codes."""

    council_key: str | None
    council_name: str | None
    la_code: str | None
    region: str | None


IDENTITY_COLUMNS = tuple(Identity.model_fields)


@cache
def identity(printed: str | None, source_path: str = "", on: dt.date | None = None) -> Identity:
    """The identity of the council a document names (else its folder names)."""
    key = document_council(printed, source_path, on)
    council = councils().get(key) if key else None
    if council is None:
        named = printed if isinstance(printed, str) and printed.strip() else None
        return Identity(council_key=None, council_name=named, la_code=None, region=None)
    return Identity(council_key=key, council_name=council.name, la_code=council.la_code, region=council.region)
