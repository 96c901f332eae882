"""One person, many records: likely matches with their reasons, and merges that can be undone.

When a relative's remembrance or a list names someone already in the memorial, moderators
see the likely matches and why (which name forms, dates and place agree). Merging keeps
the target record and adds the other's names as variants and its sources on a new revision
(reviewed before the public sees them, like any edit of a published record), moves the
testimonies that name it, unpublishes the merged record, and stores in ``MergeRecord`` what
was added so the merge can be undone. Undoing never republishes a record whose consent was
withdrawn (or is archive only, or embargoed) since.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log

from memorial.consent.models import PublicationLevel
from memorial.consent.services import embargo_start, governing_consent
from memorial.core.models import Source
from memorial.publication import lifecycle

from .models import MergeRecord, NameKey, Remembrance
from .normalise import index_names, name_key, split_variants
from .rules import agreement
from .search import rank, search_names, spelled_as

MAX_MATCHES = 10
# Log actions (registered in wagtail_hooks): on the merged record, on the kept one, and on undoing.
MERGED, RECEIVED, UNMERGED = "remembrance.merged", "remembrance.merge_received", "remembrance.merge_undone"
MAX_MENTIONS = 12
# Where a sender's list of people divides: lines, commas and semicolons in both scripts, "and", "و".
MENTION_SEPARATORS = re.compile(r"[\n;,،؛]+|\s+(?:and|و)\s+", re.IGNORECASE)


@dataclass
class Match:
    person: Remembrance
    score: float
    reasons: list


def likely_matches(person, limit=MAX_MATCHES):
    """Other records that may be the same person, best first, each with the reasons."""
    names = index_names(person.all_names())
    full = ["#" + key for key in names.full_keys]
    words = list(names.word_keys)
    same_full = set(
        NameKey.objects.filter(key__in=full).exclude(person=person).values_list("person_id", flat=True)[:200]
    )
    candidates = set(same_full)
    if words:
        shared = {}
        for person_id in (
            NameKey.objects.filter(key__in=words).exclude(person=person).values_list("person_id", flat=True)[:5000]
        ):
            shared[person_id] = shared.get(person_id, 0) + 1
        needed = max(2, min(3, len({w.split()[0] for w in words})))
        candidates |= {pk for pk, n in shared.items() if n >= needed}
    others = Remembrance.objects.filter(pk__in=list(candidates)[:500], merged_into__isnull=True).select_related("place")
    query = person.name_latin or person.name_ar
    scores = {pk: score for score, pk in rank(query, [(p.pk, p.search_names) for p in others])}
    matches = []
    for other in others:
        reasons = []
        if other.pk in same_full:
            reasons.append(_("the same name once spellings are normalised"))
        else:
            reasons.append(_("similar names (%(score)d%%)") % {"score": scores.get(other.pk, 0)})
        reasons += agreement(person, other)
        if person.fate and person.fate == other.fate:
            reasons.append(_("the same fate"))
        score = scores.get(other.pk, 0) + 20 * (len(reasons) - 1) + (30 if other.pk in same_full else 0)
        matches.append(Match(person=other, score=score, reasons=reasons))
    matches.sort(key=lambda m: -m.score)
    return matches[:limit]


@dataclass
class Mention:
    """One name as a sender wrote it, and the records that may be that person."""

    text: str
    matches: list = field(default_factory=list)


def split_mentions(text):
    """The names in a free-text list of people, as the sender separated them."""
    parts = (part.strip(" .-–—()\t") for part in MENTION_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(part for part in parts if part))[:MAX_MENTIONS]


def name_reasons(mention, person):
    """Why a record may be the person a sender named: how their names agree."""
    key = name_key(mention)
    if spelled_as(mention, person.search_names):
        reasons = [_("the name is spelled the same way")]
    elif any(line.partition("\t")[0] == key for line in person.search_names.splitlines()):
        reasons = [_("the same name in another spelling or script")]
    else:
        reasons = [_("a similar name")]
    if not person.live:
        reasons.append(_("not yet published"))
    return reasons


def people_named(text, limit=3):
    """For each person a sender named (a submission's "people you remember"), the records that may be them.

    Records under review count too (a relative may have sent the remembrance the same week);
    merged records do not, their names live on in the record they were merged into.
    """
    records = Remembrance.objects.filter(merged_into__isnull=True)
    mentions = []
    for text_part in split_mentions(text):
        found = search_names(text_part, people=records, limit=limit).people
        matches = [Match(person=person, score=0, reasons=name_reasons(text_part, person)) for person in found]
        mentions.append(Mention(text=text_part, matches=matches))
    return mentions


def _names_of(person):
    return [person.name_ar, person.name_latin, *split_variants(person.name_variants)]


def _merge_additions(draft, merged):
    """What merging ``merged`` adds to the kept record's latest version: names, sources, provenance."""
    known = {name.casefold() for name in _names_of(draft) if name}
    names = []
    for name in _names_of(merged):
        if name and name.casefold() not in known:
            names.append(name)
            known.add(name.casefold())
    record_source = draft.record_source
    if merged.record_source and merged.record_source not in record_source:
        record_source = "; ".join(s for s in [record_source, merged.record_source] if s)[:300]
    held = {source.pk for source in draft.sources.all()}
    sources = [pk for pk in merged.sources.values_list("pk", flat=True) if pk not in held]
    return {
        "names": names,
        "sources": sources,
        "record_source": {"before": draft.record_source, "after": record_source},
    }


def _add(person, added):
    person.name_variants = "\n".join([*split_variants(person.name_variants), *added["names"]])
    person.record_source = added["record_source"]["after"]
    person.sources.add(*Source.objects.filter(pk__in=added["sources"]))


def _carries(person, added):
    """Whether a version of the kept record still holds anything the merge added."""
    variants = {name.casefold() for name in split_variants(person.name_variants)}
    return (
        any(name.casefold() in variants for name in added["names"])
        or any(source.pk in added["sources"] for source in person.sources.all())
        or (
            person.record_source == added["record_source"]["after"]
            and person.record_source != added["record_source"]["before"]
        )
    )


def _remove(person, added):
    names = {name.casefold() for name in added["names"]}
    person.name_variants = "\n".join(v for v in split_variants(person.name_variants) if v.casefold() not in names)
    if person.record_source == added["record_source"]["after"]:
        person.record_source = added["record_source"]["before"]
    person.sources = [source for source in person.sources.all() if source.pk not in added["sources"]]


def _revise(person, change, user):
    """A new revision of ``person``: ``change`` applied to its latest version.

    The live row of a published record is left alone (the revision waits for review, as any edit
    does); a record never published is a draft through and through, so its row follows, as the
    admin's own edit of such a record does.
    """
    draft = person.get_latest_revision_as_object()
    change(draft)
    if not person.live:
        draft.save()
    return draft.save_revision(user=user, log_action=True, clean=False)


def _consent_keeps_offline(person):
    """Whether the person's governing consent forbids publishing them now."""
    consent = governing_consent(person)
    if consent is None:
        return False
    if consent.is_withdrawn or consent.publication_level == PublicationLevel.ARCHIVE_ONLY:
        return True
    return consent.publication_level == PublicationLevel.EMBARGOED and embargo_start(consent) > timezone.now()


def _consent_forbids_review(person):
    consent = governing_consent(person)
    return consent is not None and (consent.is_withdrawn or consent.publication_level == PublicationLevel.ARCHIVE_ONLY)


def _public_site_follows(person, user):
    """Exposures and caches follow the record; consent is enforced on what is live.

    A record left unpublished needs no enforcement (and an embargo's enforcement would schedule
    its draft for publication, which nobody asked for); a live one must obey its consent.
    """
    person.refresh_from_db()
    lifecycle.changed(person, user=user, consent=person.live)


@transaction.atomic
def merge(target, merged, user=None, reasons=""):
    """Fold ``merged`` into ``target``, keeping each record's provenance; returns the MergeRecord.

    The names and sources the kept record gains go on a new revision: while the kept record is
    published, its live row (what the public reads) changes only when that revision is published,
    after review like any other edit. The merged record is unpublished and leaves the review queue.
    """
    if target.pk == merged.pk:
        raise ValueError("A record cannot be merged into itself.")
    # The rows as stored: an object in memory may hold an unsaved draft.
    target = Remembrance.objects.get(pk=target.pk)
    merged = Remembrance.objects.get(pk=merged.pk)
    added = _merge_additions(target.get_latest_revision_as_object(), merged)
    merged_state = merged.current_workflow_state
    snapshot = {
        "added": added,
        "target_review": None,
        "merged": {
            "live": merged.live,
            "live_revision": merged.live_revision_id,
            "in_review": merged_state is not None,
        },
        "moved_links": list(merged.testimony_links.values_list("pk", flat=True)),
    }

    revision = _revise(target, lambda draft: _add(draft, added), user)
    target.refresh_from_db()
    workflow = target.get_workflow()
    if target.live and workflow is not None and target.current_workflow_state is None:
        snapshot["target_review"] = workflow.start(target, user).pk
    snapshot["target_revision"] = revision.pk

    Remembrance.testimony_link_model().objects.filter(pk__in=snapshot["moved_links"]).update(person=target)
    merged.merged_into = target
    if merged.live:
        UnpublishAction(merged, user=user, log_action=True).execute(skip_permission_checks=True)
    else:
        merged.save(update_fields=["merged_into"])
    if merged_state is not None:  # nothing left to review: it lives on in the kept record
        merged_state.cancel(user=user)
    record = MergeRecord.objects.create(
        target=target, merged=merged, reasons=reasons, snapshot=snapshot, merged_by=user
    )
    data = {"merge": {"id": record.pk, "kept": target.pk, "merged": merged.pk}}
    log(instance=merged, action=MERGED, user=user, data=data)
    log(instance=target, action=RECEIVED, user=user, data=data, revision=revision)
    _public_site_follows(target, user)
    _public_site_follows(merged, user)
    return record


def _additions_of(record, target):
    """What the merge added to the kept record (merges made before revisions kept it differently)."""
    snapshot = record.snapshot
    if "added" in snapshot:
        return snapshot["added"]
    before = snapshot["target"]
    old = {name.casefold() for name in split_variants(before["name_variants"])}
    return {
        "names": [name for name in split_variants(target.name_variants) if name.casefold() not in old],
        "sources": [pk for pk in target.sources.values_list("pk", flat=True) if pk not in snapshot["target_sources"]],
        "record_source": {"before": before["record_source"], "after": target.record_source},
    }


def _undo_on_kept(record, target, user):
    """Take the merge's additions out of the kept record: the live row at once, the latest draft by revision."""
    added = _additions_of(record, target)
    pending = target.get_latest_revision_as_object() if target.has_unpublished_changes else None
    if target.live and _carries(target, added):
        # Published already: removing the other person's names is never held back for review.
        live = Remembrance.objects.get(pk=target.pk)
        _remove(live, added)
        live.save_revision(user=user, log_action=True, clean=False).publish(user=user, skip_permission_checks=True)
    if not target.live:
        if _carries(target.get_latest_revision_as_object(), added):
            _revise(target, lambda draft: _remove(draft, added), user)
    elif pending is not None and _carries(pending, added):
        _remove(pending, added)
        pending.save_revision(user=user, log_action=True, clean=False)
    review = record.snapshot.get("target_review")
    state = target.workflow_states.filter(pk=review).first() if review else None
    if state is not None and state.status in (state.STATUS_IN_PROGRESS, state.STATUS_NEEDS_CHANGES):
        state.cancel(user=user)  # the review the merge asked for has nothing left to review


def _undo_on_merged(record, merged, user):
    """The merged record comes back as it was, unless its consent now keeps it from the public."""
    before = record.snapshot["merged"]
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    if before["live"] and not _consent_keeps_offline(merged):
        revision = merged.revisions.filter(pk=before.get("live_revision") or merged.live_revision_id).first()
        if revision is None:
            revision = merged.save_revision(user=user, log_action=True, clean=False)
        revision.publish(user=user, skip_permission_checks=True)
    elif before.get("in_review") and not _consent_forbids_review(merged):
        workflow = merged.get_workflow()
        if workflow is not None and merged.current_workflow_state is None:
            workflow.start(merged, user)


@transaction.atomic
def undo_merge(record, user=None):
    """Put both records back as they were before the merge, as far as consent allows now."""
    if record.undone_at:
        return record
    target = Remembrance.objects.get(pk=record.target_id)
    merged = Remembrance.objects.get(pk=record.merged_id)
    _undo_on_kept(record, target, user)
    Remembrance.testimony_link_model().objects.filter(pk__in=record.snapshot["moved_links"]).update(person=merged)
    _undo_on_merged(record, merged, user)
    record.undone_at = timezone.now()
    record.undone_by = user
    record.save(update_fields=["undone_at", "undone_by"])
    data = {"merge": {"id": record.pk, "kept": target.pk, "merged": merged.pk}}
    log(instance=Remembrance.objects.get(pk=merged.pk), action=UNMERGED, user=user, data=data)
    _public_site_follows(target, user)
    _public_site_follows(merged, user)
    return record
