"""What the bulk import writes into Wagtail's tables is what Wagtail's own API writes, column by column.

One person is written the way Wagtail writes a record (``save_revision()``, then
``workflow.start()`` or ``publish()``), another with the same values the way the importer
writes many (``memorial.core.wagtail_rows``). Their rows are then compared column by column:
the person's own row, the revision (its content key by key), the workflow state, the task
state and the log entries. A Wagtail upgrade that changes what its API writes (a new column,
another content key, another log action) fails here, not silently in an imported list.
"""

import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision, TaskState, WorkflowState
from wagtail.rich_text import RichText

from memorial.core import wagtail_rows
from memorial.core.models import DatePrecision
from memorial.moderation import roles
from memorial.remembrance.indexing import fill_derived
from memorial.remembrance.models import Fate, Remembrance
from tests import factories
from tests.moderation.helpers import user_in

pytestmark = pytest.mark.django_db

PERSON = "the person"
# The columns that hold the id of one of the person's own rows, and which kind of row that is.
POINTS_TO = {
    "object_id": "person",
    "latest_revision_id": "revision",
    "live_revision_id": "revision",
    "revision_id": "revision",
    "workflow_state_id": "workflow state",
    "current_task_state_id": "task state",
}
TIMES_IN_CONTENT = {"created_at", "updated_at"}
# Content keys that hold the record's state rather than the revision's: Wagtail reads them from the
# record (``with_content_json()`` keeps the record's), or ``publish()`` sets them from the clock. They are
# compared in the person's row instead.
RECORD_STATE_IN_CONTENT = {"live", "has_unpublished_changes", "first_published_at", "last_published_at"}


