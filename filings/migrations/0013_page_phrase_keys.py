import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


def fill(apps, schema_editor):
    from filings.search.stop_phrases import fill_phrase_keys

    fill_phrase_keys(schema_editor.connection)


class Migration(migrations.Migration):
    """Keys for quoted phrases holding stop words (filings/search/stop_phrases.py), filled
    in for the pages already stored (about 0.3 ms a page), then indexed."""

    dependencies = [("filings", "0012_page_text_db_defaults")]

    operations = [
        migrations.AddField(
            model_name="page",
            name="phrase_keys",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="page",
            index=django.contrib.postgres.indexes.GinIndex(fields=["phrase_keys"], name="page_phrase_keys_gin"),
        ),
    ]
