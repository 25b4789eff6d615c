from django.core.management.base import BaseCommand
from django.db import connection

from filings.search.indexing import reindex_pages
from filings.search.stop_phrases import fill_phrase_keys


class Command(BaseCommand):
    help = (
        "Rebuild the search vectors of pages stored before e-mail addresses, URLs, host "
        "names and paths were indexed by their parts (only pages holding one change), and "
        "give pages stored without them their phrase keys. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size, **options):
        def progress(read, rebuilt):
            if options["verbosity"] > 1:
                self.stdout.write(f"{read} pages read, {rebuilt} rebuilt")

        read, rebuilt = reindex_pages(batch_size=batch_size, progress=progress)
        self.stdout.write(f"{read} page(s) read; {rebuilt} search vector(s) rebuilt.")
        filled = fill_phrase_keys(connection, batch_size=batch_size)
        self.stdout.write(f"{filled} page(s) given phrase keys.")
