from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
