"""What the search index has yet to take in (filings/search/page_index.py)."""

from django.db import models


class SearchIndexChange(models.Model):
    """A page whose text, case, designation, seal or filing kind changed, or that was
    deleted, since the search index last took it in. Written by triggers (migration 0017),
    in the same transaction as the change; `version` grows with every change."""

    page_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"page {self.page_id} at version {self.version}"
