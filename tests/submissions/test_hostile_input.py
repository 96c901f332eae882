"""Hostile input to the public forms: a clear message or the right status, never a 500, nothing left behind."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from memorial.consent.models import ConsentRecord
from memorial.remembrance.models import Remembrance
from memorial.submissions.models import Submission, SubmissionContact
from memorial.testimonies import models as testimony_models
from memorial.uploads.models import SealedOriginal
from tests.submissions.test_public_submission import form_data
from tests.uploads import samples

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "x" * 60_000,
    "\u202eevil\u202c and \u200f marks",
    "null\x00byte",
    "control\x07\x1b[31m chars",
    "\ufeffzero\u200bwidth",
]
TESTIMONY_TEXT_FIELDS = [
    "title",
    "story",
    "witness_name",
    "witness_pseudonym",
    "people_mentioned",
    "places_mentioned",
    "consent_given_by",
    "contact_name",
    "contact_phone",
    "contact_preference",
]


def counts():
    return (
        Submission.objects.count(),
        SubmissionContact.objects.count(),
        ConsentRecord.objects.count(),
        SealedOriginal.objects.count(),
        testimony_models.TestimonyPage.objects.count(),
        Remembrance.objects.count(),
    )


def assert_nothing_left(before, files):
    """No record was added and no file was written since ``before`` and the ``files`` snapshot."""
    assert counts() == before
    assert files.new_files() == []


@pytest.mark.parametrize("field", TESTIMONY_TEXT_FIELDS)
def test_very_long_value_in_each_field(client, site_tree, file_snapshot, field):
    """A value far over a field's length is refused with a message, and nothing is created."""
    files = file_snapshot()
    response = client.post(reverse("submissions:testimony"), form_data(client, **{field: "x" * 60_000}))
    assert response.status_code == 400
    assert "at most" in response.content.decode()
    assert_nothing_left((0, 0, 0, 0, 0, 0), files)


@pytest.mark.parametrize("value", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_hostile_text_in_every_field(client, site_tree, file_snapshot, value):
    """Markup, very long values, control, bidi and null characters: refused or stored clean, shown escaped."""
    files = file_snapshot()
    data = form_data(client, **dict.fromkeys(TESTIMONY_TEXT_FIELDS, value))
    response = client.post(reverse("submissions:testimony"), data)
    assert response.status_code in (302, 400)
    text = response.content.decode()
    assert "<script>alert(1)" not in text and "<svg onload" not in text
    if response.status_code == 302:
        submission = Submission.objects.get()
        page = submission.testimony.get_latest_revision_as_object()
        stored = " ".join(
            [page.title, page.summary, str(page.body.raw_data), page.witness_name, page.witness_pseudonym]
            + [str(v) for v in SubmissionContact.objects.values_list()]
        )
        for bad in ("\x00", "\u202e", "\x07", "\x1b"):
            assert bad not in stored
        assert "<script>" not in str(page.body.raw_data)  # rich text holds it escaped
        rendered = page.make_preview_request().render().content.decode()
        assert "<script>alert(1)" not in rendered and "<svg onload" not in rendered
        status = client.get(response["Location"]).content.decode()
        assert "<script>alert(1)" not in status
    else:
        assert_nothing_left((0, 0, 0, 0, 0, 0), files)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.plain_png(), "photo.pdf"),
        (samples.SVG_WITH_SCRIPT, "drawing.svg"),
        (samples.SVG_WITH_SCRIPT, "photo.jpg"),
        (samples.HTML_PAGE, "page.html"),
        (samples.bomb_png(), "bomb.png"),
        (samples.truncated_jpeg(), "cut.jpg"),
        (samples.corrupt_jpeg(), "broken.jpg"),
        (b"", "empty.jpg"),
        (b"MZ" + b"\x00" * 100, "tool.exe"),
    ],
    ids=["lying-extension", "svg", "svg-as-jpg", "html", "bomb", "truncated", "corrupt", "empty", "exe"],
)
def test_hostile_files_leave_nothing_behind(client, site_tree, file_snapshot, data, name):
    """Each hostile file is refused with a message; no page, record or file remains."""
    before, files = counts(), file_snapshot()
    response = client.post(
        reverse("submissions:testimony"),
        {
            **form_data(client),
            "files": [SimpleUploadedFile("good.jpg", samples.gps_jpeg()), SimpleUploadedFile(name, data)],
        },
    )
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert_nothing_left(before, files)


