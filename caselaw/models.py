"""The case domain: courts, cases, parties, counsel, allegations and who may see them."""

import re

import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse

from caselaw.citations import parse_statutes


def normalize_docket_number(number: str) -> str:
    """`3:23-cv-03417-VC` and `3:23-CV-3417` are one case: drop judge initials, zero padding."""
    number = number.strip().lower()
    match = re.match(r"^(\d+):(\d{2})-([a-z]{2})-0*(\d+)", number)
    if match:
        office, year, kind, seq = match.groups()
        return f"{office}:{year}-{kind}-{int(seq):05d}"
    return re.sub(r"\s+", "", number)


def write_once(*fields: str) -> pgtrigger.ReadOnly:
    """A trigger refusing any UPDATE that changes these columns (an object's parents): a
    row never moves to another case, whatever path the change takes."""
    return pgtrigger.ReadOnly(name="write_once_parents", fields=list(fields))


def write_once_fields(model) -> set[str]:
    """The fields `write_once` protects on `model` (serializers refuse changes to them)."""
    triggers = getattr(model._meta, "triggers", [])
    return {f for t in triggers if t.name == "write_once_parents" for f in t.fields}


class Designation(models.IntegerChoices):
    """Protective-order designations, lowest first; a membership's clearance is the highest
    it may see. A sealed filing counts as attorneys' eyes only until it is unsealed."""

    PUBLIC = 0, "Public"
    CONFIDENTIAL = 1, "Confidential"
    AEO = 2, "Highly confidential – attorneys' eyes only"

    @property
    def key(self) -> str:
        return {0: "public", 1: "confidential", 2: "aeo"}[self.value]


class Court(models.Model):
    code = models.SlugField(max_length=20, unique=True, help_text="Short id, e.g. cand")
    name = models.CharField(max_length=200)
    jurisdiction = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PolicyQuerySet(models.QuerySet):
    """Rows of a model the access policy governs; `visible_to(user)` asks the policy."""

    def visible_to(self, user):
        from caselaw.access import scope

        return scope(self, user)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        STAYED = "stayed", "Stayed"
        CLOSED = "closed", "Closed"

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    docket_number = models.CharField(max_length=60, help_text="As filed, e.g. 3:23-cv-03417-VC")
    docket_number_normalized = models.CharField(max_length=60, editable=False, db_index=True)
    caption = models.CharField(max_length=300)
    short_name = models.CharField(max_length=120)
    judge = models.CharField("assigned judge", max_length=120, blank=True)
    referred_judge = models.CharField("referred (magistrate) judge", max_length=120, blank=True)
    nature_of_suit = models.CharField(max_length=120, blank=True)
    cause = models.CharField(max_length=200, blank=True)
    date_filed = models.DateField(null=True, blank=True)
    date_terminated = models.DateField(null=True, blank=True)
    jury_demand = models.CharField(
        max_length=60, blank=True, help_text="As on the docket: Plaintiff, Both, None…"
    )
    jurisdiction = models.CharField(max_length=100, blank=True, help_text="e.g. Federal Question")
    pacer_case_id = models.CharField(max_length=20, blank=True, help_text="PACER's internal case number")
    # What the last docket import said of the fields it fills (caselaw/importers): a value
    # differing from it was edited by hand, and a re-import keeps it.
    imported = models.JSONField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    related_cases = models.ManyToManyField("self", blank=True, symmetrical=True)
    related_note = models.CharField(
        max_length=300, blank=True, help_text="Consolidated or related cases not held here"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-date_filed", "short_name"]
        permissions = [("open_case", "May open new cases")]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "docket_number_normalized"], name="one_case_per_docket_number"
            )
        ]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        self.docket_number_normalized = normalize_docket_number(self.docket_number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "docket_number_normalized"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.pk])


