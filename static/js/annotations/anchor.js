// Finding a note's passage in a page's text layer and marking it there.
//
// A passage is found by its quote and the text around it, not by offsets: the text layer
// and the server's extraction space words and break lines differently, so the quote is
// matched with whitespace ignored, and the prefix and suffix pick among repeats.

/** The layer's text as one string (a line break counts as "\n") and where each text node starts in it. */
export function layerText(layer) {
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
export function offsetOf({ text, parts }, container, offset) {
  if (container.nodeType === Node.TEXT_NODE) {
    const part = parts.find((p) => p.node === container);
    return part ? part.start + offset : text.length;
  }
  const point = document.createRange();
  point.setStart(container, offset);
  const next = parts.find((p) => point.comparePoint(p.node, 0) >= 0); // the first text at or after it
  return next ? next.start : text.length;
}

const bare = (text) => (text || "").replace(/\s+/g, "");

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
export function findQuote(text, { quote, prefix, suffix }) {
  const needle = bare(quote);
  if (!needle) return null;
  let haystack = "";
  const origin = []; // the index in `text` of each character of `haystack`
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    haystack += text[i];
    origin.push(i);
  }
  const [before, after] = [bare(prefix), bare(suffix)];
  let best = -1;
  let bestScore = -1;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const score =
      commonEnd(haystack.slice(0, at), before) + commonStart(haystack.slice(at + needle.length), after);
    if (score > bestScore) [best, bestScore] = [at, score];
  }
  if (best < 0) return null;
  return [origin[best], origin[best + needle.length - 1] + 1];
}

/**
 * Wrap text [start, end) of the layer in <mark class="annotation" data-annotation=id>, one
 * per text node it crosses (a quote often spans several of pdf.js's spans, and search-term
 * marks split them further).
 */
export function wrap({ parts }, [start, end], id) {
  const marks = [];
  for (const { node, start: at } of parts) {
    const [from, to] = [Math.max(start, at), Math.min(end, at + node.nodeValue.length)];
    if (from >= to) continue;
    if (to - at < node.nodeValue.length) node.splitText(to - at);
    const piece = from > at ? node.splitText(from - at) : node;
    const mark = document.createElement("mark");
    mark.className = "annotation";
    mark.dataset.annotation = id;
    piece.replaceWith(mark);
    mark.append(piece);
    marks.push(mark);
  }
  return marks;
}

export function marksOf(id) {
  return document.querySelectorAll(`.textLayer mark.annotation[data-annotation="${id}"]`);
}

export function unwrap(id) {
  for (const mark of marksOf(id)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent.normalize();
  }
}
