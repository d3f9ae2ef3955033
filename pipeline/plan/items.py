"""What an improvement item asks to change: its object, in the item's own words, and the aspects
in which it asks for change, read from the item's tokens by the rules below."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from .playbook import aspects, kind_of

# An evidence pointer in the item, before its full stop or after it: "... plans (paragraph 12).",
# "... plans. (Paras 59, 76)".
_POINTER = re.compile(r"\s*\([^()]*\bpara(?:graph)?s?\b[^()]*\)|\s*\([^()]*\)\s*$", re.IGNORECASE)


def _unpointed(text: str) -> str:
    """The item without its evidence pointers. Most items have no bracket, and the pattern, which
    starts with a space, would be tried at every character of them."""
    return _POINTER.sub("", text) if "(" in text else text


@dataclass(frozen=True)
class ItemObject:
    """What an item asks to change, in the item's own words, and in what respects."""

    text: str  # "initial health assessments for children newly into care"
    aspects: tuple[str, ...] = ()  # best first, at most two
    kind: str = "casework"  # of its head noun: casework, services, governance or workforce
    board: bool = False  # a safeguarding board's or partnership's own work
    head: str = ""  # its first noun phrase with what that is of: "the function of the corporate parenting panel"
    bare: str = ""  # a generic head the object was extended from to what it is for: "systems" (`_GENERIC_HEADS`)


# An item opens with who should act ("The LSCB should", "Senior leaders to") and an instruction
# ("Ensure that", "Further improve", "Take action to"): neither is what must change.
_MODALS = frozenset({"should", "must"})
_OPENERS = frozenset(
    """ensure ensuring improve improving further continue continuing to strengthen strengthening develop
    developing review reviewing increase increasing reduce reducing establish embed sustain secure raise
    urgently significantly rapidly swiftly carry out undertake implement address prioritise take steps
    action immediate urgent prompt and evaluate make sure achieve achieving complete build introduce provide agree promote clarify
    consider revise update produce publish extend set put collate analyse seek conduct monitor accelerate
    expedite identify then""".split()
)
# "When children go missing, ensure that ...": the condition comes before what must change.
_CONDITIONS = frozenset({"when", "where", "if", "once", "while", "for"})
# "In partnership with care leavers, review ...", "With partners, ensure ...": at the item's start,
# the manner before the comma that the instruction follows.
_MANNERS = frozenset({"in", "through", "with", "together"})
_ARTICLES = frozenset({"the", "a", "an"})
# Qualities asked for before what they apply to ("effective monitoring of ...", "a timely return
# home interview"): the aspect, where one names it, but no part of the object.
_QUALIFIERS = frozenset(
    """more better greater stronger clearer improved effective sufficient robust rigorous good regular
    consistent timely appropriate clear high-quality strong thorough""".split()
)
# Words that only measure what follows: "the level of critical challenge" is about the challenge.
_MEASURE_WORDS = frozenset({"level", "extent", "degree", "likelihood"})
# Respects no aspect measures, which may stand beside one: "the timeliness and effectiveness of
# pre-proceedings work", "the effectiveness of scrutiny and management oversight".
OTHER_RESPECTS = frozenset(
    {"effectiveness", "impact", "application", "implementation", "use", "completion", "accuracy", "accessibility"}
)
# Words that begin the verb of an "Ensure that <subject> <verb> ..." clause.
_VERBS = frozenset(
    """is are was were be been being has have had can could should will would must do does receive receives
    get gets provide provides understand understands comply complies meet meets know knows gain gains
    offer include includes use take make attend attends agree agrees record contain contains manage manages
    drive work hold benefit remain continue continues consider considers see sees identify identifies
    respond responds undertake undertakes complete completes carry carries supports enables informs reflects
    addresses follows monitor track oversee evaluate review involve involves""".split()
)
# A clause whose subject is people ("managers provide ...", "care leavers receive ...") asks for
# something done by or for them, and "there is ..." names nothing: the object is in the predicate.
_PEOPLE = frozenset(
    """managers manager leaders leader staff workers worker practitioners partners partner agencies board
    lscb authority council members iros officers officer partnership chairs professionals children child
    people leavers families carers parents adults everyone they he she it there all police""".split()
)
# Words of _VERBS that are as often nouns.
_NOUN_VERBS = frozenset({"work", "use", "record", "offer", "drive", "hold", "benefit"})
_PARTICIPLES = frozenset({"taken", "given", "seen", "held", "made", "done", "kept", "known", "put", "set"})
# "Appropriate action is taken to increase ...": the thing to change is in what follows.
_PLACEHOLDERS = frozenset({"action", "steps", "consideration", "attention", "priority", "focus"})
# After a comma these words start a new clause; "identify, track and respond" does not.
_CLAUSE_AFTER_COMMA = frozenset(
    """so including include particularly specifically in to which who and with ensuring that as for especially where when
    while by through both not from at are is alongside supported underpinned""".split()
)
_CLAUSE_WORDS = frozenset(
    {
        "so",
        "such",
        "including",
        "particularly",
        "specifically",
        "especially",
        "ensuring",
        "which",
        "that",
        "where",
        "when",
        "whether",
        "because",
        "through",
    }
)
_PURPOSE_VERBS = frozenset(
    {
        "ensure",
        "enable",
        "make",
        "improve",
        "reduce",
        "support",
        "help",
        "provide",
        "promote",
        "inform",
        "meet",
        "drive",
        "assure",
        "inform",
        "update",
        "enhance",
        "increase",
        "maximise",
    }
)
_LINKS = frozenset({"of", "in", "for", "with", "to", "across", "within", "about", "on", "at", "regarding"})
_LOOSE_ENDS = frozenset(
    {"and", "or", "of", "the", "a", "an", "for", "to", "in", "with", ",", "-", "–", "on", "at", "by"}
)
MAX_OBJECT_WORDS = 16


@cache
def _tokenizer():
    from ..enrich.nlp import pipeline

    # The enrich stage's tokenizer, a blank English one: built already in a run, and its vocabulary and
    # cache already hold the item's words, where a tokenizer of the plan's own built its own again.
    return pipeline().tokenizer


@lru_cache(maxsize=16)
def _words(text: str) -> tuple[list, list[str]]:
    """The item's tokens and their lower-case words (read-only: the lists are shared)."""
    tokens = [t for t in _tokenizer()(text) if not t.is_space]
    return tokens, [t.lower_.replace("’", "'") for t in tokens]


_CORRELATIVE = re.compile(r"\bboth (?=[^.;:]*\band\b)")


def item_object(text: str) -> ItemObject | None:
    """What the item asks to change: "The timeliness of initial health assessments for children
    in care." -> "initial health assessments for children in care", aspect timeliness. None where
    nothing is left once the opening instruction is set aside."""
    text = _unpointed(text)
    if "both " in text:
        # "The Board both receives and tests information", "the needs both of children placed here
        # and of children privately fostered": a correlative marks its two parts and is neither.
        text = _CORRELATIVE.sub("", text)
    tokens, lower = _words(text)
    actor = _after_actor(lower)
    found = _read(text, tokens, lower, actor)
    if found is not None and found.text.lower().startswith("the following") and ":" in text:
        # "Implement the following areas for improvement ...: improve capacity ...": a preamble
        # pointing at the asks its colon introduces, which are what must change.
        return item_object(text.split(":", 1)[1].strip())
    if found is not None and _generic(found.text):
        found = _extended(text, found)
    if found is not None and not found.aspects and (placed := _MANNER_PLACED.search(text)):
        # "The way in which information is presented in performance management reports": a manner
        # whose verb names no respect is of the subject where the clause puts it, which the subject
        # alone ("information") loses (Leeds 2018's letter).
        if placed["subject"].lower() == found.text.lower():
            found = replace(found, text=" ".join(placed.group("subject", "verb", "place")))
    if found and (found.board or any(_is_board(word) for word in lower[:actor])):
        # "The LSCB should strengthen its engagement with children": a board's own work.
        return as_board(found)
    return found


_MANNER_PLACED = re.compile(
    r"\b(?:ways?|manner) (?:in which|that) (?P<subject>[\w'’ -]+?) (?:is|are|was|were) (?P<verb>[a-z]+(?:ed|en|wn)) "
    r"(?P<place>(?:in|on|within) [\w'’ -]+?)(?=\s+(?:means|is|are|so|to|and|which|that|for)\b|[.,;:]|$)",
    re.IGNORECASE,
)


def as_board(found: ItemObject) -> ItemObject:
    """The object as a board's own work: casework in its words is the board's business."""
    return replace(found, kind="governance" if found.kind == "casework" else found.kind, board=True)


# Heads that name no subject of their own: "effective systems", "services", "leadership direction
# and assertive action" say what must change only with what they are for ("... to enable oversight
# of children who need permanence", "... to help care leavers access accommodation"), whose words
# are the item's subject.
_GENERIC_HEADS = frozenset(
    """systems system processes process arrangements arrangement services service leadership work action
    actions capacity approach approaches mechanisms mechanism structures structure procedures provision
    direction steps measures activity activities resources resource""".split()
)
# Where an object cut at a generic head goes on to what it is for: past "are in place", "is
# established" or "are (appropriately) resourced", a purpose ("to ..."), a beneficiary ("for ..."), a
# result ("so that ...", "that ...") or the circumstance it is for ("when decisions are made ...").
_COMPLEMENT = re.compile(
    r"^\s*(?:(?:is|are|being)\s+(?:\w+ly\s+)?(?:\w+ed\s+|available\s+)?)?(?:(?:firmly\s+|put\s+)?in\s+place\s+)?"
    r"((?:to|for|so\s+that|that|when|where)\s.*)$",
    re.IGNORECASE | re.DOTALL,
)


