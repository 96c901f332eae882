"""What happens when what the public sees may have changed: one ordered sequence.

Every event that can change the gate's answer comes here: publish and unpublish (pages and
records with drafts), a view restriction added or lifted, a page moved, a consent record saved
or withdrawn, a merge or its undoing, a transcript imported or edited, a redaction or seal
changed. ``changed()`` then runs, in this order and nowhere else:

1. consent: the governing consent wins over the event (a withdrawn or archive-only item is taken
   offline, an embargoed one waits for its date, an anonymised one loses its witness's name);
2. the affected set: the item, its translations and aliases, and (for restrictions and moves)
   every page below it;
3. what stops being public goes first: exposures of images and documents are rewritten from
   live content, and each family's ``hide`` step removes the public files it made;
4. what becomes public is made: each family's ``make`` step (public copies of recordings,
   photographs of a published submission);
5. the harvest's record of what is public (``memorial.publication.states``, written in the
   transaction of step 3): a new datestamp for what was published, a tombstone for what left;
6. caches are told: the publication generation moves on, so every process drops what it
   cached about the public site (whole pages too: ``memorial.publication.page_cache``). Rows
   that pages only show (vocabularies, events, images, transcripts: ``register_shown``) tell
   the caches when saved or deleted, without the rest of the sequence.

Steps 3 to 6 are idempotent (each brings its files in line with the gate's answer now), so
running them twice is harmless, and a failure part-way leaves the public seeing less, never
more: anything that could not be made stays unpublished, and nothing removed comes back.

Families register their steps by name in ``STEP_ORDER``; the order is written here, not
decided by ``INSTALLED_APPS``.
"""

import functools
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from memorial.core.generation import announce
from memorial.core.models import Place, Source, Theme

from . import exposures, gate, states

logger = logging.getLogger(__name__)

# Every step a family can register, in the order they run within their phase.
STEP_ORDER = {
    "hide": ["recording copies", "submission photographs"],
    "make": ["recording copies", "submission photographs"],
}
_steps = {"hide": {}, "make": {}}
_consent_rule = None  # set by the consent service: function(obj, user) run before anything else
_running = set()


@dataclass
class Change:
    """What an event touched: pages (ids) and records with drafts (objects)."""

    page_ids: set = field(default_factory=set)
    records: list = field(default_factory=list)
    user: object = None


def register_step(phase, name, function):
    """A family's step: ``function(change)``; ``hide`` removes what is no longer public, ``make`` creates."""
    if name not in STEP_ORDER[phase]:
        raise ValueError(f"Unknown {phase} step {name!r}: add it to STEP_ORDER in {__name__}.")
    _steps[phase][name] = function


def register_consent_rule(function):
    global _consent_rule
    _consent_rule = function


# The sequence ----------------------------------------------------------------------------------


def affected_pages(page, descendants=False):
    """A page, its translations and aliases, and with ``descendants`` everything below each of them."""
    pages = list(Page.objects.filter(translation_key=page.translation_key).only("pk", "path", "depth"))
    pages += list(Page.objects.filter(alias_of__in=[p.pk for p in pages]).only("pk", "path", "depth"))
    ids = {p.pk for p in pages} | {page.pk}
    if descendants:
        for p in pages:
            ids.update(Page.objects.filter(path__startswith=p.path).values_list("pk", flat=True))
    return ids


def changed(obj=None, *, user=None, descendants=False, consent=True):
    """Run the sequence for a page or a record (or None: only tell the caches)."""
    key = (type(obj).__name__, getattr(obj, "pk", None))
    if key in _running:  # a step published a revision of the same item: the outer run finishes it
        return
    _running.add(key)
    try:
        with transaction.atomic():
            change = Change(user=user)
            if obj is not None:
                if consent and _consent_rule is not None:
                    _consent_rule(obj, user)
                if isinstance(obj, Page):
                    change.page_ids = affected_pages(obj, descendants=descendants)
                else:
                    change.records = [obj]
                exposures.refresh(change.page_ids, change.records)
                for name in STEP_ORDER["hide"]:
                    step = _steps["hide"].get(name)
                    if step is not None:
                        step(change)
                states.refresh(states.identifiers_of(change.page_ids, change.records), touched=True)
            announce()
            transaction.on_commit(announce)
        if obj is not None:
            _make(change)
    finally:
        _running.discard(key)


