"""Background work: e-mail through the worker, periodic tasks, retries and the admin's view of failures."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from memorial.core import tasks
from memorial.core.mail import deliver, from_data, to_data
from memorial.moderation import roles
from tests.moderation.helpers import user_in


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "memorial.core.mail.BackgroundEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The worker drops stale connections between tasks; here that would be the test's transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def _work():
    call_command("run_worker", batch=True, verbosity=0)


def test_mail_is_sent_by_the_worker_not_the_request(db, database_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_mail("Review waiting", "A testimony awaits you.", "archive@example.org", ["mod@example.org"]) == 1
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path=deliver.module_path, status="READY").count() == 1
    _work()
    assert [(m.subject, m.to) for m in mail.outbox] == [("Review waiting", ["mod@example.org"])]


def test_mail_that_cannot_be_delivered_is_retried(db, database_tasks, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_DELIVERY_BACKEND = "tests.core.test_tasks.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Lock notice", "Your account was locked.", "archive@example.org", ["owner@example.org"])
    _work()
    deliveries = DBTaskResult.objects.filter(task_path=deliver.module_path)
    assert "mail server refused" in deliveries.get(status="FAILED").traceback
    assert deliveries.get(status="READY").args_kwargs["kwargs"]["attempt"] == 2


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server refused")


def test_a_message_survives_the_queue_whole():
    message = EmailMultiAlternatives(
        "Subject ü", "Body", "a@example.org", ["b@example.org"], bcc=["c@example.org"], headers={"X-Ref": "1"}
    )
    message.attach_alternative("<p>Body</p>", "text/html")
    message.attach("notes.txt", b"\x00\xffbytes", "application/octet-stream")
    again = from_data(to_data(message))
    assert again.message().as_bytes().count(b"X-Ref: 1") == 1
    assert (again.subject, again.body, again.to, again.bcc) == (
        message.subject,
        "Body",
        ["b@example.org"],
        ["c@example.org"],
    )
    assert again.alternatives[0][0] == "<p>Body</p>"
    assert again.attachments[0][1] == b"\x00\xffbytes"


def test_each_periodic_task_is_queued_once(db, database_tasks):
    first = tasks.ensure_scheduled()
    assert set(first) == set(tasks.periodic_tasks())
    assert "memorial.recordings.tasks.refresh_all_recordings" in first
    assert tasks.ensure_scheduled() == [], "nothing twice"
    assert DBTaskResult.objects.filter(status="READY").count() == len(first)


def test_a_periodic_task_that_ran_queues_its_next_run(db, database_tasks):
    tasks.ensure_scheduled()
    DBTaskResult.objects.exclude(task_path=tasks.prune_task_results.module_path).delete()
    before = timezone.now()
    _work()
    done = DBTaskResult.objects.get(task_path=tasks.prune_task_results.module_path, status="SUCCESSFUL")
    following = DBTaskResult.objects.get(task_path=tasks.prune_task_results.module_path, status="READY")
    assert following.run_after >= done.finished_at + timedelta(days=1) - timedelta(seconds=1)
    assert following.run_after > before + timedelta(hours=23)


def test_the_worker_refuses_a_backend_it_does_not_serve(db):
    with pytest.raises(CommandError, match="database task backend"):
        call_command("run_worker", batch=True)


def test_failed_tasks_are_shown_to_archivists_only(client, db, database_tasks, django_user_model, settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.core.test_tasks.RefusingBackend"
    deliver.enqueue([to_data(EmailMultiAlternatives("s", "b", "a@example.org", ["x@example.org"]))])
    _work()
    deliveries = DBTaskResult.objects.filter(task_path=deliver.module_path)
    failed = deliveries.get(status="FAILED")
    url = reverse("memorial_tasks")

    for role in (roles.CONTRIBUTORS, roles.MODERATORS, roles.EDITORS):
        client.force_login(user_in(django_user_model, role))
        response = client.get(url)
        assert response.status_code in (302, 403), role
        assert b"mail server refused" not in response.content
        assert client.post(reverse("memorial_tasks_retry", args=[failed.pk])).status_code in (302, 403)
    assert deliveries.filter(status="READY").count() == 1, "only the automatic retry"

    client.force_login(user_in(django_user_model, roles.ARCHIVISTS))
    page = client.get(url)
    assert page.status_code == 200
    assert b"mail server refused" in page.content
    response = client.post(reverse("memorial_tasks_retry", args=[failed.pk]))
    assert response.status_code == 302
    assert deliveries.filter(status="READY").count() == 2
    unknown = client.post(reverse("memorial_tasks_retry", args=["00000000-0000-0000-0000-000000000000"]))
    assert unknown.status_code in (302, 404) and not unknown.get("Location", "").startswith("/admin/tasks/")
    assert deliveries.filter(status="READY").count() == 2
    assert client.get(reverse("memorial_tasks_retry", args=[failed.pk])).status_code == 405
