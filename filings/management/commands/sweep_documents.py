from django.core.management.base import BaseCommand

from filings.sweep import stuck_documents, sweep_stuck_documents


class Command(BaseCommand):
    help = (
        "Re-enqueue documents stuck in queued or processing, and searchable documents whose OCR "
        "follow-up stopped (also runs every minute in beat)."
    )

    def handle(self, *args, **options):
        stuck = stuck_documents().count()
        sent = sweep_stuck_documents()
        self.stdout.write(f"{stuck} stuck document(s); {sent} sent to the workers.")
