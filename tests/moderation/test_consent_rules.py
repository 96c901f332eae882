"""Consent's rules one by one, for people's records as for testimonies (found unchecked by a mutation run).

A person's record has no page-level restriction to fall back on: publishing it is governed by
``enforce_on_publish`` alone, so each rule is checked through a real publish, each with a positive
control in which the same steps do publish.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry, PageViewRestriction

from memorial.consent import services
from memorial.consent.models import ConsentMethod, ConsentRecord, PublicationLevel
from memorial.publication import gate
from memorial.remembrance.models import Remembrance
from memorial.testimonies import models as testimonies
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def draft_person(**fields):
    return factories.RemembranceFactory(live=False, **fields)


def publish(person):
    person = Remembrance.objects.get(pk=person.pk)
    person.save_revision().publish()
    return Remembrance.objects.get(pk=person.pk)


def consent_for(person, level, **fields):
    return ConsentRecord.objects.create(remembrance=person, given_by="Qz niece", publication_level=level, **fields)


@pytest.mark.parametrize(
    ("level", "fields", "published"),
    [
        (PublicationLevel.PUBLIC, {}, True),
        (PublicationLevel.ANONYMISED, {}, True),
        (PublicationLevel.ARCHIVE_ONLY, {}, False),
        (PublicationLevel.EMBARGOED, {"embargo_until": TODAY + datetime.timedelta(days=3)}, False),
        (PublicationLevel.EMBARGOED, {"embargo_until": TODAY}, True),
        (PublicationLevel.EMBARGOED, {"embargo_until": TODAY - datetime.timedelta(days=3)}, True),
    ],
)
def test_publishing_a_person_follows_their_consent(level, fields, published):
    person = draft_person()
    consent_for(person, level, **fields)
    person = publish(person)
    assert person.live is published
    assert gate.is_public(person) is published


def test_an_embargoed_person_is_scheduled_for_the_embargos_first_moment():
    person = draft_person()
    until = TODAY + datetime.timedelta(days=3)
    consent_for(person, PublicationLevel.EMBARGOED, embargo_until=until)
    person = publish(person)
    start = timezone.make_aware(datetime.datetime.combine(until, datetime.time.min))
    revision = person.get_latest_revision()
    assert revision.approved_go_live_at == start
    assert revision.as_object().go_live_at == start


def test_a_withdrawn_person_is_never_published_and_loses_any_schedule():
    person = draft_person()
    consent_for(person, PublicationLevel.EMBARGOED, embargo_until=TODAY + datetime.timedelta(days=3))
    person = publish(person)
    assert person.get_latest_revision().approved_go_live_at is not None
    services.withdraw_consent(person, user=None, reason="Qz asked")
    assert not person.revisions.filter(approved_go_live_at__isnull=False).exists()
    person = publish(person)
    assert not person.live


def test_a_new_record_for_a_live_person_takes_effect_at_once():
    person = factories.RemembranceFactory()
    control = factories.RemembranceFactory()
    services.apply_record(consent_for(control, PublicationLevel.PUBLIC))
    services.apply_record(consent_for(person, PublicationLevel.ARCHIVE_ONLY))
    assert Remembrance.objects.get(pk=control.pk).live
    assert not Remembrance.objects.get(pk=person.pk).live


def test_a_withdrawn_record_clears_the_schedule_of_a_person_not_yet_live():
    person = draft_person()
    consent_for(person, PublicationLevel.EMBARGOED, embargo_until=TODAY + datetime.timedelta(days=3))
    person = publish(person)
    assert not person.live and person.revisions.filter(approved_go_live_at__isnull=False).exists()
    record = ConsentRecord.objects.filter(remembrance=person).latest("pk")
    record.withdrawn_at = timezone.now()
    record.save()
    services.apply_record(record)
    assert not person.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_withdrawing_without_a_record_makes_one_for_the_right_item(django_user_model):
    person = factories.RemembranceFactory()
    consent = services.withdraw_consent(person, user=AnonymousUser(), reason="Qz reason")
    assert consent.remembrance_id == person.pk and consent.testimony_id is None
    assert consent.given_by == "—" and consent.publication_level == PublicationLevel.ARCHIVE_ONLY
    assert consent.withdrawn_by is None and consent.withdrawal_reason == "Qz reason"
    assert consent.method == ConsentRecord._meta.get_field("method").default


def test_withdrawing_again_keeps_who_gave_consent_and_how(site_tree, django_user_model):
    archivist = django_user_model.objects.create_user(username="qzarchivist", password="x" * 20)
    testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    ConsentRecord.objects.create(
        testimony=testimony,
        given_by="Qz witness",
        method=ConsentMethod.SIGNED_RELEASE,
        publication_level=PublicationLevel.PUBLIC,
    )
    first = services.withdraw_consent(testimony, user=archivist, reason="first")
    second = services.withdraw_consent(testimony, user=archivist, reason="second")
    assert first.pk != second.pk, "a withdrawal already recorded is kept, and a new one is added"
    assert ConsentRecord.objects.get(pk=first.pk).withdrawal_reason == "first"
    assert second.testimony_id == testimony.pk and second.remembrance_id is None
    assert (second.given_by, second.method) == ("Qz witness", ConsentMethod.SIGNED_RELEASE)
    assert second.publication_level == PublicationLevel.ARCHIVE_ONLY
    assert second.withdrawn_by == archivist


def test_the_first_withdrawal_is_written_on_the_governing_record(site_tree):
    testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    record = ConsentRecord.objects.create(
        testimony=testimony, given_by="Qz witness", publication_level=PublicationLevel.PUBLIC
    )
    consent = services.withdraw_consent(testimony, reason="asked")
    assert consent.pk == record.pk
    assert ConsentRecord.objects.filter(testimony=testimony).count() == 1


def _named_live_testimony(site_tree):
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index,
        witness_display=testimonies.WitnessDisplay.NAMED,
        witness_name="Qzrealname Witness",
        witness_pseudonym="",
    )
    page.save_revision().publish()
    return testimonies.TestimonyPage.objects.get(pk=page.pk)


def _record_past_the_lifecycle(**fields):
    """A record written without its save's consequences (as a bulk import or a restore writes it)."""
    (record,) = ConsentRecord.objects.bulk_create([ConsentRecord(given_by="Qz witness", **fields)])
    return record


