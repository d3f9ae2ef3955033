"""Parse a classified document: an inspection report into an `InspectionReport` (one module per
report era), a committee paper or a news story into a `CommitteePaper` (`papers`)."""

from __future__ import annotations

from ..schema import Document, DocumentKind, InspectionReport
from . import ilacs, lac, letters, sif
from .common import ParseError

__all__ = ["ParseError", "parse_report"]


_PARSERS = {
    DocumentKind.ILACS: ilacs.parse,
    DocumentKind.ILACS_2026: ilacs.parse,
    DocumentKind.SIF: sif.parse,
    DocumentKind.LAC_2012: lac.parse,
    DocumentKind.FOCUSED_VISIT: letters.parse,
    DocumentKind.MONITORING_VISIT: letters.parse,
    DocumentKind.JTAI: letters.parse,
}


def parse_report(document: Document, kind: DocumentKind) -> InspectionReport | None:
    """The report's records, or None for a kind that is not an inspection report."""
    parser = _PARSERS.get(kind)
    return parser(document, kind) if parser else None
