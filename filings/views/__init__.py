"""The document domain's HTML views (and the small API views that sit beside them), by
what they show: documents (the viewer, files, uploads), search, saved searches and
their alerts, notifications, the review queue, the evidence of an allegation."""
