from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from wagtail.signals import task_submitted


class ModerationConfig(AppConfig):
    name = "memorial.moderation"
    label = "moderation"
    verbose_name = "moderation"

    def ready(self):
        # Imported here: these modules import models, which cannot be imported before the apps are ready.
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from memorial.testimonies.models import TestimonyIndexPage

        from .access import ArchivePagePermissionPolicy
        from .models import SafetyReviewState
        from .notifications import safety_review_submission_notifier
        from .setup import ensure_moderation_after_migrate, moderate_new_testimony_index

        # Every page listing of the admin (explorer, search, API, reports) reads through this policy.
        register_permission_policy(Page, ArchivePagePermissionPolicy(Page))

        # The roles, the held collection and the workflows (setup.py says what and when): once per migrate,
        post_migrate.connect(ensure_moderation_after_migrate, sender=self, dispatch_uid="memorial_ensure_moderation")
        # and for each new testimony index page.
        post_save.connect(
            moderate_new_testimony_index, sender=TestimonyIndexPage, dispatch_uid="memorial_moderate_testimony_index"
        )

        # Wagtail's notifier listens for plain TaskState; the safety review's state is a subclass.
        task_submitted.connect(
            safety_review_submission_notifier, sender=SafetyReviewState, dispatch_uid="memorial_safety_review_submitted"
        )
