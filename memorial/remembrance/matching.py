"""One person, many records: likely matches with their reasons, and merges that can be undone.

When a relative's remembrance or a list names someone already in the memorial, moderators
see the likely matches and why (which name forms, dates and place agree). Merging keeps
the target record, adds the other's names as variants and its sources, moves the
testimonies that name it, takes the merged record off the public site, and stores a
snapshot in ``MergeRecord`` so the merge can be undone exactly.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .importer import agreement
from .models import MergeRecord, NameKey, Remembrance
from .normalise import index_names, split_variants
from .search import rank

MAX_MATCHES = 10


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