# Words any item, step or measure may use without naming its subject: children, plans, care, the
# board, practice, quality, the instruction and its manner, a measure's target and period. What is
# left names what the item is about.
_UNNAMING = frozenset(
    """children child young people person families family parents plan plans planning board boards practice
    quality social work worker workers staff managers management leaders leadership senior local authority
    council partners partner agencies agency partnership service services support system systems process
    processes arrangements arrangement range level levels number numbers across within through their there
    this that these those with from into about including particularly where when which what while make sure
    also further more most good well better effective effectively clear clearly consistent consistently
    timely appropriate appropriately robust regular regularly all every each any other others need needs
    needed needing they them have been being does done take taken place ensure ensuring improve improving
    improved improvement improvements increase increased reduce develop developed strengthen strengthened
    review reviewed reviewing embed establish established continue sustain secure understand understanding
    effectiveness impact areas area cases case work working action actions steps outcomes experiences
    progress time care target percentage rising falling zero quarter quarterly monthly weekly year years
    date""".split()
)


# Set apart once: `content_terms` tests every word of every item and step against them.
_NOT_CONTENT = _UNNAMING | _QUALIFIERS | _GENERIC_HEADS


@lru_cache(maxsize=4096)  # a theme's measure and an item's text are read for each step and measure
def content_terms(text: str) -> frozenset[str]:
    """The words of a text that name what it is about, stemmed: words of four letters or more that
    are not generic (`_UNNAMING`, the qualities and the heads no item is without)."""
    words = re.findall(r"[a-z][a-z-]+", text.lower().replace("’", "'"))
    return frozenset(_stem(word) for word in words if len(word) > 3 and word not in _NOT_CONTENT)


def _stem(word: str) -> str:
    """A word without its plural, "-ing" or "-ed", cut to six letters, so that "fostering" meets
    "foster carers", "drifted" meets "drifting" and "assessed" meets "assessments"."""
    word = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and word[-2:] != "ss" else word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)][:6]
    return word[:6]


def _generic(text: str) -> bool:
    """Whether every part an object joins is a generic head, with at most its qualities ("effective
    systems and processes to ensure", "leadership direction and assertive action")."""
    if _GENERIC_HEADS.isdisjoint(text.lower().split()):
        return False  # most objects: no generic head at all
    words = [w for w in re.findall(r"[a-z'-]+", text.lower()) if w not in _MODIFIERS]
    if words[-2:-1] == ["to"] and words[-1] in _PURPOSE_VERBS:
        words = words[:-2]  # "systems and processes to ensure", cut before what they ensure
    parts = [part.split() for part in " ".join(words).split(" and ")]
    return bool(words) and all(
        part and part[-1] in _GENERIC_HEADS and all(w in _GENERIC_HEADS or w.endswith(("ive", "ic")) for w in part)
        for part in parts
    )


def _extended(text: str, found: ItemObject) -> ItemObject:
    """A generic head extended to what it is for, to its sentence's end (cut at a comma where that
    is long): the words there name what the actions and the measure must be about."""
    at = text.lower().find(found.text.lower())
    complement = _COMPLEMENT.match(text[at + len(found.text) :]) if at >= 0 else None
    if complement is None:
        return found
    second = complement.group(1).split()[1:2]
    ensured = found.text.lower().split()[-1] in _PURPOSE_VERBS  # "... to ensure that partners ..."
    if complement.group(1).lower().startswith("that ") and not (ensured or (second and second[0].lower() in _VERBS)):
        return found  # "the services that children receive meet ...": which services, then the clause's verb
    # One clause: a second purpose ("work undertaken with children ... to ensure that ...") is the
    # item's, not the object's.
    clause = re.split(r"[.;:?]\s|,?\s(?:to ensure|so that|so as|in order)\b", complement.group(1) + " ")[0]
    words = clause.strip(" .;:").split(" ")
    if len(words) > MAX_OBJECT_WORDS + 4:
        words = words[: next((n + 1 for n in range(6, len(words)) if words[n].endswith(",")), len(words))]
    while words and words[-1].strip(",").lower() in _LOOSE_ENDS:
        words.pop()
    extension = " ".join(words).rstrip(",")
    if not extension or not re.search(r"[a-z]", extension):
        return found
    return replace(found, text=f"{found.text} {extension}", bare=found.text)


def _is_board(word: str) -> bool:
    return word in ("board", "partnership", "partners") or (word.isalpha() and word.endswith("scb"))


def _read(text: str, tokens, lower: list[str], actor: int) -> ItemObject | None:
    passive = _passive_verb(lower)
    if passive is not None:
        # "The grant for care leavers should be reviewed to ...", "Services to prevent ... need to be
        # enhanced": a passive instruction's subject is what must change; its verb is the item's own.
        i, head = _aspect_head(lower, _past_condition(lower, 0))
        return _object(text, tokens, lower, i, passive, head, _clause_end(lower, passive))
    modal = next((n for n in range(actor) if lower[n] in _MODALS), 0)
    if modal and kind_of(lower[modal - 1]) == "casework" and lower[modal - 1] not in _PEOPLE:
        # "Personal education plans should contain ...": the plans, not their contents, must change.
        return _object(text, tokens, lower, 0, modal, [], _clause_end(lower, actor))
    i = _past_condition(lower, _past_manner(lower, actor))
    opened = i
    i = _past_openers(lower, i)
    if i == opened and i + 2 < len(lower):
        to = next((n for n in range(i + 2, min(i + 7, len(lower))) if lower[n] == "to"), None)
        if to and kind_of(lower[i]) == "services" and lower[i + 1] not in _LINKS and _is_people(lower[i + 1 : to]):
            # "Support care leavers to understand ...": the instruction names the service.
            found = _object(text, tokens, lower, i + 1, len(lower), [], _clause_end(lower, i + 1))
            return found and replace(found, text=f"{lower[i]} for {found.text}", kind="services")
    if i + 2 < len(lower) and lower[i] != "that":
        i = _past_verb_opening(lower, i, i == opened)  # also after an adverb: "need to fully understand the"
    i = _past_effort(lower, i)
    i += lower[i : i + 2] == ["so", "that"]  # "Take action so that more children ...": nothing before the result
    clause = i < len(lower) and lower[i] == "that"
    i = _past_condition(lower, i + clause)
    subject, board_acts = None, False
    if clause or lower[opened:i][:1] in (["ensure"], ["ensuring"]):
        verb = _verb_at(lower, i)
        if verb is not None:
            subject_end = verb
            while subject_end > i + 1 and _adverb(lower[subject_end - 1]):
                subject_end -= 1  # "plans routinely include ...", "social workers always provide ..."
            # A board is the one who acts, as people are: "ensure that the board has oversight of
            # ...", "... that the partnership improves its communications" ask for the board's work.
            named = [word for word in lower[i:subject_end] if word not in _ARTICLES]
            board_acts = (
                bool(named)
                and _is_board(named[-1])
                and not set(named) & _PHRASE_ENDS
                and (lower[verb] not in ("is", "are") or lower[verb + 1 : verb + 3] in _ABLE)
            )
            if not _is_people(lower[i:subject_end]) and not board_acts:
                # The aspect may be in the predicate: "conferences are held within timescales".
                return _object(text, tokens, lower, i, subject_end, [], _clause_end(lower, verb))
            subject = (i, subject_end)
            i = _past_effort(lower, _past_verb(lower, verb))
            if board_acts and lower[verb + 1 : verb + 3] in _ABLE:
                # "the board is able to effectively monitor | the quality of ...", "is effective in
                # driving | improvements": what it is to act on.
                i = _past_verb(lower, verb + 3)
            if board_acts:
                # "the board monitors, evaluates and influences the effectiveness of ...": its verbs, to
                # the phrase they share.
                j = next((n for n in range(i, min(i + 6, len(lower))) if lower[n] in _DETERMINERS), i)
                i = j if all(word in (",", "and") or word.endswith("s") for word in lower[i:j]) else i
            if lower[i : i + 1] == ["that"]:
                i = _past_condition(lower, i + 1)  # "... are reviewed and that progress is measured"
    elif i == opened and lower[i : i + 1] and lower[i] in _PEOPLE | _QUALIFIERS:
        verb = _verb_at(lower, i)  # "all are offered and receive a timely return home interview"
        if verb is not None and _is_people(lower[i:verb]):
            i = _past_verb(lower, verb)
    if (how := _how(text, tokens, lower, i)) is not None:
        return how
    opened_at = i
    i, head = _aspect_head(lower, i)
    overseer = lower[subject[0] : subject[1]] if subject is not None else lower[opened_at:i]
    found = _how(text, tokens, lower, i, head) or _object(
        text, tokens, lower, i, len(lower), head, _clause_end(lower, i)
    )
    if found is not None and (head or board_acts) and any(word == "board" or word.endswith("scb") for word in overseer):
        # "The board's scrutiny of early help", "... that the board has oversight of how well ...": the
        # board acts, and what it acts on is its business (`as_board`); what it oversees is not the
        # object of managers' monthly reviews.
        found = as_board(found)
        found = replace(found, kind="governance") if found.aspects[:1] == ("oversight",) else found
    if found is None and subject is not None:
        # Nothing after the verb ("foster carers are recruited"): the people are what must change.
        return _object(text, tokens, lower, *subject, [], _clause_end(lower, subject[1]))
    return found


_RELATIVES = frozenset({"who", "that", "which"})


