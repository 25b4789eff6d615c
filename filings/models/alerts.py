"""Alerts on saved searches (issue #17): who is told of new hits and how often, the
documents found for each alert, and what was sent (the in-app notification and its
e-mail), recorded in the transaction that decides it, so a retry sends nothing twice."""

from django.conf import settings
from django.db import models

from caselaw.models import PolicyQuerySet


class Alert(models.Model):
    """A user's alert on a saved search: their own, or one shared with a case of theirs."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As soon as a filing matches"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    saved_search = models.ForeignKey("filings.SavedSearch", on_delete=models.CASCADE, related_name="alerts")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "saved_search"], name="one_alert_per_user_and_search")
        ]

    def __str__(self):
        return f"{self.saved_search} ({self.get_frequency_display()})"


class AlertHit(models.Model):
    """A document found for an alert when it was indexed; sent in `notification`, or
    dropped when, at sending, the user may no longer see it (or it no longer matches)."""

    # Sent hits outlive their alert (turned off): the notifications keep what they listed.
    alert = models.ForeignKey(Alert, null=True, on_delete=models.SET_NULL, related_name="hits")
    document = models.ForeignKey("filings.Document", on_delete=models.CASCADE, related_name="+")
    found_at = models.DateTimeField(auto_now_add=True)
    notification = models.ForeignKey(
        "filings.Notification", null=True, blank=True, on_delete=models.CASCADE, related_name="hits"
    )
    dropped = models.BooleanField(default=False)
    # At sending: how many pages matched, the first one and its snippet (HTML, marked).
    pages = models.PositiveIntegerField(default=0)
    first_page = models.PositiveIntegerField(default=0)
    snippet_html = models.TextField(blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "document"], name="one_hit_per_alert_and_document")
        ]
        indexes = [
            models.Index(
                fields=["alert"],
                condition=models.Q(notification__isnull=True, dropped=False),
                name="alert_hits_pending",
            )
        ]


class Notification(models.Model):
    """What one alert sent one user for one period: shown in the notifications menu and
    e-mailed once. (alert, period) is unique: a retried or repeated send finds it done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, null=True, on_delete=models.SET_NULL, related_name="notifications")
    period = models.CharField(max_length=40, help_text="immediate-<first hit>, day-<date> or week-<ISO week>")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_to = models.EmailField(blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "period"], name="one_notification_per_alert_and_period")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="notifications_by_user")]

    def __str__(self):
        return self.title

    @property
    def message_id(self) -> str:
        """The same Message-ID for every attempt at this e-mail: a mail server can drop a copy."""
        return f"<caselaw-notification-{self.pk}@{settings.CASELAW_MAIL_DOMAIN}>"


class AlertScan(models.Model):
    """A document matched against the alerts at a status (searchable: its text layer;
    indexed: every page): the beat sweep matches documents with no scan yet."""

    document = models.ForeignKey("filings.Document", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    scanned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "status"], name="one_scan_per_document_and_status")
        ]
