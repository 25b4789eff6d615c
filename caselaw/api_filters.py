"""The API's filter backend: django-filter, with every object filter scoped by the access
policy. (Its own module: DRF reads it from settings while its generic views load.)"""

from django_filters import rest_framework as filters

from caselaw import access


class WalledFilterSet(filters.FilterSet):
    """Every filter that takes an object id offers, and accepts, only objects the user may
    see: a hidden id is refused exactly like one that does not exist."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for flt in self.filters.values():
            if isinstance(flt, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter):
                queryset = flt.queryset(request) if callable(flt.queryset) else flt.queryset
                flt.queryset = access.scope(queryset, user) if user else queryset.none()
                flt.__dict__.pop("_field", None)  # built from the unscoped queryset


class WalledFilterBackend(filters.DjangoFilterBackend):
    filterset_base = WalledFilterSet
