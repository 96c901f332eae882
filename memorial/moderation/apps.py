from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "memorial.moderation"
    label = "moderation"
    verbose_name = "moderation"

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from .access import ArchivePagePermissionPolicy

        # Every page listing of the admin (explorer, search, API, reports) reads through this policy.
        register_permission_policy(Page, ArchivePagePermissionPolicy(Page))

        from django.db.models.signals import post_migrate

        from .roles import grant_after_migrate

        # Wagtail adds publish and lock permissions after migrations; grant them once they exist.
        post_migrate.connect(grant_after_migrate, dispatch_uid="memorial_grant_roles")

        from django.db.models.signals import post_save

        from memorial.testimonies.models import TestimonyIndexPage

        from .workflows import assign_on_create

        # A new testimony index gets the workflow and the roles' page permissions at once.
        post_save.connect(assign_on_create, sender=TestimonyIndexPage, dispatch_uid="memorial_assign_workflow")

        from wagtail.signals import task_submitted

        from .models import SafetyReviewState
        from .notifications import safety_review_submission_notifier

        # Wagtail's notifier listens for plain TaskState; the safety review's state is a subclass.
        task_submitted.connect(
            safety_review_submission_notifier, sender=SafetyReviewState, dispatch_uid="memorial_safety_review_submitted"
        )
