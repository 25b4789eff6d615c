"""REST API for the document domain: filings (docket entries) and their documents."""

import django_filters
from rest_framework import serializers

from caselaw.api_base import CaseScopedViewSet, VisibleRelatedField, same_case
from caselaw.models import Case, Party
from filings.models import Document, Filing


class DocumentSerializer(serializers.ModelSerializer):
    filing = VisibleRelatedField(queryset=Filing.objects)
    case = serializers.IntegerField(source="filing.case_id", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "filing", "case", "attachment_number", "title", "original_filename", "sha256",
            "size", "mime_type", "page_count", "status", "error", "pages_done",
            "progress_percent", "used_ocr", "uploaded_by", "created_at", "indexed_at",
        ]
        read_only_fields = [
            "original_filename", "sha256", "size", "mime_type", "page_count", "status",
            "error", "pages_done", "used_ocr", "uploaded_by", "created_at", "indexed_at",
        ]


class FilingSerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects)
    filed_by = VisibleRelatedField(queryset=Party.objects, many=True, required=False)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = [
            "id", "case", "entry_number", "date_filed", "description", "kind", "filed_by",
            "sealed", "documents", "created_at",
        ]
        read_only_fields = ["created_at"]

    def get_documents(self, filing) -> list[dict]:
        return [
            {"id": d.id, "attachment_number": d.attachment_number, "title": str(d),
             "page_count": d.page_count, "status": d.status}
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
