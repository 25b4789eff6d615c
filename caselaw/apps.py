from django.apps import AppConfig


class CaselawConfig(AppConfig):
    name = "caselaw"
    verbose_name = "Cases"

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.contrib.auth import signals
        from django.db.models.signals import post_save

        from caselaw import audit

        signals.user_logged_in.connect(audit.on_signed_in, dispatch_uid="audit-signin")
        from caselaw.accounts import two_factor

        signals.user_logged_in.connect(two_factor.on_signed_in, dispatch_uid="second-factor-hold")
        signals.user_logged_out.connect(audit.on_signed_out, dispatch_uid="audit-signout")
        signals.user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid="audit-signin-failed")
        post_save.connect(audit.on_admin_change, sender=LogEntry, dispatch_uid="audit-admin")

        from caselaw import signin  # noqa: F401  connects the sign-in lock-out hook
