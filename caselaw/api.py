"""REST API for the case domain: cases, parties, counsel, allegations."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from caselaw.access import role_in_case
from caselaw.api_base import CaseScopedViewSet, VisibleRelatedField, same_case
from caselaw.models import (
    Allegation,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Counsel,
    Court,
    Party,
    Representation,
)
from caselaw.services import allegation_change_status
from filings.models import Filing


class CourtSerializer(serializers.ModelSerializer):
    class Meta:
        model = Court
        fields = ["id", "code", "name", "jurisdiction"]


class CaseSerializer(serializers.ModelSerializer):
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
        )
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


class CaseViewSet(CaseScopedViewSet):
    """Cases you are a member of. Creating a case makes you its lawyer."""

    queryset = Case.objects.select_related("court")
    serializer_class = CaseSerializer
    filterset_fields = ["status", "court__code", "date_filed"]
    search_fields = ["caption", "short_name", "docket_number"]
    ordering_fields = ["date_filed", "short_name", "updated_at"]

    @staticmethod
    def case_id_of(obj) -> int:
        return obj.pk

    def perform_destroy(self, instance):
        """Deleting a whole case is for its lawyers (and staff), not every team member."""
        if role_in_case(self.request.user, instance.pk) not in ("staff", CaseMembership.Role.LAWYER):
            raise PermissionDenied("Only the case's lawyers may delete it.")
        instance.delete()

    def perform_create(self, serializer):
        with transaction.atomic():
            case = serializer.save()
            CaseMembership.objects.create(user=self.request.user, case=case, role=CaseMembership.Role.LAWYER)


class CourtViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Court.objects.all()
    serializer_class = CourtSerializer
    pagination_class = None


class PartySerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects)

    class Meta:
        model = Party
        fields = ["id", "case", "name", "kind", "role", "date_terminated"]

    def validate(self, attrs):
        if self.instance and "case" in attrs and attrs["case"] != self.instance.case:
            raise serializers.ValidationError({"case": "A party cannot move to another case."})
        return attrs


class PartyViewSet(CaseScopedViewSet):
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


class CounselSerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects)
    representations = RepresentationSerializer(many=True, required=False)

    class Meta:
        model = Counsel
        fields = ["id", "case", "name", "firm", "email", "phone", "address", "representations"]

    def validate(self, attrs):
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


class CounselViewSet(CaseScopedViewSet):
    queryset = Counsel.objects.prefetch_related("representations__party")
    serializer_class = CounselSerializer
    filterset_fields = ["case", "firm"]
    search_fields = ["name", "firm"]
    ordering_fields = ["name", "firm"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllegationStatusChange
        fields = ["status", "date", "filing", "note"]


class AllegationSerializer(serializers.ModelSerializer):
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
        case = attrs.get("case") or self.instance.case
        if self.instance and attrs.get("case", case) != self.instance.case:
            raise serializers.ValidationError({"case": "An allegation cannot move to another case."})
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


class AllegationViewSet(CaseScopedViewSet):
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
        self.check_can_change(allegation.case_id)
        change = StatusChangeInputSerializer(data=request.data, context=self.get_serializer_context())
        change.is_valid(raise_exception=True)
        filing = change.validated_data.get("filing")
        if filing is not None and filing.case_id != allegation.case_id:
            raise serializers.ValidationError({"filing": "That filing is not in this case."})
        allegation_change_status(allegation=allegation, **change.validated_data)
        allegation.refresh_from_db()
        return Response(self.get_serializer(allegation).data)
