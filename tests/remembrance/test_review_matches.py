"""Moderators see, while reviewing, the records a new name may belong to, and attach it there.

A relative's remembrance arrives as a draft record: its edit screen lists the likely matches with
the reasons, and the draft can be merged into the published record (leaving the review queue).
A testimony sent through the public form shows, for each person its sender named, the records
that may be them.
"""

import re

import pytest
from django.urls import reverse

from memorial.moderation import roles
from memorial.remembrance.matching import people_named, split_mentions
from memorial.remembrance.models import MergeRecord, Remembrance
from memorial.submissions.models import Submission
from tests import factories
from tests.moderation.helpers import user_in
from tests.submissions.test_public_submission import form_data
from tests.utils import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.RemembranceFactory(
        name_latin="Muhammad Khaled al-Hamwi", name_ar="محمد خالد الحموي", record_source="List of the dead, 1983"
    )


def submit_remembrance(client, **fields):
    html = client.get(reverse("submissions:remembrance")).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    data = {
        "name_latin": "Mohamed Khalid Hamwi",
        "name_ar": "",
        "fate": "killed",
        "relation": "his nephew",
        "publication_level": "public",
        "consent": "on",
        "nonce": nonce,
        **fields,
    }
    response = client.post(reverse("submissions:remembrance"), data)
    assert response.status_code in {200, 302}, response.content[:500]
    return Submission.objects.latest("pk").remembrance


def edit_url(person):
    return reverse("wagtailsnippets_remembrance_remembrance:edit", args=[person.pk])


def test_draft_from_a_relative_shows_its_likely_matches_on_its_edit_screen(
    client, django_user_model, site_tree, published
):
    draft = submit_remembrance(client)
    assert draft is not None and not draft.live
    login_verified(client, user_in(django_user_model, roles.MODERATORS))
    response = client.get(edit_url(draft))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Likely matches" in content
    assert "Muhammad Khaled al-Hamwi" in content
    assert "the same name once spellings are normalised" in content
    assert reverse("remembrance_matches", args=[draft.pk]) in content


def test_a_record_with_no_match_says_so(admin_client, published):
    other = factories.RemembranceFactory(name_latin="Zaynab Tayfour", name_ar="زينب طيفور")
    content = admin_client.get(edit_url(other)).content.decode()
    assert "No other record looks like the same person." in content


def test_draft_merged_into_the_published_record_leaves_the_review(client, django_user_model, site_tree, published):
    draft = submit_remembrance(client, name_variants="Abu Khaled")
    assert draft.current_workflow_state is not None
    login_verified(client, user_in(django_user_model, roles.EDITORS))
    matches_page = client.get(reverse("remembrance_matches", args=[draft.pk])).content.decode()
    keep_published = reverse("remembrance_merge", args=[published.pk, draft.pk])
    assert keep_published in matches_page  # "Keep that record: merge this one into it"
    response = client.post(keep_published, {"reasons": "same name"})
    assert response.status_code == 302
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.live and "Mohamed Khalid Hamwi" not in published.name_variants  # live row unchanged
    revised = published.get_latest_revision_as_object()
    assert "Mohamed Khalid Hamwi" in revised.name_variants  # the relative's names wait for review
    assert draft.record_source in revised.record_source and "List of the dead, 1983" in revised.record_source
    assert draft.merged_into == published and not draft.live
    assert draft.current_workflow_state is None  # out of the moderators' queue
    assert client.get(published.get_url_under(site_tree.names_index)).status_code == 200

    client.post(reverse("remembrance_undo_merge", args=[MergeRecord.objects.get().pk]))
    published.refresh_from_db()
    draft.refresh_from_db()
    assert "Mohamed Khalid Hamwi" not in published.get_latest_revision_as_object().name_variants
    assert draft.merged_into is None and not draft.live
    assert draft.current_workflow_state is not None  # back in the moderators' queue


def test_contributors_do_not_see_the_matches(client, django_user_model, published):
    contributor = user_in(django_user_model, roles.CONTRIBUTORS)
    own = factories.RemembranceFactory(name_latin="Mohammed Hamawi", name_ar="", live=False)
    login_verified(client, contributor)
    response = client.get(edit_url(own))
    assert "Muhammad Khaled al-Hamwi" not in response.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Muhammad al-Hamwi, Fatima Tayfour", ["Muhammad al-Hamwi", "Fatima Tayfour"]),
        ("my brother Omar\nour neighbour Hasan Kayyali", ["my brother Omar", "our neighbour Hasan Kayyali"]),
        ("Omar and Hasan; Ali", ["Omar", "Hasan", "Ali"]),
        ("محمد الحموي، فاطمة طيفور و عمر", ["محمد الحموي", "فاطمة طيفور", "عمر"]),
        ("", []),
        (" ,;\n ", []),
        ("Omar, Omar", ["Omar"]),
    ],
)
def test_split_mentions(text, expected):
    assert split_mentions(text) == expected


def test_people_named_lists_the_records_with_reasons(published):
    draft = factories.RemembranceFactory(name_latin="Fatima Tayfour", name_ar="فاطمة طيفور", live=False)
    merged = factories.RemembranceFactory(name_latin="Fatmeh Taifour", name_ar="", live=False)
    merged.merged_into = draft
    merged.save()
    mentions = people_named("my uncle Mohammed Khalid Hamwi, فاطمة طيفور\nSomeone Unknown-Qqq")
    assert [m.text for m in mentions] == ["my uncle Mohammed Khalid Hamwi", "فاطمة طيفور", "Someone Unknown-Qqq"]
    assert mentions[0].matches[0].person == published
    assert mentions[1].matches[0].person == draft
    assert "the name is spelled the same way" in mentions[1].matches[0].reasons
    assert "not yet published" in mentions[1].matches[0].reasons
    assert merged.pk not in [m.person.pk for mention in mentions for m in mention.matches]
    assert mentions[2].matches == []


def test_testimony_from_the_public_form_shows_the_people_its_sender_named(
    client, django_user_model, site_tree, published
):
    data = form_data(client, people_mentioned="My father Mohamed Khaled Hamwi\nA neighbour, Xylo Quorbat")
    response = client.post(reverse("submissions:testimony"), data)
    assert response.status_code in {200, 302}
    page = Submission.objects.latest("pk").testimony
    login_verified(client, user_in(django_user_model, roles.MODERATORS))
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "People named by the sender" in content
    assert "My father Mohamed Khaled Hamwi" in content
    assert edit_url(published) in content
    assert "No record in the names memorial looks like this person." in content  # Xylo Quorbat


def test_a_testimony_written_in_the_admin_has_no_such_panel(admin_client, site_tree, published):
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    content = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "People named by the sender" not in content


def test_hostile_names_in_a_submission_are_escaped_in_the_panel(client, django_user_model, site_tree):
    hostile = '<script>alert("x")</script> Omar'
    data = form_data(client, people_mentioned=hostile)
    client.post(reverse("submissions:testimony"), data)
    page = Submission.objects.latest("pk").testimony
    factories.RemembranceFactory(name_latin="Omar Kayyali", name_ar="")
    login_verified(client, user_in(django_user_model, roles.MODERATORS))
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert Remembrance.objects.count() == 1
