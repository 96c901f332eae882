"""Merging two records, and undoing it, publishes nothing that review or consent has not allowed.

A merge puts the other record's names on a revision of the kept record, which the public sees
only once it is published after review; the merged record goes offline with its photograph.
Undoing a merge never brings back a record whose consent was withdrawn in the meantime.
"""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import withdraw_consent
from memorial.moderation import roles
from memorial.publication import gate
from memorial.remembrance.export import csv_lines
from memorial.remembrance.matching import merge, undo_merge
from memorial.remembrance.models import Remembrance
from tests import factories
from tests.moderation.helpers import role_users, snippet_action
from tests.utils import html, login_verified, search_url

pytestmark = pytest.mark.django_db

TOKEN = "Vorqenbalt"
KEPT_NAME = "Muhammad Khaled al-Hamwi"


@pytest.fixture
def users(django_user_model):
    return role_users(django_user_model)


@pytest.fixture
def kept(site_tree):
    return factories.RemembranceFactory(name_latin=KEPT_NAME, name_ar="محمد خالد الحموي")


@pytest.fixture
def other(site_tree):
    person = factories.RemembranceFactory(
        name_latin=f"{TOKEN} Hamawi", name_ar="", record_source=f"{TOKEN} family list", photo=factories.ImageFactory()
    )
    ConsentRecord.objects.create(remembrance=person, given_by="His sister", publication_level=PublicationLevel.PUBLIC)
    return person


def found_by_name(site_tree, query):
    response = Client().get(site_tree.names_index.url + "?" + urlencode({"q": query}))
    assert response.status_code == 200
    return [p.pk for p in response.context["name_search"].people]


def public_texts(site_tree, *people):
    """What an anonymous visitor reads where a person's names can appear (searches are checked by result)."""
    visitor = Client()
    index = site_tree.names_index.url
    texts = {
        "names index": html(visitor, index),
        "letter V": html(visitor, index + "?letter=V"),
        "letter M": html(visitor, index + "?letter=M"),
        "home": html(visitor, site_tree.home.url),
        "sitemap": html(visitor, "/sitemap.xml"),
        "csv": b"".join(csv_lines()).decode("utf-8-sig"),
    }
    for person in people:
        response = visitor.get(person.get_url_under(site_tree.names_index))
        texts[f"page of {person.pk}"] = response.content.decode() if response.status_code == 200 else ""
    return texts


def assert_token_not_public(site_tree, *people):
    for surface, text in public_texts(site_tree, *people).items():
        assert TOKEN not in text and TOKEN.lower() not in text, f"{TOKEN} shown on {surface}"
    assert found_by_name(site_tree, TOKEN) == []
    hidden = {person.pk for person in people if not gate.is_public(person)}
    assert not hidden & set(found_by_name(site_tree, f"{TOKEN} Hamawi"))
    site_search = html(Client(), search_url(TOKEN))
    for person in people:
        assert person.get_url_under(site_tree.names_index) not in site_search


def test_undo_keeps_a_record_offline_whose_consent_was_withdrawn(client, site_tree, users, kept, other):
    """Undoing a merge does not republish a merged record whose consent was withdrawn after the merge."""
    address = other.get_url_under(site_tree.names_index)
    assert TOKEN in html(Client(), address)  # the control: the token is planted and public before the merge
    assert gate.image_is_public(other.photo)

    record = merge(kept, other, user=users[roles.EDITORS], reasons="same person")
    other.refresh_from_db()
    assert not other.live and not gate.image_is_public(other.photo)
    withdraw_consent(other, user=users[roles.MODERATORS], reason="The family asked us to.")
    undo_merge(record, user=users[roles.EDITORS])

    other.refresh_from_db()
    assert other.merged_into is None and not other.live
    assert Client().get(address).status_code == 404
    assert not gate.image_is_public(other.photo)
    assert_token_not_public(site_tree, kept, other)
    assert KEPT_NAME in html(Client(), kept.get_url_under(site_tree.names_index))
    login_verified(client, users[roles.ARCHIVISTS])  # staff still read the record, with its token
    edit = reverse("wagtailsnippets_remembrance_remembrance:edit", args=[other.pk])
    assert TOKEN in client.get(edit).content.decode()


