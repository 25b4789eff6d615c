// Notes on passages of the document, for the viewer (viewer.js): select text on a page
// and annotate it, list the notes in the Notes tab with their replies, and highlight each
// note's passage in the text layer whenever its page is drawn.
//
// A note is anchored by its quote and the text around it (not by offsets), because the
// text layer and the server's extraction space words and break lines differently: the
// quote is found with whitespace ignored, and its prefix and suffix pick among repeats.

const API = "/api/v1/annotations/";
const CONTEXT_CHARS = 40; // of text before and after a quote, sent to re-find it later
const FLASH_MS = 2400;
const FIELD_LABELS = { body: "Note", allegations: "Allegations", visibility: "Who can read it", page: "Page" };
const VISIBILITY = { team: "Case team", private: "Only me" };

const $ = (id) => document.getElementById(id);
const squash = (text) => text.replace(/\s+/g, " ").trim();
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const state = {
  options: null, // what initAnnotations was given
  notes: new Map(), // id → the note as the API returns it (top-level notes only)
  allegations: new Map(), // id → {count, title, url}
  loaded: false,
  selection: null, // the passage selected on a page: {page, quote, prefix, suffix}
  draft: null, // the passage the open form is about
  selected: null, // id of the note shown as selected
  unanchored: new Set(), // ids of notes whose passage was not found on their drawn page
  flashWhenDrawn: null, // id of a note to flash once its page is drawn
};

/**
 * Start the notes of a document. `goToPage(n)` and `showNotesTab()` come from the viewer;
 * it calls the returned `textLayerRendered(pageNumber, layer)` each time it draws a page.
 */
export function initAnnotations({ documentId, canAnnotate, allegations, scroller, goToPage, showNotesTab }) {
  state.options = { documentId, canAnnotate, scroller, goToPage, showNotesTab };
  for (const allegation of allegations) state.allegations.set(allegation.id, allegation);
  wireHighlightClicks();
  wireNotesList();
  if (canAnnotate) {
    wireSelection();
    wireForm();
  }
  const linked = Number(new URLSearchParams(location.search).get("annotation"));
  if (linked) showNotesTab();
  loadNotes().then(() => linked && openLinkedNote(linked));
  return { textLayerRendered };
}

// --- The API ------------------------------------------------------------------------

class ApiError extends Error {}

function csrfToken() {
  return document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)?.[1] ?? "";
}

async function api(method, url, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("The server could not be reached. Check the connection and try again.");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(describeError(response.status, data));
  return data;
}

/** The API's error as a sentence: {"body": ["…"]} becomes "Note: …". */
function describeError(status, data) {
  if (data && typeof data === "object") {
    const parts = Object.entries(data).map(([field, problem]) => {
      const text = [problem].flat().join(" ");
      return field in FIELD_LABELS ? `${FIELD_LABELS[field]}: ${text}` : text;
    });
    if (parts.length) return parts.join(" ");
  }
  if (status === 404) return "This note no longer exists; it may have been deleted. Reload to see the notes as they are.";
  return `The server could not do that (error ${status}). Try again in a moment.`;
}

async function loadNotes() {
  const status = $("notes-status");
  status.textContent = "Loading notes…";
  const found = [];
  try {
    let url = `${API}?document=${state.options.documentId}&page_size=500`;
    while (url) {
      const data = await api("GET", url);
      found.push(...data.results);
      url = data.next;
    }
  } catch (error) {
    status.textContent = `The notes could not be loaded: ${error.message}`;
    return;
  }
  for (const note of found) state.notes.set(note.id, note);
  state.loaded = true;
  renderList();
  for (const layer of document.querySelectorAll(".pdf-page .textLayer")) {
    highlightPage(Number(layer.closest(".pdf-page").dataset.page), layer);
  }
}

function openLinkedNote(id) {
  const note = state.notes.get(id);
  if (!note) {
    $("notes-status").textContent = "The linked note is not one you can read, or it was deleted.";
    return;
  }
  selectNote(id);
  const asked = Number(new URLSearchParams(location.search).get("page"));
  if (asked !== note.page) state.options.goToPage(note.page);
  flashHighlight(id);
}

// --- Finding a quote in a text layer ----------------------------------------------------

/** The layer's text as one string (a line break counts as "\n") and where each text node starts in it. */
function layerText(layer) {
  const parts = [];
  let text = "";
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push({ node, start: text.length });
      text += node.nodeValue;
    } else if (node.nodeName === "BR") {
      text += "\n";
    }
  }
  return { text, parts };
}

