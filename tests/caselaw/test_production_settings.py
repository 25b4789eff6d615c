"""Production is safe by default. Started with docker-compose's environment, `check --deploy`
finds nothing to warn about and the site answers https only; without SECRET_KEY or
ALLOWED_HOSTS it refuses to start and says why; development still serves plain http.

Each case starts Django in a process of its own: settings are read once, at start-up."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
import yaml

from tests.worker import ROOT

DOMAIN = "caselaw.example-firm.com"

# Requests answered by the Django test client inside the started process (no server needed).
ANSWERS = """
import json, django
django.setup()
from django.test import Client
answers = {}
for name, headers in {"http": {}, "https": {"HTTP_X_FORWARDED_PROTO": "https"}}.items():
    response = Client().get("/login/", HTTP_HOST=HOST, **headers)
    cookie = response.cookies.get("csrftoken")
    answers[name] = {
        "status": response.status_code,
        "location": response.get("Location"),
        "hsts": response.get("Strict-Transport-Security"),
        "secure_cookie": bool(cookie and cookie["secure"]),
    }
print(json.dumps(answers))
"""


def interpolate(value: str, given: dict) -> str:
    """${NAME}, ${NAME:-default} and ${NAME:?error} as `docker compose` fills them from .env."""

    def fill(match):
        name, operator, rest = match.groups()
        if given.get(name):
            return given[name]
        assert operator != ":?", f"docker compose would refuse to start: {rest}"
        return rest or ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", fill, value)


@pytest.fixture
def production(tmp_path):
    """The environment docker-compose.yml gives the app's containers, with the .env the
    README asks for; the image's own folders moved under tmp_path."""
    dotenv = {"SECRET_KEY": secrets.token_urlsafe(50), "CASELAW_DOMAIN": DOMAIN}
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = {
        name: interpolate(str(value), dotenv) for name, value in compose["x-app"]["environment"].items()
    }
    environment.update(
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        CASELAW_VAR_DIR=str(tmp_path / "var"),
    )
    return environment


def start(environment: dict, *command: str) -> subprocess.CompletedProcess:
    """Run `python <command>` as the containers would: only the given environment, and no
    .env file of this checkout."""
    base = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "caselaw.settings",
        "CASELAW_ENV_FILE": "",
    }
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def answers(environment: dict, host: str) -> dict:
    # The manifest storage needs collectstatic (the web container runs it before gunicorn).
    environment = {name: value for name, value in environment.items() if name != "STATICFILES_STORAGE"}
    result = start(environment, "-c", f"HOST = {host!r}\n{ANSWERS}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_compose_environment_passes_check_deploy_without_a_warning(production):
    result = start(production, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."
    assert "WARNING" not in result.stderr


def test_production_answers_https_only_with_hsts_and_secure_cookies(production):
    answer = answers(production, DOMAIN)

    assert answer["http"]["status"] == 301
    assert answer["http"]["location"] == f"https://{DOMAIN}/login/"
    assert answer["https"]["status"] == 200
    assert answer["https"]["hsts"] == "max-age=31536000; includeSubDomains"
    assert answer["https"]["secure_cookie"]


@pytest.mark.parametrize("value", [None, ""], ids=["missing", "empty"])
def test_production_without_a_secret_key_refuses_to_start(production, value):
    production.pop("SECRET_KEY")
    if value is not None:
        production["SECRET_KEY"] = value

    result = start(production, "-c", "import django; django.setup()")

    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: SECRET_KEY is not set. Give it 50 or more random characters" in result.stderr
    )


def test_production_without_allowed_hosts_refuses_to_start(production):
    production.pop("ALLOWED_HOSTS")

    result = start(production, "manage.py", "check")

    assert result.returncode == 1
    assert "ImproperlyConfigured: ALLOWED_HOSTS is not set. Give the host names" in result.stderr


def test_development_serves_plain_http_on_the_built_in_key(production):
    """As `make run` on a database of one's own (CASELAW_DEV=1): nothing to configure."""
    development = {name: production[name] for name in ("DATABASE_URL", "CASELAW_VAR_DIR")}
    development["CASELAW_DEV"] = "1"

    answer = answers(development, "127.0.0.1")

    assert answer["http"]["status"] == 200
    assert not answer["http"]["secure_cookie"]
    assert answer["http"]["hsts"] is None


def test_a_dotenv_file_fills_in_what_the_environment_lacks(production, tmp_path):
    dotenv = tmp_path / "caselaw.env"
    dotenv.write_text(f"SECRET_KEY={'k' * 60}\nALLOWED_HOSTS=from-file.example\n")
    production.pop("SECRET_KEY")
    production.update(ALLOWED_HOSTS="from-environment.example")
    show = "import django; django.setup(); from django.conf import settings; "
    show += "print(settings.SECRET_KEY, settings.ALLOWED_HOSTS)"

    result = start({**production, "CASELAW_ENV_FILE": str(dotenv)}, "-c", show)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["k" * 60, "['from-environment.example']"]
