"""The permission matrix: what each role may do, tried in the admin as that role (each role x each action)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Task

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_consent_to
from memorial.moderation import roles
from memorial.moderation.workflows import EDITORIAL_APPROVAL, SAFETY_REVIEW, SOURCE_VERIFICATION
from memorial.submissions.models import Submission
from tests import factories
from tests.moderation.helpers import user_in
from tests.submissions.test_public_submission import form_data
from tests.uploads import samples
from tests.utils import login_verified

ARCHIVE_MARKER = "Orvelinearchive"


def ok(response):
    """Allowed means the page itself answered; Wagtail refuses with a redirect to the dashboard or a 403."""
    return response.status_code == 200


def _task_allows(name, obj, user):
    task = Task.objects.get(name=name).specific
    return "approve" in [action[0] for action in task.get_actions(obj, user)]


ACTIONS = {
    "use the admin": lambda c, u, w: ok(c.get(reverse("wagtailadmin_home"))),
    "start a testimony": lambda c, u, w: ok(
        c.get(reverse("wagtailadmin_pages:add", args=("testimonies", "testimonypage", w.index.pk)))
    ),
    "open a submitted testimony": lambda c, u, w: ok(c.get(reverse("wagtailadmin_pages:edit", args=[w.submitted.pk]))),
    "publish a testimony": lambda c, u, w: w.submitted.permissions_for_user(u).can_publish(),
    "approve the safety review": lambda c, u, w: _task_allows(SAFETY_REVIEW, w.submitted, u),
    "give editorial approval": lambda c, u, w: _task_allows(EDITORIAL_APPROVAL, w.submitted, u),
    "verify sources": lambda c, u, w: _task_allows(SOURCE_VERIFICATION, w.person, u),
    "draft a person's record": lambda c, u, w: ok(c.get(reverse("wagtailsnippets_remembrance_remembrance:add"))),
    "publish a person's record": lambda c, u, w: u.has_perm("remembrance.publish_remembrance"),
    "read consent records": lambda c, u, w: ok(c.get(reverse("wagtailsnippets_consent_consentrecord:list"))),
    "record consent": lambda c, u, w: ok(c.get(reverse("wagtailsnippets_consent_consentrecord:add"))),
    "withdraw consent": lambda c, u, w: ok(c.get(reverse("consent_withdraw_testimony", args=[w.submitted.pk]))),
    "read senders' contact details": lambda c, u, w: ok(
        c.get(reverse("wagtailsnippets_submissions_submissioncontact:list"))
    ),
    "read a cleaned upload": lambda c, u, w: ok(c.get(reverse("uploads_cleaned_copy", args=[w.sealed.pk]))),
    "read a sealed original": lambda c, u, w: ok(c.get(reverse("uploads_original", args=[w.sealed.pk]))),
    "read an archive-only testimony": lambda c, u, w: ARCHIVE_MARKER in c.get(w.archive_url).content.decode(),
}

EVERY_ROLE = {roles.CONTRIBUTORS, roles.MODERATORS, roles.EDITORS, roles.ARCHIVISTS, "superuser"}
REVIEWERS = {roles.MODERATORS, roles.EDITORS, "superuser"}
EXPECTED = {
    "use the admin": EVERY_ROLE,
    "start a testimony": EVERY_ROLE,
    "open a submitted testimony": {roles.MODERATORS, roles.EDITORS, roles.ARCHIVISTS, "superuser"},
    "publish a testimony": {roles.EDITORS, roles.ARCHIVISTS, "superuser"},
    "approve the safety review": {roles.MODERATORS, "superuser"},
    "give editorial approval": {roles.EDITORS, "superuser"},
    "verify sources": {roles.MODERATORS, "superuser"},
    "draft a person's record": EVERY_ROLE,
    "publish a person's record": {roles.EDITORS, roles.ARCHIVISTS, "superuser"},
    "read consent records": {roles.MODERATORS, roles.EDITORS, roles.ARCHIVISTS, "superuser"},
    "record consent": REVIEWERS,
    "withdraw consent": REVIEWERS,
    "read senders' contact details": {roles.MODERATORS, roles.EDITORS, roles.ARCHIVISTS, "superuser"},
    "read a cleaned upload": {roles.MODERATORS, roles.EDITORS, roles.ARCHIVISTS, "superuser"},
    "read a sealed original": {roles.ARCHIVISTS, "superuser"},
    "read an archive-only testimony": {roles.ARCHIVISTS, "superuser"},
}


class World:
    """One of everything the actions act on: a public submission in review, a person in review, an archive page."""

    def __init__(self, client, site_tree):
        self.index = site_tree.testimony_index
        response = client.post(
            reverse("submissions:testimony"),
            {**form_data(client), "files": SimpleUploadedFile("photo.jpg", samples.gps_jpeg(), "image/jpeg")},
        )
        assert response.status_code == 302
        submission = Submission.objects.get()
        self.submitted = submission.testimony
        self.sealed = submission.files.get()
        self.person = factories.RemembranceFactory(live=False)
        self.person.save_revision()
        self.person.get_workflow().start(self.person, None)
        archive = factories.TestimonyPageFactory(parent=self.index, title=f"{ARCHIVE_MARKER} account")
        ConsentRecord.objects.create(
            testimony=archive, given_by="The witness", publication_level=PublicationLevel.ARCHIVE_ONLY
        )
        apply_consent_to(archive)
        self.archive_url = f"{self.index.url}{archive.slug}/"


def test_the_matrix_covers_every_action():
    assert set(EXPECTED) == set(ACTIONS)


@pytest.mark.parametrize("role", sorted(EVERY_ROLE))
def test_permission_matrix(client, site_tree, django_user_model, role):
    """Each role can do exactly what the matrix grants it, and nothing else."""
    world = World(client, site_tree)
    if role == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    else:
        user = user_in(django_user_model, role)
    login_verified(client, user)
    granted = {action for action, attempt in ACTIONS.items() if attempt(client, user, world)}
    expected = {action for action, roles_allowed in EXPECTED.items() if role in roles_allowed}
    assert granted - expected == set(), f"{role} may also: {sorted(granted - expected)}"
    assert expected - granted == set(), f"{role} may not: {sorted(expected - granted)}"


def test_a_contributor_edits_their_own_drafts_only(client, site_tree, django_user_model):
    """A contributor opens the draft they started, and nobody else's."""
    contributor = user_in(django_user_model, roles.CONTRIBUTORS)
    own = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False, owner=contributor)
    other = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False)
    login_verified(client, contributor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).status_code in (302, 403)  # never a 500
    assert not own.permissions_for_user(contributor).can_publish()
