"""Finding a person by name, in any script or common spelling, with typos tolerated.

Each word of the query is reduced to keys (see ``normalise``) and looked up in the indexed
``NameKey`` table, in stages that stop at the first that finds someone: the word's own keys
(a common given name's canonical id, else its consonant skeleton, and the other readings of
its spelling), then for a known given name its skeleton, then keys beginning with it, then the
keys of near spellings: stored spellings one or two edits away (a swap counts as one), and
skeletons one or two edits away (rapidfuzz over the ``NameSpelling`` vocabulary). People matching
every word are ranked by how closely one of their stored name forms resembles the query.

When no one found is spelled as the query, or fewer than three are found, the search widens
before ranking: each word also brings its near spellings, and for three words or more the people
matching every word but one join in. A mistyped word that happens to be someone else's name
(Mahoud for Mahmoud), or a rare spelling of one word (Nagar for Najjar), then still finds the
person meant, ranked by closeness; a "did you mean" says which name was found.

Who matches every word is asked of the database's own inverted index (``keyindex``: GIN on
PostgreSQL, FTS5 on SQLite); without one, the people of each word are read from the ``NameKey``
table and intersected here.
"""

import functools
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Exists, OuterRef, Q
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from memorial.core.generation import generation
from memorial.core.params import clean_text
from memorial.core.prepared import Prepared
from memorial.core.related import ValueList

from . import keyindex
from .models import NameKey, NameSpelling, Remembrance
from .normalise import folded_form, has_arabic, name_words, transliterate_arabic

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6
MAX_CANDIDATES = 400
MAX_NEAR = 24
RERANK = 50
WIDEN_BELOW = 3
NEAR_BESIDE_EXACT = 5
# People matching every word but one are looked for only when fewer than this match every word (near
# spellings included): beside more, they would be thousands sharing two common words, not the person meant.
ALL_BUT_ONE_BELOW = 5
# Beside people spelled exactly as asked only NEAR_BESIDE_EXACT near ones are shown: the closest of
# this many people matching all words but one are enough to choose them from (there can be
# hundreds: everyone sharing a given and a family name), and each costs a row read and ranked.
ALL_BUT_ONE_BESIDE_EXACT = 100
EXACT, SKELETON, PREFIX, FUZZY = "exact", "skeleton", "prefix", "fuzzy"
# Ranking: a word written in the other script with the same consonants; a name in the query's order.
OTHER_SCRIPT = 92.0
IN_ORDER = 6.0
# A skeleton of two consonants is shared by too many names to say much on its own (Mamun, Mouna, Amin:
# mn): it brings a spelling closer only when the spellings are already this close (Amnia, Amina).
SHORT_SKELETON_SIMILAR = 75
# In the other script, such a skeleton counts when the words also read alike in Latin letters
# (Sebai, السباعي read sbai), not when they only share it (Mawan, مأمون read mamun).
READS_ALIKE = 0.75


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
        condition = key_prefix(self.prefix) if self.prefix else Q()
        if self.keys:
            condition |= Q(key__in=self.keys)
        return condition

    def query(self, index, extra=()):
        """The people this word matches (and, with ``extra``, those holding one of these keys), as a
        query of the database's inverted index ``index``."""
        return index.any_of([*self.keys, *extra], self.prefix)


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


class Vocabulary:
    """Every stored spelling of a name word and every word key, by length, for near-spelling lookups."""

    def __init__(self, pairs):
        self.keys_of = defaultdict(set)
        spellings, keys = defaultdict(set), defaultdict(set)
        for spelling, key in pairs:
            self.keys_of[spelling].add(key)
            spellings[len(spelling)].add(spelling)
            if key[:1] not in "=#~":
                keys[len(key)].add(key)
        self.spellings = {n: sorted(v) for n, v in spellings.items()}
        self.keys = {n: sorted(v) for n, v in keys.items()}

    @staticmethod
    def _near(table, length, edits):
        return [item for n in range(max(1, length - edits), length + edits + 1) for item in table.get(n, ())]

    def near_spellings(self, spelling):
        """Stored spellings within one edit (up to five letters) or two (longer), a swap counting as one."""
        if len(spelling) < 3:
            return []
        edits = 1 if len(spelling) <= 5 else 2
        choices = self._near(self.spellings, len(spelling), edits)
        close = process.extract(spelling, choices, scorer=OSA.distance, score_cutoff=edits, limit=MAX_NEAR)
        return [found for found, _distance, _i in close if found != spelling]

    def near_keys(self, word, skeletons=True):
        """Keys of the near spellings of ``word``, and (``skeletons``) consonant skeletons one edit from its
        own (two from a skeleton of five letters or more; none for skeletons too short to say much)."""
        keys = set()
        for spelling in self.near_spellings(word.folded):
            keys |= self.keys_of[spelling]
        skeleton = word.skeleton if word.canonical else word.key
        if skeletons and len(skeleton) >= 3 and skeleton[0] not in "=~":
            edits = 1 if len(skeleton) <= 4 else 2
            choices = self._near(self.keys, len(skeleton), 1)
            close = process.extract(skeleton, choices, scorer=Levenshtein.distance, score_cutoff=edits, limit=12)
            keys.update(found for found, _distance, _i in close)
        keys.difference_update(word.keys)
        return sorted(keys)


