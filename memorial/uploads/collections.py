"""The collection for files that could not be cleaned: visible to the review groups only."""

from django.apps import apps as global_apps

from memorial.core.groups import ARCHIVISTS, EDITORS, MODERATORS

HELD_COLLECTION_NAME = "Held for review"


def held_collection(apps=None):
    """The 'Held for review' collection, created (with its view restriction) if missing."""
    if apps is None:
        apps = global_apps
    collection_model = apps.get_model("wagtailcore", "Collection")
    restriction_model = apps.get_model("wagtailcore", "CollectionViewRestriction")
    group_model = apps.get_model("auth", "Group")
    root = collection_model.objects.filter(depth=1).first()
    held = collection_model.objects.filter(depth=2, name=HELD_COLLECTION_NAME).first()
    if held is None:
        if hasattr(root, "add_child"):
            held = root.add_child(name=HELD_COLLECTION_NAME)
        else:  # historical model in a migration: no treebeard methods
            last = collection_model.objects.filter(depth=2).order_by("-path").first()
            step = int(last.path[-4:], 36) + 1 if last else 1
            path = root.path + _base36(step).rjust(4, "0")
            held = collection_model.objects.create(name=HELD_COLLECTION_NAME, depth=2, path=path, numchild=0)
            root.numchild += 1
            root.save(update_fields=["numchild"])
    restriction = restriction_model.objects.filter(collection=held).first()
    if restriction is None:
        restriction = restriction_model.objects.create(collection=held, restriction_type="groups")
    restriction.groups.add(*group_model.objects.filter(name__in=[MODERATORS, EDITORS, ARCHIVISTS]))
    return held


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"
