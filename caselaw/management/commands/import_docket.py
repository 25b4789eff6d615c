"""`python manage.py import_docket FILE... [--case ID] [--yes] [--user USERNAME]`: import
PACER docket reports (HTML saved from PACER's Docket Report page), each previewed first.

With --user, the import is that user's: the access policy applies and the audit trail names
them. Without it, the command acts for whoever runs the server (no access check), and the
audit row has no user.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from caselaw.importers import services
from caselaw.importers.apply import apply_import
from caselaw.importers.merge import plain
from caselaw.importers.pacer import DocketImportError, parse_docket
from caselaw.importers.plan import plan_import
from caselaw.models import Case, normalize_docket_number

SHOWN = 20  # rows of each list printed with the preview


class Command(BaseCommand):
    help = "Import PACER docket reports (HTML): import_docket FILE... [--case ID] [--yes] [--user USERNAME]"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Docket reports saved from PACER (.html)")
        parser.add_argument("--case", help="Update this case (id or docket number) instead of matching")
        parser.add_argument("--yes", action="store_true", help="Apply without asking")
        parser.add_argument("--user", help="Import as this user (access checked, named in the audit trail)")
        parser.add_argument("--court", default="", help="The court's PACER id, if the file does not say")

    def handle(self, *args, files, case, yes, user, court, **options):
        actor = self.find_user(user) if user else None
        target = self.find_case(case) if case else None
        failures = []
        for name in files:
            try:
                self.import_file(Path(name), case=target, actor=actor, yes=yes, court=court)
            except DocketImportError as error:
                self.stderr.write(self.style.ERROR(f"{name}: {error.message}"))
                failures.append(name)
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} file(s) not imported.")

    def import_file(self, path: Path, *, case, actor, yes: bool, court: str) -> None:
        try:
            html = path.read_bytes()
        except OSError as error:
            raise DocketImportError(f"This file cannot be read: {error.strerror}.") from None
        if actor is not None:
            held = services.docket_import_preview(
                user=actor, html=html, filename=path.name, case=case, court_hint=court
            )
            self.show(path, held.summary)
            if self.confirmed(yes):
                result = services.docket_import_apply(docket_import=held, user=actor)
                self.done(result)
            return
        plan = plan_import(parse_docket(html, court_hint=court), case=case)
        self.show(path, plan.as_dict(limit=SHOWN))
        if self.confirmed(yes):
            self.done(apply_import(plan, user=None))

    def show(self, path: Path, summary: dict) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"{path.name}: {summary['summary']}"))
        docket = summary["docket"]
        self.stdout.write(
            f"  {docket['docket_number']} ({docket['court_name']}), {docket['entries']} entries, "
            f"{docket['parties']} parties"
        )
        for conflict in summary["conflicts"][:SHOWN]:
            self.stdout.write(
                self.style.WARNING(
                    f"  conflict, {conflict['label']} {conflict['field']}: yours "
                    f"“{plain(conflict['yours'])}” kept; the docket says “{plain(conflict['docket'])}”"
                )
            )
        for row in summary["unreadable_rows"][:SHOWN]:
            where = f"row {row['position']}" if row["position"] else "counsel"
            self.stdout.write(
                self.style.WARNING(f"  not imported, {where}: {row['reason']} — {row['text'][:80]}")
            )

    def confirmed(self, yes: bool) -> bool:
        if yes:
            return True
        try:
            answer = input("Apply this import? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            self.stdout.write("Not imported.")
            return False
        return True

    def done(self, result) -> None:
        verb = "Created" if result.created_case else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} case {result.case.pk}: {result.case} — {result.summary}")
        )

    def find_user(self, username: str):
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"No user named “{username}”.")
        return found

    def find_case(self, ref: str) -> Case:
        cases = Case.objects.select_related("court")
        found = (
            cases.filter(pk=int(ref)).first()
            if ref.isdigit()
            else cases.filter(docket_number_normalized=normalize_docket_number(ref)).first()
        )
        if found is None:
            raise CommandError(f"No case “{ref}”.")
        return found
