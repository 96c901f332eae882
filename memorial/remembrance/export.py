"""CSV of the public names: nothing unpublished, and no cell a spreadsheet would run as a formula."""

import csv

from .models import Remembrance

COLUMNS = [
    "id",
    "name_ar",
    "name_latin",
    "name_variants",
    "birth_date",
    "death_date",
    "age",
    "fate",
    "place",
    "source",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """A cell value that spreadsheets show as text: a leading formula character gets a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def public_rows():
    """One row per public person, in memorial order."""
    people = (
        Remembrance.objects.public()
        .select_related("place")
        .only(
            "pk",
            "name_ar",
            "name_latin",
            "name_variants",
            "birth_date",
            "birth_date_precision",
            "death_date",
            "death_date_precision",
            "age",
            "fate",
            "record_source",
            "place__name",
        )
        .order_by("sort_name", "pk")
    )
    yield COLUMNS
    for person in people.iterator(chunk_size=2000):
        yield [
            neutralise(v)
            for v in (
                person.pk,
                person.name_ar,
                person.name_latin,
                "; ".join(person.variants),
                partial_iso(person.birth_date, person.birth_date_precision),
                partial_iso(person.death_date, person.death_date_precision),
                person.age if person.age is not None else "",
                person.fate,
                person.place.name if person.place else "",
                person.record_source,
            )
        ]


def partial_iso(value, precision):
    """The date no more precisely than it is known: 1982-02-10, 1982-02 or 1982."""
    if value is None:
        return ""
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return value.strftime("%Y-%m")
    return str(value.year)


class Echo:
    def write(self, value):
        return value


def csv_lines():
    """The CSV as a stream of encoded lines (with a BOM so spreadsheets read the Arabic as UTF-8)."""
    writer = csv.writer(Echo())
    yield "\ufeff".encode()
    for row in public_rows():
        yield writer.writerow(row).encode("utf-8")


def write_csv(stream):
    writer = csv.writer(stream)
    for row in public_rows():
        writer.writerow(row)
