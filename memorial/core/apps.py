from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorial.core"
    label = "core"
    verbose_name = "archive core"

    def ready(self):
        # Signal wiring at start-up: the app registry is ready only now.
        from django.db.models.signals import post_migrate
        from django_tasks.signals import task_finished

        from . import planner, tasks

        task_finished.connect(tasks.schedule_next, dispatch_uid="memorial_schedule_next")
        # Sent once per app; the statistics are read again after the last (the same receiver, once).
        post_migrate.connect(planner.refresh_after_migrate, sender=self, dispatch_uid="memorial_refresh_statistics")
