"""Importing a transcript again keeps every redaction and seal, or refuses; the roles may edit transcripts."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import _querydict_from_form

from memorial.moderation import roles
from memorial.recordings.models import Cue
from tests.utils import login_verified

from .conftest import RELEASED, SPAN_SECRET, WHOLE_SECRET

SECRETS = ["Secretname", "Zuhour", "informant"]

# The original transcript of the ``recorded`` fixture, corrected: same times, a word changed in two lines.
CORRECTED = f"""WEBVTT

00:00.000 --> 00:02.000
<v Interviewer>Where were you taken that night?

00:02.000 --> 00:04.000
<v Witness>They held us in the stadium by the river.

00:04.000 --> 00:06.000
<v Witness>The guard {SPAN_SECRET.upper()} beat my cousin.

00:06.000 --> 00:08.000
<v Witness>Later {WHOLE_SECRET}, I think.

00:08.000 --> 00:09.500
<v Witness>And {RELEASED}.
"""


def edit_form(client, transcript, name, body):
    """The transcript's edit form as the browser would send it back, with a file to import."""
    html = client.get(reverse("transcripts:edit", args=[transcript.pk])).content.decode()
    soup = WagtailTestUtils.get_soup(html)
    form = next(f for f in soup.find_all("form") if f.find("input", attrs={"name": "cues-TOTAL_FORMS"}))
    data = _querydict_from_form(form, exclude_csrf=True).dict()
    data["upload"] = SimpleUploadedFile(name, body.encode(), "text/vtt")
    return data


def marks(transcript):
    return [
        (c.start, c.end, c.redacted, c.redacted_spans, c.sealed_until)
        for c in Cue.objects.filter(transcript=transcript).order_by("start")
        if c.redacted or c.redacted_spans
    ]


def test_reimporting_a_transcript_carries_its_redactions_and_seals(admin_client, client, recorded):
    """A corrected file imported again keeps each withheld line and phrase on the line with the same time range
    (phrases whatever their capitals), with its seal; the public still sees none of it, and the editor is told."""
    before = marks(recorded.original)
    response = admin_client.post(
        reverse("transcripts:edit", args=[recorded.original.pk]),
        edit_form(admin_client, recorded.original, "corrected.vtt", CORRECTED),
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("3 withheld passages were carried over" in m for m in messages), messages
    assert Cue.objects.filter(transcript=recorded.original, text__contains="that night").exists()  # imported
    after = marks(recorded.original)
    assert [(s, e, r, seal) for s, e, r, _spans, seal in after] == [(s, e, r, seal) for s, e, r, _spans, seal in before]
    assert after[0][3] == SPAN_SECRET
    full = Cue.objects.get(transcript=recorded.original, start=4).text
    assert SPAN_SECRET.upper() in full  # planted in the new text
    page = client.get(recorded.page.url).content.decode()
    captions = client.get(reverse("recordings:captions", args=[recorded.original.pk])).content.decode()
    for secret in SECRETS:
        assert secret.casefold() not in page.casefold() and secret.casefold() not in captions.casefold(), secret
    assert "The guard [redacted] beat my cousin." in page


def test_a_phrase_whose_line_moved_follows_its_words(admin_client, client, recorded):
    """A withheld phrase whose line was retimed is carried to every new line that still says it."""
    moved = CORRECTED.replace("00:04.000 --> 00:06.000", "00:04.200 --> 00:05.900")
    admin_client.post(
        reverse("transcripts:edit", args=[recorded.original.pk]),
        edit_form(admin_client, recorded.original, "moved.vtt", moved),
    )
    cue = Cue.objects.get(transcript=recorded.original, start=4.2)
    assert cue.redacted_spans == SPAN_SECRET
    assert "Secretname" not in client.get(recorded.page.url).content.decode()


def test_a_reimport_that_would_drop_a_redaction_is_refused(admin_client, client, recorded):
    """A withheld line with no line of the same time range in the new file (or a phrase found nowhere) refuses
    the import with a message naming it; nothing changes and nothing withheld becomes public."""
    retimed = CORRECTED.replace("00:06.000 --> 00:08.000", "00:06.000 --> 00:07.900").replace(
        SPAN_SECRET.upper(), "someone"
    )
    before = list(Cue.objects.filter(transcript=recorded.original).order_by("start").values())
    response = admin_client.post(
        reverse("transcripts:edit", args=[recorded.original.pk]),
        edit_form(admin_client, recorded.original, "retimed.vtt", retimed),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "was not imported" in html
    assert "the whole line at 0:06–0:08" in html and f"the phrase “{SPAN_SECRET}”" in html
    assert list(Cue.objects.filter(transcript=recorded.original).order_by("start").values()) == before
    page = client.get(recorded.page.url).content.decode()
    for secret in SECRETS:
        assert secret not in page
    assert WHOLE_SECRET in Cue.objects.get(transcript=recorded.original, start=6).text  # still planted


# Permissions --------------------------------------------------------------------------------------


def _member(django_user_model, group):
    user = django_user_model.objects.create_user(group.lower(), password="x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (roles.EDITORS, {f"{a}_{m}" for a in ("add", "change", "delete") for m in ("transcript", "cue", "segment")}),
        (roles.ARCHIVISTS, {f"{a}_{m}" for a in ("add", "change", "delete") for m in ("transcript", "cue", "segment")}),
        (roles.MODERATORS, {"change_transcript", "change_cue"}),
    ],
)
def test_roles_may_edit_transcripts(db, django_user_model, group, expected):
    """Editors and Archivists add, change and delete transcripts, cues and segments; Moderators change them to
    mark redactions; Contributors do none of it."""
    user = _member(django_user_model, group)
    assert all(user.has_perm(f"recordings.{codename}") for codename in expected)
    if group == roles.MODERATORS:
        assert not user.has_perm("recordings.delete_transcript") and not user.has_perm("recordings.add_transcript")
    contributor = _member(django_user_model, roles.CONTRIBUTORS)
    assert not any(contributor.has_perm(f"recordings.{codename}") for codename in expected)


def test_a_moderator_can_open_the_transcript_editor(client, recorded, django_user_model):
    """A Moderator reaches the transcript's edit screen to mark redactions; a Contributor does not."""
    login_verified(client, _member(django_user_model, roles.MODERATORS))
    assert client.get(reverse("transcripts:edit", args=[recorded.original.pk])).status_code == 200
    login_verified(client, _member(django_user_model, roles.CONTRIBUTORS))
    assert client.get(reverse("transcripts:edit", args=[recorded.original.pk])).status_code in (302, 403)  # never a 500


def test_the_data_migration_grants_what_the_roles_list(db):
    """The migration's own copy of the transcript permissions is the one the roles grant today."""
    migration = importlib.import_module("memorial.moderation.migrations.0004_transcript_permissions")
    assert set(migration.GRANTS["Editors"]) == set(roles.TRANSCRIPTS)
    assert set(migration.GRANTS["Archivists"]) == set(roles.TRANSCRIPTS)
    assert set(migration.GRANTS["Moderators"]) == set(roles.TRANSCRIPT_REDACTING)
