"""The spaCy pipeline that reads findings: sentences, domain entities, sentence polarity and themes.

A blank English pipeline plus this project's components. Every rule and trained weight is read from
`models/` in the checkout; nothing is downloaded. `pipeline()` builds it once per process.
"""

from __future__ import annotations

import csv
import json
import re
from re import _parser as re_parser  # the parse tree re compiles from
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import numpy
import spacy
import srsly
from spacy.language import Language
from spacy.attrs import ENT_ID, ENT_IOB, ENT_TYPE, ORTH, SENT_START
from spacy.pipeline import EntityRuler, TextCategorizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import Model, chain

from ..patterns import bit_numbers, found_in, literal_automaton, required_literals
from ..schema import Polarity
from ..text import normalise


def _models() -> Path:
    """models/ inside the installed package (a wheel, see setup.py), else beside it in a checkout."""
    package = Path(str(resources.files("pipeline")))
    inside = package / "models"
    return inside if inside.is_dir() else package.parent / "models"


MODELS = _models()
THEMES_CSV = resources.files("pipeline") / "data" / "themes.csv"

# Words that end with a full stop but do not end a sentence ("para. 4", "s. 47", "Mr. Smith").
ABBREVIATIONS = frozenset(
    {"para", "paras", "no", "nos", "mr", "mrs", "ms", "dr", "st", "s", "vs", "cf", "approx", "ref", "p", "pp"}
)
_STOPS = frozenset({".", "!", "?"})
_CLOSERS = frozenset({"”", "’", "'", '"', ")"})
BULLET = "◼"

# What the components find is kept in each Doc's `user_data` and read there (`polarities_of`,
# `theme_scores_of`, `text_of`): `doc._` makes an object every time it is read, half a million
# times a run. The extensions read the same values.
# `polarities`: each sentence's polarity by its (start, end) characters, in order, read once per Doc
# (`Span._` makes an object for every sentence it is asked about); `theme_scores`: each theme's
# weight of evidence; `source`: the text the tokenizer read.
# `entity_ids`: the ids of the entities the entity ruler set, in order (`doc.ents` makes a Span of each).
# `orths`: the tokens' ids as an array, as the sentence splitter read them (no component changes tokens).
POLARITIES, THEME_SCORES, SOURCE = "ofsted_polarities", "ofsted_theme_scores", "ofsted_source"
ENTITY_IDS, ORTHS = "ofsted_entity_ids", "ofsted_orths"
if not Doc.has_extension("polarities"):
    Doc.set_extension("polarities", getter=lambda doc: doc.user_data.get(POLARITIES))
if not Doc.has_extension("theme_scores"):
    Doc.set_extension("theme_scores", getter=lambda doc: doc.user_data.get(THEME_SCORES))
if not Doc.has_extension("source"):
    Doc.set_extension("source", getter=lambda doc: doc.user_data.get(SOURCE))
if not Span.has_extension("polarity"):
    Span.set_extension(
        "polarity", getter=lambda span: (polarities_of(span.doc) or {}).get((span.start_char, span.end_char))
    )


def polarities_of(doc: Doc) -> dict[tuple[int, int], Polarity] | None:
    return doc.user_data.get(POLARITIES)


def theme_scores_of(doc: Doc) -> dict[str, float] | None:
    return doc.user_data.get(THEME_SCORES)


def entity_ids_of(doc: Doc) -> list[str]:
    """The ids of a Doc's entities in order (`Span.ent_id_`, "" for a pattern without one)."""
    ids = doc.user_data.get(ENTITY_IDS)
    return ids if ids is not None else [entity.ent_id_ for entity in doc.ents]


def themes() -> dict[str, dict[str, str]]:
    """The taxonomy by theme id: name, kind (`practice` or `area`) and description."""
    with open(THEMES_CSV, encoding="utf-8", newline="") as handle:
        return {row["theme_id"]: row for row in csv.DictReader(handle)}


# --- sentences ---------------------------------------------------------------------------------


@Language.factory("ofsted_sentences")
def make_sentences(nlp: Language, name: str):
    return split_sentences


