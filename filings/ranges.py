"""HTTP byte ranges (RFC 9110 §14), so pdf.js can fetch a large PDF piece by piece and
draw page 1 before the whole file has arrived.

Only a single range is answered; a malformed header or several ranges are ignored and the
whole file is sent, which the RFC allows."""

import re
from dataclasses import dataclass

# Digits capped well past any file size: Python refuses to int() thousands of digits.
SINGLE_BYTE_RANGE = re.compile(r"bytes=([0-9]{0,64})-([0-9]{0,64})", re.IGNORECASE)


class RangeNotSatisfiable(Exception):
    """The range starts past the end of the file: answer 416."""


@dataclass(frozen=True)
class ByteRange:
    first: int
    last: int  # inclusive, as in the header
    size: int  # of the whole file

    @property
    def length(self) -> int:
        return self.last + 1 - self.first

    @property
    def content_range(self) -> str:
        return f"bytes {self.first}-{self.last}/{self.size}"


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The part of a file of `size` bytes that the Range `header` asks for.

    None means send the whole file. `bytes=a-b` is cut short at the end of the file,
    `bytes=a-` runs to the end and `bytes=-n` is the last n bytes. Raises
    RangeNotSatisfiable when nothing of the file is in the range.
    """
    match = SINGLE_BYTE_RANGE.fullmatch((header or "").replace(" ", ""))
    if not match:
        return None
    first_text, last_text = match.groups()
    if not first_text:  # a suffix: the last n bytes
        if not last_text:
            return None
        if int(last_text) == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(size - int(last_text), 0), size - 1, size)
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None  # invalid, so ignored rather than refused
    if first >= size:
        raise RangeNotSatisfiable
    last = min(int(last_text), size - 1) if last_text else size - 1
    return ByteRange(first, last, size)


class FileSlice:
    """Reads `length` bytes of an open file from `start`, without loading them at once.

    It has no fileno(), on purpose: a server's sendfile() would send to the end of the file.
    """

    def __init__(self, file, start: int, length: int):
        file.seek(start)
        self.file = file
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.file.read(size) if size else b""
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.file.close()
