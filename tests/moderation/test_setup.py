"""The moderation set-up in code: ``ensure_moderation()`` makes what is missing and changes nothing else."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from memorial.core.groups import ARCHIVISTS, CONTRIBUTORS, EDITORS, MODERATORS, ROLE_NAMES
from memorial.moderation.setup import ensure_moderation
from memorial.uploads.collections import HELD_COLLECTION_NAME
from tests import factories


def _names(groups):
    return tuple(sorted(group.name for group in groups.all()))


def moderation_rows(with_ids):
    """Every row the set-up makes or keeps, by what it means; with the rows' ids when asked."""

    def key(row, *meaning):
        return (row.pk, *meaning) if with_ids else meaning

    rows = {
        "groups": [key(group, group.name) for group in Group.objects.all()],
        "group permissions": [
            key(through, through.group.name, through.permission.content_type.app_label, through.permission.codename)
            for through in Group.permissions.through.objects.select_related("group", "permission__content_type")
        ],
        "page permissions": [
            key(row, row.group.name, row.page_id, row.permission.codename)
            for row in GroupPagePermission.objects.select_related("group", "permission")
        ],
        "collection permissions": [
            key(row, row.group.name, row.collection.name, row.permission.codename)
            for row in GroupCollectionPermission.objects.select_related("group", "collection", "permission")
        ],
        "collections": [key(row, row.path, row.name, row.numchild) for row in Collection.objects.all()],
        "collection restrictions": [
            key(row, row.collection.name, row.restriction_type, _names(row.groups))
            for row in CollectionViewRestriction.objects.select_related("collection")
        ],
        "tasks": [
            key(row, row.name, row.content_type.model, row.active, _names(row.specific.groups))
            for row in Task.objects.select_related("content_type")
        ],
        "workflows": [key(row, row.name, row.active) for row in Workflow.objects.all()],
        "workflow steps": [
            key(row, row.workflow.name, row.task.name, row.sort_order)
            for row in WorkflowTask.objects.select_related("workflow", "task")
        ],
        "workflow pages": [key(row, row.page_id, row.workflow.name) for row in WorkflowPage.objects.all()],
        "workflow types": [
            key(row, row.content_type.model, row.workflow.name) for row in WorkflowContentType.objects.all()
        ],
    }
    return {name: sorted(found) for name, found in rows.items()}


def test_running_the_setup_again_changes_nothing(site_tree):
    """A second run finds every group, permission, collection, task, workflow and assignment in place:
    no row is added, removed, replaced or changed."""
    ensure_moderation()
    before = moderation_rows(with_ids=True)
    assert len(before["groups"]) >= len(ROLE_NAMES) and before["workflow pages"]  # a live control
    ensure_moderation()
    assert moderation_rows(with_ids=True) == before


# Moderators and Editors are also Wagtail's initial groups: Wagtail's, wagtailmedia's and Wagtail
# Localize's own migrations give them rights of their own, which the set-up does not make again.
@pytest.mark.parametrize("role", [CONTRIBUTORS, ARCHIVISTS])
def test_a_deleted_role_group_is_restored(site_tree, role):
    """Deleting a role group takes its permissions, rights and restrictions with it; the set-up
    makes the group again with all of them."""
    ensure_moderation()
    before = moderation_rows(with_ids=False)
    Group.objects.get(name=role).delete()
    assert moderation_rows(with_ids=False) != before
    ensure_moderation()
    assert moderation_rows(with_ids=False) == before


def test_the_setup_makes_the_roles_the_held_collection_and_the_workflows(site_tree):
    Group.objects.filter(name__in=ROLE_NAMES).delete()
    Workflow.objects.filter(name__in=["Testimony review", "Remembrance review"]).delete()
    Collection.objects.filter(name=HELD_COLLECTION_NAME).delete()
    ensure_moderation()
    assert set(Group.objects.filter(name__in=ROLE_NAMES).values_list("name", flat=True)) == set(ROLE_NAMES)
    held = Collection.objects.get(name=HELD_COLLECTION_NAME)
    assert set(held.view_restrictions.get().groups.values_list("name", flat=True)) == {MODERATORS, EDITORS, ARCHIVISTS}
    assert site_tree.testimony_index.get_workflow().name == "Testimony review"


def test_a_new_testimony_index_is_moderated_at_once(db):
    """A testimony index created after the set-up has run is under the testimony review, and
    Contributors may add testimonies to it, without anything else being run."""
    index = factories.TestimonyIndexPageFactory()
    assert index.get_workflow().name == "Testimony review"
    assert GroupPagePermission.objects.filter(
        group__name=CONTRIBUTORS, page=index, permission__codename="add_page"
    ).exists()
