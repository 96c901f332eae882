"""The limits a list of names is held to, and where its refusals point (found unchecked by a mutation run).

Each limit is tried at its edge: the largest file, row count, column count and age accepted, and one
more refused with the message a person can act on (the limit named, the line pointed at).
"""

import datetime
import io

import pytest

from memorial.remembrance import importer
from memorial.remembrance.importer import ImportFileError, check, read_table
from tests.remembrance.workbooks import DAMAGE, workbook

HEADER = "name_latin,death_date,source\n"


def test_a_file_over_fifty_megabytes_is_refused_before_it_is_read(monkeypatch):
    read = []
    monkeypatch.setattr(importer, "_csv_rows", lambda *a: read.append(1) or iter(()))
    with pytest.raises(ImportFileError, match=r"larger than 50 MB"):
        read_table(b"a" * (50 * 1024 * 1024 + 1), "names.csv")
    assert read == []
    # Exactly fifty megabytes is read (and refused for what it holds, not for its size).
    with pytest.raises(ImportFileError, match="no header"):
        read_table(b" " * (50 * 1024 * 1024 - 1) + b"x", "names.csv")
    assert read == [1]


@pytest.mark.parametrize("line", [1, 2, 3, 4])
@pytest.mark.parametrize("blank_first", [False, True])
def test_a_null_byte_is_pointed_at_by_its_line(line, blank_first):
    rows = [HEADER.strip(), "Omar Hamwi,1982,List", "Ali Barazi,1982,List", "Hasan Kaylani,1982,List"]
    rows[line - 1] = rows[line - 1].replace(",", "\x00,", 1)
    if blank_first:
        rows, line = ["", *rows], line + 1
    with pytest.raises(ImportFileError, match=rf"null byte \(line {line}\)"):
        read_table("\n".join(rows).encode(), "names.csv")


def test_a_malformed_csv_row_is_pointed_at_by_its_line():
    text = HEADER + "Omar Hamwi,1982,List\n" + 'Ali "Barazi",1982,List\n' * 2 + '"Never closed,1982,List\n'
    with pytest.raises(ImportFileError, match=r"not a well-formed CSV table \(line \d+\)") as refused:
        read_table(text.encode() + b"x" * 200_000, "names.csv")
    assert "(line 5)" in str(refused.value) or "(line 6)" in str(refused.value)


def test_a_hundred_columns_are_read_and_one_more_is_refused_with_its_line():
    wide = ",".join(["name_latin", *(f"c{i}" for i in range(99))])
    assert len(read_table(f"{wide}\n{'Omar,' * 99}Omar\n".encode(), "names.csv")[0]) == 100
    with pytest.raises(ImportFileError, match=r"Line 3 has more than 100 columns"):
        read_table(f"{wide}\nOmar\n{'Omar,' * 100}Omar\n".encode(), "names.csv")


def test_two_hundred_thousand_rows_are_read_and_one_more_is_refused():
    header, body = read_table((HEADER + "Omar,1982,L\n" * 200_000).encode(), "names.csv")
    assert len(body) == 200_000
    with pytest.raises(ImportFileError, match=r"more than 200000 rows"):
        read_table((HEADER + "Omar,1982,L\n" * 200_001).encode(), "names.csv")


def test_an_unreadable_encoding_is_named():
    with pytest.raises(ImportFileError, match="could not be read as ascii"):
        read_table("محمد\n".encode(), "names.csv", encoding="ascii")
    with pytest.raises(ImportFileError, match="could not be read as no-such-encoding"):
        read_table(b"name_latin\nOmar\n", "names.csv", encoding="no-such-encoding")


def test_a_mapping_names_its_unknown_fields_and_missing_columns():
    with pytest.raises(ImportFileError, match="Unknown fields in the mapping: colour, shoe"):
        importer.parse_mapping("shoe=Size,colour=Hue,name_latin=Name")
    with pytest.raises(ImportFileError, match="The file has no column 'Full name'"):
        importer.resolve_columns(["Name", "Died"], {"name_latin": "Full name"})
    # A column name is quoted up to a hundred characters.
    with pytest.raises(ImportFileError) as refused:
        importer.resolve_columns(["Name"], {"name_latin": "N" * 99 + "xyz"})
    assert f"no column '{'N' * 99}x'." in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("age", "accepted"),
    [("0", True), ("130", True), ("131", False), ("-1", False), ("0" * 60 + "15", True), ("0" * 60 + "131", False)],
)
def test_an_age_up_to_a_hundred_and_thirty_is_accepted(age, accepted):
    header, body = read_table(f"name_latin,age,source\nOmar Hamwi,{age},List\n".encode(), "names.csv")
    report = check(header, body)
    assert report.ok is accepted
    if accepted:
        assert report.rows[0].person.age == int(age)
    else:
        assert [(e.line, e.column) for e in report.errors] == [(2, "age")]
        assert str(report.errors[0]) == f"line 2, column age: bad age '{age[:10]}'"