def _how(text: str, tokens, lower: list[str], i: int, head: list[str] | None = None) -> ItemObject | None:
    """The object of "how consistently and effectively the services meet ...", where the item (or
    the aspect it names: "oversight of how well ... are met") asks about a manner, which names no
    object: the subject of the clause that follows it. None where no such clause begins at `i`."""
    if lower[i : i + 1] != ["how"]:
        return None
    j = i + 1
    while j < len(lower) and (_adverb(lower[j]) or lower[j] in ("and", ",", "well")):
        j += 1
    verb = _verb_at(lower, j) if j > i + 1 else None
    if verb is not None and _RELATIVES & set(lower[j:verb]):
        # "how well the needs of children who are privately fostered are met": past the relatives'
        # verbs, which say which children, to the clause's own.
        end = _clause_end(lower, verb)
        verb = next((n for n in range(verb, end) if lower[n] in _VERBS and lower[n - 1] not in _RELATIVES), None)
    if verb is None:
        return None
    return _supported(text, tokens, lower, j, verb) or _object(
        text, tokens, lower, j, verb, head or [], _clause_end(lower, verb)
    )


# "care leavers are supported to understand ...": the people are given what they are helped with.
_SUPPORTED = {"supported": "support", "helped": "help"}


def _supported(text: str, tokens, lower: list[str], start: int, verb: int) -> ItemObject | None:
    """The support people are given, where a clause says they are supported or helped to do
    something ("how well care leavers are supported to understand their plans" asks for support for
    care leavers to understand their plans, as "Support care leavers to ..." does), not the people
    alone. None where the clause from `start` to its verb at `verb` says no such thing."""
    if lower[verb : verb + 1] not in (["are"], ["is"], ["be"]) or not _is_people(lower[start:verb]):
        return None
    n = verb + 1
    while n < len(lower) and _adverb(lower[n]):
        n += 1  # "are consistently supported to ..."
    if lower[n : n + 1] == [] or lower[n] not in _SUPPORTED or lower[n + 1 : n + 2] != ["to"]:
        return None
    people = text[tokens[start].idx : tokens[verb - 1].idx + len(tokens[verb - 1])]
    said = f"{people} {text[tokens[n + 1].idx :]}"
    said_tokens, said_lower = _words(said)
    found = _object(said, said_tokens, said_lower, 0, len(said_lower), [], _clause_end(said_lower, 0))
    return found and replace(found, text=f"{_SUPPORTED[lower[n]]} for {found.text}")


# Words no passive instruction's subject opens with: joined once, not for every item.
_NO_SUBJECT_OPENS = _OPENERS | _VERBS | {"how", "that"}


def _passive_verb(lower: list[str]) -> int | None:
    """Where a passive instruction's verb begins ("... should be reviewed", "... needs to be
    improved"), if the item opens with its subject and that subject is a thing, not people."""
    start = _past_condition(lower, 0)
    if start >= len(lower) or lower[start] in _NO_SUBJECT_OPENS:
        return None
    for n in range(start + 1, min(start + MAX_OBJECT_WORDS, len(lower) - 2)):
        if lower[n] in (";", ".") or (lower[n] in _MODALS and lower[n + 1] != "be"):
            return None
        if (lower[n] in _MODALS and lower[n + 1] == "be") or (
            lower[n] in ("need", "needs") and lower[n + 1 : n + 3] == ["to", "be"]
        ):
            subject = lower[start:n]
            return None if _is_people(subject) or any(map(_is_board, subject)) else n
    return None


# "may want to", "might wish to": the actor's instruction, hedged (Northumberland 2018's letter).
_HEDGES = frozenset({"may", "might", "could", "would"})
_WISHES = (["want"], ["wish"], ["like"])


def _after_actor(lower: list[str]) -> int:
    """Past "The LSCB should" or "The BSCB to" at the start, if the item opens so."""
    # A bracketed short name repeats the actor's name ("... Children Board (HSCB) must"): it does
    # not make the actor longer.
    width = 8 + sum(
        2 + lower.index(")", n) - n for n in range(min(8, len(lower))) if lower[n] == "(" and ")" in lower[n:]
    )
    for n, word in enumerate(lower[:width]):
        if word in _MODALS or (word == "to" and n and lower[n - 1].isalpha() and lower[n - 1].endswith("scb")):
            return n + 1 + (lower[n + 1 : n + 2] == ["need"]) if n + 1 < len(lower) else n
        if word in _HEDGES and lower[n + 1 : n + 2] in _WISHES and lower[n + 2 : n + 3] == ["to"]:
            return n + 3  # "The local authority may want to review ...": a hedged instruction is one
        if word in ("need", "needs") and lower[n + 1 : n + 2] == ["to"] and n and _is_people(lower[:n]):
            return n + 2  # "Senior leaders need to take action to ...", not "The time taken needs to fall"
        if word in (",", "."):
            break
    return 0


def _past_condition(lower: list[str], i: int) -> int:
    if i < len(lower) and lower[i] in _CONDITIONS and "," in lower[i:]:
        i = lower.index(",", i) + 1
        if lower[i : i + 1] in (["which"], ["who"]) and "," in lower[i:]:
            # "when children disclose abuse, which leads to an enquiry, that a medical is carried out":
            # a relative clause after the condition is the condition's, and "that" takes up the
            # clause the condition interrupted.
            i = lower.index(",", i) + 1
            i += lower[i : i + 1] == ["that"]
    return i


def _past_manner(lower: list[str], i: int) -> int:
    if i < len(lower) and lower[i] in _MANNERS:
        comma = next((n for n in range(i + 1, len(lower) - 1) if lower[n] == "," and lower[n + 1] in _OPENERS), None)
        return i if comma is None else comma + 1
    return i


def _at(lower: list[str], i: int) -> str:
    return lower[i] if i < len(lower) else ""


# "assure itself that ...", "satisfy themselves of ...", "be assured that ...": an actor's assurance is
# an instruction, as "ensure that" is; what it is to be assured of is what must change.
_ASSURANCES = frozenset({"assure", "satisfy", "reassure"})
_REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself", "yourself", "ourselves"})
_ASSURED = frozenset({"assured", "satisfied", "reassured"})


def _assurance(lower: list[str], i: int) -> int:
    """How many words of an assurance begin at `i` ("assure itself", "be assured", with an "of" or
    "on" naming what of), 0 where none does."""
    pair = lower[i : i + 2]
    if len(pair) < 2 or not (
        (pair[0] in _ASSURANCES and pair[1] in _REFLEXIVES) or (pair[0] == "be" and pair[1] in _ASSURED)
    ):
        return 0
    return 2 + (lower[i + 2 : i + 3] in (["of"], ["on"]))


def _past_openers(lower: list[str], i: int) -> int:
    start = i
    # An opener joined to the next word by a hyphen ("take-up", "follow-up") begins a noun, not an
    # instruction; adverbs joined by "and" ("regularly and rigorously review") are the instruction's.
    while i < len(lower) and (
        (assured := _assurance(lower, i))
        or (lower[i] in _OPENERS and lower[i + 1 : i + 2] != ["-"])
        or (_adverb(lower[i]) and (lower[i + 1 : i + 2] != ["and"] or _adverb(_at(lower, i + 2))))
        or (lower[i] == "and" and i > start and _adverb(lower[i - 1]) and _adverb(_at(lower, i + 1)))
    ):
        i += assured or 1
    if i > start and lower[i : i + 2] in (["plans", "to"], ["work", "to"]):
        return _past_openers(lower, i + 2)  # "accelerate plans to improve ...": what the plans are for
    if i > start and i + 1 < len(lower) and lower[i] == "and" and lower[i + 1] not in _ARTICLES:
        i += 2  # "collate and analyse information", "review and strengthen the ..."
    if lower[i : i + 4] == ["work", "with", "partners", "to"]:
        return _past_openers(lower, i + 4)
    if i > start and lower[i : i + 1] == ["with"]:
        # "Take action with partners so that ...", "work with schools to improve ...": the people the
        # instruction is carried out with are not what must change.
        end = next((n for n in range(i + 2, min(i + 8, len(lower))) if lower[n] in ("to", "so", ",")), None)
        if end is not None and _is_people(lower[i + 1 : end]):
            return _past_openers(lower, end + 1) if lower[end] == "to" else end + (lower[end] == ",")
    return i


def _past_effort(lower: list[str], i: int) -> int:
    """Past a phrase of effort and the verb it is to do: "(make) every effort to minimise the number
    of ...", "(maintain) sustained efforts to recruit staff", "efforts to both understand and
    evaluate the effectiveness of ...": the effort is the instruction's; what it is for is the item's."""
    effort = next(
        (n for n in range(i, min(i + 4, len(lower) - 1)) if lower[n] in _EFFORTS and lower[n + 1] == "to"), None
    )
    if effort is None or not all(word.isalpha() and kind_of(word) is None for word in lower[i:effort]):
        return i
    j = _past_openers(lower, effort + 2)
    j += lower[j : j + 1] == ["both"]
    if j + 2 < len(lower) and kind_of(lower[j]) is None and lower[j] not in _DETERMINERS:
        verbs = j + 1
        while verbs + 1 < len(lower) and lower[verbs] in ("and", ",") and lower[verbs + 1] not in _DETERMINERS:
            verbs += 2  # "understand and evaluate the ...": one instruction's verbs
        j = verbs if lower[verbs] in _DETERMINERS else j
    return j


