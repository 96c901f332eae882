"""The rules a person's record obeys, each stated once.

A record comes in three ways: edited in the admin (the model's ``clean()``), sent through the
public remembrance form, or read from an imported list. All three call these functions, so a
rule changes in one place and holds everywhere.

Each rule raises a ``ValidationError`` keyed by the field to blame. Its words are those the
admin and the form have always shown; the importer reports shorter ones against the column of
the file, so every rule takes the field and the message as arguments.

``agreement`` is what two records share beyond a name: the importer flags duplicates with it,
and the matching of records that may be one person gives it as reasons.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from memorial.core.models import DatePrecision

NAME_REQUIRED = gettext_lazy("Give the name in Arabic letters, in Latin letters, or both.")
BORN_AFTER_DEATH = gettext_lazy("The date of birth is after the date of death.")


def has_name(name_ar, name_latin):
    """Whether a person is named in either script; spaces alone are no name."""
    return bool((name_ar or "").strip() or (name_latin or "").strip())


def require_name(name_ar, name_latin, field="name_latin", message=NAME_REQUIRED):
    """A person needs a name: in Arabic letters, in Latin letters, or both."""
    if not has_name(name_ar, name_latin):
        raise ValidationError({field: ValidationError(message, code="no_name")})


def require_birth_not_after_death(birth, death, field="birth_date", message=BORN_AFTER_DEATH):
    """Nobody is born after they died: the same day is possible, and an unknown date conflicts with nothing.

    Dates are compared as they are stored: one known only to a month or a year stands for the
    first day of it (a birth in 1982 is 1 January 1982).
    """
    if birth and death and birth > death:
        raise ValidationError({field: ValidationError(message, code="born_after_death")})


def agreement(a, b):
    """What, beyond the name, two records agree on (dates or place); empty when nothing does."""
    reasons = []
    if a.death_date and b.death_date and a.death_date == b.death_date:
        reasons.append(_("same date of death"))
    elif (
        a.death_date
        and b.death_date
        and a.death_date.year == b.death_date.year
        and DatePrecision.YEAR in (a.death_date_precision, b.death_date_precision)
    ):
        reasons.append(_("same year of death"))
    if a.birth_date and b.birth_date and a.birth_date.year == b.birth_date.year:
        reasons.append(_("same year of birth"))
    if a.place_id and b.place_id and a.place_id == b.place_id:
        reasons.append(_("same place"))
    return reasons
