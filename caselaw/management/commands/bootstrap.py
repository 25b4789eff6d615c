"""Prepare a local instance: migrate, collect static files, load the demo, say where to go."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, collect static files and load the Kadrey v. Meta demo (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="Skip loading the demo case")

    def handle(self, *args, port, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo:
            call_command("load_demo")
        url = f"http://127.0.0.1:{port}/"
        banner = [
            "",
            "=" * 64,
            f"  caselaw is starting at {url}",
            "  Log in as  paralegal / caselaw-demo   (or lawyer, client, outsider, admin)",
            "  API docs:  " + url + "api/docs/",
            *mail_line(),
            "  Stop with Ctrl-C; `make run` again reuses the data in var/.",
            "=" * 64,
            "",
        ]
        self.stdout.write("\n".join(banner))


def mail_line() -> list[str]:
    """Where alert e-mails go: files under var/mail/ unless an SMTP server is configured."""
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return [f"  E-mails (alerts) are written to {settings.EMAIL_FILE_PATH}/, not sent."]
    return []
