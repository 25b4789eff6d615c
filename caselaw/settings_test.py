"""Settings for the test suite (pytest's DJANGO_SETTINGS_MODULE): caselaw.settings in
development mode, whatever DATABASE_URL says, so CI and `make test` against a real
PostgreSQL run on the built-in key, on localhost, over plain http. The processes the tests
start (Celery workers, manage.py) inherit CASELAW_DEV through the environment."""

import os

os.environ["CASELAW_DEV"] = "1"

from caselaw.settings import *  # noqa: E402, F403

# The API throttles count nothing here (a dummy cache): the security matrix alone sends
# thousands of requests a minute as one user. tests/caselaw/test_api_throttles.py counts
# with a real cache and tiny rates.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
