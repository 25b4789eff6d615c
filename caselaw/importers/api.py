"""REST API for docket imports: upload a PACER docket report (preview), then apply it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from caselaw.importers.models import DocketImport
from caselaw.importers.pacer import DocketImportError
from caselaw.importers.services import docket_import_apply, docket_import_preview
from caselaw.models import Case

# A docket report of 5,000 entries is about 3 MB of HTML.
MAX_DOCKET_BYTES = 30 * 1024 * 1024


class DocketImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocketImport
        fields = [
            "id",
            "filename",
            "status",
            "created_at",
            "applied_at",
            "case",
            "result_case",
            "summary",
            "error",
        ]
        read_only_fields = fields


class DocketUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The docket report's HTML, as saved from PACER")
    case = serializers.IntegerField(required=False, help_text="The case to update; omit to match or create")
    court = serializers.CharField(required=False, help_text="PACER court id (cand) if the page does not say")


class DocketImportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Your docket imports. POST a PACER docket report to see what importing it would do
    (the preview: `summary`), then POST to `apply/` to import it in one transaction. Only
    those who may change the case (or, for a new case, open cases) may import."""

    serializer_class = DocketImportSerializer
    # Your own imports only (get_queryset); the services ask the access policy of the case.
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]
    filter_backends = []
    queryset = DocketImport.objects.none()
    throttle_scope = "upload"

    def get_queryset(self):
        return DocketImport.objects.filter(user=self.request.user).order_by("-created_at")

    @extend_schema(
        request={"multipart/form-data": DocketUploadSerializer},
        responses={201: DocketImportSerializer, 400: OpenApiResponse(description="Not a docket, or refused")},
    )
    def create(self, request, *args, **kwargs):
        upload = DocketUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        if data["file"].size > MAX_DOCKET_BYTES:
            return Response(
                {
                    "detail": f"This file is larger than a docket report can be "
                    f"({MAX_DOCKET_BYTES // 2**20} MB at most)."
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        case = Case.objects.filter(pk=data["case"]).first() if data.get("case") else None
        if data.get("case") and case is None:
            case = Case(pk=data["case"])  # missing: the service answers as for a hidden one
        try:
            docket_import = docket_import_preview(
                user=request.user,
                html=data["file"].read(),
                filename=data["file"].name,
                case=case,
                court_hint=data.get("court", ""),
            )
        except DocketImportError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(docket_import).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: DocketImportSerializer, 400: OpenApiResponse(description="Refused, with the reason")},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None, format=None):
        """Import the previewed docket (read and planned again first): one transaction."""
        docket_import = self.get_object()
        try:
            docket_import_apply(docket_import=docket_import, user=request.user)
        except DocketImportError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        docket_import.refresh_from_db()
        return Response(self.get_serializer(docket_import).data)
