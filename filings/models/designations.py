"""The record of protective-order designation changes: who changed what, when, and why."""

from django.conf import settings
from django.db import models

from caselaw.models import Designation, PolicyQuerySet


class DesignationChange(models.Model):
    """One change of a filing's or a document's designation (or a filing's seal)."""

    filing = models.ForeignKey("filings.Filing", on_delete=models.CASCADE, related_name="designation_changes")
    document = models.ForeignKey(
        "filings.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="designation_changes",
    )
    old_designation = models.PositiveSmallIntegerField(choices=Designation.choices)
    new_designation = models.PositiveSmallIntegerField(choices=Designation.choices)
    old_sealed = models.BooleanField(null=True, blank=True)
    new_sealed = models.BooleanField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        target = self.document or self.filing
        return f"{target}: {self.get_old_designation_display()} → {self.get_new_designation_display()}"
