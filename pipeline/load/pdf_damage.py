"""Structural damage in a PDF: compressed streams that do not decompress.

pdfium renders what a damaged content stream decodes to and says nothing, so one changed byte can
cut a page's text short with no error (issue 11: a report went from 65 to 17 paragraphs and passed
as `ok`). Nearly every PDF compresses its content streams and fonts with zlib (FlateDecode), whose
checksum makes a changed byte fail loudly. So this module reads the file's raw bytes, decompresses
every compressed stream that can carry text, and only when some fail asks pdfminer (which
pdfplumber brings) which pages use them. It reads no PDF structure when nothing fails: that is the
cost every file pays.
"""

from __future__ import annotations

import base64
import mmap
import re
from pathlib import Path
from typing import Iterator

from isal import isal_zlib as zlib  # ISA-L: the same API as zlib, inflates about twice as fast

from ..schema import Record

# zlib's output is thrown away as it comes, in pieces of this size; past the total a stream is
# taken as whole (a decompression bomb is the memory budget's business, not this check's).
_PIECE = 1 << 20
_MAX_OUTPUT = 256 << 20

_NUMBER = re.compile(rb"(\d+)\s+\d+\s+$")  # "12 0 " before `obj`
_END = b"endstream"
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")  # a direct /Length, not a reference
# The filter chains checked: zlib alone, and zlib under ASCII85 (ReportLab's default). Any other
# chain (images' DCT or JBIG2, LZW, none) is not checked.
_FLATE = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])(?![A-Za-z])")
_A85_FLATE = re.compile(rb"/Filter\s*\[\s*/ASCII85Decode\s*/FlateDecode\s*\]")
# Streams whose damage loses no text, so not worth their decompressing: images, the cross-reference
# stream (pdfium rebuilds it by scanning), XMP metadata, attached files, and font programs (the
# glyphs' shapes, /Length1-3 or a compact font's /Subtype: text extraction reads the font's
# /ToUnicode map and encoding instead). Font programs are half the zlib data of a Word PDF.
_NO_TEXT = re.compile(
    rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Type\s*/(?:XRef|Metadata|EmbeddedFile)\b|/Length1\b"
)
# An ICC colour profile (/N components, no /Type): colours, not text. An object stream has /N too.
_ICC = re.compile(rb"/N\s*[134](?![0-9])")
# An encrypted file's streams are ciphertext: zlib cannot judge them.
_ENCRYPTED = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_DICTIONARY_REACH = 64 * 1024  # how far before `stream` its object's header may be


class StreamDamage(Record):
    """What the raw-byte check found: compressed streams that cannot be read, and where."""

    checked: int  # compressed streams decompressed
    broken: tuple[int, ...]  # object numbers of those that failed
    pages: tuple[int, ...] = ()  # the pages that use a broken stream, 1-based
    mapped: bool = False  # whether the broken streams could be traced to pages at all

    @property
    def note(self) -> str | None:
        """What to tell a reader when no page can be named (see `load.damage_note` for pages)."""
        if not self.broken or self.mapped:
            return None
        return f"the PDF is damaged: {len(self.broken)} of its {self.checked} compressed streams cannot be read"


