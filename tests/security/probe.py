"""Sends the matrix's probes through the real URLconf and checks each answer: no marker of
a hidden object, hidden answers like missing, no write where none may happen, no 500."""

import json
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import psycopg2.extensions
from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

from caselaw.testing_pdfs import text_pdf
from tests.security.plan import PDF_UPLOAD, Probe
from tests.security.world import Persona, World

# A search remembers itself, for its user alone; the audit trail records every request
# (who tried what), and what it shows is checked like any other answer.
# Written as a side effect of allowed work: recent searches, the audit trail, and the search
# index's change rows (triggers on pages, documents and filings, which are watched).
IGNORED_TABLES = {
    "filings_recentsearch",
    "caselaw_auditevent",
    "filings_searchindexchange",
    "filings_savedsearchseen",  # opening a saved search marks its hits seen, for that user alone
    # An alert is its user's own: anyone who sees a search (a viewer of a shared one too)
    # may follow it. Setting one on a search one cannot see answers as a missing one.
    "filings_alert",
    # Marking read is the only write to notifications, each user's to their own ones; one
    # of another's answers as a missing one.
    "filings_notification",
}
RANDOM_TOKEN = re.compile(r"[A-Za-z0-9]{32,}")  # CSRF tokens differ on every page
WORLD_ID = re.compile(r"(?<!\d)\d{7}(?!\d)")  # the world's ids have seven digits
STATS = {"requests": 0}
MAX_SHOWN = 40  # problems listed in a failure message


@dataclass
class Answer:
    status: int
    content_type: str = ""
    body: str = ""
    location: str = ""
    headers: str = ""  # every header, cookie and flashed message, for the leak check
    messages: str = ""  # the messages flashed for the next page
    changed_tables: list | None = None  # checked for writes only


