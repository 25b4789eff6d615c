// The document viewer: the PDF's pages in one scrolling column, each drawn by pdf.js only
// when it comes near the screen (so a 1,000-page filing opens at once), with a text layer
// for selecting text, the search terms marked, and the page being read kept in the URL.
// Notes on passages (annotations.js) are highlighted in the text layer as pages are drawn.
import * as pdfjsLib from "../vendor/pdfjs/pdf.min.mjs";
import { initAnnotations } from "./annotations.js";

const VENDOR = new URL("../vendor/pdfjs/", import.meta.url);
pdfjsLib.GlobalWorkerOptions.workerSrc = new URL("pdf.worker.min.mjs", VENDOR).href;

const CSS_PER_PDF_UNIT = 96 / 72; // 100% zoom shows a PDF inch as a CSS inch
const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
const PAGE_GAP = 12; // px; matches .pdf-pages padding and gap in viewer.css
const MAX_CANVAS_PIXELS = 16_777_216; // larger canvases fail (blank) in browsers

const $ = (id) => document.getElementById(id);
const readJSON = (id) => JSON.parse($(id).textContent);

const viewer = document.querySelector(".viewer[data-file-url]");
const scroller = $("viewer-scroll");
const pagesBox = $("pdf-pages");
const pageList = $("page-list");
const pageInput = $("page-number");
const zoomLevel = $("zoom-level");

const matchingPages = readJSON("matching-pages");
const ocrPages = readJSON("ocr-pages");
const ocrText = new Map(ocrPages.map((p) => [p.number, p.text]));
// Where each such page's text came from and why ("scanned page: read with OCR; …").
const ocrInfo = new Map(ocrPages.map((p) => [p.number, p]));
const termPattern = highlightPattern(readJSON("highlight-stems"));

const state = {
  pdf: null,
  slots: [], // one per page: {number, el, width, height (PDF units), scale, task, textLayer}
  zoom: 1,
  fitWidth: true,
  current: 1,
  target: null, // the page last jumped to, kept current while it is on screen
  near: new Set(), // slots within a screen of the viewport: the ones worth drawing
  drawing: false,
  widest: 0, // the widest page drawn so far, in PDF units, for "fit width"
  revealFirstHitOn: null, // opened from a search hit: show its first marked word
  annotations: null, // the notes: told each time a page's text layer is drawn
};

// --- Search terms ------------------------------------------------------------------

