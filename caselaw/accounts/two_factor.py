"""Two-factor sign-in (django-otp): an authenticator app's six-digit codes (TOTP), and
ten single-use recovery codes for the day the phone is lost.

Every sign-in form (/login/, the admin's, the browsable API's) signs in with the password
as before; for a user with an authenticator, or whom the firm's rule requires to have one,
that session is then held at one step — the code, or setting an authenticator up — and
`SecondFactorMiddleware` lets it reach nothing else. Holding the session rather than each
form means no sign-in form can be the one that forgot the second factor.
"""

import datetime
from urllib.parse import quote

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from caselaw import audit
from caselaw.accounts.models import TwoFactorPolicy
from caselaw.audit import Action

SESSION_KEY = "caselaw_second_factor"  # "verify" or "enrol": what the session still owes
VERIFY, ENROL = "verify", "enrol"
RECOVERY_CODES = 10
STEP_PAGES = {VERIFY: "two_factor_verify", ENROL: "two_factor_setup"}
ALWAYS_OPEN = {"logout", "rest_framework:logout"}


def is_on(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_step(request) -> str | None:
    """What the signed-in session still owes: VERIFY, ENROL, or None."""
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def on_signed_in(sender, request, user, **kwargs):
    """Every password sign-in, whatever the form: hold the session until the second factor."""
    if request is None or not hasattr(request, "session"):
        return
    if is_on(user):
        request.session[SESSION_KEY] = VERIFY
    elif TwoFactorPolicy.current().covers(user):
        request.session[SESSION_KEY] = ENROL
    else:
        request.session.pop(SESSION_KEY, None)


# Setting up


def setup_device(user) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so reloading
    the page does not change the QR code the user already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def turn_on(request, *, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with a code from it. Returns the new recovery
    codes (shown once), or None if the code is wrong."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
        )
        if device is None or not device.verify_token(normalise(code)):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(user)
        audit.record(Action.TWO_FACTOR_ON, actor=user)
    passed(request, device)
    return codes


def replace_recovery_codes(user) -> list[str]:
    """Ten new single-use codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def new_recovery_codes(request, *, code: str) -> list[str] | None:
    user = request.user
    with transaction.atomic():
        if check_code(user, code) is None:
            return None
        codes = replace_recovery_codes(user)
        audit.record(Action.RECOVERY_CODES_NEW, actor=user)
    return codes


def turn_off(request, *, code: str) -> bool:
    """Remove the authenticator and recovery codes, given a current code. If the firm's
    rule covers the user, the session goes straight back to setting one up."""
    user = request.user
    with transaction.atomic():
        if check_code(user, code) is None:
            return False
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(Action.TWO_FACTOR_OFF, actor=user)
    if TwoFactorPolicy.current().covers(user):
        request.session[SESSION_KEY] = ENROL
    return True


def set_rule(*, required_for: str, by) -> TwoFactorPolicy:
    with transaction.atomic():
        policy = TwoFactorPolicy.objects.select_for_update().first() or TwoFactorPolicy()
        old = policy.required_for if policy.pk else None
        policy.required_for = required_for
        policy.save()
        audit.record(Action.TWO_FACTOR_POLICY, actor=by, details={"from": old, "to": required_for})
    return policy


# Signing in


def normalise(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()[:32]


def check_code(user, code: str):
    """The device that accepts `code`: a six-digit code from the authenticator, else a
    recovery code (used up by this). Call inside a transaction: the devices are locked so
    one code cannot be used twice at once. A wrong code slows that device down (django-otp
    doubles the wait after each failure)."""
    code = normalise(code)
    if not code:
        return None
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices.select_for_update():
        if device.verify_token(code):
            return device
    return None


def wait_before_next_try(user) -> datetime.timedelta | None:
    """If django-otp is holding one of the user's devices back after wrong codes, how long."""
    now = timezone.now()
    waits = [
        info["locked_until"] - now
        for model in (TOTPDevice, StaticDevice)
        for device in model.objects.filter(user=user, throttling_failure_count__gt=0)
        for allowed, info in [device.verify_is_allowed()]
        if not allowed and info and info.get("locked_until")
    ]
    longest = max(waits, default=None)
    return longest if longest and longest > datetime.timedelta(0) else None


def verify(request, *, code: str) -> str:
    """The second step of a held sign-in. Returns "ok", "wrong" or "locked" (the lock-out
    that guards passwords counts wrong codes too)."""
    user = request.user
    credentials = {"username": user.get_username(), "step": "second factor"}
    if AxesProxyHandler.is_locked(request, credentials):
        return "locked"
    with transaction.atomic():
        device = check_code(user, code)
        if device is not None:
            if isinstance(device, StaticDevice):
                audit.record(
                    Action.RECOVERY_CODE_USED, actor=user, details={"left": device.token_set.count()}
                )
            else:
                audit.record(Action.TWO_FACTOR_PASSED, actor=user)
    if device is None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return "locked" if AxesProxyHandler.is_locked(request, credentials) else "wrong"
    passed(request, device)
    return "ok"


def passed(request, device) -> None:
    request.session.cycle_key()  # a new session id once the second factor is in
    django_otp.login(request, device)
    request.session.pop(SESSION_KEY, None)


class SecondFactorMiddleware:
    """A session that still owes its second factor reaches only the page that takes it
    (or sets it up) and sign-out. Pages redirect there; the API answers 403 saying so. A
    request with an `Authorization` header is an API client's, judged by its token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request)
        if step in STEP_PAGES and request.user.is_authenticated and "HTTP_AUTHORIZATION" not in request.META:
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name != STEP_PAGES[step] and name not in ALWAYS_OPEN:
                return held(request, step)
        return self.get_response(request)


def held(request, step: str):
    page = reverse(STEP_PAGES[step])
    if request.path_info.startswith("/api/"):
        what = "enter the code from your authenticator app" if step == VERIFY else "set up two-factor sign-in"
        return JsonResponse({"detail": f"Finish signing in first: {what} at {page}."}, status=403)
    if request.method == "GET":
        page += "?next=" + quote(request.get_full_path())
    return redirect(page)