def split_sentences(doc: Doc) -> Doc:
    """Sentence starts for report prose: a stop followed by a capital or a number, except after an
    abbreviation or a list number ("1. Children ..."); a bullet always starts a sentence.

    Only the tokens just after a stop (and any closing quotes or brackets) or at a bullet can start
    one, so only those are looked at, found in the list of the tokens' ids: a Python call for every
    token cost ten times the rest of the splitter, and a numpy comparison for each of the eight
    ids looked for costs more than one pass over a list. The array of the ids is kept for the
    polarity classifier, which reads the same ids (`_word_counts`)."""
    if not len(doc):
        return doc
    doc.user_data[ORTHS] = doc.to_array(ORTH)
    orth = doc.user_data[ORTHS].tolist()
    candidates = set()
    for stop in [i for i, key in enumerate(orth) if key in _MARK_IDS]:
        if orth[stop] == _BULLET_ID:
            candidates.add(stop)
            continue
        after = stop + 1
        while after < len(orth):
            candidates.add(after)
            if orth[after] not in _CLOSER_IDS:
                break
            after += 1
    starts = {0}
    for i in sorted(candidates - starts):
        if _starts_sentence(doc, orth, i, starts):
            starts.add(i)
    marks = numpy.full(len(doc), _NOT_START, dtype="uint64")
    marks[list(starts)] = 1
    doc.from_array([SENT_START], marks)
    return doc


# The ids of the tokens the splitter looks for, as every vocabulary's string store has them: a
# look-up of each in the Doc's store for every Doc cost a tenth of the splitter.
_STOP_IDS = frozenset(map(get_string_id, _STOPS))
_CLOSER_IDS = frozenset(map(get_string_id, _CLOSERS))
_BULLET_ID = get_string_id(BULLET)
_MARK_IDS = _STOP_IDS | {_BULLET_ID}
_NOT_START = numpy.uint64(2**64 - 1)  # SENT_START's -1, as the unsigned array spaCy reads


def _starts_sentence(doc: Doc, orth: list[int], i: int, starts: set[int]) -> bool:
    """Whether token `i` starts a sentence, given the `starts` found before it and the tokens' ids."""
    if orth[i] == _BULLET_ID:
        return True
    first = doc.vocab.strings[orth[i]][:1]
    if not (first.isupper() or first.isdigit() or first in "“‘\"'("):
        return False
    stop = i - 1
    while stop > 0 and orth[stop] in _CLOSER_IDS:
        stop -= 1
    if orth[stop] not in _STOP_IDS or stop == 0:
        return False
    # A token's lower case is its text's (spaCy's LOWER); a Token is made only for a list number.
    if doc.vocab.strings[orth[stop - 1]].lower() in ABBREVIATIONS:
        return False
    is_list_number = stop - 1 in starts and doc[stop - 1].like_num
    return not is_list_number


# --- entities ------------------------------------------------------------------------------------


class DomainEntities(EntityRuler):
    """spaCy's entity ruler, quicker on a Doc without entities (every Doc here: no other component
    sets them). Nothing matched can overlap an entity then, so spaCy's checks of every matched token
    and every earlier entity find nothing: the entities are the matches, longest first, that share
    no first or last token with one taken before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each match id's label and entity id as the string store's keys, and the id itself.
        self._hashes: dict[int, tuple[int, int, str]] = {}

    def match(self, doc: Doc):
        """spaCy's matches where every pattern is a phrase, found without running its token matcher
        (which has none) or counting every label's patterns, as spaCy does for each Doc."""
        if self.token_patterns or not self.phrase_patterns:
            return super().match(doc)
        found = {(match_id, start, end) for match_id, start, end in self.phrase_matcher(doc) if start != end}
        return sorted(found, key=lambda match: (match[2] - match[1], -match[1]), reverse=True)

    def set_annotations(self, doc: Doc, matches) -> None:
        """The tokens' entity marks as `doc.set_ents` sets them for the entities taken ("outside" for
        every other token), written as one array: a Span of each entity, then `set_ents`, took
        twice as long."""
        if self.overwrite or doc.has_annotation("ENT_IOB"):
            return super().set_annotations(doc, matches)
        marks = numpy.zeros((len(doc), 3), dtype="uint64")
        marks[:, 0] = _OUTSIDE
        found, seen = [], set()
        for match_id, start, end in matches:
            if start not in seen and end - 1 not in seen:
                label, span_id, ent_id = self._hashes.get(match_id) or self._hash(match_id)
                marks[start, 0], marks[start + 1 : end, 0] = _BEGIN, _INSIDE
                marks[start:end, 1], marks[start:end, 2] = label, span_id
                found.append((start, ent_id))
                seen.update(range(start, end))
        doc.from_array([ENT_IOB, ENT_TYPE, ENT_ID], marks)
        doc.user_data[ENTITY_IDS] = [ent_id for _, ent_id in sorted(found)]

    def _hash(self, match_id: int) -> tuple[int, int, str]:
        # A pattern with an id matches as its label and id together; one without, as its label.
        label, ent_id = self._ent_ids[match_id] if match_id in self._ent_ids else (match_id, "")
        strings = self.nlp.vocab.strings
        hashed = (strings.add(label) if isinstance(label, str) else label, strings.add(ent_id) if ent_id else 0, ent_id)
        self._hashes[match_id] = hashed
        return hashed


