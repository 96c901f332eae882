"""Development logins with a second factor ready: an authenticator app whose key the demo loader prints.

Only `load_demo` under development settings (MEMORIAL_DEMO_SECOND_FACTOR) calls this; production never does.
"""

import base64

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DEVICE_NAME = "development app"


def development_app(user):
    """The user's development authenticator app (made once): its key in base32 and its otpauth:// address."""
    if not getattr(settings, "MEMORIAL_DEMO_SECOND_FACTOR", False) or not settings.DEBUG:
        raise ImproperlyConfigured("Printed second-factor keys are for development settings only.")
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
    return base64.b32encode(device.bin_key).decode(), device.config_url
