"""An uploaded docket held between its preview and the user's confirmation."""

from django.conf import settings
from django.db import models


class DocketImport(models.Model):
    """A PACER docket report a user uploaded: previewed (its plan in `summary`), then
    applied or failed. The HTML is kept so confirming re-reads exactly what was previewed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The case being updated; empty when the docket is for a case not held here yet.
    case = models.ForeignKey(
        "caselaw.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    html = models.TextField()
    filename = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True, help_text="The plan as previewed")
    error = models.TextField(blank=True, help_text="Why applying failed, in plain words")
    applied_at = models.DateTimeField(null=True, blank=True)
    result_case = models.ForeignKey(
        "caselaw.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "caselaw"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename or 'docket'} ({self.get_status_display()})"
