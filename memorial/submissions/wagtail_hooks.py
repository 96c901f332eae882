from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Submission, SubmissionContact


class SubmissionViewSet(SnippetViewSet):
    model = Submission
    icon = "mail"
    menu_label = _("Submissions")
    list_display = ["reference", "kind", "get_status_display", "created_at"]
    list_filter = ["kind"]
    search_fields = ["reference"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "kind",
        "about_person",
        "people_mentioned",
        "places_mentioned",
        "relation",
        "created_at",
    ]
    form_fields = ["moderator_notes"]


class SubmissionContactViewSet(SnippetViewSet):
    """Visible to Moderators and Editors only (view permission), never on a page."""

    model = SubmissionContact
    icon = "user"
    menu_label = _("Senders' contact details")
    list_display = ["submission", "name", "email", "phone"]
    search_fields = ["name", "email"]
    inspect_view_enabled = True
    form_fields = ["name", "email", "phone", "preferred_contact"]


class SubmissionsGroup(SnippetViewSetGroup):
    items = (SubmissionViewSet, SubmissionContactViewSet)
    menu_icon = "mail"
    menu_label = _("Public submissions")
    menu_name = "public-submissions"
    menu_order = 300


register_snippet(SubmissionsGroup)
