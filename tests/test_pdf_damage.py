"""A PDF whose compressed text streams do not decompress is read in part with a warning that names
its pages (issue 11: one changed byte in a content stream took a report from 65 to 17 paragraphs,
and it passed as `ok`). Streams that carry no text (images, the cross-reference stream) and files
whose streams are not compressed are no reason for a warning."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from pipeline.batch import process
from pipeline.discover import discover
from pipeline.load.pdf_damage import scan

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples"
SAMPLE = SAMPLES / "ilacs-2022-brackenford.pdf"  # four pages, each one content stream


def _row(path: Path):
    return process(discover([path])[0]).row


def _changed(data: bytes, stream: int, offset: int = 100) -> bytes:
    """`data` with one byte changed `offset` bytes into the body of its `stream`-th stream (0-based)."""
    body = list(re.finditer(rb">>\s*stream\r?\n", data))[stream].end()
    changed = bytearray(data)
    changed[body + offset] = ord("A") if changed[body + offset] != ord("A") else ord("B")
    return bytes(changed)


def test_one_changed_byte_in_a_content_stream_is_a_warning_naming_the_page(tmp_path):
    assert _row(SAMPLE).status == "ok" and scan(SAMPLE).checked == 4 and scan(SAMPLE).broken == ()
    (tmp_path / "damaged.pdf").write_bytes(_changed(SAMPLE.read_bytes(), stream=1))
    row = _row(tmp_path / "damaged.pdf")
    assert row.status == "warning" and row.checks.startswith("damaged_text: the PDF's text is damaged on page 2"), row


def test_every_page_a_broken_stream_reaches_is_named(tmp_path):
    data = _changed(_changed(SAMPLE.read_bytes(), stream=2), stream=3)
    (tmp_path / "damaged.pdf").write_bytes(data)
    damage = scan(tmp_path / "damaged.pdf")
    assert damage.pages == (3, 4) and damage.mapped and damage.note is None


def _reportlab_pdf(compressed: bool, image: str | None = None) -> bytes:
    """A one-page PDF with a line of text and, if asked, a JPEG (DCTDecode) or PNG (FlateDecode) image."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=int(compressed))
    canvas.drawString(72, 720, "Children's services in Brackenford are good.")
    if image:
        picture = io.BytesIO()
        Image.effect_noise((64, 64), 80).convert("RGB").save(picture, image)
        canvas.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 72, 500, 64, 64)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_damaged_image_stream_is_not_damaged_text(tmp_path):
    for image in ("JPEG", "PNG"):
        data = _reportlab_pdf(compressed=True, image=image)
        streams = [
            m
            for m in re.finditer(rb">>\s*stream\r?\n", data)
            if b"/Subtype /Image" in data[m.start() - 300 : m.start()]
        ]
        at = streams[0].end() + 200
        path = tmp_path / f"{image}.pdf"
        path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
        assert scan(path).broken == () and _row(path).status != "warning", image


def test_a_pdf_whose_streams_are_not_compressed_is_not_checked(tmp_path):
    path = tmp_path / "plain.pdf"
    path.write_bytes(_reportlab_pdf(compressed=False).replace(b"Brackenford", b"Brackenf\x00rd"))
    assert scan(path).checked == 0 and scan(path).broken == ()


def _object_stream_pdf(font_stream: bytes | None = None, xref_stream: bytes | None = None) -> bytes:
    """A one-page PDF as newer writers make it (Word among them): its font dictionary inside a
    compressed object stream (6), its cross-reference table a compressed stream (7)."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Children's services) Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
    }
    packed = font_stream or zlib.compress(b"5 0 " + font)
    objects[6] = b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(packed),
        packed,
    )
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[7] = len(out)
    rows = [b"\x00\x00\x00\xff\xff"]  # object 0: free
    rows += [b"\x01" + offsets[n].to_bytes(3, "big") + b"\x00" for n in (1, 2, 3, 4)]
    rows += [b"\x02\x00\x00\x06\x00"]  # object 5: the first in object stream 6
    rows += [b"\x01" + offsets[n].to_bytes(3, "big") + b"\x00" for n in (6, 7)]
    table = xref_stream or zlib.compress(b"".join(rows))
    out += (
        b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 3 1] /Root 1 0 R /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n"
        % (len(table), table)
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[7]
    return bytes(out)


def test_an_object_stream_is_checked_and_the_cross_reference_stream_skipped_without_false_alarms(tmp_path):
    path = tmp_path / "objstm.pdf"
    path.write_bytes(_object_stream_pdf())
    assert scan(path).checked == 2 and scan(path).broken == ()  # the page's contents and the object stream
    assert _row(path).status != "warning"


def test_a_broken_object_stream_names_the_pages_whose_objects_it_holds(tmp_path):
    packed = bytearray(zlib.compress(b"5 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))
    packed[-3] ^= 0x01  # the checksum no longer matches
    path = tmp_path / "objstm.pdf"
    path.write_bytes(_object_stream_pdf(font_stream=bytes(packed)))
    damage = scan(path)
    assert damage.broken == (6,) and damage.pages == (1,)


def test_a_broken_cross_reference_stream_is_not_damaged_text(tmp_path):
    path = tmp_path / "xref.pdf"
    path.write_bytes(_object_stream_pdf(xref_stream=zlib.compress(b"\x01" * 40)[:-4] + b"\x00\x00\x00\x00"))
    assert scan(path).checked == 2 and scan(path).broken == ()


def test_damage_no_page_can_be_named_for_is_said_as_it_is():
    from pipeline.load import damage_note
    from pipeline.load.pdf_damage import StreamDamage
    from tests.conftest import fictional_document

    note = StreamDamage(checked=40, broken=(12, 31), mapped=False).note
    assert note == "the PDF is damaged: 2 of its 40 compressed streams cannot be read"
    assert damage_note(fictional_document("one").model_copy(update={"damaged_parts": note})) == note
    assert StreamDamage(checked=40, broken=(12,), pages=(3,), mapped=True).note is None  # said by page
