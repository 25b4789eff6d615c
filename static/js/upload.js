// Drag-and-drop upload on the case page: each file gets its own row whose progress bar
// follows the upload, then the real pipeline (queued → processing N/M pages → indexed,
// or the failure reason), polled from the API. The docket refreshes when all are done.
// "By file name or stamp" (the first choice, and any drop on the docket) sends each PDF to
// the case, which files it on the entry its name or first-page e-filing stamp names; a file
// that names none is listed with an entry picker to place it by hand.
(function () {
  "use strict";
  const panel = document.getElementById("upload-panel");
  if (!panel) return;

  const form = document.getElementById("upload-form");
  const select = document.getElementById("upload-filing");
  const entryDialog = document.getElementById("new-entry-dialog");
  const entryError = document.getElementById("new-entry-error");
  const dropzone = document.getElementById("dropzone");
  const input = document.getElementById("upload-files");
  const list = document.getElementById("upload-list");
  const errorBox = document.getElementById("upload-error");
  let active = 0;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  const byStamp = () => select.value === "auto";

  // The new entry's fields as a paralegal knows them, and what to do about each problem.
  const FIELDS = { entry_number: "ECF no.", date_filed: "Date filed", kind: "Kind", description: "Description" };
  const MISSING = {
    entry_number: "Give the entry's ECF number.",
    date_filed: "Give the date it was filed (the docket's date column).",
    description: "Describe the entry, e.g. “Declaration of … in support of …”.",
  };

  function plain(field, message) {
    if (/wrong format|valid date/i.test(message)) return "Give the date as a date, e.g. with the date picker.";
    if (/already exists|unique/i.test(message) && field === "entry_number") {
      return "That ECF number is already on the docket: choose the entry in the list instead.";
    }
    if (/required|may not be blank|null/i.test(message)) return MISSING[field] || message;
    return message;
  }

  function describeErrors(body) {
    if (!body || typeof body !== "object") return "The server refused the request.";
    if (body.detail) return body.detail;
    return Object.entries(body)
      .map(([field, errors]) => {
        const label = FIELDS[field];
        const said = [].concat(errors).map((message) => plain(field, String(message))).join(" ");
        return label ? `${label}: ${said}` : said;
      })
      .join(" ");
  }

  function newEntryProblems(data) {
    return ["entry_number", "date_filed", "description"]
      .filter((name) => !String(data[name] || "").trim())
      .map((name) => MISSING[name]);
  }

  // A new entry's kind and description, left as they were, are filled from the first
  // file's first page (its caption's title: "PLAINTIFFS' MOTION FOR …" is a motion).
  const kindField = document.getElementById("new-kind");
  const descriptionField = document.getElementById("new-description");
  let kindChosen = false;
  kindField.addEventListener("change", () => { kindChosen = true; });

  async function fillFromFirstPage(file) {
    if (descriptionField.value.trim() && kindChosen) return;
    try {
      const { readFirstPage } = await import(panel.dataset.firstPageJs);
      const { title, kind } = await readFirstPage(file);
      if (title && !descriptionField.value.trim()) descriptionField.value = title;
      if (kind && !kindChosen) kindField.value = kind;
    } catch (error) {
      console.warn("The first page could not be read here; the server reads it after upload.", error);
    }
  }

  /** The entry chosen, or for "New docket entry…" the one the paralegal describes in the
   * dialog (filled from the first file's caption) and creates; null when cancelled. */
  async function targetFiling(files) {
    if (select.value !== "new") return select.value;
    await fillFromFirstPage(files[0]);
    document.getElementById("new-entry-files").textContent =
      `for ${files.length === 1 ? files[0].name : `${files.length} files`}`;
    entryError.hidden = true;
    entryDialog.showModal();
    (descriptionField.value.trim() ? document.getElementById("new-entry-ok") : descriptionField).focus();
    return new Promise((resolve) => {
      const ok = document.getElementById("new-entry-ok");
      const cancel = document.getElementById("new-entry-cancel");
      const finish = (value) => {
        ok.removeEventListener("click", create);
        cancel.removeEventListener("click", dismiss);
        entryDialog.removeEventListener("cancel", dismiss);
        if (entryDialog.open) entryDialog.close();
        resolve(value);
      };
      const dismiss = (event) => { event?.preventDefault(); finish(null); };
      const create = async () => {
        try {
          finish(await createEntry());
        } catch (error) {
          entryError.textContent = error.message;
          entryError.hidden = false;
        }
      };
      ok.addEventListener("click", create);
      cancel.addEventListener("click", dismiss);
      entryDialog.addEventListener("cancel", dismiss); // Escape
    });
  }

  async function createEntry() {
    const data = Object.fromEntries(new FormData(form).entries());
    const problems = newEntryProblems(data);
    if (problems.length) throw new Error(problems.join(" "));
    const response = await fetch(panel.dataset.filingsUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({
        case: Number(panel.dataset.case),
        entry_number: Number(data.entry_number),
        date_filed: data.date_filed,
        kind: data.kind,
        description: data.description,
      }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(describeErrors(body));
    // Later drops go to the entry just created, not a second new one.
    const option = new Option(`ECF ${body.entry_number} — ${body.description}`, body.id, true, true);
    select.add(option, 2);
    return String(body.id);
  }

  function row(file) {
    const item = document.createElement("li");
    item.className = "upload-row";
    item.innerHTML =
      '<span class="upload-name"></span><progress max="100" value="0"></progress>' +
      '<span class="upload-state" role="status">Uploading…</span>';
    item.querySelector(".upload-name").textContent = file.name;
    list.prepend(item);
    return {
      item,
      bar: item.querySelector("progress"),
      state: item.querySelector(".upload-state"),
      set(text, cls) {
        this.state.textContent = text;
        item.dataset.state = cls || "";
        if (cls === "failed" || cls === "duplicate") { this.bar.max = 1; this.bar.value = 0; }
      },
    };
  }

  function send(filingId, file, ui, url) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url || `/api/v1/filings/${filingId}/documents/`);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) ui.bar.value = Math.round((100 * event.loaded) / event.total);
      };
      xhr.onload = () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => resolve({ status: 0, body: null });
      const data = new FormData();
      data.append("files", file);
      xhr.send(data);
    });
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function follow(documentId, ui) {
    for (;;) {
      const response = await fetch(`/api/v1/documents/${documentId}/`, { headers: { Accept: "application/json" } });
      if (response.status === 429) { // over the API's rate: wait as long as it says, then ask again
        await sleep(1000 * (Number(response.headers.get("Retry-After")) || 10));
        continue;
      }
      if (!response.ok) { ui.set("Could not read the status; reload the page.", "failed"); return; }
      const doc = await response.json();
      if (doc.status === "queued") {
        ui.bar.removeAttribute("value");
        ui.set("Queued for processing", "queued");
      } else if (doc.status === "processing") {
        ui.bar.max = doc.page_count || 1;
        ui.bar.value = doc.pages_done;
        ui.set(`Processing ${doc.pages_done}/${doc.page_count || "?"} pages`, "processing");
      } else if (doc.status === "searchable") {
        ui.bar.max = doc.page_count || 1;
        ui.bar.value = doc.pages_done;
        ui.set(doc.progress_text, "searchable");
      } else if (doc.status === "indexed") {
        ui.bar.max = 1; ui.bar.value = 1;
        ui.set(`Indexed — ${doc.page_count} page${doc.page_count === 1 ? "" : "s"}`, "indexed");
        const link = document.createElement("a");
        link.href = `/documents/${doc.id}/`;
        link.textContent = "Open";
        ui.item.append(link);
        return;
      } else {
        ui.bar.max = 1; ui.bar.value = 0;
        ui.set(`Failed: ${doc.error}`, "failed");
        return;
      }
      // Each document once a second, all of them at most about four times a second: a drop of
      // hundreds of files stays well inside the API's per-user rate (CASELAW_THROTTLE_USER).
      await sleep(Math.max(1000, active * 250));
    }
  }

  async function uploadOne(filingId, file, ui) {
    ui = ui || row(file);
    const { status, body } = await send(filingId, file, ui);
    if (status === 201 && body.documents.length) {
      const doc = body.documents[0];
      if (doc.status === "failed") { ui.set(`Failed: ${doc.error}`, "failed"); return; }
      ui.set("Queued for processing", "queued");
      await follow(doc.id, ui);
    } else if (status === 409) {
      ui.set("Already on this docket entry; not stored again.", "duplicate");
    } else if (body && body.rejected && body.rejected.length) {
      ui.set(`Refused: ${body.rejected[0].detail}`, "failed");
    } else {
      ui.set(`Refused: ${describeErrors(body)}`, "failed");
    }
  }

  // The entry picker for a file that names no entry: the panel's own list of entries.
  function placeByHand(file, ui) {
    const picker = document.createElement("span");
    picker.className = "upload-inline";
    const choice = document.createElement("select");
    choice.setAttribute("aria-label", `Docket entry for ${file.name}`);
    Array.from(select.options)
      .filter((option) => option.value !== "auto" && option.value !== "new")
      .forEach((option) => choice.add(new Option(option.text, option.value)));
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "File here";
    button.disabled = !choice.options.length;
    button.addEventListener("click", async () => {
      picker.remove();
      ui.bar.max = 100; ui.bar.value = 0;
      ui.set("Uploading…", "");
      active += 1;
      await uploadOne(choice.value, file, ui).finally(() => { active -= 1; });
      if (active === 0) refreshDocket();
    });
    picker.append(choice, button);
    ui.item.append(picker);
  }

  async function fileByStamp(file) {
    const ui = row(file);
    const { body } = await send(null, file, ui, panel.dataset.caseUploadUrl);
    const result = body && body.files && body.files[0];
    if (!result) { ui.set(`Refused: ${describeErrors(body)}`, "failed"); return; }
    if (result.result === "attached" || result.result === "duplicate") {
      const where = document.createElement("a");
      where.href = `#entry-${result.entry_number}`;
      where.textContent = `ECF ${result.entry_number}` +
        (result.attachment_number ? `-${result.attachment_number}` : "");
      ui.item.querySelector(".upload-name").prepend(where, ": "); // before a long name's ellipsis
    }
    if (result.result === "attached") {
      const doc = result.document;
      if (doc.status === "failed") { ui.set(`Failed: ${doc.error}`, "failed"); return; }
      ui.set(result.detail, "queued");
      await follow(doc.id, ui);
    } else if (result.result === "duplicate") {
      ui.set(result.detail, "duplicate");
    } else if (result.result === "unmatched") {
      ui.bar.max = 1; ui.bar.value = 0;
      ui.set(`${result.detail} Place it by hand:`, "unmatched");
      placeByHand(file, ui);
    } else {
      ui.set(`Refused: ${result.detail}`, "failed");
    }
  }

  function refreshDocket() {
    if (window.htmx && document.getElementById("docket")) {
      window.htmx.ajax("GET", window.location.pathname + window.location.search, {
        target: "#docket", swap: "outerHTML",
      });
    }
  }

  async function handle(files, auto, toFiling) {
    showError("");
    files = Array.from(files);
    if (!files.length) return;
    if (toFiling) { // dropped on a docket row, or its "Add PDF" button
      active += files.length;
      await Promise.all(files.map((file) => uploadOne(toFiling, file).finally(() => { active -= 1; })));
      if (active === 0) refreshDocket();
      return;
    }
    if (auto || byStamp()) {
      active += files.length;
      await Promise.all(files.map((file) => fileByStamp(file).finally(() => { active -= 1; })));
      if (active === 0) refreshDocket();
      return;
    }
    let filingId;
    try {
      filingId = await targetFiling(files);
    } catch (error) {
      showError(`The docket entry could not be created: ${error.message}`);
      return;
    }
    if (filingId === null) return; // the new entry's dialog was cancelled: nothing is sent
    active += files.length;
    await Promise.all(files.map((file) => uploadOne(filingId, file).finally(() => { active -= 1; })));
    if (active === 0) refreshDocket();
  }

  input.addEventListener("change", () => { handle(input.files); input.value = ""; });
  // The button is the keyboard's way in; a click anywhere on the zone does the same.
  dropzone.addEventListener("click", () => input.click());
  ["dragenter", "dragover"].forEach((name) => dropzone.addEventListener(name, (event) => {
    event.preventDefault();
    dropzone.classList.add("dragging");
  }));
  ["dragleave", "drop"].forEach((name) => dropzone.addEventListener(name, () => dropzone.classList.remove("dragging")));
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    handle(event.dataTransfer.files);
  });

  // PDFs dropped anywhere on the docket file themselves by name or stamp. The section is
  // kept across the htmx refreshes that replace the table inside it.
  const docketArea = document.getElementById("docket-h")?.closest("section");
  if (docketArea) {
    ["dragenter", "dragover"].forEach((name) => docketArea.addEventListener(name, (event) => {
      if (Array.from(event.dataTransfer.types).includes("Files")) event.preventDefault();
    }));
    // A docket row is a drop target of its own: the files go to that entry.
    const rowOf = (event) => event.target.closest?.("tr[data-filing]");
    const unmark = () => docketArea.querySelectorAll("tr.drop-target").forEach((row) => row.classList.remove("drop-target"));
    docketArea.addEventListener("dragover", (event) => {
      const row = rowOf(event);
      if (row && !row.classList.contains("drop-target")) { unmark(); row.classList.add("drop-target"); }
    });
    docketArea.addEventListener("dragleave", (event) => { if (!docketArea.contains(event.relatedTarget)) unmark(); });
    docketArea.addEventListener("drop", (event) => {
      unmark();
      if (!event.dataTransfer.files.length) return;
      event.preventDefault();
      const row = rowOf(event);
      handle(event.dataTransfer.files, true, row?.dataset.filing);
      panel.scrollIntoView({ behavior: "smooth", block: "start" });
    });

    // Each row's "Add PDF" button: a file chooser whose files go to that entry.
    const rowInput = document.createElement("input");
    Object.assign(rowInput, { type: "file", multiple: true, accept: "application/pdf,.pdf", tabIndex: -1 });
    rowInput.className = "sr-only";
    rowInput.setAttribute("aria-hidden", "true");
    docketArea.append(rowInput);
    let rowTarget = null;
    docketArea.addEventListener("click", (event) => {
      const button = event.target.closest("[data-upload-to]");
      if (!button) return;
      rowTarget = button.dataset.uploadTo;
      rowInput.click();
    });
    rowInput.addEventListener("change", () => {
      handle(rowInput.files, false, rowTarget);
      rowInput.value = "";
      panel.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }
})();