# The values of `Token.ent_iob`: inside an entity, outside any, its first token.
_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3


@Language.factory("ofsted_entities", default_config={"phrase_matcher_attr": "LOWER"})
def make_entities(nlp: Language, name: str, phrase_matcher_attr: str):
    return DomainEntities(nlp, name, phrase_matcher_attr=phrase_matcher_attr)


# --- polarity ----------------------------------------------------------------------------------


# A praise cue is no praise where a negator stands before it with at most two words between ("is
# not yet well understood", "has not improved", "does not consistently ensure", "nor improved", "no
# longer effective"); a comma or any other mark ends its reach. Group 1 is that reach. The negator
# itself is a weakness cue ("not", "n't", "never") or not ("nor", "cannot", "no longer").
NEGATION = re.compile(
    "(?:not(?<!\\wnot)|n't|never(?<!\\wnever)|nor(?<!\\wnor)|cannot(?<!\\wcannot)|no longer(?<!\\wno longer))\\b"
    "((?: [a-z]+){0,2} )"
)


class PolarityCues:
    """Regular expressions read from models/polarity_cues.json (see its "about"). A praise cue in
    the reach of a negator (`NEGATION`) is not counted."""

    def __init__(self, path: Path):
        cues = json.loads(path.read_text(encoding="utf-8"))
        lists = [cues["weakness"], cues["strength"], cues["neutralisers"]]
        # Each list matches as its alternation would, but about half the sentences hold none of the
        # strings a weakness or a strength cue needs, nine in ten none a neutraliser needs, and most
        # of the rest one or two cues': only those are scanned for, each on its own (where an
        # alternation of sixty cues is tried at every letter its cues start with).
        # The scan also says whether a sentence may hold a negator (one in six does).
        self.scan = _Patterns([*(cue for each in lists for cue in each), NEGATION.pattern], path)
        firsts = [sum(map(len, lists[:n])) for n in range(len(lists) + 1)]
        # Each list's cues as bits of their numbers in `scan`.
        self.weakness, self.strength, self.neutralisers = [
            (1 << end) - (1 << start) for start, end in zip(firsts, firsts[1:])
        ]
        self.negation = 1 << firsts[-1]
        # The weakness cues that limit a sentence's reach ("some children", "a small number of")
        # without stating a shortfall themselves (`plainly_weak`).
        self.hedges = sum(1 << cues["weakness"].index(hedge) for hedge in cues["hedges"])
        # The last sentences' counts kept: an item's evidence quote asks again about a sentence the
        # polarity component counted in the same report (`enrich.weak_half`, through `polarity_cues`).
        self.counts = lru_cache(maxsize=SENTENCES_KEPT)(self._counts)

    def _neutralised(self, sentence: str) -> tuple[str, int, int]:
        """A sentence with its neutralisers cut out, the cues that may match what is left, and the
        number of neutralisers cut (each one praise)."""
        text = normalise(sentence)
        found = self.scan.candidates(text)
        if found & self.neutralisers:
            neutral = self.scan.matches(self.scan.ids(found & self.neutralisers), text)
            if neutral:  # the lists are scanned in what is left, each neutraliser cut to a space
                ends = [0, *(bound for match in neutral for bound in match.span()), len(text)]
                text = " ".join(text[start:end] for start, end in zip(ends[::2], ends[1::2]))
                return text, self.scan.candidates(text), len(neutral)
        return text, found, 0

    def _counts(self, sentence: str) -> tuple[int, int]:
        """(weakness cues, strength cues) found in a sentence (`counts`)."""
        text, found, praised = self._neutralised(sentence)
        weak = len(self.scan.matches(self.scan.ids(found & self.weakness), text)) if found & self.weakness else 0
        strong = 0
        if found & self.strength:
            praise = self.scan.matches(self.scan.ids(found & self.strength), text)
            strong = len(praise)
            if found & self.negation:
                reaches = [negation.span(1) for negation in NEGATION.finditer(text)]
                strong -= sum(any(start < cue.start() <= end for start, end in reaches) for cue in praise)
        return weak, praised + strong

    def plainly_weak(self, sentence: str) -> bool:
        """Whether a sentence holds a weakness cue that is no hedge: "Some children are able to
        reach early help" is a weakness to `polarity` only by its "some children", and praise to a
        reader."""
        text, found, _ = self._neutralised(sentence)
        plain = found & self.weakness & ~self.hedges
        return bool(plain and self.scan.matches(self.scan.ids(plain), text))

    def polarity(self, sentence: str) -> Polarity:
        weak, strong = self.counts(sentence)
        # Inspectors soften criticism with praise ("Most plans are clear, but some lack
        # timescales"): one weakness cue outweighs a little praise.
        if weak and weak >= strong - 1:
            return Polarity.WEAKNESS
        return Polarity.STRENGTH if strong else Polarity.NEUTRAL


