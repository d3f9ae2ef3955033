"""Whether a draft row fits its item, read by comparing the draft with the item's own words: the
checks behind "Check before use" that say a row needs rewriting rather than a light edit.

Each check is a rule over the item and its draft, never over a known item. They come from the ways
rated rows failed (docs/action-plan-review.md): a measure of another thing than the item's object, a
measure that counts the work done where the item asks for a result, an object misread from the
item (its verb kept, or a cohort or board alone), and an uncertain theme whose playbook has no step
about the item."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from .items import OTHER_RESPECTS, ItemObject, content_terms, item_object
from .playbook import aspects

# What, inside what an item asks to change, shows its verb was read into it ("BSCB needs to take
# steps", "the adoption panel works with ...", "the SSCB improves its communications", "challenge
# weaker outcomes"): the draft then names the instruction, not its subject.
_VERBS = frozenset("should must will would is are be been improves works takes ensures".split())
_BEFORE_TO = frozenset({"need", "needs", "able"})  # "needs to", "able to"
# Instruction verbs that are never nouns, which the item's object may open with where the parse kept
# them ("confirm permanence plans ...", "recruit more foster carers").
_OPENING_VERBS = frozenset(
    """challenge champion coordinate ensure improve take understand confirm recruit engage create give enhance
    refresh maximise maintain integrate involve align re-establish scrutinise consult prevent enable
    place receive""".split()
)
# A verb after one of these is the object's own clause ("children who are missing").
_RELATIVES = frozenset("who that which whose where when whether what".split())
# Words that open a clause asked about, which no noun phrase opens with.
_QUESTIONS = frozenset("how what whether why".split())
# Words an object may end on only when it was cut short ("current governance arrangements to ensure").
_CUT_ENDS = frozenset({"to", "and", "or", "of", "for", "the", "that", "which", "whose"})
# Qualities that end an object only where the noun they qualify was cut away.
_QUALITIES = frozenset({"timely", "consistent", "effective", "robust", "rigorous", "appropriate", "sufficient"})
# An object that is work by those who do it, or people at what they do: who acts, not what.
_DOERS = re.compile(
    r"(?:work|action|activity|steps) by\b"
    r"|(?:the |all )?(?:[\w'’-]+ ){0,2}?(?:leaders|managers|staff|workers|practitioners|partners) in \w+ing\b"
)
# Who may be named without what about them must change: a cohort, people who act, or a board.
_WHO = frozenset(
    """the all a an their its and of young people children child families family parents carers care leavers
    looked after staff partners partner agencies managers leaders workers social members elected lscb board
    partnership""".split()
)


@lru_cache(maxsize=64)  # a draft asks it of the same object three times (its actions, owner, review)
def misread_object(thing: ItemObject) -> str | None:
    """Why the object the draft was built on is not what the item asks to change, if it is not: the
    item's verb read into it, its last word cut short, or people alone (a cohort, those who act, a
    board)."""
    words = re.findall(r"[\w'-]+", thing.text.lower().replace("’", "'"))
    if all(word in _WHO or word.endswith(("scb", "scp")) for word in words):
        return f"what the item asks to change may be misread: {thing.text!r} is people or a board, not what about them"
    if _verb_kept(words) or thing.text.split()[-1].lower() in _CUT_ENDS | _QUALITIES:
        # A quality with no noun ("senior leaders in achieving timely") was cut from what it qualifies.
        return f"what the item asks to change may be misread: {thing.text!r} keeps the item's verb or is cut short"
    if _DOERS.match(thing.text.lower()):
        # "work by the local authority, together with its partners", "senior leaders in achieving
        # ...": who acts, where the item's words say what is to change.
        return f"what the item asks to change may be misread: {thing.text!r} names who acts, not what must change"
    if words[0] in _QUESTIONS:
        # "how effectively the local authority ...": a clause about the thing, which no template's
        # slot for a noun phrase reads as one.
        return f"what the item asks to change may be misread: {thing.text!r} is a clause, not a thing to change"
    return None


@lru_cache(maxsize=64)  # asked of the same object and item three times, as `misread_object` is
def fragment(thing: ItemObject, text: str) -> str | None:
    """Why the object is a fragment of the item's ask, if it is: only the instruction ("making
    sure"), a doer's work cut from the agent the item names after it ("work with some children | by
    out-of-hours staff"), or the people a question
    is about ("how well | all staff in the service | understand ..."). Its words fill no template:
    the row is built on the item's whole ask instead (`rows.whole_ask`)."""
    words = re.findall(r"[\w'-]+", thing.text.lower().replace("’", "'"))
    if words and all(word in _INSTRUCTING or word in {"sure", "that"} for word in words):
        return f"what the item asks to change may be misread: {thing.text!r} is only the instruction"
    lowered = text.lower().replace("’", "'")
    at = lowered.find(thing.text.lower().replace("’", "'"))
    after = lowered[at + len(thing.text) :] if at >= 0 else ""
    agent = re.match(r"\s+by\s+(?!\w+ing\b)\w", after)
    head = _HEAD_END.split(thing.head.lower(), maxsplit=1)[0].split()
    if agent and head[-1:] == ["work"]:  # work that is its doers' ("work with some children | by ...")
        return f"what the item asks to change may be misread: {thing.text!r} is cut from who it is by"
    if lowered.split()[:1] and lowered.split()[0] in _QUESTIONS and head[-1:] and head[-1] in _PEOPLE and at > 0:
        return f"what the item asks to change may be misread: {thing.text!r} is who the item asks about, not what"
    return None


