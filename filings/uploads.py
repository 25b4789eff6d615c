"""Checks an upload must pass, and content-addressed storage of the original file.

The checks look at the bytes, never trust the name: a text file called `brief.pdf` is
not a PDF. Stored files are named by their sha256 and never modified or overwritten.
"""

import hashlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat

PDF_MIME = "application/pdf"
# Readers accept a PDF whose header sits anywhere in the first kilobyte (junk before it).
PDF_HEADER_WINDOW = 1024


class UploadRejected(Exception):
    """The upload cannot be accepted at all; nothing was stored."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class SpooledUpload:
    """An upload copied to a temporary file while hashing, so it is read only once."""

    file: tempfile.SpooledTemporaryFile
    sha256: str
    size: int
    head: bytes

    def close(self):
        self.file.close()


def spool(upload, *, max_bytes: int | None = None) -> SpooledUpload:
    """Copy the upload aside, hashing as we go; refuse it past the size limit."""
    limit = settings.CASELAW_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise too_large(declared, limit)
    digest = hashlib.sha256()
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    size = 0
    head = b""
    upload.seek(0) if hasattr(upload, "seek") else None
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        size += len(chunk)
        if size > limit:
            spooled.close()
            raise too_large(size, limit)
        if len(head) < PDF_HEADER_WINDOW:
            head += chunk[: PDF_HEADER_WINDOW - len(head)]
        digest.update(chunk)
        spooled.write(chunk)
    spooled.seek(0)
    return SpooledUpload(spooled, digest.hexdigest(), size, head)


def too_large(size: int, limit: int) -> UploadRejected:
    return UploadRejected(
        f"This file is {filesizeformat(size)}; the limit is {filesizeformat(limit)}.", status=413
    )


def sniff_type(head: bytes) -> tuple[str, str | None]:
    """(MIME type, reason it cannot be processed or None), judged from the first bytes."""
    if not head:
        return "application/x-empty", "The file is empty (0 bytes)."
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        return PDF_MIME, None
    guess = filetype.guess(head)
    if guess is not None:
        return guess.mime, f"This is not a PDF: it looks like a {guess.extension.upper()} file."
    sample = head[:512].lower()
    if b"<html" in sample or b"<!doctype html" in sample:
        return "text/html", "This is not a PDF: it is a web page (HTML). Save or print it as a PDF first."
    if _looks_like_text(head):
        return "text/plain", "This is not a PDF: it is a plain text file."
    return "application/octet-stream", "This is not a PDF, and its type could not be recognised."


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def sanitize_filename(name: str) -> str:
    """A display name safe anywhere: no directories, no control characters, not too long."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = _CONTROL.sub("", name).strip().strip(".")
    name = re.sub(r"\s+", " ", name)
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name or "document.pdf"


def store_blob(spooled: SpooledUpload, mime_type: str) -> str:
    """Save the bytes under their sha256 (once); returns the storage name."""
    ext = "pdf" if mime_type == PDF_MIME else "bin"
    name = f"documents/{spooled.sha256[:2]}/{spooled.sha256}.{ext}"
    if not default_storage.exists(name):
        spooled.file.seek(0)
        saved = default_storage.save(name, File(spooled.file, name=name))
        if saved != name:  # a concurrent upload of the same bytes won the race
            default_storage.delete(saved)
    return name