/** Where a DOM boundary point (as a Range has them) falls in the layer's text. */
function offsetOf({ text, parts }, container, offset) {
  if (container.nodeType === Node.TEXT_NODE) {
    const part = parts.find((p) => p.node === container);
    return part ? part.start + offset : text.length;
  }
  const point = document.createRange();
  point.setStart(container, offset);
  const next = parts.find((p) => point.comparePoint(p.node, 0) >= 0); // first text at or after it
  return next ? next.start : text.length;
}

function commonEnd(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonStart(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** [start, end) of the quote in `text`, whitespace ignored; the best fit of prefix and suffix wins. */
function findQuote(text, { quote, prefix, suffix }) {
  const needle = quote.replace(/\s+/g, "");
  if (!needle) return null;
  let bare = "";
  const origin = []; // index in `text` of each character of `bare`
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    bare += text[i];
    origin.push(i);
  }
  const [before, after] = [(prefix || "").replace(/\s+/g, ""), (suffix || "").replace(/\s+/g, "")];
  let best = -1;
  let bestScore = -1;
  for (let at = bare.indexOf(needle); at !== -1; at = bare.indexOf(needle, at + 1)) {
    const score = commonEnd(bare.slice(0, at), before) + commonStart(bare.slice(at + needle.length), after);
    if (score > bestScore) [best, bestScore] = [at, score];
  }
  if (best < 0) return null;
  return [origin[best], origin[best + needle.length - 1] + 1];
}

/** Wrap text [start, end) of the layer in marks, one per text node it crosses. */
function wrap({ parts }, [start, end], id, className) {
  const marks = [];
  for (const { node, start: at } of parts) {
    const [from, to] = [Math.max(start, at), Math.min(end, at + node.nodeValue.length)];
    if (from >= to) continue;
    if (to - at < node.nodeValue.length) node.splitText(to - at);
    const piece = from > at ? node.splitText(from - at) : node;
    const mark = document.createElement("mark");
    mark.className = className;
    mark.dataset.annotation = id;
    piece.replaceWith(mark);
    mark.append(piece);
    marks.push(mark);
  }
  return marks;
}

function marksOf(id) {
  return document.querySelectorAll(`.textLayer mark.annotation[data-annotation="${id}"]`);
}

function unwrap(id) {
  for (const mark of marksOf(id)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent.normalize();
  }
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
  if (span) state.unanchored.delete(id);
  else state.unanchored.add(id);
  $(`note-${id}`)?.classList.toggle("unanchored", !span);
  if (!span) return;
  const marks = wrap(text, span, id, "annotation");
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
    void mark.offsetWidth; // restart the animation
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
    if (!mark || !document.getSelection().isCollapsed) return; // a drag to select text is not a click
    state.options.showNotesTab();
    selectNote(Number(mark.dataset.annotation), { scroll: true });
    flashHighlight(Number(mark.dataset.annotation));
  });
}

// --- Selecting text and the Annotate button -----------------------------------------------

/** The selected passage, if it lies within one page's text layer. */
function selectedPassage() {
  const selection = document.getSelection();
  if (!selection?.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const layerOf = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(".textLayer");
  const layer = layerOf(range.startContainer);
  if (!layer || layer !== layerOf(range.endContainer)) return null;
  const text = layerText(layer);
  const start = offsetOf(text, range.startContainer, range.startOffset);
  const end = offsetOf(text, range.endContainer, range.endOffset);
  const quote = squash(text.text.slice(start, end));
  if (!quote) return null;
  return {
    page: Number(layer.closest(".pdf-page").dataset.page),
    quote,
    prefix: squash(text.text.slice(Math.max(0, start - 4 * CONTEXT_CHARS), start)).slice(-CONTEXT_CHARS),
    suffix: squash(text.text.slice(end, end + 4 * CONTEXT_CHARS)).slice(0, CONTEXT_CHARS),
    range,
    layer,
  };
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
    const passage = selectedPassage();
    state.selection = passage && { ...passage, range: undefined, layer: undefined };
    toolbarButton.disabled = !passage;
    if (!passage) {
      floating.hidden = true;
      return;
    }
    const page = passage.layer.closest(".pdf-page");
    const box = page.getBoundingClientRect();
    const rects = passage.range.getClientRects();
    const last = rects[rects.length - 1] ?? passage.range.getBoundingClientRect();
    page.append(floating);
    floating.hidden = false;
    const left = Math.min(last.right - box.left, box.width - floating.offsetWidth);
    floating.style.left = `${Math.max(0, left)}px`;
    floating.style.top = `${last.bottom - box.top + 6}px`;
  };
  const later = () => setTimeout(update, 0); // after the click that ends a selection settles it
  document.addEventListener("mouseup", (event) => event.target !== floating && later());
  document.addEventListener("keyup", (event) => !event.target.closest?.("input, textarea") && later());
  document.addEventListener("selectionchange", () => {
    if (document.getSelection().isCollapsed && !floating.hidden) later();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") floating.hidden = true;
  });
  for (const button of [floating, toolbarButton]) {
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    button.addEventListener("click", () => state.selection && openForm(state.selection));
  }
}