def ends_cut(text: str) -> bool:
    """Whether a text ends on a word it could end on only when cut short ("... children in need and")."""
    words = text.split()
    return bool(words) and words[-1].lower().strip(" ,;:") in _CUT_ENDS


def _verb_kept(words: list[str]) -> bool:
    return bool(words) and words[0] in _OPENING_VERBS or _kept_verb_at(words) is not None


def _kept_verb_at(words: list[str]) -> int | None:
    """Where the item's verb sits in an object's words, before any clause of its own."""
    for n, (word, following) in enumerate(zip(words, [*words[1:], ""])):
        if word in _RELATIVES:
            return None
        if word in _VERBS or (word in _BEFORE_TO and following == "to"):
            return n
    return None


def reread(thing: ItemObject) -> ItemObject:
    """The object read again where it keeps the item's verb: what its opening instruction acts on
    ("confirm | permanence plans ..."); what stands before the verb ("the rise
    in children missing from school | has been rapid"), or, where that is people or a board alone,
    what the verb acts on ("the SCB | needs to take steps to raise awareness of private fostering");
    what a process of bringing it about is of ("the development of | tracking systems"); the object up
    to its last word a noun phrase can end on ("reporting arrangements | to ensure"); the object as
    read where none reads as a thing to change."""
    words = thing.text.split()
    lowered = thing.text.lower().replace("’", "'").split()  # word for word with `words`
    if len(words) > 1 and lowered[0] in _OPENING_VERBS and lowered[1] not in _NOUN_FOLLOWERS:
        # The item's instruction kept: what it acts on is the object ("confirm | permanence plans ..."),
        # unless that is people ("recruit | experienced staff"), whom no template acts on.
        return _again(words[1:]) or thing
    if lowered[:2] == ["able", "to"]:
        # What people are to be able to do, read as the object ("able to | access | timely support",
        # "able to effectively | monitor | the quality of services"): what that verb acts on.
        verb = next((n for n in range(2, len(words)) if not lowered[n].endswith("ly")), len(words))
        return (_again(words[verb + 1 :]) if verb + 1 < len(words) else None) or thing
    if len(words) > 1 and lowered[0] == "whether":
        # "evaluate | whether service provision for ... is improving": the question is about the thing.
        return _again(words[1:]) or thing
    opening = int(lowered[0] in _DETERMINERS)
    if len(words) > opening + 2 and lowered[opening] in _BRINGING and lowered[opening + 1] == "of":
        # A process that only brings the thing about or puts it to use, read as the object's head
        # ("the development of | clear systems", "the embedding of | the new complaints process"):
        # the thing is the object, and the respect the item asks for stays with it.
        again = _again(words[opening + 2 :])
        if again is not None:
            return again if again.aspects else replace(again, aspects=thing.aspects)
    stated = len(words)
    while stated and lowered[stated - 1] in _QUALITIES | {"and"}:
        stated -= 1
    if 1 < stated < len(words) and lowered[stated - 1] in ("is", "are"):
        # The state the item asks for, read into the object past a relative clause ("arrangements for
        # young people who have additional needs | are timely and effective"): what is to be so, with
        # the respect the state gives it and the kind that respect made it (time per case).
        again = _again(words[: stated - 1])
        if again is not None:
            return again if again.aspects else replace(again, aspects=thing.aspects, kind=thing.kind)
    end = len(words)
    while end and lowered[end - 1] in _DANGLING:
        end -= 1
    if 0 < end < len(words):
        # An object that ends on a word that opens what it was cut from, which a noun phrase never
        # ends on ("reporting arrangements | to ensure", "information about children who go missing
        # | is"): it ends at its last word that can.
        again = _again(words[:end])
        if again is not None:
            return again if again.aspects else replace(again, aspects=thing.aspects)
    at = _kept_verb_at(lowered)
    # "needs to" may be a noun's ("complex needs to avoid ..."), and a verb after a pronoun is the
    # object's own clause ("the support they need"): only a finite verb after a noun is the item's.
    if not at or lowered[at] in _BEFORE_TO or "ensure" in lowered[:at]:
        return thing  # "arrangements to ensure children are protected": the verb is in the object's clause
    before = at - (lowered[at - 1] in _AUXILIARIES)  # "has been": the verb begins at "has"
    if before and lowered[before - 1] in _PRONOUNS:
        return thing
    while before and lowered[before - 1] in _CUT_ENDS:
        before -= 1  # "opportunities for children to | be ...": the object ends before "to"
    for part in (words[:before], words[at + 1 :]):
        again = item_object(" ".join(part) + ".") if part else None
        if again is not None and misread_object(again) is None and not _acts(again):
            return again
    return thing


