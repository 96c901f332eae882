"""The archive's moderation workflows and their tasks.

Testimonies: safety and consent review (Moderators), then editorial approval (Editors).
People remembered: verification of sources (Moderators), then editorial approval (Editors).
``ensure_workflows()`` creates and assigns them, idempotently; it is one step of
``memorial.moderation.setup.ensure_moderation()``, which says when it runs.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from memorial.core.groups import EDITORS, MODERATORS
from memorial.remembrance.models import Remembrance
from memorial.testimonies.models import TestimonyIndexPage

from .models import SafetyConsentReviewTask

SAFETY_REVIEW = "Safety and consent review"
EDITORIAL_APPROVAL = "Editorial approval"
SOURCE_VERIFICATION = "Verification of sources"
TESTIMONY_WORKFLOW = "Testimony review"
REMEMBRANCE_WORKFLOW = "Remembrance review"


def _task(task_model, name, group_names):
    task = task_model.objects.filter(name=name).first()
    if task is None:
        task = task_model.objects.create(
            name=name, active=True, content_type=ContentType.objects.get_for_model(task_model)
        )
    task.groups.add(*Group.objects.filter(name__in=group_names))
    return task


def _workflow(name, tasks):
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)
    return workflow


@transaction.atomic
def ensure_workflows():
    """Create the two workflows and assign them; returns (testimony workflow, remembrance workflow)."""
    safety = _task(SafetyConsentReviewTask, SAFETY_REVIEW, [MODERATORS])
    editorial = _task(GroupApprovalTask, EDITORIAL_APPROVAL, [EDITORS])
    sources = _task(GroupApprovalTask, SOURCE_VERIFICATION, [MODERATORS])
    testimony = _workflow(TESTIMONY_WORKFLOW, [safety, editorial])
    remembrance = _workflow(REMEMBRANCE_WORKFLOW, [sources, editorial])

    # Every testimony index page in every locale; the testimonies below inherit the workflow.
    index_type = ContentType.objects.get_for_model(TestimonyIndexPage)
    for page in Page.objects.filter(content_type=index_type):
        WorkflowPage.objects.get_or_create(page_id=page.pk, defaults={"workflow": testimony})
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Remembrance), defaults={"workflow": remembrance}
    )
    return testimony, remembrance