# More than any report's sentences.
SENTENCES_KEPT = 2**14


@lru_cache(maxsize=None)
def polarity_cues(path: Path) -> PolarityCues:
    """The cues read from `path`, once per process: the polarity component and the evidence quotes
    share them, and with them the counts of the sentences both read."""
    return PolarityCues(path)


class _Patterns:
    """Regular expressions, each compiled on its own, and which of them may match a text: every
    match of a pattern holds one of some strings (`patterns.required_literals`), and one pass of an
    Aho-Corasick automaton over the text finds which of those strings it holds (`literal in text`
    per string costs ten times as much). A pattern without such strings may match anything. Sets
    of patterns are bits of their numbers: an `|` a string found is quicker than a set's union."""

    def __init__(self, patterns: list[str], source: Path | str):
        self.patterns = patterns
        self.compiled = [re.compile(pattern) for pattern in patterns]
        self.unfiltered = 0
        needs: dict[str, int] = {}
        for i, pattern in enumerate(patterns):
            parsed = re_parser.parse(pattern)
            if parsed.getwidth()[0] == 0:  # it would match in every text
                raise ValueError(f"{source}: the pattern {pattern!r} can match no text at all")
            literals = required_literals(parsed)
            if literals is None:
                self.unfiltered |= 1 << i
            for literal in literals or ():
                needs[literal] = needs.get(literal, 0) | 1 << i
        self.automaton = literal_automaton(needs)

    def candidates(self, text: str) -> int:
        """The patterns that may match `text`."""
        return self.unfiltered | found_in(self.automaton, text)

    ids = staticmethod(bit_numbers)  # the numbers of patterns (bits), in order

    def matches(self, ids: list[int], text: str) -> list[re.Match]:
        """The matches of the alternation of patterns `ids`, in order, as `finditer` would give
        them: the alternation's next match starts where the first of its patterns next matches, the
        first of those in order where several do, and the scan goes on from its end (none is
        empty: see `__init__`). Compiling each combination that occurs (a few thousand over the
        dev corpus) took a quarter of the theme scoring."""
        if len(ids) == 1:
            return list(self.compiled[ids[0]].finditer(text))
        upcoming = [self.compiled[i].search(text) for i in ids]
        found = []
        while True:
            first = None
            for match in upcoming:
                if match is not None and (first is None or match.start() < first.start()):
                    first = match
            if first is None:
                return found
            found.append(first)
            end = first.end()
            upcoming = [
                match if match is None or match.start() >= end else self.compiled[i].search(text, end)
                for i, match in zip(ids, upcoming)
            ]


