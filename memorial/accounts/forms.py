"""The admin's sign-in form with throttling, and the forms of the second factor."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from . import throttle

THROTTLED = _(
    "Too many attempts to sign in. Wait a few minutes, then try again. If you have forgotten your "
    "password, ask an administrator."
)


class ThrottledLoginForm(LoginForm):
    """Refuses while the name or the client must wait; every refusal and failure is counted.

    Wrong password, unknown name and a name held back all end with a form error; the wording differs only
    between "wrong" and "wait", and both are answered alike for names that exist and names that do not.
    """

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if throttle.is_refused(self.request, username):
            throttle.record_failure(self.request, username)
            raise ValidationError(THROTTLED, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(self.request, username)
            if throttle.is_refused(self.request, username):
                raise ValidationError(THROTTLED, code="throttled") from None
            raise
        throttle.record_success(self.request, username)
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr"}),
    )


class ConfirmAppForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        min_length=6,
        help_text=_("The six digits the app shows for this archive."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "dir": "ltr"}
        ),
    )
