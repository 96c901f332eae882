"""The question asked before a sealed original or an export is handed over: why?"""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from memorial.core.params import clean_text

from .services import REASON_MAX_LENGTH


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need it?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your name and the time in the record of sensitive reads."),
    )

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"], REASON_MAX_LENGTH)
        if not reason:
            raise forms.ValidationError(_("Say why you need it."))
        return reason


def ask_reason(request, *, title, subject, action_label):
    """(reason, None) once a reason was given; (None, response) with the question otherwise."""
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return form.cleaned_data["reason"], None
    context = {"form": form, "title": title, "subject": subject, "action_label": action_label}
    return None, TemplateResponse(request, "audit/reason.html", context)
