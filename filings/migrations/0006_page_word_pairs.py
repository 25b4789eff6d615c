import django.contrib.postgres.indexes
from django.db import migrations

import filings.models.documents

# The pairs of neighbouring lexemes on a page, in order of position, as one-word lexemes
# "a_b". Stop words leave no lexeme, so "motion to dismiss" gives 'motion_dismiss', on the
# page and in the query alike. IMMUTABLE: it only reads its argument (an index needs it).
WORD_PAIRS = """
CREATE OR REPLACE FUNCTION caselaw_word_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(coalesce(array_agg(lexemes[i] || '_' || lexemes[i + 1]), '{}'))
    FROM (
        SELECT array_agg(u.lexeme ORDER BY p.position, u.lexeme) AS lexemes
        FROM unnest(vector) AS u(lexeme, positions, weights), unnest(u.positions) AS p(position)
    ) ordered,
    generate_series(1, coalesce(array_length(lexemes, 1), 0) - 1) AS i
$$
"""


class Migration(migrations.Migration):
    """An index of neighbouring word pairs, so a quoted phrase is looked up by its pairs
    instead of by each of its words. Common words ("fair", "use", "motion") are on a
    large share of pages; intersecting their whole index entries and rechecking word
    positions page by page is what made phrase searches slow. Elasticsearch's
    `index_phrases` does the same with two-word shingles."""

    dependencies = [("filings", "0005_page_vector_storage_main")]

    operations = [
        migrations.RunSQL(WORD_PAIRS, "DROP FUNCTION IF EXISTS caselaw_word_pairs(tsvector)"),
        migrations.AddIndex(
            model_name="page",
            index=django.contrib.postgres.indexes.GinIndex(
                filings.models.documents.WordPairs("search_vector"), name="page_word_pairs_gin"
            ),
        ),
    ]
