"""The archive's roles, created in code so that a fresh install works without clicking.

``ensure_roles()`` is idempotent: the data migration runs it on install, and the demo
command runs it again once the index pages exist, to give page permissions there.
"""

from django.contrib.auth.models import Permission
from django.db import transaction

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
]
MEDIA_MANAGE = [*MEDIA_USE, ("wagtailimages", "change_image"), ("wagtaildocs", "change_document")]
VOCABULARIES = [
    (app, f"{action}_{model}")
    for app, model in [("core", "place"), ("core", "source"), ("core", "theme"), ("history", "event")]
    for action in ("add", "change", "delete", "view")
]
REMEMBRANCE_DRAFTING = [("remembrance", "add_remembrance"), ("remembrance", "change_remembrance")]
REMEMBRANCE_PUBLISHING = [
    *REMEMBRANCE_DRAFTING,
    ("remembrance", "publish_remembrance"),
    ("remembrance", "lock_remembrance"),
]

MODEL_PERMISSIONS = {
    CONTRIBUTORS: [*ADMIN_ACCESS, *MEDIA_USE, *REMEMBRANCE_DRAFTING, ("core", "view_place"), ("core", "view_theme")],
    MODERATORS: [
        *ADMIN_ACCESS,
        *MEDIA_MANAGE,
        *REMEMBRANCE_DRAFTING,
        ("remembrance", "lock_remembrance"),
        ("core", "view_place"),
        ("core", "view_source"),
        ("core", "view_theme"),
    ],
    EDITORS: [
        *ADMIN_ACCESS,
        *MEDIA_MANAGE,
        *REMEMBRANCE_PUBLISHING,
        *VOCABULARIES,
        ("remembrance", "delete_remembrance"),
    ],
    ARCHIVISTS: [*ADMIN_ACCESS, *MEDIA_MANAGE, *REMEMBRANCE_PUBLISHING, *VOCABULARIES],
}

# Page permissions, granted on the named page types (every page of that type in every locale).
CONTRIBUTOR_PAGES = ["testimonies.testimonyindexpage"]
PAGE_PERMISSIONS = {
    CONTRIBUTORS: (CONTRIBUTOR_PAGES, ["add_page", "change_page"]),
    MODERATORS: (CONTRIBUTOR_PAGES, ["add_page", "change_page", "lock_page"]),
    EDITORS: (["home.homepage"], ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
    ARCHIVISTS: (["home.homepage"], ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
}


def _permissions(pairs, permission_model=Permission):
    found = []
    for app_label, codename in pairs:
        perm = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            found.append(perm)
    return found


@transaction.atomic
def ensure_roles(apps=None):
    """Create the groups and (re)grant their permissions; safe to run any number of times."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
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
        group.permissions.add(*_permissions(MODEL_PERMISSIONS[name], permission_model))
        groups[name] = group

    root_collection = collection_model.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, group in groups.items():
            pairs = MEDIA_MANAGE if name != CONTRIBUTORS else MEDIA_USE
            for perm in _permissions(
                [p for p in pairs if p[1].split("_")[0] in {"add", "change", "choose"}], permission_model
            ):
                group_collection_permission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )

    for name, (model_names, codenames) in PAGE_PERMISSIONS.items():
        perms = _permissions([("wagtailcore", c) for c in codenames], permission_model)
        for dotted in model_names:
            app_label, model = dotted.split(".")
            content_type = content_type_model.objects.filter(app_label=app_label, model=model).first()
            if content_type is None:
                continue
            for page in page_model.objects.filter(content_type=content_type):
                for perm in perms:
                    group_page_permission.objects.get_or_create(group=groups[name], page=page, permission=perm)
    return groups


def grant_after_migrate(sender, **kwargs):
    """Grant the roles Wagtail's publish and lock permissions for snippets, made after migrations."""
    if sender.label != "wagtailsnippets":
        return
    from wagtail.snippets.models import create_extra_permissions

    create_extra_permissions(**kwargs)  # idempotent; ensures they exist before granting
    ensure_roles()
