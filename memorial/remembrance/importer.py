"""Importing lists of names (CSV or XLSX) into the memorial: checked, flagged, all or nothing.

``read_table`` turns an uploaded file into rows (refusing what is not a sane table),
``check`` validates every row against the archive and reports errors (line and column)
and possible duplicates, and ``run_import`` writes the people in bulk inside one
transaction, so that a failure leaves the archive exactly as it was.
"""

import csv
import datetime
import functools
import io
import json
import logging
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from tqdm import tqdm
from wagtail.models import Locale

from memorial.core import collector, planner, wagtail_rows
from memorial.core.models import DatePrecision, Place, Source
from memorial.core.params import clean_text
from memorial.publication import lifecycle

from . import rules
from .indexing import fill_derived, key_values, spelling_rows
from .models import Fate, NameKey, NameSpelling, Remembrance, person_label
from .normalise import folded_form, split_variants
from .notifications import notify_import

logger = logging.getLogger(__name__)

FIELDS = ["name_ar", "name_latin", "name_variants", "birth_date", "death_date", "place", "fate", "source", "age"]
OPTIONAL_FIELDS = ["circumstances"]
ALL_FIELDS = FIELDS + OPTIONAL_FIELDS
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 4000
MAX_COLUMNS = 100
BATCH = 1000
# A list at least this long is followed, on PostgreSQL, by VACUUM (ANALYZE) of the tables it filled
# (on SQLite every list is followed by a refresh of the planner's statistics).
TIDY_AFTER = 10_000
FATE_WORDS = {
    "killed": Fate.KILLED,
    "dead": Fate.KILLED,
    "قتل": Fate.KILLED,
    "قتيل": Fate.KILLED,
    "شهيد": Fate.KILLED,
    "missing": Fate.MISSING,
    "disappeared": Fate.MISSING,
    "مفقود": Fate.MISSING,
    "detention": Fate.DIED_IN_DETENTION,
    "died in detention": Fate.DIED_IN_DETENTION,
    "توفي في المعتقل": Fate.DIED_IN_DETENTION,
    "unknown": Fate.UNKNOWN,
    "fate unknown": Fate.UNKNOWN,
    "مجهول": Fate.UNKNOWN,
}
APPROXIMATE = re.compile(r"^(?:c\.?|ca\.?|circa|about|~|حوالي)\s*(\d{4})$", re.IGNORECASE)


class ImportFileError(Exception):
    """The file as a whole cannot be read as a table of names."""


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        return _("line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column or "-",
            "message": self.message,
        }


@dataclass
class Duplicate:
    line: int
    reason: str
    other_line: int | None = None
    person_id: int | None = None
    person_name: str = ""


@dataclass
class Row:
    line: int
    person: Remembrance
    names: object
    source: str


@dataclass
class ImportReport:
    rows_read: int = 0
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    created: int = 0
    skipped_duplicates: int = 0
    published: bool = False
    workflow: str = ""

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        return {
            "rows_read": self.rows_read,
            "valid": len(self.rows),
            "errors": len(self.errors),
            "possible_duplicates": len(self.duplicates),
            "created": self.created,
            "skipped_duplicates": self.skipped_duplicates,
            "published": self.published,
        }


# --- reading ----------------------------------------------------------------------------


def _decode(data, encoding=None):
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFileError(_("The file could not be read as %(encoding)s.") % {"encoding": encoding}) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file is damaged UTF-16 text.")) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (invalid byte at position %(position)s). Save it as 'CSV UTF-8', "
                "or give its encoding (for example windows-1256)."
            )
            % {"position": exc.start}
        ) from exc


