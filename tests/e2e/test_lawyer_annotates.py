"""A lawyer annotates a filing in a real browser: selects a sentence in the viewer, writes a
note tagged to the DMCA count, finds it highlighted again after a reload and gathered on the
allegation page; the paralegal reads and replies to the team's note but never sees the
lawyer's private one; a read-only member cannot annotate; an outsider gets 404."""

import re

import pytest
from playwright.sync_api import expect

from caselaw.models import Case, CaseMembership
from filings.models import Document, Page
from tests.conftest import wait_for
from tests.e2e.conftest import log_in, screenshot
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker]

SENTENCE = "Removal of copyright management information, 17 U.S.C. § 1202(b)."
PRIVATE_PASSAGE = "Direct copyright infringement, 17 U.S.C. § 501."
NOTE = "Check the CMI facts. <script>alert(1)</script> and **bold**"
PRIVATE_NOTE = "Only for me: compare with the original complaint."

# Selects `phrase` in a page's text layer the way a mouse drag would, then lets go.
SELECT_IN_TEXT_LAYER = """([number, phrase]) => {
  const layer = document.querySelector(`.pdf-page[data-page="${number}"] .textLayer`);
  const nodes = [];
  let text = "";
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.nodeValue;
  }
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" is not in the text layer: ${text}`);
  const point = (i, isEnd) => {
    const [node, start] = nodes.find(([n, s]) => (isEnd ? i <= s + n.length : i < s + n.length));
    return [node, i - start];
  };
  const range = document.createRange();
  range.setStart(...point(at, false));
  range.setEnd(...point(at + phrase.length, true));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  range.endContainer.parentElement.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
}"""


def page_mentioning_1202b(case) -> Page:
    """The third amended complaint's page pleading the DMCA claim, once the worker has read it."""

    def indexed_page():
        page = (
            Page.objects.filter(text__contains="1202(b)", document__filing__case=case)
            .filter(document__filing__kind="complaint")
            .filter(document__filing__description__icontains="third amended")
            .select_related("document__filing")
            .first()
        )
        return page if page and page.document.status == Document.Status.INDEXED else None

    return wait_for(indexed_page, timeout=120, message="the third amended complaint to be indexed")


def record_dialogs(page) -> list[str]:
    """Every alert/confirm/prompt the page opens (a note's <script> must never run one)."""
    opened = []

    def dismiss(dialog):
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return opened


def select_and_annotate(page, number: int, phrase: str):
    page.evaluate(SELECT_IN_TEXT_LAYER, [number, phrase])
    annotate = page.locator(f'.pdf-page[data-page="{number}"] .annotate-float')
    expect(annotate).to_be_visible()
    expect(page.get_by_role("button", name="Annotate selection")).to_be_enabled()
    return annotate


def open_as(browser, live_server, username: str):
    """Another person at another computer: their own browser context and login."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    log_in(tab, username)
    return tab


def highlight_text(page, number: int, annotation_id: int) -> str:
    """The text the note's highlight covers on the page, once it is there."""
    marks = page.locator(f'.pdf-page[data-page="{number}"] .textLayer').locator(
        f'mark.annotation[data-annotation="{annotation_id}"]'
    )
    expect(marks.first).to_be_attached()
    return "".join(marks.all_text_contents())


def is_selected(locator):
    expect(locator).to_have_class(re.compile(r"\bselected\b"))


def open_the_page_pleading_1202b(page, document, number: int) -> None:
    page.get_by_role("link", name="Kadrey v. Meta").click()
    page.locator(f"#entry-{document.filing.entry_number} .doc a").first.click()
    page.wait_for_url(re.compile(rf"/documents/{document.pk}/"))
    expect(page.locator(".pdf-page .textLayer").first).to_be_attached()  # the PDF is open
    page.get_by_label("Page number").fill(str(number))
    page.get_by_label("Page number").press("Enter")
    expect(page.locator('.page-list a[aria-current="page"]')).to_have_text(str(number))
    expect(page.locator(f'.pdf-page[data-page="{number}"] .textLayer span').first).to_be_attached()
    expect(page.get_by_role("button", name="Annotate selection")).to_be_disabled()


