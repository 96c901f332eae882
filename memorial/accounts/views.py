"""The admin pages of the second factor: verify, enrol, manage devices and recovery codes, sign out everywhere."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import factors, sessions
from .forms import ConfirmAppForm, TokenForm
from .models import RecoveryCodeDevice

NEW_CODES = "_accounts_new_recovery_codes"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def second_factor(request):
    """After the password: a code from the app, a passkey, or a recovery code."""
    user = request.user
    if factors.is_verified(user):
        return redirect(_next_url(request))
    if not factors.has_primary_device(user) and not factors.recovery_device(user).remaining():
        return redirect("accounts_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = factors.verify(request, form.cleaned_data["token"])
        if device is not None:
            if isinstance(device, RecoveryCodeDevice):
                left = device.remaining()
                messages.warning(
                    request,
                    _("You used a recovery code; %(count)s left. Add a new app or passkey if yours is lost.")
                    % {"count": left},
                )
                return redirect("accounts_security")
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right, or was used already. Wait a moment and try again."))
    context = {
        "form": form,
        "next": _next_url(request),
        "has_passkey": factors.passkeys(user).exists(),
    }
    return TemplateResponse(request, "accounts/second_factor.html", context)


def _qr_svg(uri):
    """An SVG QR code of the enrolment address, drawn here (no image is fetched from anywhere)."""
    return "data:image/svg+xml;base64," + base64.b64encode(segno.make(uri, error="m").svg_inline().encode()).decode()


def enrol(request):
    """Add an authenticator app (or a passkey); required before anything else in the admin."""
    user = request.user
    if not factors.may_enrol(user):
        return redirect(f"{reverse('accounts_second_factor')}?next={reverse('accounts_enrol')}")
    device = factors.start_totp(user)
    form = ConfirmAppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = factors.confirm_totp(request, device, form.cleaned_data["token"])
        if codes is not None:
            messages.success(request, _("Your authenticator app is set up."))
            if codes:
                request.session[NEW_CODES] = codes
                return redirect("accounts_recovery_codes")
            return redirect("accounts_security")
        form.add_error("token", _("That code is not right. Check the app's clock and try the next code."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url,
        "qr": _qr_svg(device.config_url),
        "first_device": not factors.has_primary_device(user),
    }
    return TemplateResponse(request, "accounts/enrol.html", context)


def recovery_codes(request):
    """The new recovery codes, shown once: they leave the session as they are shown."""
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("accounts_security")
    response = TemplateResponse(request, "accounts/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


def security(request):
    """The user's own devices, recovery codes and sessions."""
    user = request.user
    context = {
        "apps": factors.totp_devices(user),
        "passkeys": factors.passkeys(user),
        "recovery_left": factors.recovery_device(user).remaining(),
        "idle_minutes": sessions.idle_timeout() // 60,
        "day_hours": sessions.max_age() // 3600,
    }
    return TemplateResponse(request, "accounts/security.html", context)


@require_POST
def new_recovery_codes(request):
    request.session[NEW_CODES] = factors.recovery_device(request.user).replace_codes()
    return redirect("accounts_recovery_codes")


@require_POST
def remove_device(request, kind, pk):
    if not factors.remove_device(request.user, kind, pk):
        messages.error(request, _("There is no such device among yours."))
        return redirect("accounts_security")
    messages.success(request, _("The device was removed."))
    if not factors.has_primary_device(request.user):
        return redirect("accounts_enrol")
    return redirect("accounts_security")


@require_POST
def sign_out_everywhere(request):
    """End every session of this user, this one too."""
    sessions.sign_out_everywhere(request.user)
    logout(request)
    messages.success(request, _("You were signed out everywhere. Sign in again to continue."))
    return redirect("wagtailadmin_login")
