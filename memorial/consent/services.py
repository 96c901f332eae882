"""What a consent record does to the site, through Wagtail's own mechanisms.

- anonymised: the testimony shows its pseudonym (or "anonymous witness"); the name is cleared;
- archive only: a view restriction to the Archivists group (``public()`` excludes it everywhere);
- embargoed: scheduled publishing (``go_live_at``), so it goes live on the date and not before;
- withdrawn: unpublished at once, every translation and alias, and restricted to Archivists.

A testimony leaving the public loses the public copies of its recordings and photographs;
the sealed originals remain.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from memorial.moderation.roles import ARCHIVISTS
from memorial.publication import lifecycle

from .models import ConsentRecord, PublicationLevel


def governing_consent(obj):
    """The most recent consent record for a testimony page or a person's record, or None."""
    from memorial.remembrance.models import Remembrance

    if isinstance(obj, Remembrance):
        return ConsentRecord.objects.filter(remembrance_id=obj.pk).order_by("-pk").first()
    # One testimony in every language: a record made for any translation (or alias) governs them all.
    source = obj.alias_of if getattr(obj, "alias_of_id", None) else obj
    return ConsentRecord.objects.filter(testimony__translation_key=source.translation_key).order_by("-pk").first()


def embargo_start(consent):
    return timezone.make_aware(datetime.datetime.combine(consent.embargo_until, datetime.time.min))


def _is_testimony(obj):
    from memorial.testimonies.models import TestimonyPage

    return isinstance(obj, TestimonyPage)


def restrict_to_archivists(page):
    from django.contrib.auth.models import Group

    archivists = Group.objects.filter(name=ARCHIVISTS).first()
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS, groups=archivists
    ).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        if archivists is not None:
            restriction.groups.add(archivists)
    return restriction


def _anonymise(page):
    from memorial.testimonies.models import WitnessDisplay

    display = WitnessDisplay.PSEUDONYM if page.witness_pseudonym else WitnessDisplay.ANONYMOUS
    changed = page.witness_display != display or bool(page.witness_name)
    page.witness_display = display
    page.witness_name = ""
    return changed


@transaction.atomic
def apply_consent_to(obj, user=None):
    """Make an item's draft and live versions follow its governing consent; returns that consent."""
    consent = governing_consent(obj)
    if consent is None:
        return None
    if consent.is_withdrawn:
        take_offline(obj, user=user)
        return consent
    if not _is_testimony(obj):
        return consent
    pages = [page.specific for page in _translations_and_aliases(obj)]
    for page in pages:
        _apply_level(page, consent, user)
        if page.pk == obj.pk and page.live and consent.publication_level == PublicationLevel.ANONYMISED:
            obj.witness_display, obj.witness_name = page.witness_display, page.witness_name
    if consent.publication_level == PublicationLevel.ARCHIVE_ONLY:
        _remove_recording_copies(pages)
    return consent


def _apply_level(page, consent, user):
    """One language version (or alias) of a testimony follows the consent's publication level."""
    revision = page.get_latest_revision()
    draft = revision.as_object() if revision else page  # a separate object, never the live one
    changed = False
    if consent.publication_level == PublicationLevel.ANONYMISED:
        changed = _anonymise(draft)
        live = type(page).objects.filter(pk=page.pk, live=True).first()
        if live is not None and _anonymise(live):
            type(page).objects.filter(pk=page.pk).update(witness_display=live.witness_display, witness_name="")
            page.witness_display, page.witness_name = live.witness_display, ""
    elif consent.publication_level == PublicationLevel.ARCHIVE_ONLY:
        restrict_to_archivists(page)
    elif consent.publication_level == PublicationLevel.EMBARGOED:
        start = embargo_start(consent)
        if start > timezone.now():
            if draft.go_live_at != start:
                draft.go_live_at = start
                changed = True
            if page.live:
                _unpublish(page, user)
    if changed:
        draft.save_revision(user=user, log_action=True, clean=False)


def _unpublish(obj, user):
    """Unpublish on consent's authority, logged with who did it.

    Wagtail's own unpublish checks the user's publish permission, but taking an item offline
    because consent requires it is what the review groups (Moderators included) are for; the
    views that lead here check their own permission.
    """
    if isinstance(obj, Page):
        from wagtail.actions.unpublish_page import UnpublishPageAction

        UnpublishPageAction(obj, user=user, log_action=True).execute(skip_permission_checks=True)
    else:
        from wagtail.actions.unpublish import UnpublishAction

        UnpublishAction(obj, user=user, log_action=True).execute(skip_permission_checks=True)


