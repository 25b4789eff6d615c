"""Signing in: the lock-out after repeated failures (django-axes, configured in settings).

A username that fails CASELAW_LOGIN_FAILURE_LIMIT times from one address is refused from
that address for CASELAW_LOGIN_COOLOFF_MINUTES after its last attempt, on every sign-in
form (/login/, /admin/login/, /api/v1/auth/login/). This module gives axes the address to
count by, the page a refused sign-in gets, and the hook that hears of each lock-out.
"""

import logging
import math

from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from caselaw import audit
from caselaw.audit import Action

log = logging.getLogger(__name__)


def client_address(request) -> str:
    """The address a sign-in comes from: the connecting peer, or, behind our TLS proxy
    (CASELAW_BEHIND_TLS_PROXY), the address the proxy appended to X-Forwarded-For. Only its
    right-most entry: anything left of it was sent by the client and may be forged."""
    if settings.CASELAW_BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a refused sign-in: 429 with Retry-After and a page saying when to try
    again. Every attempt during a lock-out starts the wait again, so it ends a cool-off
    after this one."""
    cool_off = get_cool_off(request)
    context = {
        "retry_at": timezone.now() + cool_off,
        "minutes": math.ceil(cool_off.total_seconds() / 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response


@receiver(user_locked_out, dispatch_uid="caselaw-signin-locked-out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    """Each refused sign-in of a locked-out username and address: the moment it locks and
    every attempt while it stays locked. The audit trail records it here."""
    log.warning("Sign-in locked out: username %r from %s", username, ip_address)
    audit.record(Action.LOCKED_OUT, details={"username": str(username or "")[:150], "ip": ip_address})
