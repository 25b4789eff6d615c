"""The review queue by keyboard and in bulk, in a real browser (issue #16)."""

import re

import pytest
from playwright.sync_api import expect

from caselaw.models import Allegation, Case
from filings.models import ClaimLink, Document
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import AXE, assert_accessible
from tests.helpers import suggested_links

pytestmark = pytest.mark.browser


def suggestions(case, n: int) -> list[ClaimLink]:
    allegation = Allegation.objects.filter(case=case).order_by("count_number").first()
    document = (
        Document.objects.filter(filing__case=case, designation=0, filing__sealed=False).order_by("pk").first()
    )
    return suggested_links(allegation, document, range(1, n + 1), score=lambda number: 1 - number / 100)


def test_a_lawyer_works_through_the_queue_by_keyboard_and_in_bulk(demo, page):
    case = Case.objects.get(short_name="Kadrey v. Meta")
    ClaimLink.objects.filter(allegation__case=case, status="suggested").delete()
    first, second, third, fourth = suggestions(case, 4)
    page.add_init_script(path=str(AXE))
    log_in(page, "lawyer")
    page.goto(f"/cases/{case.pk}/review/")
    expect(page.locator(".review-item")).to_have_count(4)
    assert_accessible(page, "review-queue")

    page.keyboard.press("j")  # the first (best) suggestion
    expect(page.locator(f'[data-link="{first.pk}"]')).to_be_focused()
    page.keyboard.press("c")
    expect(page.locator(f'[data-link="{first.pk}"]')).to_have_count(0)
    expect(page.locator(f'[data-link="{second.pk}"]')).to_be_focused()
    page.keyboard.press("r")
    expect(page.locator(f'[data-link="{second.pk}"]')).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Rejected. 2 left")
    expect(page.locator("#left-count")).to_have_text("2 suggestions")
    screenshot(page, "review-queue-keyboard")

    page.keyboard.press("x")  # select the third, then the fourth, and confirm both at once
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.get_by_role("button", name="Confirm selected").click()
    expect(page.get_by_text("Confirmed 2 suggestions.")).to_be_visible()
    expect(page.get_by_text("Nothing left to review")).to_be_visible()
    screenshot(page, "review-queue-done")

    # "n" on a suggestion: its page in the viewer, ready to choose a passage for a note.
    fifth = ClaimLink.objects.create(
        allegation=first.allegation,
        document=first.document,
        page=first.page,
        source=ClaimLink.Source.SUGGESTION,
        score=0.9,
        reason="mentions the count's terms on page 1",
    )
    page.goto(f"/cases/{case.pk}/review/")
    page.keyboard.press("j")
    expect(page.locator(f'[data-link="{fifth.pk}"]')).to_be_focused()
    page.keyboard.press("n")
    page.wait_for_url(f"**/documents/{fifth.document_id}/?page=1&annotate=1")
    expect(page.get_by_role("button", name="Choose a passage…")).to_be_focused()
    expect(page.get_by_role("tab", name=re.compile("Notes"))).to_have_attribute("aria-selected", "true")

    statuses = dict(
        ClaimLink.objects.filter(pk__in=[link.pk for link in (first, second, third, fourth)]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {
        first.pk: "confirmed",
        second.pk: "rejected",
        third.pk: "confirmed",
        fourth.pk: "confirmed",
    }