// --- Writing a note -------------------------------------------------------------------

function openForm(passage) {
  state.draft = passage;
  unwrap("draft");
  const layer = document.querySelector(`.pdf-page[data-page="${passage.page}"] .textLayer`);
  document.getSelection().removeAllRanges();
  if (layer) highlight(passage, layer, "draft");
  $("note-form-page").textContent = passage.page;
  $("note-form-quote").textContent = passage.quote;
  showFormError("");
  $("note-form").hidden = false;
  $("notes-hint").hidden = true;
  state.options.showNotesTab();
  $("note-form").scrollIntoView({ block: "nearest" });
  $("note-body").focus(); // a note being written keeps its text until saved or cancelled
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
    const data = new FormData(form);
    const { page, quote, prefix, suffix } = state.draft;
    const save = form.querySelector('[type="submit"]');
    save.disabled = true;
    save.textContent = "Saving…";
    try {
      const note = await api("POST", API, {
        document: state.options.documentId,
        page,
        quote,
        prefix,
        suffix,
        body,
        visibility: data.get("visibility"),
        allegations: data.getAll("allegations").map(Number),
      });
      closeForm();
      addNote(note);
      $("notes-status").textContent = "Note saved.";
      selectNote(note.id, { scroll: true });
      flashHighlight(note.id);
    } catch (error) {
      showFormError(`The note was not saved. ${error.message}`);
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

// --- The list of notes ----------------------------------------------------------------

function sortedNotes() {
  const place = (note) => [note.page, note.start ?? Infinity, note.created_at];
  return [...state.notes.values()].sort((a, b) => {
    const [x, y] = [place(a), place(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
  });
}

function renderList() {
  const list = $("notes-list");
  list.replaceChildren(...sortedNotes().map(renderNote));
  $("notes-count").textContent = state.notes.size || "";
  $("notes-status").textContent = state.notes.size ? "" : "No notes on this document yet.";
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function bodyOf(note) {
  const body = el("div", { class: "note-body" });
  body.innerHTML = note.body_html; // sanitised by the server (filings.annotations.render_body)
  return body;
}

function byline(item, ...extra) {
  const created = new Date(item.created_at);
  const edited = item.updated_at && new Date(item.updated_at) - created > 1000;
  return el(
    "p",
    { class: "note-meta" },
    el("span", { class: "note-author" }, item.author.name),
    el("time", { datetime: item.created_at }, when.format(created)),
    edited ? el("span", { title: `Edited ${when.format(new Date(item.updated_at))}` }, "edited") : null,
    ...extra,
  );
}

function renderNote(note) {
  const selected = note.id === state.selected;
  const classes = ["note", selected && "selected", state.unanchored.has(note.id) && "unanchored"];
  const tags = note.allegations.map((id) => {
    const allegation = state.allegations.get(id);
    const label = allegation ? `Count ${allegation.count}: ${allegation.title}` : `Allegation ${id}`;
    return allegation ? el("a", { class: "badge note-tag", href: allegation.url }, label) : el("span", { class: "badge note-tag" }, label);
  });
  const item = el(
    "li",
    { class: classes.filter(Boolean).join(" "), id: `note-${note.id}`, "data-annotation": note.id, "aria-current": selected && "true" },
    el(
      "button",
      { type: "button", class: "note-quote", "data-show-note": note.id, title: `Show on page ${note.page}` },
      el("span", { class: "note-page" }, `Page ${note.page}`),
      note.quote ? el("q", {}, note.quote) : el("span", { class: "muted" }, "(no passage)"),
    ),
    el("p", { class: "note-unanchored" }, "This passage was not found on the page as drawn."),
    bodyOf(note),
    byline(note, el("span", { class: `tag vis-${note.visibility}` }, VISIBILITY[note.visibility] || note.visibility)),
    tags.length ? el("p", { class: "note-tags" }, ...tags) : null,
    note.can_edit
      ? el(
          "div",
          { class: "note-actions" },
          el("button", { type: "button", "data-action": "edit" }, "Edit"),
          el("button", { type: "button", "data-action": "delete" }, "Delete"),
        )
      : null,
  );
  if (note.replies.length) {
    item.append(
      el("ol", { class: "replies", "aria-label": "Replies" }, ...note.replies.map((reply) => el("li", { class: "reply" }, bodyOf(reply), byline(reply)))),
    );
  }
  if (state.options.canAnnotate) item.append(replyForm(note));
  return item;
}

function replyForm(note) {
  const field = `reply-${note.id}`;
  return el(
    "form",
    { class: "reply-form", "data-action": "reply" },
    el("label", { for: field, class: "sr-only" }, "Reply"),
    el("textarea", { id: field, name: "body", rows: 1, placeholder: "Reply…" }),
    el("p", { class: "error form-error", role: "alert", hidden: true }),
    el("div", { class: "form-actions" }, el("button", { type: "submit" }, "Reply")),
  );
}

function selectNote(id, { scroll = false } = {}) {
  if (!state.notes.has(id)) return;
  for (const mark of document.querySelectorAll(".textLayer mark.annotation.selected")) mark.classList.remove("selected");
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
  const url = new URL(location.href);
  url.searchParams.set("annotation", id);
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

function forgetSelectedNote() {
  state.selected = null;
  const url = new URL(location.href);
  url.searchParams.delete("annotation");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

function showError(form, message) {
  const box = form.querySelector(".form-error");
  box.textContent = message;
  box.hidden = !message;
}

function wireNotesList() {
  const list = $("notes-list");
  list.addEventListener("click", (event) => {
    const item = event.target.closest(".note");
    if (!item) return;
    const id = Number(item.dataset.annotation);
    const action = event.target.closest("button[data-action]")?.dataset.action;
    if (action) return actions[action]?.(item, state.notes.get(id));
    if (event.target.closest("a, button:not(.note-quote), textarea, input, form")) return;
    if (!document.getSelection().isCollapsed) return; // selecting the note's text to copy it
    selectNote(id);
    state.options.goToPage(state.notes.get(id).page);
    flashHighlight(id);
  });
  list.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const note = state.notes.get(Number(form.closest(".note").dataset.annotation));
    submits[form.dataset.action]?.(form, note);
  });
}

const actions = {
  edit(item, note) {
    const field = `edit-${note.id}`;
    const textarea = el("textarea", { id: field, name: "body", rows: 4 });
    textarea.value = note.body;
    const form = el(
      "form",
      { class: "edit-form", "data-action": "edit" },
      el("label", { for: field, class: "sr-only" }, "Edit the note"),
      textarea,
      el("p", { class: "muted small hint" }, "Markdown allowed."),
      el("p", { class: "error form-error", role: "alert", hidden: true }),
      el(
        "div",
        { class: "form-actions" },
        el("button", { type: "submit", class: "primary-inline" }, "Save"),
        el("button", { type: "button", "data-action": "cancel" }, "Cancel"),
      ),
    );
    item.querySelector(".note-body").replaceWith(form);
    item.querySelector(".note-actions").hidden = true;
    textarea.focus();
  },
  cancel(item, note) {
    item.replaceWith(renderNote(note));
  },
  delete(item, note) {
    const replies = note.replies.length;
    const question = replies ? `Delete this note and its ${replies} repl${replies === 1 ? "y" : "ies"}?` : "Delete this note?";
    const confirm = el(
      "div",
      { class: "note-actions confirm", role: "group", "aria-label": "Confirm deletion" },
      el("span", {}, question),
      el("button", { type: "button", class: "danger", "data-action": "confirm-delete" }, "Delete"),
      el("button", { type: "button", "data-action": "cancel" }, "Keep it"),
      el("p", { class: "error form-error", role: "alert", hidden: true }),
    );
    item.querySelector(".note-actions").replaceWith(confirm);
    confirm.querySelector("button").focus();
  },
  async "confirm-delete"(item, note) {
    try {
      await api("DELETE", `${API}${note.id}/`);
    } catch (error) {
      showError(item.querySelector(".confirm"), `Not deleted. ${error.message}`);
      return;
    }
    state.notes.delete(note.id);
    unwrap(note.id);
    if (state.selected === note.id) forgetSelectedNote();
    renderList();
    $("notes-status").textContent = "Note deleted.";
  },
};

const submits = {
  async edit(form, note) {
    await send(form, "Save", () => api("PATCH", `${API}${note.id}/`, { body: form.elements.body.value }), (changed) => {
      state.notes.set(note.id, changed);
      form.closest(".note").replaceWith(renderNote(changed));
    });
  },
  async reply(form, note) {
    await send(form, "Reply", () => api("POST", `${API}${note.id}/replies/`, { body: form.elements.body.value }), (reply) => {
      note.replies.push(reply);
      const item = renderNote(note);
      form.closest(".note").replaceWith(item);
      item.querySelector(".reply-form textarea").focus();
    });
  },
};

/** Send a form's text; on failure say why and keep the text where it is. */
async function send(form, label, request, done) {
  if (!form.elements.body.value.trim()) {
    showError(form, "Write something first.");
    return;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  button.textContent = "Saving…";
  let result;
  try {
    result = await request();
  } catch (error) {
    showError(form, `Not saved. ${error.message}`);
    button.disabled = false;
    button.textContent = label;
    return;
  }
  done(result);
}