function highlightPattern(stems) {
  if (!stems.length) return null;
  const escaped = stems.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // A stem at the start of a word, then the rest of the word: "torrent" → "torrenting".
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})[\\p{L}\\p{N}]*`, "giu");
}

/** Wrap the search terms in the text under `root` in <mark class="term">; return how many. */
function markTerms(root) {
  if (!termPattern) return 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let count = 0;
  for (const node of nodes) {
    const text = node.nodeValue;
    const matches = [...text.matchAll(termPattern)];
    if (!matches.length) continue;
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const m of matches) {
      fragment.append(text.slice(at, m.index));
      const mark = document.createElement("mark");
      mark.className = "term";
      mark.textContent = m[0];
      fragment.append(mark);
      at = m.index + m[0].length;
    }
    fragment.append(text.slice(at));
    node.replaceWith(fragment);
    count += matches.length;
  }
  return count;
}

// --- Pages: placeholders, sizes and drawing ------------------------------------------

function cssScale() {
  return state.zoom * CSS_PER_PDF_UNIT;
}

function buildSlots(count, width, height) {
  const pages = document.createDocumentFragment();
  const items = document.createDocumentFragment();
  const matches = new Set(matchingPages);
  for (let number = 1; number <= count; number++) {
    const el = document.createElement("div");
    el.className = "pdf-page";
    el.dataset.page = number;
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", `Page ${number}`);
    const placeholder = document.createElement("span");
    placeholder.className = "page-placeholder";
    placeholder.textContent = `Page ${number}`;
    el.append(placeholder);
    pages.append(el);
    state.slots.push({ number, el, width, height, scale: null, task: null, textLayer: null });

    const link = document.createElement("a");
    link.href = pageHref(number);
    link.dataset.gotoPage = number;
    const thumb = document.createElement("canvas"); // drawn when it scrolls into the list's view
    thumb.className = "thumb";
    thumb.setAttribute("aria-hidden", "true");
    thumb.style.aspectRatio = `${width} / ${height}`;
    const label = document.createElement("span");
    label.className = "num";
    label.textContent = number;
    link.append(thumb, label);
    link.tabIndex = -1; // one tab stop for the whole list; arrow keys move within it
    const notes = [];
    if (matches.has(number)) {
      link.classList.add("has-match");
      notes.push("matches the search");
    }
    if (ocrText.has(number)) {
      link.classList.add("is-ocr");
      notes.push("text read by OCR");
    }
    link.setAttribute("aria-label", [`Page ${number}`, ...notes].join(", "));
    const item = document.createElement("li");
    item.append(link);
    items.append(item);
  }
  pagesBox.append(pages);
  pageList.append(items);
  for (const thumb of pageList.querySelectorAll("canvas.thumb")) thumbObserver.observe(thumb);
}

// --- Thumbnails in the page list: drawn small, one at a time, as they come into view ------

const THUMB_WIDTH = 72; // CSS pixels
let thumbQueue = Promise.resolve();

const thumbObserver = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      thumbObserver.unobserve(entry.target);
      const canvas = entry.target;
      const number = Number(canvas.closest("[data-goto-page]").dataset.gotoPage);
      thumbQueue = thumbQueue.then(() => drawThumb(canvas, number)).catch(() => {});
    }
  },
  { root: pageList.parentElement, rootMargin: "300px 0px" },
);

async function drawThumb(canvas, number) {
  const page = await state.pdf.getPage(number);
  const base = page.getViewport({ scale: 1 });
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const viewport = page.getViewport({ scale: (THUMB_WIDTH * ratio) / base.width });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvas, viewport }).promise;
  canvas.classList.add("drawn");
}

function sizeSlot(slot) {
  const scale = cssScale();
  slot.el.style.width = `${Math.floor(slot.width * scale)}px`;
  slot.el.style.height = `${Math.floor(slot.height * scale)}px`;
}

function slotFor(number) {
  return state.slots[number - 1];
}

/** Draw the pages near the viewport that are not drawn at the current zoom, nearest first. */
async function drawNearPages() {
  if (state.drawing) return;
  state.drawing = true;
  try {
    for (;;) {
      const scale = cssScale();
      const waiting = [...state.near].filter((slot) => slot.scale !== scale);
      if (!waiting.length) break;
      waiting.sort((a, b) => Math.abs(a.number - state.current) - Math.abs(b.number - state.current));
      await drawPage(waiting[0], scale);
    }
  } finally {
    state.drawing = false;
  }
}

async function drawPage(slot, scale) {
  const canvas = document.createElement("canvas");
  const textDiv = document.createElement("div");
  let textLayer;
  try {
    const page = await state.pdf.getPage(slot.number);
    const viewport = page.getViewport({ scale });
    const [width, height] = [viewport.width / scale, viewport.height / scale];
    if (width !== slot.width || height !== slot.height) {
      Object.assign(slot, { width, height });
      sizeSlot(slot);
      if (width > state.widest) {
        // Pages are sized like page 1 until drawn; a wider one (a scan, a landscape
        // exhibit) would overflow, so fit the width again.
        state.widest = width;
        if (state.fitWidth) setZoom(fitWidthZoom(), { fitWidth: true });
      }
      if (scale !== cssScale()) return; // drawn again at the new zoom
    }
    const pixels = viewport.width * viewport.height;
    const outputScale = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / pixels));
    canvas.width = Math.floor(viewport.width * outputScale);
    canvas.height = Math.floor(viewport.height * outputScale);
    canvas.setAttribute("aria-hidden", "true");
    const transform = outputScale === 1 ? null : [outputScale, 0, 0, outputScale, 0, 0];
    slot.task = page.render({ canvas, viewport, transform });
    textDiv.className = "textLayer";
    textLayer = new pdfjsLib.TextLayer({ textContentSource: page.streamTextContent(), container: textDiv, viewport });
    await Promise.all([slot.task.promise, textLayer.render()]);
  } catch (error) {
    if (error instanceof pdfjsLib.RenderingCancelledException || error?.name === "AbortException") return;
    console.error(`Page ${slot.number} could not be drawn`, error);
    slot.scale = scale; // not again at this zoom; the placeholder stays
    return;
  } finally {
    slot.task = null;
  }
  if (!state.near.has(slot) || scale !== cssScale()) return; // scrolled away or zoomed meanwhile
  markTerms(textDiv);
  slot.el.querySelector("canvas")?.remove();
  slot.el.querySelector(".textLayer")?.remove();
  slot.el.append(canvas, textDiv);
  slot.el.classList.add("rendered");
  Object.assign(slot, { scale, textLayer });
  state.annotations?.textLayerRendered(slot.number, textDiv);
  if (slot.number === state.revealFirstHitOn) revealFirstHit(slot);
}

/** Free a page that scrolled far away; a 1,000-page document keeps only a few drawn. */
function release(slot) {
  if (slot.scale === null && !slot.task) return;
  slot.task?.cancel();
  state.pdf.getPage(slot.number).then((page) => page.cleanup()); // frees what drawing it kept
  slot.el.querySelector("canvas")?.remove();
  slot.el.querySelector(".textLayer")?.remove();
  slot.el.classList.remove("rendered");
  Object.assign(slot, { scale: null, textLayer: null, task: null });
}

const nearObserver = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const slot = slotFor(Number(entry.target.dataset.page));
      if (entry.isIntersecting) {
        state.near.add(slot);
      } else {
        state.near.delete(slot);
        release(slot);
      }
    }
    drawNearPages();
  },
  { root: scroller, rootMargin: "100% 0px" },
);

// --- Zoom --------------------------------------------------------------------------

function fitWidthZoom() {
  const available = scroller.clientWidth - 2 * PAGE_GAP;
  return Math.min(4, Math.max(0.25, available / (state.widest * CSS_PER_PDF_UNIT)));
}

function setZoom(zoom, { fitWidth = false } = {}) {
  zoom = Math.round(zoom * 1000) / 1000;
  state.fitWidth = fitWidth;
  $("zoom-fit").setAttribute("aria-pressed", String(fitWidth));
  zoomLevel.textContent = `${Math.round(zoom * 100)}%`;
  $("zoom-out").disabled = zoom <= ZOOM_STEPS[0];
  $("zoom-in").disabled = zoom >= ZOOM_STEPS.at(-1);
  if (zoom === state.zoom) return;
  // Keep the same spot of the current page on screen.
  const anchor = slotFor(state.current);
  const within = anchor.el.offsetHeight ? (scroller.scrollTop - anchor.el.offsetTop) / anchor.el.offsetHeight : 0;
  const across = scroller.scrollWidth > scroller.clientWidth
    ? (scroller.scrollLeft + scroller.clientWidth / 2) / scroller.scrollWidth
    : 0.5;
  state.zoom = zoom;
  pagesBox.style.setProperty("--scale-factor", cssScale());
  for (const slot of state.slots) sizeSlot(slot);
  for (const slot of state.slots) slot.task?.cancel(); // stale; the canvas stretches meanwhile
  scroller.scrollTop = anchor.el.offsetTop + within * anchor.el.offsetHeight;
  scroller.scrollLeft = across * scroller.scrollWidth - scroller.clientWidth / 2;
  drawNearPages();
}

function zoomStep(direction) {
  const steps = direction > 0 ? ZOOM_STEPS : [...ZOOM_STEPS].reverse();
  const next = steps.find((step) => (direction > 0 ? step > state.zoom + 0.001 : step < state.zoom - 0.001));
  if (next) setZoom(next);
}

// --- Which page is being read -------------------------------------------------------

function pageAtReadingLine() {
  const line = scroller.scrollTop + scroller.clientHeight * 0.3;
  let [low, high] = [0, state.slots.length - 1];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (state.slots[mid].el.offsetTop - PAGE_GAP / 2 <= line) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function isOnScreen(slot) {
  const top = slot.el.offsetTop - scroller.scrollTop;
  return top < scroller.clientHeight && top + slot.el.offsetHeight > 0;
}

function trackCurrentPage() {
  const target = state.target && slotFor(state.target);
  if (target && isOnScreen(target)) return setCurrent(state.target);
  state.target = null;
  setCurrent(pageAtReadingLine());
}

let urlTimer = null;
function setCurrent(number) {
  if (number === state.current && pageInput.value === String(number)) return;
  state.current = number;
  if (!pageInput.dataset.typing) pageInput.value = number;
  $("prev-page").disabled = number <= 1;
  $("next-page").disabled = number >= state.slots.length;
  pageList.querySelector('[aria-current="page"]')?.removeAttribute("aria-current");
  const link = pageList.querySelector(`[data-goto-page="${number}"]`);
  link.setAttribute("aria-current", "page");
  if (!pageList.contains(document.activeElement)) makeTabStop(link);
  keepInView(pageList.parentElement, link);
  showPageText();
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => history.replaceState(history.state, "", pageHref(number)), 300);
}

function makeTabStop(link) {
  for (const other of pageList.querySelectorAll('a[tabindex="0"]')) other.tabIndex = -1;
  link.tabIndex = 0;
}

function keepInView(container, element) {
  const box = container.getBoundingClientRect();
  const item = element.getBoundingClientRect();
  if (item.top < box.top || item.bottom > box.bottom) {
    container.scrollTop += item.top - box.top - (box.height - item.height) / 2;
  }
}

function pageHref(number) {
  const url = new URL(location.href);
  url.searchParams.set("page", number);
  return url.pathname + url.search + url.hash;
}

function goToPage(number) {
  number = Math.min(Math.max(1, Math.round(number) || 1), state.slots.length);
  state.target = number;
  scroller.scrollTop = slotFor(number).el.offsetTop - PAGE_GAP;
  setCurrent(number);
}

/** After opening from a search hit, bring the first marked word into view if it is not. */
function revealFirstHit(slot) {
  state.revealFirstHitOn = null;
  const mark = slot.el.querySelector("mark.term");
  if (!mark) return;
  const top = mark.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  if (top > scroller.clientHeight * 0.8) scroller.scrollTop += top - scroller.clientHeight * 0.3;
}

// --- The Text tab -------------------------------------------------------------------

let textRequest = 0;
async function showPageText() {
  const panel = $("panel-text");
  if (!panel || panel.hidden || !state.pdf) return;
  const number = state.current;
  const request = ++textRequest;
  $("text-title").textContent = `Page ${number}`;
  const fromOcr = ocrText.has(number);
  const info = ocrInfo.get(number);
  $("text-source").textContent = info ? info.source : "Text in the PDF";
  const note = $("text-note");
  if (note) note.textContent = info && info.note ? `This page: ${info.note}.` : "";
  let text = ocrText.get(number);
  if (!fromOcr) {
    const content = await (await state.pdf.getPage(number)).getTextContent();
    text = content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join("");
  }
  if (request !== textRequest) return; // the reader moved on meanwhile
  const view = $("page-text");
  view.textContent = text.trim() || "";
  if (!text.trim()) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent = fromOcr ? "OCR found no text on this page." : "This page has no text layer (it may be a scan not yet read by OCR).";
    view.append(empty);
  }
  markTerms(view);
}

// --- Controls ----------------------------------------------------------------------

function wireControls() {
  $("prev-page").addEventListener("click", () => goToPage(state.current - 1));
  $("next-page").addEventListener("click", () => goToPage(state.current + 1));
  pageInput.max = state.slots.length;
  // While a number is being typed the input is left alone; scrolling updates it otherwise.
  pageInput.addEventListener("input", () => (pageInput.dataset.typing = "1"));
  pageInput.addEventListener("change", () => {
    delete pageInput.dataset.typing;
    goToPage(Number(pageInput.value));
  });
  pageInput.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      delete pageInput.dataset.typing;
      pageInput.value = state.current;
    }
  });
  pageInput.addEventListener("blur", () => {
    delete pageInput.dataset.typing;
    pageInput.value = state.current;
  });
  $("zoom-in").addEventListener("click", () => zoomStep(+1));
  $("zoom-out").addEventListener("click", () => zoomStep(-1));
  $("zoom-fit").addEventListener("click", () => setZoom(fitWidthZoom(), { fitWidth: true }));
  $("prev-match")?.addEventListener("click", () => {
    const page = matchingPages.findLast((n) => n < state.current);
    if (page) goToPage(page);
  });
  $("next-match")?.addEventListener("click", () => {
    const page = matchingPages.find((n) => n > state.current);
    if (page) goToPage(page);
  });

  let ticking = false;
  scroller.addEventListener("scroll", () => {
    if (ticking) return;
    ticking = true;
    requestAnimationFrame(() => {
      ticking = false;
      trackCurrentPage();
    });
  });

  let lastWidth = scroller.clientWidth;
  new ResizeObserver(() => {
    if (scroller.clientWidth === lastWidth) return;
    lastWidth = scroller.clientWidth;
    if (state.fitWidth) setZoom(fitWidthZoom(), { fitWidth: true });
  }).observe(scroller);

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target.closest("input, textarea, select, [contenteditable], [role=tablist]")) return;
    const actions = {
      PageDown: () => goToPage(state.current + 1),
      ArrowRight: () => goToPage(state.current + 1),
      PageUp: () => goToPage(state.current - 1),
      ArrowLeft: () => goToPage(state.current - 1),
      "+": () => zoomStep(+1),
      "=": () => zoomStep(+1),
      "-": () => zoomStep(-1),
    };
    if (!event.target.closest(".viewer-panel")) {
      actions.Home = () => goToPage(1); // the panel's own scrolling keeps Home and End
      actions.End = () => goToPage(state.slots.length);
    }
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

function wirePageListKeys() {
  pageList.addEventListener("keydown", (event) => {
    const links = pageList.querySelectorAll("a");
    const at = [...links].indexOf(document.activeElement);
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 };
    if (at < 0 || !(event.key in moves)) return;
    event.preventDefault();
    const next = links[Math.min(Math.max(0, moves[event.key]), links.length - 1)];
    makeTabStop(next);
    next.focus();
  });
}

/** Links to a page anywhere (page list, citations, OCR pages) move the viewer there. */
function wirePageLinks() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-goto-page]");
    if (!link || !state.pdf || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    goToPage(Number(link.dataset.gotoPage));
    if (window.matchMedia("(max-width: 1000px)").matches && !pageList.contains(link)) {
      viewer.scrollIntoView({ block: "start" });
    }
  });
}

function wireTabs() {
  const tabs = [...document.querySelectorAll('.viewer-panel [role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !selected;
    }
    showPageText();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
      next.focus();
      select(next);
    });
  });
  return select;
}

function wireBackToSearch() {
  // Back to the very results page (filters, sort, page) when that is where we came from.
  const back = $("back-to-search");
  if (!back || !document.referrer) return;
  const from = new URL(document.referrer);
  if (from.origin === location.origin && from.pathname === new URL(back.href).pathname) back.href = from.href;
}

function showProblem(message) {
  const box = $("viewer-message");
  box.textContent = message;
  box.hidden = false;
  for (const control of viewer.querySelectorAll(".viewer-toolbar button, .viewer-toolbar input")) {
    control.disabled = true;
  }
}

function describeLoadError(error) {
  const download = "Use Download to open it on your computer.";
  switch (error?.name) {
    case "PasswordException":
      return `This PDF is protected by a password, so it cannot be shown here. ${download}`;
    case "InvalidPDFException":
      return `This file could not be read as a PDF; it may be damaged. ${download}`;
    case "ResponseException":
    case "MissingPDFException":
      return error.status === 404 ? "The stored file is missing; ask an administrator." : `The file could not be loaded (${error.message}). Try reloading the page.`;
    default:
      return `The PDF could not be shown (${error?.message || error}). ${download}`;
  }
}

// --- Start -------------------------------------------------------------------------

async function open() {
  wireBackToSearch();
  const selectTab = wireTabs();
  const loading = pdfjsLib.getDocument({
    url: viewer.dataset.fileUrl,
    wasmUrl: new URL("wasm/", VENDOR).href,
    standardFontDataUrl: new URL("standard_fonts/", VENDOR).href,
    isEvalSupported: false,
  });
  const message = $("viewer-message");
  loading.onProgress = ({ loaded, total }) => {
    message.hidden = false;
    message.textContent = total ? `Loading the PDF… ${Math.round((100 * loaded) / total)}%` : "Loading the PDF…";
  };
  try {
    state.pdf = await loading.promise;
  } catch (error) {
    showProblem(describeLoadError(error));
    return;
  }
  message.hidden = true;
  const count = state.pdf.numPages;
  $("page-total").textContent = `of ${count}`;
  const first = (await state.pdf.getPage(1)).getViewport({ scale: 1 });
  buildSlots(count, first.width, first.height);
  state.widest = first.width;
  wireControls();
  wirePageLinks();
  wirePageListKeys();

  state.zoom = 0; // so setZoom sizes every page
  setZoom(fitWidthZoom(), { fitWidth: true });
  // No page asked for: the first page the search matches (?q= alone), else page 1.
  const asked = Number(new URLSearchParams(location.search).get("page")) || matchingPages[0] || 1;
  const start = Math.min(Math.max(1, asked), count);
  state.current = 0;
  goToPage(start);
  if (termPattern) state.revealFirstHitOn = start;
  if (termPattern && ocrText.has(start)) selectTab($("tab-text")); // scans have no text layer to mark
  state.annotations = initAnnotations({
    documentId: Number(viewer.dataset.documentId),
    canAnnotate: viewer.dataset.canAnnotate === "true",
    allegations: readJSON("case-allegations"),
    scroller,
    goToPage,
    showNotesTab: () => selectTab($("tab-notes")),
  });
  for (const slot of state.slots) nearObserver.observe(slot.el);
}

open();
