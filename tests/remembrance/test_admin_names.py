"""The names admin: import a list (dry run, errors, all or nothing), export CSV, likely matches, merge and undo."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorial.moderation import roles
from memorial.remembrance.models import MergeRecord, Remembrance
from tests import factories
from tests.moderation.helpers import user_in
from tests.remembrance.workbooks import DAMAGE, workbook
from tests.utils import login_verified

pytestmark = pytest.mark.django_db

CSV = (
    "name_ar,name_latin,death_date,place,fate,source\n"
    "محمد الحموي,Muhammad al-Hamwi,1982-02-10,Hama,killed,Family list\n"
    "فاطمة طيفور,Fatima Tayfour,1982,Hama,missing,Family list\n"
)


@pytest.fixture
def hama():
    return factories.PlaceFactory(name="Hama", slug="hama")


def upload(client, text, **fields):
    data = {"file": SimpleUploadedFile("names.csv", text.encode(), content_type="text/csv"), **fields}
    return client.post(reverse("remembrance_import"), data)


def test_dry_run_shows_what_would_be_created(admin_client, hama):
    response = upload(admin_client, CSV, dry_run="on")
    assert response.status_code == 200
    assert response.context["report"].ok
    assert "Fatima Tayfour" in response.content.decode()
    assert Remembrance.objects.count() == 0


def test_broken_row_is_shown_with_line_and_column_and_nothing_is_imported(admin_client, hama):
    response = upload(admin_client, CSV + "عمر,Omar Kayyali,1982-02-31,Hama,killed,L\n", publish="on")
    assert response.status_code == 200
    content = response.content.decode()
    assert "death_date" in content and "<td>4</td>" in content
    assert "Nothing was imported" in content
    assert Remembrance.objects.count() == 0


def test_editor_can_publish_on_import(client, django_user_model, hama):
    login_verified(client, user_in(django_user_model, roles.EDITORS))
    response = upload(client, CSV, publish="on")
    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert Remembrance.objects.filter(live=True).count() == 2


def test_contributor_imports_into_review_never_published(client, django_user_model, hama):
    login_verified(client, user_in(django_user_model, roles.CONTRIBUTORS))
    response = client.get(reverse("remembrance_import"))
    assert response.status_code == 200
    assert "publish" not in response.context["form"].fields
    upload(client, CSV, publish="on")
    assert Remembrance.objects.count() == 2
    assert not Remembrance.objects.filter(live=True).exists()


@pytest.mark.parametrize("data", [b"\x00\x01binary", b"", b"PK\x03\x04broken"])
def test_unreadable_files_get_a_message_not_an_error(admin_client, data):
    response = admin_client.post(reverse("remembrance_import"), {"file": SimpleUploadedFile("names.csv", data or b" ")})
    assert response.status_code == 200
    assert response.context["problem"] or response.context["form"].errors
    assert Remembrance.objects.count() == 0


def test_a_damaged_workbook_gets_a_message_not_an_error(admin_client):
    """A spreadsheet whose sheet does not inflate: the archivist is told, nobody is imported."""
    rows = [["name_latin", "source"], *(["Omar Hamwi", "List"] for _ in range(200))]
    for damage in DAMAGE.values():
        upload = SimpleUploadedFile("names.xlsx", damage(workbook(*rows)))
        response = admin_client.post(reverse("remembrance_import"), {"file": upload})
        assert response.status_code == 200 and "workbook" in response.context["problem"]
    assert Remembrance.objects.count() == 0


def test_admin_export_is_the_public_names_only(admin_client):
    factories.RemembranceFactory(name_latin="=1+1 Person", name_ar="محمد")
    factories.RemembranceFactory(name_latin="Draftmarker", live=False)
    question = admin_client.get(reverse("remembrance_export"))
    assert question.status_code == 200 and "Content-Disposition" not in question
    response = admin_client.post(reverse("remembrance_export"), {"reason": "a relative asked for the list"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and "'=1+1 Person" in rows[1]
    assert "Draftmarker" not in text


def test_anonymous_and_unprivileged_users_are_kept_out(client, django_user_model):
    for name in ("remembrance_import", "remembrance_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
    user = django_user_model.objects.create_user(username="plain", password="x" * 16)
    client.force_login(user)  # no admin access: no second factor to pass
    assert client.get(reverse("remembrance_export")).status_code in {302, 403}


def test_likely_matches_merge_and_undo(admin_client, site_tree, hama):
    """A merge puts the other record's names on a reviewed revision of the kept one; undoing puts both back."""
    kept = factories.RemembranceFactory(name_latin="Muhammad al-Hamwi", name_ar="محمد الحموي", place=hama)
    other = factories.RemembranceFactory(
        name_latin="Mohammed Hamawi", name_ar="", place=hama, record_source="Second list"
    )
    factories.RemembranceFactory(name_latin="Fatima Tayfour", name_ar="")
    response = admin_client.get(reverse("remembrance_matches", args=[kept.pk]))
    assert response.status_code == 200
    matches = response.context["matches"]
    assert [m.person.pk for m in matches] == [other.pk]
    assert any("same place" in str(reason) for reason in matches[0].reasons)

    response = admin_client.post(reverse("remembrance_merge", args=[kept.pk, other.pk]), {"reasons": "same"})
    assert response.status_code == 302
    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.name_variants == "" and kept.record_source == "List of the dead, 1983"  # the live row waits
    draft = kept.get_latest_revision_as_object()
    assert "Mohammed Hamawi" in draft.name_variants and "Second list" in draft.record_source
    assert kept.has_unpublished_changes and kept.current_workflow_state is not None  # in review
    assert other.merged_into == kept and not other.live
    assert client_get_status(admin_client, site_tree, other) == 404

    record = MergeRecord.objects.get()
    admin_client.post(reverse("remembrance_undo_merge", args=[record.pk]))
    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.name_variants == "" and kept.record_source == "List of the dead, 1983"
    draft = kept.get_latest_revision_as_object()
    assert "Mohammed Hamawi" not in draft.name_variants and "Second list" not in draft.record_source
    assert kept.current_workflow_state is None  # the review the merge asked for is withdrawn
    assert other.merged_into is None and other.live
    assert client_get_status(admin_client, site_tree, other) == 200


def client_get_status(client, site_tree, person):
    return client.get(person.get_url_under(site_tree.names_index)).status_code


def test_merge_needs_publish_permission(client, django_user_model):
    a = factories.RemembranceFactory(name_latin="Omar Kayyali")
    b = factories.RemembranceFactory(name_latin="Umar Kayali")
    login_verified(client, user_in(django_user_model, roles.CONTRIBUTORS))
    response = client.post(reverse("remembrance_merge", args=[a.pk, b.pk]))
    assert response.status_code in {302, 403}
    assert not MergeRecord.objects.exists()
    b.refresh_from_db()
    assert b.merged_into is None
