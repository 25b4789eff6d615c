from django.db import migrations, models

# What the search index (filings/search/page_index.py) has yet to take in: a row per page
# whose text, case, date, designation, seal or filing kind changed (or that was deleted),
# written by triggers in the same transaction as the change, so nothing is missed however
# the change is made. Each change takes a new version: the indexer deletes only the rows
# it read at their version, so a change made while it works stays for the next round.
CHANGES = """
CREATE SEQUENCE filings_search_index_version;

CREATE FUNCTION caselaw_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO filings_searchindexchange (page_id, version)
    SELECT id, nextval('filings_search_index_version') FROM changed_pages
    ON CONFLICT (page_id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$;

CREATE TRIGGER page_inserted_for_search_index AFTER INSERT ON filings_page
    REFERENCING NEW TABLE AS changed_pages FOR EACH STATEMENT EXECUTE FUNCTION caselaw_pages_changed();
CREATE TRIGGER page_updated_for_search_index AFTER UPDATE ON filings_page
    REFERENCING NEW TABLE AS changed_pages FOR EACH STATEMENT EXECUTE FUNCTION caselaw_pages_changed();
CREATE TRIGGER page_deleted_for_search_index AFTER DELETE ON filings_page
    REFERENCING OLD TABLE AS changed_pages FOR EACH STATEMENT EXECUTE FUNCTION caselaw_pages_changed();

CREATE FUNCTION caselaw_document_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO filings_searchindexchange (page_id, version)
    SELECT id, nextval('filings_search_index_version') FROM filings_page WHERE document_id = NEW.id
    ON CONFLICT (page_id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$;
CREATE TRIGGER document_designated_for_search_index AFTER UPDATE OF designation ON filings_document
    FOR EACH ROW WHEN (OLD.designation IS DISTINCT FROM NEW.designation)
    EXECUTE FUNCTION caselaw_document_pages_changed();

CREATE FUNCTION caselaw_filing_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO filings_searchindexchange (page_id, version)
    SELECT p.id, nextval('filings_search_index_version')
    FROM filings_page p JOIN filings_document d ON d.id = p.document_id WHERE d.filing_id = NEW.id
    ON CONFLICT (page_id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$;
CREATE TRIGGER filing_changed_for_search_index AFTER UPDATE OF sealed, kind ON filings_filing
    FOR EACH ROW WHEN (OLD.sealed IS DISTINCT FROM NEW.sealed OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION caselaw_filing_pages_changed();

-- A page's words as the index takes them: its lexemes (english configuration: stemmed,
-- e-mail and URL parts added, stop words gone) in the order they stand, "_" where a stop
-- word or nothing stood, so a phrase's distances are PostgreSQL's own.
CREATE FUNCTION caselaw_lexeme_text(vector tsvector) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(coalesce(l.lexeme, '_'), ' ' ORDER BY g.position, l.lexeme), '')
    FROM generate_series(
        1, (SELECT coalesce(max(p), 0) FROM unnest(vector) AS u, unnest(u.positions) AS p)
    ) AS g(position)
    LEFT JOIN (
        SELECT u.lexeme, p AS position FROM unnest(vector) AS u, unnest(u.positions) AS p
    ) l ON l.position = g.position
$$;

-- Pages already stored are all for the index to take in.
INSERT INTO filings_searchindexchange (page_id, version)
SELECT id, nextval('filings_search_index_version') FROM filings_page;
"""

DROP = """
DROP TRIGGER IF EXISTS filing_changed_for_search_index ON filings_filing;
DROP TRIGGER IF EXISTS document_designated_for_search_index ON filings_document;
DROP TRIGGER IF EXISTS page_deleted_for_search_index ON filings_page;
DROP TRIGGER IF EXISTS page_updated_for_search_index ON filings_page;
DROP TRIGGER IF EXISTS page_inserted_for_search_index ON filings_page;
DROP FUNCTION IF EXISTS caselaw_filing_pages_changed();
DROP FUNCTION IF EXISTS caselaw_document_pages_changed();
DROP FUNCTION IF EXISTS caselaw_pages_changed();
DROP FUNCTION IF EXISTS caselaw_lexeme_text(tsvector);
DROP SEQUENCE IF EXISTS filings_search_index_version;
"""


class Migration(migrations.Migration):
    dependencies = [("filings", "0016_word_pairs_hashed_in_order")]

    operations = [
        migrations.CreateModel(
            name="SearchIndexChange",
            fields=[
                ("page_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
        ),
        migrations.RunSQL(CHANGES, DROP),
    ]
