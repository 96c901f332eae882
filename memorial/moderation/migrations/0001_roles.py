"""The four role groups with their model, collection and page permissions.

A frozen copy of the roles as they were when this migration was last changed (memorial/moderation/roles.py);
it imports no application code, so later changes to the roles do not change what it does. The running
set-up (``memorial.moderation.setup.ensure_moderation``) brings an install up to date after every migrate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTORS = "Contributors"
MODERATORS = "Moderators"
EDITORS = "Editors"
ARCHIVISTS = "Archivists"
ROLE_NAMES = [CONTRIBUTORS, MODERATORS, EDITORS, ARCHIVISTS]

ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
MEDIA_USE = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("recordings", "add_mediafile"),
    ("recordings", "choose_mediafile"),
]
MEDIA_MANAGE = [
    *MEDIA_USE,
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
    ("recordings", "change_mediafile"),
]
REVIEW_RECORDS = [
    ("consent", "add_consentrecord"),
    ("consent", "change_consentrecord"),
    ("consent", "view_consentrecord"),
    ("submissions", "view_submission"),
    ("submissions", "change_submission"),
    ("submissions", "view_submissioncontact"),
    ("uploads", "view_sealedoriginal"),
]
ARCHIVE_RECORDS = [
    ("consent", "view_consentrecord"),
    ("submissions", "view_submission"),
    ("uploads", "view_sealedoriginal"),
    ("uploads", "read_sealed_original"),
]
VOCABULARIES = [
    (app, f"{action}_{model}")
    for app, model in [("core", "place"), ("core", "source"), ("core", "theme"), ("history", "event")]
    for action in ("add", "change", "delete", "view")
]
REMEMBRANCE_DRAFTING = [("remembrance", "add_remembrance")]
REMEMBRANCE_REVIEWING = [*REMEMBRANCE_DRAFTING, ("remembrance", "change_remembrance")]
REMEMBRANCE_PUBLISHING = [
    *REMEMBRANCE_REVIEWING,
    ("remembrance", "publish_remembrance"),
    ("remembrance", "lock_remembrance"),
]
TRANSCRIPTS = [
    ("recordings", f"{action}_{model}")
    for model in ("transcript", "cue", "segment")
    for action in ("add", "change", "delete", "view")
]
TRANSCRIPT_REDACTING = [
    ("recordings", "change_transcript"),
    ("recordings", "view_transcript"),
    ("recordings", "change_cue"),
    ("recordings", "view_cue"),
    ("recordings", "view_segment"),
]
MODEL_PERMISSIONS = {
    CONTRIBUTORS: [*ADMIN_ACCESS, *MEDIA_USE, *REMEMBRANCE_DRAFTING, ("core", "view_place"), ("core", "view_theme")],
    MODERATORS: [
        *ADMIN_ACCESS,
        *MEDIA_MANAGE,
        *REMEMBRANCE_REVIEWING,
        ("remembrance", "lock_remembrance"),
        ("core", "view_place"),
        ("core", "view_source"),
        ("core", "view_theme"),
        *REVIEW_RECORDS,
        *TRANSCRIPT_REDACTING,
    ],
    EDITORS: [
        *ADMIN_ACCESS,
        *MEDIA_MANAGE,
        *REMEMBRANCE_PUBLISHING,
        *VOCABULARIES,
        ("remembrance", "delete_remembrance"),
        *REVIEW_RECORDS,
        *TRANSCRIPTS,
    ],
    ARCHIVISTS: [
        *ADMIN_ACCESS,
        *MEDIA_MANAGE,
        *REMEMBRANCE_PUBLISHING,
        *VOCABULARIES,
        *ARCHIVE_RECORDS,
        *TRANSCRIPTS,
    ],
}
CONTRIBUTOR_PAGES = ["testimonies.testimonyindexpage"]
PAGE_PERMISSIONS = {
    CONTRIBUTORS: (CONTRIBUTOR_PAGES, ["add_page"]),
    MODERATORS: (CONTRIBUTOR_PAGES, ["add_page", "change_page", "lock_page"]),
    EDITORS: (["home.homepage"], ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
    ARCHIVISTS: (["home.homepage"], ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
}
NEVER_MODEL_PERMISSIONS = {
    CONTRIBUTORS: [
        ("remembrance", "change_remembrance"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "change_document"),
    ],
}
NEVER_PAGE_PERMISSIONS = {
    CONTRIBUTORS: ["change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    MODERATORS: ["publish_page", "bulk_delete_page", "unlock_page"],
}


def _permissions(permission_model, pairs):
    """The permissions that exist among (app label, codename) pairs; those of apps not migrated yet are skipped."""
    found = []
    for app_label, codename in pairs:
        perm = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            found.append(perm)
    return found


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    page_model = apps.get_model("wagtailcore", "Page")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    group_page_permission = apps.get_model("wagtailcore", "GroupPagePermission")
    collection_model = apps.get_model("wagtailcore", "Collection")
    group_collection_permission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {}
    for name in ROLE_NAMES:
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(permission_model, MODEL_PERMISSIONS[name]))
        groups[name] = group

    # Adding, changing and choosing media on the root collection.
    root_collection = collection_model.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, group in groups.items():
            pairs = MEDIA_MANAGE if name != CONTRIBUTORS else MEDIA_USE
            pairs = [p for p in pairs if p[1].split("_")[0] in {"add", "change", "choose"}]
            for perm in _permissions(permission_model, pairs):
                group_collection_permission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )

    # Page rights on every page of the named types that exists now.
    for name, (model_names, codenames) in PAGE_PERMISSIONS.items():
        perms = _permissions(permission_model, [("wagtailcore", c) for c in codenames])
        for dotted in model_names:
            app_label, model = dotted.split(".")
            content_type = content_type_model.objects.filter(app_label=app_label, model=model).first()
            if content_type is None:
                continue
            for page in page_model.objects.filter(content_type=content_type):
                for perm in perms:
                    group_page_permission.objects.get_or_create(group=groups[name], page=page, permission=perm)

    # None on the tree's root (where Wagtail's initial data gives its Moderators and Editors rights),
    # none a role must not have, and for Contributors and Moderators none outside the testimony index.
    group_page_permission.objects.filter(group__in=groups.values(), page__depth=1).delete()
    for name, codenames in NEVER_PAGE_PERMISSIONS.items():
        group_page_permission.objects.filter(group=groups[name], permission__codename__in=codenames).delete()
    for name in (CONTRIBUTORS, MODERATORS):
        outside = group_page_permission.objects.filter(group=groups[name])
        for dotted in PAGE_PERMISSIONS[name][0]:
            app_label, model = dotted.split(".")
            outside = outside.exclude(page__content_type__app_label=app_label, page__content_type__model=model)
        outside.delete()
    for name, pairs in NEVER_MODEL_PERMISSIONS.items():
        groups[name].permissions.remove(*_permissions(permission_model, pairs))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("core", "0001_initial"),
        ("history", "0001_initial"),
        ("remembrance", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
