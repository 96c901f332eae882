"""One message to the reviewers when an imported list enters the remembrance review.

Wagtail writes one e-mail per item submitted to a workflow; a list of thousands would send
thousands. The bulk import sends none of those, and instead this single summary to the members
of the first task's groups, once the import has committed.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)


def reviewers(task, exclude=None):
    """Active users with an e-mail address in the task's groups (a group approval task), but ``exclude``."""
    groups = getattr(task.specific, "groups", None)
    if groups is None:
        return []
    users = get_user_model().objects.filter(groups__in=groups.all(), is_active=True).exclude(email="").distinct()
    if exclude is not None and exclude.pk:
        users = users.exclude(pk=exclude.pk)
    return list(users.order_by("pk"))


def import_summary(report, task):
    """The subject and body of the message about one imported list."""
    sources = sorted({row.source for row in report.rows if row.source})
    subject = ngettext(
        "%(count)s person from an imported list awaits %(task)s",
        "%(count)s people from an imported list await %(task)s",
        report.created,
    ) % {"count": report.created, "task": task.name}
    lines = [
        subject + ".",
        "",
        _("Workflow: %(workflow)s") % {"workflow": report.workflow},
        _("Source: %(sources)s") % {"sources": "; ".join(sources) or "-"},
    ]
    if report.duplicates:
        lines.append(
            _("%(count)s rows were flagged as possible duplicates; check them with “Likely matches”.")
            % {"count": len(report.duplicates)}
        )
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    lines += ["", _("Review them in the admin: %(url)s") % {"url": base + reverse("wagtailadmin_home")}]
    return subject, "\n".join(lines)


def notify_import(report, task, user=None):
    """Send the summary to each reviewer separately (no reviewer sees the others' addresses)."""
    recipients = reviewers(task, exclude=user)
    if not recipients or not report.created:
        return 0
    subject, body = import_summary(report, task)
    sender = getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)
    try:
        return send_mass_mail([(subject, body, sender, [u.email]) for u in recipients])
    except OSError:  # the import stands; the people are in the review queue whether or not mail goes out
        logger.warning("Could not send the import summary to %d reviewers.", len(recipients), exc_info=True)
        return 0
