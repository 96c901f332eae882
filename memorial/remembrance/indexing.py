"""The fields computed from a person's names and dates, shared by save(), the importer and migrations.

Works on plain attribute values, so that a data migration (with historical models) and the
bulk importer compute exactly what ``Remembrance.save()`` does.
"""

from django.utils.text import slugify

from .normalise import index_names, normalise_arabic, split_variants

LATIN_LETTERS = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
ARABIC_LETTERS = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
DERIVED_FIELDS = [
    "sort_name",
    "sort_name_ar",
    "slug",
    "letter_latin",
    "letter_ar",
    "age_group",
    "search_names",
    "word_keys",
]
# What the derived fields and the name keys are computed from.
DERIVED_FROM = [
    "name_ar",
    "name_latin",
    "name_variants",
    "age",
    "birth_date",
    "birth_date_precision",
    "death_date",
    "death_date_precision",
]


def age_group_for(age):
    if age is None:
        return ""
    if age < 13:
        return "child"
    if age < 18:
        return "youth"
    if age < 60:
        return "adult"
    return "elder"


def initial_letter(text, alphabet):
    for ch in text:
        if ch.upper() in alphabet:
            return ch.upper()
        if ch.isalpha():
            return ""
    return ""


def age_at_death(person):
    """The recorded age, else the age computed from exact dates of birth and death."""
    if person.age is not None:
        return person.age
    b, d = person.birth_date, person.death_date
    if b and d and person.birth_date_precision == person.death_date_precision == "day":
        return d.year - b.year - ((d.month, d.day) < (b.month, b.day))
    return None


def fill_derived(person):
    """Set the derived fields on ``person`` and return its name index (for the key rows)."""
    person.sort_name = (person.name_latin or person.name_ar or "").strip().casefold()[:200]
    person.sort_name_ar = (normalise_arabic(person.name_ar) or person.sort_name)[:200]
    person.slug = slugify(person.name_latin or person.name_ar, allow_unicode=True)[:80] or "person"
    person.letter_latin = initial_letter(person.sort_name, LATIN_LETTERS)
    person.letter_ar = initial_letter(normalise_arabic(person.name_ar), ARABIC_LETTERS)
    person.age_group = age_group_for(age_at_death(person))
    names = index_names([person.name_ar, person.name_latin, *split_variants(person.name_variants)])
    person.search_names = names.search_names
    person.word_keys = word_keys_text(names)
    return names


def word_keys_text(names):
    """Every word key of a person's names, space-separated (keys hold no spaces): what PostgreSQL's
    inverted index over the names is built from (see ``search.KeyIndex``)."""
    return " ".join(sorted({key[:200] for key in names.word_keys}))


def key_values(person_id, names):
    """(person id, key) of each NameKey row for one person: each word key, and each whole-name key marked '#'."""
    pairs = [(person_id, key[:200]) for key in sorted(names.word_keys)]
    pairs += [(person_id, ("#" + key)[:200]) for key in sorted(names.full_keys)]
    return pairs


def key_rows(key_model, person_id, names):
    """The NameKey rows for one person, as unsaved instances (``key_values``)."""
    return [key_model(person_id=pk, key=key) for pk, key in key_values(person_id, names)]


def spelling_rows(spelling_model, spellings):
    """Vocabulary rows for (spelling, key) pairs; rows already stored are for the caller to ignore."""
    return [spelling_model(spelling=spelling, key=key[:200]) for spelling, key in sorted(spellings)]


def rebuild(person_model, key_model, spelling_model=None, batch_size=1000):
    """Recompute every person's derived fields, keys and the spelling vocabulary (used by migrations)."""
    key_model.objects.all().delete()
    # A migration's historical model has the fields of its time: an older one lacks the later ones.
    stored = {f.name for f in person_model._meta.concrete_fields}
    fields = [name for name in DERIVED_FIELDS if name in stored]
    spellings = set()
    pending, rows = [], []
    for person in person_model.objects.all().iterator(chunk_size=batch_size):
        names = fill_derived(person)
        rows += key_rows(key_model, person.pk, names)
        spellings |= names.spellings
        pending.append(person)
        if len(pending) >= batch_size:
            person_model.objects.bulk_update(pending, fields)
            key_model.objects.bulk_create(rows)
            pending, rows = [], []
    if pending:
        person_model.objects.bulk_update(pending, fields)
    if rows:
        key_model.objects.bulk_create(rows)
    if spelling_model is not None:
        spelling_model.objects.all().delete()
        spelling_model.objects.bulk_create(spelling_rows(spelling_model, spellings), batch_size=batch_size)
