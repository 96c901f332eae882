"""Background tasks of the recordings: public copies are made by the worker, never in a request.

ffmpeg may take minutes on an hour-long video. Publishing a page (or saving a transcript, its
redactions or a recording's files) queues ``make_public_copies``; until the worker has made a copy,
the testimony page says the recording is being prepared. Each run asks the publication gate again,
so a page withdrawn meanwhile gets no copy. ``refresh_all_recordings`` runs daily: seals end on
dates, and a copy that still silences a released moment is remade.
"""

from datetime import timedelta

from memorial.core.tasks import background, every
from memorial.publication import lifecycle

from .copies import page_is_public, refresh_public_copy, remove_public_copy
from .models import Recording


@background(retries=4)
def make_public_copies(recording_ids):
    """Make or refresh the public copies of these recordings; raise (and be retried) if one fails."""
    failures = []
    for recording in Recording.objects.filter(pk__in=recording_ids).select_related("media", "alternative"):
        if not page_is_public(recording.page_id):
            remove_public_copy(recording)
            continue
        try:
            refresh_public_copy(recording)
        except Exception as exc:  # the others are still made; this one is retried with the task
            failures.append(f"recording {recording.pk}: {exc}")
    if failures:
        raise RuntimeError("Could not make public copies: " + "; ".join(failures))


@every(timedelta(days=1))
@background(retries=2)
def refresh_all_recordings():
    """Bring every public copy in line with what is withheld today (seals end on their dates)."""
    made = 0
    for recording in Recording.objects.select_related("media", "alternative").iterator():
        if not page_is_public(recording.page_id):
            made += bool(remove_public_copy(recording))
        else:
            made += bool(refresh_public_copy(recording))
    # Run by the worker, another process: the web workers learn of changed copies from the generation.
    lifecycle.changed()
    return made
