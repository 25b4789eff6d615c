"""REST API for the document domain: filings (docket entries) and their documents."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from caselaw.api_base import CaseScopedViewSet, VisibleRelatedField, same_case
from caselaw.models import Case, Party
from filings.models import Document, Filing
from filings.services import DuplicateDocument, document_upload
from filings.uploads import UploadRejected


class DocumentSerializer(serializers.ModelSerializer):
    filing = VisibleRelatedField(queryset=Filing.objects)
    case = serializers.IntegerField(source="filing.case_id", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "filing",
            "case",
            "attachment_number",
            "title",
            "original_filename",
            "sha256",
            "size",
            "mime_type",
            "page_count",
            "status",
            "error",
            "pages_done",
            "progress_percent",
            "used_ocr",
            "uploaded_by",
            "created_at",
            "indexed_at",
        ]
        read_only_fields = [
            "original_filename",
            "sha256",
            "size",
            "mime_type",
            "page_count",
            "status",
            "error",
            "pages_done",
            "used_ocr",
            "uploaded_by",
            "created_at",
            "indexed_at",
        ]


class FilingSerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects)
    filed_by = VisibleRelatedField(queryset=Party.objects, many=True, required=False)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = [
            "id",
            "case",
            "entry_number",
            "date_filed",
            "description",
            "kind",
            "filed_by",
            "sealed",
            "documents",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators = []  # validate() names the clashing entry number instead

    def get_documents(self, filing) -> list[dict]:
        return [
            {
                "id": d.id,
                "attachment_number": d.attachment_number,
                "title": str(d),
                "page_count": d.page_count,
                "status": d.status,
            }
            for d in filing.documents.all()
        ]

    def validate(self, attrs):
        case = attrs.get("case") or self.instance.case
        if self.instance and case != self.instance.case:
            raise serializers.ValidationError({"case": "A filing cannot move to another case."})
        same_case(case, field="filed_by", objects=attrs.get("filed_by", []))
        number = attrs.get("entry_number")
        clash = Filing.objects.filter(case=case, entry_number=number)
        if number is not None and clash.exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError(
                {"entry_number": f"This case already has docket entry {number}."}
            )
        return attrs


class UploadSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), help_text="One or more files"
    )
    title = serializers.CharField(required=False, allow_blank=True, help_text="For a single file")


class UploadResultSerializer(serializers.Serializer):
    documents = DocumentSerializer(many=True)
    duplicates = serializers.ListField(child=serializers.DictField())
    rejected = serializers.ListField(child=serializers.DictField())


def upload_files(*, filing, files, user, title="") -> tuple[dict, int]:
    """Upload each file on its own: one bad file does not stop the others."""
    created, duplicates, rejected = [], [], []
    for upload in files:
        try:
            document = document_upload(
                filing=filing, file=upload, uploaded_by=user, title=title if len(files) == 1 else ""
            )
        except DuplicateDocument as dup:
            duplicates.append({"filename": upload.name, "document": dup.existing.pk, "detail": str(dup)})
        except UploadRejected as no:
            rejected.append({"filename": upload.name, "detail": no.message, "status": no.status})
        else:
            created.append(document)
    if created:
        code = status.HTTP_201_CREATED
    elif duplicates:
        code = status.HTTP_409_CONFLICT
    elif any(r["status"] == 413 for r in rejected):
        code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    else:
        code = status.HTTP_400_BAD_REQUEST
    return {"documents": created, "duplicates": duplicates, "rejected": rejected}, code


class FilingViewSet(CaseScopedViewSet):
    queryset = Filing.objects.prefetch_related("filed_by", "documents")
    serializer_class = FilingSerializer
    filterset_fields = {
        "case": ["exact"],
        "kind": ["exact", "in"],
        "date_filed": ["exact", "gte", "lte"],
        "filed_by": ["exact"],
        "sealed": ["exact"],
    }
    search_fields = ["description"]
    ordering_fields = ["entry_number", "date_filed"]

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: UploadResultSerializer,
            409: OpenApiResponse(UploadResultSerializer, description="Every file was a duplicate"),
            413: OpenApiResponse(UploadResultSerializer, description="Too large"),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="documents",
        parser_classes=[MultiPartParser, FormParser],
    )
    def upload(self, request, pk=None):
        """Upload one or more files (field `files`, repeated) to this docket entry.

        Answers at once with each new document's id and status `queued`; processing
        happens in the background. Duplicates of a file already on this filing and files
        over the size limit are listed, not stored.
        """
        filing = self.get_object()
        self.check_can_change(filing.case_id)
        files = request.FILES.getlist("files") or request.FILES.getlist("file")
        if not files:
            return Response(
                {"detail": "Attach one or more files in the multipart field `files`."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        result, code = upload_files(
            filing=filing, files=files, user=request.user, title=request.data.get("title", "")
        )
        result["documents"] = DocumentSerializer(
            result["documents"], many=True, context=self.get_serializer_context()
        ).data
        return Response(result, status=code)


class DocumentFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="filing__case")
    status = django_filters.MultipleChoiceFilter(choices=Document.Status.choices)

    class Meta:
        model = Document
        fields = ["case", "filing", "status", "used_ocr", "sha256"]


class DocumentViewSet(CaseScopedViewSet):
    """Documents' metadata. Files are added by upload (POST to a filing's documents)."""

    queryset = Document.objects.select_related("filing")
    serializer_class = DocumentSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]
    filterset_class = DocumentFilter
    search_fields = ["title", "original_filename"]
    ordering_fields = ["created_at", "attachment_number"]

    @staticmethod
    def case_id_of(obj) -> int:
        return obj.filing.case_id
