"""The staff account rules for every request: session limits first, then the second factor.

A user who can reach the admin and has not passed the second factor in this session sees only the
sign-in, second-factor and enrolment pages (and may sign out); every other admin address sends them
there, and everywhere else on the site they count as not signed in, so a password alone opens nothing
(an unredacted transcript, an original recording, a preview).
"""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from . import factors, sessions

# The admin pages a signed-in user reaches before the second factor.
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "accounts_second_factor",
    "accounts_enrol",
    "wagtailadmin_javascript_catalog",
    # The admin's icons, fetched by every admin page (these ones too): the same for everyone, nothing private.
    "wagtailadmin_sprite",
}
PASSKEY_NAMESPACE = "otp_webauthn"
ADMIN_PREFIX = "/admin/"


def _staff_user(request):
    """The signed-in user who needs a second factor, or None; without a session cookie nobody is signed in, and the
    session is not even read (reading it would mark public responses as varying by cookie, and uncacheable)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user if user is not None and factors.needs_second_factor(user) else None


def _admin_path(request):
    return request.path_info.startswith(ADMIN_PREFIX)


class StaffAccountMiddleware:
    """After AuthenticationMiddleware and django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = _staff_user(request)
        if user is not None:
            reason = sessions.expired(request, user)
            if reason:
                logout(request)
                if _admin_path(request):
                    return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
            else:
                sessions.touch(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = _staff_user(request)
        if user is None or factors.is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and (match.url_name in OPEN_BEFORE_SECOND_FACTOR or PASSKEY_NAMESPACE in match.namespaces):
            return None
        if _admin_path(request):
            if factors.has_primary_device(user):
                return redirect(f"{reverse('accounts_second_factor')}?next={request.path}")
            return redirect("accounts_enrol")
        # Elsewhere a password alone is no sign-in at all.
        request.user = AnonymousUser()
        return None
