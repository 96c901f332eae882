from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from memorial.core.permissions import OwnedRecordPermissionPolicy
from memorial.publication import gate

from . import admin_views
from .matching import MERGED, RECEIVED, UNMERGED
from .models import Remembrance

# Before the viewset asks for it: Contributors read and edit only the records they own.
permission_policy = OwnedRecordPermissionPolicy(Remembrance)
register_permission_policy(Remembrance, permission_policy)


def _owned_only(view_class):
    """The view, refusing a record the user may not read (Wagtail checks these views per model only)."""

    class OwnedOnly(view_class):
        def get_object(self, *args, **kwargs):
            record = super().get_object(*args, **kwargs)
            if not permission_policy.user_has_any_permission_for_instance(
                self.request.user, ["change", "view"], record
            ):
                raise PermissionDenied
            return record

    OwnedOnly.__name__ = f"OwnedOnly{view_class.__name__}"
    return OwnedOnly


# Every view of one record: its edit form (and revert), history, usage, revisions, previews, locks,
# copy, deletion and its workflow screens.
ONE_RECORD_VIEWS = [
    "edit_view_class",
    "copy_view_class",
    "delete_view_class",
    "usage_view_class",
    "history_view_class",
    "revisions_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "lock_view_class",
    "unlock_view_class",
    "workflow_action_view_class",
    "collect_workflow_action_data_view_class",
    "confirm_workflow_cancellation_view_class",
    "workflow_preview_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
]


class OwnedCreateView(snippets.CreateView):
    def save_instance(self):
        self.form.instance.owner = self.request.user
        return super().save_instance()


def _choosable(view):
    """People a user may link to: all of them for those who change records; otherwise public ones or their own."""
    people = Remembrance.objects.all()
    user = view.request.user
    if permission_policy.drafts_own_only(user):
        return people.filter(pk__in=gate.public_records(Remembrance.objects.all()).values("pk")) | people.filter(
            owner=user
        )
    return permission_policy.visible_to(user, people)


class RemembranceChooseView(chooser.ChooseView):
    def get_object_list(self):
        return _choosable(self)


class RemembranceChooseResultsView(chooser.ChooseResultsView):
    def get_object_list(self):
        return _choosable(self)


class RemembranceChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = RemembranceChooseView
    choose_results_view_class = RemembranceChooseResultsView


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
    add_view_class = OwnedCreateView
    chooser_viewset_class = RemembranceChooserViewSet

    def get_queryset(self, request):
        # The listing and its CSV/XLSX export: what this user may read, nothing more.
        return permission_policy.visible_to(request.user, Remembrance.objects.all())


for _name in ONE_RECORD_VIEWS:
    if hasattr(getattr(SnippetViewSet, _name), "get_object"):
        setattr(RemembranceViewSet, _name, _owned_only(getattr(SnippetViewSet, _name)))

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


@hooks.register("register_log_actions")
def merge_log_actions(actions):
    actions.register_action(MERGED, _("Merge"), _("Merged into another record and unpublished"))
    actions.register_action(RECEIVED, _("Merge"), _("Another record merged into this one (names added as a draft)"))
    actions.register_action(UNMERGED, _("Undo merge"), _("Merge undone"))
