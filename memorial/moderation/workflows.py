"""The archive's moderation workflows, created and assigned in code; idempotent.

Testimonies: safety and consent review (Moderators), then editorial approval (Editors).
People remembered: verification of sources (Moderators), then editorial approval (Editors).
Run by the data migration, by ``ensure_roles()`` (which the demo loader calls once the index
pages exist) and whenever a testimony index page is created.
"""

from django.db import transaction

from . import roles

SAFETY_REVIEW = "Safety and consent review"
EDITORIAL_APPROVAL = "Editorial approval"
SOURCE_VERIFICATION = "Verification of sources"
TESTIMONY_WORKFLOW = "Testimony review"
REMEMBRANCE_WORKFLOW = "Remembrance review"


def _task(apps, model_label, name, group_names):
    app_label, model_name = model_label.split(".")
    task_model = apps.get_model(app_label, model_name)
    content_type_model = apps.get_model("contenttypes", "ContentType")
    content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model_name.lower())
    task = task_model.objects.filter(name=name).first()
    if task is None:
        task = task_model.objects.create(name=name, active=True, content_type=content_type)
    group_model = apps.get_model("auth", "Group")
    task.groups.add(*group_model.objects.filter(name__in=group_names))
    return task


def _workflow(apps, name, tasks):
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    workflow_task_model = apps.get_model("wagtailcore", "WorkflowTask")
    workflow, _ = workflow_model.objects.get_or_create(name=name, defaults={"active": True})
    if not workflow_task_model.objects.filter(workflow=workflow).exists():
        for order, task in enumerate(tasks):
            workflow_task_model.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)
    return workflow


@transaction.atomic
def ensure_workflows(apps=None):
    """Create the two workflows and assign them; returns (testimony workflow, remembrance workflow)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    safety = _task(apps, "moderation.SafetyConsentReviewTask", SAFETY_REVIEW, [roles.MODERATORS])
    editorial = _task(apps, "wagtailcore.GroupApprovalTask", EDITORIAL_APPROVAL, [roles.EDITORS])
    sources = _task(apps, "wagtailcore.GroupApprovalTask", SOURCE_VERIFICATION, [roles.MODERATORS])
    testimony = _workflow(apps, TESTIMONY_WORKFLOW, [safety, editorial])
    remembrance = _workflow(apps, REMEMBRANCE_WORKFLOW, [sources, editorial])

    content_type_model = apps.get_model("contenttypes", "ContentType")
    page_model = apps.get_model("wagtailcore", "Page")
    workflow_page_model = apps.get_model("wagtailcore", "WorkflowPage")
    workflow_content_type_model = apps.get_model("wagtailcore", "WorkflowContentType")

    index_type, _ = content_type_model.objects.get_or_create(app_label="testimonies", model="testimonyindexpage")
    for page in page_model.objects.filter(content_type=index_type):
        workflow_page_model.objects.get_or_create(page_id=page.pk, defaults={"workflow": testimony})
    remembrance_type, _ = content_type_model.objects.get_or_create(app_label="remembrance", model="remembrance")
    workflow_content_type_model.objects.get_or_create(content_type=remembrance_type, defaults={"workflow": remembrance})
    return testimony, remembrance


def assign_on_create(sender, instance, created, raw=False, **kwargs):
    """A new testimony index page gets the testimony workflow and the roles' page permissions."""
    if created and not raw:
        roles.ensure_roles()
