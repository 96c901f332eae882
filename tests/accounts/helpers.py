"""Signing in as a person does: the admin's login form, then the second factor with a code computed from the key."""

import base64

from django.urls import reverse
from django_otp.oath import totp

PASSWORD = "x" * 16


def code_for(secret, ahead=0):
    """The app's six digits for the enrolled key (as the enrolment page shows it), ``ahead`` steps on."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=ahead):06d}"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password, "next": ""}, **extra)


def enrol_app(client):
    """Set up an authenticator app from the enrolment page; returns (secret, recovery codes shown)."""
    page = client.get(reverse("accounts_enrol"))
    assert page.status_code == 200
    secret = page.context["secret"]
    confirmed = client.post(reverse("accounts_enrol"), {"token": code_for(secret)})
    assert confirmed.status_code == 302, confirmed.context and confirmed.context["form"].errors
    codes_page = client.get(confirmed["Location"])
    return secret, list(codes_page.context["codes"]) if codes_page.context else []
