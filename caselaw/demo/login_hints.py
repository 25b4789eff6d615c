"""The demo's logins, shown on the login page of a development start (`make run`) once
the demo is loaded: who each one is and what they may see. Never in production
(CASELAW_DEV off). Passwords are not checked here (hashing five on each view would cost
seconds): a development install that changed them shows a stale hint, nothing more."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError

from caselaw.demo import kadrey
from caselaw.demo.users import PASSWORD
from caselaw.models import Case

# What each demo login shows of the access policy (caselaw/demo/users.py).
WHO = {
    "lawyer": "Lena Ortiz, a lawyer on Kadrey v. Meta: every document, attorneys' eyes only included",
    "paralegal": "Sam Okafor, the paralegal on Kadrey v. Meta: uploads and searches",
    "client": "Dana Whitfield, the plaintiffs' own side: confidential documents, never attorneys' eyes only",
    "outsider": "Noah Brandt, a lawyer on another case only: Kadrey v. Meta does not exist for him",
    "admin": "Ada Admin, staff: every case",
}


def demo_logins() -> dict:
    """{"password": …, "logins": [(username, who), …]} for the demo logins present in a
    development install with the demo case loaded; {} otherwise."""
    if not settings.CASELAW_DEV:
        return {}
    try:
        if not Case.objects.filter(docket_number=kadrey.CASE["docket_number"]).exists():
            return {}
        users = get_user_model().objects.filter(username__in=WHO, is_active=True)
        present = set(users.values_list("username", flat=True))
    except DatabaseError:
        return {}  # a hint is not worth a failed login page
    logins = [(username, who) for username, who in WHO.items() if username in present]
    return {"password": PASSWORD, "logins": logins} if logins else {}
