"""Staff sessions end after a working day, after an idle spell, everywhere on request, and on a new password."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from memorial.accounts import sessions
from memorial.moderation import roles
from tests.moderation.helpers import user_in
from tests.utils import login_verified

pytestmark = pytest.mark.django_db


def _age(client, started=None, seen=None):
    session = client.session
    now = time.time()
    if started is not None:
        session[sessions.STARTED] = now - started
    if seen is not None:
        session[sessions.SEEN] = now - seen
    session.save()


def _signed_out(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, roles.EDITORS)


def test_a_session_ends_after_the_working_day(client, editor, settings):
    login_verified(client, editor)
    home = reverse("wagtailadmin_home")
    _age(client, started=settings.STAFF_SESSION_MAX_AGE - 60, seen=10)
    assert client.get(home).status_code == 200
    _age(client, started=settings.STAFF_SESSION_MAX_AGE + 1, seen=10)
    assert _signed_out(client.get(home))
    assert _signed_out(client.get(home)), "and it stays ended"


def test_a_session_ends_after_an_idle_spell(client, editor, settings):
    login_verified(client, editor)
    home = reverse("wagtailadmin_home")
    _age(client, started=100, seen=settings.STAFF_SESSION_IDLE_TIMEOUT - 30)
    assert client.get(home).status_code == 200, "used in time: the session goes on"
    _age(client, seen=settings.STAFF_SESSION_IDLE_TIMEOUT + 1)
    assert _signed_out(client.get(home))


def test_the_limits_come_from_settings(client, editor, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 5
    login_verified(client, editor)
    _age(client, seen=6)
    assert _signed_out(client.get(reverse("wagtailadmin_home")))


def test_sign_out_everywhere_ends_every_session_of_the_user(editor, django_user_model):
    here, elsewhere, someone_else = Client(), Client(), Client()
    login_verified(here, editor)
    login_verified(elsewhere, editor)
    login_verified(someone_else, user_in(django_user_model, roles.MODERATORS))
    home = reverse("wagtailadmin_home")
    assert elsewhere.get(home).status_code == 200
    assert here.get(reverse("accounts_security")).status_code == 200
    response = here.post(reverse("accounts_sign_out_everywhere"))
    assert response["Location"] == reverse("wagtailadmin_login")
    assert _signed_out(here.get(home))
    assert _signed_out(elsewhere.get(home))
    assert someone_else.get(home).status_code == 200
    login_verified(here, editor)
    assert here.get(home).status_code == 200, "signing in again works"


def test_a_password_change_ends_the_other_sessions(editor):
    editor.first_name, editor.last_name = "Rana", "Editor"
    editor.save()
    here, elsewhere = Client(), Client()
    login_verified(here, editor)
    login_verified(elsewhere, editor)
    new_password = "a new long passphrase 4821"
    form = here.get(reverse("wagtailadmin_account")).content.decode()
    data = querydict_from_html(form, form_index=0)
    data["password-old_password"] = "x" * 16
    data["password-new_password1"] = new_password
    data["password-new_password2"] = new_password
    response = here.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new_password)
    home = reverse("wagtailadmin_home")
    assert here.get(home).status_code == 200, "the session that changed it goes on"
    assert _signed_out(elsewhere.get(home))


def test_the_account_menu_offers_sign_out_everywhere(client, editor):
    login_verified(client, editor)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("accounts_security") + "#sessions" in page and "Sign out everywhere" in page
