"""Drafts never touch live rows: a draft of a published person changes nothing the public sees.

Saving a draft (the admin's "Save draft", or ``save_revision()``) of a live record keeps its
address, its place in the names index, its search keys, the sitemap, the CSV export and the home
page exactly as published; publishing the revision is what makes the new name public.
"""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from memorial.moderation import roles
from memorial.remembrance.export import csv_lines
from memorial.remembrance.indexing import ARABIC_LETTERS, DERIVED_FIELDS, LATIN_LETTERS
from memorial.remembrance.models import NameKey, Remembrance
from memorial.remembrance.normalise import index_names
from tests import factories
from tests.moderation.helpers import user_in
from tests.utils import html, login_verified

pytestmark = pytest.mark.django_db

OLD_LATIN, OLD_ARABIC = "Ahmad Qassabwarden", "أحمد القصابوردن"
TOKEN, TOKEN_ARABIC = "Zilvermoqtar", "زلفرمقطار"
NEW_LATIN, NEW_ARABIC = f"{TOKEN} Hamwi", f"{TOKEN_ARABIC} الحموي"
(TOKEN_KEY,) = index_names([TOKEN]).word_keys


@pytest.fixture
def person(site_tree):
    return factories.RemembranceFactory(name_latin=OLD_LATIN, name_ar=OLD_ARABIC)


def edit_form(person, **changes):
    """The snippet edit form as the admin posts it, with ``changes`` over the record's values."""
    values = {
        "is_sample": "",
        "name_ar": person.name_ar,
        "name_latin": person.name_latin,
        "name_variants": person.name_variants,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "birth_date_precision": person.birth_date_precision,
        "death_date": person.death_date.isoformat() if person.death_date else "",
        "death_date_precision": person.death_date_precision,
        "age": "",
        "fate": person.fate,
        "place": person.place_id or "",
        "circumstances": person.circumstances,
        "photo": "",
        "life_story": streamfield([]),
        "record_source": person.record_source,
        **changes,
    }
    return nested_form_data(values)


def save_draft_in_admin(client, user, person, **changes):
    login_verified(client, user)
    url = reverse("wagtailsnippets_remembrance_remembrance:edit", args=[person.pk])
    response = client.post(url, edit_form(person, **changes))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    client.logout()


def name_search(client, site_tree, query):
    response = client.get(site_tree.names_index.url + "?" + urlencode({"q": query}))
    assert response.status_code == 200
    return [p.pk for p in response.context["name_search"].people]


def exported():
    return b"".join(csv_lines()).decode("utf-8-sig")


def public_text(client, site_tree, person):
    """Every public surface a person's name reaches, except the name search (which echoes the query)."""
    index = site_tree.names_index.url
    pages = {
        "person": html(client, person.get_url_under(site_tree.names_index)),
        "names index": html(client, index),
        "home": html(client, site_tree.home.url),
        "sitemap": html(client, "/sitemap.xml"),
        "csv": exported(),
    }
    for letter in [*LATIN_LETTERS, *ARABIC_LETTERS]:
        pages[f"letter {letter}"] = html(client, index + "?" + urlencode({"letter": letter}))
    return pages


def assert_draft_not_public(client, site_tree, person, live_slug):
    fresh = Remembrance.objects.get(pk=person.pk)
    assert fresh.has_unpublished_changes
    assert fresh.get_latest_revision_as_object().name_latin == NEW_LATIN  # the control: the draft holds the token
    assert (fresh.name_latin, fresh.slug) == (OLD_LATIN, live_slug)
    assert not NameKey.objects.filter(person=person, key__contains=TOKEN_KEY).exists()
    for surface, text in public_text(client, site_tree, fresh).items():
        assert TOKEN not in text and TOKEN.lower() not in text, f"draft name on {surface}"
        assert TOKEN_ARABIC not in text, f"draft Arabic name on {surface}"
    assert name_search(client, site_tree, TOKEN) == []
    assert name_search(client, site_tree, TOKEN_ARABIC) == []
    assert name_search(client, site_tree, OLD_LATIN) == [person.pk]
    assert name_search(client, site_tree, OLD_ARABIC) == [person.pk]
    new_address = site_tree.names_index.url + f"{person.pk}/{TOKEN.lower()}-hamwi/"
    response = client.get(new_address)
    assert response.status_code == 301 and response["Location"].endswith(f"/{person.pk}/{live_slug}/")


def assert_published(client, site_tree, person):
    fresh = Remembrance.objects.get(pk=person.pk)
    assert fresh.name_latin == NEW_LATIN and fresh.slug == f"{TOKEN.lower()}-hamwi"
    text = public_text(client, site_tree, fresh)
    for surface in ("person", "sitemap", "csv", "letter Z", f"letter {TOKEN_ARABIC[0]}"):
        assert TOKEN in text[surface] or TOKEN.lower() in text[surface] or TOKEN_ARABIC in text[surface], surface
    assert OLD_LATIN not in text["letter A"]
    assert name_search(client, site_tree, TOKEN) == [person.pk]
    assert name_search(client, site_tree, TOKEN_ARABIC) == [person.pk]


