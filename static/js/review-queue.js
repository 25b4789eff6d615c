// The review queue (templates/filings/review.html): work through suggestions by keyboard —
// j/k or ↓/↑ move, c confirm, r reject, o open in the viewer, n add a note there (the
// viewer opens ready to choose a passage), x select — or in bulk.
// Confirm and reject go through fetch and take the row out, focus moving to the next one;
// without JavaScript the same buttons submit the form.

const queue = document.getElementById("review-queue");
const form = document.getElementById("review-form");
const status = document.createElement("p");
status.className = "sr-only";
status.setAttribute("role", "status");
document.body.append(status);

function rows() {
  return Array.from(queue?.querySelectorAll(".review-item") ?? []);
}

function current() {
  return document.activeElement?.closest?.(".review-item") ?? null;
}

function focusRow(index) {
  const all = rows();
  if (!all.length) return;
  const row = all[Math.max(0, Math.min(index, all.length - 1))];
  row.focus();
  row.scrollIntoView({ block: "nearest" });
}

function move(step) {
  const all = rows();
  const at = all.indexOf(current());
  focusRow(at === -1 ? 0 : at + step);
}

async function review(row, verdict) {
  const button = row.querySelector(`[data-review="${verdict}"]`);
  if (!button) return;
  const body = new FormData();
  body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
  body.append("status", button.value);
  const response = await fetch(button.formAction, { method: "POST", body, headers: { "HX-Request": "true" } });
  if (!response.ok) {
    status.textContent = "That did not work; reload the page and try again.";
    return;
  }
  const all = rows();
  const next = all[all.indexOf(row) + 1] ?? all[all.indexOf(row) - 1];
  row.remove();
  const left = document.getElementById("left-count");
  if (left) {
    const n = Math.max(0, Number(left.dataset.left) - 1);
    left.dataset.left = n;
    left.textContent = `${n} suggestion${n === 1 ? "" : "s"}`;
  }
  status.textContent = `${verdict === "confirm" ? "Confirmed" : "Rejected"}. ${rows().length} left on this page.`;
  if (next) next.focus();
}

queue?.addEventListener("click", (event) => {
  const button = event.target.closest("[data-review]");
  if (!button) return;
  event.preventDefault();
  review(button.closest(".review-item"), button.dataset.review);
});

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const tag = event.target.tagName;
  if ((tag === "INPUT" && event.target.type !== "checkbox") || tag === "SELECT" || tag === "TEXTAREA") return;
  const row = current();
  const keys = {
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    c: () => row && review(row, "confirm"),
    r: () => row && review(row, "reject"),
    o: () => row && (window.location.href = row.dataset.viewer),
    n: () => row && (window.location.href = `${row.dataset.viewer}${row.dataset.viewer.includes("?") ? "&" : "?"}annotate=1`),
    x: () => {
      const box = row?.querySelector("input[type=checkbox]");
      if (box) box.checked = !box.checked;
    },
  };
  const action = keys[event.key];
  if (!action || (!row && !["j", "k", "ArrowDown", "ArrowUp"].includes(event.key))) return;
  if ((event.key === "ArrowDown" || event.key === "ArrowUp") && !row) return;
  event.preventDefault();
  action();
});

document.getElementById("select-all")?.addEventListener("change", (event) => {
  for (const box of queue.querySelectorAll("input[name=link]")) box.checked = event.target.checked;
});
