"""The record of sensitive reads in the admin: administrators read it, with filters; nobody edits it."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditEntry


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Administrators may view; adding, changing and deleting are refused to everyone, superusers too."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return bool(user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        return users.filter(is_superuser=True) if "view" in actions else users.none()


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Record of reads")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["at", "actor", "action", "object_repr", "reason"]
    list_filter = {"action": ["exact"], "actor": ["exact"], "at": ["gte", "lte"], "object_type": ["exact"]}
    search_fields = ["actor", "object_repr", "reason"]
    search_backend_name = None  # the database, not the site search index
    inspect_view_enabled = True
    inspect_view_fields = [
        "at",
        "actor",
        "actor_id",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "reason",
        "previous_hash",
        "entry_hash",
    ]
    form_fields = ["reason"]
    copy_view_enabled = False


register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")
