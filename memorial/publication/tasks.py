"""Periodic work of the publication lifecycle, run by the task worker (no cron in the embedded default)."""

from datetime import timedelta

from django.core.management import call_command

from memorial.core.tasks import background, every


@every(timedelta(minutes=5))
@background(retries=1)
def publish_scheduled():
    """Publish what is due (embargoes end, scheduled revisions) and unpublish what has expired."""
    call_command("publish_scheduled", verbosity=0)
