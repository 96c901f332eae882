"""Admin panels that show moderators the records a new name may belong to, while they review it."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

# Reviewers (Moderators, Editors, Archivists) may read submissions; Contributors may not.
REVIEW_PERMISSION = "submissions.view_submission"


class _MatchesBoundPanel(Panel.BoundPanel):
    def is_shown(self):
        user = getattr(self.request, "user", None)
        return bool(self.instance and self.instance.pk and user and user.has_perm(REVIEW_PERMISSION))


def _submission_for(**lookup):
    from memorial.submissions.models import Submission

    return Submission.objects.filter(**lookup).select_related("about_person").order_by("-pk").first()


class LikelyMatchesPanel(Panel):
    """On a person's record: other records that may be the same person, with the reasons."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Likely matches"))
        super().__init__(*args, **kwargs)

    class BoundPanel(_MatchesBoundPanel):
        template_name = "remembrance/admin/likely_matches_panel.html"

        def get_context_data(self, parent_context=None):
            from .matching import likely_matches

            context = super().get_context_data(parent_context)
            submission = _submission_for(remembrance_id=self.instance.pk)
            context["person"] = self.instance
            context["matches"] = likely_matches(self.instance, limit=5)
            context["about_person"] = submission.about_person if submission else None
            return context


class NamedPeoplePanel(Panel):
    """On a testimony sent through the public form: the records of the people its sender named."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("People named by the sender"))
        super().__init__(*args, **kwargs)

    class BoundPanel(_MatchesBoundPanel):
        template_name = "remembrance/admin/named_people_panel.html"

        def is_shown(self):
            if not super().is_shown():
                return False
            submission = self.submission
            return bool(submission and (submission.people_mentioned or submission.about_person_id))

        @cached_property
        def submission(self):
            return _submission_for(testimony_id=self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .matching import people_named

            context = super().get_context_data(parent_context)
            context["about_person"] = self.submission.about_person
            context["mentions"] = people_named(self.submission.people_mentioned)
            return context