@pytest.mark.django_db
def test_an_approximate_year_is_read_as_the_first_of_january_marked_approximate():
    header, body = read_table(b"name_latin,birth_date,source\nOmar Hamwi,c. 1950,List\n", "names.csv")
    person = check(header, body).rows[0].person
    assert (person.birth_date.isoformat(), person.birth_date_precision) == ("1950-01-01", "approximate")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1800", (datetime.date(1800, 1, 1), "year")),
        ("1950", (datetime.date(1950, 1, 1), "year")),
        ("1961-03", (datetime.date(1961, 3, 1), "month")),
        ("1982-02-10", (datetime.date(1982, 2, 10), "day")),
        ("", (None, None)),
    ],
)
def test_a_partial_date_is_its_first_day_with_its_precision(value, expected):
    assert importer.parse_partial_date(value) == expected


@pytest.mark.parametrize("value", ["1799", "0000", "1982-13", "1982-02-30", "82", "February 1982"])
def test_a_date_before_1800_or_not_a_date_is_refused(value):
    with pytest.raises(ValueError):
        importer.parse_partial_date(value)


@pytest.mark.django_db
def test_a_bad_date_and_a_bad_age_are_quoted_as_far_as_they_are_read():
    """A date cell is read to 40 characters and an age cell to 10; the refusal quotes what was read."""
    date, age = "x" * 39 + "yz", "abcdefghijk"
    header, body = read_table(f"name_latin,death_date,age,source\nOmar Hamwi,{date},{age},List\n".encode(), "n.csv")
    messages = [str(error) for error in check(header, body).errors]
    assert any(f"bad date '{'x' * 39}y' " in message for message in messages), messages
    assert any("bad age 'abcdefghij'" in message for message in messages), messages


@pytest.mark.django_db
def test_a_name_is_kept_to_two_hundred_characters():
    name = "Omar " + "Hamwi" * 60
    header, body = read_table(f"name_latin,source\n{name},List\n".encode(), "names.csv")
    assert check(header, body).rows[0].person.name_latin == name[:200]


@pytest.mark.django_db
def test_a_row_shorter_than_the_header_reads_its_missing_cells_as_empty():
    header, body = read_table(b"name_latin,source,death_date,age,place,fate\nOmar Hamwi,List\n", "names.csv")
    report = check(header, body)
    person = report.rows[0].person
    assert report.ok
    assert (person.name_latin, person.death_date, person.age, person.place_id) == ("Omar Hamwi", None, None, None)


def test_a_column_name_is_read_to_a_hundred_characters():
    header, _body = read_table(("N" * 150 + ",source\nOmar,List\n").encode(), "names.csv")
    assert header == ["N" * 100, "source"]


def test_a_header_of_more_than_a_hundred_columns_is_refused_as_line_one():
    wide = ",".join(f"c{i}" for i in range(101))
    with pytest.raises(ImportFileError, match=r"Line 1 has more than 100 columns"):
        read_table(f"{wide}\nOmar\n".encode(), "names.csv")


@pytest.mark.parametrize("filename", ["names.xlsx", "names.csv", "", "LIST.XLSX"])
def test_a_workbook_is_read_as_one_whatever_it_is_called(filename):
    """A spreadsheet is known by its first bytes (a ZIP archive), not only by its name."""
    header, body = read_table(workbook(["name_latin", "source"], ["Omar Hamwi", "List"]), filename)
    assert header == ["name_latin", "source"] and body == [(2, ["Omar Hamwi", "List"])]


def test_a_text_table_named_xlsx_is_refused_as_a_workbook():
    with pytest.raises(ImportFileError, match="not a readable XLSX workbook"):
        read_table(b"name_latin,source\nOmar Hamwi,List\n", "names.xlsx")


@pytest.mark.django_db
def test_a_workbook_s_errors_point_at_its_rows():
    data = workbook(["name_latin", "age", "source"], [], ["Omar Hamwi", 40, "List"], ["Ali Barazi", "old", "List"])
    header, body = read_table(data, "names.xlsx")
    assert [(e.line, e.column) for e in check(header, body).errors] == [(4, "age")]


