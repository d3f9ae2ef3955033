"""The spaCy components, each on a blank English pipeline, on fictional findings sentences."""

from __future__ import annotations

import csv
import re

import pytest
import spacy
import srsly

from pipeline.enrich import nlp
from pipeline.patterns import required_literals
from pipeline.schema import Polarity


@pytest.fixture(scope="module")
def sentences():
    blank = spacy.blank("en")
    blank.add_pipe("ofsted_sentences")
    return blank


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Plans are clear. Visits are regular.", ["Plans are clear.", "Visits are regular."]),
        (
            "Children are seen, e.g. at school. They are heard.",
            ["Children are seen, e.g. at school.", "They are heard."],
        ),
        ("A s.47 enquiry was held. Managers agreed.", ["A s.47 enquiry was held.", "Managers agreed."]),
        ("See para. 4 for this. Then act.", ["See para. 4 for this.", "Then act."]),
        ("1. Children wait too long. 2. Plans drift.", ["1. Children wait too long.", "2. Plans drift."]),
        ("◼ Plans lack detail ◼ Visits are late", ["◼ Plans lack detail", "◼ Visits are late"]),
        ("The chair said “act now.” Leaders did.", ["The chair said “act now.”", "Leaders did."]),
    ],
)
def test_sentences_split_report_prose(sentences, text, expected):
    got = [s.text for s in sentences(text).sents]
    assert got == expected, f"{text!r} split as {got}"


@pytest.fixture(scope="module")
def reader():
    return nlp.pipeline()


@pytest.mark.parametrize(
    "text, label, canonical",
    [
        ("Contacts to the MASH are screened the same day.", "SERVICE", "MASH"),
        ("The front door responds quickly.", "SERVICE", "front door"),
        ("IROs challenge drift.", "SERVICE", "IRO service"),
        ("Waiting lists for CAMHS are long.", "SERVICE", "CAMHS"),
        ("The virtual school tracks attendance.", "SERVICE", "virtual school"),
        ("Care leavers have personal advisers.", "COHORT", "care leavers"),
        ("Disabled children receive short breaks.", "COHORT", "disabled children"),
        ("Unaccompanied asylum-seeking children are welcomed.", "COHORT", "unaccompanied asylum-seeking children"),
        ("Homeless 16- and 17-year-olds are assessed.", "COHORT", "16- and 17-year-olds"),
        ("Strategy discussions are timely.", "PROCESS", "strategy discussion"),
        ("Section 47 enquiries are thorough.", "PROCESS", "section 47 enquiry"),
        ("Families in pre-proceedings get letters.", "PROCESS", "pre-proceedings / PLO"),
        ("Supervision is regular.", "PROCESS", "supervision"),
        ("Pathway plans are up to date.", "PROCESS", "pathway plan"),
        ("Return home interviews are offered.", "PROCESS", "return home interview"),
    ],
)
def test_entity_ruler_finds_domain_entities(reader, text, label, canonical):
    found = [(e.label_, e.ent_id_) for e in reader(text).ents]
    assert (label, canonical) in found, f"{text!r}: expected {label} {canonical!r}, found {found}"


