"""Finding a person by name, in any script or common spelling, with typos tolerated.

Each word of the query is reduced to a key (see ``normalise``) and looked up in the indexed
``NameKey`` table, in stages that stop at the first that finds someone: the word's own key
(a common given name's canonical id, else its consonant skeleton), then for a known given
name its skeleton, then keys beginning with it, then keys one or two edits away in the same
length bucket (rapidfuzz). People matching every word are ranked by how closely one of their
stored name forms resembles the query; a "did you mean" is offered when the match was not exact.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from memorial.core.params import clean_text

from .indexing import bucket_for
from .models import NameKey, Remembrance
from .normalise import folded_form, has_arabic, name_words

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6
MAX_CANDIDATES = 400
EXACT, SKELETON, PREFIX, FUZZY = "exact", "skeleton", "prefix", "fuzzy"


@dataclass
class WordMatch:
    folded: str
    stage: str = ""
    keys: list = field(default_factory=list)
    prefix: str = ""

    @property
    def found(self):
        return bool(self.keys or self.prefix)

    def condition(self):
        """NameKey rows this word matches."""
        if self.prefix:
            return key_prefix(self.prefix)
        return Q(key__in=self.keys)


@dataclass
class NameSearch:
    query: str
    people: list
    suggestion: str = ""
    approximate: bool = False
    partial: bool = False
    words: list = field(default_factory=list)

    @property
    def exact(self):
        return bool(self.people) and not self.approximate and not self.partial


def key_prefix(prefix):
    """Keys beginning with ``prefix``, as an index range (SQLite's LIKE cannot use the index)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(key__gte=prefix, key__lt=upper)


def _public_keys(condition, people):
    return NameKey.objects.filter(condition).filter(Exists(people.filter(pk=OuterRef("person_id"))))


def _fuzzy_keys(skeleton, people):
    """Stored word keys within one or two edits of ``skeleton``, from the buckets of similar length."""
    if len(skeleton) < 2:
        return []
    lengths = range(max(1, len(skeleton) - 1), len(skeleton) + 2)
    vocabulary = [
        key
        for key in NameKey.objects.filter(bucket__in=[bucket_for("x" * n) for n in lengths])
        .values_list("key", flat=True)
        .distinct()
        if key[0] not in "=#~"
    ]
    cutoff = 1 if len(skeleton) <= 4 else 2
    close = process.extract(skeleton, vocabulary, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=12)
    keys = [key for key, _score, _i in close]
    if not keys:
        return []
    # Only keys some visible person carries.
    return list(_public_keys(Q(key__in=keys), people).values_list("key", flat=True).distinct())


def match_word(word, people, last=False):
    """The first lookup stage that finds a visible person for this word."""
    match = WordMatch(folded=word.folded)
    own = [word.key, *word.alternatives]
    if _public_keys(Q(key__in=own), people).exists():
        match.stage, match.keys = EXACT, own
        return match
    skeleton = word.skeleton if word.canonical else word.key
    if word.canonical and skeleton and _public_keys(Q(key=skeleton), people).exists():
        match.stage, match.keys = SKELETON, [skeleton]
        return match
    prefixable = last and len(skeleton) >= 2 and skeleton[0] not in "=~"
    if prefixable and _public_keys(key_prefix(skeleton), people).exists():
        match.stage, match.prefix = PREFIX, skeleton
        return match
    if skeleton and skeleton[0] not in "=~":
        keys = _fuzzy_keys(skeleton, people)
        if keys:
            match.stage, match.keys = FUZZY, keys
    return match


def rank(query, candidates):
    """Order (pk, search_names) pairs by the closest of each person's name forms to the query."""
    words = name_words(query)
    query_key = " ".join(w.key for w in words)
    query_form = folded_form(query)
    arabic_query = has_arabic(query)
    scored = []
    for pk, search_names in candidates:
        best = 0.0
        for line in search_names.splitlines():
            key, _tab, form = line.partition("\t")
            key_score = (fuzz.token_set_ratio(query_key, key) + fuzz.token_sort_ratio(query_key, key)) / 2
            if has_arabic(form) == arabic_query:
                form_score = (fuzz.token_set_ratio(query_form, form) + fuzz.ratio(query_form, form)) / 2
            else:
                form_score = key_score * 0.8
            best = max(best, 0.6 * key_score + 0.4 * form_score)
        scored.append((best, pk))
    scored.sort(key=lambda item: -item[0])
    return scored


def _candidates(people, matches, require_all):
    # Driven from the key index (pk IN keys), not by testing every person: rare names stay cheap.
    conditions = [Q(pk__in=NameKey.objects.filter(m.condition()).values("person_id")) for m in matches]
    if require_all:
        qs = people.filter(*conditions)
    else:
        combined = Q()
        for condition in conditions:
            combined |= condition
        qs = people.filter(combined)
    return list(qs.values_list("pk", "search_names")[:MAX_CANDIDATES])


def search_names(raw_query, people=None, limit=50):
    """People whose names match the query, best first, among ``people`` (default: the public ones)."""
    query = clean_text(raw_query, MAX_QUERY_LENGTH)
    people = Remembrance.objects.public() if people is None else people
    words = name_words(query)[:MAX_WORDS]
    if not words:
        return NameSearch(query=query, people=[])
    matches = [match_word(word, people, last=(i == len(words) - 1)) for i, word in enumerate(words)]
    found = [m for m in matches if m.found]
    if not found:
        return NameSearch(query=query, people=[], words=matches)
    partial = len(found) < len(matches)
    candidates = _candidates(people, found, require_all=True)
    if not candidates and len(found) > 1:
        candidates = _candidates(people, found, require_all=False)
        partial = True
    ranked = rank(query, candidates)[:limit]
    order = [pk for _score, pk in ranked]
    by_pk = people.filter(pk__in=order).for_display().in_bulk()
    results = [by_pk[pk] for pk in order if pk in by_pk]
    approximate = any(m.stage in {FUZZY, PREFIX} for m in found)
    suggestion = ""
    if results and not (approximate or partial) and not spelled_as(query, results[0]):
        approximate = True  # found through a near spelling: say which name was found
    if results and (approximate or partial):
        top = results[0]
        suggestion = (top.name_ar or top.name_latin) if has_arabic(query) else (top.name_latin or top.name_ar)
    return NameSearch(
        query=query, people=results, suggestion=suggestion, approximate=approximate, partial=partial, words=matches
    )


def spelled_as(query, person):
    """Whether every word of the query, folded, is a word of one of the person's stored name forms."""
    wanted = set(folded_form(query).split())
    for line in person.search_names.splitlines():
        _key, _tab, form = line.partition("\t")
        if wanted <= set(form.split()):
            return True
    return False


def matching_ids(raw_query, people, limit=500):
    """Primary keys of the people in ``people`` matching the query, best first (for the admin)."""
    return [person.pk for person in search_names(raw_query, people=people, limit=limit).people]
