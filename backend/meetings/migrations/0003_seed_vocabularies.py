"""Seeds the controlled vocabularies from matchmaking.vocabulary; organizers edit them afterwards."""

from django.db import migrations

KINDS = {
    "instrument": "INSTRUMENTS",
    "theme": "THEMES",
    "stage": "STAGES",
    "purchase_category": "PURCHASE_CATEGORIES",
}


def seed(apps, schema_editor):
    from matchmaking import vocabulary

    Term = apps.get_model("meetings", "Term")
    for kind, name in KINDS.items():
        for position, (code, label) in enumerate(getattr(vocabulary, name)):
            Term.objects.get_or_create(kind=kind, code=code, defaults={"label": label, "position": position})


class Migration(migrations.Migration):

    dependencies = [("meetings", "0002_profiles_replanning")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
