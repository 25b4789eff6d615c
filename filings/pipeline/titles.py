"""A document's title read from its first page: the caption's document title, as the
court's form puts it under the case number ("PLAINTIFFS' NOTICE OF MOTION AND MOTION FOR
PARTIAL SUMMARY JUDGMENT"), so a new upload is not named after its file.

The caption's title is the first run of capital-letter lines holding a word that names a
filing (motion, order, declaration, …), outside the court's name, the parties' roles,
the case number, counsel's block and the ECF stamp; lines that continue it in capitals
are joined to it. A page with no such line gives "" and the file name stays the title.
"""

import re

from filings.models import Document, Page

# Words that make a line of capitals a document's title.
TITLE_WORD = re.compile(
    r"\b(MOTIONS?|ORDERS?|COMPLAINT|DECLARATIONS?|MEMORANDUM|BRIEF|OPPOSITION|REPLY|NOTICE|"
    r"STIPULATION|STIPULATED|ANSWER|OBJECTIONS?|RESPONSE|JUDGMENT|PETITION|APPLICATION|REQUEST|"
    r"TRANSCRIPT|STATEMENT|SUBPOENA|VERDICT|LETTER|REPORT|CERTIFICATE|AFFIDAVIT|SUMMONS|"
    r"INJUNCTION|EXHIBIT|AGREEMENT|MINUTES)\b"
)
# Lines of the caption that are not the title, whatever their case.
NOT_TITLE = re.compile(
    r"DISTRICT COURT|DISTRICT OF\b|\bDIVISION\b|COURT OF APPEALS|^CASE\b|\bCASE NO|\bDOCUMENT \d|"
    r"\bFILED \d|\bPAGE \d+ OF|\bLLP\b|\bL\.L\.P\.|\bP\.C\.|@|ATTORNEYS? FOR|COUNSEL FOR|"
    r"\bPLAINTIFFS?[,.;]?$|\bDEFENDANTS?[,.;]?$|^VS?\.?$|^ET AL\.?,?$|JUDGE\b|\bHON\.|COURTROOM|"
    r"^DATE:|^TIME:|^DEPT|^RE:|HEARING DATE",
    re.IGNORECASE,
)
MAX_LINES = 80  # the caption is near the top
MAX_LENGTH = 300  # Document.title


def title_from_page(text: str) -> str:
    """The caption's document title on this (first) page, or ""."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line][:MAX_LINES]
    for start, line in enumerate(lines):
        if capitals(line) and TITLE_WORD.search(line) and not NOT_TITLE.search(line):
            parts = [line]
            for following in lines[start + 1 :]:
                if not capitals(following) or NOT_TITLE.search(following):
                    break
                parts.append(following)
            return tidy(" ".join(parts))
    return ""


def capitals(line: str) -> bool:
    """A line set in capitals: at least six letters, nearly all of them upper case (an
    "et al." or a "v." may be lower)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def tidy(title: str) -> str:
    title = title.strip(" ;,:-–—")
    if len(title) > MAX_LENGTH:
        title = title[: MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return title


def name_from_first_page(document) -> None:
    """Give an untitled document the title its first page's caption states (once its text
    is stored); a title set at upload or edited since is kept."""
    if document.title:
        return
    text = Page.objects.filter(document_id=document.pk, number=1).values_list("text", flat=True).first()
    title = title_from_page(text or "")
    if title:
        Document.objects.filter(pk=document.pk, title="").update(title=title)
