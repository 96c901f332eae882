"""Background work: tasks that run outside the request, retried when they fail, some on a schedule.

Slow or fallible work (public copies of recordings made with ffmpeg, e-mail, daily refreshes) runs
as a task of ``django-tasks``: with its database backend and ``manage.py run_worker`` in the
embedded default (``make run`` starts the worker beside the server), with RQ in larger deployments
(``TASKS_BACKEND=rq``). The test suite uses the immediate backend, which runs a task at once.

- ``background()`` declares a task that is retried: a failed attempt is recorded (staff see it in
  the admin under "Background tasks") and the task is queued again after a growing delay, up to
  its number of retries.
- ``defer(task, ...)`` queues a task once the current transaction has committed, so the worker
  never runs it against rows it cannot see yet (or rows that were rolled back).
- ``every(interval)`` makes a task periodic: ``ensure_scheduled()`` (run by ``run_worker`` when it
  starts, and whenever a periodic task finishes) keeps exactly one future run of each queued.
"""

import functools
import logging
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends

from . import planner

logger = logging.getLogger(__name__)

# Delays before the 1st, 2nd, ... retry; the last one repeats.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))

_periodic = {}  # task path -> (task, interval)


def backend():
    return task_backends[DEFAULT_TASK_BACKEND_ALIAS]


def runs_at_once():
    """Whether the configured backend runs a task inside the call that queues it (the test suite)."""
    return not backend().supports_defer


def background(*, retries=4, priority=0, queue_name="default"):
    """Declare a task (a module-level function with JSON-serialisable arguments) that is retried.

    Each attempt that raises is recorded as failed; while retries remain, the task is queued again
    with ``attempt`` one higher, after ``RETRY_DELAYS``. The failure still raises, so the worker
    records its traceback for staff.
    """

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt <= retries and not runs_at_once():
                    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                    declared.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1, **kwargs)
                    logger.warning("%s failed (attempt %d); retrying in %s.", declared.name, attempt, delay)
                raise

        declared = task(priority=priority, queue_name=queue_name)(run)
        return declared

    return decorate


def defer(declared, *args, **kwargs):
    """Queue ``declared`` with these arguments once the current transaction commits.

    The immediate backend (tests) runs it now, inside the transaction, as the work used to run.
    """
    if runs_at_once():
        return declared.enqueue(*args, **kwargs)
    transaction.on_commit(functools.partial(declared.enqueue, *args, **kwargs))
    return None


def every(interval):
    """Make a task declared with ``background()`` periodic: one run every ``interval``."""

    def register(declared):
        _periodic[declared.module_path] = (declared, interval)
        return declared

    return register


def periodic_tasks():
    return dict(_periodic)


def ensure_scheduled(now=None):
    """Queue the next run of each periodic task that has none waiting (database backend only).

    Returns the paths of the tasks queued. Other backends schedule nothing here: their operators
    run the same work from cron (README, "Background work").
    """
    if not backend().supports_get_result or runs_at_once():
        return []
    # django_tasks_db is this project's database backend; imported here as other backends lack it.
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    waiting = set(
        DBTaskResult.objects.filter(task_path__in=list(_periodic), status__in=["READY", "RUNNING"])
        .values_list("task_path", flat=True)
        .distinct()
    )
    queued = []
    for path, (declared, interval) in sorted(_periodic.items()):
        if path in waiting:
            continue
        last = (
            DBTaskResult.objects.filter(task_path=path, finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        run_after = max(now, last + interval) if last else now
        declared.using(run_after=run_after).enqueue()
        queued.append(path)
    return queued


def schedule_next(sender, task_result, **kwargs):
    """Receiver of ``task_finished``: a periodic task that ended queues its next run."""
    if task_result.task.module_path in _periodic:
        ensure_scheduled()


@every(timedelta(days=1))
@background(retries=1)
def prune_task_results():
    """Forget finished tasks after a week (e-mail tasks carry staff addresses), failed ones after 30 days."""
    if not backend().supports_get_result or runs_at_once():
        return
    call_command("prune_db_task_results", min_age_days=7, failed_min_age_days=30, verbosity=0)


@every(timedelta(days=1))
@background(retries=1)
def refresh_planner_statistics():
    """SQLite plans from statistics that grow stale as records are added one by one (see ``planner``)."""
    planner.refresh_statistics()