_EFFORTS = frozenset({"effort", "efforts"})
# Words that begin a noun phrase: after an item's first word they show it to be a verb.
_DETERMINERS = _ARTICLES | {"its", "their", "all", "any", "each", "every", "this", "these", "those"}
# Sets joined once, not for each word tested against them.
_MODIFIERS = _DETERMINERS | _QUALIFIERS
_PEOPLE_MODIFIERS = _ARTICLES | _QUALIFIERS | {"all", "every", "each", "relevant"}
_PURPOSES_OR_INSTRUCTIONS = _PURPOSE_VERBS | _OPENERS - {"further"}


def _past_verb_opening(lower: list[str], i: int, first_word: bool) -> int:
    """Past an opening instruction that no word list names, read from the words around it:
    "Engage with partner agencies to agree X" and "Consolidate the existing use of X" open with a
    verb, as does "Streamline X and ensure ..." where it is the item's first word (an instruction
    coordinated with another)."""
    first = lower[i]
    if (
        first in _DETERMINERS | _PHRASE_ENDS | {"as", "and", "or"}
        or not first.isalpha()
        or lower[i + 1] in ("of", "'s", "'", "and", ",", "-")
        or first.endswith("ed")  # "looked after children's outcomes": a participle
        or (first.endswith("ing") and len(first) > 5)  # "keeping in touch": a gerund names the work
    ):
        return i
    if lower[i + 1] == "with":
        to = next((n for n in range(i + 2, min(i + 9, len(lower) - 1)) if lower[n] == "to"), None)
        if to is not None and lower[to - 1] not in _LINKS:  # "work with partners to agree the aims"
            return _past_openers(lower, to + 2)
    if lower[i - 1 : i] == ["to"] and lower[i + 1] in _ARTICLES | {"its", "their"}:
        return i + 1  # "take steps to support the identification of ...": an infinitive
    if kind_of(first) is None and (
        lower[i + 1] in _DETERMINERS
        or (
            first_word
            and any(lower[n : n + 2] in (["and", "ensure"], ["and", "make"]) for n in range(i + 2, len(lower) - 1))
        )
    ):
        return i + 1
    return i


def _is_people(subject: list[str]) -> bool:
    """Whether a clause's subject is people ("all social workers", "the board"), not a thing
    ("children's records")."""
    words = [w for w in subject if w not in _PEOPLE_MODIFIERS]
    if "‘" in words and "'" in words[words.index("‘") :]:
        # "‘staying put’": a term in quotation marks, whose closing mark (read as "'") is no possessive's.
        opened = words.index("‘")
        closed = words.index("'", opened)
        words = words[:opened] + words[opened + 1 : closed] + words[closed + 1 :]
    if "'s" in words or "'" in words:
        words = words[len(words) - words[::-1].index("'s" if "'s" in words else "'") :]  # "children's records"
    if not words:
        return True
    # The head noun decides: "supervision for all social workers" is supervision, "information from
    # all agencies" information.
    end = next((n for n, word in enumerate(words) if n and (word in _LINKS or word in ("who", "from"))), len(words))
    if words[end - 1] in _PEOPLE | _PLACEHOLDERS:
        return True
    if end < len(words) and words[end - 1] not in _PEOPLE and words[0] not in _PEOPLE:
        return False
    # "children and young people assessed as in need", "children in care": people described;
    # "child protection conferences", "children's records": things.
    return any(
        word in _PEOPLE
        and (
            n + 1 == len(words)
            or words[n + 1] in _LINKS | {"and", "who"}
            or words[n + 1].endswith("ed")
            # "staff working with children", "children waiting for adoption": people described.
            or (words[n + 1].endswith("ing") and words[n + 2 : n + 3] and words[n + 2] in _LINKS | _ARTICLES)
        )
        for n, word in enumerate(words[:3])
    )


# What may stand between a verb and its predicate: "is taken to increase", "are held in".
_BEFORE_PREDICATE = _VERBS | _LINKS | _PARTICIPLES | _PLACEHOLDERS | {"and"}


# What a board is to be able to do, after "is" or "are": it acts, as a board that "monitors" does.
_ABLE = (["able", "to"], ["effective", "in"])


def _past_verb(lower: list[str], verb: int) -> int:
    """The start of a clause's predicate past its verb: "provide regular supervision" -> "regular
    supervision"; "appropriate action is taken to increase the range" -> "the range"."""
    i = verb
    while i < len(lower) and _adverb(lower[i]):
        i += 1
    i += 1  # the verb itself: "managers provide ...", "the board reviews ..."
    while i < len(lower) and (lower[i] in _BEFORE_PREDICATE or _adverb(lower[i]) or lower[i].endswith("ed")):
        i += 1
    return _past_openers(lower, i)


_NOT_ADVERBS = frozenset(
    {"timely", "early", "family", "only", "likely", "friendly", "weekly", "monthly", "quarterly", "daily", "elderly"}
)


def _adverb(word: str) -> bool:
    return (word.endswith("ly") and word not in _NOT_ADVERBS) or word == "always"


def _verb_at(lower: list[str], start: int) -> int | None:
    """Where the verb of a clause starting at `start` begins, if within its first fourteen words."""
    relative = False
    for n in range(start + 1, min(start + 15, len(lower))):
        if lower[n - 1] == "to":
            continue  # "the system to manage contacts" names the system
        if lower[n] == "who":
            relative = True  # "children who are looked after have ...": the subject goes on
            continue
        if relative and (lower[n] in _VERBS or lower[n].endswith("ed") or lower[n] == "after"):
            relative = lower[n] in _VERBS
            continue
        if lower[n] in _NOUN_VERBS and lower[n - 1] not in _PEOPLE:
            continue  # "social work visits", "the use of": a noun unless people do it
        if lower[n] in _VERBS or (_adverb(lower[n]) and n + 1 < len(lower) and lower[n + 1] not in _LINKS):
            return n
        if (
            lower[n] == ","
            and lower[n + 1 : n + 2]
            and lower[n + 1] in _LINKS | _MANNERS
            and "," in lower[n + 2 : n + 12]
        ):
            # "staff and partners, through the board, understand ...": an aside between the
            # subject and its verb does not end the clause.
            aside_end = lower.index(",", n + 2)
            return _verb_at(lower, aside_end) if aside_end + 1 < len(lower) and lower[aside_end + 1] in _VERBS else None
        if lower[n] in (",", ";", "."):
            return None
    return None


def _aspect_head(lower: list[str], i: int) -> tuple[int, list[str]]:
    """The aspects an item names before its object ("the quality and timeliness of ..."), and where
    the object starts."""
    start = i
    while i < len(lower) and lower[i] in _ARTICLES:
        i += 1
    if _aspect_at(lower, i) is None:
        while i < len(lower) and lower[i] in _QUALIFIERS:
            i += 1
    # "Managers' oversight of", "leaders' knowledge of": whose it is does not change what it is.
    for possessor in (1, 2):
        if i + possessor + 1 < len(lower) and lower[i + possessor] in ("'s", "'"):
            if _aspect_at(lower, i + possessor + 1):
                i += possessor + 1
            break
    if lower[i : i + 2] == ["approach", "to"]:
        return i + 2, []  # "a more robust approach to the use of the PLO"
    respects, k = _respects_listed(lower, i)
    if lower[k : k + 2] in ([link, "which"] for link in ("with", "in", "by", "to", "at")) and respects is not None:
        # "The effectiveness (speed, extent) with which information is recorded": the respect is
        # a noun of its own, and the object is the clause's subject. So is each of a list of them:
        # "the effectiveness and timeliness with which risks to children are assessed" is about
        # risks, not a respect of nothing (South Gloucestershire's 2021 focused visit).
        start, found = _aspect_head(lower, k + 2)
        return start, found or respects
    if i + 1 < len(lower) and lower[i] in _MEASURE_WORDS and lower[i + 1] == "of":
        return _aspect_head(lower, i + 2)
    if lower[i : i + 2] in ([w, "of"] for w in OTHER_RESPECTS):
        return _aspect_head(lower, i + 2)  # "the effectiveness of the designated officers": the officers
    found: list[str] = []
    j = i
    while (match := _aspect_at(lower, j)) is not None:
        name, width = match
        found.append(name)
        j += width
        # "the timeliness, accuracy and accessibility of ...": respects no aspect measures go by.
        while j + 2 < len(lower) and lower[j] in ("and", ",") and lower[j + 1] in OTHER_RESPECTS:
            j += 2
        if j < len(lower) and lower[j] in ("and", ",") and _aspect_at(lower, j + 1):
            j += 1
            continue
        break
    if found:
        # "Quality and sensitivity in the way that letters are written": the respects, those no
        # aspect measures too, are of what the manner clause says is done, its subject.
        k = j
        while k < j + 3 and k < len(lower) and lower[j] in ("and", ",") and lower[k] not in _LINKS | _ARTICLES:
            k += 1
        if (subject := _manner_clause(lower, k)) is not None:
            return subject, list(dict.fromkeys(found))
    if found and j + 1 < len(lower) and _links(lower, j):
        j += 1 + (lower[j + 1] == "which")
        return j, list(dict.fromkeys(found))
    return start, []


_MANNER_RESPECTS = OTHER_RESPECTS | _MEASURE_WORDS | {"way", "ways", "manner", "pace", "speed"}


def _respects_listed(lower: list[str], i: int) -> tuple[list[str] | None, int]:
    """The aspects named by the respects listed from `i` ("the effectiveness and timeliness"), and
    where the list ends; None where no respect begins at `i`."""
    named: list[str] | None = None
    k = i
    while k < len(lower):
        match = _aspect_at(lower, k)
        if match is None and lower[k] not in _MANNER_RESPECTS:
            break
        named = (named or []) + ([match[0]] if match else [])
        k += match[1] if match else 1
        if not (lower[k : k + 1] in (["and"], [","]) and k + 1 < len(lower)):
            break
        if _aspect_at(lower, k + 1) is None and lower[k + 1] not in _MANNER_RESPECTS:
            break
        k += 1
    return (list(dict.fromkeys(named)) if named is not None else None), k


