// A PDF's first page read in the browser (pdf.js), before it is uploaded: the caption's
// document title and the filing kind it names, to fill a new docket entry in
// (static/js/upload.js). The same reading as the server's filings/pipeline/titles.py.
import * as pdfjsLib from "../vendor/pdfjs/pdf.min.mjs";

pdfjsLib.GlobalWorkerOptions.workerSrc = new URL("../vendor/pdfjs/pdf.worker.min.mjs", import.meta.url).href;

const TITLE_WORD =
  /\b(MOTIONS?|ORDERS?|COMPLAINT|DECLARATIONS?|MEMORANDUM|BRIEF|OPPOSITION|REPLY|NOTICE|STIPULATION|STIPULATED|ANSWER|OBJECTIONS?|RESPONSE|JUDGMENT|PETITION|APPLICATION|REQUEST|TRANSCRIPT|STATEMENT|SUBPOENA|VERDICT|LETTER|REPORT|CERTIFICATE|AFFIDAVIT|SUMMONS|INJUNCTION|EXHIBIT|AGREEMENT|MINUTES)\b/;
const NOT_TITLE =
  /DISTRICT COURT|DISTRICT OF\b|\bDIVISION\b|COURT OF APPEALS|^CASE\b|\bCASE NO|\bDOCUMENT \d|\bFILED \d|\bPAGE \d+ OF|\bLLP\b|\bP\.C\.|@|ATTORNEYS? FOR|COUNSEL FOR|\bPLAINTIFFS?[,.;]?$|\bDEFENDANTS?[,.;]?$|^VS?\.?$|JUDGE\b|\bHON\.|COURTROOM|^DATE:|^TIME:|^RE:/i;
// The first that matches names the kind: an opposition to a motion is an opposition.
const KINDS = [
  [/\bCOMPLAINT\b/, "complaint"],
  [/\bANSWER\b/, "answer"],
  [/\bOPPOSITION\b|\bRESPONSE IN OPPOSITION\b/, "opposition"],
  [/\bREPLY\b/, "reply"],
  [/^DECLARATION\b|^AFFIDAVIT\b/, "declaration"],
  [/\bSTIPULAT/, "stipulation"],
  [/^(\[PROPOSED\]\s*)?ORDER\b/, "order"],
  [/\bTRANSCRIPT\b/, "transcript"],
  [/\bMOTION\b/, "motion"],
  [/^NOTICE\b/, "notice"],
  [/^EXHIBIT\b/, "exhibit"],
  [/\bSUMMONS\b/, "summons"],
];

function capitals(line) {
  const letters = line.match(/\p{L}/gu) ?? [];
  return letters.length >= 6 && letters.filter((c) => c === c.toUpperCase()).length >= 0.85 * letters.length;
}

/** The caption's title on a page's text, or "". */
export function titleOf(text) {
  const lines = text.split("\n").map((line) => line.replace(/\s+/g, " ").trim()).filter(Boolean).slice(0, 80);
  const start = lines.findIndex((line) => capitals(line) && TITLE_WORD.test(line) && !NOT_TITLE.test(line));
  if (start < 0) return "";
  const parts = [lines[start]];
  for (const line of lines.slice(start + 1)) {
    if (!capitals(line) || NOT_TITLE.test(line)) break;
    parts.push(line);
  }
  return parts.join(" ").replace(/^[\s;,:–—-]+|[\s;,:–—-]+$/g, "").slice(0, 300);
}

export function kindOf(title) {
  return KINDS.find(([pattern]) => pattern.test(title))?.[1] ?? "";
}

/** {title, kind} of the PDF `file`'s first page; empty strings when it says none. */
export async function readFirstPage(file) {
  const pdf = await pdfjsLib.getDocument({ data: new Uint8Array(await file.arrayBuffer()) }).promise;
  try {
    const content = await (await pdf.getPage(1)).getTextContent();
    const text = content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join("");
    const title = titleOf(text);
    return { title, kind: kindOf(title) };
  } finally {
    pdf.destroy();
  }
}
