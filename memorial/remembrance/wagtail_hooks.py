from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Remembrance


class RemembranceViewSet(SnippetViewSet):
    model = Remembrance
    icon = "user"
    menu_label = _("Names memorial")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["__str__", "name_ar", "fate", "death_date", "place", "live"]
    list_filter = ["fate", "live", "is_sample"]
    list_export = ["name_ar", "name_latin", "fate", "death_date", "record_source"]
    list_per_page = 50
    search_fields = ["name_latin", "name_ar", "name_variants"]
    ordering = ["sort_name"]


register_snippet(RemembranceViewSet)


@hooks.register("register_admin_urls")
def names_admin_urls():
    return [
        path("names/import/", admin_views.import_view, name="remembrance_import"),
        path("names/export.csv", admin_views.export_view, name="remembrance_export"),
        path("names/<int:pk>/matches/", admin_views.matches_view, name="remembrance_matches"),
        path("names/<int:pk>/merge/<int:other_pk>/", admin_views.merge_view, name="remembrance_merge"),
        path("names/merges/<int:record_pk>/undo/", admin_views.undo_merge_view, name="remembrance_undo_merge"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return PermissionMenuItem(
        _("Import names"),
        reverse("remembrance_import"),
        icon_name="upload",
        order=201,
        permission=admin_views.ADD_PERMISSION,
    )


@hooks.register("register_snippet_listing_buttons")
def matches_button(snippet, user, next_url=None):
    if isinstance(snippet, Remembrance) and user.has_perm(admin_views.CHANGE_PERMISSION):
        yield Button(
            _("Likely matches"), reverse("remembrance_matches", args=[snippet.pk]), icon_name="group", priority=80
        )
