// The annotations API (filings/annotations_api.py), over the session: unsafe methods
// carry the CSRF token from its cookie. Errors come back as sentences to show the user.

export const NOTES_URL = "/api/v1/annotations/";
const FIELD_LABELS = { body: "Note", allegations: "Allegations", visibility: "Who can read it", page: "Page" };

export class ApiError extends Error {}

function csrfToken() {
  return document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)?.[1] ?? "";
}

/** Send a request; the JSON answer, null for 204; an ApiError saying what went wrong. */
export async function request(method, url, body) {
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
  if (status === 404) {
    return "This note no longer exists; it may have been deleted. Reload to see the notes as they are.";
  }
  return `The server could not do that (error ${status}). Try again in a moment.`;
}

/** Every note on the document the user may read, following the API's pages. */
export async function listNotes(documentId) {
  const found = [];
  let url = `${NOTES_URL}?document=${documentId}&page_size=500`;
  while (url) {
    const data = await request("GET", url);
    found.push(...data.results);
    url = data.next;
  }
  return found;
}
