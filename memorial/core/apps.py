from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorial.core"
    label = "core"
    verbose_name = "archive core"

    def ready(self):
        # Signal wiring at start-up: the app registry is ready only now.
        from django_tasks.signals import task_finished

        from . import tasks

        task_finished.connect(tasks.schedule_next, dispatch_uid="memorial_schedule_next")