_vocabulary = {"stamp": None, "value": None, "last": None}
_vocabulary_lock = threading.Lock()


def vocabulary():
    """The spelling vocabulary, read once per process and again whenever spellings were added (the
    newest id moves on) or the publication generation did (spellings are pruned or rebuilt only by
    changes that move it on, such as ``rebuild_name_keys``)."""
    if _vocabulary["last"] is None:
        _vocabulary["last"] = Prepared(NameSpelling.objects.order_by("-pk").values_list("pk", flat=True)[:1])
    stamp = (generation(), *_vocabulary["last"].rows())
    if _vocabulary["stamp"] != stamp:
        with _vocabulary_lock:
            if _vocabulary["stamp"] != stamp:
                value = Vocabulary(NameSpelling.objects.values_list("spelling", "key").iterator(chunk_size=5000))
                _vocabulary.update(stamp=stamp, value=value)
    return _vocabulary["value"]


def _fuzzy_keys(word, people, near=vocabulary):
    """Keys of near spellings that some visible person carries."""
    keys = near().near_keys(word)[:MAX_NEAR]
    return _keys_held(keys, people) if keys else []


def _keys_held(keys, people):
    """Which of ``keys`` some visible person holds, in their order.

    A key at a time: each check stops at the first visible holder, where one query for all keys
    would read every holder of a common one (a hundred thousand at a registry's size). Where the
    database runs limited queries side by side in one statement (PostgreSQL: a UNION of LIMIT 1
    parts), the checks go together, each part still stopping at its first holder: a mistyped word
    has up to ``MAX_NEAR`` near keys, one round trip instead of as many.
    """
    checks = [_public_keys(Q(key=key), people).values_list("key", flat=True)[:1] for key in keys]
    if len(checks) > 1 and connections[people.db].features.supports_slicing_ordering_in_compound:
        held = set(checks[0].union(*checks[1:], all=True))
    else:
        held = {key for key, check in zip(keys, checks, strict=True) if check.exists()}
    return [key for key in keys if key in held]


def match_word(word, people, last=False, near=vocabulary):
    """The first lookup stage that finds a visible person for this word (``near``: the spelling
    vocabulary, asked only when the word's own keys find nobody)."""
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
    keys = _fuzzy_keys(word, people, near)
    if keys:
        match.stage, match.keys = FUZZY, keys
    return match


def _scores(query, choices, scorer):
    """``scorer(query, choice)`` for every choice, in order (computed in one pass by rapidfuzz)."""
    scores = [0.0] * len(choices)
    for _choice, score, i in process.extract(query, choices, scorer=scorer, limit=None):
        scores[i] = score
    return scores


