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


def test_a_new_entry_is_described_in_a_dialog_from_today_with_plain_problems(demo, page):
    from django.utils import timezone

    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "paralegal")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Docket entry").select_option("new")
    exhibit = {
        "name": "new-entry.pdf",
        "mimeType": "application/pdf",
        "buffer": pdfs.text_pdf(pages=1, seed=8),
    }

    page.locator("#upload-files").set_input_files(exhibit)
    dialog = page.get_by_role("dialog", name=re.compile("Describe the new entry"))
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("for new-entry.pdf")
    expect(dialog.get_by_label("Date filed")).to_have_value(
        timezone.localdate().isoformat()
    )  # the install's zone
    expect(dialog.get_by_label("Description")).to_be_focused()  # nothing on the page to fill it from
    create = dialog.get_by_role("button", name="Create the entry and upload")
    create.click()
    error = dialog.locator("#new-entry-error")
    expect(error).to_contain_text("Describe the entry")

    dialog.get_by_label("Description").fill("Declaration of counsel in support of the motion")
    dialog.get_by_label("ECF no.").fill("23")  # already on the docket
    create.click()
    expect(error).to_contain_text("ECF no.: This case already has docket entry 23.")
    expect(error).not_to_contain_text("Date has wrong format")
    screenshot(page, "new-entry-dialog-errors")
    assert not Document.objects.filter(original_filename="new-entry.pdf").exists()

    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".upload-row", has_text="new-entry.pdf")).to_have_count(0)  # nothing sent


def test_a_new_entry_is_filled_from_the_files_first_page(demo, page):
    from filings.models import Filing
    from tests.filings.pipeline.test_titles import CAPTION, caption_pdf

    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "paralegal")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Docket entry").select_option("new")

    page.locator("#upload-files").set_input_files(
        {"name": "order.pdf", "mimeType": "application/pdf", "buffer": caption_pdf(CAPTION)}
    )

    dialog = page.get_by_role("dialog", name=re.compile("Describe the new entry"))
    expect(dialog.get_by_label("Description")).to_have_value(
        re.compile(r"^ORDER DENYING THE PLAINTIFFS' MOTION")
    )
    expect(dialog.get_by_label("Kind")).to_have_value("order")
    screenshot(page, "new-entry-dialog-filled")
    dialog.get_by_label("ECF no.").fill("700")
    dialog.get_by_role("button", name="Create the entry and upload").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".upload-row", has_text="order.pdf")).to_be_visible()
    filing = Filing.objects.get(case=case, entry_number=700)
    assert filing.kind == "order"
    assert filing.description.startswith("ORDER DENYING THE PLAINTIFFS' MOTION FOR PARTIAL SUMMARY JUDGMENT")
    for _ in range(50):
        if Document.objects.filter(filing=filing, original_filename="order.pdf").exists():
            break
        page.wait_for_timeout(100)
    assert Document.objects.filter(filing=filing, original_filename="order.pdf").exists()
