from django.db import migrations


def fill(apps, schema_editor):
    from memorial.remembrance.indexing import rebuild

    rebuild(apps.get_model("remembrance", "Remembrance"), apps.get_model("remembrance", "NameKey"))


class Migration(migrations.Migration):
    dependencies = [("remembrance", "0002_name_search")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