def _csv_rows(data, encoding=None):
    text = _decode(data, encoding)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFileError(
            _("The file contains a null byte (line %(line)s): it is not a text table.") % {"line": line}
        )
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    previous_line = 1
    try:
        for cells in reader:
            yield previous_line, cells
            previous_line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            _("The file is not a well-formed CSV table (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc


# What a damaged workbook makes zipfile and openpyxl raise (each made by a test in
# tests/remembrance/workbooks.py): a broken archive, a part that does not inflate, XML
# that does not parse (ElementTree's and lxml's errors are SyntaxErrors), a part or a sheet missing, a
# value that is not what its cell or attribute says (ValueError; TypeError from openpyxl's typed
# attributes), an encrypted or unsupported member (RuntimeError, NotImplementedError).
DAMAGED_WORKBOOK = (
    zipfile.BadZipFile,
    zlib.error,
    LookupError,
    ValueError,
    TypeError,
    SyntaxError,
    RuntimeError,
)


def _xlsx_rows(data):
    try:
        # data_only: the values a spreadsheet shows, never its formulas.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DAMAGED_WORKBOOK as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = []
            for value in values[:MAX_COLUMNS]:
                if value is None:
                    cells.append("")
                elif isinstance(value, datetime.datetime):
                    cells.append(value.date().isoformat())
                elif isinstance(value, datetime.date):
                    cells.append(value.isoformat())
                elif isinstance(value, float) and value.is_integer():
                    cells.append(str(int(value)))
                else:
                    cells.append(str(value))
            yield number, cells
    except DAMAGED_WORKBOOK as exc:
        raise ImportFileError(_("The workbook is damaged and cannot be read.")) from exc
    finally:
        workbook.close()


@collector.paused()  # millions of objects built, all kept until the end
def read_table(data, filename="", encoding=None):
    """(header, [(line, cells), ...]) from CSV or XLSX bytes; ImportFileError when it is not a sane table."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")
    rows = _xlsx_rows(data) if is_xlsx else _csv_rows(data, encoding)
    header = None
    body = []
    for line, cells in rows:
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(_("Line %(line)s has more than %(n)s columns.") % {"line": line, "n": MAX_COLUMNS})
        if header is None:
            if not any(c.strip() for c in cells):
                continue
            header = [clean_text(c, 100) for c in cells]
            continue
        if not any((c or "").strip() for c in cells):
            continue
        body.append((line, cells))
        if len(body) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    if header is None:
        raise ImportFileError(_("The file has no header row."))
    return header, body


def parse_mapping(text):
    """'field=Column,field=Column' or a JSON object, as {field: column header}."""
    text = (text or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            mapping = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(_("The column mapping is not valid JSON.")) from exc
        if not isinstance(mapping, dict):
            raise ImportFileError(_("The column mapping must be an object."))
    else:
        mapping = {}
        for part in text.split(","):
            if "=" not in part:
                raise ImportFileError(_("Write the mapping as field=Column, separated by commas."))
            key, value = part.split("=", 1)
            mapping[key.strip()] = value.strip()
    unknown = sorted(set(mapping) - set(ALL_FIELDS))
    if unknown:
        raise ImportFileError(_("Unknown fields in the mapping: %(fields)s") % {"fields": ", ".join(unknown)})
    return {k: str(v) for k, v in mapping.items() if str(v).strip()}


def resolve_columns(header, mapping=None):
    """{field: column index}: mapped fields by their column header, the others by a header named like the field."""
    mapping = mapping or {}
    lowered = {h.strip().casefold(): i for i, h in reversed(list(enumerate(header)))}
    columns = {}
    for name in ALL_FIELDS:
        wanted = mapping.get(name, name)
        index = lowered.get(wanted.strip().casefold())
        if index is None and name in mapping:
            raise ImportFileError(_("The file has no column '%(column)s'.") % {"column": wanted[:100]})
        if index is not None:
            columns[name] = index
    if "name_ar" not in columns and "name_latin" not in columns:
        raise ImportFileError(_("The file has no name column (name_ar or name_latin)."))
    return columns


# --- checking ---------------------------------------------------------------------------


def parse_partial_date(value):
    """(date, precision) from an ISO date, year-month, year, or 'c. 1950'; ValueError otherwise."""
    value = value.strip()
    if not value:
        return None, None
    match = APPROXIMATE.match(value)
    if match:
        return datetime.date(int(match.group(1)), 1, 1), DatePrecision.APPROXIMATE
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        if year < 1800:
            raise ValueError(value)
        return datetime.date(year, 1, 1), DatePrecision.YEAR
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        return datetime.date(year, month, 1), DatePrecision.MONTH
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value), DatePrecision.DAY
    raise ValueError(value)


class PlaceIndex:
    """Places by every spelling of their names (in every language), resolved to the default language's record."""

    def __init__(self):
        default = Locale.get_default()
        places = list(Place.objects.select_related("locale"))
        by_key = {(p.translation_key, p.locale_id): p for p in places}
        self.lookup = {}
        for place in places:
            target = by_key.get((place.translation_key, default.pk), place)
            for name in [place.name, place.slug, *split_variants(place.other_names)]:
                key = folded_form(name)
                if key:
                    self.lookup.setdefault(key, target)

    def get(self, value):
        return self.lookup.get(folded_form(value))


def _clean(value, limit):
    # Most cells are plain printable text; only the others need the character-by-character clean.
    if value.isprintable():
        return " ".join(value.split())[:limit]
    return clean_text(value, limit)


def _cell(cells, columns, name, limit=200):
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    value = cells[index] or ""
    if name == "name_variants":
        return "\n".join(_clean(v, 200) for v in split_variants(value[:MAX_CELL]))
    return _clean(value, limit)


class PersonBuilder:
    """Unsaved people from field values, built positionally from one default record (much faster in bulk)."""

    def __init__(self):
        template = Remembrance()
        self.fields = [f.attname for f in Remembrance._meta.concrete_fields]
        self.defaults = [getattr(template, name) for name in self.fields]
        self.index = {name: i for i, name in enumerate(self.fields)}

    def __call__(self, **values):
        args = list(self.defaults)
        # Each person gets an identifier of their own, never the template's.
        args[self.index["identifier"]] = uuid.uuid4()
        for name, value in values.items():
            args[self.index[name]] = value
        return Remembrance(*args)


# The importer's shorter wording of the record's rules, translated only when a row breaks one.
MISSING_NAME = gettext_lazy("missing name")
BORN_AFTER_DEATH = gettext_lazy("born after the date of death")


class Namesake(NamedTuple):
    """What the duplicate check reads of a person already in the memorial (``rules.agreement``, the
    label): read as plain values, since at a registry's size a list has hundreds of thousands."""

    name_ar: str
    name_latin: str
    birth_date: datetime.date | None
    death_date: datetime.date | None
    death_date_precision: str
    place_id: int | None

    def __str__(self):
        return person_label(self.name_latin, self.name_ar)


NAMESAKE_FIELDS = list(Namesake._fields)
NAMESAKES_PER_QUERY = 5000


def _refusals(rule, *values, **wording):
    """(field, message) for what a rule of the person's record refuses; nothing when it accepts."""
    try:
        rule(*values, **wording)
    except ValidationError as exc:
        return [(name, message) for name, messages in exc.message_dict.items() for message in messages]
    return []


@collector.paused()  # millions of objects built, all kept until the end
def check(header, body, mapping=None, default_source="", report=None):
    """Validate every row; returns an ImportReport with the people to create, errors and duplicates."""
    report = report or ImportReport()
    columns = resolve_columns(header, mapping)
    column_name = {name: header[i] for name, i in columns.items()}
    places = PlaceIndex()
    build = PersonBuilder()
    for line, cells in body:
        report.rows_read += 1
        errors = []

        def error(name, message, line=line, errors=errors):
            errors.append(RowError(line, column_name.get(name, name), message))

        name_ar = _cell(cells, columns, "name_ar")
        name_latin = _cell(cells, columns, "name_latin")
        variants = _cell(cells, columns, "name_variants", MAX_CELL)
        name_column = "name_latin" if "name_latin" in columns else "name_ar"
        for name, message in _refusals(
            rules.require_name, name_ar, name_latin, field=name_column, message=MISSING_NAME
        ):
            error(name, message)
        dates = {}
        for name in ("birth_date", "death_date"):
            raw = _cell(cells, columns, name, 40)
            try:
                dates[name] = parse_partial_date(raw)
            except ValueError:
                error(name, _("bad date '%(value)s' (use YYYY-MM-DD, YYYY-MM or YYYY)") % {"value": raw[:40]})
                dates[name] = (None, None)
        birth, birth_precision = dates["birth_date"]
        death, death_precision = dates["death_date"]
        for name, message in _refusals(rules.require_birth_not_after_death, birth, death, message=BORN_AFTER_DEATH):
            error(name, message)
        place = None
        place_raw = _cell(cells, columns, "place")
        if place_raw:
            place = places.get(place_raw)
            if place is None:
                error("place", _("unknown place '%(value)s'") % {"value": place_raw[:80]})
        fate_raw = _cell(cells, columns, "fate", 60).casefold()
        fate = Fate.UNKNOWN
        if fate_raw:
            fate = FATE_WORDS.get(fate_raw) or (fate_raw if fate_raw in Fate.values else None)
            if fate is None:
                error("fate", _("unknown fate '%(value)s' (killed, missing, detention)") % {"value": fate_raw[:60]})
        # Read whole: cut short, "00000000015" would have become an age of 1.
        age_raw = _cell(cells, columns, "age", MAX_CELL)
        age = None
        if age_raw:
            if age_raw.isdigit() and int(age_raw) <= 130:
                age = int(age_raw)
            else:
                error("age", _("bad age '%(value)s'") % {"value": age_raw[:10]})
        source = _cell(cells, columns, "source", 300) or clean_text(default_source, 300)
        if not source:
            error("source", _("no source: give a source column or --source"))
        if errors:
            report.errors.extend(errors)
            continue
        person = build(
            name_ar=name_ar,
            name_latin=name_latin,
            name_variants=variants,
            birth_date=birth,
            birth_date_precision=birth_precision or DatePrecision.YEAR,
            death_date=death,
            death_date_precision=death_precision or DatePrecision.DAY,
            age=age,
            fate=fate,
            place_id=place.pk if place else None,
            circumstances=_cell(cells, columns, "circumstances", MAX_CELL),
            record_source=source,
            live=False,
        )
        report.rows.append(Row(line=line, person=person, names=fill_derived(person), source=source))
    flag_duplicates(report)
    return report


def _namesakes(keys, holders):
    """Who holds any of ``keys`` in ``holders`` (key -> list of ids), each once, in the order first
    met: a person is usually found under each of their names (Arabic, Latin, variants), and is
    compared once."""
    return dict.fromkeys(holder for key in keys for holder in holders.get(key, ()))


def flag_duplicates(report):
    """Possible duplicates within the file and against the archive: flagged, never merged."""
    seen = {}  # key -> positions in report.rows of the rows before
    for position, row in enumerate(report.rows):
        for earlier in _namesakes(row.names.full_keys, seen):
            other = report.rows[earlier]
            reasons = rules.agreement(row.person, other.person)
            if reasons:
                report.duplicates.append(
                    Duplicate(
                        line=row.line,
                        other_line=other.line,
                        reason=_("same name as line %(line)s, %(reasons)s")
                        % {"line": other.line, "reasons": ", ".join(reasons)},
                    )
                )
                break
        for key in row.names.full_keys:
            seen.setdefault(key, []).append(position)
    keys = sorted(seen)
    archive = {}
    for i in range(0, len(keys), 500):
        chunk = ["#" + k for k in keys[i : i + 500]]
        for key, person_id in NameKey.objects.filter(key__in=chunk).values_list("key", "person_id"):
            archive.setdefault(key[1:], []).append(person_id)
    if not archive:
        return
    # Read by id, a few thousand at a time: joined to the keys, the database would read the whole table.
    ids = sorted({pk for found in archive.values() for pk in found})
    people = {}
    for i in range(0, len(ids), NAMESAKES_PER_QUERY):
        found = Remembrance.objects.filter(pk__in=ids[i : i + NAMESAKES_PER_QUERY]).values_list("pk", *NAMESAKE_FIELDS)
        people.update((pk, Namesake(*values)) for pk, *values in found)
    for row in report.rows:
        for pk in _namesakes(row.names.full_keys, archive):
            person = people.get(pk)
            reasons = rules.agreement(row.person, person) if person is not None else None
            if reasons:
                report.duplicates.append(
                    Duplicate(
                        line=row.line,
                        person_id=pk,
                        person_name=str(person),
                        reason=_("same name as '%(name)s' already in the memorial, %(reasons)s")
                        % {"name": str(person), "reasons": ", ".join(reasons)},
                    )
                )


# --- writing ----------------------------------------------------------------------------


def _progress(iterable, total, enabled, desc):
    if not enabled:
        return iterable
    return tqdm(iterable, total=total, desc=desc, unit="batch")


def _sources_for(titles):
    locale = Locale.get_default()
    found = {}
    for title in sorted(set(titles)):
        source = Source.objects.filter(locale=locale, title=title).first()
        if source is None:
            source = Source.objects.create(locale=locale, title=title, kind=Source.Kind.DOCUMENT)
        found[title] = source
    return found


@collector.paused()  # millions of objects built, all kept until the end
def run_import(report, user=None, publish=False, skip_duplicates=False, progress=False):
    """Create every checked person in one transaction; refuses when the report has errors."""
    if not report.ok:
        raise ImportFileError(_("The file has errors; nothing was imported."))
    skip = {d.line for d in report.duplicates} if skip_duplicates else set()
    rows = [row for row in report.rows if row.line not in skip]
    report.skipped_duplicates = len(report.rows) - len(rows)
    report.published = publish
    now = timezone.now()
    workflow = None if publish else Remembrance.get_default_workflow()
    task = wagtail_rows.first_task(workflow)
    # A task with its own kind of task state (a subclass) is started one person at a time, by Wagtail.
    bulk_submit = wagtail_rows.starts_in_bulk(task)
    revision_content = wagtail_rows.RevisionContent(Remembrance)
    with transaction.atomic():
        sources = _sources_for(row.source for row in rows)
        through = Remembrance.sources.through
        batches = [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]
        for batch in _progress(batches, len(batches), progress, _("Importing")):
            people = [row.person for row in batch]
            wagtail_rows.set_draft_state(people, publish, now)
            for row in batch:  # the revision reads the links from the person in memory
                row.person.sources = [sources[row.source]]
            revisions = wagtail_rows.create_with_revisions(
                Remembrance, people, revision_content, now, user=user, publish=publish
            )
            wagtail_rows.insert_rows(
                NameKey,
                ["person_id", "key"],
                [pair for row in batch for pair in key_values(row.person.pk, row.names)],
            )
            wagtail_rows.insert_rows(
                through,
                ["remembrance_id", "source_id"],
                [(row.person.pk, sources[row.source].pk) for row in batch],
            )
            if bulk_submit:
                # Moderators find the people in their review queue; no message per person is sent
                # (a list of thousands would otherwise send thousands of e-mails).
                wagtail_rows.start_workflows(workflow, task, people, revisions, now, user=user)
            report.created += len(people)
        spellings = set().union(*(row.names.spellings for row in rows))
        NameSpelling.objects.bulk_create(
            spelling_rows(NameSpelling, spellings), batch_size=BATCH, ignore_conflicts=True
        )
        if workflow is not None:
            if not bulk_submit:
                for row in rows:
                    workflow.start(row.person, user)
            report.workflow = workflow.name
            if bulk_submit:  # Wagtail wrote no message per person: one summary, once the import holds
                transaction.on_commit(lambda: notify_import(report, task, user))
        if publish:
            # Rows written in bulk send no publish signal: the public site is told here, once.
            lifecycle.changed()
        if report.created:
            transaction.on_commit(functools.partial(tidy_tables, report.created))
    return report


def tidy_tables(created=TIDY_AFTER):
    """After a list is committed, let the database see its rows as a settled table would.

    SQLite: its planner statistics are read again (cheap at any size, and without them it looks
    people up by id through the wrong index; see ``memorial.core.planner``).

    PostgreSQL, after a long list (``TIDY_AFTER``): until the visibility map covers the new rows,
    every name search reads them from the table as well as from the key index, and the planner's
    statistics do not know them: on a memorial of a million names, searches right after an import
    took twice as long. Autovacuum gets there, but minutes later and on its own schedule. Only the
    pages the list wrote are visited. Runs outside any transaction (VACUUM cannot run inside one);
    the import holds whatever happens here.
    """
    if connection.in_atomic_block:
        return
    if planner.refresh_statistics():
        return
    if connection.vendor != "postgresql" or created < TIDY_AFTER:
        return
    try:
        with connection.cursor() as cursor:
            for model in (Remembrance, NameKey, NameSpelling, Remembrance.sources.through):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    except DatabaseError:
        logger.exception("VACUUM after the import failed; autovacuum will see to the tables")


def import_file(data, filename="", mapping=None, source="", encoding=None, dry_run=False, **options):
    """Read, check and (unless a dry run or the check failed) import a file; returns the report."""
    header, body = read_table(data, filename, encoding)
    report = check(header, body, mapping=mapping, default_source=source)
    if dry_run or not report.ok:
        return report
    return run_import(report, **options)
