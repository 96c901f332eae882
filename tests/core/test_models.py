"""Partial dates and citations, as readers see them."""

import datetime

import pytest
from django.utils import translation

from memorial.core.models import DatePrecision, Source, format_partial_date
from tests import factories

DAY = datetime.date(1982, 2, 2)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.DAY, "Feb. 2, 1982"),
        (DatePrecision.MONTH, "February 1982"),
        (DatePrecision.YEAR, "1982"),
        (DatePrecision.APPROXIMATE, "c. 1982"),
    ],
)
def test_format_partial_date_never_shows_more_than_is_known(precision, expected):
    with translation.override("en"):
        assert format_partial_date(DAY, precision) == expected


def test_format_partial_date_defaults_to_the_day():
    with translation.override("en"):
        assert format_partial_date(DAY) == format_partial_date(DAY, DatePrecision.DAY)


def test_format_partial_date_of_nothing_is_empty():
    assert format_partial_date(None, DatePrecision.YEAR) == ""


@pytest.mark.parametrize("precision", [DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.APPROXIMATE])
def test_coarse_dates_do_not_show_the_day(precision):
    for language in ("en", "ar"):
        with translation.override(language):
            text = format_partial_date(datetime.date(1982, 2, 17), precision)
        assert "17" not in text and "١٧" not in text


def test_format_partial_date_in_arabic_uses_arabic_month_names():
    with translation.override("ar"):
        assert "فبراير" in format_partial_date(DAY, DatePrecision.MONTH) or "شباط" in format_partial_date(
            DAY, DatePrecision.MONTH
        )


@pytest.mark.django_db
def test_full_citation_is_built_from_the_fields():
    source = factories.SourceFactory(
        author="Amnesty International", title="Syria: Report", publisher="AI", year=1983, published=""
    )
    assert source.full_citation == "Amnesty International. “Syria: Report”. AI. 1983."


@pytest.mark.django_db
def test_full_citation_prefers_the_date_published_over_the_year():
    source = factories.SourceFactory(author="", publisher="", title="Dispatch", year=1982, published="2 February 1982")
    assert source.full_citation == "“Dispatch”. 2 February 1982."


def test_full_citation_given_by_the_editor_wins():
    source = Source(title="T", author="A", citation="A, T, p. 1 (as the editor wrote it)")
    assert source.full_citation == "A, T, p. 1 (as the editor wrote it)"


def test_full_citation_of_a_bare_title():
    assert Source(title="Untitled leaflet").full_citation == "“Untitled leaflet”."


def test_short_citation():
    assert Source(title="Report", author="HRW", year=1990).short_citation == "HRW, Report (1990)"
    assert Source(title="Report", publisher="Agency").short_citation == "Agency, Report"
    assert str(Source(title="Report")) == "Report"


@pytest.mark.django_db
def test_event_display_date_respects_precision_and_ranges():
    event = factories.EventFactory(
        date=datetime.date(1982, 2, 1), end_date=datetime.date(1982, 2, 28), date_precision=DatePrecision.MONTH
    )
    with translation.override("en"):
        # A range inside one month, known only to the month, is that month (not "February 1982 – February 1982").
        assert event.display_date == "February 1982"
        event.date_precision = DatePrecision.DAY
        assert event.display_date == "Feb. 1, 1982 – Feb. 28, 1982"
    assert event.anchor == f"event-{event.pk}"


def test_a_date_shown_in_one_language_is_not_shown_so_in_the_other():
    """Formatted dates are remembered per language: the same day, asked in English, then Arabic, then
    English again, is written in each language's own way each time."""
    with translation.override("en"):
        english = format_partial_date(DAY, DatePrecision.MONTH)
    with translation.override("ar"):
        arabic = format_partial_date(DAY, DatePrecision.MONTH)
    with translation.override("en"):
        again = format_partial_date(DAY, DatePrecision.MONTH)
    assert english == again == "February 1982"
    assert arabic != english and "1982" in arabic
