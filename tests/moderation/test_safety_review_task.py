"""The safety and consent review task itself refuses an approval without all four confirmations, whatever the form."""

import itertools

import pytest
from wagtail.models import TaskState

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.moderation.models import CONFIRMATION_FIELDS, SafetyConsentReviewTask, SafetyReviewState
from tests import factories
from tests.moderation.helpers import role_users

pytestmark = pytest.mark.django_db

# Every way of ticking fewer than four boxes: none, one, two or three of them.
PARTIAL = [
    dict.fromkeys(ticked, True)
    for size in range(len(CONFIRMATION_FIELDS))
    for ticked in itertools.combinations(CONFIRMATION_FIELDS, size)
]


@pytest.fixture
def users(django_user_model):
    return role_users(django_user_model)


@pytest.fixture
def in_safety_review(site_tree, users):
    """A draft testimony whose workflow waits on the safety and consent review."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False, owner=users["Contributors"])
    page.save_revision(user=users["Contributors"])
    ConsentRecord.objects.create(testimony=page, given_by="Witness", publication_level=PublicationLevel.ANONYMISED)
    page.get_workflow().start(page, users["Contributors"])
    page.refresh_from_db()
    assert isinstance(page.current_workflow_task.specific, SafetyConsentReviewTask)
    return page


def approve(page, user, **confirmations):
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, user, "approve", comment="", **confirmations)
    page.refresh_from_db()
    return SafetyReviewState.objects.get(pk=state.pk)


@pytest.mark.parametrize("confirmations", PARTIAL, ids=lambda c: "+".join(c) or "none")
def test_approving_with_fewer_than_four_confirmations_is_refused(in_safety_review, users, confirmations):
    """Fewer than four confirmations given to the task's approve action leave the review in progress, unapproved."""
    state = approve(in_safety_review, users["Moderators"], **confirmations)
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert not state.fully_confirmed
    assert not any(getattr(state, name) for name in CONFIRMATION_FIELDS)
    assert isinstance(in_safety_review.current_workflow_task.specific, SafetyConsentReviewTask)
    assert not in_safety_review.live


def test_false_confirmations_are_not_confirmations(in_safety_review, users):
    """Four confirmations given as false are none: the review stays in progress."""
    state = approve(in_safety_review, users["Moderators"], **dict.fromkeys(CONFIRMATION_FIELDS, False))
    assert state.status == TaskState.STATUS_IN_PROGRESS


def test_approving_with_all_four_confirmations_moves_on(in_safety_review, users):
    """The control: all four confirmations approve the task and record every one of them."""
    state = approve(in_safety_review, users["Moderators"], **dict.fromkeys(CONFIRMATION_FIELDS, True))
    assert state.status == TaskState.STATUS_APPROVED
    assert state.fully_confirmed
    assert in_safety_review.current_workflow_task.name == "Editorial approval"
    assert not in_safety_review.live
