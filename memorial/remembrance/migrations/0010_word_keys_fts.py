"""On SQLite, the inverted index over the word keys: an FTS5 table kept by triggers (see keyindex).

PostgreSQL has its GIN index since 0008; an SQLite built without FTS5 gets nothing, and the name
search reads the NameKey table there as before.
"""

from django.db import migrations


def create_fts(apps, schema_editor):
    from memorial.remembrance import keyindex

    keyindex.ensure_index(schema_editor.connection, apps.get_model("remembrance", "Remembrance")._meta.db_table)


def drop_fts(apps, schema_editor):
    from memorial.remembrance import keyindex

    keyindex.drop_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("remembrance", "0009_scheduled_indexes"),
    ]

    operations = [
        migrations.RunPython(create_fts, drop_fts),
    ]