def test_entity_ruler_marks_tokens_as_spacys_own_ruler_does():
    """Longest match first, none overlapping one taken, patterns with and without an id."""
    patterns = [
        {"label": "PROCESS", "pattern": "child protection plan", "id": "cp plan"},
        {"label": "PROCESS", "pattern": "plan", "id": "plan"},
        {"label": "COHORT", "pattern": "child protection", "id": "protection"},
        {"label": "SERVICE", "pattern": "virtual school"},
        {"label": "SERVICE", "pattern": "school nurse", "id": "nurse"},
    ]
    text = "A child protection plan, a plan and the virtual school nurse. Child protection plans: none."
    attributes = ["ENT_IOB", "ENT_TYPE", "ENT_ID", "ENT_KB_ID"]
    ours, theirs = spacy.blank("en"), spacy.blank("en")
    ours.add_pipe("ofsted_entities").add_patterns(patterns)
    theirs.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(patterns)
    got, expected = ours(text), theirs(text)
    assert (got.to_array(attributes) == expected.to_array(attributes)).all()
    assert [(e.text, e.label_, e.ent_id_) for e in got.ents] == [(e.text, e.label_, e.ent_id_) for e in expected.ents]
    assert nlp.entity_ids_of(got) == ["cp plan", "plan", "", "protection"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Too many actions lack timescales.", Polarity.WEAKNESS),
        ("Plans are not always updated when circumstances change.", Polarity.WEAKNESS),
        ("Most plans are clear, but some children wait too long for an assessment.", Polarity.WEAKNESS),
        ("There is drift and delay for a small number of children.", Polarity.WEAKNESS),
        ("Social workers know their children well and visit them regularly.", Polarity.STRENGTH),
        ("Strategy discussions are timely and effective.", Polarity.STRENGTH),
        ("Children are moved to permanent homes without delay.", Polarity.STRENGTH),
        # Bath and North East Somerset 2014 and Rutland 2019: idioms whose "not" and "without" negate
        # nothing ("not least" is "above all"), quoted as a weakness's evidence (invented wording).
        ("Young people speak highly of their workers, not least in helping them find a job.", Polarity.STRENGTH),
        ("Many families' lives improve without the need for statutory intervention.", Polarity.STRENGTH),
        ("The council has three area teams.", Polarity.NEUTRAL),
    ],
)
def test_sentence_polarity(reader, text, expected):
    got = [s._.polarity for s in reader(text).sents]
    assert got == [expected], f"{text!r}: expected {expected.value}, got {[p.value for p in got]}"


THEMED = [
    ("The application of thresholds in the MASH.", "front_door"),
    ("The timeliness of strategy discussions.", "child_protection_enquiries"),
    ("The quality and frequency of supervision.", "management_oversight"),
    ("The response to children at risk of criminal exploitation.", "exploitation_and_missing"),
    ("Suitable accommodation for care leavers, including staying put.", "care_leavers_accommodation"),
    ("Sufficiency of local homes for children in care.", "placement_sufficiency"),
    ("Personal education plans that set clear targets.", "education"),
    # a cohort is not a topic: what care leavers need decides
    ("More care leavers in education, employment or training.", "education"),
    ("Help for care leavers with their mental health.", "health_and_wellbeing"),
    # what follows "including" illustrates the concern named first
    ("The quality of children's plans, including pathway plans.", "planning"),
    ("Supervision and management oversight, including that of independent reviewing officers.", "management_oversight"),
    ("The board's annual report and its scrutiny of partners' performance data.", "leadership_governance"),
    ("Children's influence on the safeguarding board's priorities.", "voice_of_the_child"),
    ("Continuity of social worker for children in care.", "workforce"),
    ("Support for children placed out of the borough.", "placement_sufficiency"),
]


@pytest.mark.parametrize("text, theme", THEMED)
def test_theme_rules_name_the_main_concern(reader, text, theme):
    scores = reader(text)._.theme_scores
    got = max(scores, key=scores.get) if scores else None
    assert got == theme, f"{text!r}: expected {theme}, got {got} from {scores}"


def test_every_theme_has_patterns_and_every_pattern_a_theme():
    with open(nlp.THEMES_CSV, encoding="utf-8") as handle:
        taxonomy = {row["theme_id"] for row in csv.DictReader(handle)}
    patterned = {row["theme"] for row in srsly.read_jsonl(nlp.MODELS / "theme_patterns.jsonl")}
    assert patterned == taxonomy, f"themes without patterns: {taxonomy - patterned}; unknown: {patterned - taxonomy}"


