"""`make run` on a machine with nothing but Python: embedded PostgreSQL, file broker, a real
worker. Starts the app exactly as the Makefile does, in a fresh var/ folder, and uses it
over HTTP as a newcomer would."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.worker import ROOT

pytestmark = pytest.mark.embedded


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, CSRF, GET and form POST."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username: str, password: str) -> str:
        _, page = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def embedded_app(tmp_path):
    """`make run`'s own command, in a fresh var/ folder, with no database or broker set."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.pop("CASELAW_DB_NAME", None)
    env.pop("CASELAW_DEV", None)  # set for the suite (caselaw/settings_test.py); `make run` needs none
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        CASELAW_VAR_DIR=str(tmp_path / "var"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    log_path = tmp_path / "run.log"
    log = open(log_path, "w")
    app = subprocess.Popen(
        [sys.executable, "-m", "caselaw.run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}", app, log_path, tmp_path / "var"
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
        log.close()


def test_make_run_serves_the_demo_case_with_documents_processed(embedded_app):
    base, app, log_path, var_dir = embedded_app
    browser = Browser(base)
    wait_until(lambda: browser.get("/login/")[0] == 200, 180, "the web server")
    assert f"caselaw is starting at {base}/" in log_path.read_text()

    home = browser.log_in("paralegal", "caselaw-demo")
    assert "Kadrey v. Meta" in home
    case_id = re.search(r'href="/cases/(\d+)/">Kadrey v. Meta', home).group(1)
    status, page = browser.get(f"/cases/{case_id}/")
    assert status == 200
    assert "Sarah Silverman" in page and "17 U.S.C. § 1202(b)" in page

    status, body = browser.get(f"/api/v1/cases/{case_id}/")
    assert status == 200
    assert json.loads(body)["docket_number"] == "3:23-cv-03417-VC"

    def all_indexed():
        _, body = browser.get(f"/api/v1/documents/?case={case_id}&page_size=200")
        rows = json.loads(body)["results"]
        return rows and all(row["status"] == "indexed" for row in rows)

    wait_until(all_indexed, 180, "the worker to index the demo documents")

    def ranked_by_the_index():
        _, body = browser.get(f"/api/v1/search/?q=llama&case={case_id}")
        found = json.loads(body)
        return found["count"] > 0 and found["ranking"] == "bm25"

    # The worker keeps the page index in step: search ranks through it, no server needed.
    wait_until(ranked_by_the_index, 60, "search to rank through the page index")

    # The demo lawyer's alert on the torrenting evidence: an e-mail under var/mail/ whose
    # links open this site (not the worker's own port).
    wait_until(lambda: any((var_dir / "mail").glob("*.log")), 120, "the demo alert's e-mail")
    mail = next((var_dir / "mail").glob("*.log")).read_text()
    assert "Torrenting and shadow libraries" in mail
    addresses = set(re.findall(r"http://127\.0\.0\.1:\d+", mail))
    assert addresses == {base}

    # Ctrl-C, as a user would: everything stops, the embedded PostgreSQL included.
    os.killpg(app.pid, signal.SIGINT)
    assert app.wait(60) is not None
    assert not (var_dir / "pgdata" / "postmaster.pid").exists(), log_path.read_text()[-2000:]