def rank(query, candidates):
    """Order (pk, search_names) pairs by the closest of each person's name forms to the query.

    A quick whole-name comparison orders every candidate; the best of them are then compared
    word by word (``closeness``), which tells a mistyped name from another name that only shares
    its consonants.
    """
    words = name_words(query)
    query_key = " ".join(w.key for w in words)
    query_form = folded_form(query)
    arabic_query = has_arabic(query)
    owners, keys, forms, same = [], [], [], []
    candidates = list(candidates)
    for pk, search_names in candidates:
        for line in search_names.splitlines():
            key, _tab, form = line.partition("\t")
            owners.append(pk)
            keys.append(key)
            forms.append(form)
            same.append(has_arabic(form) == arabic_query)
    key_set, key_sort = _scores(query_key, keys, fuzz.token_set_ratio), _scores(query_key, keys, fuzz.token_sort_ratio)
    form_set, form_ratio = _scores(query_form, forms, fuzz.token_set_ratio), _scores(query_form, forms, fuzz.ratio)
    best, names_of = {}, dict(candidates)
    for i, pk in enumerate(owners):
        key_score = (key_set[i] + key_sort[i]) / 2
        form_score = (form_set[i] + form_ratio[i]) / 2 if same[i] else key_score * 0.8
        score = 0.6 * key_score + 0.4 * form_score
        if score > best.get(pk, -1.0):
            best[pk] = score
    scored = [(score, pk, names_of[pk]) for pk, score in best.items()]
    scored.sort(key=lambda item: -item[0])
    prepared = [(word, *_analysed(word.folded, tuple(word.keys))[1:]) for word in words]
    head = [(closeness(prepared, names, arabic_query), quick, pk) for quick, pk, names in scored[:RERANK]]
    head.sort(key=lambda item: (-item[0], -item[1]))
    return [(score, pk) for score, _quick, pk in head] + [(quick, pk) for quick, pk, _names in scored[RERANK:]]


@functools.lru_cache(maxsize=65536)
def _form_words(form):
    """The ``_analysed`` spelling, keys, skeletons, reading and naming of each word of a stored name form."""
    return tuple(_analysed(w.folded, tuple(w.keys)) for w in name_words(form))


@functools.lru_cache(maxsize=65536)
def _analysed(spelling, keys):
    """One word's spelling, keys, skeletons, reading in Latin letters, and whether it is a common name
    (it holds a name's own key): shared by every form holding the word as spelled (a form is rarely
    seen twice, its words often)."""
    reading = transliterate_arabic(spelling) if has_arabic(spelling) else spelling
    named = any(k[:1] == "=" for k in keys)
    return spelling, frozenset(keys), frozenset(k for k in keys if k[:1] not in "=~"), reading, named


def _telling(shared):
    """Whether keys two words share say they are one name: a common name's own key, or a skeleton of
    three consonants or more."""
    return any(key[:1] == "=" or len(key) >= 3 for key in shared)


def _word_closeness(prepared, form_words, same_script, taken):
    """How well the best word of a name form not yet ``taken`` stands for one query word (``prepared``:
    the word, then its keys, skeletons and reading as ``_analysed`` gives them), 0-100, and which."""
    word, keys, skeletons, reading, _named = prepared
    best, where = 0.0, -1
    for i, (spelling, their_keys, their_skeletons, their_reading, named) in enumerate(form_words):
        if i in taken:
            continue
        if same_script and spelling == word.folded:
            return 100.0, i
        # Shared consonants count, but not between two common names known to differ (Muhammad, Mahmoud).
        both_named = word.canonical and named
        if word.canonical and word.key in their_keys:
            score = 96.0  # one common name, spelled another way
        elif same_script:
            similar = 100 * OSA.normalized_similarity(word.folded, spelling)
            shared = keys & their_keys
            telling = shared and (similar >= SHORT_SKELETON_SIMILAR or _telling(shared))
            score = max(similar, 60 + 0.4 * similar) if telling and not both_named else similar
        elif (
            (shared := skeletons & their_skeletons | keys & their_keys)
            and not both_named
            and (_telling(shared) or OSA.normalized_similarity(reading, their_reading) >= READS_ALIKE)
        ):
            score = OTHER_SCRIPT  # the same consonants in the other script
        else:
            score = 0.8 * max((fuzz.ratio(a, b) for a in skeletons for b in their_skeletons), default=0)
        if score > best:
            best, where = score, i
    return best, where


def closeness(words, search_names, arabic_query):
    """How closely a person's nearest name form matches the query words, word by word (0-100).

    ``words``: each query word with its keys and skeletons, worked out once for every candidate.
    """
    best = 0.0
    for line in search_names.splitlines():
        _key, _tab, form = line.partition("\t")
        form_words = _form_words(form)
        if not form_words or not words:
            continue
        same_script = has_arabic(form) == arabic_query
        total, places = 0.0, []
        for word in words:  # each word of the name answers for one query word at most
            score, where = _word_closeness(word, form_words, same_script, places)
            total += score
            if where >= 0:
                places.append(where)
        score = total / len(words)
        if places == sorted(places):
            score += IN_ORDER
        score -= 2 * max(0, len(form_words) - len(words))  # words the query did not ask for
        best = max(best, score)
    return best


