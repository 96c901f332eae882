"""The two review workflows with their tasks, assigned to the testimony index pages and the people's records.

A frozen copy of the workflows as they were when this migration was last changed
(memorial/moderation/workflows.py); it imports no application code. The running set-up
(``memorial.moderation.setup.ensure_moderation``) brings an install up to date after every migrate.
"""

from django.db import migrations

MODERATORS = "Moderators"
EDITORS = "Editors"
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


def create_workflows(apps, schema_editor):
    safety = _task(apps, "moderation.SafetyConsentReviewTask", SAFETY_REVIEW, [MODERATORS])
    editorial = _task(apps, "wagtailcore.GroupApprovalTask", EDITORIAL_APPROVAL, [EDITORS])
    sources = _task(apps, "wagtailcore.GroupApprovalTask", SOURCE_VERIFICATION, [MODERATORS])
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


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_safety_review"),
        ("wagtailcore", "0098_apitoken"),
        ("testimonies", "0001_initial"),
        ("remembrance", "0001_initial"),
        ("home", "0003_create_homepage"),
    ]

    operations = [migrations.RunPython(create_workflows, migrations.RunPython.noop)]
