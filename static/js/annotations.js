// Notes on passages of the document, for the viewer (viewer.js): select text on a page
// and annotate it, read the notes and their replies in the Notes tab, and see each note's
// passage highlighted whenever its page is drawn.
//
//   annotations/api.js         the annotations API
//   annotations/anchor.js      finding a passage in a text layer and marking it
//   annotations/notes-list.js  the list of notes, with replies, Edit and Delete
import { findQuote, layerText, marksOf, offsetOf, unwrap, wrap } from "./annotations/anchor.js";
import { listNotes, NOTES_URL, request } from "./annotations/api.js";
import { renderNote, wireNotesList } from "./annotations/notes-list.js";

const CONTEXT_CHARS = 40; // of text before and after a quote, sent so it can be found again
const FLASH_MS = 2400;

const $ = (id) => document.getElementById(id);
const squash = (text) => text.replace(/\s+/g, " ").trim();

const state = {
  options: null, // what initAnnotations was given
  notes: new Map(), // id → the note as the API returns it (top-level notes; replies inside)
  allegations: new Map(), // id → {count, title, url}
  loaded: false,
  selection: null, // the passage selected on a page: {page, quote, prefix, suffix}
  draft: null, // the passage the open form is about
  selected: null, // id of the note shown as selected
  unanchored: new Set(), // ids of notes whose passage was not found on their drawn page
  flashWhenDrawn: null, // id of a note to flash once its page is drawn
};

/**
 * Start the notes of a document. `goToPage(n)` and `showNotesTab()` come from the viewer,
 * which calls the returned `textLayerRendered(pageNumber, layer)` each time it draws a page.
 */
export function initAnnotations({ documentId, canAnnotate, allegations, scroller, goToPage, showNotesTab }) {
  state.options = { documentId, canAnnotate, scroller, goToPage, showNotesTab };
  for (const allegation of allegations) state.allegations.set(allegation.id, allegation);
  wireHighlightClicks();
  wireNotesList($("notes-list"), {
    note: (id) => state.notes.get(id),
    view: viewOf,
    show: showNote,
    changed: (note) => state.notes.set(note.id, note),
    deleted: forgetNote,
  });
  if (canAnnotate) {
    wireSelection();
    wireForm();
  }
  const linked = Number(new URLSearchParams(location.search).get("annotation"));
  if (linked) showNotesTab();
  loadNotes().then((loaded) => loaded && linked && openLinkedNote(linked));
  return { textLayerRendered };
}

async function loadNotes() {
  const status = $("notes-status");
  status.textContent = "Loading notes…";
  let found;
  try {
    found = await listNotes(state.options.documentId);
  } catch (error) {
    status.textContent = `The notes could not be loaded: ${error.message}`;
    return false;
  }
  for (const note of found) state.notes.set(note.id, note);
  state.loaded = true;
  renderList();
  for (const layer of document.querySelectorAll(".pdf-page .textLayer")) {
    highlightPage(Number(layer.closest(".pdf-page").dataset.page), layer);
  }
  return true;
}

/** Opened from a link to a note (?annotation=id): select it and show its passage. */
function openLinkedNote(id) {
  const note = state.notes.get(id);
  if (!note) {
    $("notes-status").textContent = "The linked note is not one you can read, or it was deleted.";
    return;
  }
  selectNote(id, { scroll: true });
  const asked = Number(new URLSearchParams(location.search).get("page"));
  if (asked !== note.page) state.options.goToPage(note.page);
  flashHighlight(id);
}

// --- Highlights -----------------------------------------------------------------------

/** The viewer drew a page: mark the passages of its notes (and of the note being written). */
function textLayerRendered(number, layer) {
  if (state.draft?.page === number) highlight(state.draft, layer, "draft");
  if (state.loaded) highlightPage(number, layer);
}

function highlightPage(number, layer) {
  for (const note of sortedNotes()) {
    if (note.page === number) highlight(note, layer);
  }
  if (state.notes.get(state.flashWhenDrawn)?.page === number) flashHighlight(state.flashWhenDrawn);
}

