"""The enrich stage: themes and polarity for a report's findings, and evidence for each improvement.

An officer drafting the written statement of action wants, for every "what needs to improve" item,
the numbered paragraphs that say what is wrong and the sentence that says it. Paragraphs are
ranked by how much of the item's wording they share (BM25 over the report's own paragraphs, where
words of one concept, such as "sufficiency" and "shortage", also meet), the services, cohorts and
processes they name in common, whether they speak to the item's theme, and whether they criticise;
a SIF recommendation's own "(paragraph 25)" pointer outranks all of that.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter

from spacy.tokens import Doc

from . import nlp as language
from ..patterns import screened
from ..schema import EvidenceLink, ImprovementItem, InspectionReport, Paragraph, Polarity, ReportPart
from ..text import WORD, words

MAX_EVIDENCE = 5
# An officer checks the first few candidates even when one paragraph stands out.
MIN_EVIDENCE = 3
# A paragraph is kept as evidence while it scores at least this share of the best paragraph's.
KEEP_SHARE = 0.5
# The best few paragraphs tell which section an item's evidence sits in; a paragraph of that
# section gains up to this share of its score.
SECTION_POOL = 5
SECTION_WEIGHT = 0.3
# Two words of one concept (models/evidence_synonyms.json) meet as the concept, which counts this
# many times a word's weight: naming the same concept in other words is as telling as sharing one.
CONCEPT_WEIGHT = 2.0
# A word of a sentence that praises counts this share of a word of one that criticises or states a
# fact: a paragraph that names an item's subject only to praise it is weaker evidence of its weakness.
PRAISE_WEIGHT = 0.5
# An item may list what must improve ("X, including A, B and C"), and one paragraph may discuss only
# one thing listed: a paragraph gains up to this share of the best paragraph's score for the listed
# part it matches best, as a share of that part's best match.
PART_WEIGHT = 0.3
# Where the things an item lists are parted from each other.
_LISTED = re.compile(r",|;|\band\b|\bincluding\b|\bparticularly\b|\bespecially\b|\bas well as\b", re.IGNORECASE)
# Later SIF reports mark each paragraph that grounds a recommendation "(Recommendation)".
MARKED_WEIGHT = 0.7
# Evidence for an improvement is criticism: a paragraph's score is multiplied by this floor plus the
# rest in proportion to its share of sentences that criticise, so one of pure praise keeps the floor.
CRITICISM_FLOOR = 0.6
# What a paragraph gains for each service, cohort or process it names with the item (by its idf), and
# for speaking to the item's primary theme.
ENTITY_WEIGHT = 0.1
THEME_WEIGHT = 0.25
# BM25's term-frequency saturation and length normalisation.
K1, B = 1.2, 0.75
# A secondary theme scores at least this share of the primary theme's.
SECONDARY_SHARE = 0.5
MAX_SECONDARY = 3

# SIF recommendations point at their evidence: "(paragraph 25)", "(paragraphs 33, 34)",
# "(page 13, paragraph 20)", "(paragraphs 26–27, 53–55)".
POINTER = re.compile(r"\bparagraphs?\s+([\d,\s–\-and]+)", re.IGNORECASE)


UNREAD_FOR_ITEMS = ("ofsted_sentences", "ofsted_polarity")


def enrich_report(report: InspectionReport) -> InspectionReport:
    """The report with every paragraph themed and given a polarity, and every improvement item
    themed and linked to its evidence paragraphs, best first."""
    paragraph_docs = language.read(paragraph.text for paragraph in report.paragraphs)
    # An item's themes and entities are read, never its sentences' polarity; an item worded as a
    # paragraph has them read already (SIF reports number their recommendations as paragraphs:
    # 1,946 of 3,745 items over dev and the letters).
    read = {paragraph.text: doc for paragraph, doc in zip(report.paragraphs, paragraph_docs)}
    unread = list(dict.fromkeys(item.text for item in report.improvements if item.text not in read))
    read.update(zip(unread, language.read(unread, disable=UNREAD_FOR_ITEMS)))
    item_docs = [read[item.text] for item in report.improvements]
    paragraphs = tuple(_enriched_paragraph(p, doc) for p, doc in zip(report.paragraphs, paragraph_docs))
    findings = Findings.of(report.model_copy(update={"paragraphs": paragraphs}), paragraph_docs)
    findings.index_queries(item.text for item in report.improvements)
    improvements = tuple(_enriched_item(item, doc, findings) for item, doc in zip(report.improvements, item_docs))
    improvements = _quoted_once(improvements, findings)
    return report.model_copy(update={"paragraphs": paragraphs, "improvements": improvements})


# --- themes and polarity -----------------------------------------------------------------------


def ranked_themes(doc: Doc) -> list[str]:
    """Themes best first: the primary theme, then secondary themes close enough to it."""
    scores = language.theme_scores_of(doc) or {}
    if not scores:
        return []
    ranked = sorted(scores, key=lambda theme: -scores[theme])
    best = scores[ranked[0]]
    secondary = [theme for theme in ranked[1:] if scores[theme] >= SECONDARY_SHARE * best]
    return [ranked[0], *secondary[:MAX_SECONDARY]]


def paragraph_polarity(doc: Doc) -> Polarity:
    """What a paragraph mostly does: praise, criticise, or neither."""
    polarities = list(language.polarities_of(doc).values())
    weak, strong = polarities.count(Polarity.WEAKNESS), polarities.count(Polarity.STRENGTH)
    if weak == strong:
        return Polarity.NEUTRAL
    return Polarity.WEAKNESS if weak > strong else Polarity.STRENGTH


def _enriched_paragraph(paragraph: Paragraph, doc: Doc) -> Paragraph:
    themes = ranked_themes(doc)
    return paragraph.model_copy(update={"theme": themes[0] if themes else None, "polarity": paragraph_polarity(doc)})


# --- evidence ----------------------------------------------------------------------------------


def fingerprint(text: str) -> str:
    """A short hash of a text's first twelve words, lower-cased, letters and digits only: stable
    under changes of spacing, quotes, bullets and a trailing framework tag."""
    opening = re.findall(r"[a-z0-9]+", text.lower())[:12]
    return hashlib.sha1(" ".join(opening).encode()).hexdigest()[:10]


def _wording(text: str) -> str:
    """A text's whole wording, letters and digits only: a SIF recommendation numbered as a paragraph
    has its item's wording, while a finding may open with an item's first words and go on."""
    lowered = text.lower()
    # Only "paragraph" can begin a pointer in lower-cased text: most texts have none to remove.
    return " ".join(WORD.findall(POINTER.sub(" ", lowered) if "paragraph" in lowered else lowered))


def _may_open(text: str, openings: set[str]) -> bool:
    """Whether a text's `_wording` may open with one of `openings` (the first words of the items'):
    most paragraphs' first word rules them out at a quarter of the cost of their whole wording."""
    lowered = text.lower()
    if "paragraph" in lowered:  # a pointer removed may change the first word
        return True
    first = WORD.search(lowered)
    return (first.group() if first else "") in openings


