"""PDFs dropped on a case, not on an entry: each is filed on the docket entry (and as the
attachment) its file name or its first page's e-filing stamp names.

The name is read first (RECAP and PACER download names, see caselaw/importers/recap.py),
then the stamp, from the first page's text layer (one page, read with pypdfium2 while the
user waits). Every file gets its own answer: attached, duplicate, refused (it names
another case), rejected (too large) or unmatched. An unmatched file is not stored: a
document must belong to a docket entry, so the answer says why and the user places it
on an entry by hand (the upload panel's entry picker, or the filing's upload endpoint).
"""

import hashlib
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from django.conf import settings
from django.db import IntegrityError

from caselaw import access
from caselaw.importers.recap import Match, StampMismatch, entry_from_filename, entry_from_stamp
from caselaw.importers.recap import parse_docket_number as docket_number_of
from caselaw.models import Case
from filings.models import Document, Filing
from filings.pipeline.pdf import clean
from filings.services.uploads import DuplicateDocument, document_upload
from filings.uploads import PDF_HEADER_WINDOW, UploadRejected, sniff_type, too_large

ATTACHED = "attached"
DUPLICATE = "duplicate"
REFUSED = "refused"  # the name or the stamp names another case
REJECTED = "rejected"  # too large: nothing stored
UNMATCHED = "unmatched"  # nothing says which entry: the user places it by hand


@dataclass
class FileResult:
    filename: str
    result: str
    detail: str
    how: str = ""  # "file name" or "e-filing stamp", when the entry was found
    entry_number: int | None = None
    attachment_number: int | None = None
    filing: Filing | None = None
    document: Document | None = None  # the new document, or the copy already there
    status: int = 0  # for REJECTED: 413 (too large) or 400


@dataclass
class CaseUpload:
    files: list[FileResult] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for f in self.files if f.result == result)

    @property
    def summary(self) -> str:
        parts = [
            (ATTACHED, "filed on their docket entries", "filed on its docket entry"),
            (UNMATCHED, "to place by hand", "to place by hand"),
            (DUPLICATE, "already there", "already there"),
            (REFUSED, "refused", "refused"),
            (REJECTED, "not accepted", "not accepted"),
        ]
        said = [
            f"{n} {plural if n != 1 else single}" for key, plural, single in parts if (n := self.count(key))
        ]
        return ", ".join(said).capitalize() + "." if said else "No files."


def case_upload(*, case: Case, files, user) -> CaseUpload:
    """File each upload on the entry it names; one file's problem never stops the others.

    `user` must be allowed to change the case (None: the ingest command, run by whoever
    holds the server). The caller has fetched `case` through `visible_to(user)`.
    """
    if user is not None:
        access.require(user, access.CHANGE, case)
    return CaseUpload([file_one(case=case, upload=upload, user=user) for upload in files])


def file_one(*, case: Case, upload, user) -> FileResult:
    name = getattr(upload, "name", "") or "document.pdf"
    limit = settings.CASELAW_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        return FileResult(name, REJECTED, too_large(size, limit).message, status=413)
    found = entry_from_filename(name)
    if found is not None:
        refusal = name_names_another_case(found, case)
        if refusal:
            return FileResult(name, REFUSED, refusal)
    else:
        found, why_not = entry_from_first_page(upload, case)
        if isinstance(found, StampMismatch):
            return FileResult(name, REFUSED, found.message)
        if found is None:
            return FileResult(name, UNMATCHED, why_not)
    return attach(case=case, upload=upload, user=user, name=name, found=found)


def name_names_another_case(found: Match, case: Case) -> str:
    """Why a file whose name names another case is refused ("" when it does not)."""
    if found.pacer_case_id:  # a RECAP archive name: its court is certain
        court = case.court.code.lower()
        if found.court != court:
            return f"This file's name says it is from another court ({found.court}), not {court}."
        if case.pacer_case_id and found.pacer_case_id != case.pacer_case_id.strip():
            return (
                f"This file's name names PACER case {found.pacer_case_id}; "
                f"this case is PACER case {case.pacer_case_id}."
            )
    ours = docket_number_of(case.docket_number)
    if found.case_number and ours is not None and not docket_number_of(found.case_number).same_case(ours):
        return f"This file's name names case {found.case_number}, not {ours}."
    return ""


