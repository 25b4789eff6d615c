"""A document deleted while a worker matches it against the alerts: the rows the worker
writes of it (its scan, its hits) go with it in the database itself (ON DELETE CASCADE),
not only through Django's collector, which cannot see a row written after it looked."""

from django.db import migrations

CASCADE_TO_DOCUMENT = """
DO $$
DECLARE
    target record;
BEGIN
    FOR target IN
        SELECT c.conname, c.conrelid::regclass AS tbl
        FROM pg_constraint c
        WHERE c.contype = 'f'
          AND c.confrelid = 'filings_document'::regclass
          AND c.conrelid IN ('filings_alertscan'::regclass, 'filings_alerthit'::regclass)
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', target.tbl, target.conname);
        EXECUTE format(
            'ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (document_id) REFERENCES filings_document (id) '
            'ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED',
            target.tbl, target.conname
        );
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("filings", "0019_alerts")]

    operations = [migrations.RunSQL(CASCADE_TO_DOCUMENT, reverse_sql=migrations.RunSQL.noop)]
