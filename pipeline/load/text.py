"""Plain text: one page per form feed."""

from __future__ import annotations

from pathlib import Path

from .common import decode


def load_text(path: Path) -> tuple[list[str], str | None]:
    return decode(path.read_bytes()).split("\f"), None