# Where a head phrase's own noun ends: what follows says what it is of or for.
_HEAD_END = re.compile(r"\b(?:of|for|to|in|with|about|from|on|by)\b")
# Heads of a process that only brings a thing about or puts it to use: "the development of
# systems" asks for the systems, where "the identification of risk" asks for the identifying.
_BRINGING = frozenset("development implementation use embedding introduction establishment application".split())
_DETERMINERS = frozenset({"the", "a", "an"})
# Words a noun phrase never ends on: what opens a clause or phrase the object was cut from, a verb
# of being or a modal, and the instruction's own verb.
_DANGLING = (
    _CUT_ENDS
    | _RELATIVES
    | frozenset(
        "a an in on with by from as at about into than their its they until how why are is be been can will would should"
        " ensure".split()
    )
)
# Who may act where the item's verb follows them: a board, a panel, a group.
_ACTORS = frozenset("board panel partnership group sub-group committee".split())
_AUXILIARIES = frozenset({"has", "have", "had"})
_PRONOUNS = frozenset("they we you it he she may can".split())
# What follows "challenge" the noun, not the verb: "challenge and support to partners".
_NOUN_FOLLOWERS = frozenset("and or to of from for by with".split())
# An instruction's verb as a gerund ("making sure", "ensuring"): an object of these alone asks nothing.
_INSTRUCTING = frozenset(
    {
        "making",
        *(verb[:-1] + "ing" for verb in _OPENING_VERBS if verb.endswith("e")),
        *(v + "ing" for v in _OPENING_VERBS),
    }
)
_PEOPLE = frozenset(
    "staff children child people carers families parents partners managers workers leavers members".split()
)


