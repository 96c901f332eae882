"""A permission policy for records with an owner, as Wagtail's pages and images have.

Users with the model's "change" permission work on every record. Users with only "add" create
records and then see, edit and submit for review the ones they own, and no other: a draft of
someone else (an unpublished or withdrawn person, their circumstances) is not theirs to read.
"""

from wagtail.permission_policies import ModelPermissionPolicy

OWNED_ACTIONS = {"change", "view"}


class OwnedRecordPermissionPolicy(ModelPermissionPolicy):
    def __init__(self, model, owner_field_name="owner"):
        super().__init__(model)
        self.owner_field_name = owner_field_name

    def drafts_own_only(self, user):
        """Whether the user may add records but change only their own."""
        return (
            user.is_active
            and not user.is_superuser
            and not super().user_has_permission(user, "change")
            and super().user_has_permission(user, "add")
        )

    def user_has_permission(self, user, action):
        if action in OWNED_ACTIONS and self.drafts_own_only(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def _owns(self, user, instance):
        return getattr(instance, f"{self.owner_field_name}_id", None) == user.pk

    def user_has_permission_for_instance(self, user, action, instance):
        if self.drafts_own_only(user):
            return action in OWNED_ACTIONS and self._owns(user, instance)
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.drafts_own_only(user):
            if OWNED_ACTIONS & set(actions):
                return self.model._default_manager.filter(**{self.owner_field_name: user})
            return self.model._default_manager.none()
        return super().instances_user_has_any_permission_for(user, actions)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, {action})

    def visible_to(self, user, queryset):
        """The part of a queryset this user may read."""
        if self.drafts_own_only(user):
            return queryset.filter(**{self.owner_field_name: user})
        if self.user_has_any_permission(user, {"change", "view", "publish"}):
            return queryset
        return queryset.none()
