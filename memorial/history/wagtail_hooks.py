from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Event


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Timeline events")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "display_date", "locale"]
    list_filter = ["date_precision", "locale"]
    list_export = ["title", "date", "date_precision", "end_date", "description"]
    search_fields = ["title", "description"]
    ordering = ["date", "sort_order"]


register_snippet(EventViewSet)
