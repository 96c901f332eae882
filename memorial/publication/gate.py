"""The publication gate: may the public see this, now?

Every public surface asks here: templates, listings, searches, the sitemap, language links,
downloads, tracks, media and image files, exports and any API. What "public" means:

- a page: live, under no view restriction (its own or an ancestor's), and not held back by what
  a shared service registers with ``register_hold_back`` (consent: the record that governs the
  page is withdrawn, archive only, or embargoed until a later date);
- a person's record, or any other record with drafts: what its family registers with
  ``register_records`` (for people: live, which the lifecycle keeps false for merged,
  withdrawn and archive-only records);
- an image or a document: shown in the live content of a public record (an ``Exposure`` row,
  written by the lifecycle only) and outside any restricted collection;
- any other file in public media storage: what the family that writes it registers with
  ``register_files``; a file no rule claims is never public.

The gate only answers. What makes a record public or not, and which files exist, is the
lifecycle's work (``memorial.publication.lifecycle``).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, Q, Value
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page

from memorial.core.querysets import exclude_restricted

from .models import ExposedKind, Exposure

_records = {}  # model -> function(queryset) -> the public part of it
_file_rules = []  # (storage name prefix, function(name) -> bool)
_hold_backs = []  # function(date) -> rows that, when any exists, keep the outer page from the public


def register_hold_back(function):
    """A shared service says which pages it keeps from the public.

    ``function(on)`` returns a queryset, correlated to the page through ``OuterRef``, that has a
    row when the page may not be seen on the date ``on``; it becomes an ``Exists`` in the same
    SQL query as the rest of the rule.
    """
    if function not in _hold_backs:
        _hold_backs.append(function)


def hold_back_rules():
    """The registered hold-back rules (what a query compiled once with them must be kept under)."""
    return tuple(_hold_backs)


def live():
    """``live = true`` as a comparison the database can look up in an index led by ``live``.

    ``filter(live=True)`` is written by Django as a bare ``WHERE live``, which SQLite cannot match
    to such an index: every public listing of people then read the whole table (11 ms for the six
    latest of 40,000, against 0.01 ms through the index). A value, not a literal, keeps the ``=``.
    """
    return Q(live=Value(True))


def register_records(model, public):
    """A family says which of its records are public: ``public(queryset)`` narrows a queryset."""
    _records[model] = public


def register_files(prefix, is_public):
    """A family says which of the files it writes under ``prefix`` in public storage may be fetched."""
    _file_rules.append((prefix, is_public))


def today():
    return timezone.localdate()


# Pages ----------------------------------------------------------------------------------------


def public_pages(queryset=None, on=None):
    """The pages of a queryset that anyone may see, decided in the same SQL query."""
    if not _hold_backs:
        # Without consent's rule every withdrawn, archive-only or embargoed page would pass: refuse.
        raise ImproperlyConfigured("No hold-back rule is registered with the publication gate (is consent installed?)")
    on = on or today()
    queryset = Page.objects.all() if queryset is None else queryset
    public = exclude_restricted(queryset.live())
    for holds_back in _hold_backs:
        public = public.exclude(Exists(holds_back(on)))
    return public


def page_is_public(page, on=None):
    page_id = getattr(page, "pk", page)
    return bool(page_id) and public_pages(Page.objects.filter(pk=page_id), on=on).exists()


def public_translations(page):
    """The other language versions of a page that anyone may see (for language links and hreflang),
    with their locales.

    A page served at a remembered address had them read by the same query (``routing``), through
    this gate, on the same day: that answer is used rather than asking again.
    """
    read = getattr(page, "public_translations_read", None)
    if read is not None:
        return read
    return public_pages(page.get_translations(inclusive=False)).select_related("locale")


# Records with drafts (people, and any snippet a family registers) ------------------------------


def registered_models():
    """The models whose families said which of their records are public."""
    return list(_records)


def is_registered(model):
    return any(issubclass(model, registered) for registered in _records)


def public_records(queryset):
    """The records of a queryset that anyone may see; a model nobody registered shows nothing."""
    for model, public in _records.items():
        if issubclass(queryset.model, model):
            return public(queryset)
    return queryset.none()


def is_public(obj, on=None):
    """Whether anyone may see this page or record now."""
    if obj is None or not getattr(obj, "pk", None):
        return False
    if isinstance(obj, Page):
        return page_is_public(obj, on=on)
    return public_records(type(obj)._default_manager.filter(pk=obj.pk)).exists()


def public_holders(holders):
    """Of (model, pk) pairs, those anyone may see, in a query per model."""
    by_model = {}
    for model, pk in holders:
        by_model.setdefault(model, set()).add(pk)
    visible = set()
    for model, pks in by_model.items():
        if issubclass(model, Page):
            found = public_pages(Page.objects.filter(pk__in=pks)).values_list("pk", flat=True)
        else:
            found = public_records(model._default_manager.filter(pk__in=pks)).values_list("pk", flat=True)
        visible.update((model, pk) for pk in found)
    return visible


# Images, documents and files -------------------------------------------------------------------


def _in_restricted_collection(item):
    collection = getattr(item, "collection", None)
    if collection is None:
        return False
    return CollectionViewRestriction.objects.filter(collection__in=collection.get_ancestors(inclusive=True)).exists()


def _exposed(kind, item):
    """Shown now by a public holder: an Exposure row whose holder the gate still finds public."""
    rows = Exposure.objects.filter(kind=kind, object_id=item.pk).select_related("holder_type")
    holders = []
    for row in rows:
        model = row.holder_type.model_class()
        if model is None:
            continue
        holders.append((model, model._meta.pk.to_python(row.holder_id)))
    return bool(public_holders(holders))


def image_is_public(image):
    return image is not None and not _in_restricted_collection(image) and _exposed(ExposedKind.IMAGE, image)


def document_is_public(document):
    return document is not None and not _in_restricted_collection(document) and _exposed(ExposedKind.DOCUMENT, document)


def _restricted_collections():
    """Collections under a view restriction (their own or an ancestor's), as a filter on ``collection``."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return Q(pk__in=[])
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return Q(collection__in=Collection.objects.filter(under))


def _exposed_ids(kind):
    """Ids of the images or documents a public holder shows now: a query per kind of holder."""
    rows = Exposure.objects.filter(kind=kind).values_list("object_id", "holder_type_id", "holder_id")
    by_holder = {}
    for object_id, type_id, holder_id in rows:
        by_holder.setdefault((type_id, holder_id), set()).add(object_id)
    types = {ct.pk: ct.model_class() for ct in ContentType.objects.filter(pk__in={t for t, _h in by_holder})}
    holders = set()
    for type_id, holder_id in by_holder:
        model = types.get(type_id)
        if model is not None:
            holders.add((model, model._meta.pk.to_python(holder_id)))
    public = public_holders(holders)
    ids = set()
    for (type_id, holder_id), objects in by_holder.items():
        model = types.get(type_id)
        if model is not None and (model, model._meta.pk.to_python(holder_id)) in public:
            ids |= objects
    return ids


def public_images(queryset=None):
    """The images of a queryset that anyone may fetch now (as ``image_is_public``, for a whole list)."""
    queryset = get_image_model().objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=_exposed_ids(ExposedKind.IMAGE)).exclude(_restricted_collections())


def public_documents(queryset=None):
    """The documents of a queryset that anyone may fetch now (as ``document_is_public``, for a whole list)."""
    queryset = get_document_model().objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=_exposed_ids(ExposedKind.DOCUMENT)).exclude(_restricted_collections())


def _rendition_image(name):
    rendition = get_image_model().get_rendition_model().objects.filter(file=name).select_related("image").first()
    return rendition.image if rendition is not None else None


def file_is_public(name):
    """Whether the file stored under ``name`` in public media storage may be fetched by anyone now."""
    name = (name or "").lstrip("/")
    if not name or ".." in name.split("/") or "\x00" in name:
        return False
    if name.startswith("images/"):
        return image_is_public(_rendition_image(name))
    if name.startswith("original_images/"):
        return image_is_public(get_image_model().objects.filter(file=name).first())
    if name.startswith("documents/"):
        return document_is_public(get_document_model().objects.filter(file=name).first())
    for prefix, rule in _file_rules:
        if name.startswith(prefix):
            return bool(rule(name))
    return False
