"""What keeps staff accounts: recovery codes (hashed), login throttles (keyed hashes), session cut-offs."""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

RECOVERY_CODE_COUNT = 10
# Sixteen characters of a 32-letter alphabet: 80 random bits, beyond guessing from a stolen hash.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_LENGTH = 16


def normalise_code(value):
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


def hash_code(value):
    return hashlib.sha256(normalise_code(value).encode()).hexdigest()


def _random_code():
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _position in range(RECOVERY_CODE_LENGTH))


def format_code(raw):
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's set of one-time recovery codes, for when the phone or passkey is lost."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    @transaction.atomic
    def replace_codes(self):
        """A fresh set of codes; the old ones stop working. The clear codes are returned once, never stored."""
        self.codes.all().delete()
        raw = [_random_code() for _count in range(RECOVERY_CODE_COUNT)]
        RecoveryCode.objects.bulk_create(RecoveryCode(device=self, code_hash=hash_code(code)) for code in raw)
        return [format_code(code) for code in raw]

    def remaining(self):
        return self.codes.count()

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        # One statement removes the code: two requests racing with the same code cannot both succeed.
        used = RecoveryCode.objects.filter(device=self, code_hash=hash_code(token)).delete()[0] > 0
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return used


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("recovery code")

    def __str__(self):
        return f"recovery code {self.pk}"  # never the code: only its hash is kept


class LoginThrottle(models.Model):
    """Failed sign-ins counted under a keyed hash of a user name or a client, never the name or address."""

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("account")
        CLIENT = "client", _("client")

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(null=True, blank=True)
    blocked_until = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("login throttle")

    def __str__(self):
        return f"{self.scope} {self.key[:8]}: {self.failures}"


class AccountSecurity(models.Model):
    """Per user: sessions begun before ``sessions_valid_after`` are over ("sign out everywhere")."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_security")
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account security")

    def __str__(self):
        return f"account security of user {self.user_id}"
