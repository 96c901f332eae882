"""The JSON API's endpoints, mounted under /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter

from . import endpoints

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", endpoints.PublicPagesAPIViewSet)
api_router.register_endpoint("people", endpoints.PeopleAPIViewSet)
api_router.register_endpoint("places", endpoints.PlacesAPIViewSet)
api_router.register_endpoint("events", endpoints.EventsAPIViewSet)
api_router.register_endpoint("images", endpoints.PublicImagesAPIViewSet)
api_router.register_endpoint("documents", endpoints.PublicDocumentsAPIViewSet)
