"""The rules of a person's record, stated once, and every way a record comes in goes through them.

The rules are tested here, each with what it accepts and what it refuses. Then each surface (the
model's ``clean()`` behind the admin, the public remembrance form, the importer's row check) is
shown to call the shared rule and to show its refusal in its own words and place.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from memorial.core.models import DatePrecision
from memorial.remembrance import importer, rules
from memorial.remembrance.models import Fate, Remembrance
from memorial.submissions.forms import RemembranceSubmissionForm, new_nonce
from tests import factories

D = datetime.date
NAME_REQUIRED = "Give the name in Arabic letters, in Latin letters, or both."
BORN_AFTER_DEATH = "The date of birth is after the date of death."


def refusal(rule, *values, **wording):
    """What ``rule`` refuses, as {field: [messages]}; {} when it accepts."""
    try:
        rule(*values, **wording)
    except ValidationError as exc:
        return exc.message_dict
    return {}


# --- a person needs a name ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name_ar", "name_latin"),
    [("عمر الحموي", ""), ("", "Omar Hamwi"), ("عمر الحموي", "Omar Hamwi"), ("عمر", None), (None, " Omar ")],
)
def test_a_name_in_either_script_is_enough(name_ar, name_latin):
    assert rules.has_name(name_ar, name_latin)
    assert refusal(rules.require_name, name_ar, name_latin) == {}


@pytest.mark.parametrize(("name_ar", "name_latin"), [("", ""), (None, None), ("   ", "\t\n"), ("", " ")])
def test_no_name_or_only_spaces_is_refused_on_the_latin_name(name_ar, name_latin):
    assert not rules.has_name(name_ar, name_latin)
    assert refusal(rules.require_name, name_ar, name_latin) == {"name_latin": [NAME_REQUIRED]}


def test_the_name_rule_blames_the_field_and_speaks_the_words_it_is_given():
    assert refusal(rules.require_name, "", "", field="name_ar", message="missing name") == {"name_ar": ["missing name"]}


# --- born before died --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "death"),
    [
        (D(1950, 1, 1), D(1982, 2, 10)),
        (D(1982, 2, 10), D(1982, 2, 10)),  # born and died the same day: possible
        (D(1982, 1, 1), D(1982, 2, 10)),  # born "1982" (a year, stored as 1 January), died that February
        (D(1982, 2, 1), D(1982, 2, 10)),  # born "1982-02" (a month), died that month
        (D(1982, 1, 1), D(1982, 1, 1)),  # both known only to the year, the same year
        (None, D(1982, 2, 10)),
        (D(1950, 1, 1), None),
        (None, None),
    ],
)
def test_birth_on_or_before_death_or_unknown_is_accepted(birth, death):
    assert refusal(rules.require_birth_not_after_death, birth, death) == {}


@pytest.mark.parametrize(
    ("birth", "death"),
    [
        (D(1982, 2, 11), D(1982, 2, 10)),  # the day after
        (D(1983, 1, 1), D(1982, 12, 31)),  # born "1983", died on the last day of 1982
        (D(1990, 1, 1), D(1982, 2, 10)),  # born "1990", years after
        # Dates compare as stored: born "1982-03" (a month) is after died "1982" (a year, 1 January).
        (D(1982, 3, 1), D(1982, 1, 1)),
    ],
)
def test_birth_after_death_is_refused_on_the_birth_date(birth, death):
    assert refusal(rules.require_birth_not_after_death, birth, death) == {"birth_date": [BORN_AFTER_DEATH]}


def test_the_date_rule_blames_the_field_and_speaks_the_words_it_is_given():
    found = refusal(rules.require_birth_not_after_death, D(1983, 1, 1), D(1982, 1, 1), field="born", message="late")
    assert found == {"born": ["late"]}


# --- what two records agree on -----------------------------------------------------------


def record(**values):
    defaults = {
        "death_date": None,
        "death_date_precision": DatePrecision.DAY,
        "birth_date": None,
        "place_id": None,
    }
    return Remembrance(**{**defaults, **values})


@pytest.mark.parametrize(
    ("a", "b", "reasons"),
    [
        ({"death_date": D(1982, 2, 10)}, {"death_date": D(1982, 2, 10)}, ["same date of death"]),
        (
            {"death_date": D(1982, 1, 1), "death_date_precision": DatePrecision.YEAR},
            {"death_date": D(1982, 2, 10)},
            ["same year of death"],
        ),
        ({"death_date": D(1982, 2, 10)}, {"death_date": D(1982, 2, 11)}, []),  # two different known days
        ({"birth_date": D(1950, 1, 1)}, {"birth_date": D(1950, 6, 15)}, ["same year of birth"]),
        ({"place_id": 7}, {"place_id": 7}, ["same place"]),
        ({"place_id": 7, "birth_date": D(1950, 1, 1)}, {"place_id": 8, "birth_date": D(1951, 1, 1)}, []),
        ({}, {}, []),  # nothing known agrees with nothing
    ],
)
def test_what_two_records_agree_on(a, b, reasons):
    assert rules.agreement(record(**a), record(**b)) == reasons


# --- every surface goes through the rules ------------------------------------------------


@pytest.fixture
def followed(monkeypatch):
    """The rules called, by name, while they still decide."""
    calls = []

    def spying_on(name, rule):
        def spy(*values, **wording):
            calls.append(name)
            return rule(*values, **wording)

        return spy

    for name in ("require_name", "require_birth_not_after_death"):
        monkeypatch.setattr(rules, name, spying_on(name, getattr(rules, name)))
    return calls


def test_the_model_refuses_through_the_rules(followed):
    """The admin's check (the model's clean()) stops at the first refusal, in the admin's words."""
    with pytest.raises(ValidationError) as excinfo:
        Remembrance(name_ar="", name_latin="", birth_date=D(1983, 1, 1), death_date=D(1982, 1, 1)).clean()
    assert excinfo.value.message_dict == {"name_latin": [NAME_REQUIRED]}
    with pytest.raises(ValidationError) as excinfo:
        Remembrance(name_latin="Omar", birth_date=D(1983, 1, 1), death_date=D(1982, 1, 1)).clean()
    assert excinfo.value.message_dict == {"birth_date": [BORN_AFTER_DEATH]}
    assert followed == ["require_name", "require_name", "require_birth_not_after_death"]


