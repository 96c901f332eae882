"""Turning a valid public submission into a draft in its review workflow, all or nothing."""

import logging
import secrets
import time

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from memorial.consent.models import ConsentMethod, ConsentRecord, PublicationLevel
from memorial.consent.services import apply_consent_to, withdraw_consent
from memorial.remembrance.models import Remembrance
from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage, WitnessDisplay
from memorial.uploads.models import SealedOriginal, seal

from .models import Submission, SubmissionContact, SubmissionKind, hash_value, new_reference, token_for
from .publishing import remove_public_copies

logger = logging.getLogger(__name__)

# A submission that meets a busy database is tried again, whole, after a short pause: the sender
# waits a moment longer instead of losing what they wrote. Seconds before each further attempt:
RETRY_DELAYS = (0.05, 0.2, 0.5, 1.0, 2.0)


class SubmissionsClosed(Exception):
    """There is no index page to receive submissions of this kind."""


class ArchiveBusy(Exception):
    """The database stayed too busy to take the submission; nothing was written."""


class DuplicateSubmission(Exception):
    def __init__(self, submission):
        super().__init__(submission.reference)
        self.submission = submission


def existing_for_nonce(nonce):
    return Submission.objects.filter(nonce_hash=hash_value(nonce)).first()


def testimony_index(language):
    pages = TestimonyIndexPage.objects.live().order_by("pk")
    return pages.filter(locale__language_code=language).first() or pages.first()


def _paragraphs(text):
    return [f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in text.split("\n\n") if part.strip()]


def _slug_base(title):
    return slugify(title, allow_unicode=True)[:60].strip("-") or "testimony"


def _summary(story):
    flat = " ".join(story.split())
    return flat if len(flat) <= 300 else flat[:297].rsplit(" ", 1)[0] + "…"


def _contact(submission, data):
    fields = {
        "name": data.get("contact_name") or "",
        "email": data.get("contact_email") or "",
        "phone": data.get("contact_phone") or "",
        "preferred_contact": data.get("contact_preference") or "",
    }
    if any(fields.values()):
        SubmissionContact.objects.create(submission=submission, **fields)


def _consent(data, fallback_name, **subject):
    return ConsentRecord.objects.create(
        given_by=(data.get("consent_given_by") or fallback_name or _("the sender (online form)"))[:200],
        method=ConsentMethod.ONLINE_FORM,
        publication_level=data["publication_level"],
        embargo_until=data.get("embargo_until"),
        **subject,
    )


def _submission(kind, nonce, data, **extra):
    return Submission.objects.create(
        reference=new_reference(),
        kind=kind,
        token_hash=hash_value(token_for(nonce)),
        nonce_hash=hash_value(nonce),
        about_person=data.get("about"),
        **extra,
    )


def _seal_files(submission, processed_files, stored):
    for processed in processed_files:
        record = seal(processed, submission=submission)
        stored.append(record)


def _delete_stored(stored):
    for record in stored:
        record.delete_files()


def create(kind, data, processed_files, language):
    """Create the submission; on any failure nothing is left: no page, no record, no file.

    A database too busy to take it now (SQLite locked, a PostgreSQL serialization failure or
    deadlock, two new pages given the same place in the tree) rolls back and is tried again;
    still busy after the last try, ``ArchiveBusy``.
    """
    for delay in (*RETRY_DELAYS, None):
        try:
            return _create_once(kind, data, processed_files, language)
        except (OperationalError, IntegrityError) as exc:
            if not _transient(exc):
                raise
            if delay is None:
                raise ArchiveBusy from exc
            logger.warning("A submission met a busy database (%s); trying again", type(exc).__name__)
            time.sleep(delay + secrets.randbelow(50) / 1000)


def _transient(exc):
    """Whether a database error says "try again" rather than "this cannot be written"."""
    if isinstance(exc, IntegrityError):
        # The nonce's own uniqueness is a duplicate (the caller's DuplicateSubmission); anything else
        # that collides here is a tree path or a generated code a concurrent submission took first.
        return True
    cause = exc.__cause__
    sqlstate = getattr(getattr(cause, "diag", None), "sqlstate", None) or getattr(cause, "sqlstate", None)
    if sqlstate in {"40001", "40P01", "55P03"}:  # serialization failure, deadlock, lock not available
        return True
    message = str(exc).lower()
    return "database is locked" in message or "database table is locked" in message


