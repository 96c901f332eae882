from django.db import migrations


def create_workflows(apps, schema_editor):
    from memorial.moderation.workflows import ensure_workflows

    ensure_workflows(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_safety_review"),
        ("wagtailcore", "0098_apitoken"),
        ("testimonies", "0001_initial"),
        ("remembrance", "0001_initial"),
        ("home", "0003_create_homepage"),
    ]

    operations = [migrations.RunPython(create_workflows, migrations.RunPython.noop)]
