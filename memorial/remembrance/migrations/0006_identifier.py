import uuid

from django.db import migrations, models


def fill_identifiers(apps, schema_editor):
    """Give every existing record an identifier of its own (a column default would give one to all)."""
    Remembrance = apps.get_model("remembrance", "Remembrance")
    batch = []
    for pk in Remembrance.objects.filter(identifier__isnull=True).values_list("pk", flat=True).iterator():
        batch.append(Remembrance(pk=pk, identifier=uuid.uuid4()))
        if len(batch) >= 1000:
            Remembrance.objects.bulk_update(batch, ["identifier"])
            batch = []
    Remembrance.objects.bulk_update(batch, ["identifier"])


class Migration(migrations.Migration):
    dependencies = [("remembrance", "0005_owner")]

    operations = [
        migrations.AddField(
            model_name="remembrance",
            name="identifier",
            field=models.UUIDField(editable=False, null=True, verbose_name="identifier"),
        ),
        migrations.RunPython(fill_identifiers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="remembrance",
            name="identifier",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="identifier"),
        ),
    ]
