"""DRF's default parsers (JSON, form, multipart), refusing a body whose strings (keys or
values) hold a character that cannot be stored, so the API answers 400 rather than 500."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from caselaw.unprintable import find_unprintable, unprintable_message


def checked(data):
    fields = (data.data, list(data.files)) if isinstance(data, parsers.DataAndFiles) else data
    if char := find_unprintable(fields):
        raise ParseError(unprintable_message(char))
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # nested deeper than the stack left to json allows
            raise ParseError("The JSON is nested too deeply to be read.") from None
        return checked(data)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return checked(super().parse(stream, media_type, parser_context))
