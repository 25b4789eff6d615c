// The Notes tab's list: each note with its passage, body, author, date, visibility, the
// allegations it is tagged with and its thread of replies; Edit and Delete for its author.
// Everything is built as DOM nodes from text, except the bodies: their HTML comes
// sanitised from the server (filings.annotations.render_body).
import { NOTES_URL, request } from "./api.js";

const VISIBILITY = { team: "Case team", private: "Only me" };
// Times read as on the server's pages: the install's time zone, named (caselaw/templatetags/times.py).
const when = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: document.body.dataset.timeZone || undefined,
});
const zoneName = new Intl.DateTimeFormat("en-US", {
  timeZoneName: "short",
  timeZone: document.body.dataset.timeZone || undefined,
});

function formatWhen(date) {
  const zone = zoneName.formatToParts(date).find((part) => part.type === "timeZoneName");
  return `${when.format(date)}${zone ? ` ${zone.value}` : ""}`;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function bodyOf(item) {
  const body = el("div", { class: "note-body" });
  body.innerHTML = item.body_html; // sanitised by the server
  return body;
}

function byline(item, ...extra) {
  const created = new Date(item.created_at);
  const edited = item.updated_at && new Date(item.updated_at) - created > 1000;
  return el(
    "p",
    { class: "note-meta" },
    el("span", { class: "note-author" }, item.author.name),
    el("time", { datetime: item.created_at }, formatWhen(created)),
    edited && el("span", { title: `Edited ${formatWhen(new Date(item.updated_at))}` }, "edited"),
    ...extra,
  );
}

function allegationTag(id, allegations) {
  const allegation = allegations.get(id);
  if (!allegation) return el("span", { class: "badge note-tag" }, `Allegation ${id}`);
  const label = `Count ${allegation.count}: ${allegation.title}`;
  return el("a", { class: "badge note-tag", href: allegation.url }, label);
}

/**
 * One note as a list item. `view` says how: {selected, unanchored (its passage was not
 * found on the drawn page), canAnnotate (so may reply), allegations (id → {count, title, url})}.
 */
export function renderNote(note, view) {
  const classes = ["note", view.selected && "selected", view.unanchored && "unanchored"];
  const visibility = VISIBILITY[note.visibility] || note.visibility;
  const tags = note.allegations.map((id) => allegationTag(id, view.allegations));
  const item = el(
    "li",
    {
      class: classes.filter(Boolean).join(" "),
      id: `note-${note.id}`,
      "data-annotation": note.id,
      "aria-current": view.selected && "true",
    },
    el(
      "button",
      { type: "button", class: "note-quote", title: `Show on page ${note.page}` },
      el("span", { class: "note-page" }, `Page ${note.page}`),
      note.quote ? el("q", {}, note.quote) : el("span", { class: "muted" }, "(no passage)"),
    ),
    el("p", { class: "note-unanchored" }, "This passage was not found on the page as drawn."),
    bodyOf(note),
    byline(note, el("span", { class: `tag vis-${note.visibility}` }, visibility)),
    tags.length > 0 && el("p", { class: "note-tags" }, ...tags),
    note.can_edit &&
      el(
        "div",
        { class: "note-actions" },
        el("button", { type: "button", "data-action": "edit" }, "Edit"),
        el("button", { type: "button", "data-action": "delete" }, "Delete"),
      ),
  );
  if (note.replies.length) {
    const replies = note.replies.map((reply) => el("li", { class: "reply" }, bodyOf(reply), byline(reply)));
    item.append(el("ol", { class: "replies", "aria-label": "Replies" }, ...replies));
  }
  if (view.canAnnotate) item.append(replyForm(note));
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

function editForm(note) {
  const field = `edit-${note.id}`;
  const textarea = el("textarea", { id: field, name: "body", rows: 4 });
  textarea.value = note.body;
  return el(
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
}

function deleteQuestion(note) {
  const replies = note.replies.length;
  const question = replies
    ? `Delete this note and its ${replies} repl${replies === 1 ? "y" : "ies"}?`
    : "Delete this note?";
  return el(
    "div",
    { class: "note-actions confirm", role: "group", "aria-label": "Confirm deletion" },
    el("span", {}, question),
    el("button", { type: "button", class: "danger", "data-action": "confirm-delete" }, "Delete"),
    el("button", { type: "button", "data-action": "cancel" }, "Keep it"),
    el("p", { class: "error form-error", role: "alert", hidden: true }),
  );
}

function showError(box, message) {
  const error = box.querySelector(".form-error");
  error.textContent = message;
  error.hidden = !message;
}

/** Send a form's text; on failure say why and keep the text where it is. */
async function send(form, label, deliver, done) {
  if (!form.elements.body.value.trim()) {
    showError(form, "Write something first.");
    return;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  button.textContent = "Saving…";
  let result;
  try {
    result = await deliver(form.elements.body.value);
  } catch (error) {
    showError(form, `Not saved. ${error.message}`);
    button.disabled = false;
    button.textContent = label;
    return;
  }
  done(result);
}

/**
 * Clicks and forms in the list. `hooks`: note(id) gives the note, view(note) how to draw
 * it, show(id) brings its passage into view, changed(note) and deleted(id) keep the
 * caller's notes up to date.
 */
export function wireNotesList(list, hooks) {
  const redraw = (item, note) => {
    const fresh = renderNote(note, hooks.view(note));
    item.replaceWith(fresh);
    return fresh;
  };
  const actions = {
    edit(item, note) {
      const form = editForm(note);
      item.querySelector(".note-body").replaceWith(form);
      item.querySelector(".note-actions").hidden = true;
      form.elements.body.focus();
    },
    cancel: redraw,
    delete(item, note) {
      const question = deleteQuestion(note);
      item.querySelector(".note-actions").replaceWith(question);
      question.querySelector("button").focus();
    },
    async "confirm-delete"(item, note) {
      try {
        await request("DELETE", `${NOTES_URL}${note.id}/`);
      } catch (error) {
        showError(item.querySelector(".confirm"), `Not deleted. ${error.message}`);
        return;
      }
      hooks.deleted(note.id);
    },
  };
  const submits = {
    edit(form, note) {
      const patch = (body) => request("PATCH", `${NOTES_URL}${note.id}/`, { body });
      return send(form, "Save", patch, (changed) => {
        hooks.changed(changed);
        redraw(form.closest(".note"), changed);
      });
    },
    reply(form, note) {
      const post = (body) => request("POST", `${NOTES_URL}${note.id}/replies/`, { body });
      return send(form, "Reply", post, (reply) => {
        const changed = { ...note, replies: [...note.replies, reply] };
        hooks.changed(changed);
        redraw(form.closest(".note"), changed).querySelector(".reply-form textarea").focus();
      });
    },
  };

  list.addEventListener("click", (event) => {
    const item = event.target.closest(".note");
    if (!item) return;
    const note = hooks.note(Number(item.dataset.annotation));
    const action = event.target.closest("button[data-action]")?.dataset.action;
    if (action) return actions[action]?.(item, note);
    if (event.target.closest("a, button:not(.note-quote), textarea, input, form")) return;
    if (!document.getSelection().isCollapsed) return; // selecting the note's text to copy it
    hooks.show(note.id);
  });
  list.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    submits[form.dataset.action]?.(form, hooks.note(Number(form.closest(".note").dataset.annotation)));
  });
}
