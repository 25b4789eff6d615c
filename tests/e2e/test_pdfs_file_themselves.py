"""In Chromium: PDFs dropped on the case page file themselves by name or stamp; a file that
names no entry waits with an entry picker and is placed by hand; another case's PDF is
refused with the reason; nothing breaks the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from caselaw import testing_pdfs
from caselaw.models import CaseMembership
from tests.e2e.conftest import screenshot
from tests.e2e.test_content_security_policy import ViolationWatch
from tests.factories import CaseFactory, FilingFactory, MembershipFactory, UserFactory
from tests.filings.test_case_uploads import stamped_pdf

pytestmark = [pytest.mark.browser]


def pdf_file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_a_paralegal_drops_a_mixed_folder_on_the_case_page(transactional_db, page):
    case = CaseFactory(short_name="Kadrey v. Meta", docket_number="3:23-cv-03417-VC", pacer_case_id="415175")
    main, exhibits = FilingFactory(case=case, entry_number=351), FilingFactory(case=case, entry_number=12)
    user = UserFactory(username="dropper")
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.PARALEGAL)
    watch = ViolationWatch(page)
    page.goto("/login/")
    page.get_by_label("Username").fill("dropper")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.goto(case.get_absolute_url())

    page.locator("#upload-files").set_input_files(
        [
            pdf_file("gov.uscourts.cand.415175.351.2.pdf", testing_pdfs.text_pdf(1, seed=1)),
            pdf_file("letter.pdf", testing_pdfs.text_pdf(1, seed=2)),
            pdf_file(
                "tremblay.pdf", stamped_pdf("Case 3:23-cv-03223-AMO Document 5 Filed 01/17/25 Page 1 of 2")
            ),
        ]
    )

    filed = page.locator(".upload-row", has_text="gov.uscourts.cand.415175.351.2.pdf")
    expect(filed.get_by_role("link", name="ECF 351-2")).to_be_visible()
    refused = page.locator(".upload-row", has_text="tremblay.pdf")
    expect(refused).to_contain_text(
        "Refused: This PDF's e-filing stamp names case 3:23-cv-03223, not 3:23-cv-03417."
    )
    loose = page.locator(".upload-row", has_text="letter.pdf")
    expect(loose).to_contain_text("carries no e-filing stamp of this case. Place it by hand:")
    screenshot(page, "pdfs-file-themselves")

    loose.get_by_label("Docket entry for letter.pdf").select_option(str(exhibits.pk))
    loose.get_by_role("button", name="File here").click()

    expect(loose).to_contain_text("Queued for processing")
    assert main.documents.get().attachment_number == 2
    assert exhibits.documents.get().original_filename == "letter.pdf"
    assert watch.seen() == []
