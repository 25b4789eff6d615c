from django.db import migrations

from caselaw.citations import canonical_form, parse_statutes


def canonicalise(apps, schema_editor):
    """Store every citation once in its canonical form ("212 F.Supp.3d 917" and "212 F.
    Supp. 3d 917" were two citations), read again from its text as written; and the
    statutes each allegation rests on the same way, so citation links still match.

    One eyecite reading per distinct spelling, one UPDATE per spelling that changes: a
    corpus cites the same few authorities on page after page."""
    Citation = apps.get_model("filings", "Citation")
    Allegation = apps.get_model("caselaw", "Allegation")
    spellings = Citation.objects.values_list("kind", "matched_text", "normalized").distinct().iterator()
    for kind, matched_text, normalized in spellings:
        canonical = canonical_form(kind, matched_text, normalized)[:200]
        if canonical != normalized:
            Citation.objects.filter(kind=kind, matched_text=matched_text, normalized=normalized).update(
                normalized=canonical
            )
    for allegation in Allegation.objects.exclude(legal_basis="").iterator():
        statutes = parse_statutes(allegation.legal_basis)
        if statutes != allegation.statutes:
            Allegation.objects.filter(pk=allegation.pk).update(statutes=statutes)


class Migration(migrations.Migration):
    dependencies = [("filings", "0009_page_text_source"), ("caselaw", "0005_accounts_tokens_two_factor")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