def test_oversize_file_is_refused(client, site_tree, file_snapshot, settings):
    """A file over its type's limit is refused while it arrives, and nothing is kept."""
    settings.MEMORIAL_UPLOAD_LIMITS = {"image": 2000}
    before, files = counts(), file_snapshot()
    response = client.post(
        reverse("submissions:testimony"),
        {**form_data(client), "files": SimpleUploadedFile("big.jpg", samples.gps_jpeg((400, 400)))},
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert_nothing_left(before, files)


def test_too_many_files(client, site_tree, file_snapshot):
    before, files = counts(), file_snapshot()
    uploads = [SimpleUploadedFile(f"p{i}.png", samples.plain_png()) for i in range(11)]
    response = client.post(reverse("submissions:testimony"), {**form_data(client), "files": uploads})
    assert response.status_code == 400
    assert_nothing_left(before, files)


@pytest.mark.parametrize(
    "dates",
    [
        {"death_date": "1982-02-30"},
        {"death_date": "1982-13-01"},
        {"birth_date": "1700-01-01"},
        {"death_date": "2999-01-01"},
        {"birth_date": "1990-01-01", "death_date": "1982-02-10"},
        {"death_date": "not a date"},
        {"age": "-4"},
        {"age": "99999999999999999999"},
    ],
)
def test_impossible_dates_on_remembrance(client, site_tree, file_snapshot, dates):
    """Impossible or out-of-range dates and ages get a message; nothing is created."""
    before, files = counts(), file_snapshot()
    data = form_data(
        client, "submissions:remembrance", name_latin="Someone", fate="killed", **{"publication_level": "public"}
    )
    response = client.post(reverse("submissions:remembrance"), {**data, **dates})
    assert response.status_code == 400
    assert_nothing_left(before, files)


def test_embargo_date_must_be_in_the_future(client, site_tree):
    data = form_data(client, publication_level="embargoed", embargo_until="2001-01-01")
    assert client.post(reverse("submissions:testimony"), data).status_code == 400
    data = form_data(client, publication_level="embargoed")
    assert client.post(reverse("submissions:testimony"), data).status_code == 400
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_missing_csrf_is_refused(site_tree):
    """Without the CSRF token the form is refused (403) and nothing is created."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("submissions:testimony"), form_data(client))
    assert response.status_code == 403
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_forged_or_missing_nonce(client, site_tree):
    for nonce in ("", "forged", "x" * 5000):
        response = client.post(reverse("submissions:testimony"), form_data(client, nonce=nonce))
        assert response.status_code == 400
        assert "expired" in response.content.decode()
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_rate_limit_overflow(client, site_tree, settings):
    """Past the limit a client gets HTTP 429 and a clear message; nothing more is created."""
    settings.MEMORIAL_SUBMISSION_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(reverse("submissions:testimony"), form_data(client)).status_code == 302
    response = client.post(reverse("submissions:testimony"), form_data(client))
    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()
    assert Submission.objects.count() == 2
    # Another client is not affected.
    other = client.post(reverse("submissions:testimony"), form_data(client), REMOTE_ADDR="198.51.100.5")
    assert other.status_code == 302


def test_double_submit_creates_one_submission(client, site_tree):
    """The same form sent twice (a double click) makes one submission and the same receipt."""
    data = form_data(client)
    first = client.post(reverse("submissions:testimony"), data)
    second = client.post(reverse("submissions:testimony"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1 and testimony_models.TestimonyPage.objects.count() == 1


def test_honeypot_creates_nothing(client, site_tree):
    response = client.post(reverse("submissions:testimony"), form_data(client, website="http://spam.example"))
    assert response.status_code == 200
    assert counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("token", ["", "x" * 500, "../../etc", "%00", "0" * 64])
def test_status_link_with_bad_tokens(client, site_tree, token):
    response = client.get(f"/en/contribute/status/{token}/")
    assert response.status_code == 404
    assert client.post(f"/en/contribute/status/{token}/withdraw/", {"confirm": "yes"}).status_code == 404


def test_methods_other_than_get_and_post(client, site_tree):
    assert client.put(reverse("submissions:testimony")).status_code == 405


REMEMBRANCE_TEXT_FIELDS = [
    "name_ar",
    "name_latin",
    "name_variants",
    "place",
    "circumstances",
    "relation",
    "consent_given_by",
    "contact_name",
    "contact_phone",
    "contact_preference",
]


@pytest.mark.parametrize("value", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_hostile_text_in_every_remembrance_field(client, site_tree, file_snapshot, value):
    """The same hostile values in every text field of the form for remembering a person."""
    files = file_snapshot()
    data = form_data(client, "submissions:remembrance", fate="killed", **dict.fromkeys(REMEMBRANCE_TEXT_FIELDS, value))
    response = client.post(reverse("submissions:remembrance"), data)
    assert response.status_code in (302, 400)
    text = response.content.decode()
    assert "<script>alert(1)" not in text and "<svg onload" not in text
    if response.status_code == 302:
        person = Submission.objects.get().remembrance
        stored = " ".join(
            [str(v) for v in Remembrance.objects.filter(pk=person.pk).values_list()]
            + [str(v) for v in SubmissionContact.objects.values_list()]
            + [str(v) for v in ConsentRecord.objects.values_list()]
        )
        for bad in ("\x00", "\u202e", "\x07", "\x1b"):
            assert bad not in stored
        status = client.get(response["Location"]).content.decode()
        assert "<script>alert(1)" not in status and "<svg onload" not in status
    else:
        assert_nothing_left((0, 0, 0, 0, 0, 0), files)


@pytest.mark.parametrize(
    ("data", "name"),
    [(samples.SVG_WITH_SCRIPT, "portrait.jpg"), (samples.HTML_PAGE, "record.pdf"), (samples.bomb_png(), "p.png")],
    ids=["svg-as-jpg", "html-as-pdf", "bomb"],
)
def test_hostile_files_on_the_remembrance_form(client, site_tree, file_snapshot, data, name):
    before, files = counts(), file_snapshot()
    form = form_data(client, "submissions:remembrance", name_latin="Someone", fate="killed", publication_level="public")
    response = client.post(
        reverse("submissions:remembrance"),
        {**form, "files": [SimpleUploadedFile("good.png", samples.plain_png()), SimpleUploadedFile(name, data)]},
    )
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert_nothing_left(before, files)


@pytest.mark.parametrize(
    "overrides",
    [
        {"publication_level": "everyone"},
        {"witness_relation": "<script>alert(1)</script>"},
        {"language": "../../etc"},
        {"title": " \u200b "},
        {"events_date": "0000-00-00"},
        {"events_date": "1982-02-10T00:00:00"},
        {"embargo_until": "99999-01-01", "publication_level": "embargoed"},
        {"contact_email": "a@b" + "c" * 300 + ".org"},
        {"consent": ""},
    ],
    ids=range(9),
)
def test_malformed_values_get_a_message(client, site_tree, file_snapshot, overrides):
    """Values no browser would send from this form: a 400 with the form again, nothing created."""
    files = file_snapshot()
    data = form_data(client, **overrides)
    if overrides.get("consent") == "":
        del data["consent"]
    response = client.post(reverse("submissions:testimony"), data)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert_nothing_left((0, 0, 0, 0, 0, 0), files)


def test_undecodable_and_oversized_bodies(client, site_tree):
    """Bytes that are not UTF-8, and a body over Django's limit: a clear answer, never a 500."""
    data = form_data(client)
    body = urlencode({k: v for k, v in data.items() if k != "story"}).encode() + b"&story=%FF%FE%FA\xff"
    response = client.post(reverse("submissions:testimony"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400)
    before = counts()
    response = client.post(reverse("submissions:testimony"), {**form_data(client), "story": "x" * 3_000_000})
    assert response.status_code in (400, 413)
    assert counts() == before
