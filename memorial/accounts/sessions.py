"""Staff sessions: over after a working day, after an idle spell, or when the user signs out everywhere.

The times are kept in the session itself (when it began, when it was last used) and compared with the
user's ``AccountSecurity.sessions_valid_after``; a password change ends other sessions through Django's
own session hash (Wagtail keeps the session that made the change).
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone

from .models import AccountSecurity

STARTED = "_staff_session_started"
SEEN = "_staff_session_seen"
# A session's last use is written at most this often, so reading pages does not write on every request.
SEEN_RESOLUTION = 60


def max_age():
    return getattr(settings, "STAFF_SESSION_MAX_AGE", 9 * 3600)


def idle_timeout():
    return getattr(settings, "STAFF_SESSION_IDLE_TIMEOUT", 1800)


def _stamp(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now


def connect():
    user_logged_in.connect(_stamp, dispatch_uid="memorial.accounts.sessions.stamp")


def expired(request, user, now=None):
    """Why this session is over ('day', 'idle', 'elsewhere'), or '' while it holds."""
    now = time.time() if now is None else now
    started = request.session.get(STARTED)
    seen = request.session.get(SEEN, started)
    if not isinstance(started, (int, float)) or not isinstance(seen, (int, float)):
        return "day"  # a session from before these limits: begin again
    if now - started > max_age():
        return "day"
    if now - seen > idle_timeout():
        return "idle"
    cutoff = AccountSecurity.objects.filter(user=user).values_list("sessions_valid_after", flat=True).first()
    if cutoff is not None and started < cutoff.timestamp():
        return "elsewhere"
    return ""


def touch(request, now=None):
    now = time.time() if now is None else now
    if now - request.session.get(SEEN, 0) >= SEEN_RESOLUTION:
        request.session[SEEN] = now


def sign_out_everywhere(user):
    """Every session of this user, on every device, ends at its next request."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"sessions_valid_after": timezone.now()})
