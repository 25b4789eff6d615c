"""`python manage.py load_demo`: the Kadrey v. Meta demo case, a second small case, and
logins that show the ethical wall from both sides. Safe to run again: it finds what is
already there instead of duplicating it."""

from django.core.management.base import BaseCommand

from caselaw.demo import kadrey, tremblay, users
from caselaw.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo cases (Kadrey v. Meta, Tremblay v. OpenAI), their documents and demo logins."

    def handle(self, *args, **options):
        report = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for kind in report.kinds:
            self.stdout.write(
                f"  {kind:<24} {report.created[kind]:>3} created, {report.found[kind]:>3} already there"
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"  {warning}"))
        self.stdout.write(f'\nLogins (password "{users.PASSWORD}"):')
        for username, role in self.login_roles():
            self.stdout.write(f"  {username:<10} {role}")

    def login_roles(self):
        short_names = {case["docket_number"]: case["short_name"] for case in (kadrey.CASE, tremblay.CASE)}
        for username, _, _, is_admin in users.USERS:
            cases = [
                f"{role} on {short_names[docket]}"
                for name, docket, role in users.MEMBERSHIPS
                if name == username
            ]
            if is_admin:
                yield username, "staff and superuser: sees every case"
            else:
                yield username, ", ".join(cases) or "no case"
