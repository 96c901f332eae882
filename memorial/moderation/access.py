"""What each role may read in the admin: the rules behind every listing, chooser, report and the API.

- Drafting users (Contributors: page rights limited to "add") see the pages they own and the pages
  they were given rights on, with the way down to them; they choose pages, images and documents
  only from what is public or theirs, and read only the people's records they created.
- Reviewers (Moderators, Editors) see every page their rights reach, except pages restricted to
  groups they are not in (archive-only and withdrawn testimonies are restricted to Archivists),
  unless the page is in a review now: reviewers see what they review.
- Archivists pass the restrictions made for them, so they read restricted material.

Wagtail asks here through its own mechanisms: the page permission policy registered in
``apps.py`` (explorer, page search, admin API, site history, workflow reports), and the chooser
and serve hooks in ``wagtail_hooks.py``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    WorkflowState,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from memorial.publication import gate
from memorial.publication.models import ExposedKind, Exposure

REVIEWING_PAGE_RIGHTS = {"change_page", "publish_page"}


def reviews_pages(user):
    """Whether the user's page rights go beyond drafting their own pages."""
    if user.is_superuser:
        return True
    return GroupPagePermission.objects.filter(group__user=user, permission__codename__in=REVIEWING_PAGE_RIGHTS).exists()


def _ancestor_paths(path, steplen=Page.steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def _hidden_by_restrictions(user):
    """Ids of pages under a view restriction to groups the user is not in, and not in a review now.

    A list, not a subquery: the admin's page searches hand the queryset to the search backend,
    which filters on plain values only.
    """
    restrictions = PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.GROUPS).exclude(
        groups__user=user
    )
    paths = set(restrictions.values_list("page__path", flat=True))
    if not paths:
        return []
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    in_review = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), status=WorkflowState.STATUS_IN_PROGRESS
    ).values_list("object_id", flat=True)
    return list(Page.objects.filter(under).exclude(pk__in=[int(pk) for pk in in_review]).values_list("pk", flat=True))


def visible_pages(user, queryset):
    """The pages of a queryset this user may read in the admin."""
    if not user.is_active or user.is_anonymous:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if not reviews_pages(user):
        granted = GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
        way_down = {prefix for path in granted for prefix in _ancestor_paths(path)}
        return queryset.filter(Q(owner=user) | Q(path__in=way_down))
    hidden = _hidden_by_restrictions(user)
    return queryset.exclude(pk__in=hidden) if hidden else queryset


def page_is_visible(user, page):
    return visible_pages(user, Page.objects.filter(pk=page.pk)).exists()


def pages_to_choose(user, queryset):
    """Pages a user may link to: reviewers what they see; drafting users what is public or theirs."""
    if reviews_pages(user):
        return visible_pages(user, queryset)
    public = gate.public_pages(Page.objects.all()).values("pk")
    return queryset.filter(Q(pk__in=public) | Q(owner=user))


class ArchivePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, narrowed to the pages ``visible_pages`` lets the user read."""

    def explorable_instances(self, user):
        return visible_pages(user, super().explorable_instances(user))

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_pages(user, super().instances_user_has_any_permission_for(user, actions))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(user, actions, instance) and page_is_visible(user, instance)


# Images and documents --------------------------------------------------------------------------


def _restricted_collection_ids(user):
    """Collections (with everything below them) restricted to groups the user is not in."""
    ids = set()
    for restriction in CollectionViewRestriction.objects.filter(
        restriction_type=CollectionViewRestriction.GROUPS
    ).exclude(groups__user=user):
        ids.update(
            Collection.objects.descendant_of(restriction.collection, inclusive=True).values_list("pk", flat=True)
        )
    return ids


def _public_ids(kind, model):
    """Images or documents a public record shows now, outside restricted collections (the gate's rule)."""
    rows = Exposure.objects.filter(kind=kind).select_related("holder_type")
    holders = {}
    for row in rows:
        holder_model = row.holder_type.model_class()
        if holder_model is not None:
            holders.setdefault((holder_model, holder_model._meta.pk.to_python(row.holder_id)), set()).add(row.object_id)
    ids = set()
    for holder in gate.public_holders(holders):
        ids |= holders[holder]
    restricted = CollectionViewRestriction.objects.values("collection")
    return set(model.objects.filter(pk__in=ids).exclude(collection__in=restricted).values_list("pk", flat=True))


def media_to_choose(user, queryset, change_permission):
    """Images or documents a user may choose: all but restricted ones for those who manage them;
    for drafting users only what is public or what they uploaded themselves."""
    if user.is_superuser:
        return queryset
    if user.has_perm(change_permission):
        restricted = _restricted_collection_ids(user)
        return queryset.exclude(collection__in=restricted) if restricted else queryset
    kind = ExposedKind.IMAGE if queryset.model._meta.model_name == "image" else ExposedKind.DOCUMENT
    return queryset.filter(Q(uploaded_by_user=user) | Q(pk__in=_public_ids(kind, queryset.model)))