def _next_ids_above(model, start):
    """New rows of ``model`` get ids above ``start``, as in an archive that has grown."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [start, table])


def test_applying_an_anonymised_consent_anonymises_the_object_it_was_given(site_tree):
    """A caller that goes on to save the object it passed cannot write the name back.

    The page gets an id beyond the small integers Python keeps as single objects, as in a real
    archive: the object given and the version read again are then told apart by value, not identity.
    """
    _next_ids_above(Page, 1000)
    page = _named_live_testimony(site_tree)
    assert page.pk > 1000
    _record_past_the_lifecycle(testimony=page, publication_level=PublicationLevel.ANONYMISED)
    assert testimonies.TestimonyPage.objects.get(pk=page.pk).witness_name == "Qzrealname Witness"
    services.apply_consent_to(page)
    assert (page.witness_display, page.witness_name) == (testimonies.WitnessDisplay.ANONYMOUS, "")
    live = testimonies.TestimonyPage.objects.get(pk=page.pk)
    assert (live.witness_display, live.witness_name) == (testimonies.WitnessDisplay.ANONYMOUS, "")


def test_an_embargo_recorded_for_a_live_testimony_takes_it_offline_until_its_date(site_tree):
    page = _named_live_testimony(site_tree)
    until = TODAY + datetime.timedelta(days=5)
    services.apply_record(
        _record_past_the_lifecycle(testimony=page, publication_level=PublicationLevel.EMBARGOED, embargo_until=until)
    )
    page = testimonies.TestimonyPage.objects.get(pk=page.pk)
    start = timezone.make_aware(datetime.datetime.combine(until, datetime.time.min))
    assert not page.live
    assert page.get_latest_revision().as_object().go_live_at == start
    # The revision consent made is in the page's history, like any other edit.
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit", revision=page.get_latest_revision()).exists()


def test_applying_the_same_consent_again_adds_no_revision(site_tree):
    page = _named_live_testimony(site_tree)
    _record_past_the_lifecycle(testimony=page, publication_level=PublicationLevel.PUBLIC)
    before = page.revisions.count()
    services.apply_consent_to(page)
    services.apply_consent_to(page)
    assert page.revisions.count() == before


def test_publishing_a_named_draft_under_an_anonymised_consent_names_nobody(site_tree):
    page = _named_live_testimony(site_tree)
    services.apply_record(_record_past_the_lifecycle(testimony=page, publication_level=PublicationLevel.ANONYMISED))
    draft = testimonies.TestimonyPage.objects.get(pk=page.pk)
    draft.witness_display, draft.witness_name = testimonies.WitnessDisplay.NAMED, "Qzrenamed Witness"
    draft.save_revision().publish()
    live = testimonies.TestimonyPage.objects.get(pk=page.pk)
    assert live.witness_name == "" and live.witness_display != testimonies.WitnessDisplay.NAMED
    assert "Qzrenamed" not in Client().get(live.url).content.decode()


def test_consent_taking_items_offline_is_in_their_history(site_tree):
    page = _named_live_testimony(site_tree)
    person = factories.RemembranceFactory()
    services.withdraw_consent(page, reason="asked")
    services.withdraw_consent(person, reason="asked")
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").exists()
    assert ModelLogEntry.objects.filter(object_id=str(person.pk), action="wagtail.unpublish").exists()


def test_a_withdrawn_testimony_is_offline_in_every_language_and_unscheduled(site_tree):
    page = _named_live_testimony(site_tree)
    scheduled = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    until = TODAY + datetime.timedelta(days=5)
    services.apply_record(
        _record_past_the_lifecycle(
            testimony=scheduled, publication_level=PublicationLevel.EMBARGOED, embargo_until=until
        )
    )
    scheduled = testimonies.TestimonyPage.objects.get(pk=scheduled.pk)
    scheduled.save_revision().publish()  # an embargo: the publish is scheduled for its date
    assert scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()
    for item in (page, scheduled):
        services.withdraw_consent(item, reason="asked")
        item = testimonies.TestimonyPage.objects.get(pk=item.pk)
        assert not item.live
        assert item.go_live_at is None
        assert not item.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_applying_an_embargo_again_adds_no_second_revision(site_tree):
    page = _named_live_testimony(site_tree)
    until = TODAY + datetime.timedelta(days=5)
    record = _record_past_the_lifecycle(
        testimony=page, publication_level=PublicationLevel.EMBARGOED, embargo_until=until
    )
    services.apply_record(record)
    page = testimonies.TestimonyPage.objects.get(pk=page.pk)
    before = page.revisions.count()
    services.apply_consent_to(page)
    assert page.revisions.count() == before


class Interrupted(Exception):
    pass


def _interrupt(*args, **kwargs):
    raise Interrupted


def test_a_withdrawal_that_fails_part_way_is_not_recorded_as_done(site_tree, monkeypatch):
    """Recording a withdrawal and taking the item offline are one transaction: if taking it offline
    fails, the withdrawal is not on record as done while the testimony is still public."""
    page = _named_live_testimony(site_tree)
    record = ConsentRecord.objects.create(testimony=page, given_by="Qz witness", publication_level="public")
    monkeypatch.setattr(services, "take_offline", _interrupt)
    with pytest.raises(Interrupted):
        services.withdraw_consent(page, reason="asked")
    record.refresh_from_db()
    assert record.withdrawn_at is None and record.withdrawal_reason == ""
    monkeypatch.undo()
    services.withdraw_consent(testimonies.TestimonyPage.objects.get(pk=page.pk), reason="asked")  # control
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    assert not testimonies.TestimonyPage.objects.get(pk=page.pk).live


def test_taking_offline_is_undone_whole_when_a_step_fails(site_tree, monkeypatch):
    """Unpublished and restricted together or not at all: a failure after the unpublish puts it back."""
    page = _named_live_testimony(site_tree)
    monkeypatch.setattr(services, "_left_public", _interrupt)
    with pytest.raises(Interrupted):
        services.take_offline(page)
    assert testimonies.TestimonyPage.objects.get(pk=page.pk).live
    assert not PageViewRestriction.objects.filter(page=page).exists()
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").exists()


def test_an_archive_only_consent_is_applied_whole_or_not_at_all(site_tree, monkeypatch):
    """The versions restricted to the Archivists and the public copies removed go together."""
    page = _named_live_testimony(site_tree)
    _record_past_the_lifecycle(testimony=page, publication_level=PublicationLevel.ARCHIVE_ONLY)
    monkeypatch.setattr(services, "_left_public", _interrupt)
    with pytest.raises(Interrupted):
        services.apply_consent_to(page)
    assert not PageViewRestriction.objects.filter(page=page).exists()
    monkeypatch.undo()
    services.apply_consent_to(testimonies.TestimonyPage.objects.get(pk=page.pk))  # control
    assert PageViewRestriction.objects.filter(page=page).exists()
