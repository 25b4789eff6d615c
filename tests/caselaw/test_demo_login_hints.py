"""The login page names the demo's logins on a development install with the demo loaded,
and never in production (issue #16)."""

import pytest

from caselaw.demo import kadrey
from caselaw.demo.users import PASSWORD
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded():
    CaseFactory(docket_number=kadrey.CASE["docket_number"])
    for username in ("lawyer", "paralegal", "client", "outsider"):
        UserFactory(username=username)


def test_a_development_install_with_the_demo_lists_its_logins(client, settings, demo_loaded):
    settings.CASELAW_DEV = True

    page = client.get("/login/").content.decode()

    assert "Demo logins" in page and PASSWORD in page
    for username in ("lawyer", "paralegal", "client", "outsider"):
        assert f"<code>{username}</code>" in page
    assert "<code>admin</code>" not in page  # only the logins that exist
    assert "attorneys&#x27; eyes only" in page


def test_production_never_lists_them(client, settings, demo_loaded):
    settings.CASELAW_DEV = False

    page = client.get("/login/").content.decode()

    assert "Demo logins" not in page and PASSWORD not in page


def test_without_the_demo_case_there_is_nothing_to_list(client, settings):
    settings.CASELAW_DEV = True
    UserFactory(username="lawyer")

    page = client.get("/login/").content.decode()

    assert "Demo logins" not in page and PASSWORD not in page


def test_a_logged_in_user_is_still_sent_on(client, settings, demo_loaded):
    user = UserFactory(username="someone")
    client.force_login(user)

    assert client.get("/login/").status_code == 302
