"""The second factor: who needs one, which devices count, enrolment and verification.

Every user who can reach the Wagtail admin needs a confirmed authenticator app (TOTP) or passkey
(WebAuthn); recovery codes let them in once each when both are lost, and then they enrol again.
"""

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .models import RecoveryCodeDevice

ADMIN_PERMISSION = "wagtailadmin.access_admin"
TOTP_NAME = "authenticator app"


def needs_second_factor(user):
    """Anyone who can reach the admin (superusers included)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(ADMIN_PERMISSION))


def is_verified(user):
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def totp_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")


def has_primary_device(user):
    """A confirmed authenticator app or passkey: recovery codes alone are not enough to keep working."""
    return totp_devices(user).exists() or passkeys(user).exists()


def may_enrol(user):
    """A first device needs no second factor; any further one does, or a stolen password could add its own."""
    return is_verified(user) or not has_primary_device(user)


def start_totp(user):
    """The user's unconfirmed authenticator app, made once and kept until confirmed (so a reload keeps the key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp(request, device, token):
    """True once the code from the app matches: the device is confirmed and this session verified by it.

    Returns the new recovery codes (to show once) when the user had none, else an empty list.
    """
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    recovery = recovery_device(request.user)
    return recovery.replace_codes() if recovery.remaining() == 0 else []


def recovery_device(user):
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    if device is None:
        device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    return device


def verify(request, token):
    """The device that accepts ``token`` (an app's code or a recovery code), logged into the session; or None."""
    user = request.user
    token = (token or "").strip()
    if not token:
        return None
    candidates = list(totp_devices(user)) if token.replace(" ", "").isdigit() else []
    candidates += list(RecoveryCodeDevice.objects.filter(user=user, confirmed=True))
    for device in candidates:
        if device.verify_token(token):
            otp_login(request, device)
            return device
    return None


def remove_device(user, kind, pk):
    """Remove one of the user's own devices; True if there was one."""
    model = {"totp": TOTPDevice, "passkey": WebAuthnCredential}.get(kind)
    if model is None:
        return False
    return model.objects.filter(user=user, pk=pk).delete()[0] > 0
