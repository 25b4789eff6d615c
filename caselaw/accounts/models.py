"""Personal API tokens (on django-rest-knox's hashed token) and the firm's two-factor rule."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from knox.models import AbstractAuthToken, AuthTokenManager

from caselaw.models import PolicyQuerySet


class ApiTokenQuerySet(PolicyQuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expiry__isnull=True) | models.Q(expiry__gt=now)
        )


class ApiToken(AbstractAuthToken):
    """A named token a user made for a script. Only the SHA-512 digest of the secret is
    kept (knox); `token_key`, its first characters, finds the row and names it on screen.
    Revoked and expired tokens stay, so the account page and the audit trail can say what
    became of them, and a request bearing one is told why it is refused."""

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=128, unique=True, editable=False)
    name = models.CharField(max_length=100)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AuthTokenManager.from_queryset(ApiTokenQuerySet)()  # knox's create() makes the secret

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.token_key}…)"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expiry and self.expiry <= timezone.now():
            return "expired"
        return "active"


class TwoFactorRule(models.TextChoices):
    OPTIONAL = "optional", "Optional: anyone may turn it on"
    STAFF = "staff", "Required for staff"
    EVERYONE = "everyone", "Required for everyone"


class TwoFactorPolicy(models.Model):
    """The firm's rule, one row, set by staff in the admin. A user it covers who has no
    authenticator yet is sent to set one up at their next sign-in, before anything else."""

    required_for = models.CharField(
        max_length=10, choices=TwoFactorRule.choices, default=TwoFactorRule.OPTIONAL
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "two-factor policy"

    def __str__(self):
        return self.get_required_for_display()

    @classmethod
    def current(cls) -> "TwoFactorPolicy":
        return cls.objects.first() or cls()

    def covers(self, user) -> bool:
        if self.required_for == TwoFactorRule.EVERYONE:
            return True
        return self.required_for == TwoFactorRule.STAFF and (user.is_staff or user.is_superuser)