@pytest.mark.django_db
def test_control_and_direction_characters_are_taken_out_of_every_cell():
    """A cell with a bell, a right-to-left override or a private-use character is read without them."""
    text = "name_latin,name_variants,source\nOm\u202ear\x07 Ham\ue000wi,Abu\u202d Ahmad\x1b,Li\u202bst\n"
    header, body = read_table(text.encode(), "names.csv")
    row = check(header, body).rows[0]
    assert (row.person.name_latin, row.person.name_variants, row.source) == ("Omar Hamwi", "Abu Ahmad", "List")


@pytest.mark.django_db
def test_each_other_spelling_is_kept_to_two_hundred_characters():
    variant = "Abu " + "Ahmad" * 50
    header, body = read_table(f"name_latin,name_variants,source\nOmar Hamwi,{variant};Abu Omar,List\n".encode(), "n")
    assert check(header, body).rows[0].person.name_variants == f"{variant[:200]}\nAbu Omar"


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "quoted"), [("fate", 60), ("place", 80)])
def test_an_unknown_fate_or_place_is_quoted_to_its_limit(column, quoted):
    value = "f" * (quoted - 1) + "gh"
    header, body = read_table(f"name_latin,{column},source\nOmar Hamwi,{value},List\n".encode(), "names.csv")
    (error,) = check(header, body).errors
    assert f"unknown {column} '{'f' * (quoted - 1)}g'" in str(error)


@pytest.mark.django_db
def test_an_error_names_the_column_as_the_file_does():
    header, body = read_table(b"Name,Age (years),source\nOmar Hamwi,old,List\n", "names.csv")
    (error,) = check(header, body, mapping={"name_latin": "Name", "age": "Age (years)"}).errors
    assert str(error) == "line 2, column Age (years): bad age 'old'"


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_workbook_is_refused_with_a_message(damage):
    """Whatever is broken inside a spreadsheet, the person importing it is told so; nothing else escapes."""
    rows = [["name_latin", "source"], *(["Omar Hamwi", "List"] for _ in range(200))]
    data = DAMAGE[damage](workbook(*rows))
    with pytest.raises(ImportFileError, match="XLSX workbook|workbook is damaged"):
        read_table(data, "names.xlsx")


def test_blank_lines_before_the_header_are_passed_over():
    header, body = read_table(b"\n,,\n\nname_latin,source\nOmar Hamwi,List\n", "names.csv")
    assert header == ["name_latin", "source"] and body == [(5, ["Omar Hamwi", "List"])]


@pytest.mark.django_db
def test_a_life_story_is_kept_to_four_thousand_characters_and_its_semicolons():
    story = "He kept the mill by the river; his brother kept the shop. " * 80
    header, body = read_table(f"name_latin,circumstances,source\nOmar Hamwi,{story},List\n".encode(), "names.csv")
    assert check(header, body).rows[0].person.circumstances == story.strip()[:4000]


def test_a_mapping_in_json_must_be_an_object():
    assert importer.parse_mapping('{"name_latin": "Full name"}') == {"name_latin": "Full name"}
    for text in ('["name_latin", "Full name"]', "{not json"):
        with pytest.raises(ImportFileError, match="mapping"):
            importer.parse_mapping(text)


@pytest.mark.django_db
def test_the_source_given_for_the_whole_list_is_kept_to_three_hundred_characters():
    source = "Family list, " + "x" * 400
    header, body = read_table(b"name_latin\nOmar Hamwi\n", "names.csv")
    assert check(header, body, default_source=source).rows[0].source == source[:300]


def test_a_mapped_column_may_hold_an_equals_sign():
    assert importer.parse_mapping("name_latin=Name=Full,age=Age") == {"name_latin": "Name=Full", "age": "Age"}


@pytest.mark.django_db
def test_a_source_is_kept_whole_to_three_hundred_characters():
    """Only other spellings are split at semicolons; a source title is one title."""
    source = "Family list; copied in 1984; " + "x" * 300
    header, body = read_table(f"name_latin,source\nOmar Hamwi,{source}\n".encode(), "names.csv")
    assert check(header, body).rows[0].source == source[:300]


@pytest.mark.django_db
@pytest.mark.parametrize(("word", "fate"), list(importer.FATE_WORDS.items()))
def test_every_word_for_a_fate_is_understood(word, fate):
    header, body = read_table(f"name_latin,fate,source\nOmar Hamwi,{word.upper()},List\n".encode(), "names.csv")
    assert check(header, body).rows[0].person.fate == fate


def test_only_the_first_sheet_of_a_workbook_is_read():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name_latin", "source"])
    book.active.append(["Omar Hamwi", "List"])
    book.create_sheet("Notes").append(["Notes about the list"])
    out = io.BytesIO()
    book.save(out)
    assert read_table(out.getvalue(), "names.xlsx") == (["name_latin", "source"], [(2, ["Omar Hamwi", "List"])])
