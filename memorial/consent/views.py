"""The admin action 'withdraw consent': off every public surface at once, recorded with who and why."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memorial.core.params import clean_text

from .models import person_model, testimony_model
from .services import withdraw_consent

WITHDRAW_PERMISSION = "consent.change_consentrecord"


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is consent withdrawn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded with your name and the time; private to the review groups."),
    )

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"], 2000)
        if not reason:
            raise forms.ValidationError(_("Say why consent is withdrawn."))
        return reason


def _withdraw(request, obj, back_url):
    if not request.user.has_perm(WITHDRAW_PERMISSION):
        raise PermissionDenied
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdraw_consent(obj, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Consent withdrawn: “%(title)s” is no longer public.") % {"title": obj})
        return redirect(back_url)
    return TemplateResponse(
        request, "moderation/withdraw_consent.html", {"object": obj, "form": form, "back_url": back_url}
    )


def withdraw_testimony(request, page_id):
    page = get_object_or_404(testimony_model(), pk=page_id)
    return _withdraw(request, page, reverse("wagtailadmin_pages:edit", args=[page.pk]))


def withdraw_remembrance(request, pk):
    person = get_object_or_404(person_model(), pk=pk)
    return _withdraw(request, person, reverse("wagtailsnippets_remembrance_remembrance:edit", args=[person.pk]))
