"""Bulk-load PDFs from disk onto a docket entry, through the same checks as any upload."""

import time
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from caselaw.models import Case, normalize_docket_number
from filings.models import Document, Filing
from filings.services import DuplicateDocument, document_upload
from filings.uploads import UploadRejected


class Command(BaseCommand):
    help = "Upload PDFs (files or folders) to a filing: ingest PATH... --case ID|DOCKET --filing ENTRY"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="PDF files or folders of PDFs")
        parser.add_argument("--case", required=True, help="Case id or docket number")
        parser.add_argument("--filing", required=True, type=int, help="Docket entry number")
        parser.add_argument("--wait", action="store_true", help="Follow processing until done")

    def handle(self, *args, paths, case, filing, wait, **options):
        target = self.find_filing(case, filing)
        files = self.collect(paths)
        if not files:
            raise CommandError("No PDF files found in the given paths.")
        created, duplicates, failed = [], 0, 0
        for path in tqdm(files, desc="Uploading", unit="file"):
            try:
                with path.open("rb") as handle:
                    document = document_upload(filing=target, file=File(handle, name=path.name))
            except DuplicateDocument:
                duplicates += 1
                continue
            except UploadRejected as rejected:
                tqdm.write(f"{path}: {rejected.message}")
                failed += 1
                continue
            if document.status == Document.Status.FAILED:
                tqdm.write(f"{path}: {document.error}")
                failed += 1
            else:
                created.append(document.pk)
        self.stdout.write(
            f"{len(created)} queued, {duplicates} duplicate(s) skipped, {failed} rejected "
            f"— ECF {target.entry_number} of {target.case}."
        )
        if wait and created:
            self.follow(created)

    def find_filing(self, case_ref: str, entry_number: int) -> Filing:
        cases = Case.objects.all()
        case = (
            cases.filter(pk=int(case_ref)).first()
            if case_ref.isdigit()
            else cases.filter(docket_number_normalized=normalize_docket_number(case_ref)).first()
        )
        if case is None:
            raise CommandError(f"No case {case_ref!r}.")
        filing = case.filings.filter(entry_number=entry_number).first()
        if filing is None:
            raise CommandError(f"{case} has no docket entry {entry_number}.")
        return filing

    @staticmethod
    def collect(paths: list[str]) -> list[Path]:
        found = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
            elif path.is_file():
                found.append(path)
            else:
                raise CommandError(f"{path} does not exist.")
        return found

    def follow(self, document_ids: list[int]) -> None:
        """A progress bar over pages, fed by the workers' saved progress."""
        documents = Document.objects.filter(pk__in=document_ids)
        with tqdm(desc="Processing", unit="page") as bar:
            while True:
                rows = list(documents.values("status", "pages_done", "page_count"))
                bar.total = sum(r["page_count"] or 0 for r in rows) or None
                bar.n = sum(r["pages_done"] for r in rows)
                bar.refresh()
                if all(r["status"] in (Document.Status.INDEXED, Document.Status.FAILED) for r in rows):
                    break
                time.sleep(0.5)
        failed = documents.filter(status=Document.Status.FAILED)
        for document in failed:
            self.stdout.write(f"{document.original_filename}: failed — {document.error}")
        self.stdout.write(f"{len(rows) - len(failed)} indexed, {len(failed)} failed.")
