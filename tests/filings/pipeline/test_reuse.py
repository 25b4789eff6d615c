"""Same bytes, same work: a file already read for a document the uploader may see is not
read again — its pages, text sources and citations are copied — and never from a case the
uploader may not see (how fast a file is read would tell them it exists)."""

import pytest

from caselaw.models import CaseMembership
from filings.models import Document
from filings.pipeline.runner import REUSED, process_document
from tests import pdfs
from tests.factories import CaseFactory, FilingFactory, MembershipFactory
from tests.helpers import require_tool, upload

pytestmark = pytest.mark.django_db(transaction=True)

LINES = [
    "Exhibit C is the declaration of the custodian of the Books3 dataset, 17 U.S.C. § 1202.",
    "The custodian confirms that the shadow library files were downloaded in January 2023.",
]


def read(filing, data: bytes, user) -> Document:
    document = upload(filing, data, name="exhibit-c.pdf", uploaded_by=user)
    process_document(document.pk, token="test")
    document.refresh_from_db()
    assert document.status == Document.Status.INDEXED, document.error
    return document


def test_an_exhibit_attached_to_a_second_motion_is_not_read_again(case, paralegal):
    require_tool("tesseract")
    data = pdfs.scanned_page_with_stamp_pdf(LINES)
    first = read(FilingFactory(case=case, entry_number=10), data, paralegal)
    assert REUSED not in first.error

    second = read(FilingFactory(case=case, entry_number=11), data, paralegal)

    assert REUSED in second.error
    assert second.used_ocr and second.page_count == first.page_count == second.pages_done
    old, new = first.pages.get(), second.pages.get()
    assert (new.text, new.text_source, new.text_note, new.ocr_confidence) == (
        old.text,
        old.text_source,
        old.text_note,
        old.ocr_confidence,
    )
    assert new.case_id == case.pk and new.date_filed == second.filing.date_filed
    assert list(second.citations.values_list("normalized", "start")) == list(
        first.citations.values_list("normalized", "start")
    )
    assert second.citations.get().page == new


def test_a_file_read_in_a_case_the_uploader_cannot_see_is_read_afresh(case, paralegal):
    data = pdfs.emails_and_urls_pdf()
    other_case = CaseFactory()
    stranger = MembershipFactory(case=other_case, role=CaseMembership.Role.PARALEGAL).user
    hidden = read(FilingFactory(case=other_case), data, stranger)

    mine = read(FilingFactory(case=case), data, paralegal)

    assert REUSED not in mine.error
    assert mine.pages.get().text == hidden.pages.get().text  # read again, the same way
