"""Keys for quoted phrases that hold stop words ("not the court", "proceedings and will
not"), so such a phrase is looked up by an index instead of checking its words on every
page that has its one or two other words.

The english configuration keeps no stop words, so neither the word index nor the pair
index (migration 0006) knows where "not the" stands. Each page gets a second small vector
of keys: every word that is not a stop word together with the stop words right before it
(each suffix of that run: "the court", "not the court") and right after it ("court of",
"court of the"), up to MAX_RUN stop words. A phrase is then looked up by the same units of
its own words. Every unit a phrase gives is one its pages have, so the keys only narrow
the pages its exact check (filings/search/text_query.py) reads.

Each unit is kept as one of 2^20 buckets (five hex digits of its CRC-32), as the pair
index keeps its pairs: the index stays small, and a bucket shared with another unit only
adds pages that the exact check removes.
"""

import re
import zlib

# PostgreSQL's english.stop (the english configuration's stop words, as the Snowball list).
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now""".split()
)
MAX_RUN = 4  # stop words kept on each side of a word (a longer run is matched by its nearest four)
_WORD = re.compile(r"[^\W_]+")  # as the exact check and the query read words


def _key(unit: str) -> str:
    return f"{zlib.crc32(unit.encode()) & 0xFFFFF:05x}"


def page_keys(text: str) -> str:
    """The page's keys as tsvector text ("0a1f3 9c2e0 …"), "" when it has none."""
    words = _WORD.findall((text or "").lower())
    stop = STOP_WORDS
    units = set()
    last = len(words) - 1
    for i, word in enumerate(words):
        if word in stop:
            continue
        unit, j = word, i - 1
        while j >= 0 and i - j <= MAX_RUN and words[j] in stop:
            unit = f"{words[j]} {unit}"
            units.add(unit)
            j -= 1
        unit, j = word, i + 1
        while j <= last and j - i <= MAX_RUN and words[j] in stop:
            unit = f"{unit} {words[j]}"
            units.add(unit)
            j += 1
    return " ".join(sorted({_key(unit) for unit in units}))


def phrase_keys(words: tuple[str, ...] | list[str]) -> list[str]:
    """The keys every page holding the phrase `words` (lower case, in order) has: for each
    word that is not a stop word, the stop words between it and its neighbours in the
    phrase (at most MAX_RUN, the nearest). [] for a phrase with no stop word next to
    another word, or of stop words only."""
    keys = set()
    for i, word in enumerate(words):
        if word in STOP_WORDS:
            continue
        before, j = [], i - 1
        while j >= 0 and words[j] in STOP_WORDS and len(before) < MAX_RUN:
            before.insert(0, words[j])
            j -= 1
        after, j = [], i + 1
        while j < len(words) and words[j] in STOP_WORDS and len(after) < MAX_RUN:
            after.append(words[j])
            j += 1
        if before:
            keys.add(_key(" ".join([*before, word])))
        if after:
            keys.add(_key(" ".join([word, *after])))
    return sorted(keys)


def fill_phrase_keys(connection, *, batch_size: int = 2000, progress=None) -> int:
    """Give the stored pages that have none their phrase keys, batch by batch in order of
    id (safe to stop and run again: the migration that added them, `reindex_pages`).
    Returns how many pages got keys."""
    filled = last_id = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, text FROM filings_page WHERE id > %s AND phrase_keys IS NULL "
                "ORDER BY id LIMIT %s",
                [last_id, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return filled
            last_id = rows[-1][0]
            cursor.execute(
                "UPDATE filings_page p SET phrase_keys = u.keys::tsvector "
                "FROM unnest(%s::bigint[], %s::text[]) AS u(id, keys) WHERE p.id = u.id",
                [[pk for pk, _ in rows], [page_keys(text) for _, text in rows]],
            )
        filled += len(rows)
        if progress:
            progress(filled)
