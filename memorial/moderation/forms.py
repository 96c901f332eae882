"""The approval form of the safety and consent review."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class SafetyReviewApprovalForm(TaskStateCommentForm):
    """What a moderator must confirm to approve the safety and consent review."""

    consent_on_file = forms.BooleanField(
        label=_("Consent is on file"), help_text=_("A consent record exists for this item and has not been withdrawn.")
    )
    consent_matches_level = forms.BooleanField(
        label=_("The publication level matches the consent"),
        help_text=_("Named, anonymised, archive only or embargoed, as the witness or family agreed."),
    )
    identifying_details_checked = forms.BooleanField(
        label=_("Identifying details were checked"),
        help_text=_("Names, faces, addresses and other details that could expose a witness were removed or agreed."),
    )
    metadata_removed = forms.BooleanField(
        label=_("File metadata was removed"),
        help_text=_("Every attached file is a cleaned copy; none is held with its metadata."),
    )
