"""Editors and Archivists import and correct transcripts; Moderators change them to mark redactions.

A copy of the permissions as they were when this migration was written (see TRANSCRIPTS and
TRANSCRIPT_REDACTING in memorial/moderation/roles.py); it imports no application code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERY_ACTION = [
    ("recordings", f"{action}_{model}")
    for model in ("transcript", "cue", "segment")
    for action in ("add", "change", "delete", "view")
]
REDACTING = [
    ("recordings", "change_transcript"),
    ("recordings", "view_transcript"),
    ("recordings", "change_cue"),
    ("recordings", "view_cue"),
    ("recordings", "view_segment"),
]
GRANTS = {"Editors": EVERY_ACTION, "Archivists": EVERY_ACTION, "Moderators": REDACTING}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make the recordings app's now.
    app_config = apps.get_app_config("recordings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, pairs in GRANTS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        for app_label, codename in pairs:
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, pairs in GRANTS.items():
        group = group_model.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, codename in pairs:
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_workflows"),
        ("recordings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
