from django.conf import settings
from django.utils.translation import get_language

from memorial.core.navigation import navigation_for
from memorial.core.sites import site_for_request


def site_navigation(request):
    """The navigation of the visitor's language: the home page and its in-menu sections.

    Lazy: pages that do not render the navigation pay nothing.
    """
    loaded = {}

    def load():
        if not loaded:
            site = site_for_request(request)
            loaded["home"], loaded["items"] = navigation_for(site, get_language()) if site else (None, [])
        return loaded

    class Navigation:
        @property
        def home(self):
            return load()["home"]

        @property
        def items(self):
            return load()["items"]

    return {"navigation": Navigation(), "SITE_NAME": settings.WAGTAIL_SITE_NAME}
