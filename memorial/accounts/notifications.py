"""The notice an account's owner gets when sign-ins to it were locked."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def send_lock_notice(user, lock_seconds):
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "minutes": max(1, lock_seconds // 60), "site_name": settings.WAGTAIL_SITE_NAME}
        body = render_to_string("accounts/lock_notice.txt", context)
        subject = _("Sign-ins to your account were locked")
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
