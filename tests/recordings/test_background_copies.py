"""Public copies are made by the task worker: no request waits for ffmpeg, and failures are retried."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from memorial.publication import lifecycle
from memorial.recordings import media, tasks
from memorial.recordings.copies import remove_public_copy
from memorial.recordings.models import RecordingDerivative

from .conftest import make_recorded_testimony

PREPARING = "being prepared for publication"


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """The embedded default's task backend; the worker runs inside the test's transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops stale connections between tasks; here that would be the test's transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def _published_without_copy(site_tree, capture):
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    remove_public_copy(recorded.recording)
    DBTaskResult.objects.all().delete()
    with capture(execute=True):
        lifecycle.changed(recorded.page)  # what publishing runs
    return recorded


def test_publishing_queues_the_copy_and_the_page_says_it_is_being_prepared(
    client, site_tree, database_tasks, django_capture_on_commit_callbacks
):
    recorded = _published_without_copy(site_tree, django_capture_on_commit_callbacks)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == tasks.make_public_copies.module_path
    assert queued.args_kwargs["args"] == [[recorded.recording.pk]]
    assert not RecordingDerivative.objects.exists(), "no copy is made in the request"
    assert PREPARING in client.get(recorded.page.url).content.decode()

    call_command("run_worker", batch=True, verbosity=0)

    copy = RecordingDerivative.objects.get(recording=recorded.recording)
    page = client.get(recorded.page.url).content.decode()
    assert PREPARING not in page
    assert copy.file.url in page
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def test_a_page_withdrawn_before_the_worker_runs_gets_no_copy(
    client, site_tree, database_tasks, django_capture_on_commit_callbacks
):
    recorded = _published_without_copy(site_tree, django_capture_on_commit_callbacks)
    recorded.page.unpublish()
    call_command("run_worker", batch=True, verbosity=0)
    assert not RecordingDerivative.objects.filter(recording=recorded.recording).exists()


def test_a_failed_copy_is_recorded_and_retried_later(
    client, site_tree, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    recorded = _published_without_copy(site_tree, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise media.MediaError("ffmpeg stopped")

    monkeypatch.setattr(media, "make_public_copy", broken)
    call_command("run_worker", batch=True, verbosity=0)

    copies = DBTaskResult.objects.filter(task_path=tasks.make_public_copies.module_path)
    failed = copies.get(status="FAILED")
    assert "ffmpeg stopped" in failed.traceback
    retry = copies.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > failed.finished_at, "the retry waits"
    assert PREPARING in client.get(recorded.page.url).content.decode()

    # Once its time comes (and ffmpeg works again), the retry makes the copy.
    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=failed.finished_at)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("run_worker", batch=True, verbosity=0)
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert RecordingDerivative.objects.filter(recording=recorded.recording).exists()
