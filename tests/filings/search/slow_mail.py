"""The file e-mail backend behind a slow mail server: it waits CASELAW_TEST_MAIL_DELAY
seconds before a message is accepted (written), so a test can kill the worker mid-send."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("CASELAW_TEST_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)
