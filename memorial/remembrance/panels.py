"""Admin panels that show moderators the records a new name may belong to, while they review it."""

from functools import cache

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

# Reviewers (Moderators, Editors, Archivists) may read submissions; Contributors may not.
REVIEW_PERMISSION = "submissions.view_submission"


@cache
def submission_model(model, submission_field):
    """The model of the public submissions whose ``submission_field`` points at ``model``.

    Submissions sit above this family and their keys declare no reverse accessor
    (``related_name="+"``), so the model is read from the relations ``model._meta`` knows of: the
    one that key belongs to on the model that also records the person a sender started from.
    """
    for relation in model._meta.get_fields(include_hidden=True):
        if (
            relation.one_to_many
            and relation.field.attname == submission_field
            and any(field.name == "about_person" for field in relation.related_model._meta.concrete_fields)
        ):
            return relation.related_model
    raise LookupError(f"No submission points at {model._meta.label} through {submission_field}.")


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
            return bool(self.instance and self.instance.pk and user and user.has_perm(REVIEW_PERMISSION))

        @cached_property
        def submission(self):
            submissions = submission_model(type(self.instance), self.panel.submission_field)._default_manager
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
