"""Who reads what in the admin: every role against every listing, chooser, report, the admin API and exports.

Unique words are planted in another user's draft testimony, an archive-only and a withdrawn
testimony, an unpublished and a withdrawn person, and a held image and document. Each role gets
exact status codes (a server error never passes for a refusal), the words it must not read are
absent, and the words it may read are present (the owner and the Archivist are the controls).
"""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_consent_to, withdraw_consent
from memorial.moderation import roles
from memorial.uploads.collections import held_collection
from tests import factories
from tests.moderation.helpers import user_in
from tests.utils import login_verified

OWN_DRAFT = "Qzowndraft"
OTHER_DRAFT = "Qzotherdraft"
ARCHIVE_ONLY = "Qzarchiveonly"
WITHDRAWN = "Qzwithdrawntestimony"
UNPUBLISHED_PERSON = "Qzunpublishedperson"
WITHDRAWN_PERSON = "Qzwithdrawnperson"
OWN_PERSON = "Qzownperson"
HELD_IMAGE = "Qzheldimage"
HELD_DOCUMENT = "Qzhelddocument"
OWN_IMAGE = "Qzownimage"

PAGES = {OWN_DRAFT, OTHER_DRAFT, ARCHIVE_ONLY, WITHDRAWN}
PEOPLE = {UNPUBLISHED_PERSON, WITHDRAWN_PERSON, OWN_PERSON}
IMAGES = {HELD_IMAGE, OWN_IMAGE}
DOCUMENTS = {HELD_DOCUMENT}
EVERY_TOKEN = PAGES | PEOPLE | IMAGES | DOCUMENTS

CONTRIBUTOR, ANONYMOUS = "contributor", "anonymous"
ROLES = [CONTRIBUTOR, "moderator", "editor", "archivist", ANONYMOUS]
GROUPS = {
    CONTRIBUTOR: roles.CONTRIBUTORS,
    "moderator": roles.MODERATORS,
    "editor": roles.EDITORS,
    "archivist": roles.ARCHIVISTS,
}

# What each role may read. Reviewers read what they review; only Archivists read restricted pages.
REVIEWER_READS = EVERY_TOKEN - {ARCHIVE_ONLY, WITHDRAWN}
READS = {
    CONTRIBUTOR: {OWN_DRAFT, OWN_PERSON, OWN_IMAGE},
    "moderator": REVIEWER_READS,
    "editor": REVIEWER_READS,
    "archivist": EVERY_TOKEN,
    ANONYMOUS: set(),
}

LOGIN = 302  # the admin sends visitors to its login page
REFUSED = 302  # the admin refuses a signed-in user with a redirect to the dashboard and a message
# An admin address that answers 404 is sent on to the same address with a language prefix (the
# locale middleware), where nothing answers either.
NOT_FOUND = 302


class World:
    """One of each planted item, made by someone other than the role under test (but the owner's own)."""

    def __init__(self, site_tree, django_user_model):
        index = site_tree.testimony_index
        self.contributor = user_in(django_user_model, roles.CONTRIBUTORS)
        other = user_in(django_user_model, roles.CONTRIBUTORS, username="another-contributor")
        self.index = index
        self.own_draft = factories.TestimonyPageFactory(
            parent=index, live=False, owner=self.contributor, title=f"{OWN_DRAFT} account"
        )
        self.other_draft = factories.TestimonyPageFactory(
            parent=index, live=False, owner=other, title=f"{OTHER_DRAFT} account"
        )
        archive = factories.TestimonyPageFactory(parent=index, title=f"{ARCHIVE_ONLY} account")
        ConsentRecord.objects.create(
            testimony=archive, given_by="The witness", publication_level=PublicationLevel.ARCHIVE_ONLY
        )
        apply_consent_to(archive)
        withdrawn = factories.TestimonyPageFactory(parent=index, title=f"{WITHDRAWN} account")
        withdraw_consent(withdrawn, reason="The witness asked")
        self.archive = archive
        self.archive_revision = archive.save_revision()
        self.unpublished_person = factories.RemembranceFactory(live=False, name_latin=UNPUBLISHED_PERSON)
        self.withdrawn_person = factories.RemembranceFactory(live=True, name_latin=WITHDRAWN_PERSON)
        withdraw_consent(self.withdrawn_person, reason="The family asked")
        self.own_person = factories.RemembranceFactory(live=False, name_latin=OWN_PERSON, owner=self.contributor)
        held = held_collection()
        self.held_image = factories.ImageFactory(title=HELD_IMAGE, collection=held)
        self.own_image = factories.ImageFactory(
            title=OWN_IMAGE, collection=Collection.get_first_root_node(), uploaded_by_user=self.contributor
        )
        self.held_document = get_document_model().objects.create(
            title=HELD_DOCUMENT, collection=held, file="documents/statement.pdf"
        )
        for item in [self.own_draft]:
            log(item, "wagtail.edit", user=self.contributor)
        for item in [self.other_draft, archive, withdrawn, self.unpublished_person, self.withdrawn_person]:
            log(item, "wagtail.edit", user=other)
        for item in [self.held_image, self.held_document]:
            log(item, "wagtail.edit", user=other)
        log(self.own_person, "wagtail.edit", user=self.contributor)


def _snippets(action, *args):
    return reverse(f"wagtailsnippets_remembrance_remembrance:{action}", args=args)


