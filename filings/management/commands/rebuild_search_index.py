from django.core.management.base import BaseCommand

from filings.search import page_index


class Command(BaseCommand):
    help = (
        "Build the search index anew from the pages in PostgreSQL and swap it in (after a lost "
        "or damaged index directory). Searching and indexing go on meanwhile."
    )

    def handle(self, *args, **options):
        def progress(count: int) -> None:
            self.stdout.write(f"  {count:,} pages …")

        count = page_index.rebuild(progress=progress)
        self.stdout.write(f"Indexed {count:,} pages into {page_index.index_dir()}.")
