"""Wagtail's site history and page types reports, read through ``access``.

The page entries of the site history already follow the page permission policy; entries about
other records (people, images, documents) are shown by content type in Wagtail, so a drafting
user would read every person's name there. The page types report names the last edited page of
each type, whoever may read it. Both are served at Wagtail's own addresses (``memorial/urls.py``
puts these patterns first).
"""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page, PageLogEntry

from . import access


class SiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if queryset.model is not PageLogEntry and not access.reviews_pages(user):
            # Drafting users read what they did themselves, nothing about other people's records.
            queryset = queryset.filter(user=user)
        return queryset


class PageTypesView(PageTypesUsageReportView):
    def user_has_any_permission(self, permissions):
        # How many pages of each type there are, and which was edited last, is a reviewer's overview
        # (Wagtail counts a drafting user's "add" as "change" on their own pages).
        return access.reviews_pages(self.request.user)

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        shown = [item.last_edited_page for item in page_types if item.last_edited_page is not None]
        visible = set(
            access.visible_pages(self.request.user, Page.objects.all())
            .filter(pk__in=[page.pk for page in shown])
            .values_list("pk", flat=True)
        )
        for item in page_types:
            if item.last_edited_page is not None and item.last_edited_page.pk not in visible:
                item.last_edited_page = None
        return page_types


urlpatterns = [
    path("site-history/", require_admin_access(SiteHistoryView.as_view())),
    path("site-history/results/", require_admin_access(SiteHistoryView.as_view(results_only=True))),
    path("page-types-usage/", require_admin_access(PageTypesView.as_view())),
    path("page-types-usage/results/", require_admin_access(PageTypesView.as_view(results_only=True))),
]
