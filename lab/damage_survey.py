"""How the structural PDF damage check was measured (docs/reliability.md): its cost beside pdfium's
text extraction, and what it finds when one byte of a real PDF changes."""

from __future__ import annotations

from pathlib import Path

from pipeline.load.pdf_damage import _checked, _streams, scan


def survey(folders: list[Path]) -> None:
    """Print every PDF under `folders` the check flags, its cost beside pdfium's text extraction,
    and what it finds in a copy of each with one byte changed in the middle of one of its checked
    streams, chosen by a seeded generator (`python -m lab.damage_survey FOLDER...`): how the
    figures in docs/reliability.md were made."""
    import random
    import tempfile
    import time

    import pypdfium2 as pdfium

    def text_of(path: Path) -> str:
        pdf = pdfium.PdfDocument(str(path))
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        pdf.close()
        return "".join(texts)

    rng = random.Random(0)
    paths = sorted(path for folder in folders for path in folder.rglob("*") if path.suffix.lower() == ".pdf")
    scanning = extracting = 0.0
    streams = flagged = unopened = changed = detected = named = shortened = missed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            try:
                pdfium.PdfDocument(str(path)).close()
            except pdfium.PdfiumError:  # not a PDF (a web page saved as .pdf): `load` refuses it before any check
                unopened += 1
                continue
            started = time.perf_counter()
            damage = scan(path)
            scanning += time.perf_counter() - started
            streams += damage.checked
            if damage.broken:
                flagged += 1
                print(f"{path}: streams {damage.broken} broken, pages {damage.pages or damage.note}")
            started = time.perf_counter()
            text = text_of(path)
            extracting += time.perf_counter() - started
            data = bytearray(path.read_bytes())
            bodies = [body for _, dictionary, body in _streams(data) if _checked(dictionary)]
            if not bodies:
                continue
            body = rng.choice(bodies)
            at = (body.start + body.stop) // 2
            data[at] ^= 1 << rng.randrange(8)
            copy = Path(scratch) / "changed.pdf"
            copy.write_bytes(data)
            found = scan(copy)
            changed += 1
            detected += bool(found.broken)
            named += bool(found.pages)
            shorter = len(text_of(copy)) < len(text)
            shortened += shorter
            if shorter and not found.pages:  # text lost with no warning: what the check is for
                missed += 1
                print(f"{path}: text lost, no page named ({found})")
    print(
        f"{len(paths)} files named .pdf, {unopened} not PDFs; {streams:,} compressed streams checked, {flagged} flagged"
    )
    print(f"check {scanning:.2f} s, pdfium text extraction {extracting:.2f} s ({scanning / max(extracting, 1e-9):.1%})")
    print(
        f"one byte changed in one checked stream of each of {changed}: {detected} flagged, {named} with pages named; "
        f"pdfium's text shorter in {shortened}, of which {missed} with no page named"
    )


if __name__ == "__main__":
    import sys

    survey([Path(argument) for argument in sys.argv[1:]])