def entry_from_first_page(upload, case: Case) -> tuple[Match | StampMismatch | None, str]:
    """The stamp's answer, and why there is none, in words."""
    no_name = "Its file name does not say which docket entry it is"
    head = read_head(upload)
    _, problem = sniff_type(head)
    if problem:
        return None, f"{no_name}, and it cannot be read for a stamp: {problem}"
    text = first_page_text(upload)
    if text is None:
        return None, f"{no_name}, and its first page cannot be read (damaged or password-protected?)."
    if not text.strip():
        return None, f"{no_name}, and its first page has no text to read a stamp from (a scan?)."
    found = entry_from_stamp(text, case)
    if found is None:
        return None, f"{no_name}, and its first page carries no e-filing stamp of this case."
    return found, ""


def read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(PDF_HEADER_WINDOW)
    upload.seek(0)
    return head


def first_page_text(upload) -> str | None:
    """The first page's text layer, or None if the PDF cannot be opened."""
    upload.seek(0)
    try:
        pdf = pdfium.PdfDocument(getattr(upload, "file", upload))
    except (pdfium.PdfiumError, OSError, ValueError):
        return None
    try:
        if len(pdf) == 0:
            return ""
        page = pdf[0]
        textpage = page.get_textpage()
        try:
            return clean(textpage.get_text_range())
        finally:
            textpage.close()
            page.close()
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()
        upload.seek(0)


def attach(*, case: Case, upload, user, name: str, found: Match) -> FileResult:
    where = dict(how=found.how, entry_number=found.entry_number, attachment_number=found.attachment_number)
    entry = f"ECF {found.entry_number}"
    filing = Filing.objects.filter(case=case, entry_number=found.entry_number).first()
    if filing is None:
        return FileResult(
            name,
            UNMATCHED,
            f"Its {found.how} says {entry}, which is not on this case's docket yet: add the entry "
            "(or import the docket) and drop it again, or place it by hand.",
            **where,
        )
    where["filing"] = filing
    slot = "a main document" if found.attachment_number == 0 else f"an attachment {found.attachment_number}"
    taken = f"{entry} already has {slot}; place this file by hand."
    occupant = Document.objects.filter(filing=filing, attachment_number=found.attachment_number).first()
    if occupant is not None:
        if occupant.sha256 == sha256_of(upload) and sees(user, occupant):
            return FileResult(name, DUPLICATE, already_there(entry, occupant), document=occupant, **where)
        # The same answer whether or not the user may see what holds the slot.
        return FileResult(name, UNMATCHED, taken, **where)
    try:
        document = document_upload(
            filing=filing, file=upload, uploaded_by=user, attachment_number=found.attachment_number
        )
    except DuplicateDocument as duplicate:
        return FileResult(
            name, DUPLICATE, already_there(entry, duplicate.existing), document=duplicate.existing, **where
        )
    except UploadRejected as rejected:
        return FileResult(name, REJECTED, rejected.message, status=rejected.status, **where)
    except IntegrityError:  # another upload took the slot a moment ago
        return FileResult(name, UNMATCHED, taken, **where)
    part = "the main document" if found.attachment_number == 0 else f"attachment {found.attachment_number}"
    return FileResult(
        name, ATTACHED, f"Filed on {entry} as {part} (by its {found.how}).", document=document, **where
    )


def already_there(entry: str, existing: Document) -> str:
    part = (
        "the main document" if existing.attachment_number == 0 else f"attachment {existing.attachment_number}"
    )
    return f"Already on {entry} as {part}; not stored again."


def sees(user, document: Document) -> bool:
    return user is None or Document.objects.visible_to(user).filter(pk=document.pk).exists()


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
