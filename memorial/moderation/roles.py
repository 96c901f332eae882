"""The archive's roles, created in code so that a fresh install works without clicking.

``ensure_roles()`` is idempotent: the data migration runs it on install, and the demo
command runs it again once the index pages exist, to give page permissions there.
"""

from django.contrib.auth.models import Permission
from django.db import transaction

from memorial.core.groups import ARCHIVISTS, CONTRIBUTORS, EDITORS, MODERATORS, ROLE_NAMES

ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
MEDIA_USE = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
# The recordings app's media permissions (wagtailmedia, model recordings.MediaFile); skipped if absent.
MEDIA_USE += [("recordings", "add_mediafile"), ("recordings", "choose_mediafile")]
MEDIA_MANAGE = [
    *MEDIA_USE,
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
    ("recordings", "change_mediafile"),
]
# Private records: consent, submissions and their contact details, sealed originals.
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
# "add" alone: Contributors create records and then edit only the ones they own (the names
# memorial's ownership policy); "change" would open every record, unpublished and withdrawn ones too.
REMEMBRANCE_DRAFTING = [("remembrance", "add_remembrance")]
REMEMBRANCE_REVIEWING = [*REMEMBRANCE_DRAFTING, ("remembrance", "change_remembrance")]
REMEMBRANCE_PUBLISHING = [
    *REMEMBRANCE_REVIEWING,
    ("remembrance", "publish_remembrance"),
    ("remembrance", "lock_remembrance"),
]

# Transcripts with their cues and index: Editors and Archivists import and correct them; Moderators
# change them to mark what is withheld. (The unredacted text is ``view_unredacted``, Archivists' alone.)
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

# Page permissions, granted on the named page types (every page of that type in every locale).
CONTRIBUTOR_PAGES = ["testimonies.testimonyindexpage"]
# Contributors have "add" only: in Wagtail that lets them create pages and edit the ones they own,
# so they never open someone else's testimony (a public submission, a witness's real name).
PAGE_PERMISSIONS = {
    CONTRIBUTORS: (CONTRIBUTOR_PAGES, ["add_page"]),
    MODERATORS: (CONTRIBUTOR_PAGES, ["add_page", "change_page", "lock_page"]),
    EDITORS: (["home.homepage"], ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
    ARCHIVISTS: (["home.homepage"], ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
}
# Model permissions a role must not keep from an earlier version of these lists.
NEVER_MODEL_PERMISSIONS = {
    CONTRIBUTORS: [
        ("remembrance", "change_remembrance"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "change_document"),
    ],
}
# Never held by these roles, on any page, whoever granted them: Wagtail's own initial data gives
# its "Moderators" group publishing rights on the root page, and an earlier version of these roles
# let Contributors edit every testimony. Only Editors and Archivists publish.
NEVER_PAGE_PERMISSIONS = {
    CONTRIBUTORS: ["change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    MODERATORS: ["publish_page", "bulk_delete_page", "unlock_page"],
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

    # The roles' page rights are the ones above: none on the tree's root (where Wagtail's initial
    # data puts its default groups' rights), and never the ones a role must not have.
    group_page_permission.objects.filter(group__in=groups.values(), page__depth=1).delete()
    for name, codenames in NEVER_PAGE_PERMISSIONS.items():
        group_page_permission.objects.filter(group=groups[name], permission__codename__in=codenames).delete()
    # Contributors and Moderators work on testimonies only: no rights on any other page.
    for name in (CONTRIBUTORS, MODERATORS):
        index_types = [dotted.split(".") for dotted in PAGE_PERMISSIONS[name][0]]
        outside = group_page_permission.objects.filter(group=groups[name])
        for app_label, model in index_types:
            outside = outside.exclude(page__content_type__app_label=app_label, page__content_type__model=model)
        outside.delete()
    for name, pairs in NEVER_MODEL_PERMISSIONS.items():
        groups[name].permissions.remove(*_permissions(pairs, permission_model))

    if apps is global_registry():
        # Needs the live models (treebeard, the workflow task models), so not from the first migration.
        from memorial.uploads.collections import held_collection

        from .workflows import ensure_workflows

        held_collection()
        ensure_workflows()
    return groups


def global_registry():
    from django.apps import apps as global_apps

    return global_apps


def grant_after_migrate(sender, **kwargs):
    """Grant the roles Wagtail's publish and lock permissions for snippets, made after migrations."""
    if sender.label != "wagtailsnippets":
        return
    from wagtail.snippets.models import create_extra_permissions

    create_extra_permissions(**kwargs)  # idempotent; ensures they exist before granting
    ensure_roles()
