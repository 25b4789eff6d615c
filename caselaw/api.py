"""REST API for the case domain: cases, parties, counsel, allegations."""

import django_filters
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from caselaw import access
from caselaw.api_base import PolicyViewSet, VisibleRelatedField, WriteOnceParentsSerializer, same_case
from caselaw.api_filters import WalledFilterSet
from caselaw.audit import AuditEvent
from caselaw.models import (
    Allegation,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Counsel,
    Court,
    Designation,
    Party,
    Representation,
)
from caselaw.services import allegation_change_status, membership_change
from filings.api import DocumentSerializer
from filings.models import Filing
from filings.services.case_uploads import ATTACHED, DUPLICATE, UNMATCHED, CaseUpload, case_upload


class CourtSerializer(serializers.ModelSerializer):
    class Meta:
        model = Court
        fields = ["id", "code", "name", "jurisdiction"]


class CaseSerializer(WriteOnceParentsSerializer):
    court = serializers.SlugRelatedField(slug_field="code", queryset=Court.objects.all())
    court_name = serializers.CharField(source="court.name", read_only=True)
    my_role = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "court",
            "court_name",
            "docket_number",
            "docket_number_normalized",
            "caption",
            "short_name",
            "judge",
            "referred_judge",
            "nature_of_suit",
            "cause",
            "date_filed",
            "date_terminated",
            "status",
            "related_note",
            "my_role",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["docket_number_normalized", "created_at", "updated_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_my_role(self, case) -> str | None:
        user = self.context["request"].user
        roles = self.context.setdefault(
            "_roles", dict(CaseMembership.objects.filter(user=user).values_list("case_id", "role"))
        )  # one query for the whole list
        return roles.get(case.pk, "staff" if user.is_staff else None)

    def validate(self, attrs):
        from caselaw.models import normalize_docket_number

        court = attrs.get("court") or getattr(self.instance, "court", None)
        number = attrs.get("docket_number") or getattr(self.instance, "docket_number", "")
        clash = Case.objects.filter(
            court=court, docket_number_normalized=normalize_docket_number(number)
        ).exclude(pk=getattr(self.instance, "pk", None))
        if clash.exists():
            raise serializers.ValidationError(
                {"docket_number": "A case with this docket number already exists in this court."}
            )
        return attrs


class CaseUploadSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), help_text="One or more PDFs"
    )


class CaseUploadFileSerializer(serializers.Serializer):
    filename = serializers.CharField()
    result = serializers.ChoiceField(choices=["attached", "duplicate", "refused", "rejected", "unmatched"])
    detail = serializers.CharField(help_text="What happened, in words")
    how = serializers.CharField(help_text='"file name" or "e-filing stamp"; empty when unmatched')
    entry_number = serializers.IntegerField(allow_null=True)
    attachment_number = serializers.IntegerField(allow_null=True)
    filing = serializers.IntegerField(allow_null=True)
    document = serializers.DictField(allow_null=True, help_text="The new document, or the copy already there")


class CaseUploadResultSerializer(serializers.Serializer):
    summary = serializers.CharField()
    files = CaseUploadFileSerializer(many=True)


def case_upload_status(upload: CaseUpload) -> int:
    """201 if anything was filed; 200 if some files wait to be placed by hand; 409 if every
    file was already there; otherwise 413 (too large) or 400 (refused)."""
    if upload.count(ATTACHED):
        return status.HTTP_201_CREATED
    if upload.count(UNMATCHED):
        return status.HTTP_200_OK
    if upload.count(DUPLICATE):
        return status.HTTP_409_CONFLICT
    if any(f.status == 413 for f in upload.files):
        return status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    return status.HTTP_400_BAD_REQUEST


