"""Bulk-load PDFs from disk onto a docket entry, or onto the entries their names or
e-filing stamps name (without --filing), through the same checks as any upload."""

import time
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from caselaw.models import Case, normalize_docket_number
from filings.models import Document, Filing
from filings.services import DuplicateDocument, document_upload
from filings.services.case_uploads import ATTACHED, case_upload
from filings.uploads import UploadRejected


class Command(BaseCommand):
    help = (
        "Upload PDFs (files or folders) to a filing: ingest PATH... --case ID|DOCKET --filing ENTRY; "
        "without --filing, each PDF is filed on the entry its file name or e-filing stamp names"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="PDF files or folders of PDFs")
        parser.add_argument("--case", required=True, help="Case id or docket number")
        parser.add_argument(
            "--filing",
            type=int,
            help="Docket entry number; leave it out to file each PDF by its name or e-filing stamp",
        )
        parser.add_argument("--wait", action="store_true", help="Follow processing until done")

    def handle(self, *args, paths, case, filing, wait, **options):
        files = self.collect(paths)
        if not files:
            raise CommandError("No PDF files found in the given paths.")
        if filing is None:
            self.file_by_entries(self.find_case(case), files, wait)
            return
        target = self.find_filing(case, filing)
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

    def file_by_entries(self, case: Case, files: list[Path], wait: bool) -> None:
        """Each file on the entry its name or first page's stamp names; one line per file."""
        counts, created = {}, []
        for path in tqdm(files, desc="Filing", unit="file"):
            with path.open("rb") as handle:
                (result,) = case_upload(case=case, files=[File(handle, name=path.name)], user=None).files
            counts[result.result] = counts.get(result.result, 0) + 1
            tqdm.write(f"{path}: {result.result} — {result.detail}")
            if result.result == ATTACHED and result.document.status != Document.Status.FAILED:
                created.append(result.document.pk)
        summary = ", ".join(f"{n} {result}" for result, n in sorted(counts.items()))
        self.stdout.write(f"{summary} — {case}.")
        if wait and created:
            self.follow(created)

    def find_case(self, case_ref: str) -> Case:
        cases = Case.objects.select_related("court")
        case = (
            cases.filter(pk=int(case_ref)).first()
            if case_ref.isdigit()
            else cases.filter(docket_number_normalized=normalize_docket_number(case_ref)).first()
        )
        if case is None:
            raise CommandError(f"No case {case_ref!r}.")
        return case

    def find_filing(self, case_ref: str, entry_number: int) -> Filing:
        case = self.find_case(case_ref)
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
