"""Users in each role, and the workflow actions as the admin performs them."""

from django.contrib.auth.models import Group
from django.urls import reverse

from memorial.moderation import roles

CONFIRMATIONS = {
    "consent_on_file": "on",
    "consent_matches_level": "on",
    "identifying_details_checked": "on",
    "metadata_removed": "on",
}


def user_in(django_user_model, role, username=None):
    user = django_user_model.objects.create_user(
        username=username or role.lower(), email=f"{(username or role).lower()}@example.org", password="x" * 16
    )
    if role != "superuser":
        user.groups.add(Group.objects.get(name=role))
    return user


def role_users(django_user_model):
    return {role: user_in(django_user_model, role) for role in roles.ROLE_NAMES}


def page_action(client, page, action, data=None):
    """Approve or reject the page's current task, as the workflow action modal posts it."""
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    return client.post(url, data or {"comment": ""})


def snippet_action(client, obj, action, data=None):
    state = obj.current_workflow_task_state
    url = reverse("wagtailsnippets_remembrance_remembrance:workflow_action", args=(obj.pk, action, state.pk))
    return client.post(url, data or {"comment": ""})