function highlight(note, layer, id = note.id) {
  if (!note.quote) return;
  const text = layerText(layer);
  const span = findQuote(text.text, note);
  if (id !== "draft") {
    if (span) state.unanchored.delete(id);
    else state.unanchored.add(id);
    $(`note-${id}`)?.classList.toggle("unanchored", !span);
  }
  if (!span) return;
  const marks = wrap(text, span, id);
  if (id === "draft") marks.forEach((mark) => mark.classList.add("draft"));
  if (id === state.selected) marks.forEach((mark) => mark.classList.add("selected"));
}

/** Bring the note's passage into view and flash it; if its page is not drawn yet, once it is. */
function flashHighlight(id) {
  const marks = [...marksOf(id)];
  if (!marks.length) {
    state.flashWhenDrawn = id;
    return;
  }
  state.flashWhenDrawn = null;
  reveal(marks[0]);
  for (const mark of marks) {
    mark.classList.remove("flash");
    void mark.offsetWidth; // so the animation starts again
    mark.classList.add("flash");
  }
  setTimeout(() => marks.forEach((mark) => mark.classList.remove("flash")), FLASH_MS);
}

function reveal(mark) {
  const { scroller } = state.options;
  const top = mark.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  if (top < scroller.clientHeight * 0.1 || top > scroller.clientHeight * 0.7) {
    scroller.scrollTop += top - scroller.clientHeight * 0.3;
  }
}

function wireHighlightClicks() {
  document.addEventListener("click", (event) => {
    const mark = event.target.closest?.(".textLayer mark.annotation:not(.draft)");
    if (!mark || !document.getSelection().isCollapsed) return; // a drag to select text is no click
    const id = Number(mark.dataset.annotation);
    state.options.showNotesTab();
    selectNote(id, { scroll: true });
    flashHighlight(id);
  });
}

// --- Selecting text, and the Annotate buttons -------------------------------------------

