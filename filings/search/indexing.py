"""The text a page's search vector is built from: the page text, then the parts of the
words PostgreSQL's parser keeps whole.

The parser reads `jane.doe@kirkland-firm.com`, `www.courtlistener.com/docket/...`,
`firm.com` and `/usr/local/file.txt` as one token each (email, url, host, file), so a
search for "kirkland" or "courtlistener" found nothing. Hyphenated words need nothing:
the parser already gives "fair-use" as "fair" and "use" too. The parts go after the
text, so the page's own words keep their positions (phrases and ranking unchanged).

    to_tsvector('english', index_text(text))
"""

import re

# The text search configuration pages are indexed with; search must query with the same.
TEXT_SEARCH_CONFIG = "english"

# What makes a run of non-space characters an e-mail, a URL, a host name or a path: "@",
# "://", a "/" between word characters, or a "." with a letter on one side (not "1.5").
_JOINED = re.compile(r"@|://|\w/\w|[^\W\d_]\.\w|\w\.[^\W\d_]")
_PART = re.compile(r"[^\W_]+")  # letters and digits
_EMAIL_DOMAIN = re.compile(r"@([\w-]+(?:\.[\w-]+)+)")
_NOISE = {"http", "https", "ftp", "mailto", "www"}  # on every URL: a search for them means nothing


def index_text(text: str) -> str:
    """`text`, then one line with the parts of its e-mail addresses, URLs, host names
    and paths, in order (each address once), and each e-mail's domain (so
    "kirkland-firm.com" finds "jane.doe@kirkland-firm.com"); `text` itself when it has
    none. Abbreviations of single letters ("U.S.C", "e.g") add nothing."""
    added: dict[str, None] = {}
    # str.split and `in` run in C: a page's few hundred words cost microseconds, where one
    # regular expression over the page cost a millisecond.
    chunks = [c for c in (text or "").split() if ("." in c or "@" in c or "/" in c) and _JOINED.search(c)]
    for chunk in chunks:
        parts = [part.lower() for part in _PART.findall(chunk) if part.lower() not in _NOISE]
        if all(len(part) < 2 for part in parts):
            continue
        line = " ".join([*(d.lower() for d in _EMAIL_DOMAIN.findall(chunk)), *parts])
        added.setdefault(line, None)
    if not added:
        return text
    return f"{text}\n{' '.join(added)}"


def reindex_pages(*, batch_size: int = 2000, progress=None) -> tuple[int, int]:
    """Rebuild the search vectors of stored pages whose text has parts to add, batch by
    batch in order of id (safe to stop and run again). Returns (pages read, rebuilt)."""
    from django.db import connection, transaction

    from filings.models import Page

    read = rebuilt = 0
    last_id = 0
    while True:
        rows = list(Page.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", "text")[:batch_size])
        if not rows:
            return read, rebuilt
        last_id = rows[-1][0]
        read += len(rows)
        changed = [(pk, indexed) for pk, text in rows if (indexed := index_text(text)) != text]
        if changed:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE filings_page p SET search_vector = to_tsvector('{TEXT_SEARCH_CONFIG}', u.text) "
                    "FROM unnest(%s::bigint[], %s::text[]) AS u(id, text) WHERE p.id = u.id",
                    [[pk for pk, _ in changed], [text for _, text in changed]],
                )
            rebuilt += len(changed)
        if progress:
            progress(read, rebuilt)