@pytest.mark.parametrize("role", [roles.CONTRIBUTORS, roles.EDITORS])
def test_a_draft_saved_in_the_admin_changes_nothing_public_until_published(
    client, django_user_model, site_tree, person, role
):
    """A draft of a live person, saved by a contributor or an editor, reaches no public surface until published."""
    live_slug = person.slug
    user = user_in(django_user_model, role)
    Remembrance.objects.filter(pk=person.pk).update(owner=user)  # a Contributor edits the records they entered
    save_draft_in_admin(client, user, person, name_latin=NEW_LATIN, name_ar=NEW_ARABIC)
    assert_draft_not_public(client, site_tree, person, live_slug)

    Remembrance.objects.get(pk=person.pk).get_latest_revision().publish()
    assert_published(client, site_tree, person)


def test_save_revision_leaves_the_live_row_and_its_keys_alone(client, site_tree, person):
    """``save_revision()`` of a live record writes the revision only: the row's derived fields and keys stay."""
    live = Remembrance.objects.get(pk=person.pk)
    row = {name: getattr(live, name) for name in DERIVED_FIELDS}
    keys = sorted(NameKey.objects.filter(person=person).values_list("key", flat=True))
    draft = Remembrance.objects.get(pk=person.pk)
    draft.name_latin, draft.name_ar = NEW_LATIN, NEW_ARABIC
    draft.save_revision()
    live = Remembrance.objects.get(pk=person.pk)
    assert {name: getattr(live, name) for name in row} == row
    assert sorted(NameKey.objects.filter(person=person).values_list("key", flat=True)) == keys
    assert_draft_not_public(client, site_tree, person, row["slug"])

    live.get_latest_revision().publish()
    assert_published(client, site_tree, person)


def test_a_full_save_still_derives_everything_from_the_names(site_tree):
    """Creating a record, or editing one never published, computes its sort fields and keys from its names."""
    person = factories.RemembranceFactory(name_latin=NEW_LATIN, name_ar=NEW_ARABIC, live=False)
    assert (person.slug, person.letter_latin) == (f"{TOKEN.lower()}-hamwi", "Z")
    assert NameKey.objects.filter(person=person, key__contains=TOKEN_KEY).exists()
    person.name_latin, person.name_ar = OLD_LATIN, OLD_ARABIC
    person.save()
    assert (person.slug, person.letter_latin) == ("ahmad-qassabwarden", "A")
    assert not NameKey.objects.filter(person=person, key__contains=TOKEN_KEY).exists()
    person.name_latin = NEW_LATIN
    person.save(update_fields=["name_latin"])  # a partial save that writes the names derives from them too
    assert Remembrance.objects.get(pk=person.pk).slug == f"{TOKEN.lower()}-hamwi"


def test_csv_export_reads_the_live_names(site_tree, person):
    """The CSV export of a live person with a pending draft carries the published name only."""
    draft = Remembrance.objects.get(pk=person.pk)
    draft.name_latin = NEW_LATIN
    draft.save_revision()
    rows = list(csv.reader(io.StringIO(exported())))
    assert [row[2] for row in rows[1:]] == [OLD_LATIN]


PLACE_TOKEN = "Qubbatzarnaq"


@pytest.mark.parametrize("how", ["never published", "draft of a live person"])
def test_a_place_known_only_from_a_draft_is_not_offered(client, site_tree, how):
    """The names index offers, and the place page counts, only places that public people name."""
    place = factories.PlaceFactory(name=f"{PLACE_TOKEN} quarter", slug="qubbatzarnaq")
    if how == "never published":
        person = factories.RemembranceFactory(name_latin=OLD_LATIN, place=place, live=False)
    else:
        person = factories.RemembranceFactory(name_latin=OLD_LATIN)
        draft = Remembrance.objects.get(pk=person.pk)
        draft.place = place
        draft.save_revision()
    index = site_tree.names_index.url
    responses = {}
    for url in (index, index + "?place=qubbatzarnaq", index + "?letter=A", index + "?" + urlencode({"q": OLD_LATIN})):
        response = responses[url] = client.get(url)
        assert response.status_code == 200
        assert place not in response.context["places"], url
        assert PLACE_TOKEN not in response.content.decode(), url
    assert list(responses[index + "?place=qubbatzarnaq"].context["people"]) == []
    place_page = client.get(site_tree.places_index.url_for_place(place))
    assert list(place_page.context["place_people"]) == []
    assert person.get_url_under(site_tree.names_index) not in place_page.content.decode()

    revision = Remembrance.objects.get(pk=person.pk).get_latest_revision()
    (revision or Remembrance.objects.get(pk=person.pk).save_revision()).publish()
    response = client.get(index)
    assert place in response.context["places"] and PLACE_TOKEN in response.content.decode()  # the control
    assert [p.pk for p in client.get(index + "?place=qubbatzarnaq").context["people"]] == [person.pk]
