"""Council identity: one key per local authority across name variants and reorganisations."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.councils import REGIONS, council_key, councils

from conftest import CORPUS

TABLE = councils()
CURRENT = [c for c in TABLE.values() if c.end is None]


def test_every_english_authority_with_childrens_services_has_one_row():
    assert len(CURRENT) == 153, f"{len(CURRENT)} current councils in councils.csv"


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_has_councils(region):
    assert any(c.region == region for c in CURRENT), f"no council in {region}"


def test_regions_are_the_nine_english_regions():
    assert {c.region for c in TABLE.values()} == set(REGIONS)


@pytest.mark.parametrize(
    "column, pattern",
    [("la_code", r"\d{3}"), ("gss_code", r"E(06|08|09|10)\d{6}")],
)
def test_codes_are_well_formed_and_unique(column, pattern):
    values = [getattr(c, column) for c in TABLE.values()]
    malformed = [v for v in values if not re.fullmatch(pattern, v)]
    repeated = {v for v in values if values.count(v) > 1}
    assert not malformed, f"malformed {column}: {malformed}"
    assert not repeated, f"{column} used by two councils: {repeated}"


def test_predecessor_and_successor_links_agree_both_ways():
    broken = [
        (c.key, successor)
        for c in TABLE.values()
        for successor in c.successors
        if c.key not in TABLE[successor].predecessors
    ]
    broken += [
        (predecessor, c.key)
        for c in TABLE.values()
        for predecessor in c.predecessors
        if c.key not in TABLE[predecessor].successors
    ]
    assert not broken, f"one-way links (old -> new): {broken}"


@pytest.mark.parametrize(
    "old, new",
    [
        ("northamptonshire", {"north_northamptonshire", "west_northamptonshire"}),
        ("cumbria", {"cumberland", "westmorland_and_furness"}),
        ("bournemouth", {"bcp"}),
        ("poole", {"bcp"}),
    ],
)
def test_reorganisations_are_recorded(old, new):
    assert set(TABLE[old].successors) == new
    assert TABLE[old].end is not None, f"{old} is abolished but has no end date"


@pytest.mark.parametrize(
    "printed, key",
    [
        ("Warwickshire County Council", "warwickshire"),
        ("Warwickshire", "warwickshire"),
        ("London Borough of Newham", "newham"),
        ("Nottingham City", "nottingham"),
        ("Nottinghamshire County Council", "nottinghamshire"),
        ("Metropolitan Borough of Barnsley Council", "barnsley"),
        ("Doncaster Metropolitan Borough Council", "doncaster"),
        ("Council of the Isles of Scilly", "isles_of_scilly"),
        ("City of London", "city_of_london"),
        ("London Corporation", "city_of_london"),
        ("Bournemouth, Christchurch and Poole", "bcp"),
        ("Bournemouth, Christchurch & Poole", "bcp"),
        ("BCP Council", "bcp"),
        ("Kingston upon Hull City Council", "kingston_upon_hull"),
        ("Hull", "kingston_upon_hull"),
        ("Kingston upon Thames", "kingston_upon_thames"),
        ("Durham County Council", "county_durham"),
        ("Royal Borough of Greenwich", "greenwich"),
        ("the Royal Borough of Windsor and Maidenhead", "windsor_and_maidenhead"),
        ("Windsor & Maidenhead", "windsor_and_maidenhead"),
        ("Southend-on-Sea city council", "southend_on_sea"),
        ("St. Helens", "st_helens"),
        ("Telford & Wrekin Council", "telford_and_wrekin"),
        ("North East Lincolnshire Council", "north_east_lincolnshire"),
        ("Lincolnshire", "lincolnshire"),
        ("Derby City", "derby"),
        ("Derbyshire", "derbyshire"),
        ("Leicester City Council", "leicester"),
        ("East Riding", "east_riding_of_yorkshire"),
        ("Newcastle", "newcastle_upon_tyne"),
        ("Herefordshire, County of", "herefordshire"),
        ("North Northamptonshire", "north_northamptonshire"),
        ("Northamptonshire County Council", "northamptonshire"),
        ("Cumbria County Council", "cumbria"),
        ("Westmorland and Furness Council", "westmorland_and_furness"),
        ("Inspection of Bedford Borough local authority children’s services", "bedford"),
        ("Plymouth City Council children’s services", "plymouth"),
    ],
)
def test_printed_names_resolve_to_their_council(printed, key):
    assert council_key(printed) == key, f"report said {printed!r}, we matched {council_key(printed)!r}"


@pytest.mark.parametrize(
    "printed, day, key",
    [
        ("Dorset", dt.date(2016, 3, 1), "dorset_county_council"),
        ("Dorset", dt.date(2021, 11, 19), "dorset"),
        ("Dorset County Council", None, "dorset_county_council"),
    ],
)
def test_a_shared_name_is_settled_by_the_inspection_date(printed, day, key):
    assert council_key(printed, on=day) == key


@pytest.mark.parametrize("printed", ["", None, "Nowhere Town Council", "Cardiff"])
def test_an_unknown_name_matches_nothing(printed):
    assert council_key(printed) is None


def _corpus_folders() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.exists() else []


@pytest.mark.corpus
@pytest.mark.parametrize("folder", _corpus_folders() or [pytest.param("", marks=pytest.mark.skip("no corpus"))])
def test_every_corpus_folder_resolves_by_name_alone(folder):
    urn, name = folder.split("_", 1)
    key = council_key(name)
    assert key is not None, f"folder {folder!r} matched no council"
    assert TABLE[key].ofsted_urn == urn, f"folder {folder!r} matched {key}, whose URN is {TABLE[key].ofsted_urn}"