def test_undo_republishes_a_merged_record_whose_consent_stands(site_tree, users, kept, other):
    """The control: with its consent standing, undoing a merge brings the merged record back as it was."""
    record = merge(kept, other, user=users[roles.EDITORS])
    assert Client().get(other.get_url_under(site_tree.names_index)).status_code == 404
    undo_merge(record, user=users[roles.EDITORS])
    other.refresh_from_db()
    assert other.live and other.merged_into is None
    assert TOKEN in html(Client(), other.get_url_under(site_tree.names_index))
    assert found_by_name(site_tree, TOKEN) == [other.pk]
    assert gate.image_is_public(other.photo)


def test_kept_record_shows_the_merged_names_only_once_the_merge_revision_is_published(
    client, site_tree, users, kept, other
):
    """The names a merge adds to a published record reach the public only after the review publishes them."""
    merge(kept, other, user=users[roles.EDITORS])
    kept.refresh_from_db()
    assert kept.name_variants == "" and kept.current_workflow_state is not None
    assert TOKEN in kept.get_latest_revision_as_object().name_variants  # planted on the draft
    assert_token_not_public(site_tree, kept, other)

    login_verified(client, users[roles.MODERATORS])
    snippet_action(client, kept, "approve")
    kept.refresh_from_db()
    assert TOKEN not in kept.name_variants  # verified, not yet approved by an editor
    login_verified(client, users[roles.EDITORS])
    snippet_action(client, kept, "approve")

    kept.refresh_from_db()
    assert kept.live and TOKEN in kept.name_variants
    assert TOKEN in html(Client(), kept.get_url_under(site_tree.names_index))
    assert found_by_name(site_tree, TOKEN) == [kept.pk]
    rows = list(csv.reader(io.StringIO(b"".join(csv_lines()).decode("utf-8-sig"))))
    assert [row[0] for row in rows if TOKEN in ",".join(row)] == [str(kept.pk)]


def test_undo_after_publication_takes_the_names_off_the_kept_record_at_once(site_tree, users, kept, other):
    """Once a merge was published, undoing it removes the merged names from the live kept record immediately."""
    record = merge(kept, other, user=users[roles.EDITORS])
    Remembrance.objects.get(pk=kept.pk).get_latest_revision().publish()
    kept.refresh_from_db()
    assert TOKEN in kept.name_variants and f"{TOKEN} family list" in kept.record_source  # the control
    withdraw_consent(other, user=users[roles.MODERATORS])

    undo_merge(record, user=users[roles.EDITORS])
    kept.refresh_from_db()
    assert kept.live and kept.name_variants == "" and kept.record_source == "List of the dead, 1983"
    assert TOKEN not in kept.get_latest_revision_as_object().name_variants
    assert_token_not_public(site_tree, kept, other)


def test_merging_a_draft_record_takes_it_out_of_review_and_logs_it(site_tree, users, kept):
    """A draft merged into a published record leaves the review queue, and both records' histories say so."""
    draft = factories.RemembranceFactory(name_latin=f"{TOKEN} Hamawi", name_ar="", live=False)
    draft.save_revision()
    draft.get_workflow().start(draft, users[roles.CONTRIBUTORS])
    merge(kept, draft, user=users[roles.EDITORS])
    draft.refresh_from_db()
    assert draft.current_workflow_state is None and not draft.live
    assert draft.merged_into_id == kept.pk
    from wagtail.models import ModelLogEntry

    actions = set(ModelLogEntry.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True))
    assert "remembrance.merged" in actions
    actions = set(ModelLogEntry.objects.filter(object_id=str(kept.pk)).values_list("action", flat=True))
    assert "remembrance.merge_received" in actions
    assert_token_not_public(site_tree, kept, draft)