@pytest.mark.parametrize(
    "pattern, required",
    [
        (r"plans?(?<!\wplans)\b", {"plan"}),
        (r"\bmas+h\b", {"mas"}),  # at least one "s"
        # `re` parses `c(?:af...|ommon ...)`; each alternative takes its "c" back.
        (r"common assessment framework|caf(?<!\wcaf)\b", {"caf", "common assessment framework"}),
        # Of strings as long, one rather than any of three.
        (r"(?:children|young people|care leavers)\b[^.,;]{0,40}\binfluenc", {"influenc"}),
        (r"strategy (?:discussions?|meetings?)", {"strategy discussion", "strategy meeting"}),
        (r"contacts\b|(?:first|initial) (?:point of )?contact", {"contacts", "contact"}),
        (
            r"(?:continuity|consistency) of (?:the )?practitioners?|practitioners who know them",
            {"practitioner", "practitioners who know them"},
        ),
        (r"(?:1[89]|2[0-5])-? ?(?:and|to) 2[0-5]", {" 2"}),
        (r"[a-z]+ing\b", {"ing"}),
        (r"\w+", None),
    ],
)
def test_theme_prefilter_takes_strings_every_match_must_contain(pattern, required):
    found = required_literals(nlp.re_parser.parse(pattern))
    assert found == (None if required is None else frozenset(required)), f"{pattern!r}: {found}"


def test_theme_scores_are_those_of_scanning_every_pattern():
    """The automaton only skips patterns that cannot match: every theme pattern's every match in
    fictional findings holds one of the strings it is filtered by."""
    rules = nlp.ThemePatterns(nlp.MODELS / "theme_patterns.jsonl")
    texts = [nlp.normalise(text) for text, _ in THEMED]
    for i, pattern in enumerate(rules.patterns):
        literals = required_literals(nlp.re_parser.parse(pattern))
        for text in texts:
            for match in re.finditer(pattern, text):
                assert literals is None or any(literal in match.group() for literal in literals), (pattern, match)


def test_a_themes_patterns_scanned_one_by_one_match_as_their_alternation():
    """Each of a theme's patterns is compiled on its own; together they find what their alternation
    finds: the first pattern in order wins where several start at one place ("child" before
    "children"), and no match overlaps the one before."""
    rules = nlp.ThemePatterns(nlp.MODELS / "theme_patterns.jsonl")
    scan = nlp._Patterns(rules.patterns + ["child", "children", "dren in", "in care"], "test")
    texts = [nlp.normalise(text) for text, _ in THEMED] + ["children in care, then a child in care"]
    groups = [range(len(scan.patterns) - 4, len(scan.patterns))]
    groups += [[i for i, group in enumerate(rules.group_of) if group == each] for each in range(len(rules.groups))]
    for ids in groups:
        alternation = re.compile("|".join(f"(?:{scan.patterns[i]})" for i in ids))
        for text in texts:
            expected = [(match.span(), match.group()) for match in alternation.finditer(text)]
            assert [(match.span(), match.group()) for match in scan.matches(list(ids), text)] == expected


def test_theme_patterns_start_with_their_word_not_a_boundary_check():
    """`plan(?<!\\wplan)s?\\b` finds what `\\bplans?\\b` finds, but re skips ahead to the "p"s of a
    text instead of trying the pattern at every character (a fifth of the theme scoring)."""
    patterns = [row["pattern"] for row in srsly.read_jsonl(nlp.MODELS / "theme_patterns.jsonl")]
    assert [pattern for pattern in patterns if re.match(r"\\b\w", pattern)] == []
    for pattern, rewritten in [(r"\bplans?\b", r"plan(?<!\wplan)s?\b"), (r"\bmas+h\b", r"ma(?<!\wma)s+h\b")]:
        text = "plans, a plan; explans planning plans. mash, smash, masssh"
        assert [m.span() for m in re.finditer(pattern, text)] == [m.span() for m in re.finditer(rewritten, text)]


def test_a_theme_pattern_that_can_match_nothing_is_refused(tmp_path):
    patterns = tmp_path / "patterns.jsonl"
    srsly.write_jsonl(patterns, [{"theme": "early_help", "pattern": "(?:early help)?", "weight": 3}])
    with pytest.raises(ValueError, match="can match no text"):
        nlp.ThemePatterns(patterns)


def test_pipeline_is_built_once_per_process():
    assert nlp.pipeline() is nlp.pipeline()