def _create_once(kind, data, processed_files, language):
    nonce = data["nonce"]
    existing = existing_for_nonce(nonce)
    if existing is not None:
        raise DuplicateSubmission(existing)
    stored = []
    try:
        with transaction.atomic():
            if kind == SubmissionKind.TESTIMONY:
                submission = _create_testimony(nonce, data, processed_files, language, stored)
            else:
                submission = _create_remembrance(nonce, data, processed_files, stored)
    except IntegrityError:
        _delete_stored(stored)
        existing = existing_for_nonce(nonce)
        if existing is not None:
            raise DuplicateSubmission(existing) from None
        raise
    except BaseException:
        _delete_stored(stored)
        raise
    return submission


def _create_testimony(nonce, data, processed_files, language, stored):
    index = testimony_index(language)
    if index is None:
        raise SubmissionsClosed
    # New pages under one index take the next place in the tree: one submission at a time takes it,
    # reading the index again under the lock (PostgreSQL; SQLite's IMMEDIATE transactions already do).
    index = type(index).objects.select_for_update().get(pk=index.pk)
    level = data["publication_level"]
    name = data.get("witness_name") or ""
    pseudonym = data.get("witness_pseudonym") or ""
    if name and level != PublicationLevel.ANONYMISED:
        display = WitnessDisplay.NAMED
    elif pseudonym:
        display = WitnessDisplay.PSEUDONYM
    else:
        display = WitnessDisplay.ANONYMOUS
    submission = _submission(
        SubmissionKind.TESTIMONY,
        nonce,
        data,
        people_mentioned=data.get("people_mentioned") or "",
        places_mentioned="\n".join(
            filter(None, [data.get("places_mentioned") or "", str(data.get("events_date") or "")])
        ),
        relation=data.get("witness_relation") or "",
    )
    page = TestimonyPage(
        title=data["title"],
        # A random suffix, not the reference code: the address becomes public, the code is the sender's.
        slug=f"{_slug_base(data['title'])}-{secrets.token_hex(4)}",
        summary=_summary(data["story"]),
        body=[("paragraph", p) for p in _paragraphs(data["story"])],
        witness_display=display,
        witness_name=name if display == WitnessDisplay.NAMED else "",
        witness_pseudonym=pseudonym,
        witness_relation=data["witness_relation"],
        language=data["language"],
        live=False,
        owner=None,
    )
    index.add_child(instance=page)
    page.save_revision(user=None, log_action=False)
    submission.testimony = page
    submission.save(update_fields=["testimony"])
    _contact(submission, data)
    _consent(data, name or data.get("contact_name"), testimony=page)
    _seal_files(submission, processed_files, stored)
    apply_consent_to(page)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)
    return submission


def _create_remembrance(nonce, data, processed_files, stored):
    submission = _submission(
        SubmissionKind.REMEMBRANCE,
        nonce,
        data,
        places_mentioned=data.get("place") or "",
        relation=data.get("relation") or "",
    )
    person = Remembrance(
        name_ar=data.get("name_ar") or "",
        name_latin=data.get("name_latin") or "",
        name_variants=data.get("name_variants") or "",
        birth_date=data.get("birth_date"),
        death_date=data.get("death_date"),
        age=data.get("age"),
        fate=data["fate"],
        circumstances=data.get("circumstances") or "",
        # Shown on the public page: the reference code is the sender's handle and stays in the Submission.
        record_source=_("Sent through the archive's form"),
        live=False,
    )
    person.full_clean()
    person.save()
    person.save_revision(user=None, log_action=False)
    submission.remembrance = person
    submission.save(update_fields=["remembrance"])
    _contact(submission, data)
    _consent(data, data.get("contact_name"), remembrance=person)
    _seal_files(submission, processed_files, stored)
    if data["publication_level"] != PublicationLevel.ARCHIVE_ONLY:
        workflow = person.get_workflow()
        if workflow is not None:
            workflow.start(person, None)
    return submission


@transaction.atomic
def withdraw(submission):
    """The sender withdraws: the item goes off every public surface; the files stay sealed."""
    if submission.withdrawn_at:
        return submission
    subject = submission.subject
    if subject is not None:
        withdraw_consent(subject, user=None, reason=_("Withdrawn by the sender through the private status link."))
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["withdrawn_at"])
    remove_public_copies(submission)
    SealedOriginal.objects.filter(submission=submission, status="clean").update(status="withdrawn")
    return submission
