"""Two factors for every staff account: without a verified second factor a staff user reaches nothing."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from memorial.accounts.middleware import OPEN_BEFORE_SECOND_FACTOR, PASSKEY_NAMESPACE
from memorial.accounts.models import RecoveryCode, hash_code
from memorial.moderation import roles
from tests.accounts.helpers import code_for, enrol_app, sign_in
from tests.moderation.helpers import user_in
from tests.recordings.conftest import make_recorded_testimony
from tests.utils import login_verified

pytestmark = pytest.mark.django_db

STAFF_ROLES = [*roles.ROLE_NAMES, "superuser"]


def _sample_path(prefix, pattern):
    text = str(pattern.pattern)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)  # a regular expression's groups first
    text = re.sub(r"<int:\w+>", "1", text)
    text = re.sub(r"<(?:str|slug|path|uuid):\w+>|<\w+>", "x", text)
    text = text.replace("^", "").replace("$", "").replace("\\", "")
    return prefix + text


def admin_paths():
    """A concrete address for every route of the admin (parameters filled in), with its route name."""
    found = {}

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, _sample_path(prefix, entry))
            elif isinstance(entry, URLPattern):
                path = "/" + _sample_path(prefix, entry).lstrip("/")
                if not path.startswith("/admin/"):
                    continue
                try:
                    match = resolve(path)
                except Resolver404:
                    continue
                found[path] = match

    walk(get_resolver().url_patterns, "")
    return found


def _refusals(client, target):
    refused, allowed = [], []
    for path, match in admin_paths().items():
        if match.url_name in OPEN_BEFORE_SECOND_FACTOR or PASSKEY_NAMESPACE in match.namespaces:
            # The passkey ceremonies refuse by themselves (test_passkey_registration_needs_the_second_factor_first).
            allowed.append(path)
            continue
        response = client.get(path)
        if response.status_code == 302 and response["Location"].split("?")[0] == target:
            refused.append(path)
        else:
            raise AssertionError(f"{path} ({match.url_name}) answered {response.status_code} without a second factor")
    return refused, allowed


def staff(django_user_model, role):
    if role == "superuser":
        return django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    return user_in(django_user_model, role)


def test_every_admin_url_refuses_a_staff_user_who_has_not_passed_the_second_factor(client, superuser):
    """Every admin address, for a superuser signed in with the password alone, sends them to the second factor."""
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client.force_login(superuser)  # the password step only
    refused, allowed = _refusals(client, reverse("accounts_second_factor"))
    assert len(refused) > 200, "the walk reached the admin's routes"
    assert {resolve(path).url_name for path in allowed} - OPEN_BEFORE_SECOND_FACTOR <= {
        "credential-registration-begin",
        "credential-registration-complete",
        "credential-authentication-begin",
        "credential-authentication-complete",
        "js-i18n-catalog",
    }


def test_every_admin_url_sends_a_staff_user_without_a_device_to_enrolment(client, django_user_model):
    """A staff user who has not set up a second factor sees only the enrolment page."""
    client.force_login(user_in(django_user_model, roles.CONTRIBUTORS))
    refused, _allowed = _refusals(client, reverse("accounts_enrol"))
    assert len(refused) > 200


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_enrols_with_a_real_code_and_only_then_reaches_the_admin(client, django_user_model, role):
    """Signed in through the form: no admin before enrolment; a code computed from the shown key confirms the app;
    the next sign-in needs the password and a fresh code."""
    user = staff(django_user_model, role)
    home = reverse("wagtailadmin_home")
    assert sign_in(client, user.username).status_code == 302
    assert client.get(home)["Location"] == reverse("accounts_enrol")
    wrong = client.post(reverse("accounts_enrol"), {"token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    secret, codes = enrol_app(client)
    assert len(codes) == 10
    assert client.get(home).status_code == 200

    client.logout()
    assert sign_in(client, user.username).status_code == 302
    refused = client.get(home)
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("accounts_second_factor"))
    assert client.get(reverse("accounts_enrol")).status_code == 302, "no new device without the second factor"
    verified = client.post(reverse("accounts_second_factor"), {"token": code_for(secret, ahead=1), "next": home})
    assert verified.status_code == 302 and verified["Location"] == home
    assert client.get(home).status_code == 200


def test_a_used_code_is_not_accepted_again(client, django_user_model):
    user = user_in(django_user_model, roles.EDITORS)
    sign_in(client, user.username)
    secret, _codes = enrol_app(client)
    client.logout()
    sign_in(client, user.username)
    refused = client.post(reverse("accounts_second_factor"), {"token": code_for(secret)})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_recovery_codes_are_shown_once_stored_hashed_and_each_works_once(client, django_user_model):
    user = user_in(django_user_model, roles.ARCHIVISTS)
    sign_in(client, user.username)
    _secret, codes = enrol_app(client)
    assert client.get(reverse("accounts_recovery_codes")).status_code == 302, "shown once only"
    stored = set(RecoveryCode.objects.filter(device__user=user).values_list("code_hash", flat=True))
    assert stored == {hash_code(code) for code in codes}
    assert not any(code.replace("-", "") in value for code in codes for value in stored)

    first, second = codes[0], codes[1]
    for code, works in ((first, True), (first, False), (second.lower().replace("-", " "), True)):
        client.logout()
        sign_in(client, user.username)
        response = client.post(reverse("accounts_second_factor"), {"token": code})
        reached = client.get(reverse("wagtailadmin_home")).status_code == 200
        assert reached is works, (code, response.status_code)
        if not works:
            # django-otp's own back-off after a failure; a person would wait a second.
            user.recoverycodedevice_set.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert RecoveryCode.objects.filter(device__user=user).count() == 8


def test_new_recovery_codes_replace_the_old_ones(client, django_user_model):
    user = user_in(django_user_model, roles.MODERATORS)
    sign_in(client, user.username)
    _secret, old = enrol_app(client)
    response = client.post(reverse("accounts_new_recovery_codes"))
    new = client.get(response["Location"]).context["codes"]
    assert set(new).isdisjoint(old)
    client.logout()
    sign_in(client, user.username)
    client.post(reverse("accounts_second_factor"), {"token": old[0]})
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_without_the_second_factor_a_staff_user_is_not_signed_in_anywhere_on_the_site(
    client, site_tree, django_user_model
):
    """The password alone opens no unredacted transcript or original recording: outside the admin the session counts
    as signed out until the second factor is passed."""
    archivist = user_in(django_user_model, roles.ARCHIVISTS)
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    url = reverse("recordings:full_transcript", args=[recorded.original.pk])
    client.force_login(archivist)
    assert client.get(url).status_code == 404
    login_verified(client, archivist)
    assert client.get(url).status_code == 200


def test_removing_the_last_device_sends_the_user_back_to_enrolment(client, django_user_model):
    user = user_in(django_user_model, roles.EDITORS)
    device = login_verified(client, user)
    security = client.get(reverse("accounts_security"))
    assert security.status_code == 200
    other = user_in(django_user_model, roles.MODERATORS)
    theirs = TOTPDevice.objects.create(user=other, name="theirs", confirmed=True)
    assert client.post(reverse("accounts_remove_device", args=["totp", theirs.pk]))["Location"] == reverse(
        "accounts_security"
    )
    response = client.post(reverse("accounts_remove_device", args=["totp", device.pk]))
    assert response["Location"] == reverse("accounts_enrol")
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_passkey_registration_needs_the_second_factor_first(client, django_user_model):
    """A stolen password cannot add its own passkey to an account that has a second factor."""
    user = user_in(django_user_model, roles.EDITORS)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    begin = reverse("otp_webauthn:credential-registration-begin")
    assert client.post(begin, content_type="application/json").status_code == 403
    login_verified(client, user)
    options = client.post(begin, content_type="application/json")
    assert options.status_code == 200 and "challenge" in options.json()


def test_the_second_factor_page_sends_nobody_to_another_site(client, django_user_model):
    user = user_in(django_user_model, roles.EDITORS)
    sign_in(client, user.username)
    secret, _codes = enrol_app(client)
    client.logout()
    sign_in(client, user.username)
    response = client.post(
        reverse("accounts_second_factor"), {"token": code_for(secret, ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_enrolment_and_verification_pages_speak_arabic(client, django_user_model):
    user = user_in(django_user_model, roles.EDITORS)
    client.force_login(user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save()
    page = client.get(reverse("accounts_enrol"))
    assert 'dir="rtl"' in page.content.decode()
    assert "المصادقة" in page.content.decode() or "التحقق" in page.content.decode()


def test_the_second_factor_pages_get_their_icons(client, django_user_model):
    """The icon sprite every admin page fetches is served before the second factor: were it refused, the page itself
    would be fetched in its place and put into the page as the sprite (a second, hidden copy of the form)."""
    client.force_login(user_in(django_user_model, roles.EDITORS))
    sprite = client.get(reverse("wagtailadmin_sprite"))
    assert sprite.status_code == 200 and b"<svg" in sprite.content
