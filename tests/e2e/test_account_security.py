"""A lawyer secures their account in a real Chromium: makes an API token for a script
(shown once), turns on two-factor sign-in by the QR code's key, keeps the recovery codes,
and signs in again with the app's code — with no Content-Security-Policy violation."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_content_security_policy import ViolationWatch
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "caselaw-demo"


@pytest.fixture
def member(transactional_db, case, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory(username="avery", password=PASSWORD, first_name="Avery", last_name="Stone")
    MembershipFactory(user=user, case=case, role="lawyer")
    return user


def app_code(key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key the page printed."""
    secret = base64.b32decode(key.replace(" ", ""))
    return f"{totp(secret, drift=steps_ahead):06d}"


def test_a_lawyer_makes_a_token_and_turns_on_two_factor_sign_in(member, case, page):
    watch = ViolationWatch(page)
    log_in(page, "avery")

    page.get_by_role("link", name="Avery Stone").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_label("Name").fill("nightly docket sync")
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Make token").click()
    secret = page.locator("#new-token").text_content()
    assert re.fullmatch(r"caselaw_[0-9a-f]{64}", secret)
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    screenshot(page, "60-account-new-token")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert [c["id"] for c in api.get("/api/v1/cases/").json()["results"]] == [case.pk]
    page.goto("/account/")
    expect(page.locator("#tokens")).to_contain_text("nightly docket sync")
    expect(page.locator("#tokens")).not_to_contain_text(secret)

    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    expect(page.locator(".qr svg")).to_be_visible()
    key = page.locator("#totp-secret").text_content()
    screenshot(page, "61-two-factor-setup")
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Turn on").click()
    codes = page.locator(".recovery-codes li").all_text_contents()
    assert len(codes) == 10
    screenshot(page, "62-recovery-codes")
    assert watch.seen() == [], "account pages"

    page.get_by_role("button", name="Log out").click()
    page.goto("/login/")
    page.get_by_label("Username").fill("avery")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/login/verify/**")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    page.goto(case.get_absolute_url())  # held: straight back to the code
    page.wait_for_url("**/login/verify/**")
    page.get_by_label("Code").fill(app_code(key, steps_ahead=1))  # the last code is spent
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    expect(page.locator(".caption-block")).to_be_visible()
    assert watch.seen() == [], "signing in with a code"
