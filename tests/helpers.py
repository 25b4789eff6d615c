import hashlib
import os
import shutil

import pytest
from django.core.files.base import ContentFile

from filings.models import Document
from filings.services import document_upload

TOOLS_REQUIRED = os.environ.get("CASELAW_REQUIRE_TOOLS") == "1"


def require_tool(name: str):
    """Skip where a system tool is missing, except in CI, which installs it and must run."""
    if shutil.which(name) is None and not TOOLS_REQUIRED:
        pytest.skip(f"{name} is not installed on this machine")


def upload(filing, data: bytes, name: str = "filing.pdf", **kwargs) -> Document:
    return document_upload(filing=filing, file=ContentFile(data, name=name), **kwargs)


def stored_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def assert_original_kept(document: Document, data: bytes) -> None:
    assert stored_bytes(document) == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()