# The trained sentence classifier: a bag of words, no pretrained vectors, one of the
# three polarities per sentence. `findings-lab train-polarity train` writes its weights.
CLASSIFIER_CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 1,
        "no_output_layer": False,
        "length": 2**15,
    },
}
CLASSIFIER = MODELS / "polarity_classifier.bin"
CUES = MODELS / "polarity_cues.json"


def sentence_classifier(weights: Path | None = CLASSIFIER, nlp: Language | None = None) -> TextCategorizer:
    """The polarity classifier, untrained when `weights` is None (for training); made by `nlp`, the
    pipeline it serves, where given (not added to it), else by a blank English one: a blank pipeline
    made only to hold it cost a run a tenth of a CPU second (its tokenizer's special cases)."""
    classifier = (nlp or spacy.blank("en")).create_pipe("textcat", config=CLASSIFIER_CONFIG)
    if weights is not None:
        classifier.from_bytes(weights.read_bytes(), exclude=["vocab"])
    return classifier


class SentencePolarity:
    """The cue rules decide a sentence that has a cue; the classifier trained on hand-labelled
    sentences tells whether one without is praise or neutral. Inspectors often praise in plain
    words ("Children are seen alone") that no cue marks. The classifier never makes a weakness:
    criticism without a cue is rare in the labels, and evidence quotes need weakness to be precise."""

    # The classifier's strength probability that makes a sentence praise, chosen by cross-validation
    # on the train split (`findings-lab train-polarity cross-validate --praise P`): at one half
    # 54% of neutral sentences stay neutral, against 12% at 0.34 (nearly always the likeliest
    # class), for an accuracy of 0.846 against 0.849.
    PRAISE = 0.5

    def __init__(self, rules: PolarityCues, classifier: TextCategorizer | None, praise: float = PRAISE):
        self.rules = rules
        self.classifier = classifier
        self.praise = praise
        self.counted = _counted_words_model(classifier)

    def classify(self, sentences: list[Doc]) -> list[Polarity]:
        """The classifier's polarity for each sentence, each its own Doc."""
        return [Polarity(max(doc.cats, key=doc.cats.get)) for doc in self.classifier.pipe(sentences)]

    def polarities(self, sentences: list[Span | Doc], texts: list[str] | None = None) -> list[Polarity]:
        """Each sentence's polarity; `texts` are their texts where the caller has them already
        (slices of their document's text: a span's `.text` joins its tokens again)."""
        texts = texts if texts is not None else [sentence.text for sentence in sentences]
        found = [self.rules.polarity(text) for text in texts]
        undecided = [i for i, polarity in enumerate(found) if polarity is Polarity.NEUTRAL]
        if self.classifier is not None and undecided:
            # The classifier reads the sentences' own tokens, as a fresh tokenisation of each one's
            # text would give them, in one batch.
            chosen = [sentences[i] for i in undecided]
            if self.counted is not None:
                scores = self.counted.predict(_word_counts(chosen))
            else:
                scores = self.classifier.predict(chosen)
            strength = list(self.classifier.labels).index(Polarity.STRENGTH.value)
            for i, row in zip(undecided, scores):
                if row[strength] >= self.praise:
                    found[i] = Polarity.STRENGTH
        return found


def _counted_words_model(classifier) -> Model | None:
    """The bag-of-words classifier's layers after its first, which counts each sentence's words
    (`CLASSIFIER_CONFIG`), where it is that model: they score `_word_counts`, the same counts."""
    model = getattr(classifier, "model", None)
    if (
        model is None
        or model.name != "with_cpu(extract_ngrams>>resizable(sparse_linear))>>with_cpu(softmax_activation)"
    ):
        return None
    counting, weights = model.layers[0].layers[0].layers
    if counting.attrs["ngram_size"] != 1 or counting.attrs["attr"] != ORTH:
        return None
    return chain(weights, model.layers[1])


