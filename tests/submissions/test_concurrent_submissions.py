"""Twenty people sending at the same moment: every submission is kept, none is answered with an error.

The site runs as a real server in another process, with its own database connections, so its
writers contend as they would in production: on SQLite a file database (a copy of the test
database), on PostgreSQL the test database itself.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from memorial.submissions.models import Submission
from memorial.testimonies import models as testimony_models

SENDERS = 20
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(folder):
    """The server's database: a file copy of the SQLite test database, or PostgreSQL's test database."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = Path(folder) / "server.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}", None


@pytest.fixture
def server(site_tree, tmp_path):
    """The site in a threaded server of its own; yields its address and the SQLite file, if any."""
    database_url, sqlite_path = _database_url(tmp_path)
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"TEST_CACHE_URL", "PYTEST_XDIST_WORKER"}}
    env.update(
        DJANGO_SETTINGS_MODULE="memorial.settings.test",
        DATABASE_URL=database_url,
        SEALED_MEDIA_ROOT=str(tmp_path / "sealed"),
        # Everyone here comes from one address: the per-client limit is raised for the test only.
        SUBMISSION_RATE_LIMIT="1000",
    )
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base, process, log)
            yield base, sqlite_path
        finally:
            process.terminate()
            process.wait(timeout=20)
        log.seek(0)
        output = log.read().decode(errors="replace")
    assert "Traceback" not in output, output


def _wait_for(base, process, log):
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(base + reverse("submissions:testimony"), timeout=5)
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                log.seek(0)
                pytest.fail(f"The server did not start:\n{log.read().decode(errors='replace')}")
            time.sleep(0.2)


def _ready_sender(base, index):
    """A visitor with the form open: their session of requests and the form's data."""
    session = requests.Session()
    page = session.get(base + reverse("submissions:testimony"), timeout=10).text
    data = {
        name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1) for name in ("nonce", "csrfmiddlewaretoken")
    }
    data.update(
        title=f"Sender {index} at the mill",
        story=f"Concurrent-sender-{index} waited until morning.",
        witness_relation="survivor",
        language="en",
        publication_level="public",
        consent="on",
    )
    return session, data


def test_twenty_submissions_at_once_are_all_kept(server):
    """Twenty submissions sent at the same moment give twenty receipts and twenty drafts; none fails."""
    base, sqlite_path = server
    senders = [_ready_sender(base, i) for i in range(SENDERS)]
    start = threading.Barrier(SENDERS)
    answers = [None] * SENDERS

    def send(i):
        session, data = senders[i]
        start.wait()
        answers[i] = session.post(
            base + reverse("submissions:testimony"),
            data=data,
            headers={"Referer": base + reverse("submissions:testimony")},
            allow_redirects=False,
            timeout=120,
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [302] * SENDERS
    receipts = {answer.headers["Location"] for answer in answers}
    assert len(receipts) == SENDERS
    for receipt, (session, _data) in zip(sorted(receipts), senders, strict=True):
        assert session.get(base + receipt, timeout=10).status_code == 200

    if sqlite_path is not None:  # read what the server wrote back into the test database
        source = sqlite3.connect(sqlite_path)
        source.backup(connection.connection)
        source.close()
    assert Submission.objects.count() == SENDERS
    drafts = testimony_models.TestimonyPage.objects.filter(live=False, title__endswith="at the mill")
    assert sorted(drafts.values_list("title", flat=True)) == sorted(f"Sender {i} at the mill" for i in range(SENDERS))


@pytest.fixture
def locked_database(monkeypatch):
    """The database answers "locked" to the first ``fail[0]`` attempts at writing a testimony."""
    from django.db import OperationalError

    from memorial.submissions import services

    fail = [0]
    original = services._create_testimony
    monkeypatch.setattr(services, "RETRY_DELAYS", (0, 0, 0))

    def flaky(*args, **kwargs):
        if fail[0]:
            fail[0] -= 1
            original(*args, **kwargs)  # written, then lost with the transaction: nothing half-done stays
            raise OperationalError("database is locked")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_create_testimony", flaky)
    return fail


@pytest.mark.django_db
def test_a_busy_database_is_tried_again(client, site_tree, locked_database):
    """A submission that meets a locked database is written once it is free: one receipt, one draft."""
    from tests.submissions.test_public_submission import form_data

    locked_database[0] = 2
    response = client.post(reverse("submissions:testimony"), form_data(client))

    assert response.status_code == 302
    assert Submission.objects.count() == 1
    assert testimony_models.TestimonyPage.objects.filter(live=False).count() == 1


@pytest.mark.django_db
def test_a_database_that_stays_busy_keeps_nothing_and_says_so(client, site_tree, locked_database):
    """Still locked after every retry: the sender is asked to send again (503, never 500); nothing is kept."""
    from tests.submissions.test_public_submission import form_data

    locked_database[0] = 100
    response = client.post(reverse("submissions:testimony"), form_data(client))

    assert response.status_code == 503
    assert "could not keep your submission" in response.content.decode()
    assert Submission.objects.count() == 0
    assert not testimony_models.TestimonyPage.objects.filter(live=False).exists()