def _make(change):
    """Create what is public now; a failure is logged and leaves the item without that file."""
    for name in STEP_ORDER["make"]:
        step = _steps["make"].get(name)
        if step is None:
            continue
        try:
            with transaction.atomic():
                step(change)
        except Exception:
            logger.exception("Publication step %r failed; the public sees less until it is run again", name)
    announce()


# Wagtail's events ------------------------------------------------------------------------------


def _page_event(sender, instance, **kwargs):
    changed(instance.specific if type(instance) is Page else instance, user=kwargs.get("user"))


def _page_unpublished(sender, instance, **kwargs):
    changed(instance, user=kwargs.get("user"), consent=False)


def _record_event(sender, instance, **kwargs):
    changed(instance, user=kwargs.get("user"), consent=not kwargs.get("unpublishing", False))


def _record_unpublished(sender, instance, **kwargs):
    changed(instance, user=kwargs.get("user"), consent=False)


def _restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:  # a restore saves rows as they were: the lifecycle has nothing to do until it is complete
        return
    try:
        page = instance.page
    except Page.DoesNotExist:
        announce()  # the page itself is being deleted
        return
    changed(page, descendants=True, consent=False)


def _page_moved(sender, instance, **kwargs):
    changed(instance, descendants=True, consent=False)


def _holders_of(instance):
    """The pages and records whose public content a saved or deleted row belongs to."""
    if isinstance(instance, Page):
        return {instance.pk}, []
    if gate.is_registered(type(instance)):
        return set(), [instance]
    page_ids, records = set(), []
    for parent_field in _parental_keys(type(instance)):
        parent_id = getattr(instance, parent_field.attname, None)
        if parent_id is None:
            continue
        if issubclass(parent_field.related_model, Page):
            page_ids.add(parent_id)
        else:
            records.append(parent_field.related_model(pk=parent_id))
    return page_ids, records


@functools.cache
def _parental_keys(model):
    """A child model's links to the pages or records it belongs to (empty for most models)."""
    return [
        model_field
        for model_field in model._meta.get_fields()
        if isinstance(model_field, ParentalKey)
        and (issubclass(model_field.related_model, Page) or gate.is_registered(model_field.related_model))
    ]


def _row_saved(sender, instance, raw=False, **kwargs):
    """A page, a record or one of their child rows was saved or deleted.

    Nothing is made or removed here, but the exposures of its holder are read again from what is
    live (a row created live without a publish, a poster added to a recording) and caches move
    on; both again once the transaction commits, when every child row is in place.
    """
    if raw:
        return
    page_ids, records = _holders_of(instance)
    if not page_ids and not records:
        return
    exposures.refresh(page_ids, records)
    announce()

    def again():
        exposures.refresh(page_ids, records)
        announce()

    transaction.on_commit(again)


# Rows shown on public pages that are neither pages nor records with drafts nor their child rows:
# vocabularies and events pages cite, sites (the navigation's root), images and documents, their
# collections, and transcripts. A save or delete changes nothing the gate decides, but cached pages
# show them, so the caches are told. These are the shared ones; families add theirs (events,
# transcripts, cues, chapters, recordings, media files) with ``register_shown`` in their ready().
def _shared_shown():
    return [
        Place,
        Source,
        Theme,
        Site,
        Locale,
        Collection,
        CollectionViewRestriction,
        get_image_model(),
        get_document_model(),
    ]


def register_shown(model):
    """A model whose rows public pages show: its saves and deletes tell the caches."""
    label = model._meta.label
    post_save.connect(_shown_changed, sender=model, dispatch_uid=f"publication_shown_saved_{label}")
    post_delete.connect(_shown_changed, sender=model, dispatch_uid=f"publication_shown_deleted_{label}")


# Columns Wagtail fills in while rendering (an image's size and hash): nothing the public sees changes.
_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def _shown_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= _BOOKKEEPING_FIELDS):
        return
    announce()
    transaction.on_commit(announce)


def connect():
    for model in _shared_shown():
        register_shown(model)
    page_published.connect(_page_event, dispatch_uid="publication_page_published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="publication_page_unpublished")
    published.connect(_record_event, dispatch_uid="publication_record_published")
    unpublished.connect(_record_unpublished, dispatch_uid="publication_record_unpublished")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="publication_restriction_saved")
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="publication_restriction_deleted"
    )
    post_page_move.connect(_page_moved, dispatch_uid="publication_page_moved")
    post_save.connect(_row_saved, dispatch_uid="publication_row_saved")
    post_delete.connect(_row_saved, dispatch_uid="publication_row_deleted")
