from django.db import migrations, models


def fill_word_keys(apps, schema_editor):
    """Every person's word keys, gathered from the NameKey rows already derived from the live names
    (a whole-name key begins with '#', a word key never does), in one statement: a registry of a
    million people is filled in seconds, not row by row."""
    quote = schema_editor.quote_name
    people = quote(apps.get_model("remembrance", "Remembrance")._meta.db_table)
    keys = quote(apps.get_model("remembrance", "NameKey")._meta.db_table)
    # Only the two quoted table names are put into the statements: nothing comes from input.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE {people} SET word_keys = gathered.keys FROM ("  # noqa: S608
            f"SELECT person_id, string_agg(key, ' ' ORDER BY key COLLATE \"C\") AS keys FROM {keys} "
            f"WHERE key NOT LIKE '#%%' GROUP BY person_id) AS gathered WHERE gathered.person_id = {people}.id"
        )
    else:
        schema_editor.execute(
            f"UPDATE {people} SET word_keys = COALESCE((SELECT group_concat(key, ' ') FROM "  # noqa: S608
            f"(SELECT key FROM {keys} WHERE person_id = {people}.id AND key NOT LIKE '#%%' ORDER BY key)), '')"
        )


def create_index(apps, schema_editor):
    from memorial.remembrance import keyindex

    keyindex.create_index(schema_editor, apps.get_model("remembrance", "Remembrance"))


def drop_index(apps, schema_editor):
    from memorial.remembrance import keyindex

    keyindex.drop_index(schema_editor, apps.get_model("remembrance", "Remembrance"))


class Migration(migrations.Migration):
    dependencies = [
        ("remembrance", "0007_latest_names_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="remembrance",
            name="word_keys",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Every word key of the names, for the inverted index on PostgreSQL; computed from the names.",
                verbose_name="name keys",
            ),
        ),
        migrations.RunPython(fill_word_keys, migrations.RunPython.noop),
        # On PostgreSQL only: a GIN index over the keys (see keyindex); nothing on SQLite.
        migrations.RunPython(create_index, drop_index),
    ]