@lru_cache(maxsize=1)
def _concept_terms() -> tuple[re.Pattern, dict[str, str]]:
    with open(language.MODELS / "evidence_synonyms.json", encoding="utf-8") as handle:
        table = json.load(handle)
    concept_of = {term: concept for concept, terms in table.items() for term in terms}
    # Any run of spaces parts a term's words, as in the `normalise`d text it was written for, which
    # `concepts` need not make: no term holds a quote.
    return re.compile(r"\b" + _longest_first(concept_of).replace(r"\ ", r"\s+") + r"\b"), concept_of


def _longest_first(terms) -> str:
    """A pattern matching the longest of `terms` that fits (then a shorter one, where what follows
    fails), as their alternation longest first does, written as a tree of their shared beginnings:
    at each word `re` tries the few branches of one first letter instead of every term in turn,
    three times quicker."""
    tree: dict = {}
    for term in terms:
        node = tree
        for character in term:
            node = node.setdefault(character, {})
        node[""] = {}

    def branches(node: dict) -> str:
        longer = [re.escape(character) + branches(rest) for character, rest in node.items() if character]
        if not longer:
            return ""
        either = "(?:" + "|".join(longer) + ")"
        return either + "?" if "" in node else either

    return branches(tree)


def concepts(text: str) -> list[str]:
    """The concepts a text names, once for each term that names one ("placements", "shortage" and
    "sufficiency" are all sufficiency), marked apart from words with a leading "~"."""
    pattern, concept_of = _concept_terms()
    return [
        "~" + (concept_of.get(term) or concept_of[" ".join(term.split())]) for term in pattern.findall(text.lower())
    ]


