"""REST API for annotations and claim links, behind the same wall as everything else:
private notes are their author's alone, outsiders see nothing."""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from caselaw import access
from caselaw.api_base import VisibleRelatedField, WriteOnceParentsSerializer
from caselaw.models import Allegation
from filings import annotations as services
from filings.models import Annotation, ClaimLink, Document, Page
from filings.w3c import w3c_collection


class AuthorField(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ReplySerializer(WriteOnceParentsSerializer):
    author = AuthorField(read_only=True)
    body_html = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = Annotation
        fields = ["id", "body", "body_html", "author", "created_at", "updated_at", "can_edit"]

    def get_body_html(self, annotation) -> str:
        return services.render_body(annotation.body)

    def get_can_edit(self, annotation) -> bool:
        return annotation.author_id == self.context["request"].user.pk


class AnnotationSerializer(ReplySerializer):
    document = VisibleRelatedField(queryset=Document.objects)
    page = serializers.IntegerField(source="page.number", min_value=1)
    allegations = VisibleRelatedField(queryset=Allegation.objects, many=True, required=False)
    replies = serializers.SerializerMethodField()
    revisions = serializers.IntegerField(source="revisions.count", read_only=True)
    viewer_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Annotation
        fields = [
            "id",
            "document",
            "page",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "body",
            "body_html",
            "visibility",
            "allegations",
            "author",
            "created_at",
            "updated_at",
            "can_edit",
            "revisions",
            "replies",
            "viewer_url",
        ]
        read_only_fields = ["start", "end"]

    def to_representation(self, annotation):
        data = super().to_representation(annotation)
        # Only the note's own tags (claim links with this annotation): readers of the
        # note may read them; nobody else's links are involved.
        data["allegations"] = [
            link.allegation_id for link in annotation.claim_links.all() if link.status != "rejected"
        ]
        return data

    def get_replies(self, annotation) -> list[dict]:
        return ReplySerializer(annotation.replies.all(), many=True, context=self.context).data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        document = attrs.get("document") or self.instance.document
        for allegation in attrs.get("allegations", []):
            if allegation.case_id != document.filing.case_id:
                raise ValidationError({"allegations": f"{allegation} is not an allegation of this case."})
        if self.instance is None:
            number = attrs["page"]["number"]
            attrs["page_obj"] = Page.objects.filter(document=document, number=number).first()
            if attrs["page_obj"] is None:
                raise ValidationError({"page": f"This document has no page {number} (yet)."})
        elif "page" in attrs or "quote" in attrs:
            raise ValidationError({"page": "An annotation's place cannot be changed; make a new one."})
        return attrs


class AnnotationViewSet(viewsets.ModelViewSet):
    """Notes on passages. You see your case team's notes and your own private ones;
    only the author may change or delete a note; anyone who may annotate may reply."""

    serializer_class = AnnotationSerializer
    write_action = access.CHANGE  # for a note: its author's (see access.can)
    filterset_fields = ["document", "visibility", "author"]
    ordering_fields = ["created_at", "page__number"]

    def get_queryset(self):
        user = self.request.user
        replies = Annotation.objects.visible_to(user).select_related("author").order_by("created_at")
        notes = Annotation.objects.visible_to(user)
        if self.action in ("list", "export"):
            notes = notes.filter(parent__isnull=True)  # replies come inside their thread
        return notes.select_related("author", "page", "document").prefetch_related(
            Prefetch("replies", queryset=replies), "claim_links", "revisions"
        )

    def write_action_for(self, obj, request) -> str:
        return access.ANNOTATE if self.action == "replies" else access.CHANGE

    def perform_create(self, serializer):
        data = serializer.validated_data
        access.require(self.request.user, access.ANNOTATE, data["document"])
        serializer.instance = services.annotation_create(
            page=data["page_obj"],
            author=self.request.user,
            body=data["body"],
            quote=data.get("quote", ""),
            prefix=data.get("prefix", ""),
            suffix=data.get("suffix", ""),
            visibility=data.get("visibility", Annotation.Visibility.TEAM),
            allegations=data.get("allegations", []),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        services.annotation_edit(
            annotation=serializer.instance,
            body=data.get("body"),
            visibility=data.get("visibility"),
            allegations=data.get("allegations"),
            user=self.request.user,
        )

    def perform_destroy(self, annotation):
        services.annotation_delete(annotation=annotation, user=self.request.user)

    @extend_schema(request=ReplySerializer, responses={201: ReplySerializer})
    @action(detail=True, methods=["post"])
    def replies(self, request, pk=None):
        """Reply in the note's thread."""
        parent = self.get_object()
        access.require(request.user, access.ANNOTATE, parent, "Your role in this case cannot reply to notes.")
        body = (request.data.get("body") or "").strip()
        if not body:
            raise ValidationError({"body": "Write something to reply."})
        reply = services.annotation_reply(parent=parent, author=request.user, body=body)
        return Response(ReplySerializer(reply, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        parameters=[OpenApiParameter("document", int), OpenApiParameter("case", int)],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The notes you may see on a document or a case, as a W3C Web Annotation
        collection (JSON-LD)."""
        document = request.query_params.get("document", "")
        case = request.query_params.get("case", "")
        if document.isdigit():
            notes = self.get_queryset().filter(document_id=document)
        elif case.isdigit():
            notes = self.get_queryset().filter(document__filing__case_id=case)
        else:
            raise ValidationError({"detail": "Give ?document=<id> or ?case=<id>."})
        url = request.build_absolute_uri(reverse("annotation-export")) + f"?{request.META['QUERY_STRING']}"
        body = w3c_collection(notes, collection_url=url, request=request)
        services.record_export(user=request.user, document=document, case=case, count=body.get("total", 0))
        return Response(body, content_type="application/ld+json")


class ClaimLinkSerializer(WriteOnceParentsSerializer):
    allegation = VisibleRelatedField(queryset=Allegation.objects)
    document = VisibleRelatedField(queryset=Document.objects)
    page = serializers.IntegerField(source="page.number", required=False, allow_null=True, min_value=1)

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "allegation",
            "document",
            "page",
            "annotation",
            "source",
            "status",
            "score",
            "reason",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "annotation",
            "source",
            "score",
            "reason",
            "created_by",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        if self.instance is not None:
            extra = set(attrs) - {"status"}
            if extra:
                raise ValidationError({"detail": "Only a link's status can change."})
            return attrs
        allegation, document = attrs["allegation"], attrs["document"]
        if allegation.case_id != document.filing.case_id:
            raise ValidationError({"allegation": "That allegation belongs to another case."})
        number = (attrs.get("page") or {}).get("number")
        attrs["page_obj"] = None
        if number is not None:
            attrs["page_obj"] = Page.objects.filter(document=document, number=number).first()
            if attrs["page_obj"] is None:
                raise ValidationError({"page": f"This document has no page {number}."})
        return attrs


class ClaimLinkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence links between allegations and documents. Suggestions carry the reason
    ("cites 17 U.S.C. § 1202 on page 4"); confirm or reject them with a PATCH of status."""

    serializer_class = ClaimLinkSerializer
    filterset_fields = ["allegation", "document", "status", "source"]
    ordering_fields = ["score", "created_at"]

    def get_queryset(self):
        return ClaimLink.objects.visible_to(self.request.user).select_related("page", "annotation")

    def write_action_for(self, obj, request) -> str:
        return access.CHANGE  # reviewing: annotators, and for a note's tag its author only

    def perform_create(self, serializer):
        data = serializer.validated_data
        access.require(self.request.user, access.ANNOTATE, data["document"])
        serializer.instance = services.claim_link_create(
            allegation=data["allegation"],
            document=data["document"],
            page=data["page_obj"],
            user=self.request.user,
        )

    def perform_update(self, serializer):
        link = serializer.instance
        status_value = serializer.validated_data.get("status", link.status)
        services.claim_link_review(link=link, status=status_value, user=self.request.user)
