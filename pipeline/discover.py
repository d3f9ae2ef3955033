"""Find the input files and say what each one is by its content, not by its name."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Iterable

from .schema import Record, SourceFormat


class SourceFile(Record):
    doc_id: str  # readable and unique within the run, from the relative path
    path: Path  # where to read it
    source_path: str  # relative to the input folder it was found under
    format: SourceFormat
    size: int
    claimed_format: SourceFormat | None  # what the file name's extension says it is
    # Why this entry is not read (a link that leads nowhere or out of the input, a named pipe ...):
    # it still gets a row, with this as its reason.
    problem: str | None = None


_EXTENSIONS = {
    ".pdf": SourceFormat.PDF,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".docx": SourceFormat.DOCX,
    ".txt": SourceFormat.TEXT,
    ".text": SourceFormat.TEXT,
    ".md": SourceFormat.TEXT,
}
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)


def discover(inputs: Iterable[Path]) -> list[SourceFile]:
    """Every non-hidden file under each input (a file or a folder, walked recursively), in a stable
    order. A file named directly is relative to its own folder.

    A link is followed only to a file inside the input folder (a link to a folder inside it adds
    nothing: its files are read where they are). Anything else that is not a regular file (a link
    that leads outside, to nothing or round in a loop, a named pipe, a device) is not opened, but
    is returned with its `problem`, so that it gets a row saying why it was not read."""
    found: dict[Path | str, SourceFile] = {}
    ids: set[str] = set()
    for root in inputs:
        root = Path(root)
        if root.is_file():
            candidates, base = [(root, None)], root.parent
        else:
            candidates, base = _walk(root), root
        for path, problem in candidates:
            relative = path.relative_to(base)
            if any(part.startswith(".") for part in relative.parts):
                continue
            key = path.resolve() if problem is None else str(path.absolute())
            if key in found:
                continue
            doc_id = first_choice = doc_id_for(relative.as_posix())
            copies = 1
            while doc_id in ids:  # the same relative path under two input folders
                copies += 1
                doc_id = f"{first_choice}-{copies}"
            ids.add(doc_id)
            if problem is None:
                try:
                    format, size = sniff(path), path.stat().st_size
                except OSError as error:
                    problem = f"the file cannot be opened ({error.strerror or error})"
            if problem is not None:
                format, size = SourceFormat.UNKNOWN, path.lstat().st_size
            found[key] = SourceFile(
                doc_id=doc_id,
                path=path,
                source_path=relative.as_posix(),
                format=format,
                size=size,
                claimed_format=_EXTENSIONS.get(path.suffix.lower()),
                problem=problem,
            )
    return list(found.values())


def _walk(root: Path) -> list[tuple[Path, str | None]]:
    """Every entry under `root` that is a file or stands where one could, with the reason it is
    not read (None for a file to read), in a stable order."""
    inside = root.resolve()
    entries = []
    for folder, folders, files in os.walk(root):  # links to folders are not walked into
        folders.sort()
        for name in sorted(files + [f for f in folders if os.path.islink(os.path.join(folder, f))]):
            path = Path(folder) / name
            problem = _not_read(path, inside)
            if problem != _FOLDER_INSIDE:
                entries.append((path, problem))
    return sorted(entries)


_FOLDER_INSIDE = "a link to a folder inside the input"
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _not_read(path: Path, inside: Path) -> str | None:
    """Why `path` is not read, or None."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except RuntimeError:  # Python 3.11 and 3.12 raise this for a loop
            return "a link that loops back on itself, so it leads to no file"
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "a link that loops back on itself, so it leads to no file"
            return f"a link to {os.readlink(path)}, which does not exist"
        if not target.is_relative_to(inside):
            what = "folder" if target.is_dir() else "file"
            return f"a link to a {what} outside the input folder ({target}), not followed"
        if target.is_dir():
            return _FOLDER_INSIDE
        path = target
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        return f"not a regular file but {_KINDS.get(stat.S_IFMT(mode), 'a special file')}, so it was not opened"
    return None


def sniff(path: Path) -> SourceFormat:
    """The format by magic bytes: PDF may put up to 1 KiB of junk before its header; a DOCX is a zip
    with a word/document.xml; HTML starts with a tag; text is whatever decodes without NUL bytes
    (UTF-16, known by its byte-order mark, read as its characters)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Windows saves "Unicode" text and web pages
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode("utf-8")
    if b"%PDF-" in head[:1024]:
        return SourceFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return SourceFormat.DOCX
        except Exception:  # noqa: BLE001 - a damaged zip fails in many ways (BadZipFile, NotImplementedError ...); the loader says so
            pass
        return SourceFormat.UNKNOWN
    if not head or b"\x00" in head:
        return SourceFormat.UNKNOWN
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return SourceFormat.HTML
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the 4 KiB read is still text.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return SourceFormat.UNKNOWN
    return SourceFormat.TEXT


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# An id names every output file of its document (`reports/<doc_id>.json`, `workbooks/<doc_id>.xlsx`,
# `state/documents/<doc_id>.json` ...): bounded so that the longest of them, with the temporary
# name it is first written under, stays far below a file system's 255-byte limit on a name.
MAX_DOC_ID = 100
# Names the run's own files take beside the documents' (runfolder.RUN_WORKBOOK).
RESERVED_IDS = frozenset({"all-reports"})


def doc_id_for(source_path: str) -> str:
    """A readable, stable id from the file's path: '80576_warwickshire/Children's services
    inspection - 01 February 2022.pdf' -> '80576-warwickshire-childrens-services-inspection-01-february-2022'.
    A slug over MAX_DOC_ID characters, or one the run keeps for its own files, is cut and ends
    with a hash of the whole path, so two long paths alike in their first 90 characters differ."""
    stem = source_path.rsplit(".", 1)[0] if "." in source_path.rsplit("/", 1)[-1] else source_path
    slug = re.sub(r"['’]", "", stem.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-") or "document"
    if len(slug) <= MAX_DOC_ID and slug not in RESERVED_IDS:
        return slug
    digest = hashlib.sha256(source_path.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug[: MAX_DOC_ID - len(digest) - 1].rstrip('-')}-{digest}"
