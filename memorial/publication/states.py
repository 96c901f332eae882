"""When each harvested record last changed for the public, and which records have left it.

Harvesters (OAI-PMH) ask "what changed since?" and must learn of deletions. The gate answers
only "is it public now?", so ``PublicState`` remembers, for every record of a harvested family
that was ever public: its datestamp (the last change the public could see) and a tombstone once
it is public no more.

``refresh()`` brings the rows in line with the gate: a record that became public, or whose public
languages changed, gets a new datestamp; a record that left gets ``is_public=False`` and a new
datestamp (its deletion). The lifecycle calls it for what each event touched (with ``touched``:
a publication is a change even when the record was public before); a harvest calls it for
everything before its first page, which also catches what the clock alone changed (an embargo
that ended) and bulk imports that publish without the lifecycle's per-record events.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from . import gate
from .models import PublicState


@dataclass(frozen=True)
class Family:
    """A harvested family: a page model (identified by translation key) or a record model."""

    name: str
    model: type
    field: str

    @property
    def is_page(self):
        return issubclass(self.model, Page)

    def public(self):
        """The public records of the family (every language version of a page), as a queryset."""
        if self.is_page:
            return gate.public_pages(self.model.objects.all())
        return gate.public_records(self.model._default_manager.all())


_families = {}  # name -> Family


def register_family(name, model, field="translation_key"):
    """A family whose records harvesters may collect; pages are identified by their translation key."""
    _families[name] = Family(name, model, field)


def families():
    return dict(_families)


def family(name):
    return _families.get(name)


def _languages(codes):
    ordered = [code for code, _name in settings.LANGUAGES if code in codes]
    return f" {' '.join(ordered)} " if ordered else ""


def public_now(identifiers=None):
    """{identifier: (family name, languages)} of what the gate lets through now, one query per family."""
    everyone = _languages({code for code, _name in settings.LANGUAGES})
    found = {}
    for name, fam in _families.items():
        public = fam.public()
        if identifiers is not None:
            public = public.filter(**{f"{fam.field}__in": identifiers})
        if fam.is_page:
            by_key = {}
            for key, code in public.values_list(fam.field, "locale__language_code"):
                by_key.setdefault(key, set()).add(code)
            for key, codes in by_key.items():
                found[key] = (name, _languages(codes))
        else:
            # A record (a person) is one record shown in every language of the site.
            for key in public.values_list(fam.field, flat=True):
                found[key] = (name, everyone)
    return found


def refresh(identifiers=None, touched=False, now=None):
    """Bring the rows for ``identifiers`` (None: every record) in line with the gate; returns how many changed.

    With ``touched``, a record public before and after still gets a new datestamp: it was published again.
    """
    if not _families:
        return 0
    now = now or timezone.now()
    if identifiers is not None:
        identifiers = {key for key in identifiers if key}
        if not identifiers:
            return 0
    current = public_now(identifiers)
    rows = PublicState.objects.all() if identifiers is None else PublicState.objects.filter(identifier__in=identifiers)
    known = {row.identifier: row for row in rows.only("pk", "identifier", "family", "languages", "is_public")}
    new, changed = [], []
    for key, (name, languages) in current.items():
        row = known.get(key)
        if row is None:
            new.append(PublicState(identifier=key, family=name, languages=languages, is_public=True, changed_at=now))
        elif touched or not row.is_public or row.languages != languages or row.family != name:
            row.family, row.languages, row.is_public, row.changed_at = name, languages, True, now
            changed.append(row)
    for key, row in known.items():
        if key not in current and row.is_public:
            row.languages, row.is_public, row.changed_at = "", False, now
            changed.append(row)
    with transaction.atomic():
        # Two harvests may start at once: a row the other one made first is left as it made it.
        PublicState.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        PublicState.objects.bulk_update(changed, ["family", "languages", "is_public", "changed_at"], batch_size=500)
    return len(new) + len(changed)


def identifiers_of(page_ids=(), records=()):
    """The identifiers of pages (by id) and records, read from the database (never from objects in memory)."""
    found = set(Page.objects.filter(pk__in=page_ids).values_list("translation_key", flat=True)) if page_ids else set()
    for fam in _families.values():
        if fam.is_page:
            continue
        pks = [record.pk for record in records if isinstance(record, fam.model) and record.pk]
        if pks:
            found.update(fam.model._default_manager.filter(pk__in=pks).values_list(fam.field, flat=True))
    return found
