import django.contrib.postgres.indexes
from django.db import migrations

import filings.models.documents

# The pairs of neighbouring lexemes on a page, in order of position, each reduced to one of
# 65,536 buckets (the first four hex digits of md5("a_b")). Stop words leave no lexeme,
# so "motion to dismiss" gives the bucket of 'motion_dismiss', on the page and in the
# query alike. Buckets keep the index small: a page has ~120 pairs, most of them seen on
# no other page, and an index of the pairs themselves was 8 times the word index (2.8 GB
# at a million pages; buckets: ~0.6 GB). A bucket shared with other pairs only adds
# candidates (3–12% more for the benchmark's phrases), which the phrase check removes.
# IMMUTABLE: it only reads its argument (an index needs that).
WORD_PAIRS = """
CREATE OR REPLACE FUNCTION caselaw_word_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(
        coalesce(array_agg(left(md5(lexemes[i] || '_' || lexemes[i + 1]), 4)), '{}')
    )
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
    `index_phrases` does the same with two-word shingles.

    Building the index on existing pages takes about a minute per 100,000 pages."""

    dependencies = [("filings", "0005_page_vector_storage_main")]

    operations = [
        migrations.RunSQL(WORD_PAIRS, "DROP FUNCTION IF EXISTS caselaw_word_pairs(tsvector)"),
        # GIN builds in memory chunks of this size; the default 64 MB writes ~4× as often.
        migrations.RunSQL("SET LOCAL maintenance_work_mem = '256MB'", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="page",
            index=django.contrib.postgres.indexes.GinIndex(
                filings.models.documents.WordPairs("search_vector"), name="page_word_pairs_gin"
            ),
        ),
    ]
