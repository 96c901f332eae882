"""Admin panels that show moderators the records a new name may belong to, while they review it."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

# Reviewers (Moderators, Editors, Archivists) may read submissions; Contributors may not.
REVIEW_PERMISSION = "submissions.view_submission"


# The public submissions model, registered by the submissions app (above this family) in its ready().
_submissions = {}


def register_submissions(model):
    """The model of public submissions: its keys name the records and testimonies a submission made."""
    _submissions["model"] = model


def submission_model():
    return _submissions.get("model")


class _ReviewPanel(Panel):
    """A panel for reviewers only, on a saved item, knowing the public submission it came from (if any)."""

    default_heading = ""
    submission_field = ""  # the Submission field that points at the edited item

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", self.default_heading)
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            user = getattr(self.request, "user", None)
            return bool(
                submission_model() is not None
                and self.instance
                and self.instance.pk
                and user
                and user.has_perm(REVIEW_PERMISSION)
            )

        @cached_property
        def submission(self):
            submissions = submission_model()._default_manager
            lookup = {self.panel.submission_field: self.instance.pk}
            return submissions.filter(**lookup).select_related("about_person").order_by("-pk").first()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["about_person"] = self.submission.about_person if self.submission else None
            return context


class LikelyMatchesPanel(_ReviewPanel):
    """On a person's record: other records that may be the same person, with the reasons."""

    default_heading = _("Likely matches")
    submission_field = "remembrance_id"

    class BoundPanel(_ReviewPanel.BoundPanel):
        template_name = "remembrance/admin/likely_matches_panel.html"

        def get_context_data(self, parent_context=None):
            from .matching import likely_matches  # matching imports the models, which import this module

            context = super().get_context_data(parent_context)
            context["person"] = self.instance
            context["matches"] = likely_matches(self.instance, limit=5)
            return context


class NamedPeoplePanel(_ReviewPanel):
    """On a testimony sent through the public form: the records of the people its sender named."""

    default_heading = _("People named by the sender")
    submission_field = "testimony_id"

    class BoundPanel(_ReviewPanel.BoundPanel):
        template_name = "remembrance/admin/named_people_panel.html"

        def is_shown(self):
            submission = self.submission if super().is_shown() else None
            return bool(submission and (submission.people_mentioned or submission.about_person_id))

        def get_context_data(self, parent_context=None):
            from .matching import people_named  # matching imports the models, which import this module

            context = super().get_context_data(parent_context)
            context["mentions"] = people_named(self.submission.people_mentioned)
            return context