# name -> (address, the tokens this surface lists in full, status for a signed-in user of each role)
SURFACES = {
    "page explorer": (lambda w: reverse("wagtailadmin_explore", args=[w.index.pk]), PAGES, {}),
    "page search": (lambda w: reverse("wagtailadmin_pages:search") + "?q=account", PAGES, {}),
    "page chooser": (lambda w: reverse("wagtailadmin_choose_page_child", args=[w.index.pk]), PAGES, {}),
    "page chooser search": (lambda w: reverse("wagtailadmin_choose_page_search") + "?q=account", PAGES, {}),
    "admin API": (lambda w: f"/admin/api/main/pages/?child_of={w.index.pk}&limit=20", PAGES, {}),
    "admin API explorer": (
        lambda w: f"/admin/api/main/pages/?child_of={w.index.pk}&for_explorer=1&limit=20",
        PAGES,
        {},
    ),
    "site history": (lambda w: reverse("wagtailadmin_reports:site_history"), EVERY_TOKEN - {OWN_IMAGE}, {}),
    "page types report": (lambda w: reverse("wagtailadmin_reports:page_types_usage"), set(), {CONTRIBUTOR: REFUSED}),
    "names memorial": (lambda w: _snippets("list"), PEOPLE, {}),
    "names memorial export": (lambda w: _snippets("list") + "?export=csv", PEOPLE, {}),
    "person chooser": (lambda w: reverse("wagtailsnippetchoosers_remembrance_remembrance:choose"), PEOPLE, {}),
    "names CSV export": (lambda w: reverse("remembrance_export"), set(), {CONTRIBUTOR: REFUSED}),
    "likely matches": (
        lambda w: reverse("remembrance_matches", args=[w.own_person.pk]),
        set(),
        {CONTRIBUTOR: REFUSED},
    ),
    "images": (lambda w: reverse("wagtailimages:index"), IMAGES, {}),
    "image chooser": (lambda w: reverse("wagtailimages_chooser:choose"), IMAGES, {}),
    "documents": (lambda w: reverse("wagtaildocs:index"), DOCUMENTS, {}),
    "document chooser": (lambda w: reverse("wagtaildocs_chooser:choose"), DOCUMENTS, {}),
}

# Single items: (address, status per role; anything not named answers 200)
ITEMS = {
    "another user's draft": (
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.other_draft.pk]),
        {CONTRIBUTOR: REFUSED},
    ),
    "an archive-only testimony": (
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.archive.pk]),
        {CONTRIBUTOR: REFUSED, "moderator": REFUSED, "editor": REFUSED},
    ),
    **{
        f"an archive-only testimony's {screen}": (
            lambda w, screen=screen: reverse(f"wagtailadmin_pages:{screen}", args=[w.archive.pk]),
            {CONTRIBUTOR: REFUSED, "moderator": REFUSED, "editor": REFUSED},
        )
        for screen in ("history", "view_draft", "workflow_history")
    },
    "an archive-only testimony's revision": (
        lambda w: reverse("wagtailadmin_pages:revisions_view", args=[w.archive.pk, w.archive_revision.pk]),
        {CONTRIBUTOR: REFUSED, "moderator": REFUSED, "editor": REFUSED},
    ),
    "an archive-only testimony in the API": (
        lambda w: f"/admin/api/main/pages/{w.archive.pk}/",
        {CONTRIBUTOR: NOT_FOUND, "moderator": NOT_FOUND, "editor": NOT_FOUND},
    ),
    "an unpublished person": (lambda w: _snippets("edit", w.unpublished_person.pk), {CONTRIBUTOR: REFUSED}),
    "an unpublished person's history": (
        lambda w: _snippets("history", w.unpublished_person.pk),
        {CONTRIBUTOR: REFUSED},
    ),
    "the owner's own person": (lambda w: _snippets("edit", w.own_person.pk), {}),
    "the owner's own draft": (lambda w: reverse("wagtailadmin_pages:edit", args=[w.own_draft.pk]), {}),
}


API_ITEMS = {"an archive-only testimony in the API"}


def _client_for(role, client, world, django_user_model):
    if role == CONTRIBUTOR:
        login_verified(client, world.contributor)
    elif role != ANONYMOUS:
        login_verified(client, user_in(django_user_model, GROUPS[role]))
    return client


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_the_matrix_plants_every_token_and_each_role_reads_something():
    """No role's expectations rest on an empty set, except the anonymous visitor's."""
    listed = set().union(*(tokens for _url, tokens, _codes in SURFACES.values()))
    assert listed | {OWN_IMAGE} == EVERY_TOKEN
    signed_in = [role for role in ROLES if role != ANONYMOUS]
    assert len(signed_in) == 4
    assert [role for role in signed_in if not READS[role]] == []


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, site_tree, django_user_model, role):
    """Each role reads exactly its own share of the planted items on every admin surface."""
    world = World(site_tree, django_user_model)
    client = _client_for(role, client, world, django_user_model)
    checked = []
    for name, (address, tokens, codes) in SURFACES.items():
        response = client.get(address(world))
        expected = LOGIN if role == ANONYMOUS else codes.get(role, 200)
        assert response.status_code == expected, f"{role} on {name}: {response.status_code}, expected {expected}"
        body = _body(response) if response.status_code == 200 else ""
        for token in EVERY_TOKEN:
            if token not in READS[role]:
                assert token not in body, f"{role} reads {token} on {name}"
        for token in tokens & READS[role]:
            assert token in body, f"{role} should read {token} on {name}"
            checked.append((name, token))
    for name, (address, codes) in ITEMS.items():
        response = client.get(address(world))
        expected = LOGIN if role == ANONYMOUS else codes.get(role, 200)
        assert response.status_code == expected, f"{role} on {name}: {response.status_code}, expected {expected}"
        if name in API_ITEMS and role != ANONYMOUS and expected == NOT_FOUND:
            assert response["Location"].startswith("/en/admin/")
            assert client.get(response["Location"]).status_code == 404
    if role != ANONYMOUS:
        assert checked, "a positive control: this role reads something somewhere"
