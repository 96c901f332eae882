from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site


def site_navigation(request):
    """The navigation of the visitor's language: the home page and its in-menu sections.

    Lazy: pages that do not render the navigation (feeds, errors) pay nothing.
    """
    cache = {}

    def load():
        if "nav" not in cache:
            cache["home"], cache["nav"] = None, []
            site = Site.find_for_request(request) if request else None
            if site is not None:
                try:
                    locale = Locale.objects.get(language_code=get_language())
                except Locale.DoesNotExist:
                    locale = None
                home = site.root_page
                if locale is not None and home.locale_id != locale.pk:
                    home = Page.objects.filter(translation_key=home.translation_key, locale=locale).first() or home
                cache["home"] = home
                cache["nav"] = list(
                    home.get_descendants()
                    .live()
                    .public()
                    .in_menu()
                    .filter(depth__lte=home.depth + 2)
                    .only("id", "title", "url_path", "path", "depth", "locale_id")
                )
        return cache

    class Navigation:
        @property
        def home(self):
            return load()["home"]

        @property
        def items(self):
            return load()["nav"]

    return {"navigation": Navigation(), "SITE_NAME": settings.WAGTAIL_SITE_NAME}
