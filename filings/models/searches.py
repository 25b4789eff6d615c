"""Saved searches: a search (its words and filters) kept under a name, private to its
owner or shared with a case's team, and when each user last opened it (issue #17)."""

from django.conf import settings
from django.db import models

from caselaw.models import PolicyQuerySet


class SavedSearch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    query_string = models.CharField(max_length=1000, help_text="The search URL's query string")
    q = models.CharField(max_length=500)
    # Shared with the team of this case (the search's own case filter); private otherwise.
    case = models.ForeignKey(
        "caselaw.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shared=False) | models.Q(case__isnull=False),
                name="a_shared_search_has_a_case",
            )
        ]

    def __str__(self):
        return self.name


class SavedSearchSeen(models.Model):
    """When a user last opened a saved search: its hits since then are new to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="seen")
    seen_at = models.DateTimeField()

    objects = PolicyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "saved_search"], name="one_seen_per_user_and_search")
        ]
