import time

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security.make_world import build_world
from tests.security.probe import STATS

MODULE_RUNS: dict[str, tuple[int, float]] = {}  # module -> (requests sent, seconds)


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once per module inside a transaction rolled back at its end (each
    probe runs in a savepoint of its own, rolled back at once). Files, the world's and any
    a probe uploads, go to a temporary MEDIA_ROOT."""
    started, sent = time.monotonic(), STATS["requests"]
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with media, django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        for persona in built.personas.values():
            if persona.user is not None:
                client = Client()
                client.force_login(persona.user)
                persona.session_key = client.session.session_key
        yield built
        transaction.set_rollback(True)
    MODULE_RUNS[request.module.__name__] = (STATS["requests"] - sent, time.monotonic() - started)


def pytest_terminal_summary(terminalreporter):
    """How many requests each module's world served, and how long it lived."""
    for module, (requests, seconds) in MODULE_RUNS.items():
        terminalreporter.write_line(f"{module}: {requests} requests in {seconds:.1f}s")
