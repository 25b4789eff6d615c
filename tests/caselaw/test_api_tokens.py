"""Personal API tokens, as a user and a script meet them: made on the account page or by
the API (shown once, stored hashed), used with `Authorization: Token …`, acting as their
user and no more, revoked by their owner or by staff, refused with a reason once expired
or revoked."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from caselaw.accounts.models import ApiToken
from caselaw.accounts.tokens import create_token
from caselaw.audit import Action, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def by_token(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def case_ids(response) -> list[int]:
    return [c["id"] for c in response.json()["results"]]


def test_the_account_page_makes_a_named_token_shown_once_and_kept_only_as_a_hash(lawyer, case):
    browser = signed_in(lawyer)

    made = browser.post("/account/tokens/", {"name": "nightly docket sync", "days": "30"})

    assert made.status_code == 200
    assert made["Cache-Control"].startswith("max-age=0") and "no-store" in made["Cache-Control"]
    secret = made.context["new_secret"]
    assert secret.startswith("caselaw_") and len(secret) == len("caselaw_") + 64
    assert secret in made.content.decode()
    token = ApiToken.objects.get(user=lawyer)
    assert token.name == "nightly docket sync"
    assert token.digest == hashlib.sha512(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert abs(token.expiry - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    again = browser.get("/account/").content.decode()
    assert "nightly docket sync" in again and token.token_key in again and secret not in again
    assert case_ids(by_token(secret).get("/api/v1/cases/")) == [case.pk]


def test_a_token_without_a_name_is_refused_with_a_message(lawyer):
    response = signed_in(lawyer).post("/account/tokens/", {"name": "   ", "days": "30"})

    assert response.status_code == 400
    assert "Give the token a name." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_acts_with_its_users_memberships_and_nothing_more(lawyer, outsider, case):
    _, secret = create_token(user=outsider, name="script", days=7)
    client = by_token(secret)

    assert case.pk not in case_ids(client.get("/api/v1/cases/"))
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.patch(f"/api/v1/cases/{case.pk}/", {"caption": "x"}, format="json").status_code == 404


def test_each_use_is_noted_as_the_tokens_last_use(lawyer):
    token, secret = create_token(user=lawyer, name="script", days=7)
    assert token.last_used_at is None

    by_token(secret).get("/api/v1/cases/", REMOTE_ADDR="203.0.113.9")

    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < datetime.timedelta(minutes=1)
    assert token.last_used_ip == "203.0.113.9"


def test_an_expired_token_gets_401_saying_when_it_expired(lawyer):
    token, secret = create_token(user=lawyer, name="script", days=7)
    ApiToken.objects.filter(pk=token.pk).update(
        expiry=datetime.datetime(2026, 1, 31, 17, 0, tzinfo=datetime.UTC)
    )

    response = by_token(secret).get("/api/v1/cases/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"].startswith("This API token expired on 2026-01-31 17:00 UTC.")


def test_a_revoked_token_gets_401_saying_when_it_was_revoked(lawyer):
    token, secret = create_token(user=lawyer, name="script", days=0)
    assert token.expiry is None  # "never"
    browser = signed_in(lawyer)

    revoked = browser.post(f"/account/tokens/{token.pk}/revoke/")

    assert revoked.status_code == 302
    response = by_token(secret).get("/api/v1/cases/")
    assert response.status_code == 401
    assert "This API token was revoked on" in response.json()["detail"]
    assert "revoked" in browser.get("/account/").content.decode()


@pytest.mark.parametrize(
    "header",
    ["Token caselaw_0000000000000000", "Token ", "Token a b", "Token caselaw_\xff\xfe"],
)
def test_a_wrong_or_mangled_token_gets_401_not_an_error(header, lawyer):
    create_token(user=lawyer, name="script", days=7)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/cases/")

    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_token_of_a_disabled_user_stops_working(lawyer):
    _, secret = create_token(user=lawyer, name="script", days=7)
    lawyer.is_active = False
    lawyer.save()

    assert by_token(secret).get("/api/v1/cases/").status_code == 401


def test_the_api_makes_lists_and_revokes_a_users_own_tokens(lawyer):
    browser = APIClient()
    browser.force_login(lawyer)

    made = browser.post("/api/v1/tokens/", {"name": "backup job", "expires_in_days": 90}, format="json")

    assert made.status_code == 201
    secret = made.json()["token"]
    assert made.json()["status"] == "active" and made.json()["name"] == "backup job"
    listed = browser.get("/api/v1/tokens/").json()["results"]
    assert [t["name"] for t in listed] == ["backup job"] and "token" not in listed[0]
    assert by_token(secret).get("/api/v1/tokens/").status_code == 200

    assert browser.delete(f"/api/v1/tokens/{made.json()['id']}/").status_code == 204

    assert browser.get(f"/api/v1/tokens/{made.json()['id']}/").json()["status"] == "revoked"
    assert by_token(secret).get("/api/v1/tokens/").status_code == 401


def test_a_token_cannot_make_another_token(lawyer):
    _, secret = create_token(user=lawyer, name="short-lived", days=7)

    response = by_token(secret).post(
        "/api/v1/tokens/", {"name": "forever", "expires_in_days": 0}, format="json"
    )

    assert response.status_code == 403
    assert "cannot make tokens" in response.json()["detail"]
    assert ApiToken.objects.count() == 1


def test_nobody_sees_or_revokes_anothers_token_but_staff_revoke_anyones(lawyer, outsider):
    token, secret = create_token(user=lawyer, name="lawyer's script", days=7)
    _, outsider_secret = create_token(user=outsider, name="outsider's script", days=7)
    other = by_token(outsider_secret)

    assert [t["name"] for t in other.get("/api/v1/tokens/").json()["results"]] == ["outsider's script"]
    assert other.get(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert other.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert signed_in(outsider).post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert by_token(secret).get("/api/v1/cases/").status_code == 200

    staff = UserFactory(username="it-admin", is_staff=True)
    staff_client = APIClient()
    staff_client.force_login(staff)
    assert len(staff_client.get("/api/v1/tokens/").json()["results"]) == 2
    assert staff_client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204

    assert by_token(secret).get("/api/v1/cases/").status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == staff
    assert "by it-admin" in signed_in(lawyer).get("/account/").content.decode()


def test_staff_revoke_tokens_in_the_admin(lawyer):
    token, secret = create_token(user=lawyer, name="script", days=7)
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)

    response = signed_in(staff).post(
        "/admin/caselaw/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )

    assert "Revoked 1 token." in response.content.decode()
    assert by_token(secret).get("/api/v1/cases/").status_code == 401


def test_making_and_revoking_tokens_is_on_the_audit_trail(lawyer):
    token, _ = create_token(user=lawyer, name="script", days=7)
    signed_in(lawyer).post(f"/account/tokens/{token.pk}/revoke/")

    events = AuditEvent.objects.filter(object_type="apitoken", object_id=token.pk).order_by("at", "id")
    assert [e.action for e in events] == [Action.TOKEN_CREATED, Action.TOKEN_REVOKED]
    assert all(e.actor == lawyer for e in events)
    assert events[0].details["name"] == "script"


def test_the_openapi_schema_names_the_token_scheme(lawyer):
    schema = signed_in(lawyer).get("/api/schema/?format=json").json()

    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert scheme == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": scheme["description"],
    }
    assert "Token caselaw_" in scheme["description"]
    assert {"apiToken": []} in schema["paths"]["/api/v1/cases/"]["get"]["security"]
    assert "/api/v1/tokens/" in schema["paths"]
