"""The archive's moderation set-up, in one place: ``ensure_moderation()``.

It creates what is missing, takes away what a role must not hold and leaves the rest alone, so running it
again changes nothing:

1. the role groups and their permissions (``roles.ensure_roles``): model permissions, rights on the
   root collection, page rights on the page types each role works on (every such page, in every
   locale), and none of the rights a role must not hold, whoever granted them;
2. the "Held for review" collection, viewable by the review groups only
   (``memorial.uploads.collections.held_collection``);
3. the workflows and their tasks (``workflows.ensure_workflows``): testimony review on every
   testimony index page, remembrance review on the people's records.

When it runs:

- after every ``migrate`` (and ``flush``), once: ``ensure_moderation_after_migrate``,
  connected in ``apps.py`` for this app's own post_migrate signal. Django and Wagtail make the
  permissions in post_migrate too, app by app in ``INSTALLED_APPS`` order, and this app comes before
  most of the apps whose permissions the roles hold, so the receiver makes every app's first;
- whenever a testimony index page is created, however it is created (the admin's create, copy and
  translate actions, Wagtail Localize's aliases, the demo, a script): ``moderate_new_testimony_index``.
  In Wagtail a workflow and page rights belong to a page, not to a page type, and a new index would
  otherwise fall under Wagtail's default workflow on the root page, which publishes on one approval
  without the safety review.

The data migrations of this app do not call it: each carries a frozen copy of what it did when written.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import transaction
from wagtail.snippets.models import create_extra_permissions

from memorial.uploads.collections import held_collection

from .roles import ensure_roles
from .workflows import ensure_workflows


@transaction.atomic
def ensure_moderation():
    """Create or complete the roles, the held collection and the workflows; idempotent."""
    ensure_roles()
    held_collection()
    ensure_workflows()


def ensure_moderation_after_migrate(sender, **kwargs):
    """post_migrate receiver for this app: every app's permissions, then ``ensure_moderation()``."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    # Wagtail's publish and lock permissions of snippets (the people's records).
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"))
    ensure_moderation()


def moderate_new_testimony_index(sender, instance, created, raw=False, **kwargs):
    """post_save receiver for testimony index pages: a new one gets its workflow and the roles' rights."""
    if created and not raw:
        ensure_moderation()