def _again(words: list[str]) -> ItemObject | None:
    """The object read from some of its words as an item of their own, where that reads as a thing
    to change: not misread, not a board that acts, not people ("recruit | experienced staff"), whom
    no template acts on."""
    again = item_object(" ".join(words) + ".")
    if again is None or misread_object(again) is not None or _acts(again):
        return None
    lowered = again.text.lower().split()
    if lowered[0] in _RELATIVES | _QUESTIONS or set(lowered) <= _DETERMINERS | _respects():
        return None  # a clause ("how well leaders"), or a respect with no object ("the effectiveness")
    if set(_HEAD_END.split(again.head.lower(), maxsplit=1)[0].split()) & _PEOPLE:
        return None  # people ("experienced staff"), not what is for them ("tracking systems for children")
    if words[0][:1].isupper() and again.text.startswith(words[0][:1].lower() + words[0][1:]):
        return replace(again, text=words[0] + again.text[len(words[0]) :])  # a name read as a sentence's start
    return again


@cache
def _respects() -> frozenset[str]:
    """The words of aspects' heads ("quality") and of respects no aspect measures ("effectiveness"):
    respects, not things."""
    heads = frozenset(word for aspect in aspects().values() for head in aspect.head for word in head.split())
    return heads | OTHER_RESPECTS


def _acts(thing: ItemObject) -> bool:
    last = thing.text.lower().split()[-1]
    return last in _ACTORS or last.endswith(("scb", "scp"))


# A measure's first clause that counts what was done rather than what changed: meetings, reviews,
# reports or audits held, actions closed, a thing in place or resourced, challenges logged, users'
# satisfaction. A measure that judges the thing itself (data complete and on time, a standard met
# in an independent review, a rate) is not one.
_ACTIVITY = re.compile(
    r"in place and in use|resourced as agreed|\breviews? of .* held\b|\breport on .* reviewed\b|recorded at each meeting"
    r"|^audits completed|^actions of .* completed|\bwho say it met\b|^changes to .* made from|^terms of reference"
    r"|^milestones of .* met",
    re.IGNORECASE,
)


def counts_activity(measure: str) -> bool:
    """Whether a measure's first clause counts activity or a thing in place, not a result."""
    return bool(_ACTIVITY.search(re.split(r", with |, and | \(target", measure, maxsplit=1)[0]))


# `content_terms` without its cache, for texts read once here: the cache holds the terms drafting
# reads again for every step and measure, which these would push out.
_terms = content_terms.__wrapped__
# Words of four letters or more that `content_terms` keeps but that name no subject.
_NO_SUBJECT = content_terms("whether such very only much many some")


def unnamed_terms(thing: ItemObject, measure: str) -> list[str]:
    """The object's own words that a measure written for a theme or a mechanism does not name, where
    it names fewer than half of the object's terms ("the ethnic profile of the adoption panel"
    against cases heard by the panel in time): empty where it names at least half."""
    wanted = _terms(thing.text) - _NO_SUBJECT
    named = wanted & content_terms(measure)  # a theme's measure: one of a few dozen, cached
    if 2 * len(named) >= len(wanted):
        return []
    return [word.strip(",;") for word in thing.text.split() if _terms(word) - named - _NO_SUBJECT]


# The heads `content_terms` sets apart as generic that still say what a measure is of: a measure
# of plans names "child in need plans"; one of contacts and decisions does not.
_HEADS = frozenset("plan plans planning practice assessment assessments visits reviews decisions".split())


def names_nothing(thing: ItemObject, measure: str) -> bool:
    """Whether a measure names none of the object's own terms or heads ("the practice of securing
    parental consent to information-sharing" against contacts decided in a day): a measure of
    another thing, where one naming some of them measures part of it."""
    return not (_named(thing.text) - _NO_SUBJECT) & _named(measure)


def _named(text: str) -> frozenset[str]:
    return _terms(text) | (frozenset(text.lower().split()) & _HEADS)
