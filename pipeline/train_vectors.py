"""Subword word vectors trained on the reports' own paragraphs, for evidence ranking by meaning.

Inspectors name one weakness in many words: an item asks for "sufficiency" where the paragraph
says "shortage", "permanence" where it says "long-term homes". Vectors trained on the corpus text
itself place such words near each other because they keep the same company. They are floret
vectors (fastText's subword model folded into a small table of hash buckets, so a word the corpus
never held still gets a vector from its pieces), written to models/evidence_vectors.npz (the
bucket table and floret's hashing settings) and read by pipeline/enrich.py as spaCy vectors;
floret itself is needed only here.

    python -m pipeline.train_vectors train [CORPUS]           # parse the corpus, then train
    python -m pipeline.train_vectors train --run OUT          # train on a run's stored reports

The same text, settings and seed give the same vectors (one training thread).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Iterable

import click
import numpy

from . import store
from .nlp import MODELS
from .schema import InspectionReport

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
VECTORS = MODELS / "evidence_vectors.npz"
# Small enough to ship (BUCKETS x DIMENSIONS floats), large enough that the corpus's few thousand
# content words rarely share all their buckets.
BUCKETS = 10000
DIMENSIONS = 64
SETTINGS = dict(
    model="skipgram", dim=DIMENSIONS, bucket=BUCKETS, minn=4, maxn=5, hashCount=2, mode="floret",
    ws=5, epoch=10, minCount=2, neg=5, thread=1, verbose=0,
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def lines(reports: Iterable[InspectionReport]) -> Iterable[str]:
    """Every numbered paragraph and improvement item, one a line, lower-cased words only."""
    for report in reports:
        for text in (*(p.text for p in report.paragraphs), *(i.text for i in report.improvements)):
            words = _WORD.findall(text.lower().replace("’", "'"))
            if words:
                yield " ".join(words)


def train(texts: Iterable[str]) -> dict[str, numpy.ndarray]:
    """floret vectors for the texts: the bucket table and its hashing settings."""
    import floret  # lab-only: the shipped vectors need spaCy alone

    with tempfile.TemporaryDirectory() as folder:
        corpus, table = Path(folder) / "corpus.txt", Path(folder) / "vectors.floret"
        corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
        model = floret.train_unsupervised(str(corpus), **SETTINGS)
        model.save_floret_vectors(str(table))
        return read_floret(table)


def read_floret(path: Path) -> dict[str, numpy.ndarray]:
    """A .floret table (header: rows, dimensions, minn, maxn, hash count, hash seed, bow, eow; then
    one row a line, its index first) as the arrays enrich.word_vectors() reads."""
    with open(path, encoding="utf-8") as handle:
        rows, dims, minn, maxn, hash_count, hash_seed, bow, eow = handle.readline().split()
        data = numpy.zeros((int(rows), int(dims)), dtype="float32")
        for line in handle:
            index, *values = line.rstrip().split(" ")
            data[int(index)] = numpy.asarray(values, dtype="float32")
    settings = [int(minn), int(maxn), int(hash_count), int(hash_seed)]
    return {"table": data.astype("float16"), "settings": numpy.asarray(settings), "marks": numpy.asarray([bow, eow])}


@click.group()
def main() -> None:
    """Train the evidence ranking's word vectors on the corpus text."""


@main.command("train")
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False), default=CORPUS)
@click.option("--run", "run", type=click.Path(path_type=Path, file_okay=False), help="Read a run's stored reports instead of parsing CORPUS.")  # fmt: skip
def train_command(corpus: Path, run: Path | None) -> None:
    """Train on every report's paragraphs and items and write models/evidence_vectors.npz."""
    if run is not None:
        reports = [store.read_report(path) for path in sorted((run / "reports").glob("*.json"))]
    else:
        from .train_polarity import read_corpus  # parsing pulls in the whole reader

        reports = list(read_corpus(corpus).values())
    texts = list(lines(reports))
    vectors = train(texts)
    with store.atomic_path(VECTORS) as temporary:
        with open(temporary, "wb") as handle:
            numpy.savez_compressed(handle, **vectors)
    size = VECTORS.stat().st_size / 1e6
    click.echo(f"trained on {len(texts)} paragraphs of {len(reports)} reports; wrote {VECTORS} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
