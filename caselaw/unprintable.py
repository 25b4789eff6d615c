"""Characters no request may carry into the database, found in one place for the middleware
and the API's parsers, so such input is refused with a 400 instead of failing as a 500."""

import re
from collections.abc import Mapping

from django.utils.datastructures import MultiValueDict

# C0 controls and DEL, except tab, newline, form feed and carriage return: PostgreSQL
# cannot store NUL and nobody types the others (form feeds come with text pasted from
# PDFs). Also lone surrogates (JSON can spell "\ud800"), which UTF-8 cannot encode at all.
# U+FFFE/U+FFFF are let through: valid code points that PostgreSQL stores.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()


def find_unprintable(data) -> str | None:
    """A refused character in `data`: a string, or any nesting of dicts (keys and
    values), QueryDicts and lists. None when there is none."""
    pending = [data]
    while pending:  # a loop, not recursion: JSON may nest deeper than Python's stack
        item = pending.pop()
        if isinstance(item, str):
            if match := UNPRINTABLE.search(item):
                return match.group()
        elif isinstance(item, MultiValueDict):
            pending.extend(item.lists())
        elif isinstance(item, Mapping):
            pending.extend(item.items())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


def unprintable_message(char: str) -> str:
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        what = f"a control character ({C0_NAMES[code] if code < 0x20 else 'DEL'})"
    else:
        what = f"an unpaired surrogate (U+{code:04X})"
    return f"The request contains {what} that cannot be stored. Remove it and try again."
