"""The admin's view of background tasks: what waits, what runs, what failed and why."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks.exceptions import InvalidTaskError
from django_tasks_db.models import DBTaskResult

from . import tasks
from .groups import ARCHIVISTS

LIMIT = 100


def can_see_tasks(user):
    """Superusers and Archivists: a failure's traceback may name files and records."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=ARCHIVISTS).exists())


def _label(task_path):
    return task_path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _row(result):
    kwargs = (result.args_kwargs or {}).get("kwargs", {})
    error = (result.traceback or "").strip().splitlines()[-1:] or [""]
    return {
        "result": result,
        "label": _label(result.task_path),
        "attempt": kwargs.get("attempt", 1),
        "error": error[0],
    }


def task_list(request):
    if not can_see_tasks(request.user):
        raise PermissionDenied
    uses_database = tasks.backend().supports_get_result and not tasks.runs_at_once()
    results = DBTaskResult.objects.order_by("-enqueued_at") if uses_database else DBTaskResult.objects.none()
    failed = results.filter(status="FAILED")
    waiting = results.filter(status__in=["READY", "RUNNING"]).order_by("run_after", "enqueued_at")
    done = results.filter(status="SUCCESSFUL")
    context = {
        "uses_database": uses_database,
        "failed": [_row(r) for r in failed[:LIMIT]],
        "waiting": [_row(r) for r in waiting[:LIMIT]],
        "done": [_row(r) for r in done[:20]],
        "counts": {"failed": failed.count(), "waiting": waiting.count()},
    }
    return TemplateResponse(request, "core/admin/tasks.html", context)


@require_POST
def retry_task(request, pk):
    """Queue a failed task again now, with the same arguments (a fresh set of retries)."""
    if not can_see_tasks(request.user):
        raise PermissionDenied
    result = get_object_or_404(DBTaskResult, pk=pk, status="FAILED")
    try:
        declared = import_string(result.task_path)
        arguments = result.args_kwargs or {}
        kwargs = {k: v for k, v in arguments.get("kwargs", {}).items() if k != "attempt"}
        declared.enqueue(*arguments.get("args", []), **kwargs)
    except (ImportError, InvalidTaskError, TypeError) as exc:
        messages.error(request, _("This task cannot be run again: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("“%(task)s” is queued again.") % {"task": _label(result.task_path)})
    return redirect("memorial_tasks")
