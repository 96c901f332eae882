from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Place, Source, Theme


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = _("Places")
    list_display = ["name", "kind", "locale"]
    list_filter = ["kind", "locale"]
    list_export = ["name", "kind", "other_names", "latitude", "longitude"]
    search_fields = ["name", "other_names"]
    ordering = ["name"]


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = _("Sources")
    list_display = ["title", "author", "publisher", "year", "kind"]
    list_filter = ["kind", "locale"]
    list_export = ["title", "author", "publisher", "year", "url", "full_citation"]
    search_fields = ["title", "author", "publisher"]
    ordering = ["author", "title"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class VocabularyViewSetGroup(SnippetViewSetGroup):
    items = (PlaceViewSet, SourceViewSet, ThemeViewSet)
    menu_icon = "list-ul"
    menu_label = _("Vocabularies")
    menu_name = "vocabularies"


register_snippet(VocabularyViewSetGroup)


@hooks.register("register_admin_urls")
def task_urls():
    return [
        path("tasks/", admin_views.task_list, name="memorial_tasks"),
        path("tasks/<uuid:pk>/retry/", admin_views.retry_task, name="memorial_tasks_retry"),
    ]


class TasksMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        return admin_views.can_see_tasks(request.user)


@hooks.register("register_reports_menu_item")
def tasks_menu_item():
    return TasksMenuItem(_("Background tasks"), reverse("memorial_tasks"), icon_name="cogs", order=900)