def _word_counts(sentences: list[Span | Doc]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Each sentence's distinct token ids in order, how often each occurs, and how many there are,
    as spaCy's `extract_ngrams` of single words gives them: it sorts each sentence's ids apart (most
    of the classifier's time); here one sort of the batch does, from one id array per Doc."""
    arrays: dict[int, numpy.ndarray] = {}
    ids = []
    for sentence in sentences:
        doc = sentence if isinstance(sentence, Doc) else sentence.doc
        if id(doc) not in arrays:
            arrays[id(doc)] = doc.user_data[ORTHS] if ORTHS in doc.user_data else doc.to_array(ORTH)
        ids.append(arrays[id(doc)] if sentence is doc else arrays[id(doc)][sentence.start : sentence.end])
    keys = numpy.concatenate(ids)
    owner = numpy.repeat(numpy.arange(len(sentences)), [len(each) for each in ids])
    order = numpy.lexsort((keys, owner))
    keys, owner = keys[order], owner[order]
    first = numpy.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])
    starts = numpy.flatnonzero(first)
    counts = numpy.diff(numpy.append(starts, len(keys)))
    lengths = numpy.bincount(owner[starts], minlength=len(sentences))
    return keys[starts], counts.astype("f"), lengths.astype("int32")


@Language.factory("ofsted_polarity", default_config={"cues": str(CUES), "classifier": str(CLASSIFIER)})
def make_polarity(nlp: Language, name: str, cues: str, classifier: str):
    """`classifier` is the trained weights' path, or "" for the cue rules alone."""
    return LabelSentences(
        SentencePolarity(polarity_cues(Path(cues)), sentence_classifier(Path(classifier), nlp) if classifier else None)
    )


class LabelSentences:
    """The component: every sentence's `._.polarity` (kept in its Doc's `._.polarities`), judged a
    batch of documents at a time (a report's paragraphs, when `nlp.pipe` reads them) so that the
    classifier runs once a batch."""

    def __init__(self, judge: SentencePolarity):
        self.judge = judge

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            sentences: list[Span] = []
            texts: list[str] = []
            bounds: list[list[tuple[int, int]]] = []
            for doc in batch:
                text = text_of(doc)
                spans = list(doc.sents)
                sentences += spans
                bounds.append([(sentence.start_char, sentence.end_char) for sentence in spans])
                texts += [text[start:end] for start, end in bounds[-1]]
            judged = iter(self.judge.polarities(sentences, texts))
            for doc, each in zip(batch, bounds):
                doc.user_data[POLARITIES] = {bound: next(judged) for bound in each}
            yield from batch


# --- themes ------------------------------------------------------------------------------------


# Each phrase starts with its letter, its word boundary checked after it, as the cues are.
EXAMPLES = re.compile(
    "|".join(f"{phrase}(?<!\\w{phrase})\\b" for phrase in ("including", "to include", "such as", "for example"))
)


class ThemePatterns:
    """Weighted patterns per theme, read from models/theme_patterns.jsonl."""

    # A `practice` theme (assessment, planning, supervision, ...) applies to every cohort; an item
    # that also names a cohort or service area ("assessments of disabled children") is filed
    # under that area unless the practice cue is clearly stronger.
    PRACTICE_WEIGHT = 0.85
    # What follows "including" or "such as" illustrates the concern named before it ("The quality
    # of plans, including pathway plans"), so it counts for less.
    EXAMPLE_WEIGHT = 0.7

    def __init__(self, path: Path):
        kinds = {theme: row["kind"] for theme, row in themes().items()}
        self.patterns: list[str] = []
        self.group_of: list[int] = []  # each pattern's (theme, weight) group, in order of first mention
        groups: dict[tuple[str, float], int] = {}
        for row in srsly.read_jsonl(path):
            self.patterns.append(row["pattern"])
            self.group_of.append(groups.setdefault((row["theme"], float(row["weight"])), len(groups)))
        self.groups = [(theme, weight * self._discount(kinds[theme])) for theme, weight in groups]
        # A paragraph names few themes: only the patterns that may match it are scanned for.
        # Patterns start with a letter rather than a word-boundary check (`views(?<!\wviews)\b`, not
        # `\bviews\b`) so each scan can jump between the letters its cues start with.
        # The scan also says whether a text may hold a phrase that opens examples (one in five does).
        self.scan = _Patterns([*self.patterns, EXAMPLES.pattern], path)
        self.examples = 1 << len(self.patterns)
        # Each group's patterns as bits of their numbers in `scan`, with its theme and weight.
        self.group_bits = [0] * len(self.groups)
        for i, group in enumerate(self.group_of):
            self.group_bits[group] |= 1 << i
        # The plan scores each item again (`plan.rows.theme_confidence`), in the worker that has just
        # read it with these rules (see `theme_patterns`): its scores are kept for it, those of more
        # texts than a report has paragraphs and items (248 at most over dev and the letters). The
        # dicts are shared, so read and never changed.
        self.scores = lru_cache(maxsize=SCORES_KEPT)(self._scores)

    def _discount(self, kind: str) -> float:
        return self.PRACTICE_WEIGHT if kind == "practice" else 1.0

    def _scores(self, text: str) -> dict[str, float]:
        """Each theme's weight of evidence in `text`: its strongest cue, plus a little for every
        further cue. Items name their main concern first ("The response to neglect, homeless 16- and
        17-year-olds and ..."), so an opening mention counts up to twice a closing one."""
        text = normalise(text)
        length = max(len(text), 1)
        candidates = self.scan.candidates(text)
        examples = EXAMPLES.search(text) if candidates & self.examples else None
        examples_start = examples.start() if examples else length
        best: dict[str, float] = {}
        cues: dict[str, set[str]] = {}
        # Each group that may match, in order.
        for bits, (theme, weight) in zip(self.group_bits, self.groups):
            found = candidates & bits
            if not found:
                continue
            matches = self.scan.matches(self.scan.ids(found), text)
            if matches:
                start = matches[0].start()
                illustrative = self.EXAMPLE_WEIGHT if start > examples_start else 1.0
                strength = weight * (2.0 - start / length) * illustrative
                best[theme] = max(best.get(theme, 0.0), strength)
                cues.setdefault(theme, set()).update(map(_MATCHED, matches))
        return {theme: best[theme] + 0.25 * (len(cues[theme]) - 1) for theme in best}


