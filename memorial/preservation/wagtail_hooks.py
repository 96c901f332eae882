"""The fixity results in the admin: a read-only listing for those allowed to view them (Archivists)."""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FixityRecord


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Results are written by the check alone: nobody adds, edits or deletes them, superusers included."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class FixityRecordViewSet(SnippetViewSet):
    model = FixityRecord
    icon = "success"
    menu_label = _("Fixity")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["name", "kind", "last_result", "last_checked_at", "sha256", "recorded", "recorded_at"]
    list_filter = ["kind", "last_result", "recorded"]
    search_fields = ["name", "sha256"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "kind",
        "object_id",
        "name",
        "sha256",
        "recorded",
        "recorded_at",
        "last_checked_at",
        "last_result",
        "found_sha256",
    ]
    ordering = ["-last_checked_at", "kind", "object_id"]


register_permission_policy(FixityRecord, ReadOnlyPolicy(FixityRecord))
register_snippet(FixityRecordViewSet)
