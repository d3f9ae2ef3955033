"""Draft action-plan rows: each improvement item with its evidence and a proposed response.

A council has 70 working days after an ILACS report to send Ofsted its written action plan. These
rows are the officer's first draft, not the plan. Each item names what must change (its object,
"initial health assessments"), often in what respect (its aspect, "timeliness"), and its object's
head noun gives its kind: casework, services, a board's or council's mechanism, or the workforce
(`data/object_kinds.csv`). The first action and the success measure are the aspect's template for
that kind (`data/aspect_templates.csv`). The theme's playbook (`data/playbook.csv`) adds the steps
tagged with the item's subjects (`data/focus_terms.csv`), and where the theme is uncertain the
playbook whose steps cover more of them. An item about the safeguarding board, health or education
goes to that owner (`data/owners.csv`). Rows a person should check first carry a review flag and the
reason.
"""

from .dates import (
    PHASE_MONTHS as PHASE_MONTHS,
    PLAN_WORKING_DAYS as PLAN_WORKING_DAYS,
    add_months as add_months,
    add_working_days as add_working_days,
    date_range as date_range,
    plan_due as plan_due,
    report_label as report_label,
    target as target,
    urgency as urgency,
)
from .items import (
    MAX_OBJECT_WORDS as MAX_OBJECT_WORDS,
    ItemObject as ItemObject,
    as_board as as_board,
    content_terms as content_terms,
    item_object as item_object,
    item_result as item_result,
)
from .playbook import (
    DATA as DATA,
    GENERAL_PLAY as GENERAL_PLAY,
    KINDS as KINDS,
    Aspect as Aspect,
    FocusTerm as FocusTerm,
    Mechanism as Mechanism,
    Owner as Owner,
    Play as Play,
    aspect_steps as aspect_steps,
    aspect_templates as aspect_templates,
    aspects as aspects,
    focus as focus,
    focus_terms as focus_terms,
    kind_of as kind_of,
    mechanism_of as mechanism_of,
    mechanisms as mechanisms,
    object_kinds as object_kinds,
    owners as owners,
    playbook as playbook,
    process_templates as process_templates,
    subjects as subjects,
    theme_names as theme_names,
)
from . import wording as wording
from .rows import (
    FOLLOW_UP as FOLLOW_UP,
    UNCERTAIN_THEME as UNCERTAIN_THEME,
    WEAK_EVIDENCE_SCORE as WEAK_EVIDENCE_SCORE,
    Draft as Draft,
    distinct_actions as distinct_actions,
    judgement_area as judgement_area,
    object_action as object_action,
    owner as owner,
    plan_rows as plan_rows,
    review_reasons as review_reasons,
    success_measure as success_measure,
    theme_confidence as theme_confidence,
)
