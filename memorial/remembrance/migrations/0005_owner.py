import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def owners_from_first_revisions(apps, schema_editor):
    """Existing records are owned by whoever saved their first revision (none for imports and the public form)."""
    remembrance_model = apps.get_model("remembrance", "Remembrance")
    revision_model = apps.get_model("wagtailcore", "Revision")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    content_type = content_type_model.objects.filter(app_label="remembrance", model="remembrance").first()
    if content_type is None:
        return
    first = (
        revision_model.objects.filter(base_content_type=content_type, user__isnull=False)
        .order_by("object_id", "created_at", "pk")
        .values_list("object_id", "user_id")
    )
    owners = {}
    for object_id, user_id in first:
        owners.setdefault(object_id, user_id)
    for record in remembrance_model.objects.filter(owner__isnull=True).only("pk"):
        user_id = owners.get(str(record.pk))
        if user_id is not None:
            remembrance_model.objects.filter(pk=record.pk).update(owner_id=user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("remembrance", "0004_name_spellings"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="remembrance",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.RunPython(owners_from_first_revisions, migrations.RunPython.noop),
    ]
