"""Two-factor sign-in as a user meets it: setting up an authenticator (QR code, recovery
codes), every sign-in form held at the code until it is given, recovery codes good once,
wrong codes counted by the lock-out, and the firm's rule that requires it."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from caselaw.accounts import two_factor
from caselaw.accounts.models import TwoFactorPolicy, TwoFactorRule
from caselaw.accounts.tokens import create_token
from caselaw.audit import Action, AuditEvent
from tests.caselaw.conftest import PASSWORD, SIGN_IN_FORMS

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator through the pages, as the user would."""
    page = client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    assert page.status_code == 200
    done = client.post("/account/two-factor/", {"code": code_for(device)})
    assert done.status_code == 200, done.content
    device.refresh_from_db()
    return device, done.context["codes"]


def sign_in(form: str, username="partner", password=PASSWORD) -> Client:
    client = Client()
    response = client.post(form, {"username": username, "password": password})
    assert response.status_code == 302, f"{form}: {response.status_code}"
    return client


def test_setting_up_shows_a_qr_code_and_the_key_then_ten_recovery_codes(partner):
    client = Client()
    client.force_login(partner)

    page = client.get("/account/two-factor/")
    html = page.content.decode()
    assert '<div class="qr"' in html and "<svg" in html and "<path" in html
    device = TOTPDevice.objects.get(user=partner)
    assert not device.confirmed
    assert page.context["secret"].replace(" ", "") in device.config_url
    assert client.get("/account/two-factor/").context["secret"] == page.context["secret"]  # same QR on reload

    wrong = client.post(
        "/account/two-factor/", {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "not the one the app shows" in wrong.content.decode()
    time.sleep(1.1)  # django-otp holds a device back a second after a wrong code, doubling each time

    done = client.post("/account/two-factor/", {"code": code_for(device)})

    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert "no-store" in done["Cache-Control"]
    assert two_factor.is_on(partner)
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_ON, actor=partner).count() == 1
    assert "On" in client.get("/account/").content.decode()


@pytest.mark.parametrize("form", SIGN_IN_FORMS)
def test_every_sign_in_form_is_held_at_the_code_until_it_is_given(partner, form):
    setup = Client()
    setup.force_login(partner)
    device, _ = enrol(setup)

    client = sign_in(form)

    held = client.get("/cases/")
    assert held.status_code == 302 and held["Location"] == "/login/verify/?next=/cases/"
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/v1/cases/")
    assert api.status_code == 403 and "authenticator app" in api.json()["detail"]
    assert client.get(f"/account/tokens/{1}/revoke/").status_code == 302
    assert client.post("/api/v1/tokens/", {"name": "x"}).status_code == 403
    old_session = client.session.session_key

    verified = client.post("/login/verify/", {"code": code_for(device, steps_ahead=1), "next": "/cases/"})

    assert verified.status_code == 302 and verified["Location"] == "/cases/"
    assert client.session.session_key != old_session
    assert client.get("/cases/").status_code == 200
    assert client.get("/api/v1/cases/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_PASSED, actor=partner).exists()


def test_the_verify_page_says_so_on_a_wrong_code_and_a_used_code_does_not_work_twice(partner):
    setup = Client()
    setup.force_login(partner)
    device, _ = enrol(setup)  # used the current code
    client = sign_in("/login/")

    replayed = client.post("/login/verify/", {"code": code_for(device)})

    assert replayed.status_code == 400
    assert "That code was not accepted." in replayed.content.decode()
    assert "wait 1 second before the next try" in replayed.content.decode()
    assert client.get("/cases/").status_code == 302
    failed = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).last()
    assert failed.details == {"username": "partner", "step": "second factor"}


def test_a_recovery_code_signs_in_once(partner):
    setup = Client()
    setup.force_login(partner)
    _, codes = enrol(setup)

    first = sign_in("/login/")
    assert first.post("/login/verify/", {"code": codes[3].upper()}).status_code == 302
    assert first.get("/cases/").status_code == 200
    event = AuditEvent.objects.get(action=Action.RECOVERY_CODE_USED)
    assert event.details == {"left": 9}

    second = sign_in("/login/")
    assert second.post("/login/verify/", {"code": codes[3]}).status_code == 400
    assert second.get("/cases/").status_code == 302
    assert "9 recovery codes" in first.get("/account/").content.decode()


def test_wrong_codes_count_towards_the_sign_in_lock_out(partner):
    setup = Client()
    setup.force_login(partner)
    enrol(setup)
    client = sign_in("/login/")

    answers = [client.post("/login/verify/", {"code": "abcdefgh"}).status_code for _ in range(5)]

    assert answers == [400, 400, 400, 400, 429]
    assert "_auth_user_id" not in client.session  # signed out, not left half signed in
    assert Client().post("/login/", {"username": "partner", "password": PASSWORD}).status_code == 429


def test_new_recovery_codes_replace_the_old_ones_given_a_code(partner):
    client = Client()
    client.force_login(partner)
    device, old = enrol(client)

    refused = client.post("/account/two-factor/recovery-codes/", {"code": "123"})
    assert refused.status_code == 400
    renewed = client.post("/account/two-factor/recovery-codes/", {"code": code_for(device, steps_ahead=1)})

    new = renewed.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    held = sign_in("/login/")
    assert held.post("/login/verify/", {"code": old[0]}).status_code == 400
    time.sleep(1.1)
    assert held.post("/login/verify/", {"code": new[0]}).status_code == 302


def test_turning_it_off_needs_a_code_and_ends_the_hold(partner):
    client = Client()
    client.force_login(partner)
    _, codes = enrol(client)

    assert client.post("/account/two-factor/off/", {"code": "nope"}).status_code == 400
    assert two_factor.is_on(partner)
    time.sleep(1.1)
    off = client.post("/account/two-factor/off/", {"code": codes[0]})

    assert off.status_code == 302 and off["Location"] == "/account/"
    assert not two_factor.is_on(partner)
    assert sign_in("/login/").get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_OFF).count() == 1


