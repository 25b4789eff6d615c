"""Building blocks every API viewset uses, so each one goes through the access gate."""

from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from caselaw.access import can_change_case


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key that accepts only rows the requesting user may see.

    An id from a case the user is walled off from reads as "does not exist", the same
    answer as an id that does not exist at all.
    """

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return queryset.visible_to(request.user)


class CaseScopedViewSet(viewsets.ModelViewSet):
    """Lists only rows of visible cases (others are 404); writes need a write role.

    `case_id_of(obj)` names the case a row belongs to; subclasses with a deeper path
    override it.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    @staticmethod
    def case_id_of(obj) -> int:
        return obj.case_id

    def check_can_change(self, case_id: int) -> None:
        if not can_change_case(self.request.user, case_id):
            raise PermissionDenied("Your role in this case is read-only.")

    def perform_create(self, serializer):
        self.check_can_change(self.case_id_of_data(serializer.validated_data))
        serializer.save()

    def case_id_of_data(self, data) -> int:
        return data["case"].pk

    def perform_update(self, serializer):
        self.check_can_change(self.case_id_of(serializer.instance))
        serializer.save()

    def perform_destroy(self, instance):
        self.check_can_change(self.case_id_of(instance))
        instance.delete()


def same_case(case, *, field: str, objects) -> None:
    """Parties named on a filing or allegation must belong to its case."""
    for obj in objects:
        if obj.case_id != case.pk:
            raise serializers.ValidationError({field: f"{obj} is not a party to this case."})
