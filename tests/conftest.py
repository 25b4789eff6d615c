import time

import pytest
from rest_framework.test import APIClient

from caselaw.models import CaseMembership
from tests.factories import CaseFactory, MembershipFactory, UserFactory
from tests.worker import WorkerProcess


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """Each test its own search index (a directory, which no database rollback undoes);
    a worker started by the test is given the same one."""
    settings.CASELAW_SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.CASELAW_SEARCH_INDEX_DIR


@pytest.fixture
def case(db):
    return CaseFactory(short_name="Kadrey v. Meta", caption="Kadrey et al. v. Meta Platforms, Inc.")


@pytest.fixture
def lawyer(case):
    """The case's lawyer: a member who may change and annotate."""
    user = UserFactory(username="lawyer")
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER)
    return user


@pytest.fixture
def paralegal(case):
    user = UserFactory(username="paralegal")
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.PARALEGAL)
    return user


@pytest.fixture
def viewer(case):
    user = UserFactory(username="viewer")
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.VIEWER)
    return user


@pytest.fixture
def client_user(case):
    """The party's own person: role client, cleared for confidential."""
    user = UserFactory(username="client")
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.CLIENT)
    return user


@pytest.fixture
def outsider(db):
    """Logged in, but a member of another case only."""
    user = UserFactory(username="outsider")
    MembershipFactory(user=user, role=CaseMembership.Role.LAWYER)
    return user


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api():
    return client_for


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker process on the configured broker, for the length of a test."""
    process = WorkerProcess().start()
    yield process
    process.stop()


@pytest.fixture(scope="session", autouse=True)
def purge_broker():
    """Start from an empty queue: messages left by an earlier run name rows that are gone."""
    from caselaw.celery import app

    try:
        app.control.purge()
    except Exception:
        pass


@pytest.fixture(scope="session", autouse=True)
def page_writer_closes(django_db_setup):
    """The pipeline's writer thread keeps its connection for the process's life (as in a
    worker); it is closed before the test database is dropped."""
    yield
    from filings.pipeline.page_queue import close_writer

    close_writer()


def wait_for(predicate, timeout: float = 60, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
