"""Placeholder: being written."""

from __future__ import annotations

from ..schema import Document, DocumentKind, InspectionReport


def parse(document: Document, kind: DocumentKind) -> InspectionReport:
    raise NotImplementedError("ilacs parser not written yet")