def _manner_clause(lower: list[str], k: int) -> int | None:
    """Where the subject of a passive manner clause at `k` begins ("in the way that letters are
    written", "of how plans are recorded" -> "letters", "plans"); None where no such clause is there:
    an active one ("in the way the service responds") is left as it was read."""
    if lower[k : k + 1] not in (["in"], ["of"]):
        return None
    n = k + 1 + (lower[k + 1 : k + 2] == ["the"])
    if lower[n : n + 1] == ["how"] and lower[n + 1 : n + 2] and not (_adverb(lower[n + 1]) or lower[n + 1] == "well"):
        subject = n + 1  # "of how well ... are met" asks about a manner: `_how` reads it
    elif lower[n : n + 1] and lower[n] in ("way", "ways", "manner") and lower[n + 1 : n + 2] == ["that"]:
        subject = n + 2
    elif lower[n : n + 1] and lower[n] in ("way", "ways", "manner") and lower[n + 1 : n + 3] == ["in", "which"]:
        subject = n + 3
    else:
        return None
    verb = _verb_at(lower, subject)
    return subject if verb is not None and lower[verb] in ("is", "are", "was", "were") else None


def _links(lower: list[str], j: int) -> bool:
    """Whether an aspect at the head leads on to its object: "timeliness of", "capacity in"; not
    "capacity to manage" (a verb follows)."""
    if lower[j] != "to":
        return lower[j] in _LINKS
    return lower[j + 1] in _ARTICLES | _PEOPLE | {"all", "their", "its"}


def _aspect_at(lower: list[str], i: int) -> tuple[str, int] | None:
    heads = _aspect_heads()
    for width in (4, 3, 2, 1):
        words = " ".join(lower[i : i + width]).replace(" - ", "-")  # "take - up", as tokenized, is "take-up"
        if words in heads:
            return heads[words], width
    return None


@cache
def _aspect_heads() -> dict[str, str]:
    """Each aspect's head words and its name, the first listed where two aspects share them: one
    look-up for each width of words tried."""
    heads: dict[str, str] = {}
    for aspect in aspects().values():
        for words in aspect.head:
            heads.setdefault(words, aspect.name)
    return heads


def _clause_end(lower: list[str], start: int) -> int:
    return next(
        (
            n
            for n in range(start, len(lower))
            if lower[n] in _CLAUSE_ENDS
            or lower[n : n + 2] == ["in", "order"]
            # "to inform timely decisions", "and ensure ...": what the item is for, or another instruction.
            or (lower[n] == "to" and lower[n + 1 : n + 2] and lower[n + 1] in _PURPOSE_VERBS)
            or (lower[n] == "and" and lower[n + 1 : n + 2] and lower[n + 1] in _SECOND_INSTRUCTIONS)
        ),
        len(lower),
    )


# Built once, not for each word tested: words ending a clause; the instruction words that begin a
# second instruction after "and" (`_clause_end`, `_ensured`) and a new one after an object (`_stop`).
_CLAUSE_ENDS = frozenset({".", ";", *_CLAUSE_WORDS})
_SECOND_INSTRUCTIONS = _OPENERS - {"and", "to", "further"}
_NEW_INSTRUCTIONS = _OPENERS - {"out"} | {"assure"}


def _stop(lower: list[str], start: int, end: int) -> int:
    """Where the phrase starting at `start` ends: at a full stop, a new clause ("so that",
    ", including", "to ensure", "which", a verb), or the means ("by", "through")."""
    stop, relative = start, False
    while stop < end:
        word = lower[stop]
        following = lower[stop + 1] if stop + 1 < len(lower) else ""
        if word in (".", ";", ":", "?") or (
            # "the identification of, and response to, risks": a comma after "of" shares what follows.
            word == "," and following in _CLAUSE_AFTER_COMMA and lower[stop - 1] not in _LINKS
        ):
            break
        relative |= word == "who"  # "children who are not yet approved": the cohort, not a new clause
        # "to understand why they are in care": what is to be understood, a question, not a new clause.
        relative |= word in ("why", "what") and lower[stop - 1 : stop] in (["understand"], ["know"])
        # "arrangements to ensure children are protected": what the arrangements are for names them.
        relative |= word == "to" and following in _PURPOSE_VERBS and _enabler(lower[start:stop])
        if word == "which" and lower[stop - 1 : stop] in (["at"], ["by"], ["from"]) and _bare(lower[start : stop - 1]):
            # "the point at which pathway planning starts": a bare head's clause is what it is about.
            relative = True
            stop += 1
            continue
        if word in ("when", "where") and (_which(lower[start:stop]) or _circumstance(lower, start, stop, end)):
            # "all arrangements when children are placed with parents", "the clarity of decision-making
            # when children are cared for in their wider family": which arrangements, which decisions.
            relative = True
            stop += 1
            continue
        if (
            stop > start
            and (
                word in _CLAUSE_WORDS
                or (word == "to" and following in _PURPOSE_VERBS and not _enabler(lower[start:stop]))
                or (word == "in" and following == "order")
                or (word in ("is", "are", "was", "were") and not relative)
                or (word == "and" and following in _NEW_INSTRUCTIONS)  # not "move in and out"
                or (
                    word == "by"
                    and (stop > start + 2 or following.endswith("ing"))
                    and following != "and"
                    and not _affected(lower[start:stop])
                )
                or (word == "within" and (following.startswith(("timescale", "statutory")) or following.isdigit()))
                or (word == "in" and following in _ARTICLES and {"way", "manner"} & set(lower[stop + 2 : stop + 4]))
            )
        ):
            break
        stop += 1
    return stop


def _affected(words: list[str]) -> bool:
    """Whether a phrase ends on children and a participle ("children affected", "young people
    exploited"): the "by" after it says which children (by domestic abuse), not the means."""
    return len(words) > 1 and words[-1].endswith("ed") and words[-2] in _COHORT_NOUNS


_COHORT_NOUNS = frozenset({"child", "children", "people", "leavers", "adolescents", "families", "parents", "carers"})


def _list_end(lower: list[str], start: int, stop: int) -> int | None:
    """Where a long object's list ends, if it ends within the object's length: at the first word
    after its last "and" that begins a phrase of its own ("... and return home interviews | with
    children who ...", "... and unaccompanied young people | as they ..."). Cut at the list's first
    comma, an object drops every part after it."""
    alpha = [n for n in range(start, stop) if lower[n].isalpha()][:MAX_OBJECT_WORDS]
    last_and = next((n for n in reversed(alpha) if lower[n] == "and"), None)
    if last_and is None or "," not in lower[start:last_and] and "and" not in lower[start:last_and]:
        return None  # one "and", no list before it: "X and Y" is cut as before
    end = next((n for n in range(last_and + 2, stop) if lower[n] in _LIST_ENDS or lower[n] in (",", "or")), None)
    if end is None or lower[end] not in _LIST_ENDS or end > alpha[-1] + 1 or _bare(lower[last_and + 1 : end]):
        return None  # the list goes on, or past the length, or its last part names nothing alone ("its fit")
    return end


# Words that begin a phrase of its own after a list's last part (who it is with, a clause), not a
# relative saying which ("children who go missing") that the part keeps.
_LIST_ENDS = frozenset({"with", "as", "when", "where", "so", "through"})


def _bare(words: list[str]) -> bool:
    """Whether a phrase is one noun with at most a determiner ("all arrangements", "support"): it
    names nothing until a clause says which."""
    words = " ".join(words).replace(" - ", "-").split()  # "decision-making" is one noun
    return len([word for word in words if word not in _MODIFIERS]) == 1


def _circumstance(lower: list[str], start: int, at: int, end: int) -> bool:
    """Whether a "when" or "where" clause ends the item and names the children or the circumstance
    its object is about ("risk assessment and planning where children are at risk of exploitation"),
    within the object's length: what the item asks to change is that practice in that circumstance."""
    rest = lower[at + 1 : end]
    close = next(
        (
            n
            for n, word in enumerate(rest)
            if word in {".", ";", ",", "?", *_CLAUSE_WORDS}
            or rest[n : n + 2] == ["in", "order"]
            or (word in ("to", "and") and rest[n + 1 : n + 2] and rest[n + 1] in _PURPOSES_OR_INSTRUCTIONS)
        ),
        len(rest),
    )
    return (
        lower[end : end + 1] in ([], ["."], ["?"])  # the item's end, not its verb's ("... when children are evaluated")
        and (close == len(rest) or rest[close] in (".", "?"))
        # A circumstance, not a manner ("where necessary", "when required") or a judgement ("where it is right").
        and close >= 3
        and rest[0] not in ("it", "this", "that")
        and sum(word.isalpha() for word in lower[start : at + 1 + close]) <= MAX_OBJECT_WORDS
    )


def _which(words: list[str]) -> bool:
    """Whether a phrase names nothing until a clause says which: one noun ("all arrangements") or
    one respect of one noun ("the clarity of decision-making"), not a number ("the age of 18")."""
    if words.count("of") > 1 or not words or not words[-1].isalpha():
        return False
    return _bare(words[words.index("of") + 1 :] if "of" in words else words)


# Things that exist for a purpose: "arrangements (in place) to support care leavers with their health"
# is about that support, so the purpose stays in the object.
_ENABLERS = frozenset({"arrangements", "processes", "systems", "mechanisms", "procedures", "structures", "mechanism"})