def annotate_the_dmca_sentence(page, number: int) -> int:
    annotate = select_and_annotate(page, number, SENTENCE)
    annotate.scroll_into_view_if_needed()
    screenshot(page, "20-annotate-selection")
    annotate.click()
    expect(annotate).to_be_hidden()
    form = page.locator("#note-form")
    expect(page.get_by_role("tab", name=re.compile("Notes"))).to_have_attribute("aria-selected", "true")
    expect(form.locator(".quote-preview")).to_have_text(SENTENCE)
    expect(form).to_contain_text("Markdown allowed")
    form.get_by_label("Note").fill(NOTE)
    expect(form.get_by_label("Case team")).to_be_checked()
    form.get_by_label("Count 3: Removal of copyright management information").check()
    screenshot(page, "21-note-form")
    form.get_by_role("button", name="Save note").click()

    note = page.locator(".notes-list .note").first
    expect(note).to_be_visible()
    annotation_id = int(note.get_attribute("data-annotation"))
    assert highlight_text(page, number, annotation_id) == SENTENCE
    expect(form).to_be_hidden()
    screenshot(page, "22-note-saved")
    return annotation_id


def check_the_note_after_a_reload(page, number: int, annotation_id: int) -> None:
    page.reload()
    assert f"annotation={annotation_id}" in page.url
    assert highlight_text(page, number, annotation_id) == SENTENCE
    note = page.locator(f"#note-{annotation_id}")
    is_selected(note)
    # The note's Markdown is rendered; the HTML in it is shown as text, never run.
    expect(note.locator(".note-body")).to_contain_text("<script>alert(1)</script>")
    expect(note.locator(".note-body strong")).to_have_text("bold")
    expect(note.locator(".note-body script")).to_have_count(0)
    expect(note.locator(".note-meta")).to_contain_text("Lena Ortiz")
    expect(note.locator(".note-meta")).to_contain_text("Case team")
    tag = note.get_by_role("link", name=re.compile(r"Count 3: Removal of copyright management"))
    expect(tag).to_be_visible()
    screenshot(page, "23-after-reload")


def check_search_terms_are_still_marked(page, document, number: int, annotation_id: int) -> None:
    page.goto(f"/documents/{document.pk}/?q=copyright+management&page={number}&annotation={annotation_id}")
    on_page = page.locator(f'.pdf-page[data-page="{number}"] .textLayer')
    expect(on_page.locator("mark.annotation mark.term, mark.term mark.annotation").first).to_be_attached()
    assert highlight_text(page, number, annotation_id) == SENTENCE
    expect(on_page.locator("mark.term", has_text=re.compile("^copyright$", re.I))).to_have_count(3)


def annotate_privately_through_a_failed_save(page, number: int) -> int:
    """From the toolbar's button; the first save fails (the server is down), the text stays."""
    select_and_annotate(page, number, PRIVATE_PASSAGE)
    page.get_by_role("button", name="Annotate selection").click()
    form = page.locator("#note-form")
    form.get_by_label("Note").fill(PRIVATE_NOTE)
    form.get_by_label("Only me").check()

    def server_down(route):
        if route.request.method == "POST":
            route.fulfill(status=503, content_type="text/html", body="<h1>Service unavailable</h1>")
        else:
            route.continue_()

    page.route("**/api/v1/annotations/", server_down)
    form.get_by_role("button", name="Save note").click()
    expect(form.get_by_role("alert")).to_contain_text("The note was not saved")
    expect(form.get_by_label("Note")).to_have_value(PRIVATE_NOTE)
    screenshot(page, "24-save-failed")
    page.unroute("**/api/v1/annotations/", server_down)
    form.get_by_role("button", name="Save note").click()
    expect(form).to_be_hidden()
    private = page.locator(".notes-list .note", has_text=PRIVATE_NOTE)
    expect(private.locator(".note-meta")).to_contain_text("Only me")
    private_id = int(private.get_attribute("data-annotation"))
    assert highlight_text(page, number, private_id) == PRIVATE_PASSAGE
    expect(page.locator("#notes-count")).to_have_text("2")
    return private_id


