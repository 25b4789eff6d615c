"""REST API for the document domain: filings (docket entries) and their documents."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from caselaw import access
from caselaw.api_base import PolicyViewSet, VisibleRelatedField, WriteOnceParentsSerializer, same_case
from caselaw.api_filters import WalledFilterSet
from caselaw.models import Case, Designation, Party
from filings.models import Document, Filing, Page
from filings.services import DuplicateDocument, document_designate, document_upload, filing_designate
from filings.services.reads import document_view
from filings.uploads import UploadRejected

DESIGNATION_KEYS = [(d.key, d.label) for d in Designation]


class DesignationField(serializers.ChoiceField):
    """A designation as the API writes it: "public", "confidential" or "aeo"."""

    def __init__(self, **kwargs):
        super().__init__(choices=DESIGNATION_KEYS, **kwargs)

    def to_representation(self, value):
        return Designation(value).key

    def to_internal_value(self, data):
        key = super().to_internal_value(data)
        return next(d.value for d in Designation if d.key == key)


class DocumentSerializer(WriteOnceParentsSerializer):
    filing = serializers.PrimaryKeyRelatedField(read_only=True)
    case = serializers.IntegerField(source="filing.case_id", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)
    progress_text = serializers.CharField(
        read_only=True,
        help_text='Where processing stands: "Searchable — 380 of 391 pages; OCR of 11 pages continues"',
    )
    ocr_pages_left = serializers.IntegerField(read_only=True, help_text="Pages still waiting for OCR")
    designation = DesignationField(read_only=True)
    effective_designation = DesignationField(
        read_only=True, help_text="What the wall applies: the designation, or aeo while the filing is sealed"
    )

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
            "progress_text",
            "ocr_pages_left",
            "used_ocr",
            "uploaded_by",
            "designation",
            "effective_designation",
            "created_at",
            "searchable_at",
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
            "searchable_at",
            "indexed_at",
        ]


class FilingSerializer(WriteOnceParentsSerializer):
    case = VisibleRelatedField(queryset=Case.objects)
    filed_by = VisibleRelatedField(queryset=Party.objects, many=True, required=False)
    documents = serializers.SerializerMethodField()
    designation = DesignationField(required=False, help_text="For its new documents; default public")

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
            "designation",
            "documents",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators = []  # validate() names the clashing entry number instead

    def get_documents(self, filing) -> list[dict]:
        """The documents on the entry that the user is cleared for."""
        visible = Document.objects.visible_to(self.context["request"].user).filter(filing=filing)
        return [
            {
                "id": d.id,
                "attachment_number": d.attachment_number,
                "title": str(d),
                "page_count": d.page_count,
                "status": d.status,
                "designation": Designation(d.designation).key,
            }
            for d in visible
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        case = attrs.get("case") or self.instance.case
        for name in ("sealed", "designation"):
            if self.instance and name in attrs and attrs[name] != getattr(self.instance, name):
                raise serializers.ValidationError(
                    {name: "A lawyer changes a filing's seal or designation with POST …/designation/."}
                )
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


class DesignationInputSerializer(serializers.Serializer):
    designation = DesignationField(required=False)
    sealed = serializers.BooleanField(required=False, help_text="Filings only")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class FilingViewSet(PolicyViewSet):
    queryset = Filing.objects.prefetch_related("filed_by")
    action_policy = {"designation": access.MANAGE}
    serializer_class = FilingSerializer
    throttle_scope = None  # only the upload action has one
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
        throttle_scope="upload",  # the "upload" rate (settings.REST_FRAMEWORK), on top of the user's
    )
    def upload(self, request, pk=None):
        """Upload one or more files (field `files`, repeated) to this docket entry.

        Answers at once with each new document's id and status `queued`; processing
        happens in the background. Duplicates of a file already on this filing and files
        over the size limit are listed, not stored.
        """
        filing = self.get_object()
        access.require(request.user, access.CHANGE, filing)
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

    @extend_schema(request=DesignationInputSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def designation(self, request, pk=None):
        """Designate the docket entry and all its documents, or seal / unseal it (lawyers)."""
        filing = self.get_object()
        access.require(request.user, access.MANAGE, filing)
        data = validated(DesignationInputSerializer, request.data, required="")
        if "designation" not in data and "sealed" not in data:
            raise serializers.ValidationError({"designation": "Give a designation, sealed, or both."})
        filing = filing_designate(
            filing=filing,
            user=request.user,
            designation=data.get("designation"),
            sealed=data.get("sealed"),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(filing).data)


class DocumentFilter(WalledFilterSet):
    case = django_filters.ModelChoiceFilter(field_name="filing__case", queryset=Case.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=Document.Status.choices)

    class Meta:
        model = Document
        fields = ["case", "filing", "status", "used_ocr", "sha256"]


class PageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["number", "text", "text_source", "text_note", "ocr_confidence", "from_ocr"]


class DocumentViewSet(PolicyViewSet):
    """Documents' metadata. Files are added by upload (POST to a filing's documents); a
    document never moves to another filing."""

    queryset = Document.objects.select_related("filing")
    serializer_class = DocumentSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_class = DocumentFilter
    action_policy = {"designation": access.MANAGE}
    search_fields = ["title", "original_filename"]
    ordering_fields = ["created_at", "attachment_number"]

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(
            "POST", detail="Upload files to a filing: POST /api/v1/filings/{id}/documents/."
        )

    @extend_schema(request=DesignationInputSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def designation(self, request, pk=None):
        """Designate the document under the protective order (lawyers); the change is recorded."""
        document = self.get_object()
        access.require(request.user, access.MANAGE, document)
        data = validated(DesignationInputSerializer, request.data, required="designation")
        document = document_designate(
            document=document, designation=data["designation"], user=request.user, note=data.get("note", "")
        )
        return Response(self.get_serializer(document).data)

    @extend_schema(responses=PageSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def pages(self, request, pk=None, format=None):
        """The document's pages as search reads them: each page's text and where it came from
        (`text_source`: layer, ocr, both or none; `text_note`: why, e.g. "scanned page: read
        with OCR"; `ocr_confidence`: tesseract's mean word confidence, 0–100). Recorded on the
        audit trail as the document viewed."""
        document = self.get_object()
        page = self.paginate_queryset(document.pages.order_by("number"))
        document_view(document=document, user=request.user)
        return self.get_paginated_response(PageSerializer(page, many=True).data)


def validated(serializer_class, data, *, required: str):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    if required and required not in serializer.validated_data:
        raise serializers.ValidationError({required: "This field is required."})
    return serializer.validated_data