def _candidates(people, matches, require_all):
    index = keyindex.for_queryset(people)
    if index is not None:
        join = index.all_of if require_all else index.either
        qs = index.matching(people, join([m.query(index) for m in matches]))
    else:
        # Driven from the key index (pk IN keys), not by testing every person: rare names stay cheap.
        conditions = [Q(pk__in=NameKey.objects.filter(m.condition()).values("person_id")) for m in matches]
        if require_all:
            qs = people.filter(*conditions)
        else:
            combined = Q()
            for condition in conditions:
                combined |= condition
            qs = people.filter(combined)
    return _first(qs, MAX_CANDIDATES)


def _first(people, limit):
    """(pk, search_names) of at most ``limit`` of ``people``, in no particular order: ordering would
    make the database read every match of a common name before keeping a few hundred."""
    return dict(keyindex.first_rows(people.order_by().values_list("pk", "search_names"), limit))


def _person_ids(condition):
    """Ids of everyone with a key matching ``condition``, read as one list: a common name word is
    held by tens of thousands of people, and one row costs far less than a row per person."""
    ids = NameKey.objects.filter(condition).aggregate(ids=ValueList("person_id"))["ids"]
    return set(ids)


def _visible(people, ids):
    """(pk, search_names) of the visible people among ``ids``, in that order."""
    found = dict(people.filter(pk__in=ids).values_list("pk", "search_names"))
    return {pk: found[pk] for pk in ids if pk in found}


def _widened_candidates(
    people, words, matches, own_ids, known=None, all_but_one_limit=MAX_CANDIDATES * 2, near=vocabulary
):
    """People found when each word also stands for its near spellings, and (three words or more)
    the people matching every word but one, most words matched first.

    The people of each word (``own_ids``, read from the key index) are counted here, so that a
    person matching all words but one costs no query of its own; visibility is then applied to
    the few hundred people kept (of those matching all words but one, ``all_but_one_limit``).
    """
    spellings = near()
    extras = [
        [key for key in spellings.near_keys(word, skeletons=False) if key not in match.keys]
        for word, match in zip(words, matches, strict=True)
    ]
    known = known or {}
    index = keyindex.for_queryset(people)
    if index is not None:
        return _widened_indexed(index, people, matches, extras, known, all_but_one_limit)
    found = []
    for extra, ids in zip(extras, own_ids, strict=True):
        found.append(ids | _person_ids(Q(key__in=extra)) if extra else ids)
    # Set operations rather than counting every id: a common word brings a hundred thousand at a
    # registry's size, and only those found by every word, or by every word but one, are kept.
    every = set.intersection(*found)
    if len(found) >= 3 and len(every) < ALL_BUT_ONE_BELOW:
        all_but_one = set().union(*(set.intersection(*found[:i], *found[i + 1 :]) for i in range(len(found))))
    else:
        all_but_one = set()
    kept = sorted(every)[: MAX_CANDIDATES * 2]
    kept += sorted(all_but_one - every)[: min(all_but_one_limit, MAX_CANDIDATES * 2 - len(kept))]
    # People already found visible (``known``) are not asked about again.
    return _visible(people, [pk for pk in kept if pk not in known])


def _widened_indexed(index, people, matches, extras, known, all_but_one_limit):
    """``_widened_candidates`` asked of the database's inverted index: everyone matching every word
    (with its near spellings) first, then everyone matching every word but one."""
    limit = MAX_CANDIDATES * 2
    terms = [match.query(index, extra) for match, extra in zip(matches, extras, strict=True)]
    every = index.all_of(terms)
    others = people.exclude(pk__in=list(known))
    found = {}
    # With no near spelling of any word, everyone matching every word is known already, unless more
    # matched than were kept (the index's work is not done twice: at a million names, 10 ms and more).
    if any(extras) or len(known) >= limit:
        found = _first(index.matching(others, every), limit)
    if len(terms) >= 3 and len(found) + len(known) < ALL_BUT_ONE_BELOW:
        all_but_one = index.either([index.all_of(terms[:i] + terms[i + 1 :]) for i in range(len(terms))])
        room = min(all_but_one_limit, limit - len(found))
        found.update(_first(index.matching(others, index.but_not(all_but_one, every)), room))
    return found


