"""Dates known to a day, a month, a year, or only approximately.

Records of the dead often carry only a year, or a season; the archive stores the
date it has together with how precisely it is known, and never shows more precision
than it has.
"""

from django.db import models
from django.utils import formats
from django.utils.translation import gettext
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
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    if precision == DatePrecision.YEAR:
        return formats.date_format(value, "Y")
    if precision == DatePrecision.APPROXIMATE:
        return gettext("c. %(year)s") % {"year": formats.date_format(value, "Y")}
    return formats.date_format(value, "DATE_FORMAT")