@pytest.mark.parametrize(
    ("rule", "staff_held", "others_held"),
    [
        (TwoFactorRule.OPTIONAL, False, False),
        (TwoFactorRule.STAFF, True, False),
        (TwoFactorRule.EVERYONE, True, True),
    ],
)
def test_the_firms_rule_sends_those_it_covers_to_set_it_up(partner, lawyer, rule, staff_held, others_held):
    lawyer.set_password(PASSWORD)
    lawyer.save()
    two_factor.set_rule(required_for=rule, by=partner)

    for username, expect_held in (("partner", staff_held), ("lawyer", others_held)):
        client = sign_in("/login/", username=username)
        response = client.get("/cases/")
        if expect_held:
            assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
            page = client.get(response["Location"])
            assert "Your firm requires two-factor sign-in" in page.content.decode()
            device = TOTPDevice.objects.get(user__username=username)
            client.post("/account/two-factor/", {"code": code_for(device)})
        assert client.get("/cases/").status_code == 200, username


def test_staff_set_the_rule_in_the_admin_and_it_is_on_the_trail(partner):
    partner.is_superuser = True
    partner.save()
    client = Client()
    client.force_login(partner)

    response = client.post("/admin/caselaw/twofactorpolicy/add/", {"required_for": "everyone"})

    assert response.status_code == 302
    assert TwoFactorPolicy.current().required_for == TwoFactorRule.EVERYONE
    assert AuditEvent.objects.get(action=Action.TWO_FACTOR_POLICY).details == {"from": None, "to": "everyone"}


def test_api_tokens_are_not_held_by_the_second_factor(partner):
    setup = Client()
    setup.force_login(partner)
    enrol(setup)
    _, secret = create_token(user=partner, name="script", days=7)
    client = sign_in("/login/")  # held session cookie, plus a token

    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 200
