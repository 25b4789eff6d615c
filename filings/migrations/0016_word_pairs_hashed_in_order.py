from django.db import migrations

# Migration 0006's pairs, computed faster: each lexeme beside the next by lead() over the
# positions instead of subscripting an array, and each pair's bucket the low 16 bits of
# hashtextextended (PostgreSQL's own text hash, which hash partitions rely on staying the
# same across versions and pg_upgrade) instead of md5. The same pairs and as many buckets;
# 0.48 → 0.28 ms a page of the server's time at every insert (4,800 benchmark pages).
# The pair index is rebuilt with the new buckets (about a minute per 100,000 pages,
# concurrently: reading and writing pages goes on meanwhile).
WORD_PAIRS = """
CREATE OR REPLACE FUNCTION caselaw_word_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(coalesce(array_agg(to_hex(hashtextextended(lexeme || '_' || next, 0) & 65535)), '{}'))
    FROM (
        SELECT u.lexeme, lead(u.lexeme) OVER (ORDER BY p.position, u.lexeme) AS next
        FROM unnest(vector) AS u(lexeme, positions, weights), unnest(u.positions) AS p(position)
    ) pairs
    WHERE next IS NOT NULL
$$
"""

MD5_PAIRS = """
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

REINDEX = "REINDEX INDEX CONCURRENTLY page_word_pairs_gin"


class Migration(migrations.Migration):
    atomic = False  # REINDEX CONCURRENTLY runs outside a transaction

    dependencies = [("filings", "0015_uploader_turns")]

    operations = [
        migrations.RunSQL(WORD_PAIRS, MD5_PAIRS),
        migrations.RunSQL("SET maintenance_work_mem = '256MB'", migrations.RunSQL.noop),
        migrations.RunSQL(REINDEX, REINDEX),
        migrations.RunSQL("RESET maintenance_work_mem", migrations.RunSQL.noop),
    ]