def test_the_public_form_refuses_through_the_rules(followed):
    """The remembrance form shows every refusal beside its field, in the form's words."""
    form = RemembranceSubmissionForm(
        data={
            "name_ar": "",
            "name_latin": "",
            "birth_date": "1983-01-01",
            "death_date": "1982-02-10",
            "fate": Fate.KILLED,
            "publication_level": "public",
            "consent": "on",
            "nonce": new_nonce(),
        }
    )
    assert not form.is_valid()
    assert form.errors == {"name_latin": [NAME_REQUIRED], "birth_date": [BORN_AFTER_DEATH]}
    assert followed == ["require_name", "require_birth_not_after_death"]


@pytest.mark.django_db
def test_the_importer_refuses_through_the_rules(followed):
    """An imported row gets every refusal at its line and column, in the importer's words."""
    factories.PlaceFactory(name="Hama", slug="hama")
    text = "Name,Born,Died,Town,Fate,Source\n,1983,1982-02-10,Hama,killed,List\n"
    header, body = importer.read_table(text.encode(), "list.csv")
    mapping = importer.parse_mapping("name_latin=Name,birth_date=Born,death_date=Died,place=Town,fate=Fate")
    report = importer.check(header, body, mapping=mapping)
    assert [str(error) for error in report.errors] == [
        "line 2, column Name: missing name",
        "line 2, column Born: born after the date of death",
    ]
    assert followed == ["require_name", "require_birth_not_after_death"]
