"""Building blocks every API viewset uses, so each one goes through the access policy:
querysets and related fields scoped by `visible_to(user)` (filters: api_filters.py),
writes checked by `caselaw.access.PolicyPermission`, parents that never change."""

from rest_framework import serializers, viewsets

from caselaw import access
from caselaw.models import write_once_fields


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key that accepts only rows the requesting user may see.

    An id from a case the user is walled off from reads as "does not exist", the same
    answer as an id that does not exist at all. The browsable API's choices are the same
    rows.
    """

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return queryset.visible_to(request.user)


class WriteOnceParentsSerializer(serializers.ModelSerializer):
    """Refuses, with a 400, a change to a field the model protects with `write_once`."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            return attrs
        for name in write_once_fields(self.Meta.model) & set(attrs):
            if attrs[name] != getattr(self.instance, name):
                raise serializers.ValidationError(
                    {name: f"The {name} of a {self.Meta.model._meta.verbose_name} cannot be changed."}
                )
        return attrs


class PolicyViewSet(viewsets.ModelViewSet):
    """Lists only rows the user may see (others are 404); a write needs the policy's
    `write_action` on the object, and creating needs it on the new row's parent."""

    permission_classes = [access.PolicyPermission]
    write_action = access.CHANGE
    # Extra actions that need another policy action than `write_action`, by name.
    action_policy: dict[str, str] = {}

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def write_action_for(self, obj, request) -> str:
        return self.action_policy.get(self.action, self.write_action)

    def parent_of(self, data):
        """The object a new row hangs from (its case by default)."""
        return data["case"]

    def perform_create(self, serializer):
        access.require(self.request.user, self.write_action, self.parent_of(serializer.validated_data))
        serializer.save()

    def perform_destroy(self, instance):
        from caselaw.services import object_delete

        object_delete(obj=instance, user=self.request.user)


def same_case(case, *, field: str, objects) -> None:
    """Parties named on a filing or allegation must belong to its case."""
    for obj in objects:
        if obj.case_id != case.pk:
            raise serializers.ValidationError({field: f"{obj} is not a party to this case."})
