from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "memorial.moderation"
    label = "moderation"
    verbose_name = "moderation"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import grant_after_migrate

        # Wagtail adds publish and lock permissions after migrations; grant them once they exist.
        post_migrate.connect(grant_after_migrate, dispatch_uid="memorial_grant_roles")
