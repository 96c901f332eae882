"""Page querysets shared by every page family."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet


def restrictions_covering(path):
    """View restrictions on a page or any of its ancestors, as a subquery on the page's path."""
    return PageViewRestriction.objects.annotate(_length=Length("page__path")).filter(
        page__path=Substr(path, 1, F("_length"))
    )


def exclude_restricted(queryset):
    """``PageQuerySet.public()`` in the same SQL query, instead of a query for the restrictions first."""
    return queryset.exclude(Exists(restrictions_covering(OuterRef("path"))))


class MemorialPageQuerySet(PageQuerySet):
    def public(self):
        return exclude_restricted(self)

    def not_public(self):
        return self.filter(Exists(restrictions_covering(OuterRef("path"))))


MemorialPageManager = PageManager.from_queryset(MemorialPageQuerySet)