def _enabler(words: list[str]) -> bool:
    words = words[:-2] if words[-2:] == ["in", "place"] else words
    return bool(words) and words[-1] in _ENABLERS


def _object(
    text: str, tokens, lower: list[str], start: int, end: int, head: list[str], clause_end: int
) -> ItemObject | None:
    """The object from `start`, cut at its phrase's end; its aspects from the head, else from the
    item's words up to the object's end (or `clause_end`, past it)."""
    if head:
        start = _past_whose(lower, start)
    stop = _stop(lower, start, end)
    # "a timely return home interview" is a return home interview; "the timely and robust
    # identification" is identification: qualities and what joins them go before the object is cut.
    while start < stop and (
        lower[start] in _QUALIFIERS
        or (lower[start] in _ARTICLES and lower[start + 1 : start + 2] and lower[start + 1] in _QUALIFIERS)
        or (lower[start] in ("and", ",") and lower[start - 1 : start] and lower[start - 1] in _QUALIFIERS)
    ):
        start += 1 + (lower[start] in _ARTICLES)
    if sum(word.isalpha() for word in lower[start:stop]) > MAX_OBJECT_WORDS:
        # Not at an "and" joining qualities ("achieving timely | and consistent improvement"), which
        # leaves a quality with no noun: the object's end is past the noun they qualify.
        stop = _list_end(lower, start, stop) or next(
            (
                n
                for n in range(start + 5, stop)
                if lower[n] == "," or (lower[n] == "and" and lower[n - 1] not in _QUALIFIERS)
            ),
            stop,
        )
    if stop > start + 2 and lower[stop : stop + 1] == ["by"] and lower[stop - 1].endswith("ed"):
        stop -= 1  # "critical challenge provided (by ...)"
    while stop > start and lower[stop - 1] in _LOOSE_ENDS:
        stop -= 1
    while start < stop and lower[start] in _LOOSE_ENDS - _ARTICLES:
        start += 1
    negated = next((n for n in range(start + 1, min(start + 4, stop - 1)) if lower[n] in ("delay", "wait")), None)
    if lower[start] == "no" and negated is not None and lower[negated + 1] in ("in", "for", "to"):
        start = negated + 2  # "no (undue) delay in the completion of assessments": the completion, and its timeliness
    if start >= stop:
        return None
    words = text[tokens[start].idx : tokens[stop - 1].idx + len(tokens[stop - 1].text)]
    placed = next((n for n in range(start + 1, stop - 2) if lower[n : n + 2] == ["in", "place"]), None)
    if placed is not None:  # "arrangements in place to support ..." -> "arrangements to support ..."
        words = (
            text[tokens[start].idx : tokens[placed].idx].rstrip()
            + " "
            + text[tokens[placed + 2].idx : tokens[stop - 1].idx + len(tokens[stop - 1].text)]
        )
    first = tokens[start].text
    if start == 0 and first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        words = words[0].lower() + words[1:]  # the item's capital, not a name's
    # A circumstance the object takes ("... where children's circumstances do not improve quickly
    # enough") names no aspect of it.
    named_end = next(
        (n for n in range(start + 1, stop) if lower[n] in ("when", "where") and _circumstance(lower, start, n, end)),
        stop,
    )
    # A part listed after an object read to the item's end (", and the process of escalation and
    # challenge") names its own aspects, not the object's: "workloads of chairs, and ... challenge" is
    # not oversight of workloads. A clause's predicate ("plans are ..., and reviewed on time") is its own.
    listed = next(
        (n for n in range(stop, clause_end) if end == len(lower) and lower[n : n + 2] == [",", "and"]), len(tokens)
    )
    last = tokens[min(max(named_end, clause_end), listed, len(tokens)) - 1]
    named = head or _aspects_named(text[: last.idx + len(last.text)])
    first_word = next((n for n in range(start, stop) if lower[n] not in _MODIFIERS), start)
    if not head and named[:1] == ["oversight"] and (_aspect_at(lower, first_word) or ("",))[0] == "oversight":
        # "Management oversight, direction and challenge" is what the object is called: its
        # template's "oversight of management oversight" says nothing.
        named = named[1:]
    elif not head and named[:1] == ["oversight"] and _names_a_body(lower[start:stop]):
        # "The overview and scrutiny panel", "a challenge group": oversight that names a body the item
        # asks about, not its respect; the case panel's or the board's measures are not for it either.
        named = named[1:]
    elif not head and named[:1] == ["oversight"] and "oversight" in lower[start:stop]:
        # "Managers' and IROs' oversight and challenge": the oversight is the object, and the item
        # asks for it to be better, not overseen: its quality, graded in audit.
        named = list(dict.fromkeys(["quality", *named[1:]]))
    words_of = lower[start:stop]
    board = words_of[:1] == ["its"] or any(_is_board(word) for word in words_of[: _possessive(words_of)])
    # What the object is, with what it is of or from ("learning from case reviews"), but not what it
    # is between, for or about: "formal links between the adoption panel and managers" are links.
    # An arrangement is what it is for: "arrangements to manage allegations" are about allegations.
    head_end = start + next(
        (
            n
            for n, word in enumerate(words_of)
            if word in _HEAD_ENDS and not (word in ("to", "for") and words_of[n - 1 : n] and _enabler(words_of[:n]))
        ),
        len(words_of),
    )
    head = text[tokens[start].idx : tokens[head_end - 1].idx + len(tokens[head_end - 1].text)]
    kind = _kind(words_of)
    if (
        named[:1] == ["timeliness"]
        and kind == "governance"
        and not _council_plan(lower[start:head_end])
        and any(_handles_cases(w) for w in lower[start:head_end])
    ):
        # The time "triage arrangements" or "strategy meetings and the inclusion of partners" take
        # is the time each case takes in them: a time measure case by case, not a project's steps.
        kind = "casework"
    elif named[:1] == ["oversight"] and kind == "governance" and not board and _names_children(words_of):
        # "Oversight of arrangements when care leavers move ...", "the tracking and monitoring of
        # children missing from education": oversight of children's cases, which their managers
        # record, not a body's scrutiny of a mechanism with its challenges tracked at meetings. A
        # board's is the board's business (`as_board`).
        kind = "casework"
    return ItemObject(text=words, aspects=tuple(named[:2]), kind=kind, board=board, head=head)


# Words naming children whose cases an object is about.
_CHILDREN_CASES = frozenset({"child", "children", "leavers", "people"})


# Those whose oversight (or other respect) an item may name before what it is over.
_WHOSE = frozenset({"managers", "manager", "leaders", "leader", "iros", "officers", "practitioners", "chairs"})


def _past_whose(lower: list[str], start: int) -> int:
    """Where the object begins past whose respect it is: "(the oversight of) team managers in
    relation to the progression of children's plans" is over the plans' progression, not the
    managers (Herefordshire 2021's letter measured "staff with team managers ... in date")."""
    for n in range(start, min(start + 3, len(lower))):
        if lower[n] in _WHOSE:
            if lower[n + 1 : n + 4] == ["in", "relation", "to"]:
                return n + 4
            if lower[n + 1 : n + 2] in (["regarding"], ["over"]):
                return n + 2
            break
    return start


def _names_children(words: list[str]) -> bool:
    """Whether an object names children themselves, not a thing of theirs ("children's services")."""
    return any(
        word in _CHILDREN_CASES and following not in ("'s", "'") for word, following in zip(words, [*words[1:], ""])
    )


# Bodies that may be named by what they do ("scrutiny panel", "challenge group").
_BODIES = frozenset({"panel", "panels", "committee", "committees", "group", "groups", "sub-group", "forum", "board"})
_OVERSIGHT_NAMES = frozenset({"scrutiny", "overview", "challenge", "monitoring"})


def _names_a_body(words: list[str]) -> bool:
    """Whether a word of oversight in the object is a body's name ("the political scrutiny panel")."""
    return any(word in _OVERSIGHT_NAMES and following in _BODIES for word, following in zip(words, words[1:]))


# Where an object's first noun phrase ends: "assessments | for children", "care and pathway plans | for".
_PHRASE_ENDS = _LINKS | {"who", "that", "which", "between", "from", "by", "through", "so", "when", "where"}
_HEAD_ENDS = _PHRASE_ENDS - {"of", "from"}


def _kind(words: list[str]) -> str:
    """The kind of thing an object is, from its head noun ("initial health assessments for children"
    is casework, "the board's data" governance); where the head names no kind, from the first word
    that does; casework where none does."""
    end = next((n for n, word in enumerate(words) if word in _PHRASE_ENDS), len(words))
    head = words[end - 1 : end]
    if words[end + 1 : end + 2] == ["which"] and _bare(words[:end]):
        # "the point at which pathway planning starts": the clause's subject is the thing, and a
        # noun phrase's head is its last noun ("pathway planning" is planning).
        verb = next((n for n in range(end + 2, len(words)) if words[n] in _VERBS), len(words))
        head = [word for word in words[end + 2 : verb] if kind_of(word)][-1:]
    if _council_plan(words[:end]):
        return "governance"
    if head and head[0] in _PUTTING_INTO_EFFECT and words[end : end + 1] == ["of"]:
        # "Swift implementation of the integration project plan": putting the council's plan into
        # effect is the council's business, as the plan is.
        plan_end = next((n for n in range(end + 1, len(words)) if words[n] in _PHRASE_ENDS - {"and"}), len(words))
        if _council_plan([word for word in words[end + 1 : plan_end] if any(map(str.isalnum, word))]):
            return "governance"
    return next((kind for word in head + words if (kind := kind_of(word))), "casework")


