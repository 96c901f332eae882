"""The read-only JSON API (Wagtail's API v2), every queryset narrowed by the publication gate.

Wagtail's endpoints list every live page, every image and every document by default; here each
one starts from what the gate lets through, so a restricted, withdrawn or embargoed page, a
person's unpublished record, and an image or document no public record shows never appear, not
even in a count. Fields come from the database rows, which hold the live version (a draft edit
lives in a revision), and only those listed in the models' ``api_fields``.

Parameters are checked before any query: anything unknown, too long, with control characters,
an integer beyond the database's range, or a value its field cannot take answers 400 with a
message saying what is wrong.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from rest_framework.exceptions import Throttled
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import get_page_models

from memorial.core import ratelimit
from memorial.core.models import Place
from memorial.core.params import BIDI_CONTROLS
from memorial.history.models import Event, PlaceIndexPage, TimelinePage
from memorial.publication import gate
from memorial.remembrance.models import Remembrance

MAX_PARAMETER_LENGTH = 200
MAX_INTEGER = 2**31 - 1  # the smallest integer column the filters reach (SQLite and PostgreSQL alike)
SLUG = re.compile(r"^[-\w]{1,80}$")
INTEGER = re.compile(r"^[-+]?\d+$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean_parameters(request):
    """Refuse hostile parameters before they reach a query (400 with a message)."""
    for name, values in request.GET.lists():
        if len(values) > 1:
            raise BadRequestError(f"parameter given more than once: {name[:40]}")
        value = values[0]
        if len(name) > 40 or len(value) > MAX_PARAMETER_LENGTH:
            raise BadRequestError(f"parameter too long (at most {MAX_PARAMETER_LENGTH} characters)")
        if CONTROL.search(name + value) or BIDI_CONTROLS & set(name + value):
            raise BadRequestError(f"control characters are not allowed in {name!r}")
        if INTEGER.match(value) and abs(int(value)) > MAX_INTEGER:
            raise BadRequestError(f"{name} is too large (at most {MAX_INTEGER})")


def _date_parameter(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequestError(f"{name} must be a date written YYYY-MM-DD") from exc


def _place_parameter(request):
    value = request.GET.get("place")
    if value is None:
        return None
    if not SLUG.match(value):
        raise BadRequestError("place must be a place's slug (letters, digits, hyphens)")
    return value


def _check_field_values(request, model, fields):
    """Values of field filters must be of their field's kind (a date for a date, a number for a number)."""
    for name in fields:
        if name not in request.GET or name == "locale":  # a language code, checked on its own
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        if isinstance(field, (models.ManyToManyField, models.ManyToOneRel)) or field.many_to_many:
            continue
        try:
            field.to_python(request.GET[name])
        except ValidationError as exc:
            raise BadRequestError(f"{name}: {' '.join(str(m) for m in exc.messages)}") from exc


class GatedAPIMixin:
    """Rate limited, JSON only, parameters checked first, and each endpoint's own filters."""

    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        limit = getattr(settings, "MEMORIAL_API_RATE_LIMIT", 300)
        window = getattr(settings, "MEMORIAL_API_RATE_WINDOW", 300)
        if not ratelimit.hit(request, "api", limit, window):
            raise Throttled(wait=window, detail="Too many requests: wait a few minutes, then ask again.")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # public and read-only: other sites' pages may read it
        return response

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, Throttled):
            response.data = {"message": str(exc.detail)}
        if response.status_code == 404:
            # A JSON 404, not LocaleMiddleware's redirect to /en/… (see flat_urls); set after routing.
            self.request._request.urlconf = "memorial.api.flat_urls"
        return response

    def check_query_parameters(self, queryset):
        _clean_parameters(self.request)
        super().check_query_parameters(queryset)
        if any(backend.__name__ == "FieldsFilter" for backend in self.filter_backends):
            fields = self.get_available_fields(queryset.model, db_fields_only=True)
            _check_field_values(self.request, queryset.model, fields)
            return
        # Without field filters a field's name filters nothing: refuse it rather than ignore it.
        unknown = set(self.request.GET) - set(self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: " + ", ".join(sorted(unknown))
            )

    def get_queryset(self):
        _clean_parameters(self.request)
        return self.filter_extra(super().get_queryset())

    def find_object(self, queryset, request):
        value = request.GET.get("id")
        if value is not None and not re.fullmatch(r"[0-9]{1,10}", value):
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

    def filter_extra(self, queryset):
        return queryset