/** The selection, if it lies within one page's text layer: the passage, its range and layer. */
function selectedPassage() {
  const selection = document.getSelection();
  if (!selection?.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const layerOf = (node) =>
    (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(".textLayer");
  const layer = layerOf(range.startContainer);
  if (!layer || layer !== layerOf(range.endContainer)) return null;
  const text = layerText(layer);
  const start = offsetOf(text, range.startContainer, range.startOffset);
  const end = offsetOf(text, range.endContainer, range.endOffset);
  const quote = squash(text.text.slice(start, end));
  if (!quote) return null;
  const passage = {
    page: Number(layer.closest(".pdf-page").dataset.page),
    quote,
    prefix: squash(text.text.slice(Math.max(0, start - 4 * CONTEXT_CHARS), start)).slice(-CONTEXT_CHARS),
    suffix: squash(text.text.slice(end, end + 4 * CONTEXT_CHARS)).slice(0, CONTEXT_CHARS),
  };
  return { passage, range, layer };
}

function wireSelection() {
  const floating = document.createElement("button");
  floating.type = "button";
  floating.className = "annotate-float";
  floating.textContent = "Annotate";
  floating.title = "Write a note about the selected text";
  floating.hidden = true;
  const toolbarButton = $("annotate-selection");

  const update = () => {
    const selected = selectedPassage();
    state.selection = selected?.passage ?? null;
    toolbarButton.disabled = !selected;
    if (!selected) {
      floating.hidden = true;
      return;
    }
    // Just below the end of the selection, on its page (so it scrolls with it).
    const page = selected.layer.closest(".pdf-page");
    const box = page.getBoundingClientRect();
    const rects = selected.range.getClientRects();
    const last = rects[rects.length - 1] ?? selected.range.getBoundingClientRect();
    if (floating.parentElement !== page) page.append(floating); // moving it would drop its focus
    floating.hidden = false;
    const left = Math.min(last.right - box.left, box.width - floating.offsetWidth);
    floating.style.left = `${Math.max(0, left)}px`;
    floating.style.top = `${last.bottom - box.top + 6}px`;
  };
  const soon = () => setTimeout(update, 0); // once the click that ends a selection has settled it
  document.addEventListener("mouseup", (event) => event.target !== floating && soon());
  document.addEventListener("keyup", (event) => !event.target.closest?.("input, textarea") && soon());
  document.addEventListener("selectionchange", () => {
    if (document.getSelection().isCollapsed && !floating.hidden) soon();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") floating.hidden = true;
  });
  for (const button of [floating, toolbarButton]) {
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keeps the selection
    button.addEventListener("click", () => state.selection && openForm(state.selection));
  }
  wirePassagePicker();
}

/** The keyboard's way to a passage: the current page's text in a dialog, where Shift and
 * the arrow keys select; the selection becomes the note's passage, anchored as a mouse
 * selection on the page is. */
function wirePassagePicker() {
  const dialog = $("passage-picker");
  const opener = $("annotate-keyboard");
  if (!dialog || !opener) return;
  const area = $("passage-text");
  const error = $("passage-picker-error");
  let page = null;
  let text = "";
  let chosen = false;
  // Not `readonly`: Chromium gives a read-only text area no caret, so no keyboard selection.
  // Typing, pasting and dropping are refused instead, and the text put back if anything slips by.
  area.addEventListener("beforeinput", (event) => event.preventDefault());
  area.addEventListener("input", () => {
    area.value = text;
  });
  opener.addEventListener("click", () => {
    page = Number($("page-number").value) || 1;
    const layer = document.querySelector(`.pdf-page[data-page="${page}"] .textLayer`);
    text = layer ? layerText(layer).text : "";
    $("passage-picker-page").textContent = page;
    area.value = text || "This page's text is not shown yet; close this and try again in a moment.";
    error.hidden = true;
    dialog.showModal();
    area.setSelectionRange(0, 0);
    area.focus();
  });
  $("passage-picker-use").addEventListener("click", () => {
    const [start, end] = [area.selectionStart, area.selectionEnd];
    const quote = text ? squash(text.slice(start, end)) : "";
    if (!quote) {
      error.textContent = "Select some of the text first: hold Shift and move with the arrow keys.";
      error.hidden = false;
      area.focus();
      return;
    }
    chosen = true;
    dialog.close();
    openForm({
      page,
      quote,
      prefix: squash(text.slice(Math.max(0, start - 4 * CONTEXT_CHARS), start)).slice(-CONTEXT_CHARS),
      suffix: squash(text.slice(end, end + 4 * CONTEXT_CHARS)).slice(0, CONTEXT_CHARS),
    });
  });
  // Sent here to add a note (the review queue's "n"): the button that starts one has the focus.
  if (new URLSearchParams(window.location.search).has("annotate")) {
    setTimeout(() => {
      state.options.showNotesTab();
      opener.focus();
    }, 0);
  }
  // Cancelled: back to the button; chosen: the note's text box has the focus.
  dialog.addEventListener("close", () => {
    if (!chosen) opener.focus({ preventScroll: true });
    chosen = false;
  });
}

// --- Writing a note -------------------------------------------------------------------

function openForm(passage) {
  state.draft = passage;
  unwrap("draft");
  document.getSelection().removeAllRanges();
  const layer = document.querySelector(`.pdf-page[data-page="${passage.page}"] .textLayer`);
  if (layer) highlight(passage, layer, "draft"); // what the note is about, while it is written
  $("note-form-page").textContent = passage.page;
  $("note-form-quote").textContent = passage.quote;
  showFormError("");
  $("note-form").hidden = false;
  $("notes-hint").hidden = true;
  state.options.showNotesTab();
  $("note-form").scrollIntoView({ block: "nearest" });
  $("note-body").focus(); // text already written stays, for a note moved to another passage
}

function closeForm() {
  const form = $("note-form");
  form.reset();
  form.hidden = true;
  $("notes-hint").hidden = false;
  state.draft = null;
  unwrap("draft");
}

function showFormError(message) {
  const box = $("note-form-error");
  box.textContent = message;
  box.hidden = !message;
}

function wireForm() {
  const form = $("note-form");
  $("note-form-cancel").addEventListener("click", closeForm);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = $("note-body").value;
    if (!body.trim()) {
      showFormError("Write the note before saving it.");
      $("note-body").focus();
      return;
    }
    const fields = new FormData(form);
    const { page, quote, prefix, suffix } = state.draft;
    const save = form.querySelector('[type="submit"]');
    save.disabled = true;
    save.textContent = "Saving…";
    try {
      const note = await request("POST", NOTES_URL, {
        document: state.options.documentId,
        page,
        quote,
        prefix,
        suffix,
        body,
        visibility: fields.get("visibility"),
        allegations: fields.getAll("allegations").map(Number),
      });
      closeForm();
      addNote(note);
      $("notes-status").textContent = "Note saved.";
      selectNote(note.id, { scroll: true });
      flashHighlight(note.id);
    } catch (error) {
      showFormError(`The note was not saved. ${error.message}`); // and its text stays in the form
    } finally {
      save.disabled = false;
      save.textContent = "Save note";
    }
  });
}

