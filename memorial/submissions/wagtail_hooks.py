from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, InspectView, SnippetViewSet, SnippetViewSetGroup

from memorial.audit.models import Action
from memorial.audit.views import RecordsRead

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


class ContactInspectView(RecordsRead, InspectView):
    audit_action = Action.CONTACT


class ContactEditView(RecordsRead, EditView):
    audit_action = Action.CONTACT


class SubmissionContactViewSet(SnippetViewSet):
    """Visible to Moderators and Editors only (view permission), never on a page.

    The listing names only the submission: the details themselves are shown one sender at a time,
    and each showing is written to the record of sensitive reads.
    """

    model = SubmissionContact
    icon = "user"
    menu_label = _("Senders' contact details")
    list_display = ["submission"]
    inspect_view_class = ContactInspectView
    edit_view_class = ContactEditView
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
