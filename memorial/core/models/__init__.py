from .base import BasePage, ContentNoteMixin, PlacesMixin, SampleMixin, SourcesMixin
from .dates import DatePrecision, format_partial_date
from .pages import StandardPage
from .snippets import Place, Source, Theme

__all__ = [
    "BasePage",
    "ContentNoteMixin",
    "DatePrecision",
    "Place",
    "PlacesMixin",
    "SampleMixin",
    "Source",
    "SourcesMixin",
    "StandardPage",
    "Theme",
    "format_partial_date",
]