function addNote(note) {
  state.notes.set(note.id, note);
  renderList();
  const layer = document.querySelector(`.pdf-page[data-page="${note.page}"] .textLayer`);
  if (layer) highlight(note, layer);
}

// --- The list -------------------------------------------------------------------------

function sortedNotes() {
  const place = (note) => [note.page, note.start ?? Infinity, note.created_at];
  return [...state.notes.values()].sort((a, b) => {
    const [x, y] = [place(a), place(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
  });
}

function viewOf(note) {
  return {
    selected: note.id === state.selected,
    unanchored: state.unanchored.has(note.id),
    canAnnotate: state.options.canAnnotate,
    allegations: state.allegations,
  };
}

function renderList() {
  $("notes-list").replaceChildren(...sortedNotes().map((note) => renderNote(note, viewOf(note))));
  $("notes-count").textContent = state.notes.size || "";
  $("notes-status").textContent = state.notes.size ? "" : "No notes on this document yet.";
  markPagesWithNotes();
}

/** The page list marks the pages that have notes (and says so to screen readers). */
function markPagesWithNotes() {
  const noted = new Set([...state.notes.values()].map((note) => note.page));
  for (const link of document.querySelectorAll("#page-list a[data-goto-page]")) {
    const has = noted.has(Number(link.dataset.gotoPage));
    link.classList.toggle("has-note", has);
    const label = (link.getAttribute("aria-label") || "").replace(/, has notes$/, "");
    link.setAttribute("aria-label", has ? `${label}, has notes` : label);
  }
}

/** Mark the note as the one being read, in the list, on the page and in the URL. */
function selectNote(id, { scroll = false } = {}) {
  if (!state.notes.has(id)) return;
  for (const mark of document.querySelectorAll(".textLayer mark.annotation.selected")) {
    mark.classList.remove("selected");
  }
  for (const mark of marksOf(id)) mark.classList.add("selected");
  for (const other of document.querySelectorAll(".note.selected")) {
    other.classList.remove("selected");
    other.removeAttribute("aria-current");
  }
  state.selected = id;
  const item = $(`note-${id}`);
  item.classList.add("selected");
  item.setAttribute("aria-current", "true");
  if (scroll) item.scrollIntoView({ block: "nearest" });
  setAnnotationParam(id);
}

/** Clicked in the list: go to the note's page and flash its passage. */
function showNote(id) {
  selectNote(id);
  state.options.goToPage(state.notes.get(id).page);
  flashHighlight(id);
}

function forgetNote(id) {
  state.notes.delete(id);
  unwrap(id);
  if (state.selected === id) {
    state.selected = null;
    setAnnotationParam(null);
  }
  renderList();
  $("notes-status").textContent = "Note deleted.";
}

function setAnnotationParam(id) {
  const url = new URL(location.href);
  if (id) url.searchParams.set("annotation", id);
  else url.searchParams.delete("annotation");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}
