"""What each role may do: the model, collection and page permissions of the four role groups.

``ensure_roles()`` creates the groups and grants them these permissions, idempotently; it is one
step of ``memorial.moderation.setup.ensure_moderation()``, which says when it runs. The group names
live in ``memorial.core.groups`` so that the layers below moderation can name a role.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

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
    # The archive's custodians read senders' contact details too (each reading is recorded).
    ("submissions", "view_submissioncontact"),
    ("uploads", "view_sealedoriginal"),
    ("uploads", "read_sealed_original"),
    # The fixity results of the originals (memorial.preservation); skipped if absent.
    ("preservation", "view_fixityrecord"),
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


def _permissions(pairs):
    found = []
    for app_label, codename in pairs:
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            found.append(perm)
    return found


@transaction.atomic
def ensure_roles():
    """Create the groups and (re)grant their permissions; safe to run any number of times."""
    groups = {}
    for name in ROLE_NAMES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(MODEL_PERMISSIONS[name]))
        groups[name] = group

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, group in groups.items():
            pairs = MEDIA_MANAGE if name != CONTRIBUTORS else MEDIA_USE
            for perm in _permissions([p for p in pairs if p[1].split("_")[0] in {"add", "change", "choose"}]):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )

    for name, (model_names, codenames) in PAGE_PERMISSIONS.items():
        perms = _permissions([("wagtailcore", c) for c in codenames])
        for dotted in model_names:
            app_label, model = dotted.split(".")
            content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
            if content_type is None:
                continue
            for page in Page.objects.filter(content_type=content_type):
                for perm in perms:
                    GroupPagePermission.objects.get_or_create(group=groups[name], page=page, permission=perm)

    # The roles' page rights are the ones above: none on the tree's root (where Wagtail's initial
    # data puts its default groups' rights), and never the ones a role must not have.
    GroupPagePermission.objects.filter(group__in=groups.values(), page__depth=1).delete()
    for name, codenames in NEVER_PAGE_PERMISSIONS.items():
        GroupPagePermission.objects.filter(group=groups[name], permission__codename__in=codenames).delete()
    # Contributors and Moderators work on testimonies only: no rights on any other page.
    for name in (CONTRIBUTORS, MODERATORS):
        index_types = [dotted.split(".") for dotted in PAGE_PERMISSIONS[name][0]]
        outside = GroupPagePermission.objects.filter(group=groups[name])
        for app_label, model in index_types:
            outside = outside.exclude(page__content_type__app_label=app_label, page__content_type__model=model)
        outside.delete()
    for name, pairs in NEVER_MODEL_PERMISSIONS.items():
        groups[name].permissions.remove(*_permissions(pairs))
    return groups
