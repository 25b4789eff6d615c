"""REST API for a user's own API tokens: list, make (from a signed-in session), revoke."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from caselaw.accounts import tokens
from caselaw.accounts.models import ApiToken


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token caselaw_…` in the OpenAPI schema's security schemes."""

    target_class = "caselaw.accounts.tokens.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A personal API token, sent as "Token caselaw_…". Make one on your account '
            "page (/account/). It acts as you: your cases and clearance. An expired or revoked "
            "token is answered 401 with the reason.",
        }


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    status = serializers.CharField(read_only=True, help_text="active, expired or revoked")
    expires_in_days = serializers.ChoiceField(
        choices=list(tokens.LIFETIMES),
        default=tokens.DEFAULT_LIFETIME,
        write_only=True,
        help_text="7, 30, 90 or 365 days; 0 for a token that never expires.",
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "token_key",
            "user",
            "created",
            "expiry",
            "last_used_at",
            "last_used_ip",
            "status",
            "revoked_at",
            "expires_in_days",
        ]
        read_only_fields = ["token_key", "created", "expiry", "last_used_at", "last_used_ip", "revoked_at"]

    def validate_name(self, value):
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Give the token a name.")
        return value


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret. Shown in this answer only.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class ApiTokenViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Your API tokens (staff: everyone's). DELETE revokes a token: it stays listed, and a
    request bearing it gets 401 saying when it was revoked."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        return ApiToken.objects.visible_to(self.request.user).select_related("user")

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        if isinstance(request.auth, ApiToken):
            # A leaked short-lived token must not be able to mint a lasting one.
            raise PermissionDenied("A token cannot make tokens. Make one on your account page, signed in.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token, secret = tokens.create_token(
            user=request.user, name=data["name"], days=data["expires_in_days"]
        )
        token.token = secret
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        tokens.revoke_token(token=instance, by=self.request.user)
