"""One person, many records: likely matches with their reasons, and merges that can be undone.

When a relative's remembrance or a list names someone already in the memorial, moderators
see the likely matches and why (which name forms, dates and place agree). Merging keeps
the target record, adds the other's names as variants and its sources, moves the
testimonies that name it, takes the merged record off the public site, and stores a
snapshot in ``MergeRecord`` so the merge can be undone exactly.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .importer import agreement
from .models import MergeRecord, NameKey, Remembrance
from .normalise import index_names, name_key, split_variants
from .search import rank, search_names, spelled_as

MAX_MATCHES = 10
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


def _snapshot(target, merged):
    from memorial.testimonies.models import TestimonyPerson

    return {
        "target": {"name_variants": target.name_variants, "record_source": target.record_source},
        "target_sources": list(target.sources.values_list("pk", flat=True)),
        "merged": {"live": merged.live},
        "moved_links": list(TestimonyPerson.objects.filter(person=merged).values_list("pk", flat=True)),
    }


@transaction.atomic
def merge(target, merged, user=None, reasons=""):
    """Fold ``merged`` into ``target``, keeping each record's provenance; returns the MergeRecord."""
    from memorial.testimonies.models import TestimonyPerson

    if target.pk == merged.pk:
        raise ValueError("A record cannot be merged into itself.")
    snapshot = _snapshot(target, merged)
    variants = split_variants(target.name_variants)
    known = {v.casefold() for v in [target.name_ar, target.name_latin, *variants]}
    for name in [merged.name_ar, merged.name_latin, *split_variants(merged.name_variants)]:
        if name and name.casefold() not in known:
            variants.append(name)
            known.add(name.casefold())
    target.name_variants = "\n".join(variants)
    if merged.record_source and merged.record_source not in target.record_source:
        target.record_source = "; ".join(s for s in [target.record_source, merged.record_source] if s)[:300]
    target.save()
    target.sources.add(*merged.sources.all())
    TestimonyPerson.objects.filter(pk__in=snapshot["moved_links"]).update(person=target)
    merged.merged_into = target
    merged.live = False
    merged.save()
    workflow_state = merged.current_workflow_state
    if workflow_state is not None:  # nothing left to review: it lives on in the kept record
        workflow_state.cancel(user=user)
    return MergeRecord.objects.create(target=target, merged=merged, reasons=reasons, snapshot=snapshot, merged_by=user)


@transaction.atomic
def undo_merge(record, user=None):
    """Put both records back exactly as they were before the merge."""
    from memorial.testimonies.models import TestimonyPerson

    if record.undone_at:
        return record
    snapshot = record.snapshot
    target, merged = record.target, record.merged
    target.name_variants = snapshot["target"]["name_variants"]
    target.record_source = snapshot["target"]["record_source"]
    target.save()
    target.sources.set(snapshot["target_sources"])
    TestimonyPerson.objects.filter(pk__in=snapshot["moved_links"]).update(person=merged)
    merged.merged_into = None
    merged.live = snapshot["merged"]["live"]
    merged.save()
    record.undone_at = timezone.now()
    record.undone_by = user
    record.save(update_fields=["undone_at", "undone_by"])
    return record