def watched_tables() -> list[str]:
    """Every table of the caselaw and filings apps (their many-to-many tables too)."""
    tables = {
        model._meta.db_table
        for label in ("caselaw", "filings")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    return sorted(tables - IGNORED_TABLES)


def table_digests(tables: list[str]) -> dict[str, str]:
    """One md5 per table over all its rows, in one statement."""
    parts = [
        f"SELECT '{t}', md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) FROM {t} x" for t in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def transaction_aborted() -> bool:
    status = connection.connection.get_transaction_status()
    return status == psycopg2.extensions.TRANSACTION_STATUS_INERROR


def encoded(probe: Probe) -> tuple[object, str]:
    """The request body and its content type."""
    if probe.encoding == "json":
        return json.dumps(probe.body), "application/json"
    if probe.encoding == "form":
        return urlencode(probe.body, doseq=True), "application/x-www-form-urlencoded"
    if probe.encoding == "multipart":
        files = {k: uploaded(v) for k, v in probe.body.items() if v == PDF_UPLOAD or isinstance(v, bytes)}
        return encode_multipart(BOUNDARY, {**probe.body, **files}), MULTIPART_CONTENT
    return "", "application/octet-stream"


def uploaded(content) -> SimpleUploadedFile:
    """A file to upload: these bytes, or a small PDF of its own."""
    data = content if isinstance(content, bytes) else text_pdf(1, seed=7)
    return SimpleUploadedFile("exhibit.pdf", data, "application/pdf")


def flashed_messages(response) -> str:
    """Messages a redirect leaves for the next page (the cookie is signed and compressed)."""
    morsel = response.cookies.get("messages")
    if not morsel or not morsel.value:
        return ""
    messages = CookieStorage(HttpRequest())._decode(morsel.value) or []
    return " ".join(str(m) for m in messages)


def read(response) -> Answer:
    # The test client closes the response (a streamed one once read): closing it again here
    # would fire request_finished, whose handler closes the database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    messages = flashed_messages(response)
    return Answer(
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        body=content.decode("utf-8", "replace"),
        location=response.get("Location", ""),
        headers=f"{headers}\n{response.cookies.output()}\n{messages}",
        messages=messages,
    )


class Prober:
    """One persona's client; sends probes (each in a savepoint rolled back at once) and
    collects the problems their answers show."""

    def __init__(self, world: World, persona: Persona):
        self.world, self.persona = world, persona
        self.client = APIClient(raise_request_exception=True)
        if persona.user is not None:
            self.client.force_authenticate(persona.user)
        hidden = world.hidden_markers(persona)
        self.hidden_markers = {m.lower(): f"{what} ({m})" for m, what in hidden.items()}
        self.marker_pattern = re.compile("|".join(map(re.escape, self.hidden_markers)) or "(?!)")
        self.hidden_ids = {str(e.pk): str(e) for e in world.entries if not persona.sees(e)}
        self.tables = watched_tables()
        self.baseline: dict | None = None  # every probe is rolled back: the state never moves
        self.twins: dict[tuple, Answer] = {}

    def send(self, probe: Probe) -> Answer:
        STATS["requests"] += 1
        if probe.unsafe and self.baseline is None:
            self.baseline = table_digests(self.tables)
        with transaction.atomic():
            try:
                answer = read(self.request(probe))
            except Exception as error:  # the view raised: a 500 for the user
                answer = Answer(status=500, body=f"{type(error).__name__}: {error}")
            if probe.unsafe:
                answer.changed_tables = self.changes(self.baseline)
            transaction.set_rollback(True)
        return answer

    def changes(self, before: dict) -> list[str]:
        if transaction_aborted():
            return ["(a database error aborted the transaction: writes cannot be checked)"]
        after = table_digests(self.tables)
        return [table for table in self.tables if before[table] != after[table]]

    def request(self, probe: Probe):
        self.client.cookies = SimpleCookie()  # nothing carries over from the last request
        if self.persona.session_key:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.persona.session_key
        data, content_type = encoded(probe)
        return self.client.generic(probe.method, probe.url, data, content_type, HTTP_ACCEPT=probe.accept)

    def send_twin(self, probe: Probe) -> Answer:
        """The answer for a missing id; the same for every hidden object of a route."""
        key = (probe.method, probe.url, probe.accept, json.dumps(probe.body, default=str))
        if key not in self.twins:
            self.twins[key] = self.send(probe)
        return self.twins[key]

    # Checks

    def check(self, probe: Probe, *, may_write: bool = False) -> tuple[Answer, list[str]]:
        """Send the probe (and its twin) and say what is wrong with the answers."""
        answer = self.send(probe)
        found = self.checked(probe, answer, may_write=may_write)
        if probe.missing is not None:
            twin = self.send_twin(probe.missing)
            found += self.checked(probe.missing, twin)
            if comparable(answer, probe.secret) != comparable(twin, probe.missing.secret):
                unlike = difference(answer, twin, probe)
                found.append(f"{probe}: hidden {probe.target} answers unlike a missing one: {unlike}")
        return answer, found

    def checked(self, probe: Probe, answer: Answer, *, may_write: bool = False) -> list[str]:
        found = []
        for what in self.leaks(probe, answer):
            found.append(f"{probe}: {answer.status} shows {what}")
        if answer.status >= 500:
            found.append(f"{probe}: {answer.status} {answer.body[:300]}")
        if answer.changed_tables and not may_write:
            found.append(f"{probe}: {answer.status} changed {', '.join(answer.changed_tables)}")
        return found

    def leaks(self, probe: Probe, answer: Answer) -> list[str]:
        """Hidden markers in the answer, and ids of hidden objects (a list can leak an object
        that has no text), except what the probe sent itself (a search box shows what was
        searched for, a login redirect the path asked for)."""
        text = f"{answer.body}\n{answer.headers}".lower()
        sent = f"{probe.url} {json.dumps(probe.body, default=str)}".lower()
        markers = set(self.marker_pattern.findall(text)) - {m for m in self.hidden_markers if m in sent}
        ids = set(WORLD_ID.findall(RANDOM_TOKEN.sub("", text))) & self.hidden_ids.keys()
        shown = [self.hidden_markers[m] for m in markers]
        return sorted(shown + [f"the id of {self.hidden_ids[i]}" for i in ids if i not in sent])


def comparable(answer: Answer, secret: str) -> tuple:
    """The answer with the probe's id (or words) and random tokens replaced by placeholders."""

    def normal(text: str) -> str:
        if secret.isdigit():
            text = re.sub(rf"(?<!\d){secret}(?!\d)", "{ID}", text)
        elif secret:
            text = text.replace(secret, "{ID}")
        return RANDOM_TOKEN.sub("{TOKEN}", text)

    return answer.status, answer.content_type, normal(answer.body), normal(answer.location)


def difference(hidden: Answer, missing: Answer, probe: Probe) -> str:
    """Where the two answers part, briefly."""
    a, b = comparable(hidden, probe.secret), comparable(missing, probe.missing.secret)
    if a[0] != b[0]:
        return f"status {a[0]} vs {b[0]} (hidden: {a[2][:200]!r}; missing: {b[2][:200]!r})"
    for label, x, y in (("content type", a[1], b[1]), ("location", a[3], b[3]), ("body", a[2], b[2])):
        if x != y:
            at = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
            around = slice(max(0, at - 60), at + 120)
            return f"{label} differs at {at}: {x[around]!r} vs {y[around]!r}"
    return "?"


def report(problems: list[str]) -> str:
    """A failure message: how many problems, the first MAX_SHOWN of them."""
    shown = "\n".join(problems[:MAX_SHOWN])
    more = f"\n… and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"
