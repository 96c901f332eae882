"""The workflows in code: every cycle (submit, approve, request changes, reject, resubmit, publish)."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, Workflow, WorkflowContentType, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.moderation.models import SafetyReviewState
from memorial.moderation.workflows import ensure_workflows
from memorial.remembrance.models import Remembrance
from tests import factories
from tests.moderation.helpers import CONFIRMATIONS, page_action, role_users, snippet_action
from tests.utils import login_verified, stream_form_data


@pytest.fixture
def users(db, django_user_model):
    return role_users(django_user_model)


def submit_page(client, page):
    """Submit for moderation from the edit view, as a contributor does."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for key, value in stream_form_data(page.specific.get_latest_revision_as_object()).items():
        data[key] = value
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:500]


def draft_testimony(site_tree, contributor):
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False, owner=contributor)
    page.save_revision(user=contributor)
    ConsentRecord.objects.create(testimony=page, given_by="Witness", publication_level=PublicationLevel.ANONYMISED)
    return page


def test_workflows_are_created_and_assigned_idempotently(site_tree):
    """Running the setup again changes nothing; the index page and the Remembrance model have their workflow."""
    ensure_workflows()
    counts = (Workflow.objects.count(), WorkflowPage.objects.count(), WorkflowContentType.objects.count())
    ensure_workflows()
    assert (Workflow.objects.count(), WorkflowPage.objects.count(), WorkflowContentType.objects.count()) == counts
    assert site_tree.testimony_index.get_workflow().name == "Testimony review"
    assert Remembrance().get_workflow().name == "Remembrance review"


def test_testimony_cycle(client, site_tree, users):
    """Submit, approve the safety review (only with every confirmation), request changes, resubmit, publish."""
    page = draft_testimony(site_tree, users["Contributors"])
    login_verified(client, users["Contributors"])
    submit_page(client, page)
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Safety and consent review"
    assert not page.live

    # A contributor cannot approve; a moderator cannot approve without the confirmations.
    page_action(client, page, "approve", {"comment": "", **CONFIRMATIONS})
    assert page.current_workflow_task.name == "Safety and consent review"
    login_verified(client, users["Moderators"])
    page_action(client, page, "approve", {"comment": "", "consent_on_file": "on"})
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Safety and consent review"

    mail.outbox.clear()
    page_action(client, page, "approve", {"comment": "checked", **CONFIRMATIONS})
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Editorial approval"
    state = SafetyReviewState.objects.get(status=TaskState.STATUS_APPROVED)
    assert state.fully_confirmed and state.finished_by == users["Moderators"]
    assert any(users["Editors"].email in m.to for m in mail.outbox), "the next task's group is told"
    assert not page.live

    # The editor requests changes; the contributor resubmits; both approve again; it is live.
    login_verified(client, users["Editors"])
    page_action(client, page, "reject", {"comment": "Please shorten."})
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live
    login_verified(client, users["Contributors"])
    submit_page(client, page)
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    if page.current_workflow_task.name == "Safety and consent review":
        login_verified(client, users["Moderators"])
        page_action(client, page, "approve", {"comment": "", **CONFIRMATIONS})
        page.refresh_from_db()
    login_verified(client, users["Editors"])
    page_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live
    # Anonymised by consent: the witness's name is on no public version.
    assert page.witness_name == "" and page.witness_display == "pseudonym"


def test_testimony_rejected_at_safety_review_stays_unpublished(client, site_tree, users):
    page = draft_testimony(site_tree, users["Contributors"])
    login_verified(client, users["Contributors"])
    submit_page(client, page)
    login_verified(client, users["Moderators"])
    page_action(client, page, "reject", {"comment": "Identifies a neighbour."})
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live


def test_remembrance_cycle(client, site_tree, users):
    """Verification of sources then editorial approval; request changes, resubmit, publish."""
    person = factories.RemembranceFactory(live=False)
    person.save_revision()
    workflow = person.get_workflow()
    workflow.start(person, users["Contributors"])
    person.refresh_from_db()
    assert person.current_workflow_task.name == "Verification of sources"

    login_verified(client, users["Editors"])  # not in the verifying group
    snippet_action(client, person, "approve")
    person.refresh_from_db()
    assert person.current_workflow_task.name == "Verification of sources"

    login_verified(client, users["Moderators"])
    snippet_action(client, person, "reject", {"comment": "Which list is this from?"})
    person.refresh_from_db()
    assert person.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    person.current_workflow_state.resume(users["Contributors"])
    person.refresh_from_db()
    snippet_action(client, person, "approve")
    person.refresh_from_db()
    assert person.current_workflow_task.name == "Editorial approval"
    assert not person.live
    login_verified(client, users["Editors"])
    snippet_action(client, person, "approve")
    person.refresh_from_db()
    assert person.live
