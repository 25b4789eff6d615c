"""Saved searches with alerts in a real browser (issue #17).

A lawyer searches their case for a word, saves the search from the results page and
sets it to alert immediately. A filing that mentions the word is then uploaded and goes
through the real pipeline in a Celery worker, whose nudge matches it against the alerts
there. The lawyer sees the unread count in the header, the notification in the menu and
on the notifications page with its snippet and a link to the document, and marks it
read. A lawyer of another case, watching the same word, is told nothing."""

import email
import email.policy
import re

import pytest
from django.http import QueryDict
from playwright.sync_api import expect

from caselaw import testing_pdfs as pdfs
from filings.models import Document, Notification
from filings.services.saved_searches import save_search, set_alert
from tests.conftest import wait_for
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import AXE, assert_accessible
from tests.factories import FilingFactory
from tests.helpers import indexed_document, upload
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.browser, pytest.mark.worker]

PASSWORD = "pw-for-tests"  # tests.factories.UserFactory's
WORD = "torrent"
NAME = "Torrenting evidence"
NEW_FILING = "Exhibit 12: the engineers seeded the books by torrent from Anna's Archive."


@pytest.fixture
def mail_worker(transactional_db, tmp_path):
    """A real worker whose e-mails (Django's file backend) land in a directory of this test."""
    mail_dir = tmp_path / "mail"
    process = WorkerProcess("alerts", extra_env={"EMAIL_FILE_PATH": str(mail_dir)}).start()
    process.mail_dir = mail_dir
    yield process
    process.stop()


def test_a_lawyer_saves_a_search_is_alerted_to_a_new_filing_and_marks_it_read(
    transactional_db, case, lawyer, paralegal, outsider, mail_worker, browser, live_server, page
):
    lawyer.email = "lawyer@example-firm.com"
    lawyer.save(update_fields=["email"])
    # Already in the case before the alert is set: found by the search, never alerted on.
    indexed_document(case, "Plaintiffs allege the books were downloaded by torrent from LibGen.")
    # Someone outside the case watches the same word in all of their cases.
    theirs = save_search(user=outsider, name="Torrent everywhere", params=QueryDict(f"q={WORD}"))
    set_alert(user=outsider, saved=theirs, frequency="immediate")

    # 1. Search the case for the word and save the search from the results.
    page.add_init_script(path=str(AXE))  # WCAG 2.1 AA checked at each new state (issue #16)
    log_in(page, "lawyer", PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    page.goto("/search/")
    form = page.get_by_role("search", name="Search documents")
    form.get_by_label("Search the documents of your cases").fill(WORD)
    form.get_by_text("Filters and sorting").click()
    form.get_by_label("Case", exact=True).select_option(label=case.short_name)
    form.get_by_role("button", name="Search").click()
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator(".hit mark").first).to_have_text(re.compile(WORD, re.I))

    save = page.get_by_role("form", name="Save this search")
    save.get_by_label("Save this search as").fill(NAME)
    save.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text(f"Saved “{NAME}”.")

    # 2. Set its alert to "Immediately" on the saved searches page.
    page.goto("/search/saved/")
    page.get_by_label(f"Alert for {NAME}").select_option(label="Immediately")
    page.get_by_role("button", name=f"Set the alert for {NAME}").click()
    expect(page.locator(".messages")).to_contain_text(f"Alert on “{NAME}” set: as soon as a filing matches.")
    expect(page.get_by_label(f"Alert for {NAME}")).to_have_value("immediate")
    row = page.locator(".saved-searches li", has_text=NAME)
    expect(row).to_contain_text("nothing new")
    screenshot(page, "alerts-01-alert-set")
    assert_accessible(page, "saved-searches")

    # 3. A matching filing is uploaded; a real worker indexes it and matches the alerts.
    filing = FilingFactory(case=case, entry_number=212, description="Declaration re seeding")
    document = upload(
        filing,
        pdfs.text_pdf(pages=2, seed=12, marker=NEW_FILING),
        name="exhibit-12.pdf",
        uploaded_by=paralegal,
    )
    try:
        wait_for(lambda: Notification.objects.filter(user=lawyer).exists(), timeout=90, message="the alert")
    except AssertionError as missing:
        raise AssertionError(f"{missing}; the worker said:\n{mail_worker.output()[-3000:]}") from None
    document.refresh_from_db()
    assert document.status == Document.Status.INDEXED

    # 4. The header counts it; the menu lists it.
    page.reload()
    badge = page.get_by_test_id("unread-count")
    expect(badge).to_have_text("1 unread")
    expect(row).to_contain_text("2 new")  # the new filing's two pages, since it was saved
    menu_button = page.locator("summary", has_text="Notifications")
    menu_button.click()
    menu = page.get_by_role("group", name="Notifications")
    title = f"“{NAME}”: 1 new document"
    expect(menu.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "alerts-02-menu")
    assert_accessible(page, "notifications-menu")
    menu.get_by_role("link", name="All notifications").click()
    page.wait_for_url("**/notifications/")

    # 5. The notifications page: the snippet with the word, a link to the document's page.
    notification = page.locator("li.notification", has=page.get_by_role("heading", name=title))
    expect(notification).to_have_count(1)
    expect(notification).to_have_class(re.compile(r"\bunread\b"))
    expect(notification.locator(".snippet")).to_contain_text("seeded the books by")
    expect(notification.locator(".snippet mark").first).to_have_text(re.compile(WORD, re.I))
    link = notification.get_by_role("link", name=f"{document} — page 1")
    expect(link).to_have_attribute("href", f"/documents/{document.pk}/?page=1&q={WORD}")
    expect(notification).to_contain_text(f"{case.short_name} · 2 matching pages")
    screenshot(page, "alerts-03-notifications")
    assert_accessible(page, "notifications-unread")
    link.click()
    page.wait_for_url(f"**/documents/{document.pk}/?page=1&q={WORD}")
    expect(page.locator("#page-number")).to_have_value("1")
    page.go_back()
    page.wait_for_url("**/notifications/")

    # 6. Mark it read: the badge is gone, the menu has nothing new.
    notification.get_by_role("button", name="Mark read").click()
    page.wait_for_url("**/notifications/")
    expect(notification).not_to_have_class(re.compile(r"\bunread\b"))
    expect(notification.get_by_role("button", name="Mark read")).to_have_count(0)
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    menu_button.click()
    expect(menu).to_contain_text("Nothing new.")
    screenshot(page, "alerts-04-read")
    assert_accessible(page, "notifications-read")

    # One e-mail, to the lawyer: the same title, snippet and link, in plain text too.
    mails = wait_for(lambda: sorted(mail_worker.mail_dir.glob("*.log")), timeout=30, message="the e-mail")
    assert len(mails) == 1, mails
    message = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert (message["To"], message["Subject"]) == ("lawyer@example-firm.com", title)
    text = message.get_body(("plain",)).get_content()
    assert "seeded the books by torrent from Anna's Archive" in text  # as written, not HTML-escaped
    assert f"/documents/{document.pk}/?page=1&q={WORD}" in text

    # The lawyer of another case, watching the same word, sees nothing of it.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    try:
        other = context.new_page()
        log_in(other, "outsider", PASSWORD)
        expect(other.locator("summary", has_text="Notifications")).to_be_visible()
        expect(other.get_by_test_id("unread-count")).to_have_count(0)
        other.goto("/notifications/")
        expect(other.get_by_text("No notifications yet.")).to_be_visible()
    finally:
        context.close()
    assert not Notification.objects.filter(user=outsider).exists()
