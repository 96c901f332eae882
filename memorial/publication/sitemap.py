"""The sitemap: Wagtail's, with the gate's answer and in the same few queries however many page types exist."""

from wagtail.contrib.sitemaps import Sitemap

from memorial.core.sites import site_for_request

from . import gate


class PublicSitemap(Sitemap):
    def get_wagtail_site(self):
        return site_for_request(self.request) or super().get_wagtail_site()

    def items(self):
        """The public pages of the site, as specific pages read in one query.

        ``specific(defer=True)`` gives each page its own class (so its ``get_sitemap_urls`` answers)
        without a query per page type; the sitemap reads only the fields every page has.
        """
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return gate.public_pages(pages).order_by("path").specific(defer=True)