def _matching_every_word(people, matches):
    """(pk, search_names) of the visible people matching every word, and (without an inverted
    index) the ids of the people of each word, which the widening reuses."""
    index = keyindex.for_queryset(people)
    if index is not None:
        every = index.all_of([m.query(index) for m in matches])
        return _first(index.matching(people, every), MAX_CANDIDATES * 2), None
    own_ids = [_person_ids(m.condition()) for m in matches]
    together = set.intersection(*own_ids)
    if len(together) <= MAX_CANDIDATES * 2:
        return _visible(people, sorted(together)), own_ids
    # Very common names: let the database apply the visitor's filters before the limit.
    return _candidates(people, matches, require_all=True), own_ids


def _join_halves(words, matches, people, near=vocabulary):
    """A word found nowhere may be half of a compound typed apart ("Abul Rahman" for Abdul Rahman):
    it is tried joined to the next word, then to the one before, and kept joined if that is found."""
    words, matches = list(words), list(matches)
    i = 0
    while i < len(words):
        if not matches[i].found:
            for j in (i, i - 1):  # the pair (j, j + 1)
                if j < 0 or j + 1 >= len(words):
                    continue
                joined = name_words(words[j].folded + words[j + 1].folded)
                if len(joined) != 1:
                    continue
                match = match_word(joined[0], people, last=(j + 1 == len(words) - 1), near=near)
                if match.found:
                    words[j : j + 2], matches[j : j + 2] = joined, [match]
                    i = j
                    break
        i += 1
    return words, matches


def search_names(raw_query, people=None, limit=50):
    """People whose names match the query, best first, among ``people`` (default: the public ones)."""
    query = clean_text(raw_query, MAX_QUERY_LENGTH)
    people = Remembrance.objects.public() if people is None else people
    words = name_words(query)[:MAX_WORDS]
    if not words:
        return NameSearch(query=query, people=[])
    # The vocabulary is asked whether it is current once in a search, and only by a search that needs it.
    near = functools.cache(vocabulary)
    matches = [match_word(word, people, last=(i == len(words) - 1), near=near) for i, word in enumerate(words)]
    words, matches = _join_halves(words, matches, people, near)
    found = [(word, m) for word, m in zip(words, matches, strict=True) if m.found]
    if not found:
        return NameSearch(query=query, people=[], words=matches)
    partial = len(found) < len(matches)
    found_words, found_matches = [w for w, _m in found], [m for _w, m in found]
    candidates, own_ids = _matching_every_word(people, found_matches)
    spelled = any(spelled_as(query, names) for names in candidates.values())
    matched = set(candidates)
    if len(candidates) < WIDEN_BELOW or not spelled:
        # A typo can spell another real name exactly: below the few exact matches, the near ones.
        room = ALL_BUT_ONE_BESIDE_EXACT if spelled else MAX_CANDIDATES * 2
        widened = _widened_candidates(people, found_words, found_matches, own_ids, candidates, room, near)
        candidates.update(widened)
    if not candidates and len(found) > 1:
        candidates = _candidates(people, found_matches, require_all=False)
        partial = True
    order = [pk for _score, pk in rank(query, candidates.items())]
    if spelled:  # everyone matching the name as asked, then only the closest few of the near names
        near = [pk for pk in order if pk not in matched][:NEAR_BESIDE_EXACT]
        order = [pk for pk in order if pk in matched or pk in near]
    order = order[:limit]
    by_pk = people.filter(pk__in=order).for_display().in_bulk()
    results = [by_pk[pk] for pk in order if pk in by_pk]
    approximate = any(m.stage in {FUZZY, PREFIX} for m in found_matches)
    suggestion = ""
    if results and not (approximate or partial) and not spelled_as(query, results[0].search_names):
        approximate = True  # found through a near spelling: say which name was found
    if results and (approximate or partial):
        top = results[0]
        suggestion = (top.name_ar or top.name_latin) if has_arabic(query) else (top.name_latin or top.name_ar)
    return NameSearch(
        query=query, people=results, suggestion=suggestion, approximate=approximate, partial=partial, words=matches
    )


def spelled_as(query, search_names):
    """Whether every word of the query, folded, is a word of one of the stored name forms (``search_names``)."""
    wanted = set(folded_form(query).split())
    for line in search_names.splitlines():
        _key, _tab, form = line.partition("\t")
        if wanted <= set(form.split()):
            return True
    return False


def matching_ids(raw_query, people, limit=500):
    """Primary keys of the people in ``people`` matching the query, best first (for the admin)."""
    return [person.pk for person in search_names(raw_query, people=people, limit=limit).people]
