"""Dates and numbers on Arabic pages: Arabic month names, the Gregorian calendar, digits 0-9 throughout."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from memorial.core.models.dates import DatePrecision, format_partial_date

LATIN = re.compile(r"[A-Za-z]")
EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
START = datetime.date(1982, 2, 2)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.DAY, "2 فبراير، 1982"),
        (DatePrecision.MONTH, "فبراير 1982"),
        (DatePrecision.YEAR, "1982"),
        (DatePrecision.APPROXIMATE, "نحو عام 1982"),
    ],
)
def test_arabic_dates_use_arabic_month_names_of_the_gregorian_calendar(precision, expected):
    """2 February 1982 is "2 فبراير، 1982": the Gregorian date, its month named in Arabic, digits 0-9."""
    with translation.override("ar"):
        shown = format_partial_date(START, precision)
    assert shown == expected
    assert not LATIN.search(shown) and not EASTERN_DIGITS.search(shown)


def test_english_dates_keep_english_month_names():
    with translation.override("en"):
        assert "Feb" in format_partial_date(START, DatePrecision.DAY)


def test_template_dates_and_figures_follow_the_language():
    """The templates' date and number filters give Arabic month names and the same digits as the text."""
    template = Template('{{ d|date:"DATE_FORMAT" }}|{{ n|floatformat:"0g" }}|{{ x|floatformat:"1" }}')
    context = Context({"d": START, "n": 40000, "x": 2.5})
    with translation.override("ar"):
        date, figure, decimal = template.render(context).split("|")
    with translation.override("en"):
        date_en, figure_en, _decimal = template.render(context).split("|")
    assert date == "2 فبراير، 1982" and "Feb" in date_en
    # No thousands separator in Arabic: "40.000" would read as forty to many readers.
    assert figure == "40000" and figure_en == "40,000"
    assert decimal == "2,5"
    assert not EASTERN_DIGITS.search(date + figure + decimal)
