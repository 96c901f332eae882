"""Dates known to a day, a month, a year, or only approximately.

Records of the dead often carry only a year, or a season; the archive stores the
date it has together with how precisely it is known, and never shows more precision
than it has.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact day")
    MONTH = "month", _("month and year")
    YEAR = "year", _("year only")
    APPROXIMATE = "approximate", _("approximate year")


def format_partial_date(value, precision=DatePrecision.DAY):
    """Render a date no more precisely than it is known, in the active language."""
    if value is None:
        return ""
    return _formatted(value, precision, get_language())


@lru_cache(maxsize=4096)
def _formatted(value, precision, language):
    """One date as shown in one language: a list of fifty names often holds the same few days,
    and formatting one costs more than the rest of its line."""
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    if precision == DatePrecision.YEAR:
        return formats.date_format(value, "Y")
    if precision == DatePrecision.APPROXIMATE:
        return gettext("c. %(year)s") % {"year": formats.date_format(value, "Y")}
    return formats.date_format(value, "DATE_FORMAT")


@receiver(setting_changed)
def _formats_changed(*, setting, **kwargs):
    if setting in {"DATE_FORMAT", "YEAR_MONTH_FORMAT", "FORMAT_MODULE_PATH", "LANGUAGES", "LANGUAGE_CODE"}:
        _formatted.cache_clear()
