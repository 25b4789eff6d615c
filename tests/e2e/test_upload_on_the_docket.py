"""Upload where the eye is (issue #16): a PDF dropped on a docket row, or chosen with the
row's own button, goes to that entry."""

import re

import pytest
from playwright.sync_api import expect

from caselaw import testing_pdfs as pdfs
from caselaw.models import Case
from filings.models import Document
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_pdf_dropped_on_a_docket_row_or_added_with_its_button_goes_to_that_entry(demo, page):
    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "paralegal")
    page.goto(f"/cases/{case.pk}/?entry=23#entry-23")
    row = page.locator("#entry-23")
    expect(row).to_be_visible()
    filing_id = int(row.get_attribute("data-filing"))

    data = list(pdfs.text_pdf(pages=2, seed=5, marker="Dropped on the row"))
    page.evaluate(
        """([selector, bytes]) => {
            const type = "application/pdf";
            const file = new File([new Uint8Array(bytes)], "dropped-exhibit.pdf", { type });
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const cell = document.querySelector(selector + " td:nth-child(5)");
            for (const name of ["dragenter", "dragover", "drop"]) {
                const init = { bubbles: true, cancelable: true, dataTransfer: transfer };
                cell.dispatchEvent(new DragEvent(name, init));
            }
        }""",
        ["#entry-23", data],
    )
    expect(page.locator(".upload-row", has_text="dropped-exhibit.pdf")).to_be_visible()
    expect(page.locator(".upload-row", has_text="dropped-exhibit.pdf")).not_to_contain_text("Refused")

    with page.expect_file_chooser() as chooser:
        page.locator("#entry-23").get_by_role("button", name="Add PDF").click()
    chooser.value.set_files(
        {
            "name": "chosen-exhibit.pdf",
            "mimeType": "application/pdf",
            "buffer": pdfs.text_pdf(pages=1, seed=6),
        }
    )
    expect(page.locator(".upload-row", has_text="chosen-exhibit.pdf")).to_be_visible()
    screenshot(page, "upload-on-docket-row")

    def filed_to(name):
        document = Document.objects.filter(original_filename=name).first()
        return document and document.filing_id

    for name in ("dropped-exhibit.pdf", "chosen-exhibit.pdf"):
        for _ in range(50):
            if filed_to(name):
                break
            page.wait_for_timeout(100)
        assert filed_to(name) == filing_id, name


def test_a_new_entry_starts_from_today_and_its_problems_read_plainly(demo, page):
    from django.utils import timezone

    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "paralegal")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Docket entry").select_option("new")
    expect(page.get_by_label("Date filed")).to_have_value(
        timezone.localdate().isoformat()
    )  # the install's zone
    page.locator("#new-description").fill("")
    exhibit = {
        "name": "new-entry.pdf",
        "mimeType": "application/pdf",
        "buffer": pdfs.text_pdf(pages=1, seed=8),
    }

    page.locator("#upload-files").set_input_files(exhibit)
    error = page.locator("#upload-error")
    expect(error).to_contain_text("Describe the entry")
    expect(error).not_to_contain_text("description:")

    page.locator("#new-description").fill("Declaration of counsel in support of the motion")
    page.get_by_label("ECF no.").fill("23")  # already on the docket
    page.locator("#upload-files").set_input_files(exhibit)
    expect(error).to_contain_text("ECF no.:")
    expect(error).not_to_contain_text("Date has wrong format")
    screenshot(page, "new-entry-errors")
    assert not Document.objects.filter(original_filename="new-entry.pdf").exists()


def test_a_new_entry_is_filled_from_the_files_first_page(demo, page):
    from filings.models import Filing
    from tests.filings.pipeline.test_titles import CAPTION, caption_pdf

    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "paralegal")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Docket entry").select_option("new")
    page.get_by_label("ECF no.").fill("700")

    page.locator("#upload-files").set_input_files(
        {"name": "order.pdf", "mimeType": "application/pdf", "buffer": caption_pdf(CAPTION)}
    )

    expect(page.locator(".upload-row", has_text="order.pdf")).to_be_visible()
    expect(page.locator("#new-description")).to_have_value(
        re.compile(r"^ORDER DENYING THE PLAINTIFFS' MOTION")
    )
    filing = None
    for _ in range(50):
        filing = Filing.objects.filter(case=case, entry_number=700).first()
        if filing:
            break
        page.wait_for_timeout(100)
    assert filing is not None
    assert filing.kind == "order"
    assert filing.description.startswith("ORDER DENYING THE PLAINTIFFS' MOTION FOR PARTIAL SUMMARY JUDGMENT")
