from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, InspectView, SnippetViewSet

from memorial.audit.models import Action
from memorial.audit.views import RecordsRead

from . import views
from .models import ConsentRecord, person_model, testimony_model
from .services import apply_record


class ConsentInspectView(RecordsRead, InspectView):
    audit_action = Action.CONSENT


class ConsentEditView(RecordsRead, EditView):
    audit_action = Action.CONSENT


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "clipboard-list"
    menu_label = _("Consent records")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "given_by", "given_on", "method", "publication_level", "withdrawn_at"]
    list_filter = ["publication_level", "method"]
    search_fields = ["given_by", "notes"]
    inspect_view_enabled = True
    # Opening one record is a sensitive read, written to the record of reads.
    inspect_view_class = ConsentInspectView
    edit_view_class = ConsentEditView


register_snippet(ConsentRecordViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def apply_saved_consent(request, instance):
    """A consent record saved in the admin takes effect on the site at once."""
    if isinstance(instance, ConsentRecord):
        apply_record(instance, user=request.user)


@hooks.register("register_admin_urls")
def consent_urls():
    return [
        path("consent/withdraw/page/<int:page_id>/", views.withdraw_testimony, name="consent_withdraw_testimony"),
        path("consent/withdraw/person/<int:pk>/", views.withdraw_remembrance, name="consent_withdraw_remembrance"),
    ]


def _withdraw_button(page, user):
    if page.specific_class is testimony_model() and user.has_perm(views.WITHDRAW_PERMISSION):
        return Button(
            _("Withdraw consent"),
            reverse("consent_withdraw_testimony", args=[page.pk]),
            icon_name="cross",
            priority=90,
        )
    return None


@hooks.register("register_page_header_buttons")
def withdraw_header_button(page, user, view_name, next_url=None):
    button = _withdraw_button(page, user)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def withdraw_listing_button(page, user, next_url=None):
    button = _withdraw_button(page, user)
    if button:
        yield button


@hooks.register("register_snippet_listing_buttons")
def withdraw_person_button(snippet, user, next_url=None):
    if isinstance(snippet, person_model()) and user.has_perm(views.WITHDRAW_PERMISSION):
        yield Button(
            _("Withdraw consent"),
            reverse("consent_withdraw_remembrance", args=[snippet.pk]),
            icon_name="cross",
            priority=90,
        )
