"""The audit trail: who did what to which object of which case, when, from where.

`record()` is called by the services, inside the transaction of the change it records, so
a change and its audit row are committed (or rolled back) together. Rows are append-only,
enforced by a PostgreSQL trigger: nobody, not even the application, updates or deletes one.
Where a request is being answered, `AuditContextMiddleware` supplies the IP address and
user agent, so services need no request argument.
"""

import contextvars
import datetime

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

from caselaw.models import PolicyQuerySet

_request = contextvars.ContextVar("audit_request", default=None)


class Action(models.TextChoices):
    SIGN_IN = "signin", "Signed in"
    SIGN_OUT = "signout", "Signed out"
    SIGN_IN_FAILED = "signin.failed", "Failed sign-in"
    LOCKED_OUT = "signin.locked", "Locked out"
    DOCUMENT_VIEWED = "document.viewed", "Document viewed"
    FILE_READ = "document.file", "File downloaded or read"
    SEARCH = "search", "Search run"
    UPLOAD = "document.upload", "Document uploaded"
    DELETE = "delete", "Deleted"
    DESIGNATION = "designation", "Designation changed"
    MEMBERSHIP = "membership", "Membership changed"
    ANNOTATION_CREATED = "annotation.created", "Note created"
    ANNOTATION_EDITED = "annotation.edited", "Note edited"
    ANNOTATION_DELETED = "annotation.deleted", "Note deleted"
    CLAIM_LINK = "claimlink.review", "Evidence link reviewed"
    EXPORT = "export", "Export"
    ADMIN = "admin", "Admin change"
    TOKEN_CREATED = "token.created", "API token created"
    TOKEN_REVOKED = "token.revoked", "API token revoked"
    TWO_FACTOR_ON = "2fa.on", "Two-factor sign-in turned on"
    TWO_FACTOR_OFF = "2fa.off", "Two-factor sign-in turned off"
    TWO_FACTOR_PASSED = "2fa.passed", "Second factor given"
    RECOVERY_CODE_USED = "2fa.recovery", "Recovery code used"
    RECOVERY_CODES_NEW = "2fa.codes", "New recovery codes"
    TWO_FACTOR_POLICY = "2fa.policy", "Two-factor rule changed"
    DOCKET_IMPORT = "docket.import", "Docket imported"


class AuditEvent(models.Model):
    """One thing that happened. Case and actor are kept as plain ids (no foreign-key
    constraint): deleting a case or a user must not touch its trail."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="The username, kept if the user goes")
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    case = models.ForeignKey(
        "caselaw.Case",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "-at"], name="audit_case_at"),
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '—'} {self.get_action_display()}"


def record(
    action: str,
    *,
    actor=None,
    case_id: int | None = None,
    obj=None,
    details: dict | None = None,
) -> AuditEvent:
    """Write one audit row (one INSERT). Call it inside the transaction of the change."""
    request = _request.get()
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        action=action,
        case_id=case_id,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        ip=request["ip"] if request else None,
        user_agent=request["user_agent"] if request else "",
        details=details or {},
    )


FILE_READ_WINDOW = datetime.timedelta(hours=1)


def record_file_read(*, actor, document) -> None:
    """A file read is recorded once per user, document and hour: pdf.js fetches a file in
    many range requests, and one row per request would tell nothing more."""
    since = timezone.now() - FILE_READ_WINDOW
    already = AuditEvent.objects.filter(
        action=Action.FILE_READ, object_type="document", object_id=document.pk, actor=actor, at__gte=since
    ).exists()
    if not already:
        record(Action.FILE_READ, actor=actor, case_id=document.filing.case_id, obj=document)


class AuditContextMiddleware:
    """Makes the request's IP address (as sign-in lock-outs count it, see caselaw.signin)
    and user agent available to `record()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from caselaw.signin import client_address

        token = _request.set(
            {
                "ip": client_address(request) or None,
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            }
        )
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


# Sign-ins and admin changes arrive as Django signals (connected in caselaw/apps.py).


def on_signed_in(sender, request, user, **kwargs):
    record(Action.SIGN_IN, actor=user)


def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.SIGN_OUT, actor=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    # The username tried, never the password.
    details = {"username": str(credentials.get("username", ""))[:150]}
    if credentials.get("step"):  # a wrong second factor (caselaw/accounts/two_factor.py)
        details["step"] = str(credentials["step"])[:30]
    record(Action.SIGN_IN_FAILED, details=details)


def on_admin_change(sender, instance, created, **kwargs):
    """Every change made in the Django admin (its LogEntry) is on the trail too."""
    if not created:
        return
    record(
        Action.ADMIN,
        actor=instance.user,
        details={
            "what": instance.get_action_flag_display()
            if hasattr(instance, "get_action_flag_display")
            else "",
            "model": instance.content_type.model if instance.content_type_id else "",
            "object_id": instance.object_id,
            "object": instance.object_repr[:200],
            "change": instance.get_change_message()[:500],
        },
    )
