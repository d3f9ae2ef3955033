"""Shared fixtures. Tests that need the real corpus read it from ../shared (beside the checkout, as in
CI) and skip, saying why, where it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev"
LETTERS = SHARED / "corpus" / "focused_visits"
GOLD = SHARED / "eval" / "gold_reports.jsonl"
SEEDS = SHARED / "seeds"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the real-corpus checks need ../shared beside the checkout")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _need(CORPUS)


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    with open(_need(GOLD), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def corpus_run(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole dev corpus run once per test session; tests read its outputs."""
    from pipeline import batch

    out = tmp_path_factory.mktemp("corpus_run")
    batch.run([corpus_dir], out)
    return out


@pytest.fixture(scope="session")
def letters_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every real focused-visit letter run once per test session."""
    from pipeline import batch

    out = tmp_path_factory.mktemp("letters_run")
    batch.run([_need(LETTERS)], out)
    return out


def fictional_document(*pages: str):
    """A report written in a test, one string a page, as the loader would hand it to a parser."""
    from pipeline.schema import Document, Page, SourceFormat

    return Document(
        doc_id="fictional",
        source_path="fictional.txt",
        sha256="0" * 64,
        format=SourceFormat.TEXT,
        pages=tuple(Page(number=n, text=text) for n, text in enumerate(pages, 1)),
    )


def same_text(text: str | None) -> str:
    """Text as the gold compares it: whitespace and quote style aside."""
    return " ".join((text or "").translate(str.maketrans("‘’“”", "''\"\"")).split())
