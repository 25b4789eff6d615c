"""Personal API tokens: made, revoked and checked here.

A token is `caselaw_` and 64 hex digits (256 random bits), sent as `Authorization: Token
…`. django-rest-knox makes it and keeps only its SHA-512 digest; we add a name, the last
use, and revocation that keeps the row, so a refused request is told why (expired on …,
revoked on …) rather than only "invalid". A token acts as its user: the same memberships
and clearances, nothing more.
"""

import datetime
from hmac import compare_digest

from django.db import transaction
from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions

from caselaw import audit
from caselaw.accounts.models import ApiToken
from caselaw.audit import Action

# What a user may choose on the account page and in the API ("expires_in_days").
LIFETIMES = {7: "7 days", 30: "30 days", 90: "90 days", 365: "1 year", 0: "Never"}
DEFAULT_LIFETIME = 90
# The last use is written at most this often per token: one UPDATE a minute, not one a request.
LAST_USE_EVERY = datetime.timedelta(seconds=60)


def when(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def create_token(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the secret, which is never seen again."""
    lifetime = datetime.timedelta(days=days) if days else None
    with transaction.atomic():
        token, secret = ApiToken.objects.create(user=user, expiry=lifetime, name=name)  # prefix: REST_KNOX
        audit.record(
            Action.TOKEN_CREATED,
            actor=user,
            obj=token,
            details={"name": name, "expires": token.expiry.isoformat() if token.expiry else None},
        )
    return token, secret


def revoke_token(*, token: ApiToken, by) -> bool:
    """Revoke a token (its owner, or staff). False if it was already revoked."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        if revoked:
            audit.record(
                Action.TOKEN_REVOKED,
                actor=by,
                obj=token,
                details={"name": token.name, "owner": token.user.get_username()},
            )
    token.refresh_from_db()
    return bool(revoked)


class ApiTokenAuthentication(TokenAuthentication):
    """knox's header parsing and hashing; our rows, reasons and last use."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            note_use(result[1], request)
        return result

    def authenticate_credentials(self, token: bytes):
        secret = token.decode("utf-8", errors="replace")
        digest = hash_token(secret)
        candidates = ApiToken.objects.filter(token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH]).select_related(
            "user"
        )
        found = next((t for t in candidates if compare_digest(digest, t.digest)), None)
        if found is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if found.revoked_at:
            raise exceptions.AuthenticationFailed(
                f"This API token was revoked on {when(found.revoked_at)}. "
                "Make a new one on your account page."
            )
        if found.expiry and found.expiry <= timezone.now():
            raise exceptions.AuthenticationFailed(
                f"This API token expired on {when(found.expiry)}. Make a new one on your account page."
            )
        if not found.user.is_active:
            raise exceptions.AuthenticationFailed("The account this API token belongs to is disabled.")
        return found.user, found


def note_use(token: ApiToken, request) -> None:
    from caselaw.signin import client_address

    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USE_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=now, last_used_ip=client_address(request) or None
    )