class PublicPagesAPIViewSet(GatedAPIMixin, PagesAPIViewSet):
    """Pages anyone may see; ``type`` for the family, ``locale`` for the language, ``place``, dates."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["place", "date_from", "date_to"])
    meta_fields = [field for field in PagesAPIViewSet.meta_fields if field not in {"alias_of", "show_in_menus"}]

    def get_base_queryset(self):
        # The gate's answer as a subquery on ids: search backends cannot read its Exists() clauses.
        base = super().get_base_queryset()
        return base.filter(pk__in=gate.public_pages(base).values("pk"))

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        related = [f.name for f in queryset.model._meta.get_fields() if f.name in {"places", "events"}]
        return queryset.prefetch_related(*related) if related else queryset

    def check_query_parameters(self, queryset):
        locale = self.request.GET.get("locale")
        if locale is not None and locale not in dict(settings.LANGUAGES):
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            raise BadRequestError(f"locale must be one of: {codes}")
        super().check_query_parameters(queryset)

    def filter_extra(self, queryset):
        place = _place_parameter(self.request)
        if place is not None:
            with_place = Q(pk__in=[])
            for model in get_page_models():
                if not model._meta.abstract and any(f.name == "places" for f in model._meta.get_fields()):
                    with_place |= Q(pk__in=model.objects.filter(places__slug=place).values("pk"))
            queryset = queryset.filter(with_place)
        start, end = _date_parameter(self.request, "date_from"), _date_parameter(self.request, "date_to")
        if start is not None:
            queryset = queryset.filter(first_published_at__date__gte=start)
        if end is not None:
            queryset = queryset.filter(first_published_at__date__lte=end)
        return queryset


class PublicImagesAPIViewSet(GatedAPIMixin, ImagesAPIViewSet):
    """Images a public record shows now; their titles and tags are the editors' and stay in the admin."""

    body_fields = [*BaseAPIViewSet.body_fields, "width", "height"]
    meta_fields = [*BaseAPIViewSet.meta_fields, "download_url"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "width", "height", "download_url"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "download_url"]

    def get_queryset(self):
        return gate.public_images(super().get_queryset())


class PublicDocumentsAPIViewSet(GatedAPIMixin, DocumentsAPIViewSet):
    """Documents a public record shows now, with the title their links show."""

    meta_fields = [*BaseAPIViewSet.meta_fields, "download_url"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "download_url"]

    def get_queryset(self):
        return gate.public_documents(super().get_queryset())


class PeopleAPIViewSet(GatedAPIMixin, BaseAPIViewSet):
    """People remembered whose record is public; ``place`` and dates of death."""

    name = "people"
    model = Remembrance
    filter_backends = [OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["place", "date_from", "date_to"])
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name_ar", "name_latin", "death_date"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "name_ar", "name_latin"]

    def get_queryset(self):
        _clean_parameters(self.request)
        return self.filter_extra(
            Remembrance.objects.public().select_related("place", "photo").order_by("sort_name", "pk")
        )

    def filter_extra(self, queryset):
        place = _place_parameter(self.request)
        if place is not None:
            queryset = queryset.filter(place__slug=place)
        start, end = _date_parameter(self.request, "date_from"), _date_parameter(self.request, "date_to")
        if start is not None:
            queryset = queryset.filter(death_date__gte=start)
        if end is not None:
            queryset = queryset.filter(death_date__lte=end)
        return queryset


def _languages_with_public(page_model):
    """Locales whose section page for these records (the places index, the timeline) is public."""
    return gate.public_pages(page_model.objects.all()).values("locale_id")


class PlacesAPIViewSet(GatedAPIMixin, BaseAPIViewSet):
    """Places, as the public places index of their language lists them; ``locale``."""

    name = "places"
    model = Place
    filter_backends = [OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "kind"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "name", "slug"]

    def get_queryset(self):
        _clean_parameters(self.request)
        queryset = Place.objects.filter(locale_id__in=_languages_with_public(PlaceIndexPage)).order_by("name", "pk")
        return _filter_locale(self.request, queryset)


class EventsAPIViewSet(GatedAPIMixin, BaseAPIViewSet):
    """Timeline events, as the public timeline of their language lists them; ``locale``, ``place``, dates."""

    name = "events"
    model = Event
    filter_backends = [OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale", "place", "date_from", "date_to"])
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "date", "end_date"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title", "date"]

    def get_queryset(self):
        _clean_parameters(self.request)
        queryset = Event.objects.filter(locale_id__in=_languages_with_public(TimelinePage)).prefetch_related("places")
        queryset = _filter_locale(self.request, queryset.order_by("date", "sort_order", "pk"))
        place = _place_parameter(self.request)
        if place is not None:
            queryset = queryset.filter(places__slug=place).distinct()
        start, end = _date_parameter(self.request, "date_from"), _date_parameter(self.request, "date_to")
        if start is not None:
            queryset = queryset.filter(date__gte=start)
        if end is not None:
            queryset = queryset.filter(date__lte=end)
        return queryset


def _filter_locale(request, queryset):
    locale = request.GET.get("locale")
    if locale is None:
        return queryset
    if locale not in dict(settings.LANGUAGES):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        raise BadRequestError(f"locale must be one of: {codes}")
    return queryset.filter(locale__language_code=locale)