def ranking_terms(text: str, expansions: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """What the ranking matches: a text's content words and the concepts it names."""
    return words(text, expansions) + concepts(text)


# "… personal advisers (PAs) …", "… Children in Care Council (CiCC) …"
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_SMALL_WORDS = frozenset({"and", "of", "for", "the", "in", "to", "on"})


def abbreviations(text: str) -> dict[str, tuple[str, ...]]:
    """Every abbreviation the text defines, lower-cased (with its plural), and the content words
    of what it stands for: the words before the brackets whose initials spell it."""
    found: dict[str, tuple[str, ...]] = {}
    for match in _ABBREVIATION.finditer(text):
        short = match.group(1)
        letters = (short[:-1] if short.endswith("s") else short).lower()
        before = re.findall(r"[\w'’]+", text[max(0, match.start() - 120) : match.start()].lower())
        spelled = _spelled_out(before, letters)
        if spelled:
            stems = tuple(words(" ".join(spelled)))
            found.update({letters: stems, letters + "s": stems})
    return found


def _spelled_out(before: list[str], letters: str) -> list[str] | None:
    """The last words of `before` whose initials are `letters` (small words may be skipped)."""
    needed, taken = list(letters), []
    for word in reversed(before):
        if not needed:
            break
        if word[0] == needed[-1]:
            needed.pop()
        elif word not in _SMALL_WORDS:
            return None
        taken.append(word)
    return None if needed else taken[::-1]


@dataclass(frozen=True)
class Finding:
    """One numbered paragraph as the linker sees it."""

    paragraph: Paragraph
    doc: Doc
    terms: Counter  # its words and the concepts it names, a praising sentence's at PRAISE_WEIGHT
    entities: frozenset[str]
    themes: frozenset[str]  # the themes it speaks to
    weakness_share: float
    lscb: bool  # in a SIF report's review of the Local Safeguarding Children Board
    marked: bool  # says it grounds a recommendation
    length: float = field(init=False)  # how many terms, a praising sentence's at PRAISE_WEIGHT
    criticism: float = field(init=False)  # what its score is multiplied by (CRITICISM_FLOOR)

    def __post_init__(self):
        object.__setattr__(self, "length", sum(self.terms.values()))
        object.__setattr__(self, "criticism", CRITICISM_FLOOR + (1 - CRITICISM_FLOOR) * self.weakness_share)

    @cached_property
    def weak_sentences(self) -> list[tuple[Counter, str]]:
        """Each sentence that criticises: its words, its text. Worked out once, when an item first
        quotes the paragraph (most paragraphs are never quoted)."""
        text = language.text_of(self.doc)
        return [
            (Counter(words(part)), part)
            for (start, end), polarity in language.polarities_of(self.doc).items()
            if polarity is Polarity.WEAKNESS
            for part in (text[start:end],)
        ]


# "… too slow (Recommendation).", "(Recommendation.)", "(Recommendations 2 and 3)"
_MARK = re.compile(r"\(Recommendations?\b[^()]{0,20}\)")
_LSCB = re.compile(r"safeguarding children board|\bLSCB\b", re.IGNORECASE)


@dataclass(frozen=True)
class Findings:
    """A report's paragraphs with the document frequencies BM25 needs."""

    findings: tuple[Finding, ...]
    document_frequency: Counter
    average_length: float
    expansions: dict[str, tuple[str, ...]]
    # Worked out once per report, when an item or a part of one first asks, not once per query: a
    # term's idf, and the findings that hold it with its BM25 score there, in order (most terms are
    # in few paragraphs).
    idfs: dict[str, float] = field(init=False, default_factory=dict)
    postings: dict[str, list[tuple[int, float]]] = field(init=False, default_factory=dict)
    # Each text's ranking terms, as `terms` worked them out (an item's are asked for twice).
    term_lists: dict[str, list[str]] = field(init=False, default_factory=dict)
    # BM25's length normalisation of each finding, the same for every query.
    norms: list[float] = field(init=False)

    def __post_init__(self):
        norms = [K1 * (1 - B + B * finding.length / self.average_length) for finding in self.findings]
        object.__setattr__(self, "norms", norms)

    @classmethod
    def of(cls, report: InspectionReport, docs: list[Doc]) -> "Findings":
        """The report's paragraphs that can evidence an item: SIF reports number their
        recommendations as paragraphs too, and an item is no evidence for itself."""
        items = {_wording(item.text) for item in report.improvements}
        openings = {wording.split(" ", 1)[0] for wording in items}
        expansions = abbreviations(" ".join(p.text for p in (*report.improvements, *report.paragraphs)))
        findings = tuple(
            _finding(paragraph, doc, expansions)
            for paragraph, doc in zip(report.paragraphs, docs)
            if not _may_open(paragraph.text, openings) or _wording(paragraph.text) not in items
        )
        frequency = Counter()
        for finding in findings:
            frequency.update(finding.terms.keys())
        for finding in findings:
            frequency.update(finding.entities)
        lengths = [finding.length for finding in findings]
        return cls(findings, frequency, sum(lengths) / len(lengths) if lengths else 1.0, expansions)

    def terms(self, text: str) -> list[str]:
        """The text's ranking terms (a list the caller must not change)."""
        found = self.term_lists.get(text)
        if found is None:
            found = self.term_lists[text] = ranking_terms(text, self.expansions)
        return found

    def index_queries(self, item_texts) -> None:
        """Index at once every term the items' rankings will ask for, their whole texts' and their
        listed parts' (`rank_evidence`): one pass over the findings, where each query's new terms
        cost a pass of their own, a third of the ranking."""
        wanted = set()
        for text in item_texts:
            unpointed = POINTER.sub(" ", text)
            wanted.update(self.terms(unpointed))
            for part in _LISTED.split(unpointed):
                wanted.update(self.terms(part))
        self._index(wanted)

    def idf(self, term: str) -> float:
        if term not in self.idfs:
            n, df = len(self.findings), self.document_frequency[term]
            self.idfs[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return self.idfs[term]

    def _index(self, terms) -> None:
        """The findings that hold each of `terms` not yet indexed, with the term's BM25 score there:
        one pass over the findings, each matching its terms against them all at once."""
        new = set(terms).difference(self.postings)
        if new:
            weights = {term: (CONCEPT_WEIGHT if term.startswith("~") else 1.0) * self.idf(term) for term in new}
            self.postings.update((term, []) for term in new)
            for i, finding in enumerate(self.findings):
                for term in finding.terms.keys() & new:  # walks the smaller: a query's few new terms
                    tf = finding.terms[term]
                    self.postings[term].append((i, weights[term] * tf * (K1 + 1) / (tf + self.norms[i])))

    def bm25_scores(self, query: Counter) -> dict[int, float]:
        """BM25 of the findings that hold a term of one query, by their index (the rest score 0):
        each term's score added, term by term in the query's order, only to the findings that hold it."""
        self._index(query)
        scores: dict[int, float] = {}
        for term in query:
            for i, score in self.postings[term]:
                scores[i] = scores.get(i, 0.0) + score
        return scores


def _finding(paragraph: Paragraph, doc: Doc, expansions: dict[str, tuple[str, ...]]) -> Finding:
    polarities = language.polarities_of(doc)
    sentences = list(polarities.values())
    weak = sentences.count(Polarity.WEAKNESS)
    return Finding(
        paragraph=paragraph,
        doc=doc,
        terms=_weighted_terms(paragraph.text, polarities, expansions),
        entities=frozenset(language.entity_ids_of(doc)),
        themes=frozenset(language.theme_scores_of(doc) or ()),
        weakness_share=weak / len(sentences) if sentences else 0.0,
        lscb=bool(_LSCB.search(paragraph.section or "")),
        marked=bool(_MARK.search(paragraph.text)),
    )


def _weighted_terms(
    text: str, polarities: dict[tuple[int, int], Polarity], expansions: dict[str, tuple[str, ...]]
) -> Counter:
    """A text's ranking terms, those of its sentences that praise counted at PRAISE_WEIGHT (read in
    two pieces, the praise and the rest, not sentence by sentence: the same terms, faster)."""
    praise, rest = [], []
    for (start, end), polarity in polarities.items():
        (praise if polarity is Polarity.STRENGTH else rest).append(text[start:end])
    terms = Counter(ranking_terms(" ".join(rest), expansions))
    if praise:
        for term, n in Counter(ranking_terms(" ".join(praise), expansions)).items():
            terms[term] = terms.get(term, 0) + n * PRAISE_WEIGHT
    return terms


def pointed_paragraphs(text: str) -> list[int]:
    """Paragraph numbers an item cites itself, in the order cited."""
    numbers: list[int] = []
    for match in POINTER.finditer(text):
        for part in re.split(r",|\band\b", match.group(1)):
            bounds = [int(n) for n in re.findall(r"\d+", part)]
            if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 20:
                numbers.extend(range(bounds[0], bounds[1] + 1))
            else:
                numbers.extend(bounds)
    return numbers


def rank_evidence(
    item_text: str, item_doc: Doc, findings: Findings, part: ReportPart | None = None
) -> list[tuple[float, Finding]]:
    """Every paragraph with its score, best first."""
    unpointed = POINTER.sub(" ", item_text)
    query = Counter(findings.terms(unpointed))
    entities = set(language.entity_ids_of(item_doc))
    themes = ranked_themes(item_doc)
    pointed = pointed_paragraphs(item_text)
    overlaps = findings.bm25_scores(query)
    best_overlap = max(overlaps.values(), default=0.0) or 1.0
    part_overlaps = _part_overlaps(unpointed, findings)
    theme = themes[0] if themes else None
    lscb = part is ReportPart.LSCB
    scored = []
    for i, finding in enumerate(findings.findings):
        shared = 0
        if entities and not entities.isdisjoint(finding.entities):
            shared = sum(findings.idf(entity) for entity in entities & finding.entities)
        on_theme = theme is not None and theme in finding.themes
        overlap, part_overlap = overlaps.get(i, 0.0), part_overlaps.get(i, 0.0)
        score = overlap / best_overlap + PART_WEIGHT * part_overlap + ENTITY_WEIGHT * shared + THEME_WEIGHT * on_theme
        score *= finding.criticism
        # The report itself says this paragraph grounds one of its recommendations.
        if finding.marked:
            score *= 1 + MARKED_WEIGHT
        # A SIF report reviews the council and its LSCB apart: each has its own items.
        if part is not None and finding.lscb != lscb:
            score *= 0.5
        if pointed and finding.paragraph.para_no in pointed:
            score += 10.0 - 0.1 * pointed.index(finding.paragraph.para_no)
        scored.append((score, finding))
    return _in_its_section(sorted(scored, key=itemgetter(0), reverse=True))


def _part_overlaps(item_text: str, findings: Findings) -> dict[int, float]:
    """Each finding's BM25 for the item's listed part it matches best, as a share of that part's
    best finding's (1 for the best match of any part), by the finding's index; none where the item
    lists one thing, or the finding holds no word of any part."""
    queries = [Counter(terms) for part in _LISTED.split(item_text) if (terms := findings.terms(part))]
    shares: dict[int, float] = {}
    if len(queries) < 2:
        return shares
    for query in queries:
        scores = findings.bm25_scores(query)
        best = max(scores.values(), default=0.0) or 1.0
        for i, score in scores.items():
            if score / best > shares.get(i, 0.0):
                shares[i] = score / best
    return shares


def _in_its_section(ranked: list[tuple[float, Finding]]) -> list[tuple[float, Finding]]:
    """The ranking with each paragraph raised by the share of the best few paragraphs' score that
    falls in its section: an item answers one judgement, and its evidence tends to sit together."""
    mass = Counter()
    for score, finding in ranked[:SECTION_POOL]:
        mass[finding.paragraph.section] += score
    total = sum(mass.values()) or 1.0
    raise_by = {section: 1 + SECTION_WEIGHT * share / total for section, share in mass.items()}
    raised = [(score * raise_by.get(f.paragraph.section, 1), f) for score, f in ranked]
    return sorted(raised, key=itemgetter(0), reverse=True)


def key_sentence(item_words: Counter, finding: Finding, taken: frozenset[str] = frozenset()) -> str | None:
    """The paragraph's sentence that best states the weakness the item names, or of a sentence that
    praises and criticises ("Most plans are clear, but some lack timescales") its critical half.
    None where no sentence states a shortfall: praise is never quoted as evidence of a weakness.
    A quote in `taken` is another item's (`_quoted_once`)."""

    # The words a sentence shares with the item, each as often as both use it (`Counter &`
    # without making a Counter per sentence).
    def shared(sentence: tuple[Counter, str]) -> int:
        return sum(min(sentence[0][w], item_words[w]) for w in sentence[0].keys() & item_words.keys())

    # Best first, ties in the paragraph's order; the next best stands in for a sentence whose
    # quote praises, and the next linked paragraph for a paragraph with none left. A quote weak
    # only by "some children" or "a small number of" comes last: as often as not it says what
    # works for those few ("Some children benefit from good life-story work").
    hedged = None
    for sentence in sorted(finding.weak_sentences, key=shared, reverse=True):
        quote = weak_half(sentence[1].strip())
        if quote in taken or not states_shortfall(quote):
            continue
        if plainly_states_shortfall(quote):
            return quote
        # "Some children get appropriate support very promptly": praise for those few.
        if not _cues().counts(quote)[1]:
            hedged = hedged or quote
    return hedged


# Where a sentence turns from praise to criticism or back: "..., but ...", "...; however, ...". "Yet"
# turns only after a comma: without one it is the adverb of "not yet" and "has yet to", and cutting
# there quoted "The local authority is not." for "... is not yet consistently ...".
# A turn word's end, and the turns without one: ", yet" and ";" (with or without "however").
_TURN_TAIL = r"\b,?\s*|,\s*yet\b,?\s*|;\s*(?:however,?\s*)?"
_TURN = re.compile(r",?\s+(?:but|however|although|though|whereas|while)" + _TURN_TAIL, re.IGNORECASE)


# A part that opens on its verb ("has not been updated") or is a few words ("systems are not") lost
# its subject or its point in the cut: the whole sentence is quoted instead.
_VERB_OPENING = re.compile(
    r"^(?:has|have|had|is|are|was|were|do|does|did|not|been|can|could|should|will|would|lacks?)\b", re.IGNORECASE
)


def _clause(part: str) -> bool:
    return len(part.split()) >= 5 and not _VERB_OPENING.match(part)


_CONCEDING = "although|though|while|whilst"
_CONCESSION = re.compile(rf"^(?:{_CONCEDING})\s+", re.IGNORECASE)
_OPENING_TURN = re.compile(r"^(?:however|but|and)\b,?\s*", re.IGNORECASE)


# The polarity judge counts "however", "but" and "although" as weakness and lets a cue outweigh
# a little praise, so a sentence may be a WEAKNESS whose point is praise: "However, the board
# challenges partners well", "Inspectors saw good examples of plans, so that children are not
# moved unless ...". A quote must state its shortfall in its point's main clause.
_TURN_WORD = re.compile(r"\b(?:however|but|although)\b", re.IGNORECASE)
# "not only ... but (also)" pairs two things said; its "but" is no turn.
_CORRELATIVE = re.compile(r"\bnot (?:only|just)\b.*\bbut\b", re.IGNORECASE)
# A turn whose point follows it ("..., but ...") and one whose point is the clause before it
# ("..., although ...").
_TURN_TO = re.compile(r",?\s+(?:but|however)" + _TURN_TAIL, re.IGNORECASE)
_TURN_FROM = re.compile(r",\s+(?:although|though|whereas|while|whilst)\b", re.IGNORECASE)
# "..., but ..." as a turn, not "but rather" (still the shortfall) or "but who" (a clause's own).
_TURN_AWAY = re.compile(r",\s+but\s+(?!rather\b|also\b|who\b|which\b|that\b)", re.IGNORECASE)
# A clause before the main one: granted ("Although ..., "), or setting when or where it holds
# ("When this is not the case, ...").
_FRONTED = re.compile(
    rf"^(?:{_CONCEDING}|despite|in spite of|when|where|if|unless|until|once|because)\s+", re.IGNORECASE
)
# Where a subordinate clause or a purpose starts; "that" after a preposition is a determiner
# ("at that inspection"), and ", which" goes on with what the main clause says ("..., which
# delays their progress") unless it lists what the subject includes, as "including" does.
_SUBORDINATE = re.compile(
    r"\b(?:that\b"
    + "".join(
        rf"(?<!\b{preposition} that)" for preposition in ("at", "in", "on", "of", "by", "to", "for", "from", "with")
    )
    + r"|which\b(?<!, which)|(?<=, )which\s+includ|(?:who|whom|whose|whether|how|why|when|where|if|because|unless"
    r"|rather than|including|such as"
    r"|in order to|to ensure|so that)\b"
    # ", as ..." gives a reason ("This is a successful programme, as the young people have not ...").
    r"|(?<=, )as\b(?! well\b| a result\b| part\b| such\b))",
    re.IGNORECASE,
)
# A gerund after a preposition names an activity, not the main clause's claim: "The process for
# ensuring that ... is not clear".
_GERUND = re.compile(r"\b(?:for|in|of|on|by|to)\s+\w+ing\b", re.IGNORECASE)
# What should be is what is not yet: "would be strengthened by", "needs to do more"; not what
# children need ("children who need specialist support", "their needs are met").
_OBLIGATION = re.compile(r"\b(?:should|would|could|must|needs? to)\b", re.IGNORECASE)
# A weakness named only as what is being put right ("action taken to address weaknesses in a
# number of areas"), as what is found ("audits highlight deficits", "weaknesses have been
# identified") or as what does not happen ("completed without any delay", "has not had a negative
# impact", a group "not in education, employment or training") is no shortfall: a remedy, a
# finding, praise or a name. Not polarity neutralisers: the paragraph that says so is about the
# weakness, and ranks as such.
_WEAKNESSES = r"(?:weakness|shortfall|deficit|gap|delay|drift)\w*"
_NOT_SHORTFALL = screened(
    re.compile(
        rf"\b(?:(?:address|tackl|remed|resolv|rectif)\w* (?:(?:the|these|those|this|its|their|any|identified) )*"
        rf"{_WEAKNESSES}(?: and {_WEAKNESSES})?"
        r"|(?:reduc|lower)\w* (?:(?:the|these|those|its|their) )?(?:(?:very|previously) )?(?:high|large) caseloads"
        rf"|(?:identif|highlight|recognis|outlin)\w* (?:(?!that\b)\w+ ){{0,3}}(?:weakness|deficit|shortfall)\w*"
        rf"|(?:weakness|deficit|shortfall)\w* (?:\w+ ){{0,3}}(?:are|is|were|was|have been|has been) (?:\w+ )?"
        r"(?:identified|highlighted|recognised)"
        r"|without (?:any |undue |unnecessary |further )?(?:delay|drift)(?: and (?:delay|drift))?"
        r"|(?:avoid|prevent)\w* (?:any |undue |unnecessary |further )?(?:delay|drift)(?: and (?:delay|drift))?"
        r"|(?:not|no|without)(?: \w+){0,2} (?:negative|adverse|detrimental) (?:impact|effect)"
        # the name of a group of young people, not a shortfall of the council's
        r"|not in (?:education|employment|training)(?:,? (?:or |and )?(?:education|employment|training))*)",
        re.IGNORECASE,
    )
)  # screened: the quote judge asks it of every candidate sentence, and few hold any of its words
# A clause saying which or when, with a negated verb, that a main clause's "is" or "are" follows
# ("when their lives are not improving are appropriate"); where none follows, the negation is the
# main clause's ("the process for ensuring that ... is not clear").
_NEGATED_CLAUSE = re.compile(
    r"\b(?:when|where|if|who|whose|whom|that|which)\b[^,;]*?\b(?:not|n't|no longer)\b(?: \w+){1,4}?(?= (?:is|are|was|were)\b)",
    re.IGNORECASE,
)
# Words that state a shortfall though no polarity cue reads them ("but few children take part").
_SCARCE = re.compile(r"\b(?:(?<!a )few|(?<!a )little|no|none|cannot|nor)\b", re.IGNORECASE)
# A sentence that opens by calling itself praise: "Positively, ...", "Helpfully, ...".
_PRAISE_OPENING = re.compile(r"^(\w+ly),")


def states_shortfall(quote: str) -> bool:
    """Whether a sentence the polarity judge calls a weakness states a shortfall rather than
    praise. Its point (after "but" or "however", before a trailing "although", after a fronted
    "Although ...," or "When ...,") is read up to its first subordinate clause, and that main
    clause must not praise without a weakness cue of its own; nor may the sentence turn with
    "but" from a shortfall or from praise to a clause that states none ("It is too early to judge,
    but none of the children has ..."). Nor does a sentence whose shortfall is only the setting of
    its main clause (`_only_set_aside`) or a clause inside its subject (`_only_which`), one that
    opens by calling itself praise ("Positively, ..."), or one whose only weakness is what is put
    right, found or absent (`_NOT_SHORTFALL`)."""
    opening = _PRAISE_OPENING.match(quote)
    if _only_set_aside(quote) or _only_which(quote) or (opening and _cues().counts(opening[1]) == (0, 1)):
        return False
    if _NOT_SHORTFALL.search(quote) and not _cues().counts(_NOT_SHORTFALL.sub(" ", quote))[0]:
        return False
    away = _TURN_AWAY.search(quote)
    # Most quotes praise nothing at all (their counts kept from the polarity judge's reading).
    if not away and not _cues().counts(quote)[1]:
        return True
    point = _OPENING_TURN.sub("", quote)
    if not _CORRELATIVE.search(point):
        parts = _TURN_TO.split(point)
        point = _unfronted(parts[-1] if len(parts) > 1 else _conceded(point))
        if away and _clause(quote[away.end() :]):
            after = _main(_unfronted(quote[away.end() :]))
            before = _counts(_main(_unfronted(quote[: away.start()])))
            # From a shortfall to a clause that states none, the point is not the shortfall; from
            # praise to a clause that states none (no cue, no obligation, no "few" or "no"), there
            # is none.
            if not any(_counts(after)) and (
                before[0]
                or (
                    before[1]
                    and not _cues().counts(quote[: away.start()])[0]
                    and not _OBLIGATION.search(after)
                    and not _SCARCE.search(after)
                )
            ):
                return False
    main = _main(point)
    if _OBLIGATION.search(main):
        return True
    weak, strong = _counts(main)
    return bool(weak or not strong)


# A clause fronted to say when, where or granted what the main clause holds.
_SETTING = re.compile(rf"^(?:{_CONCEDING}|when|where|if|despite|in spite of)\s+", re.IGNORECASE)
# Where it ends: the first comma not going on with another condition ("When concerns escalate, or
# if circumstances do not improve, managers ...").
_SETTING_ENDS = re.compile(r",(?!\s*(?:or|and)\s+(?:if|when|where|unless)\b)")


def _only_set_aside(quote: str) -> bool:
    """Whether a sentence's shortfall is only the setting of a main clause that states none: "When
    this is not the case, advisers make determined efforts to ...", "Although schools do not
    attend, information is sought from them"."""
    opened = _OPENING_TURN.sub("", quote)
    if not _SETTING.match(opened):
        return False
    parts = _SETTING_ENDS.split(opened, 1)
    if len(parts) < 2:
        return False
    setting, main = parts
    return bool(_counts(setting)[0]) and not _counts(main)[0] and not _OBLIGATION.search(main)


def _only_which(quote: str) -> bool:
    """Whether a sentence's shortfall is only a clause inside the subject saying which or when, its
    main clause praising: "Decisions to escalate cases when lives are not improving are
    appropriate", "Children who do not need a statutory service are helped well"."""
    opened = _OPENING_TURN.sub("", quote)
    # The cheap tests first: most quotes have no such clause, and reading the main clause costs.
    without = _NEGATED_CLAUSE.sub(" ", opened)
    if without == opened or _TURN.search(opened):
        return False
    head = _main(opened)
    if any(_counts(head)) or _OBLIGATION.search(head):
        return False
    weak, strong = _counts(without)
    return bool(strong and not weak and not _SCARCE.search(opened))


def plainly_states_shortfall(quote: str) -> bool:
    """Whether a quote that `states_shortfall` says so by more than the quantifiers that limit
    its reach ("some children", "a minority of": `PolarityCues.plainly_weak`) or by what should
    be."""
    return _cues().plainly_weak(quote) or bool(_OBLIGATION.search(quote))


def _conceded(clause: str) -> str:
    """A clause without what a trailing "although" or "while" grants, or, where that comes
    straight after the subject ("Safety goals, although broad, result in ..."), without that aside."""
    head, *granted = _TURN_FROM.split(clause, 1)
    if granted and not _clause(head) and "," in granted[0]:
        return f"{head} {granted[0].split(',', 1)[1].strip()}"
    return head


def _unfronted(clause: str) -> str:
    """A clause without the clause fronted before its main one."""
    return clause.split(",", 1)[1] if _FRONTED.match(clause) and "," in clause else clause


# An aside between commas that lists what a subject includes ("The audits, including the chairs'
# scrutiny, are thorough") is no subordinate clause: the main clause goes on after it.
_ASIDE = re.compile(r",\s+(?:including|such as)\b[^,]*,", re.IGNORECASE)


def _main(clause: str) -> str:
    """A clause up to its first subordinate clause, without asides listing what its subject
    includes or gerunds after a preposition."""
    return _GERUND.sub(" ", _SUBORDINATE.split(_ASIDE.sub("", clause), 1)[0])


def _counts(clause: str) -> tuple[int, int]:
    """The weakness and praise cues of a clause, its turn words and what is no shortfall
    (`_NOT_SHORTFALL`) not counted."""
    return _cues().counts(_NOT_SHORTFALL.sub(" ", _TURN_WORD.sub(" ", clause)))


def _cues() -> language.PolarityCues:
    return language.polarity_cues(language.CUES)


def weak_half(sentence: str) -> str:
    """A sentence that also praises, cut to its critical part; any other sentence whole."""
    weak, strong = _cues().counts(sentence)
    if not strong:
        return sentence
    opened = _OPENING_TURN.sub("", sentence)
    if _CONCESSION.match(opened) and "," in opened:  # "Although leaders ..., too many children ..."
        parts = [part.strip(" ,;") for part in _CONCESSION.sub("", opened).split(",", 1)]
    else:
        parts = [part.strip(" ,;") for part in _TURN.split(sentence) if part.strip(" ,;")]
    critical = [
        (weak - strong, -n, part)
        for n, part in enumerate(parts)
        if _clause(part)
        for weak, strong in [_cues().counts(part)]
        if weak
    ]
    if len(parts) < 2 or not critical:
        return sentence
    part = max(critical)[2]
    return part[:1].upper() + part[1:] + ("" if part.endswith((".", "!", "?")) else ".")


def _quoted_once(items: tuple[ImprovementItem, ...], findings: Findings) -> tuple[ImprovementItem, ...]:
    """The items with no sentence quoted for two of them: a report's items name different
    weaknesses, so a sentence two items would quote states one of them at best. It stays the quote
    of the item sharing most words with it; the others quote their next best sentence, of the same
    paragraph or the next linked one."""
    by_place = {(f.paragraph.para_no, f.paragraph.page): f for f in findings.findings}
    items = list(items)
    given_up: dict[int, frozenset[str]] = {}  # an item never takes back a sentence it gave up
    for _ in range(len(items)):
        quoting: dict[str, list[int]] = {}
        for n, item in enumerate(items):
            if item.quoted is not None:
                quoting.setdefault(item.quoted.quote, []).append(n)
        shared = [(quote, ns) for quote, ns in quoting.items() if len(ns) > 1]
        if not shared:
            break
        for quote, ns in shared:
            words_of = {n: Counter(words(items[n].text)) for n in ns}
            quoted = Counter(words(quote))
            keeper = max(ns, key=lambda n: (sum((words_of[n] & quoted).values()), -n))
            for n in ns:
                if n != keeper:
                    given_up[n] = given_up.get(n, frozenset()) | {quote}
                    items[n] = _without_quote(items[n], given_up[n], words_of[n], by_place)
    return tuple(items)


def _without_quote(item: ImprovementItem, given_up: frozenset[str], item_words: Counter, by_place) -> ImprovementItem:
    """The item with the quotes `given_up` in every link that quotes one, each taking its next best."""
    evidence = tuple(
        link.model_copy(update={"quote": key_sentence(item_words, by_place[(link.para_no, link.page)], given_up)})
        if link.quote in given_up
        else link
        for link in item.evidence
    )
    return item.model_copy(update={"evidence": evidence})


def _enriched_item(item: ImprovementItem, doc: Doc, findings: Findings) -> ImprovementItem:
    themes = ranked_themes(doc)
    ranked = rank_evidence(item.text, doc, findings, item.part)
    best = ranked[0][0] if ranked else 0.0
    kept = [
        (score, finding)
        for rank, (score, finding) in enumerate(ranked[:MAX_EVIDENCE])
        if best > 0 and (rank < MIN_EVIDENCE or score >= KEEP_SHARE * best)
    ]
    item_words = Counter(words(item.text))
    evidence = tuple(
        EvidenceLink(
            para_no=finding.paragraph.para_no,
            page=finding.paragraph.page,
            score=round(score, 3),
            quote=key_sentence(item_words, finding),
        )
        for score, finding in kept
    )
    if not themes and kept:
        themes = [kept[0][1].paragraph.theme] if kept[0][1].paragraph.theme else []
    return item.model_copy(
        update={"theme": themes[0] if themes else None, "secondary_themes": tuple(themes[1:]), "evidence": evidence}
    )
