"""API errors as JSON a script can act on: DRF's own, plus database integrity errors
(a duplicate entry number, say) turned into a 400 with a message instead of a 500."""

from django.db import IntegrityError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, IntegrityError):
        return Response(
            {
                "detail": "This conflicts with an existing record (for example a duplicate "
                "entry or attachment number)."
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None
