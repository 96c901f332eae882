"""Remove a user's authenticator apps, passkeys and recovery codes, for when all of them are lost."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from memorial.accounts.models import RecoveryCodeDevice
from memorial.accounts.sessions import sign_out_everywhere


class Command(BaseCommand):
    help = "Remove every second factor of one user (they enrol again at their next sign-in) and end their sessions."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        removed = sum(
            model.objects.filter(user=user).delete()[0]
            for model in (TOTPDevice, WebAuthnCredential, RecoveryCodeDevice)
        )
        sign_out_everywhere(user)
        self.stdout.write(f"Removed {removed} second-factor records of {username}; their sessions are ended.")