def _remove_recording_copies(pages):
    """Delete the public copies of the recordings of pages no longer public (originals stay sealed)."""
    from memorial.recordings.copies import remove_public_copies_for_pages

    remove_public_copies_for_pages([page.pk for page in pages])


def _translations_and_aliases(page):
    pages = list(Page.objects.filter(translation_key=page.translation_key))
    pages += list(Page.objects.filter(alias_of__in=[p.pk for p in pages]))
    return pages


@transaction.atomic
def take_offline(obj, user=None):
    """Unpublish an item everywhere at once and keep it to the Archivists."""
    if isinstance(obj, Page):
        pages = _translations_and_aliases(obj)
        for page in pages:
            page = page.specific
            workflow_state = page.current_workflow_state
            if workflow_state is not None:
                workflow_state.cancel(user=user)
            if page.live:
                _unpublish(page, user)
            restrict_to_archivists(page)
            if page.go_live_at:
                type(page).objects.filter(pk=page.pk).update(go_live_at=None)
                page.revisions.filter(approved_go_live_at__isnull=False).update(approved_go_live_at=None)
        _remove_recording_copies(pages)
    else:
        workflow_state = obj.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        if obj.live:
            _unpublish(obj, user)
        obj.revisions.filter(approved_go_live_at__isnull=False).update(approved_go_live_at=None)


@transaction.atomic
def withdraw_consent(obj, user=None, reason=""):
    """Record a withdrawal (by whom, when, why) and take the item off every public surface."""
    consent = governing_consent(obj)
    if consent is None or consent.is_withdrawn:
        consent = ConsentRecord(
            given_by=consent.given_by if consent else "—",
            method=consent.method if consent else ConsentRecord._meta.get_field("method").default,
            publication_level=PublicationLevel.ARCHIVE_ONLY,
        )
        if _is_testimony(obj):
            consent.testimony_id = obj.pk
        else:
            consent.remembrance_id = obj.pk
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user if getattr(user, "is_authenticated", False) else None
    consent.withdrawal_reason = reason
    consent.save()
    take_offline(obj.specific if isinstance(obj, Page) else obj, user=consent.withdrawn_by)
    from memorial.submissions.models import Submission
    from memorial.submissions.publishing import remove_public_copies

    for submission in Submission.objects.filter(testimony_id=obj.pk) if _is_testimony(obj) else []:
        remove_public_copies(submission)
    return consent


def apply_record(consent, user=None):
    """A consent record was created or changed in the admin: its item follows it at once.

    Without this, a new archive-only or embargoed record for a live testimony would only take
    effect at the next publish.
    """
    if consent.testimony_id:
        testimony = consent.testimony
        apply_consent_to(testimony, user=user)
        # What the public sees follows at once: an anonymised witness's photographs stop being served.
        lifecycle.changed(testimony, user=user, consent=False)
    if consent.remembrance_id:
        person = consent.remembrance
        if person.live or consent.is_withdrawn:
            enforce_on_publish(person)


def enforce_on_publish(obj, user=None):
    """The first step of every publication change: the governing consent wins over the event."""
    from memorial.remembrance.models import Remembrance

    if not isinstance(obj, (Page, Remembrance)):
        return
    consent = governing_consent(obj)
    if consent is None:
        return
    if consent.is_withdrawn or (consent.publication_level == PublicationLevel.ARCHIVE_ONLY and not _is_testimony(obj)):
        take_offline(obj)
        return
    if consent.publication_level == PublicationLevel.EMBARGOED and embargo_start(consent) > timezone.now():
        start = embargo_start(consent)
        _unpublish(obj, None)
        revision = obj.get_latest_revision()
        draft = revision.as_object() if revision else obj
        draft.go_live_at = start
        if _is_testimony(obj):
            draft.save_revision(approved_go_live_at=start, clean=False)
        else:
            draft.save_revision(approved_go_live_at=start)
        return
    if _is_testimony(obj):
        apply_consent_to(obj)
