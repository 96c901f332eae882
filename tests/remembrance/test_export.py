"""The CSV of public names: nothing unpublished, no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.core.management import call_command

from memorial.remembrance.export import csv_lines, neutralise
from tests import factories

pytestmark = pytest.mark.django_db


def exported():
    out = io.StringIO()
    call_command("export_names", reason="checking the export", stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Muhammad", "Muhammad"),
        ("محمد", "محمد"),
        (None, ""),
        (42, "42"),
    ],
)
def test_formula_cells_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_export_has_public_people_only_and_neutralises_formulas():
    live = factories.RemembranceFactory(
        name_latin="=cmd|' /C calc'!A0", name_ar="محمد الحموي", name_variants="@evil\nMhd Hamwi", record_source="+List"
    )
    factories.RemembranceFactory(name_latin="Draftmarker Hidden", name_ar="مسودة", live=False)
    merged = factories.RemembranceFactory(name_latin="Mergedmarker Hidden")
    merged.merged_into = live
    merged.live = False
    merged.save()
    rows = exported()
    assert rows[0][:3] == ["id", "name_ar", "name_latin"]
    body = rows[1:]
    assert [row[0] for row in body] == [str(live.pk)]
    row = dict(zip(rows[0], body[0], strict=True))
    assert row["name_latin"] == "'=cmd|' /C calc'!A0"
    assert row["name_variants"] == "'@evil; Mhd Hamwi"
    assert row["source"] == "'+List"
    assert row["death_date"] == "1982-02-10" and row["birth_date"] == "1950"
    text = "\n".join(",".join(r) for r in rows)
    assert "Draftmarker" not in text and "Mergedmarker" not in text


def test_streamed_csv_starts_with_a_bom_and_matches_the_command():
    factories.RemembranceFactory(name_latin="Fatima Tayfour", name_ar="فاطمة طيفور")
    data = b"".join(csv_lines()).decode("utf-8")
    assert data.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(data[1:]))) == exported()
