"""What the sign-in tests share: the forms a person signs in on, and a staff member who can
use all three."""

import pytest

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
SIGN_IN_FORMS = ["/login/", "/api/v1/auth/login/", "/admin/login/"]


@pytest.fixture
def partner(case):
    """Staff, so that the admin's form lets them in too."""
    return UserFactory(username="partner", password=PASSWORD, is_staff=True)
