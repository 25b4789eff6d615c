"""Repeated failed sign-ins lock a username out from that address, on every sign-in form,
with a page saying when to try again; API tokens and open sessions are untouched."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from caselaw.accounts.tokens import create_token
from tests.caselaw.conftest import PASSWORD, SIGN_IN_FORMS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, form, password, username="partner", **headers):
    return client.post(form, {"username": username, "password": password}, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, times, form="/login/", **headers):
    for _ in range(times):
        sign_in(client, form, "wrong password", **headers)


def wind_clock(minutes):
    """Move every recorded failure this many minutes into the past."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


@pytest.mark.parametrize("form", SIGN_IN_FORMS)
def test_six_wrong_passwords_lock_the_username_out_even_with_the_right_one(client, partner, form):
    answers = [sign_in(client, form, "wrong password") for _ in range(6)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429, 429]

    response = sign_in(client, form, PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    page = response.content.decode()
    assert "Too many failed sign-ins for this username from your network" in page
    assert "Try again after" in page and "15 minutes from now" in page
    assert not signed_in(client)


@pytest.mark.parametrize("form", SIGN_IN_FORMS)
def test_the_right_password_works_again_once_the_cool_off_has_passed(client, partner, form):
    fail(client, 5, form)
    wind_clock(14)
    assert sign_in(client, form, PASSWORD).status_code == 429  # and the wait starts again
    wind_clock(14)
    assert sign_in(client, form, PASSWORD).status_code == 429

    wind_clock(16)
    response = sign_in(client, form, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_lock_out_on_one_form_holds_on_the_others(client, partner):
    fail(client, 5, "/api/v1/auth/login/")

    for form in SIGN_IN_FORMS:
        assert sign_in(client, form, PASSWORD).status_code == 429


def test_four_failures_do_not_lock_and_a_success_forgets_them(client, partner):
    fail(client, 4)
    assert sign_in(client, "/login/", PASSWORD).status_code == 302
    client.logout()

    fail(client, 4)

    assert sign_in(client, "/login/", PASSWORD).status_code == 302


def test_the_lock_is_on_the_username_from_that_address_only(client, partner):
    UserFactory(username="associate", password=PASSWORD)
    fail(client, 5)

    assert sign_in(Client(), "/login/", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert sign_in(Client(), "/login/", PASSWORD, username="associate").status_code == 302


def test_behind_the_tls_proxy_the_address_is_the_one_the_proxy_saw(client, partner, settings):
    """X-Forwarded-For's right-most entry is the proxy's; what is left of it the client
    wrote, so changing it does not escape the lock."""
    settings.CASELAW_BEHIND_TLS_PROXY = True
    for forged in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"):
        sign_in(client, "/login/", "wrong password", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9")

    forged_again = sign_in(Client(), "/login/", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.6, 203.0.113.9")
    elsewhere = sign_in(Client(), "/login/", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert forged_again.status_code == 429
    assert elsewhere.status_code == 302


def test_api_tokens_and_open_sessions_keep_working_during_a_lock_out(partner):
    _, secret = create_token(user=partner, name="script", days=30)
    open_session = Client()
    open_session.force_login(partner)
    fail(Client(), 6)

    by_token = Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {secret}")

    assert by_token.status_code == 200
    assert open_session.get("/api/v1/cases/").status_code == 200
    assert open_session.get("/cases/").status_code == 200


def test_each_lock_out_reaches_the_sign_in_hook(client, partner, caplog):
    caplog.set_level(logging.WARNING, logger="caselaw.signin")
    fail(client, 4)
    assert not [r for r in caplog.records if r.name == "caselaw.signin"]

    fail(client, 1)

    hooked = [r.getMessage() for r in caplog.records if r.name == "caselaw.signin"]
    assert hooked == ["Sign-in locked out: username 'partner' from 127.0.0.1"]


def test_a_wrong_password_says_that_repeated_failures_pause_signing_in(client, partner):
    page = sign_in(client, "/login/", "wrong password").content.decode()

    assert "didn't match" in page
    assert "after repeated failures, signing in with this username from your network is paused" in page
