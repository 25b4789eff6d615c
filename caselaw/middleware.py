"""Request checks that hold for every view, before any of them runs."""

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from caselaw.unprintable import find_unprintable, unprintable_message

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectUnprintableMiddleware:
    """Answers 400 to a request whose query string or form fields (names or values; not
    file contents) hold a character that cannot be stored. JSON bodies are checked by the
    API's parser (caselaw.parsers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            char = find_unprintable(request.GET) or find_unprintable(form_fields(request))
        except MultiPartParserError:
            return refuse(request, "The form data could not be read. Send it again.")
        if char:
            return refuse(request, unprintable_message(char))
        return self.get_response(request)


def form_fields(request) -> list:
    # Django parses a form body only for POST; the API's parsers check other methods.
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return []
    return [request.POST, list(request.FILES)]


def refuse(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