_PUTTING_INTO_EFFECT = frozenset({"implementation", "delivery", "development", "embedding"})


def has_verb(text: str) -> bool:
    """Whether a phrase holds a clause's verb ("for children in need identify the risks"), and so is
    no qualifier of a noun."""
    return any(word in _VERBS for word in text.lower().split())


def noun_phrase(text: str) -> bool:
    """Whether a listed part names a thing ("the challenge from chairs"), not a pronoun's ("those
    provided"), a verb's ("have impacted upon practice") or a participle's ("the challenge brought"),
    though a relative clause may end in one ("children who are home educated")."""
    words = text.lower().split()
    participle = _participle(words) and not _RELATIVES & set(words)
    return bool(words) and words[0] not in _NOT_PHRASE_OPENERS and not participle and ";" not in text


_NOT_PHRASE_OPENERS = frozenset(
    {"those", "these", "them", "have", "has", "is", "are", "be", "was", "whether", "where", "when", "how", "what"}
)


def _council_plan(words: list[str]) -> bool:
    """A plan is a child's unless a word of governance makes it the council's or a board's ("all
    strategic plans", "the partnership plan"), or it is a service's or the improvement's ("service
    plans", "the improvement plan"): those are not casework, nor timed case by case."""
    return (
        len(words) > 1
        and words[-1].startswith("plan")
        and (kind_of(words[-2]) == "governance" or words[-2] in _COUNCILS_PLANS)
    )


# What a plan is of where it is the council's, not a child's: its services, its improvement, a project
# or an integration of its teams.
_COUNCILS_PLANS = frozenset({"service", "services", "improvement", "project", "integration"})


def object_kind(text: str) -> str:
    """The kind of thing a phrase names, as for an object (`_kind`)."""
    return _kind(text.lower().split())


def _possessive(words: list[str]) -> int:
    """Where a possessive ends the object's first words ("the board's ..."), else 0."""
    return next((n for n, word in enumerate(words[:5]) if word in ("'s", "'")), 0)


def _aspects_named(text: str) -> list[str]:
    """Aspects an item names in its main clause, earliest first: "Ensure that conferences are held
    within statutory timescales" is about timeliness."""
    found = [(match.start(), aspect.name) for aspect in aspects().values() if (match := aspect.cues.search(text))]
    return [name for _, name in sorted(found)]


# A purpose clause's subject that stands for the object: "... across the council, so this is prioritised".
_STAND_INS = frozenset({"this", "it", "they", "these", "this work"})


def item_purpose(text: str, thing: ItemObject | None = None) -> str | None:
    """What the item says it is for, as the result to look for, in its own words: "Develop the
    framework so that service effectiveness can be evaluated" -> "that service effectiveness can
    be evaluated"; "Develop protocols to support agencies in responding to FGM" -> "of protocols
    ... working to support agencies in responding to FGM". A pronoun standing
    for the object is the object. None where the item names no purpose, or only the object's own
    ("arrangements to support care leavers")."""
    text = _unpointed(text)
    tokens, lower = _words(text)  # the item's object was read from these a moment ago
    opened = _past_openers(lower, _past_condition(lower, _past_manner(lower, _after_actor(lower))))
    # The first sentence's purpose: a second sentence is a second instruction ("... are risk
    # assessed. In addition, ensure that closed cases are reviewed" is not what the first is for).
    sentence = next((n for n in range(opened + 1, len(lower) - 1) if lower[n] == "."), len(lower))
    for n in range(opened + 1, min(sentence, len(lower) - 2)):
        word, following = lower[n], lower[n + 1]
        that = (
            # "so as to avoid delays" is an infinitive's purpose, read below as "in order to" is.
            (
                word == "so"
                and following != "as"
                and (following == "that" or lower[n - 1] == "," or following in _STAND_INS)
            )
            or (word == "to" and following == "ensure")
            or (word == "to" and lower[n + 1 : n + 3] == ["make", "sure"])
            or (lower[n - 2 : n] == ["in", "order"] and word == "that")
        )
        if that:
            start = n + 1 + (following in ("that", "ensure")) + 2 * (following == "make")
            start += lower[start : start + 1] == ["that"]
            if start >= len(tokens):
                return None
            ends = _instruction_end(text, tokens, lower, n)
            clause = text[tokens[start].idx : ends]
            if thing is not None and lower[start] in _STAND_INS:
                clause = (thing.bare or thing.text) + text[tokens[start].idx + len(tokens[start].text) : ends]
            opens_phrase = lower[start] in _MODIFIERS or lower[start].endswith(("ed", "er"))
            if following == "ensure" and lower[n + 2] != "that" and opens_phrase and _verb_at(lower, start) is None:
                return f"of {clause.rstrip(' ,')}"  # "to ensure a robust framework for ...": a thing, not a clause
            return f"that {clause.rstrip(' ,')}"
        # "initiatives introduced (or set up) to support ...": what they are for, not the item. "In
        # order to" says a purpose whatever its verb ("in order to hear and act upon their voice").
        ordered = lower[n - 2 : n] in (["in", "order"], ["so", "as"])
        if (
            word == "to"
            and (following in _PURPOSE_VERBS or ordered)
            and following != "make"
            and not _participle(lower[n - 2 : n])
        ):
            # "arrangements to support care leavers": the object's own purpose, unless the object
            # is a generic head extended to it ("systems to enable ...").
            if thing is not None and f"to {following}" in thing.text.lower() and not thing.bare:
                return None
            working = text[tokens[n].idx : _instruction_end(text, tokens, lower, n)].rstrip(" ,")
            if thing is not None and thing.bare and f"to {following}" in thing.text.lower():
                working = thing.text[len(thing.bare) + 1 :]  # the whole of what the generic head is for
            return f"of {(thing.bare or thing.text) if thing else 'it'} working {working}"
    return None


def own_purpose(thing: ItemObject) -> str | None:
    """What the object itself says it is for, as the result to look for: "partnership arrangements
    to enable effective working together" -> "of partnership arrangements working to enable
    effective working together". None where it says nothing of the kind."""
    words = thing.text.split()
    at = next(
        (n for n in range(1, len(words) - 3) if words[n] == "to" and words[n + 1].lower() in _PURPOSE_VERBS),
        None,
    )
    return None if at is None else f"of {' '.join(words[:at])} working {' '.join(words[at:])}"


def item_result(text: str, thing: ItemObject | None = None) -> str | None:
    """The result the item asks for, in its own words: what it says it is for (`item_purpose`), else
    the state it asks to be made true: "Ensure that care leavers are in education, employment or
    training" -> "that care leavers are in education, employment or training". A state that names an
    aspect ("Ensure that the board receives timely data") is that aspect's to measure. None where it
    names neither."""
    purpose = item_purpose(text, thing)
    if purpose and purpose.startswith("of ") and " in order to " in text.lower():
        # "Ensure that life-story work includes ... in order to create a lasting record": the state
        # asked for is the result to look for; the reason for it is further off.
        return _ensured(text) or purpose
    if purpose or (thing is not None and thing.aspects):
        return purpose
    return _ensured(text)


_BY_ENSURING = re.compile(r"[, ]by (?:ensuring|making sure)(?: that)?\s*:?\s*[–—-]?\s*", re.I)
_DASHED = re.compile(r"\s+[–—]\s+")


def means_result(text: str) -> str | None:
    """The state an item's means asks to be made true, where it improves one thing by ensuring
    another: "Improve the quality of services to care leavers by ensuring that: – visits are
    purposeful – care leavers gain independence skills" -> "that visits are purposeful, care leavers
    gain independence skills". What the object is made better by is what shows it better, where its
    own measure would count only the work done (a service's users satisfied, a board's actions
    closed). None where the item names no such means in its first sentence."""
    text = _unpointed(text)
    found = _BY_ENSURING.search(text.split(". ")[0])
    if found is None:
        return None
    # A printed list's dashes part it as commas do.
    state = _ensured(f"Ensure that {_DASHED.sub(', ', text[found.end() :])}")
    # "by ensuring that they are analysed": a pronoun may stand for a word of the object's, not for
    # the object, and names nothing alone.
    return None if state is None or state.split()[1].lower() in _STAND_INS else state


def result_about_casework(result: str) -> bool:
    """Whether a stated result ("that children's plans are progressed") is about casework, by the
    head noun of its subject: a result about children's plans shows in a case audit whatever the
    object ("the impact of independent reviewing officers"); one about managers' information or
    children's attainment does not."""
    words = result.lower().replace("’", "'").split()[1:] if result.startswith("that ") else []
    end = next((n for n, word in enumerate(words) if word in _VERBS | _PHRASE_ENDS or word.endswith(",")), len(words))
    return bool(words[:end]) and kind_of(words[end - 1].removesuffix("'s")) == "casework"


_SHOWING = frozenset({"evidence", "evidences", "demonstrate", "demonstrates", "show", "shows"})


