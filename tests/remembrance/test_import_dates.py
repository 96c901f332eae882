"""An imported person born after their death is refused, with the line and the birth column named."""

import pytest

from memorial.remembrance import importer
from memorial.remembrance.importer import import_file, read_table
from memorial.remembrance.models import Remembrance
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = (
    "Name,Born,Died,Town,Fate,Source\n"
    "Omar Kayyali,1950-05-01,1982-02-10,Hama,killed,List\n"  # fine
    "Hasan Dabbagh,1982-02-11,1982-02-10,Hama,killed,List\n"  # born the day after he died
    "Yusuf Kilani,1990,1982-02-10,Hama,killed,List\n"  # born (by year) eight years after
    "Ali Barazi,1982-02-10,1982-02-10,Hama,killed,List\n"  # born and died the same day: possible
)
MAPPING = "name_latin=Name,birth_date=Born,death_date=Died,place=Town,fate=Fate,source=Source"


@pytest.fixture
def hama():
    return factories.PlaceFactory(name="Hama", slug="hama")


def test_born_after_death_is_refused_with_line_and_column(hama):
    """Each row whose birth date falls after its death date is an error at that line, in the birth column."""
    header, body = read_table(TEXT.encode(), "list.csv")
    report = importer.check(header, body, mapping=importer.parse_mapping(MAPPING))
    assert [(e.line, e.column) for e in report.errors] == [(3, "Born"), (4, "Born")]
    assert all("born after" in str(e) for e in report.errors)
    assert str(report.errors[0]).startswith("line 3, column Born: ")
    assert sorted(row.person.name_latin for row in report.rows) == ["Ali Barazi", "Omar Kayyali"]


def test_a_list_with_a_person_born_after_death_imports_nobody(hama):
    """One person born after death in a list: nobody from it is imported."""
    before = Remembrance.objects.count()
    mapping = importer.parse_mapping(MAPPING)
    report = import_file(TEXT.encode(), "list.csv", mapping=mapping, source="List", publish=True)
    assert not report.ok and report.created == 0
    assert [(e.line, e.column) for e in report.errors] == [(3, "Born"), (4, "Born")]
    assert Remembrance.objects.count() == before
