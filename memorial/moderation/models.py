"""The safety and consent review: a workflow task whose approval records what the moderator checked."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from memorial.consent.services import apply_consent_to

from .forms import SafetyReviewApprovalForm


class SafetyReviewState(TaskState):
    """A safety review in progress or done, with the moderator's confirmations."""

    consent_on_file = models.BooleanField(_("consent is on file"), default=False)
    consent_matches_level = models.BooleanField(_("consent matches the publication level"), default=False)
    identifying_details_checked = models.BooleanField(_("identifying details were checked"), default=False)
    metadata_removed = models.BooleanField(_("file metadata was removed"), default=False)

    class Meta:
        verbose_name = _("safety review state")
        verbose_name_plural = _("safety review states")

    @property
    def fully_confirmed(self):
        return all(
            [
                self.consent_on_file,
                self.consent_matches_level,
                self.identifying_details_checked,
                self.metadata_removed,
            ]
        )


CONFIRMATION_FIELDS = ["consent_on_file", "consent_matches_level", "identifying_details_checked", "metadata_removed"]


class SafetyConsentReviewTask(AbstractGroupApprovalTask):
    """Approved only by its groups, and only with every safety confirmation ticked."""

    task_state_class = SafetyReviewState

    class Meta:
        verbose_name = _("safety and consent review")
        verbose_name_plural = _("safety and consent reviews")

    @classmethod
    def get_description(cls):
        return _("A moderator confirms consent, publication level, identifying details and file metadata.")

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve after the safety checks"), True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return SafetyReviewApprovalForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        confirmations = {name: bool(kwargs.pop(name, False)) for name in CONFIRMATION_FIELDS}
        if action_name == "approve":
            if not all(confirmations.values()):
                return None  # fail closed: no approval without every confirmation
            state = task_state.specific
            for name, value in confirmations.items():
                setattr(state, name, value)
            state.save(update_fields=CONFIRMATION_FIELDS)
            apply_consent_to(task_state.workflow_state.content_object, user=user)
            task_state = state
        return super().on_action(task_state, user, action_name, **kwargs)