def _ensured(text: str) -> str | None:
    """The clause an "Ensure that ..." or "Make sure ..." instruction asks to be true, to its end,
    its purpose or a second instruction; None where the instruction is another, or its words are
    not a clause ("Ensure sufficient placements")."""
    text = _unpointed(text)
    tokens, lower = _words(text)
    i = _past_condition(lower, _past_manner(lower, _after_actor(lower)))
    while i < len(lower) and (lower[i] in ("further", "and", "to") or _adverb(lower[i])):
        i += 1
    if lower[i : i + 1] in (["ensure"], ["ensuring"]):
        start = i + 1
    elif lower[i : i + 2] == ["make", "sure"]:
        start = i + 2
    else:
        return None
    start += lower[start : start + 1] == ["that"]
    start += lower[start : start + 1] == [","]  # "Ensure that, on a regular basis, the board ..."
    shown = next((n for n in range(start + 1, len(lower) - 1) if lower[n] in _SHOWING and lower[n + 1] == "that"), None)
    if shown is not None and (lower[start] in _PEOPLE or _is_people(lower[start:shown])):
        # "that members of the panel evidence that their work reduces risk": what people are to show is
        # the state asked for.
        start = shown + 2
    verb = _verb_at(lower, start) if start < len(lower) else None
    if verb is None:
        # A verb past a long subject, or a plural subject's verb in its plain form where the word list
        # has only the form with -s: "Ensure that assessments of children in care reflect their needs".
        verb = next(
            (
                n
                for n in range(start + 2, len(lower))
                if (lower[n] in _VERBS or f"{lower[n]}s" in _VERBS)
                and lower[n] not in _NOUN_VERBS
                and kind_of(lower[n]) is None  # "proactive support": a noun
                and lower[n - 1] not in _DETERMINERS | _LINKS
            ),
            None,
        )
    if verb is None:
        return None
    end = next(
        (
            n
            for n in range(start + 1, len(lower))
            if lower[n] in (".", ";", ":")
            or lower[n : n + 2] in (["so", "that"], ["in", "order"], [",", "so"])
            # "to improve ...": a purpose; "are supported to make the transition": what they are helped to do.
            or (
                lower[n] == "to"
                and lower[n + 1 : n + 2]
                and lower[n + 1] in _PURPOSE_VERBS
                and not lower[n - 1].endswith("ed")
            )
            # "... and ensure ...": a second instruction; "monitor and evaluate" is one verb phrase.
            or (
                lower[n] == "and"
                and lower[n + 1 : n + 2]
                and lower[n + 1] in _SECOND_INSTRUCTIONS
                and lower[n - 1] not in _VERBS | _OPENERS
            )
        ),
        len(lower),
    )
    if verb >= end:
        return None  # "Ensure that all plans ...: focus on ...": the clause's verb is past its end
    while end > start and lower[end - 1] in _LOOSE_ENDS:
        end -= 1
    said = [word for word in lower[verb + 1 : end] if not _adverb(word)]
    if lower[verb] in ("is", "are") and len(said) < 2:
        return None  # "Ensure that the business plan is current": the object made good, no result beyond it
    return f"that {text[tokens[start].idx : tokens[end - 1].idx + len(tokens[end - 1].text)]}"


def _instruction_end(text: str, tokens, lower: list[str], n: int) -> int:
    """Where the instruction holding word `n` ends in the text: a second instruction ("... and ensure
    that this work is reported", or a second sentence) is not part of the purpose."""
    end = next(
        (
            m
            for m in range(n + 2, len(lower) - 1)
            if (lower[m] == "and" and lower[m + 1] in _OPENERS) or lower[m] == "."
        ),
        None,
    )
    return tokens[end - 1].idx + len(tokens[end - 1].text) if end else len(text.rstrip(" .;"))


def _participle(words: list[str]) -> bool:
    """Whether the words end in a participle, with its particle: "introduced", "set up"."""
    return bool(words) and (words[-1].endswith("ed") or words[-1] in _PARTICIPLES or words[0] in _PARTICIPLES)


def _handles_cases(word: str) -> bool:
    """Whether a word of an object's head names work that children's cases pass through: an
    arrangement or a process, or casework itself ("meetings", "referrals")."""
    return word in _ENABLERS or word in ("arrangement", "process", "system") or kind_of(word) == "casework"


# Where an item goes on to list more of what it asks about: "..., including ...", "particularly".
# Narrower than the evidence ranking's cut (pipeline.enrich), which parts at every "and": a measure
# that names "children" and "young people" as two parts names neither.
_LISTING = re.compile(
    r"^\s*,?\s*(?:including|particularly|especially|in particular|as well as)\b\s*[,:]?\s*(?:[−–•]\s+)?", re.IGNORECASE
)
_LISTING_WORDS = ("including", "particularly", "especially", "in particular", "as well as")
_LIST_MARK = re.compile(r"\s*(?:,|\s[−–•]\s)\s*(?:and|or)?\s*")  # commas, or a printed list's dashes and bullets
# What ends the list: a purpose, a means, another clause ("so that", "to ensure", "and that") or
# the verb whose subject the list is ("direct work, including life-story work, is completed").
_LIST_END = re.compile(
    r"\s*(?:,\s*)?(?:\band\s+)?\b(?:so|to ensure|to make sure|in order|to improve|to enable|to support|through|by|"
    r"that|ensuring|to allow)\b.*$|(?<!who )\b(?:is|are)\b.*$|\.\s.*$",
    re.IGNORECASE,
)


def listed_parts(text: str, thing: ItemObject) -> tuple[str, ...]:
    """Each thing an item lists, where it lists more than its object ("the response to disabled
    children, children in private fostering arrangements, and children who are homeless" lists
    three; "visits, including life-story work" two), in its own words; () where it lists one."""
    if "," not in text and not any(word in text for word in _LISTING_WORDS):
        return ()  # most items: no list, and no need to look further
    text = _unpointed(text).rstrip(" .;")
    at = text.lower().find(thing.text.lower())
    if at < 0:
        return ()
    rest = text[at + len(thing.text) :]
    if listing := _LISTING.match(rest):
        pieces = [thing.text, *_LIST_MARK.split(_LIST_END.sub("", rest[listing.end() :]))]
    elif "," in thing.text and _LIST_MARK.match(rest):  # an object cut short at its list's last part
        pieces = _LIST_MARK.split(_LIST_END.sub("", thing.text + rest))
    else:
        return ()
    parts: list[str] = []
    joined = ""  # "support, advice and guidance for care leavers": one noun shares what follows
    for part in (part.strip(" ,") for part in pieces):
        if not part or part.lower().startswith(("but ", "not ")):
            continue
        if parts and part.split()[0].lower() in _LINKS:
            parts[-1] += f", {part}"  # "triage arrangements, for non-urgent referrals": which ones
        elif len(part.split()) == 1:
            joined += f"{part}, "
        else:
            parts.append(joined + part)
            joined = ""
    return tuple(parts) if len(parts) > 1 else ()


# What a list's last part shares with the others after it ("... harm | for children"), not a
# relative saying which ("children | who are home educated" is one part).
_SHARED_ENDS = _LINKS | {"from", "between"}
# Words that begin a noun phrase of its own after "and": "health histories and an awareness of ...".
_PART_OPENERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})


def coordinated(text: str) -> tuple[str, tuple[str, ...], str]:
    """An object's coordinated list: the words every part shares before it, its parts, and the
    words every part shares after it ("the response to | neglect, domestic abuse and extra-familial
    harm | for children"; "| unregulated placements, the application of the legal framework |").
    Without a comma, "and" joins parts only where a noun phrase of its own follows ("return home
    interviews and their impact"), not "children and young people". Single nouns are one thing
    sharing the last one's phrase ("support, advice and guidance for care leavers"): ("", (), "")
    then, as for one thing."""
    words = text.split()
    lower = [word.lower().strip(",") for word in words]
    commas = [n for n, word in enumerate(words) if word.endswith(",")]
    if commas:
        last = next((n for n in range(commas[-1] + 1, len(words)) if lower[n] in ("and", "or")), None)
        if last is None:
            return "", (), ""
        # The list is the complement of its first part's link ("the response to | neglect, ...") unless
        # its last part is a phrase of its own ("the panel, its links ... and the role of members").
        link = next((n for n in range(commas[0], -1, -1) if lower[n] in _PHRASE_ENDS), None)
        if link is None or lower[last + 1 : last + 2] and lower[last + 1] in _PART_OPENERS:
            link = -1
        pieces = [
            *(piece.strip() for piece in " ".join(words[link + 1 : last]).split(",")),
            " ".join(words[last + 1 :]),
        ]
        suffix = ""
        if link >= 0:  # what follows the last part is every part's: "... harm | for children"
            tail = pieces[-1].split()
            cut = next((n for n in range(1, len(tail)) if tail[n].lower() in _SHARED_ENDS), len(tail))
            pieces[-1], suffix = " ".join(tail[:cut]), " ".join(tail[cut:])
        prefix = " ".join(words[: link + 1])
    else:
        # Not inside what the object is of, to or between ("awareness among agencies and the community").
        linked = next((n for n, word in enumerate(lower) if word in _PHRASE_ENDS), len(words))
        ands = [n for n in range(1, linked - 1) if lower[n] == "and" and lower[n + 1] in _PART_OPENERS]
        bounds = [0, *(n + 1 for n in ands)]
        pieces = [" ".join(words[a:b]).removesuffix(" and") for a, b in zip(bounds, [*bounds[1:], len(words) + 1])]
        prefix = suffix = ""
    pieces = [piece for piece in pieces if piece]
    if (
        len(pieces) < 2
        or all(len(piece.split()) == 1 for piece in (pieces if suffix else pieces[:-1]))
        # A part with an "and" of its own before the list's last is a list within a list, or a clause
        # ("the identification, assessment and support to ... children, young people and their carers").
        or (commas and any("and" in piece.lower().split() for piece in pieces[:-1]))
        # A part that begins or ends with a link is a phrase's piece, not a thing ("within the
        # assessment team", "a commitment to, and ambition for, children").
        or any(piece.split()[0].lower() in _PHRASE_ENDS or piece.split()[-1].lower() in _LINKS for piece in pieces)
    ):
        return "", (), ""
    return prefix, tuple(pieces), suffix
