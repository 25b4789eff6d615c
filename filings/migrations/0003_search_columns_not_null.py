import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every page now has its case and date (0002 filled them in from the filing)."""

    dependencies = [
        ("caselaw", "0002_initial"),
        ("filings", "0002_search_columns_claim_links"),
    ]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="case",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="caselaw.case",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="date_filed",
            field=models.DateField(editable=False),
        ),
    ]