def new_person(source, place):
    """An unsaved person as the importer builds one: fields set, the derived ones filled in."""
    person = Remembrance(
        name_latin="Omar Hamwi",
        name_ar="عمر الحموي",
        name_variants="Omar al-Hamwi",
        birth_date=datetime.date(1950, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
        death_date=datetime.date(1982, 2, 10),
        death_date_precision=DatePrecision.DAY,
        age=32,
        fate=Fate.KILLED,
        place=place,
        circumstances="Killed in the street outside his home.",
        record_source=source.title,
        live=False,
    )
    fill_derived(person)
    person.sources = [source]
    return person


def api_way(person, user, workflow, publish):
    """One record as Wagtail writes it: saved, a revision, then published or submitted to the workflow."""
    person.save()
    revision = person.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    else:
        workflow.start(person, user)


def bulk_way(person, user, workflow, publish):
    """The same record as the importer writes a batch of them."""
    now = timezone.now()
    wagtail_rows.set_draft_state([person], publish, now)
    revisions = wagtail_rows.create_with_revisions(
        Remembrance, [person], wagtail_rows.RevisionContent(Remembrance), now, user=user, publish=publish
    )
    wagtail_rows.insert_rows(
        Remembrance.sources.through,
        ["remembrance_id", "source_id"],
        [(person.pk, source.pk) for source in person.sources.all()],
    )
    if not publish:
        task = wagtail_rows.first_task(workflow)
        assert wagtail_rows.starts_in_bulk(task)
        wagtail_rows.start_workflows(workflow, task, [person], revisions, now, user=user)


def rows_of(person):
    """Every row Wagtail keeps about ``person``, column by column, with what tells two people apart left out.

    The ids of the person's own rows become what they are ("revision 1"), a time becomes "a time".
    """
    content_type, object_id = Remembrance.get_content_type(), str(person.pk)
    of_person = {"base_content_type": content_type, "object_id": object_id}
    rows = {
        "person": [Remembrance.objects.get(pk=person.pk)],
        "revision": list(Revision.objects.filter(**of_person).order_by("pk")),
        "workflow state": list(WorkflowState.objects.filter(**of_person).order_by("pk")),
        "log entry": list(ModelLogEntry.objects.filter(content_type=content_type, object_id=object_id).order_by("pk")),
    }
    rows["task state"] = list(TaskState.objects.filter(workflow_state__in=rows["workflow state"]).order_by("pk"))
    names = {kind: {row.pk: f"{kind} {n}" for n, row in enumerate(found, start=1)} for kind, found in rows.items()}
    names["person"] = {person.pk: PERSON, object_id: PERSON}
    # Each person has a permanent identifier of their own; the revision must carry the same one.
    own_identifier = {person.identifier: "the person's identifier", str(person.identifier): "the person's identifier"}

    def content_value(key, value):
        if key in RECORD_STATE_IN_CONTENT:
            return "the record's"
        if key in TIMES_IN_CONTENT and value:
            return "a time"
        if key == "pk":
            return names["person"][value]
        if key == "identifier":
            return own_identifier.get(value, value)
        if key in {"latest_revision", "live_revision"}:
            return names["revision"].get(value, value)
        return value

    def compared(kind, attname, value):
        if attname == "id":
            return names[kind][value]
        if attname == "identifier":
            return own_identifier.get(value, value)
        if attname in POINTS_TO:
            return names[POINTS_TO[attname]].get(value, value)
        if attname == "content":
            return {key: content_value(key, item) for key, item in value.items()}
        if attname == "data" and "task_state_id" in value.get("workflow", {}):  # a workflow log entry
            workflow = value["workflow"]
            return {**value, "workflow": {**workflow, "task_state_id": names["task state"][workflow["task_state_id"]]}}
        return "a time" if isinstance(value, datetime.datetime) else value

    return {
        kind: [
            {f.attname: compared(kind, f.attname, getattr(row, f.attname)) for f in type(row)._meta.concrete_fields}
            for row in found
        ]
        for kind, found in rows.items()
    }


@pytest.fixture
def setting(django_user_model):
    source = factories.SourceFactory(title="Committee list, 1984")
    place = factories.PlaceFactory(name="Hama", slug="hama")
    user = user_in(django_user_model, roles.MODERATORS)
    return source, place, user, Remembrance.get_default_workflow()


def test_a_draft_submitted_to_the_review_is_written_as_wagtail_writes_it(setting):
    """A draft entering the review: same person row, revision, workflow state, task state and log entry."""
    source, place, user, workflow = setting
    by_api, in_bulk = new_person(source, place), new_person(source, place)
    api_way(by_api, user, workflow, publish=False)
    bulk_way(in_bulk, user, workflow, publish=False)
    expected, found = rows_of(by_api), rows_of(in_bulk)
    assert len(expected["revision"]) == len(expected["workflow state"]) == len(expected["task state"]) == 1
    assert [log["action"] for log in expected["log entry"]] == ["wagtail.workflow.start"]
    assert found == expected


def test_a_published_person_is_written_as_wagtail_writes_it_but_for_the_publish_log_entry(setting):
    """Published at once: the same rows, except that the bulk way logs no publication per person.

    An imported list is published as one act; thousands of 'published' entries would only bury it.
    """
    source, place, user, workflow = setting
    by_api, in_bulk = new_person(source, place), new_person(source, place)
    api_way(by_api, user, workflow, publish=True)
    bulk_way(in_bulk, user, workflow, publish=True)
    expected, found = rows_of(by_api), rows_of(in_bulk)
    assert [log["action"] for log in expected["log entry"]] == ["wagtail.publish"]
    assert found["log entry"] == []
    assert {**found, "log entry": expected["log entry"]} == expected
    assert found["person"][0]["live"] and found["person"][0]["live_revision_id"] == "revision 1"


def test_revision_content_reads_back_as_the_record(setting):
    """The content built in bulk has every key ``serializable_data()`` has, and reads back as the same record."""
    source, place, _user, _workflow = setting
    person = new_person(source, place)
    person.save()
    person.sources = [source]
    built = wagtail_rows.RevisionContent(Remembrance)(person)
    expected = person.serializable_data()
    assert set(built) == set(expected)
    read_back = person.with_content_json(json.loads(json.dumps(built, cls=DjangoJSONEncoder))).serializable_data()
    for times in (read_back, expected):  # the clock's, and in JSON to the millisecond
        for key in TIMES_IN_CONTENT:
            times.pop(key)
    assert read_back == expected


def test_a_life_story_is_kept_in_the_revision_as_serializable_data_keeps_it(setting):
    """The stream's text in the revision is the one Wagtail writes, character for character."""
    source, place, _user, _workflow = setting
    person = new_person(source, place)
    person.life_story = [("paragraph", RichText("<p>He kept the mill by the <b>Orontes</b> «نهر العاصي».</p>"))]
    person.save()
    built = wagtail_rows.RevisionContent(Remembrance)(person)
    expected = person.serializable_data()["life_story"]
    assert "Orontes" in expected and "\\u00ab" in expected  # escaped as Wagtail's own encoder does
    assert built["life_story"] == expected


def test_a_life_story_shared_by_records_is_written_out_once_and_each_other_its_own(setting, monkeypatch):
    """The people of a list share one (empty) life story: its text is made once, and a record with a
    story of its own, before or after, still gets its own text."""
    source, place, _user, _workflow = setting
    field = Remembrance._meta.get_field("life_story")
    calls = []
    real = type(field).get_prep_value
    monkeypatch.setattr(type(field), "get_prep_value", lambda self, value: calls.append(1) or real(self, value))
    shared = Remembrance().life_story
    own = [("paragraph", RichText("<p>He kept the mill by the Orontes.</p>"))]
    content = wagtail_rows.RevisionContent(Remembrance)
    people = [new_person(source, place) for _ in range(4)]
    for person in people:
        person.sources = [source]
    people[0].life_story = people[1].life_story = people[3].life_story = shared
    people[2].life_story = own
    built = [content(person)["life_story"] for person in people]
    assert built[0] == built[1] == built[3] == "[]"
    assert "Orontes" in built[2]
    assert len(calls) == 3  # the shared story, the own one, the shared one again after it