def follow_the_note_from_the_allegation_page(page, document, number: int, annotation_id: int) -> None:
    page.locator(f"#note-{annotation_id}").get_by_role("link", name=re.compile("Count 3")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Count 3: Removal of copyright"))).to_be_visible()
    evidence = page.locator(".note-evidence", has_text="Check the CMI facts")
    expect(evidence.locator("blockquote")).to_contain_text(SENTENCE)
    expect(evidence.locator(".note-body")).to_contain_text("<script>alert(1)</script>")
    expect(evidence.locator(".note-body strong")).to_have_text("bold")
    expect(page.get_by_text(PRIVATE_NOTE)).to_have_count(0)  # not tagged, so not evidence
    screenshot(page, "26-allegation-page")

    evidence.get_by_role("link", name=re.compile(rf"page {number}$")).click()
    page.wait_for_url(re.compile(rf"/documents/{document.pk}/\?page={number}&annotation={annotation_id}"))
    expect(page.locator("#page-number")).to_have_value(str(number))
    expect(page.get_by_role("tab", name=re.compile("Notes"))).to_have_attribute("aria-selected", "true")
    is_selected(page.locator(f"#note-{annotation_id}"))
    marks = page.locator(f'mark.annotation[data-annotation="{annotation_id}"]')
    is_selected(marks.first)
    expect(marks.first).to_be_in_viewport()
    screenshot(page, "27-back-from-allegation")


def test_a_lawyer_annotates_a_passage_and_tags_it_to_an_allegation(
    demo, e2e_worker, page, browser, live_server
):
    kadrey = Case.objects.get(short_name="Kadrey v. Meta")
    target = page_mentioning_1202b(kadrey)
    document, number = target.document, target.number
    dialogs = record_dialogs(page)

    log_in(page, "lawyer")
    open_the_page_pleading_1202b(page, document, number)
    annotation_id = annotate_the_dmca_sentence(page, number)
    check_the_note_after_a_reload(page, number, annotation_id)
    check_search_terms_are_still_marked(page, document, number, annotation_id)
    private_id = annotate_privately_through_a_failed_save(page, number)

    # The page list marks the page with notes, for eyes and for screen readers.
    noted = page.locator(f'#page-list a[data-goto-page="{number}"]')
    expect(noted).to_have_class(re.compile(r"\bhas-note\b"))
    expect(noted).to_have_attribute("aria-label", re.compile(r"has notes$"))

    # Clicking a highlight opens its note.
    page.locator(f'mark.annotation[data-annotation="{annotation_id}"]').first.click()
    is_selected(page.locator(f"#note-{annotation_id}"))
    screenshot(page, "25-two-notes")

    follow_the_note_from_the_allegation_page(page, document, number, annotation_id)
    assert dialogs == []

    # The paralegal reads the team's note and replies; the private note is not there for them.
    paralegal = open_as(browser, live_server, "paralegal")
    paralegal_dialogs = record_dialogs(paralegal)
    paralegal.goto(f"/documents/{document.pk}/?page={number}&annotation={annotation_id}")
    team_note = paralegal.locator(f"#note-{annotation_id}")
    expect(team_note.locator(".note-body strong")).to_have_text("bold")
    expect(paralegal.locator(".notes-list .note")).to_have_count(1)
    expect(paralegal.get_by_text(PRIVATE_NOTE)).to_have_count(0)
    expect(paralegal.locator(f'mark.annotation[data-annotation="{private_id}"]')).to_have_count(0)
    assert highlight_text(paralegal, number, annotation_id) == SENTENCE
    expect(team_note.get_by_role("button", name="Edit")).to_have_count(0)  # the author's alone
    team_note.get_by_label("Reply").fill("Agreed; the order at ECF 471 lets this claim proceed.")
    team_note.get_by_role("button", name="Reply").click()
    expect(team_note.locator(".reply")).to_contain_text("Agreed; the order at ECF 471")
    expect(team_note.locator(".reply .note-meta")).to_contain_text("Sam Okafor")
    screenshot(paralegal, "28-paralegal-sees-team-note")
    assert paralegal.request.get(f"/api/v1/annotations/{private_id}/").status == 404
    assert paralegal_dialogs == []
    paralegal.context.close()

    # A member with the viewer role reads the notes and the thread, and cannot annotate.
    reader = UserFactory(username="reader", first_name="Rita", last_name="Reed", password="caselaw-demo")
    MembershipFactory(user=reader, case=kadrey, role=CaseMembership.Role.VIEWER)
    reader_page = open_as(browser, live_server, "reader")
    reader_page.goto(f"/documents/{document.pk}/?page={number}&annotation={annotation_id}")
    team_note = reader_page.locator(f"#note-{annotation_id}")
    expect(team_note.locator(".reply")).to_contain_text("Agreed")
    assert highlight_text(reader_page, number, annotation_id) == SENTENCE
    expect(reader_page.get_by_role("button", name="Annotate selection")).to_have_count(0)
    expect(team_note.get_by_label("Reply")).to_have_count(0)
    reader_page.evaluate(SELECT_IN_TEXT_LAYER, [number, PRIVATE_PASSAGE])
    expect(reader_page.locator(".annotate-float")).to_have_count(0)
    reader_page.context.close()

    # The lawyer sees the reply, edits the note and deletes the private one.
    page.reload()
    note = page.locator(f"#note-{annotation_id}")
    expect(note.locator(".reply")).to_contain_text("Sam Okafor")
    note.get_by_role("button", name="Edit").click()
    note.get_by_label("Edit the note").fill("Check the *CMI* facts against ECF 471.")
    note.get_by_role("button", name="Save").click()
    expect(note.locator(".note-body em")).to_have_text("CMI")
    private = page.locator(f"#note-{private_id}")
    private.get_by_role("button", name="Delete").click()
    private.get_by_role("button", name="Delete").click()  # "Delete this note?" asked in place
    expect(private).to_have_count(0)
    expect(page.locator(f'mark.annotation[data-annotation="{private_id}"]')).to_have_count(0)
    expect(page.locator("#notes-count")).to_have_text("1")
    screenshot(page, "29-edited-and-deleted")
    assert dialogs == []

    # On a narrow screen the notes sit below the viewer.
    page.set_viewport_size({"width": 800, "height": 900})
    expect(note.locator(".note-body em")).to_be_visible()
    assert highlight_text(page, number, annotation_id) == SENTENCE
    screenshot(page, "30-narrow-screen")


def test_an_outsider_cannot_open_a_kadrey_document(demo, page):
    document = Document.objects.filter(filing__case__short_name="Kadrey v. Meta").first()
    log_in(page, "outsider")
    response = page.goto(f"/documents/{document.pk}/")
    assert response.status == 404
    hidden = page.request.get(f"/api/v1/annotations/?document={document.pk}")
    missing = page.request.get(f"/api/v1/annotations/?document={document.pk + 100_000}")
    assert hidden.status == missing.status == 400  # no such document, as far as they can tell
    assert hidden.body() == missing.body()


def test_by_keyboard_alone_a_lawyer_annotates_a_passage_and_confirms_a_suggestion(demo, e2e_worker, page):
    """No mouse: the passage is chosen from the page's text with Shift and the arrow keys,
    the note written and saved, then a suggestion confirmed in the review queue (issue #16)."""
    kadrey = Case.objects.get(short_name="Kadrey v. Meta")
    target = page_mentioning_1202b(kadrey)
    document, number = target.document, target.number
    log_in(page, "lawyer")
    page.goto(f"/documents/{document.pk}/?page={number}")
    expect(page.locator(f'.pdf-page[data-page="{number}"] .textLayer span').first).to_be_attached()

    page.get_by_role("button", name="Choose a passage…").focus()
    page.keyboard.press("Enter")
    text = page.get_by_label(re.compile("The page's text"))
    expect(text).to_be_focused()
    before = text.input_value()
    page.keyboard.type("zz")  # the page's text is read, not edited
    assert text.input_value() == before
    for _ in range(3):
        page.keyboard.press("Control+ArrowRight")  # past the first words
    for _ in range(24):
        page.keyboard.press("Shift+ArrowRight")
    chosen = page.evaluate(
        "() => { const t = document.getElementById('passage-text');"
        " return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )
    assert len(chosen) == 24
    page.keyboard.press("Tab")  # to "Annotate the selected text"
    expect(page.get_by_role("button", name="Annotate the selected text")).to_be_focused()
    page.keyboard.press("Enter")

    form = page.locator("#note-form")
    expect(page.locator("#note-body")).to_be_focused()
    expect(form.locator(".quote-preview")).to_have_text(" ".join(chosen.split()))
    page.keyboard.type("Chosen by keyboard.")
    page.locator("#note-form").get_by_role("button", name="Save note").focus()
    page.keyboard.press("Enter")
    note = page.locator(".notes-list .note").first
    expect(note).to_contain_text("Chosen by keyboard.")
    screenshot(page, "30-keyboard-note")

    # Then the review queue, by keyboard: the first suggestion confirmed.
    page.goto(f"/cases/{kadrey.pk}/review/")
    first = page.locator(".review-item").first
    expect(first).to_be_visible()
    link_id = int(first.get_attribute("data-link"))
    page.keyboard.press("j")
    expect(first).to_be_focused()
    page.keyboard.press("c")
    expect(page.locator(f'[data-link="{link_id}"]')).to_have_count(0)
    from filings.models import ClaimLink

    assert ClaimLink.objects.get(pk=link_id).status == "confirmed"