class Party(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"

    class Role(models.TextChoices):
        PLAINTIFF = "plaintiff", "Plaintiff"
        DEFENDANT = "defendant", "Defendant"
        INTERVENOR = "intervenor", "Intervenor"
        AMICUS = "amicus", "Amicus curiae"
        THIRD_PARTY = "third_party", "Third party"
        COUNTER_CLAIMANT = "counter_claimant", "Counter-claimant"
        COUNTER_DEFENDANT = "counter_defendant", "Counter-defendant"
        CROSS_CLAIMANT = "cross_claimant", "Cross-claimant"
        CROSS_DEFENDANT = "cross_defendant", "Cross-defendant"
        PETITIONER = "petitioner", "Petitioner"
        RESPONDENT = "respondent", "Respondent"
        MOVANT = "movant", "Movant"
        INTERESTED_PARTY = "interested_party", "Interested party"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(max_length=20, choices=Role.choices)
    date_terminated = models.DateField(null=True, blank=True)
    docket_type = models.CharField(
        max_length=100, blank=True, help_text="As on the docket, e.g. Lead Plaintiff"
    )
    extra_info = models.TextField(blank=True, help_text="What the docket says under the name")
    imported = models.JSONField(null=True, blank=True, editable=False)  # see Case.imported

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["role", "name"]
        verbose_name_plural = "parties"
        triggers = [write_once("case")]
        constraints = [models.UniqueConstraint(fields=["case", "name", "role"], name="one_party_per_role")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Counsel(models.Model):
    """An attorney as they appear on this case's docket."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="counsel")
    name = models.CharField(max_length=200)
    firm = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    imported = models.JSONField(null=True, blank=True, editable=False)  # see Case.imported
    parties = models.ManyToManyField(Party, through="Representation", related_name="counsel")

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["firm", "name"]
        verbose_name_plural = "counsel"
        triggers = [write_once("case")]
        constraints = [models.UniqueConstraint(fields=["case", "name", "firm"], name="one_counsel_per_firm")]

    def __str__(self):
        return f"{self.name}, {self.firm}" if self.firm else self.name


class Representation(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead attorney"
        ATTORNEY = "attorney", "Attorney to be noticed"
        PRO_HAC_VICE = "pro_hac_vice", "Pro hac vice"
        TERMINATED = "terminated", "Terminated"

    counsel = models.ForeignKey(Counsel, on_delete=models.CASCADE, related_name="representations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="representations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ATTORNEY)
    date_terminated = models.DateField(null=True, blank=True)
    docket_roles = models.JSONField(
        default=list, blank=True, help_text='As on the docket, e.g. ["LEAD ATTORNEY", "PRO HAC VICE"]'
    )
    imported = models.JSONField(null=True, blank=True, editable=False)  # see Case.imported

    class Meta:
        constraints = [models.UniqueConstraint(fields=["counsel", "party"], name="one_representation")]
        triggers = [write_once("counsel", "party")]

    def __str__(self):
        return f"{self.counsel} for {self.party.name} ({self.get_role_display()})"


class AllegationStatus(models.TextChoices):
    PLEADED = "pleaded", "Pleaded"
    DISMISSED_WITH_LEAVE = "dismissed_with_leave", "Dismissed with leave to amend"
    DISMISSED_WITHOUT_LEAVE = "dismissed_without_leave", "Dismissed without leave to amend"
    DISMISSED_WITH_PREJUDICE = "dismissed_with_prejudice", "Dismissed with prejudice"
    REPLEADED = "repleaded", "Re-pleaded"
    SURVIVED = "survived", "Survived motion to dismiss"
    SJ_GRANTED = "sj_granted", "Summary judgment granted (for defendant)"
    SJ_DENIED = "sj_denied", "Summary judgment denied"
    WITHDRAWN = "withdrawn", "Withdrawn"
    TRIAL = "trial", "Set for trial"


class Allegation(models.Model):
    """A count of the complaint, with the statutes it rests on and its fate so far."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allegations")
    count_number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    legal_basis = models.CharField(max_length=300, blank=True, help_text="e.g. 17 U.S.C. § 1202(b)")
    statutes = models.JSONField(default=list, blank=True, editable=False)
    asserted_by = models.ManyToManyField(Party, blank=True, related_name="allegations_asserted")
    asserted_against = models.ManyToManyField(Party, blank=True, related_name="allegations_faced")
    status = models.CharField(
        max_length=30, choices=AllegationStatus.choices, default=AllegationStatus.PLEADED
    )
    status_date = models.DateField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        "filings.Filing", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["case", "count_number"]
        triggers = [write_once("case")]
        constraints = [
            models.UniqueConstraint(fields=["case", "count_number"], name="one_allegation_per_count")
        ]

    def __str__(self):
        return f"Count {self.count_number}: {self.title}"

    def save(self, *args, **kwargs):
        self.statutes = parse_statutes(self.legal_basis)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "statutes"}
        super().save(*args, **kwargs)


class AllegationStatusChange(models.Model):
    """One step in an allegation's history; the latest one is its current status."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=30, choices=AllegationStatus.choices)
    date = models.DateField()
    filing = models.ForeignKey(
        "filings.Filing", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["allegation", "date", "id"]
        triggers = [write_once("allegation")]
        constraints = [
            models.UniqueConstraint(fields=["allegation", "status", "date"], name="one_status_change_per_day")
        ]

    def __str__(self):
        return f"{self.allegation}: {self.get_status_display()} on {self.date}"


class CaseMembership(models.Model):
    """The ethical wall: a user sees a case only through a membership (or as staff), and
    its documents only up to the membership's clearance. What each role may do is decided
    in caselaw/access.py."""

    class Role(models.TextChoices):
        LAWYER = "lawyer", "Lawyer"
        PARALEGAL = "paralegal", "Paralegal"
        CLIENT = "client", "Client (the party's own people)"
        VIEWER = "viewer", "Viewer (read only)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    clearance = models.PositiveSmallIntegerField(
        choices=Designation.choices,
        help_text="The highest designation this member may see (by default from the role)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="one_membership")]
        triggers = [write_once("user", "case")]

    def __str__(self):
        return f"{self.user} — {self.case} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        from caselaw.access import clearance_for

        self.clearance = clearance_for(self.role, self.clearance)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "clearance"}
        super().save(*args, **kwargs)


# The audit trail's model lives with record() in caselaw/audit.py.
# A user's API tokens and the firm's two-factor rule live in caselaw/accounts/.
from caselaw.accounts.models import ApiToken, TwoFactorPolicy  # noqa: E402, F401
from caselaw.audit import AuditEvent  # noqa: E402, F401
from caselaw.importers.models import DocketImport  # noqa: E402, F401
