"""manage.py import_docket: preview, then apply with --yes or a "y"; bad files exit non-zero."""

import io

import pytest
from django.core.management import CommandError, call_command

from caselaw.audit import AuditEvent
from caselaw.models import Case
from tests.caselaw.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def run(*args, answer=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if answer is not None:
        monkeypatch.setattr("builtins.input", lambda prompt: answer)
    call_command("import_docket", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_previews_and_imports_with_yes():
    out, _ = run(str(FIXTURES / "txed.html"), "--yes")

    assert "txed.html: New case CREATIVE INTERNET ADVERTISING CORPORATION v. Yahoo! Inc" in out
    assert "25 new entries" in out
    assert "Created case" in out
    assert Case.objects.get().filings.count() == 25


def test_it_asks_and_writes_nothing_without_a_yes(monkeypatch):
    out, _ = run(str(FIXTURES / "txed.html"), answer="n", monkeypatch=monkeypatch)

    assert "Not imported." in out
    assert Case.objects.count() == 0


def test_as_a_user_the_access_policy_applies_and_the_audit_trail_names_them(opener, monkeypatch):
    run(str(FIXTURES / "cand_2.html"), "--user", "opener", answer="y", monkeypatch=monkeypatch)

    assert AuditEvent.objects.get(action="docket.import").actor == opener


def test_a_bad_file_exits_non_zero_with_the_reason_and_the_others_import(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_docket", str(empty), str(FIXTURES / "mad_193254.html"), "--yes", stderr=err)

    assert "empty.html: This file is empty." in err.getvalue()
    assert Case.objects.count() == 1


def test_a_case_given_must_be_the_dockets():
    run(str(FIXTURES / "txed.html"), "--yes")
    case = Case.objects.get()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_docket", str(FIXTURES / "mad_193254.html"), "--case", str(case.pk), "--yes", stderr=err
        )

    assert "This docket is for case 3:17-cv-12090-MGM" in err.getvalue()