_MATCHED = re.Match.group  # a match's text
SCORES_KEPT = 1024


@lru_cache(maxsize=None)
def theme_patterns(path: Path) -> ThemePatterns:
    """The theme rules read from `path`, once per process: the theme component and the plan's
    theme confidence share them, and with them the scores of the texts both read."""
    return ThemePatterns(path)


@Language.factory("ofsted_themes", default_config={"patterns": str(MODELS / "theme_patterns.jsonl")})
def make_themes(nlp: Language, name: str, patterns: str):
    rules = theme_patterns(Path(patterns))

    def score_themes(doc: Doc) -> Doc:
        doc.user_data[THEME_SCORES] = rules.scores(text_of(doc))
        return doc

    return score_themes


# --- the pipeline ------------------------------------------------------------------------------


class KeepText:
    """The tokenizer, keeping the text it read on each Doc (`text_of`)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[SOURCE] = text
        return doc


def text_of(doc: Doc) -> str:
    """A Doc's text: as the pipeline's tokenizer read it, where it kept it (`Doc.text` makes an
    object of every token to join their texts again, 1 ms a paragraph), else joined."""
    text = doc.user_data.get(SOURCE)
    return text if text is not None else doc.text


# How many distinct whitespace-delimited chunks the tokenizer keeps the tokens of. spaCy keeps 10,000
# and splits every other chunk with its prefix, suffix and infix expressions each time it occurs: the
# dev corpus and letters hold about 30,000, and cached they tokenize in half the time, the same tokens.
TOKENIZER_CACHE = 200_000


def build() -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    nlp.tokenizer = KeepText(nlp.tokenizer)
    nlp.add_pipe("ofsted_sentences")
    ruler = nlp.add_pipe("ofsted_entities", name="entity_ruler")
    ruler.add_patterns(list(srsly.read_jsonl(MODELS / "entity_patterns.jsonl")))
    nlp.add_pipe("ofsted_polarity")
    nlp.add_pipe("ofsted_themes")
    return nlp


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The pipeline, built once per process."""
    return build()


def read(texts: Iterable[str], disable: Iterable[str] = ()) -> list[Doc]:
    """What `pipeline().pipe(texts, disable=disable)` gives: every text tokenized, then each
    component run over all of them in turn. `Language.pipe` passes each Doc through a generator
    per component, with its error handling, which cost a tenth of the components' own time."""
    nlp, skipped = pipeline(), set(disable)
    docs = [nlp.make_doc(text) for text in texts]  # its tokenizer, as `pipe` calls it
    for name, component in nlp.pipeline:
        if name not in skipped:
            docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(doc) for doc in docs]
    return docs
