"""The person record's own rules: names, dates, slugs and what is public."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from memorial.core.models import DatePrecision
from memorial.remembrance.models import Remembrance
from tests import factories


def person(**values):
    return Remembrance(**{"name_latin": "Omar Hamwi", "name_ar": "عمر الحموي", **values})


def test_a_person_needs_a_name_in_either_script():
    with pytest.raises(ValidationError) as excinfo:
        person(name_latin="  ", name_ar="").clean()
    assert "name_latin" in excinfo.value.message_dict
    person(name_latin="", name_ar="عمر").clean()
    person(name_latin="Omar", name_ar="").clean()


def test_birth_must_not_be_after_death():
    with pytest.raises(ValidationError) as excinfo:
        person(birth_date=datetime.date(1983, 1, 1), death_date=datetime.date(1982, 2, 2)).clean()
    assert "birth_date" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("birth", "death"),
    [
        (datetime.date(1950, 1, 1), datetime.date(1982, 2, 2)),
        (datetime.date(1982, 2, 2), datetime.date(1982, 2, 2)),
        (None, datetime.date(1982, 2, 2)),
        (datetime.date(1950, 1, 1), None),
    ],
)
def test_birth_on_or_before_death_or_unknown_is_accepted(birth, death):
    person(birth_date=birth, death_date=death).clean()


@pytest.mark.django_db
def test_slug_and_sort_name_follow_the_latin_name_then_the_arabic():
    latin = factories.RemembranceFactory(name_latin="Khaled Al-Hamwi", name_ar="خالد")
    assert (latin.slug, latin.sort_name) == ("khaled-al-hamwi", "khaled al-hamwi")
    arabic = factories.RemembranceFactory(name_latin="", name_ar="خالد الحموي")
    assert arabic.slug == "خالد-الحموي"
    unnamed = factories.RemembranceFactory(name_latin="", name_ar="")
    assert unnamed.slug == "person"


def test_display_name_follows_the_language_and_falls_back():
    both = person()
    assert both.display_name("ar") == "عمر الحموي"
    assert both.display_name("en") == "Omar Hamwi"
    assert both.other_script_name("en") == "عمر الحموي"
    assert person(name_ar="").display_name("ar") == "Omar Hamwi"
    assert person(name_ar="").other_script_name("ar") == ""
    with translation.override("ar"):
        assert both.display_name() == "عمر الحموي"


def test_variants_are_one_per_line():
    assert person(name_variants="Omar al-Hamawi\n\n  Umar Hamwi \n").variants == ["Omar al-Hamawi", "Umar Hamwi"]


def test_age_is_given_or_computed_only_from_exact_days():
    assert person(age=30).display_age == 30
    exact = person(
        birth_date=datetime.date(1950, 3, 1),
        birth_date_precision=DatePrecision.DAY,
        death_date=datetime.date(1982, 2, 10),
        death_date_precision=DatePrecision.DAY,
    )
    assert exact.display_age == 31
    exact.birth_date_precision = DatePrecision.YEAR
    assert exact.display_age is None


def test_displayed_dates_respect_precision():
    record = person(birth_date=datetime.date(1950, 6, 15), birth_date_precision=DatePrecision.YEAR)
    assert record.display_birth_date == "1950"
    assert record.display_death_date == ""


def test_str_falls_back_to_the_arabic_name_then_a_placeholder():
    assert str(person()) == "Omar Hamwi"
    assert str(person(name_latin="")) == "عمر الحموي"
    assert str(person(name_latin="", name_ar="")) == "Unnamed person"


@pytest.mark.django_db
def test_only_live_records_are_public():
    live = factories.RemembranceFactory()
    draft = factories.RemembranceFactory(live=False)
    assert list(Remembrance.objects.public()) == [live]
    assert live.is_public and not draft.is_public


@pytest.mark.django_db
def test_url_under_the_names_index(site_tree):
    record = factories.RemembranceFactory(name_latin="Omar Hamwi")
    assert record.get_url_under(site_tree.names_index) == f"/en/names/{record.pk}/omar-hamwi/"


def test_the_fate_is_shown_in_the_visitors_language():
    """Each fate reads as its label in each language (as Django's own display gives it); a value no
    choice names is shown as stored."""
    person = Remembrance(name_latin="Sample Fate Person")
    field = Remembrance._meta.get_field("fate")
    for language in ("en", "ar"):
        with translation.override(language):
            for value, label in field.flatchoices:
                person.fate = value
                assert str(person.get_fate_display()) == str(label)
    with translation.override("ar"):
        person.fate = "killed"
        assert str(person.get_fate_display()) != "killed"
    person.fate = "not-a-fate"
    assert person.get_fate_display() == "not-a-fate"


@pytest.mark.django_db
def test_rows_read_from_the_database_skip_the_clusters_relation_scan(monkeypatch):
    """A person read from the database is built without ClusterableModel's search for child relations
    among keyword arguments (there are none); built with its sources as an argument, it still gets them."""
    source = factories.SourceFactory()
    person = factories.RemembranceFactory(name_latin="Sample Cluster Person")

    def refuse(model):
        raise AssertionError("child relations looked for")

    monkeypatch.setattr("modelcluster.models.get_all_child_relations", refuse)
    read = Remembrance.objects.for_display().get(pk=person.pk)
    assert read.name_latin == "Sample Cluster Person" and read.pk == person.pk
    assert not read._state.adding
    monkeypatch.undo()
    built = Remembrance(name_latin="Sample Cluster Person", sources=[source])
    assert list(built.sources.all()) == [source]