class CaseViewSet(PolicyViewSet):
    """Cases you are a member of. Staff and users allowed to open cases create them, and
    become their lawyer; only a case's lawyers delete it."""

    queryset = Case.objects.select_related("court")
    serializer_class = CaseSerializer
    throttle_scope = None  # only the documents action has one
    filterset_fields = ["status", "court__code", "date_filed"]
    search_fields = ["caption", "short_name", "docket_number"]
    ordering_fields = ["date_filed", "short_name", "updated_at"]

    def write_action_for(self, obj, request) -> str:
        return access.MANAGE if self.action == "destroy" else access.CHANGE

    def create(self, request, *args, **kwargs):
        # Asked before the data is read, so a docket-number clash tells nothing to a
        # user who may not open cases.
        if not access.may_open_cases(request.user):
            raise PermissionDenied("You may not open new cases; ask an administrator.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        with transaction.atomic():
            case = serializer.save()
            CaseMembership.objects.create(user=self.request.user, case=case, role=CaseMembership.Role.LAWYER)

    @extend_schema(
        request={"multipart/form-data": CaseUploadSerializer},
        responses={
            201: OpenApiResponse(CaseUploadResultSerializer, description="At least one file was filed"),
            200: OpenApiResponse(
                CaseUploadResultSerializer, description="Nothing filed; some files are to be placed by hand"
            ),
            409: OpenApiResponse(CaseUploadResultSerializer, description="Every file was already there"),
            413: OpenApiResponse(CaseUploadResultSerializer, description="Too large"),
            400: OpenApiResponse(CaseUploadResultSerializer, description="Every file was refused"),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="documents",
        url_name="documents",
        parser_classes=[MultiPartParser, FormParser],
        throttle_scope="upload",  # the "upload" rate (settings.REST_FRAMEWORK), on top of the user's
    )
    def documents(self, request, pk=None):
        """Upload PDFs (field `files`, repeated) that file themselves on their docket entries.

        Each file goes to the entry and attachment number its file name says (RECAP names
        such as `gov.uscourts.cand.415175.351.0.pdf`, `N.D.Cal._3_23-cv-03417_351_2.pdf`,
        `ECF 351 - Order.pdf`) or, failing that, the e-filing stamp on its first page
        ("Case 3:23-cv-03417-VC Document 351-2 Filed …"). Each file is answered on its own:
        `attached` (with the new document, queued for processing), `duplicate`, `refused`
        (its name or stamp names another case), `rejected` (too large) or `unmatched`
        (nothing says which entry, or the entry is not on the docket: not stored; upload
        it to its entry with POST /api/v1/filings/{id}/documents/).
        """
        case = self.get_object()
        access.require(request.user, access.CHANGE, case)
        files = request.FILES.getlist("files") or request.FILES.getlist("file")
        if not files:
            return Response(
                {"detail": "Attach one or more PDFs in the multipart field `files`."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        upload = case_upload(case=case, files=files, user=request.user)
        context = self.get_serializer_context()
        rows = [
            {
                "filename": f.filename,
                "result": f.result,
                "detail": f.detail,
                "how": f.how,
                "entry_number": f.entry_number,
                "attachment_number": f.attachment_number,
                "filing": f.filing.pk if f.filing else None,
                "document": DocumentSerializer(f.document, context=context).data if f.document else None,
            }
            for f in upload.files
        ]
        return Response({"summary": upload.summary, "files": rows}, status=case_upload_status(upload))


class CourtViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Court.objects.all()
    serializer_class = CourtSerializer
    pagination_class = None


class PartySerializer(WriteOnceParentsSerializer):
    case = VisibleRelatedField(queryset=Case.objects)

    class Meta:
        model = Party
        fields = ["id", "case", "name", "kind", "role", "date_terminated"]


class PartyViewSet(PolicyViewSet):
    queryset = Party.objects.select_related("case")
    serializer_class = PartySerializer
    filterset_fields = ["case", "role", "kind"]
    search_fields = ["name"]
    ordering_fields = ["name", "role"]


class RepresentationSerializer(serializers.ModelSerializer):
    party = VisibleRelatedField(queryset=Party.objects)
    party_name = serializers.CharField(source="party.name", read_only=True)

    class Meta:
        model = Representation
        fields = ["party", "party_name", "role", "date_terminated"]


class CounselSerializer(WriteOnceParentsSerializer):
    case = VisibleRelatedField(queryset=Case.objects)
    representations = RepresentationSerializer(many=True, required=False)

    class Meta:
        model = Counsel
        fields = ["id", "case", "name", "firm", "email", "phone", "address", "representations"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        case = attrs.get("case") or self.instance.case
        parties = [r["party"] for r in attrs.get("representations", [])]
        same_case(case, field="representations", objects=parties)
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        representations = validated_data.pop("representations", [])
        counsel = Counsel.objects.create(**validated_data)
        for rep in representations:
            Representation.objects.create(counsel=counsel, **rep)
        return counsel

    @transaction.atomic
    def update(self, instance, validated_data):
        representations = validated_data.pop("representations", None)
        validated_data.pop("case", None)
        instance = super().update(instance, validated_data)
        if representations is not None:
            instance.representations.all().delete()
            for rep in representations:
                Representation.objects.create(counsel=instance, **rep)
        return instance


class CounselViewSet(PolicyViewSet):
    queryset = Counsel.objects.prefetch_related("representations__party")
    serializer_class = CounselSerializer
    filterset_fields = ["case", "firm"]
    search_fields = ["name", "firm"]
    ordering_fields = ["name", "firm"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllegationStatusChange
        fields = ["status", "date", "filing", "note"]


class AllegationSerializer(WriteOnceParentsSerializer):
    case = VisibleRelatedField(queryset=Case.objects)
    asserted_by = VisibleRelatedField(queryset=Party.objects, many=True, required=False)
    asserted_against = VisibleRelatedField(queryset=Party.objects, many=True, required=False)
    history = StatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Allegation
        fields = [
            "id",
            "case",
            "count_number",
            "title",
            "legal_basis",
            "statutes",
            "asserted_by",
            "asserted_against",
            "status",
            "status_date",
            "status_changed_by",
            "history",
        ]
        read_only_fields = ["statutes", "status", "status_date", "status_changed_by"]
        validators = []  # validate() says "This case already has that count." instead

    def validate(self, attrs):
        attrs = super().validate(attrs)
        case = attrs.get("case") or self.instance.case
        for field in ("asserted_by", "asserted_against"):
            same_case(case, field=field, objects=attrs.get(field, []))
        clash = Allegation.objects.filter(case=case, count_number=attrs.get("count_number"))
        if "count_number" in attrs and clash.exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError({"count_number": "This case already has that count."})
        return attrs


class StatusChangeInputSerializer(serializers.ModelSerializer):
    filing = VisibleRelatedField(queryset=Filing.objects, required=False, allow_null=True)

    class Meta:
        model = AllegationStatusChange
        fields = ["status", "date", "filing", "note"]
        extra_kwargs = {"filing": {"required": False}}


class AllegationViewSet(PolicyViewSet):
    queryset = Allegation.objects.prefetch_related("asserted_by", "asserted_against", "history")
    serializer_class = AllegationSerializer
    filterset_fields = ["case", "status"]
    search_fields = ["title", "legal_basis"]
    ordering_fields = ["count_number"]

    @extend_schema(request=StatusChangeInputSerializer, responses=AllegationSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Record a change in the allegation's status (e.g. dismissed by an order)."""
        allegation = self.get_object()
        access.require(request.user, access.CHANGE, allegation)
        change = StatusChangeInputSerializer(data=request.data, context=self.get_serializer_context())
        change.is_valid(raise_exception=True)
        filing = change.validated_data.get("filing")
        if filing is not None and filing.case_id != allegation.case_id:
            raise serializers.ValidationError({"filing": "That filing is not in this case."})
        allegation_change_status(allegation=allegation, **change.validated_data)
        allegation.refresh_from_db()
        return Response(self.get_serializer(allegation).data)


class MembershipSerializer(WriteOnceParentsSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    clearance = serializers.ChoiceField(
        choices=[(d.key, d.label) for d in Designation],
        help_text="The highest designation the member may see; capped by the role "
        "(clients at most confidential)",
    )

    class Meta:
        model = CaseMembership
        fields = ["id", "case", "user", "username", "role", "clearance", "created_at"]
        read_only_fields = ["case", "user", "created_at"]

    def to_representation(self, membership):
        data = super().to_representation(membership)
        data["clearance"] = Designation(membership.clearance).key
        return data

    def validate_clearance(self, key: str) -> int:
        return next(d.value for d in Designation if d.key == key)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        role = attrs.get("role", self.instance.role)
        clearance = attrs.get("clearance", self.instance.clearance)
        if clearance > access.MAX_CLEARANCE[role]:
            cap = Designation(access.MAX_CLEARANCE[role]).label.lower()
            raise serializers.ValidationError({"clearance": f"A {role} may be cleared for {cap} at most."})
        return attrs


class MembershipViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Who is on a case, with what role and clearance. You see your own membership; a
    case's lawyers see its whole team and set roles and clearances (members are added and
    removed by an administrator)."""

    queryset = CaseMembership.objects.select_related("user").order_by("case_id", "user__username")
    serializer_class = MembershipSerializer
    filterset_fields = ["case", "role"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def write_action_for(self, obj, request) -> str:
        return access.MANAGE

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = membership_change(
            membership=serializer.instance,
            user=self.request.user,
            role=data.get("role"),
            clearance=data.get("clearance"),
        )


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "action",
            "case",
            "object_type",
            "object_id",
            "ip",
            "user_agent",
            "details",
        ]


class AuditEventFilter(WalledFilterSet):
    at_after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["case", "action", "object_type", "object_id", "actor_name"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, read-only: staff see all of it, a case's lawyers their case's
    events (not what colleagues did with private notes). Nobody changes or deletes a row."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    ordering_fields = ["at"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
