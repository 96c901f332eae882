"""Write to and check the record of sensitive reads.

Every app calls ``record()`` (or ``record_export()``) at the moment it hands a sensitive thing to
a person. The entry carries the hash of the one before it, so changing or removing an entry in the
database breaks the chain at that point, and ``verify()`` (``manage.py verify_audit``) finds it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, Action, AuditEntry, ChainHead

REASON_MAX_LENGTH = 2000
HEAD_PK = 1


def _actor(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, user.get_username()


def _object_fields(obj):
    if obj is None:
        return "", "", ""
    meta = obj._meta
    return meta.label_lower, str(obj.pk), str(obj)[:255]


def record(user, action, obj=None, *, reason="", actor_name="", object_repr=""):
    """Append one entry: ``user`` read ``obj`` (``action``, an ``Action``), for ``reason``.

    ``actor_name`` names who read when there is no user (a management command).
    """
    action = Action(action)
    actor_id, actor = _actor(user)
    object_type, object_id, shown = _object_fields(obj)
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=HEAD_PK)
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=actor_id,
            actor=(actor or actor_name or "?")[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=(object_repr or shown)[:255],
            reason=(reason or "")[:REASON_MAX_LENGTH],
            previous_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        ChainHead.objects.filter(pk=HEAD_PK).update(last_hash=entry.entry_hash)
    return entry


def record_export(user, what, *, reason, actor_name=""):
    """An export of part of the archive (the names CSV, an archive package): what was exported and why."""
    return record(user, Action.EXPORT, reason=reason, actor_name=actor_name, object_repr=str(what))


@dataclass(frozen=True)
class Break:
    entry_id: int
    problem: str


def verify():
    """The first entry whose hash or link does not hold, or None when the whole chain holds."""
    previous = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        if entry.previous_hash != previous:
            return Break(entry.pk, "it does not carry the hash of the entry before it")
        if entry.compute_hash() != entry.entry_hash:
            return Break(entry.pk, "its content does not match its hash")
        previous = entry.entry_hash
    head = ChainHead.objects.filter(pk=HEAD_PK).first()
    if head is not None and head.last_hash != previous:
        return Break(0, "the last entry of the record is missing")
    return None
