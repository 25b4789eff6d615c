"""A session ends after 8 hours without a request, each request starting the 8 hours again;
a password needs 12 characters and must not be common, all digits or like the user's name."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EIGHT_HOURS = timedelta(hours=8)


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_each_request_starts_the_eight_idle_hours_again(client, lawyer):
    client.force_login(lawyer)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    assert client.get("/cases/").status_code == 200

    assert abs(expiry(client) - (timezone.now() + EIGHT_HOURS)) < timedelta(minutes=1)


def test_a_session_idle_for_eight_hours_has_to_sign_in_again(client, lawyer):
    client.force_login(lawyer)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get("/cases/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "password, complaint",
    [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("738152946027", "entirely numeric"),
        ("Margaret.Okafor1", "too similar to the username"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password, complaint):
    user = UserFactory(username="margaret.okafor", first_name="Margaret", last_name="Okafor")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert complaint in " ".join(refused.value.messages)


def test_twelve_characters_of_nothing_in_particular_will_do():
    user = UserFactory(username="margaret.okafor", first_name="Margaret", last_name="Okafor")

    validate_password("wet-ferns-under-glass", user)
