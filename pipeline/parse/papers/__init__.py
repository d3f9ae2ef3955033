"""Read a council committee paper, or a news story about one, into a `CommitteePaper`.

Council templates differ (cabinet reports with numbered paragraphs, scrutiny briefings, news copy,
action-plan appendices as tables), so nothing here keys on a layout: the text is cut into paragraphs
and sentences, and each fact is found by what the sentence says ("published on ...", "graded ... as
good", "areas for improvement ... these being:", "will be completed by ...").
"""

from __future__ import annotations

from ...schema import CommitteePaper, Document, DocumentKind

PAPER_KINDS = frozenset({DocumentKind.COMMITTEE_PAPER, DocumentKind.NEWS_ARTICLE})


def parse_paper(document: Document, kind: DocumentKind) -> CommitteePaper:
    # Imported at the first paper: their hundred patterns took a tenth of a CPU second to compile,
    # which a run over inspection reports alone paid for nothing.
    from . import claims, meeting, next_steps, tables
    from .paragraphs import clean, full_width, sentences_of, units_of

    lines = [clean(line) for line in document.text.split("\n")]
    cover = meeting.cover_rows(document)
    opening = cover + meeting.title_block(lines)
    units = units_of(lines)
    sentences = sentences_of(units)
    running = [clean(line) for line in document.running_lines]
    committee, dated = meeting.committee_and_date(opening + running, document.text)
    meeting_date = dated if kind is DocumentKind.COMMITTEE_PAPER else None  # a story's dateline is no meeting
    title = meeting.title(opening, kind, committee, full_width(lines), cover) or document.title
    inspection = claims.inspection(sentences)
    reference_year = claims.reference_year(inspection)
    previous = claims.previous_context(sentences, reference_year)
    inspection = inspection.model_copy(update={"framework": claims.framework(sentences, title, previous)})
    rows = tables.table_rows(document, units)
    action_rows = tables.action_plan(rows)
    grades, previous_judgements = claims.grades(sentences, previous, rows, reference_year)
    published = inspection.published.start if inspection.published else None
    timescale_spans = next_steps.stated_timescales(sentences, previous, dated, published, action_rows)
    next_inspection = next_steps.next_inspection(timescale_spans)
    council, council_source = meeting.council(document)
    listed = claims.improvement_areas(sentences, units) + tables.plan_areas(action_rows)
    return CommitteePaper(
        doc_id=document.doc_id,
        source_path=document.source_path,
        sha256=document.sha256,
        kind=kind,
        pages=len(document.pages),
        council=council,
        council_source=council_source,
        committee=committee,
        meeting_date=meeting_date,
        dated=dated,
        title=title,
        recommendations=next_steps.recommendations(units),
        inspection=inspection,
        grades=grades,
        improvement_areas=tuple(dict.fromkeys(claims.without_tag(area) for area in listed)),
        timescales=tuple(s for s in timescale_spans if s is not next_inspection),
        next_inspection=next_inspection,
        previous_judgements=previous_judgements,
        contacts=tables.contacts(rows),
        action_rows=action_rows,
        commitments=next_steps.commitments(sentences, previous),
        dates_mentioned=next_steps.dates_mentioned(document.text),
    )
