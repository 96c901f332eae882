"""The task worker of the embedded default: schedules the periodic tasks, then runs the queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from memorial.core import tasks


class Command(BaseCommand):
    help = "Run background tasks (public copies of recordings, e-mail, daily refreshes) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is due, then stop (for cron or tests).")
        parser.add_argument("--interval", type=float, default=2, help="Seconds between looks at the queue.")

    def handle(self, *args, batch=False, interval=2, verbosity=1, **options):
        if not tasks.backend().supports_get_result or tasks.runs_at_once():
            raise CommandError(
                "run_worker serves the database task backend (TASKS_BACKEND=database); with TASKS_BACKEND=rq "
                "run `manage.py rqworker default`, and the immediate backend needs no worker."
            )
        queued = tasks.ensure_scheduled()
        if queued and verbosity:
            self.stdout.write(f"Scheduled: {', '.join(path.rsplit('.', 1)[-1] for path in queued)}.")
        call_command("db_worker", batch=batch, interval=interval, no_startup_delay=True, verbosity=verbosity)