def scan(path: Path) -> StreamDamage:
    """Decompress every text-bearing zlib stream of the PDF at `path`; name the pages of any that fail."""
    with open(path, "rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return StreamDamage(checked=0, broken=())
        with data:
            checked, broken = _broken_streams(data)
    if not broken:
        return StreamDamage(checked=checked, broken=())
    pages = _pages_using(path, set(broken))
    return StreamDamage(checked=checked, broken=tuple(broken), pages=tuple(pages or ()), mapped=pages is not None)


def _broken_streams(data: mmap.mmap) -> tuple[int, list[int]]:
    if _encrypted(data):
        return 0, []
    checked, broken = 0, []
    for number, dictionary, body in _streams(data):
        if not _checked(dictionary):
            continue
        checked += 1
        if not _decompresses(data[body], ascii85=_A85_FLATE.search(dictionary) is not None):
            broken.append(number)
    return checked, broken


def _checked(dictionary: bytes) -> bool:
    if _ICC.search(dictionary) and b"/ObjStm" not in dictionary:
        return False
    return bool(_A85_FLATE.search(dictionary) or _FLATE.search(dictionary)) and not _NO_TEXT.search(dictionary)


def _streams(data: mmap.mmap) -> Iterator[tuple[int, bytes, slice]]:
    """Each stream's object number, dictionary and body.

    Found with `find`, not a regular expression, and past each body by its /Length where that is
    right: the scan is the cost every PDF pays, and most of a file's bytes are in its images."""
    at = data.find(b"stream")
    while at >= 0:
        start = at + 6
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        header = None
        if (
            data[at - 3 : at] != b"end"
            and data[at + 6 : at + 7] in (b"\r", b"\n")
            and data[max(0, at - 16) : at].rstrip().endswith(b">>")
        ):
            header = _header(data, at)
        if header is None:
            at = data.find(b"stream", at + 6)
            continue
        number, dictionary = header
        length = _LENGTH.search(dictionary)
        end = start + int(length.group(1)) if length else -1
        if not (length and data[end : end + len(_END) + 4].lstrip().startswith(_END)):
            end = data.find(_END, start)  # a /Length that is indirect, or wrong
            if end < 0:
                return  # a file cut short: `load` refuses it as incomplete
        yield number, dictionary, slice(start, end)
        at = data.find(b"stream", end + len(_END))


def _encrypted(data: mmap.mmap) -> bool:
    at = data.find(b"/Encrypt")
    while at >= 0:
        if _ENCRYPTED.match(data, at):
            return True
        at = data.find(b"/Encrypt", at + 8)
    return False


def _header(data: mmap.mmap, at: int) -> tuple[int, bytes] | None:
    """The object number and dictionary of the stream whose dictionary ends at `at`."""
    keyword = data.rfind(b"obj", max(0, at - _DICTIONARY_REACH), at)  # no dictionary holds `obj`
    number = _NUMBER.search(data[max(0, keyword - 32) : keyword]) if keyword >= 0 else None
    if number is None:
        return None
    return int(number.group(1)), data[keyword + 3 : at]


def _decompresses(body: bytes, ascii85: bool) -> bool:
    """Whether `body` is one complete zlib stream with a matching checksum (bytes after it are the
    line end before `endstream`)."""
    if ascii85:
        body = body.strip().removeprefix(b"<~").removesuffix(b"~>")
        try:
            body = base64.a85decode(body)
        except ValueError:
            return False
    inflater = zlib.decompressobj()
    produced = 0
    try:
        produced += len(inflater.decompress(body, _PIECE))
        while inflater.unconsumed_tail and produced < _MAX_OUTPUT:
            produced += len(inflater.decompress(inflater.unconsumed_tail, _PIECE))
    except zlib.error:
        return False
    return inflater.eof or produced >= _MAX_OUTPUT


# Keys that lead from a page's objects to other pages or to the document's outline, not to what
# the page draws.
_AWAY = {"Parent", "P", "Dest", "A", "PA", "Next", "Prev", "First", "Last", "B"}


def _pages_using(path: Path, broken: set[int]) -> list[int] | None:
    """The pages whose drawing reaches a broken stream (its contents, fonts, forms, annotations'
    appearances, or an object inside a broken object stream), or None where pdfminer cannot
    read the page tree (then the damage is said without pages)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    def holder(objid: int) -> int | None:
        """The object stream an object is stored in, if any."""
        for xref in document.xrefs:
            try:
                stream, _, _ = xref.get_pos(objid)
            except KeyError:
                continue
            return stream
        return None

    reaches: dict[int, bool] = {}

    def damaged(value, seen: set[int]) -> bool:
        if isinstance(value, PDFObjRef):
            objid = value.objid
            if objid in broken or holder(objid) in broken:
                return True
            if objid in reaches:
                return reaches[objid]
            if objid in seen:
                return False
            seen.add(objid)
            try:
                resolved = document.getobj(objid)
            except Exception:  # noqa: BLE001 - pdfminer fails its own ways on a damaged object
                return False
            if isinstance(resolved, dict) and _name(resolved.get("Type")) in ("Page", "Pages"):
                return False  # another page (a link's target): not what this page draws
            reaches[objid] = damaged(resolved, seen)
            return reaches[objid]
        if isinstance(value, PDFStream):
            value = value.attrs
        if isinstance(value, dict):
            return any(damaged(item, seen) for key, item in value.items() if key not in _AWAY)
        if isinstance(value, list):
            return any(damaged(item, seen) for item in value)
        return False

    try:
        with open(path, "rb") as handle:
            document = PDFDocument(PDFParser(handle))
            found = []
            for number, page in enumerate(PDFPage.create_pages(document), 1):
                attrs = {key: item for key, item in page.attrs.items() if key not in _AWAY}
                if damaged(attrs, set()):
                    found.append(number)
            return found
    except Exception:  # noqa: BLE001 - a page tree pdfminer cannot walk: the damage is said without pages
        return None


def _name(value) -> str | None:
    return getattr(value, "name", None)
