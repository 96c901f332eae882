"""Importing lists of names: per-row errors, duplicates flagged, all or nothing, workflow or publish."""

import gc
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision, WorkflowState

from memorial.core import wagtail_rows
from memorial.core.models import Source
from memorial.remembrance import importer
from memorial.remembrance.importer import ImportFileError, import_file, read_table
from memorial.remembrance.models import NameKey, Remembrance
from memorial.remembrance.search import search_names
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "name_ar,name_latin,name_variants,birth_date,death_date,place,fate,source\n"
GOOD = (
    "محمد الحموي,Muhammad al-Hamwi,Mhd Hamwi;محمد حموي,1950,1982-02-10,Hama,killed,Family list 1984\n"
    "فاطمة طيفور,Fatima Tayfour,,1961-03,1982-02,,missing,\n"
)


@pytest.fixture
def hama():
    return factories.PlaceFactory(name="Hama", slug="hama")


def snapshot():
    return (Remembrance.objects.count(), NameKey.objects.count(), Source.objects.count(), Revision.objects.count())


def write(tmp_path, text, name="names.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_creates_people_with_keys_sources_and_drafts(tmp_path, hama):
    """Without --publish, people are created as drafts in the remembrance workflow, the source on each."""
    path = write(tmp_path, HEADER + GOOD)
    call_command("import_names", path, "--source", "Default list", verbosity=0)
    people = {p.name_latin: p for p in Remembrance.objects.all()}
    assert set(people) == {"Muhammad al-Hamwi", "Fatima Tayfour"}
    hamwi, fatima = people["Muhammad al-Hamwi"], people["Fatima Tayfour"]
    assert hamwi.record_source == "Family list 1984"
    assert fatima.record_source == "Default list"  # the --source for rows without one
    assert [s.title for s in hamwi.sources.all()] == ["Family list 1984"]
    assert hamwi.place == hama and hamwi.fate == "killed"
    assert fatima.death_date_precision == "month" and fatima.birth_date.isoformat() == "1961-03-01"
    assert not hamwi.live and not fatima.live
    assert hamwi.latest_revision is not None
    states = WorkflowState.objects.filter(base_content_type__model="remembrance", status="in_progress")
    assert {s.object_id for s in states} == {str(hamwi.pk), str(fatima.pk)}
    assert search_names("Mohammed Hamawi").people == []  # drafts are not public
    assert search_names("Mohammed Hamawi", people=Remembrance.objects.all()).people[0] == hamwi


def test_imported_people_go_through_the_review_like_any_record(tmp_path, django_user_model, hama):
    """The workflow is started in bulk, but it is Wagtail's own: approving both tasks publishes the person."""
    from memorial.moderation import workflows
    from tests.moderation.helpers import user_in

    call_command("import_names", write(tmp_path, HEADER + GOOD), "--source", "L", verbosity=0)
    person = Remembrance.objects.get(name_latin="Muhammad al-Hamwi")
    assert person.workflow_in_progress
    assert person.current_workflow_task.name == workflows.SOURCE_VERIFICATION
    task_state = person.current_workflow_task_state
    assert task_state.revision_id == person.latest_revision_id
    assert person.current_workflow_state.requested_by is None
    moderator = user_in(django_user_model, "Moderators")
    editor = user_in(django_user_model, "Editors")
    assert person.current_workflow_task.specific.user_can_access_editor(person, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")
    person = Remembrance.objects.get(pk=person.pk)
    assert person.current_workflow_task.name == workflows.EDITORIAL_APPROVAL
    person.current_workflow_task_state.task.specific.on_action(person.current_workflow_task_state, editor, "approve")
    person = Remembrance.objects.get(pk=person.pk)
    assert person.live and not person.workflow_in_progress
    assert search_names("Mhd Hamwi").people == [person]


def test_publish_makes_people_public_at_once(tmp_path, hama):
    path = write(tmp_path, HEADER + GOOD)
    call_command("import_names", path, "--publish", "--source", "List", verbosity=0)
    assert Remembrance.objects.filter(live=True).count() == 2
    assert all(p.live_revision_id for p in Remembrance.objects.all())
    assert search_names("Mohammed Hamawi").people[0].name_latin == "Muhammad al-Hamwi"
    assert search_names("فاطمه طيفور").people[0].name_latin == "Fatima Tayfour"


def test_one_broken_row_imports_nothing(tmp_path, hama):
    """A bad row anywhere in the file: an error with line and column, and the archive untouched."""
    factories.RemembranceFactory(name_latin="Already Here")
    before = snapshot()
    broken = HEADER + GOOD + "عمر,Omar Kayyali,,1940,1982-13-45,Hama,killed,List\n" + GOOD
    path = write(tmp_path, broken)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_names", path, "--publish", "--source", "List", verbosity=0)
    assert snapshot() == before
    report = import_file(broken.encode(), "names.csv", source="List", publish=True)
    assert not report.ok and report.created == 0
    assert [(e.line, e.column) for e in report.errors] == [(4, "death_date")]
    assert snapshot() == before


def test_per_row_errors_name_line_and_column(hama):
    text = (
        "Name,Died,Town,Fate,Source\n"
        "Omar Kayyali,1982-02-30,Hama,killed,List\n"  # impossible date
        ",1982,Hama,killed,List\n"  # no name
        "Hasan Dabbagh,1982,Atlantis,killed,List\n"  # unknown place
        "Yusuf Kilani,1982,Hama,abducted by aliens,List\n"  # unknown fate
        "Ali Barazi,1982,Hama,killed,\n"  # no source
    )
    mapping = importer.parse_mapping("name_latin=Name,death_date=Died,place=Town,fate=Fate,source=Source")
    header, body = read_table(text.encode(), "list.csv")
    report = importer.check(header, body, mapping=mapping)
    found = [(e.line, e.column) for e in report.errors]
    assert found == [(2, "Died"), (3, "Name"), (4, "Town"), (5, "Fate"), (6, "Source")]
    assert all(str(e).startswith(f"line {e.line}, column ") for e in report.errors)
    assert len(report.rows) == 0 and report.rows_read == 5


def test_multiline_cells_keep_the_file_line_numbers(hama):
    text = HEADER + '"محمد","Muhammad\nal-Hamwi",,,1982,Hama,killed,List\n,,,,1982,Hama,killed,List\n'
    header, body = read_table(text.encode())
    report = importer.check(header, body)
    assert [e.line for e in report.errors] == [4]


def test_dry_run_reports_and_writes_nothing(tmp_path, hama):
    before = snapshot()
    out = io.StringIO()
    call_command("import_names", write(tmp_path, HEADER + GOOD), "--dry-run", "--source", "L", stdout=out)
    assert "2 people would be created" in out.getvalue()
    assert snapshot() == before


def test_duplicates_are_flagged_not_merged(tmp_path, hama):
    """Same normalised name with the same date or place: flagged, within the file and against the archive."""
    existing = factories.RemembranceFactory(
        name_latin="Mohammed Hamawi", name_ar="", place=hama, death_date=factories.datetime.date(1982, 2, 10)
    )
    text = HEADER + GOOD + "مُحَمَّد الحَمَوي,,,,1982-02-10,Hama,killed,Other list\n"
    header, body = read_table(text.encode())
    report = importer.check(header, body, default_source="List")
    assert report.ok
    by_line = {}
    for duplicate in report.duplicates:
        by_line.setdefault(duplicate.line, []).append(duplicate)
    assert {d.person_id for d in by_line[2]} == {existing.pk}
    (against_archive,) = [d for d in by_line[4] if d.person_id]
    assert against_archive.person_name == "Mohammed Hamawi"
    assert "'Mohammed Hamawi'" in against_archive.reason
    assert "same date of death" in against_archive.reason and "same place" in against_archive.reason
    assert {d.other_line for d in by_line[4]} >= {2}
    assert 3 not in by_line  # Fatima is nobody's duplicate
    importer.run_import(report, publish=True)
    assert Remembrance.objects.count() == 4  # flagged for a human, never merged


def test_a_namesake_known_only_in_arabic_is_named_in_arabic(hama):
    existing = factories.RemembranceFactory(name_latin="", name_ar="محمد الحموي", place=hama)
    header, body = read_table((HEADER + GOOD).encode())
    report = importer.check(header, body, default_source="List")
    (duplicate,) = [d for d in report.duplicates if d.person_id]
    assert (duplicate.person_id, duplicate.person_name) == (existing.pk, "محمد الحموي")


def test_a_namesake_found_under_each_of_their_names_is_flagged_once(hama):
    """A person known by more than one name (here also by a kunya, Abu Ahmad) is found under each:
    one flag per row for each such person in the memorial, and one for the line before it in the file."""
    existing = factories.RemembranceFactory(
        name_latin="Muhammad al-Hamwi", name_ar="محمد الحموي", name_variants="Abu Ahmad al-Hamwi", place=hama
    )
    line = "محمد الحموي,Muhammad al-Hamwi,Abu Ahmad al-Hamwi,1950,1982-02-10,Hama,killed,List\n"
    header, body = read_table((HEADER + line + line).encode())
    report = importer.check(header, body, default_source="List")
    flags = Counter((d.line, d.person_id, d.other_line) for d in report.duplicates)
    assert flags == Counter([(2, existing.pk, None), (3, None, 2), (3, existing.pk, None)])


def test_duplicates_can_be_left_out(hama):
    factories.RemembranceFactory(name_latin="Mohammed Hamawi", name_ar="", place=hama)
    header, body = read_table((HEADER + GOOD).encode())
    report = importer.check(header, body, default_source="List")
    importer.run_import(report, publish=True, skip_duplicates=True)
    assert report.skipped_duplicates == 1 and report.created == 1
    assert Remembrance.objects.filter(name_latin="Fatima Tayfour").exists()


def test_each_row_is_flagged_once_against_the_file_however_many_namesakes_came_before(hama):
    """Three rows for the same person: the second and the third each get one flag for an earlier line."""
    line = "محمد الحموي,Muhammad al-Hamwi,,1950,1982-02-10,Hama,killed,List\n"
    header, body = read_table((HEADER + line * 3).encode())
    report = importer.check(header, body, default_source="List")
    assert Counter(d.line for d in report.duplicates) == Counter([3, 4])
    assert {(d.line, d.other_line) for d in report.duplicates} <= {(3, 2), (4, 2), (4, 3)}


def test_the_number_of_duplicates_left_out_is_reported(hama):
    """Three rows, one flagged and left out: one skipped, two created."""
    line = "محمد الحموي,Muhammad al-Hamwi,,1950,1982-02-10,Hama,killed,List\n"
    other = "فاطمة طيفور,Fatima Tayfour,,1961-03,1982-02,,missing,\n"
    header, body = read_table((HEADER + line + line + other).encode())
    report = importer.check(header, body, default_source="List")
    importer.run_import(report, skip_duplicates=True)
    assert (report.skipped_duplicates, report.created) == (1, 2)


def test_a_namesake_in_the_memorial_is_found_however_long_the_list(hama):
    """The memorial is asked about the list's names 500 keys at a time: a name past the first 500 is found."""
    from memorial.demo.synthetic import csv_bytes, rows

    existing = factories.RemembranceFactory(
        name_latin="Zuhair Zaytouni", name_ar="", death_date=None, birth_date=None, place=hama
    )
    _people, data = rows(600, seed=7)
    data = [{**row, "place": "Hama"} for row in data]
    data.append({**dict.fromkeys(data[0], ""), "name_latin": "Zuhair Zaytouni", "place": "Hama"})
    header, body = read_table(csv_bytes(data))
    report = importer.check(header, body, default_source="List")
    keys = sorted({key for row in report.rows for key in row.names.full_keys})
    mine = report.rows[-1].names.full_keys
    assert report.ok and min(keys.index(key) for key in mine) >= 500  # the test's own premise
    assert [d.line for d in report.duplicates if d.person_id == existing.pk] == [len(data) + 1]


@pytest.mark.parametrize("before", [499, 500])
def test_a_namesake_at_the_edge_of_a_batch_is_found(hama, before):
    """Five hundred keys are asked about at a time: the 500th (the last of the first batch) and the 501st too."""
    existing = factories.RemembranceFactory(name_latin="Zuhair Zaytouni", name_ar="", place=hama)
    words = [f"{a}a{b}i{c}" for a in "bdfk" for b in "lmnr" for c in "stvw"]  # Balis, Damiv, ...: 64 words
    others = [f"{first} {last}" for first in words for last in words if first != last][:before]
    text = "name_latin,place,source\n" + "".join(f"{name},Hama,List\n" for name in [*others, "Zuhair Zaytouni"])
    header, body = read_table(text.encode())
    report = importer.check(header, body)
    keys = sorted({key for row in report.rows for key in row.names.full_keys})
    assert len(keys) == before + 1 and keys[-1] in report.rows[-1].names.full_keys  # the test's own premise
    assert [d.person_id for d in report.duplicates if d.person_id] == [existing.pk]


@pytest.mark.parametrize("others", [[], ["Zuhair Zaytouni"]])
def test_a_namesake_under_the_first_key_of_the_list_is_found(hama, others):
    """The list's keys are asked about from the first, whether the list has one key or more."""
    existing = factories.RemembranceFactory(name_latin="Bassam Barazi", name_ar="", place=hama)
    text = "name_latin,place,source\n" + "".join(f"{name},Hama,List\n" for name in ["Bassam Barazi", *others])
    report = importer.check(*read_table(text.encode()))
    keys = sorted({key for row in report.rows for key in row.names.full_keys})
    assert len(keys) == 1 + len(others) and report.rows[0].names.full_keys == {keys[0]}  # the test's own premise
    assert [d.person_id for d in report.duplicates] == [existing.pk]


def test_a_list_longer_than_a_batch_is_written_whole(hama, monkeypatch):
    """People are written a batch at a time (here two): every one of five is written, with keys and source."""
    monkeypatch.setattr(importer, "BATCH", 2)
    names = ["Bassam Barazi", "Ghassan Kaylani", "Hasan Tayfour", "Walid Azm", "Yasin Hamdoun"]
    text = "name_latin,place,source\n" + "".join(f"{name},Hama,List\n" for name in names)
    report = importer.run_import(importer.check(*read_table(text.encode())), publish=True)
    people = Remembrance.objects.filter(name_latin__in=names)
    assert report.created == 5 and people.count() == 5
    assert NameKey.objects.filter(person__in=people).values("person").distinct().count() == 5
    assert all(person.sources.get().title == "List" for person in people)


def test_an_imported_person_s_revision_holds_their_source(hama):
    """The revision is made from the person in memory: their source must be on it, as on the live row."""
    header, body = read_table((HEADER + GOOD).encode())
    importer.run_import(importer.check(header, body, default_source="List"))
    person = Remembrance.objects.get(name_latin="Fatima Tayfour")
    assert [source.title for source in person.latest_revision.as_object().sources.all()] == ["List"]
    assert [source.title for source in person.sources.all()] == ["List"]


def test_a_second_list_with_the_same_spellings_is_imported(hama):
    """The spelling vocabulary already holds a list's names the second time: nothing is refused for it."""
    for _ in range(2):
        header, body = read_table((HEADER + GOOD).encode())
        importer.run_import(importer.check(header, body, default_source="List"))
    assert Remembrance.objects.filter(name_latin="Fatima Tayfour").count() == 2


def test_the_tables_are_tidied_once_the_list_is_committed(hama, django_capture_on_commit_callbacks, monkeypatch):
    tidied = []
    monkeypatch.setattr(importer, "tidy_tables", lambda created: tidied.append(created))
    header, body = read_table((HEADER + GOOD).encode())
    with django_capture_on_commit_callbacks(execute=True):
        importer.run_import(importer.check(header, body, default_source="List"))
    assert tidied == [2]


@pytest.mark.parametrize("per_query", [2, 5000])
def test_every_namesake_in_the_memorial_is_read_however_many(hama, monkeypatch, per_query):
    """The namesakes are read a few thousand at a time (here also two at a time): none is left out."""
    monkeypatch.setattr(importer, "NAMESAKES_PER_QUERY", per_query)
    names = ["Bassam Barazi", "Ghassan Kaylani", "Hasan Tayfour", "Walid Azm", "Yasin Hamdoun"]
    existing = [factories.RemembranceFactory(name_latin=name, name_ar="", place=hama) for name in names]
    text = "name_latin,place,source\n" + "".join(f"{name},Hama,List\n" for name in names)
    report = importer.check(*read_table(text.encode()))
    assert sorted(d.person_id for d in report.duplicates) == [person.pk for person in existing]


def test_a_workflow_whose_first_task_keeps_its_own_state_is_started_for_each_person(hama, monkeypatch):
    """A first task with its own kind of task state cannot be entered in bulk: Wagtail starts it, person by person."""
    from wagtail.models import Workflow, WorkflowTask

    from memorial.moderation.models import SafetyConsentReviewTask, SafetyReviewState

    workflow = Workflow.objects.create(name="Sample review of a list")
    task = SafetyConsentReviewTask.objects.create(name="Sample safety review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    monkeypatch.setattr(Remembrance, "get_default_workflow", classmethod(lambda cls: workflow))
    header, body = read_table((HEADER + GOOD).encode())
    report = importer.run_import(importer.check(header, body, default_source="List"))
    people = Remembrance.objects.filter(pk__in=[row.person.pk for row in report.rows])
    assert report.created == 2 and people.count() == 2 and report.workflow == workflow.name
    for person in people:
        assert person.workflow_in_progress and not person.live
        assert isinstance(person.current_workflow_task_state.specific, SafetyReviewState)


@pytest.mark.parametrize("publish", [True, False])
def test_a_published_list_reaches_the_public_at_once_and_a_draft_list_does_not_touch_it(hama, publish):
    """Rows written in bulk send no signal: a published list moves the publication generation itself.

    (A new source would move it too, as anything pages show does: the lists' sources exist already.)"""
    from wagtail.models import Locale

    from memorial.core.generation import generation

    for title in ("Family list 1984", "List"):
        Source.objects.create(locale=Locale.get_default(), title=title, kind=Source.Kind.DOCUMENT)
    before = generation()
    header, body = read_table((HEADER + GOOD).encode())
    importer.run_import(importer.check(header, body, default_source="List"), publish=publish)
    assert (generation() != before) is publish


def test_an_import_from_the_admin_or_a_service_prints_nothing(hama, capsys):
    """Progress bars are for the command line only (``progress=True``): a service's import is silent."""
    header, body = read_table((HEADER + GOOD).encode())
    importer.run_import(importer.check(header, body, default_source="List"))
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_same_name_with_nothing_else_in_common_is_not_a_duplicate(hama):
    factories.RemembranceFactory(
        name_latin="Muhammad al-Hamwi", name_ar="", place=None, death_date=None, birth_date=None
    )
    header, body = read_table((HEADER + GOOD).encode())
    report = importer.check(header, body, default_source="List")
    assert report.ok
    assert [d for d in report.duplicates if d.person_id] == []


def test_failure_while_writing_leaves_nothing(monkeypatch, hama):
    """A crash in the middle of writing (after the first batch) rolls the whole import back."""
    rows = "".join(f"محمد {i},Person {i},,1950,1982,Hama,killed,List\n" for i in range(30))
    before = snapshot()
    monkeypatch.setattr(importer, "BATCH", 10)
    calls = {"n": 0}
    real = wagtail_rows.insert_rows

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real(*args)

    monkeypatch.setattr(wagtail_rows, "insert_rows", failing)
    with pytest.raises(RuntimeError):
        import_file((HEADER + rows).encode(), "names.csv", publish=True)
    assert snapshot() == before


def test_xlsx_import(tmp_path, hama):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name_ar", "name_latin", "death_date", "place", "fate", "source", "name_variants"])
    sheet.append(["يوسف الكيلاني", "Youssef Kilani", factories.datetime.date(1982, 2, 12), "Hama", "missing", "X"])
    sheet.append(["", "Ali Barazi", 1982, "Hama", "killed", "X", '=HYPERLINK("http://example.com")'])
    path = tmp_path / "names.xlsx"
    workbook.save(path)
    call_command("import_names", str(path), "--publish", verbosity=0)
    kilani = Remembrance.objects.get(name_latin="Youssef Kilani")
    assert kilani.death_date.isoformat() == "1982-02-12" and kilani.fate == "missing"
    barazi = Remembrance.objects.get(name_latin="Ali Barazi")
    assert barazi.death_date_precision == "year"
    assert barazi.name_variants == ""  # a formula is never imported as text to run


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"\x00\x01\x02binary", b"PK\x03\x04not really a zip", "\xff\xfe\x00".encode("latin-1") * 3],
)
def test_files_that_are_not_tables_are_refused_cleanly(data):
    with pytest.raises(ImportFileError):
        import_file(data, "names.csv")
    assert Remembrance.objects.count() == 0


def test_file_without_a_name_column_is_refused():
    with pytest.raises(ImportFileError, match="no name column"):
        import_file(b"first,last\nA,B\n", "names.csv")


def test_non_utf8_file_is_explained(tmp_path):
    path = tmp_path / "names.csv"
    path.write_bytes((HEADER + "محمد,,,,1982,,killed,List\n").encode("cp1256"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_names", str(path), verbosity=0)
    call_command("import_names", str(path), "--encoding", "cp1256", "--publish", verbosity=0)
    assert Remembrance.objects.get().name_ar == "محمد"


def test_reviewers_get_one_summary_per_imported_list(
    django_user_model, hama, mailoutbox, django_capture_on_commit_callbacks
):
    """Not one e-mail per person: one message to each reviewer of the first task, after the import holds."""
    from memorial.moderation import roles
    from tests.moderation.helpers import user_in

    first = user_in(django_user_model, roles.MODERATORS, username="first-reviewer")
    user_in(django_user_model, roles.EDITORS, username="second-reviewer")
    importing = user_in(django_user_model, roles.MODERATORS, username="importing-moderator")
    rows = "".join(f"محمد {i},Person{i} Hamwi,,1950,1982-02-10,Hama,killed,Committee list\n" for i in range(30))
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file((HEADER + rows).encode(), "names.csv", user=importing)
    assert report.created == 30
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert first.email in recipients and importing.email not in recipients
    assert len(mailoutbox) == len(recipients)  # each reviewer their own message
    message = mailoutbox[0]
    assert "30 people" in message.subject
    assert "Committee list" in message.body and "/admin/" in message.body


def test_no_summary_for_a_dry_run_a_published_list_or_a_failed_import(
    django_user_model, hama, mailoutbox, django_capture_on_commit_callbacks
):
    from memorial.moderation import roles
    from tests.moderation.helpers import user_in

    user_in(django_user_model, roles.MODERATORS)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file((HEADER + GOOD).encode(), "names.csv", source="A list", dry_run=True).ok
        assert import_file((HEADER + GOOD).encode(), "names.csv", source="A list", publish=True).created == 2
        broken = HEADER + GOOD + ",Omar Kayyali,,1950,1982-13-45,,killed,\n"
        assert not import_file(broken.encode(), "names.csv", source="A list").ok
    assert mailoutbox == []


def test_a_mail_server_failure_does_not_undo_the_import(
    django_user_model, hama, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from memorial.moderation import roles
    from memorial.remembrance import notifications
    from tests.moderation.helpers import user_in

    user_in(django_user_model, roles.MODERATORS)
    sent = []

    def refuse(messages):
        sent.append(messages)
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(notifications, "send_mass_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file((HEADER + GOOD).encode(), "names.csv", source="A family list")
    assert report.created == 2 and sent
    assert Remembrance.objects.count() == 2
    assert "Could not send the import summary" in caplog.text


def test_the_import_holds_the_cycle_collector_back_and_lets_it_go(monkeypatch, hama):
    """Reading, checking and writing a list run without the cycle collector (``core.collector``),
    which runs again once the import is over."""
    states = []
    real_fill, real_insert = importer.fill_derived, wagtail_rows.insert_rows
    monkeypatch.setattr(importer, "fill_derived", lambda person: states.append(gc.isenabled()) or real_fill(person))
    monkeypatch.setattr(wagtail_rows, "insert_rows", lambda *a: states.append(gc.isenabled()) or real_insert(*a))
    real_table = importer._csv_rows
    monkeypatch.setattr(importer, "_csv_rows", lambda *a: states.append(gc.isenabled()) or real_table(*a))
    was = gc.isenabled()
    gc.enable()
    try:
        report = import_file((HEADER + GOOD).encode(), source="List", publish=True)
        assert report.created == 2
        assert states and not any(states)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
